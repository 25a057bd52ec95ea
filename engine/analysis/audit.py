"""The audit: past events of a timeline that the pack advises against.

`followup run` always lists them, each with the rule or prohibition it goes against and its
quote. Five checks, on the events dated on or before `as_of` (docs/packs.md, "Audit"):

* a banned channel: a follow-up or thank-you sent by a channel in a prohibition's `channels`
  (a phone call under clue-wagon's never-phone), unless it was an attempt of a rule the
  prohibition excepts, made while that rule was pending (clue-wagon's final call, after two
  emails);
* a banned recipient: a follow-up or thank-you sent `with` a contact whose role is in a
  prohibition's `recipients` (HR under never-hr), with the same exception; a scoped
  prohibition (pack_format 2) only within its scope (engine/analysis/scopes.py), and one of
  neither channels nor recipients bans every follow-up and thank-you there;
* a chase beyond the limit: an attempt of a chase rule (follow_up, check_in, final_call) made
  when the attempts since its anchor had already reached `max_attempts`, unless another rule of
  the pack was pending for it (then it was that rule's attempt);
* a chase too soon: an attempt made before the window of that attempt opened (the first one
  before `after`'s low bound from its base, a later one before `repeat`'s from the previous
  attempt that counted: in format 2 an early attempt does not count, engine/core/state.py),
  with the same exception;
* a limit (pack_format 2): more events than its `at_most` within its `per`, or one before the
  date the employer stated (engine/analysis/limits.py).

Each event is judged on the application as it stood just before it: the anchor, the stage, the
`requires` and `unless` conditions and the attempts so far count only the earlier events. It
reads the evaluation's ledger (engine/core/state.py, the same checks evaluate makes at the end),
so each event costs a few bisections, not a replay. A finding holds facts only; its sentence is
written by engine/present/audit_text.py.
"""

from __future__ import annotations

from typing import Final, Literal

from ..core.ledger import Ledger
from ..core.recipients import Audience, audiences, counts
from ..core.state import (
    applies,
    attempts,
    checks,
    elapsed,
    first_stop,
    fulfilments,
    in_time,
    next_window,
    opening,
    settled,
)
from ..core.trace import AppTrace
from ..dates.calendar import BusinessCalendar
from ..model import Pack, Prohibition, Rule
from ..outcomes import AuditFinding
from ..vocabulary import CHASE_KINDS, OUTREACH_EVENTS, AuditKind, Channel, EventType, Settled
from .limits import limit_findings
from .scopes import in_scope

__all__ = ["AuditFinding", "audit_application"]

# The candidate's own outreach: what a prohibition on channels or recipients is about.
OUTREACH: Final[tuple[EventType, ...]] = OUTREACH_EVENTS


def audit_application(pack: Pack, trace: AppTrace, cal: BusinessCalendar) -> list[AuditFinding]:
    """Every finding of one application, by date and order in the file."""
    ledger = trace.ledger
    found: list[tuple[int, int, AuditFinding]] = []  # (event position, check order, finding)

    def add(pos: int, order: int, finding: AuditFinding) -> None:
        found.append((pos, order, finding))

    rules = {rule.id: rule for rule in pack.rules}
    for pos, ev in enumerate(ledger.events):
        if ev.type not in OUTREACH:
            continue
        for k, ban in enumerate(pack.prohibitions):
            if not _broken(ban, ev.channel, ledger.roles[pos]):
                continue
            since = in_scope(ban.scope, ledger, pos, cal) if ban.scope is not None else ()
            if since is None:
                continue  # outside the prohibition's scope
            excepted = [rules[r] for r in ban.except_rules if r in rules]
            if any(_sanctioned(ledger, rule, pos, cal) for rule in excepted):
                continue
            finding = _finding(ledger, pos, "banned", ban.id, ban.cite)
            never = Prohibition(ban.id, ban.channels, ban.recipients, scope=ban.scope)
            finding = finding._replace(
                banned=never,
                excepted=tuple(r.id for r in excepted),
                scope_events=tuple(ledger.events[i] for i in since),
            )
            add(pos, k, finding)
    base = len(pack.prohibitions)
    for k, rule in enumerate(pack.rules):
        if rule.action.kind in CHASE_KINDS:
            others = [r for r in pack.rules if r is not rule]
            for pos, finding in _chases(ledger, rule, cal):
                # An event that another rule of the pack was waiting for is that rule's attempt
                # (3x3's next-day voicemail, logged as a follow-up, is the thank-you call, not
                # an early weekly call).
                if not any(_sanctioned(ledger, other, pos, cal) for other in others):
                    add(pos, base + k, finding)
    base += len(pack.rules)
    for k, limit in enumerate(pack.limits):
        for pos, finding in limit_findings(limit, ledger, cal):
            add(pos, base + k, finding)
    return [f for _, _, f in sorted(found, key=lambda item: (item[0], item[1]))]


def _finding(ledger: Ledger, pos: int, kind: AuditKind, source: str, cite: str) -> AuditFinding:
    ev = ledger.events[pos]
    contact = ledger.app.contact(ev.contact) if ev.contact else None
    return AuditFinding(ledger.app.id, ev.date, ev.type, kind, source, cite, ev, contact)


def _broken(ban: Prohibition, channel: Channel | Literal[""], roles: frozenset[str]) -> bool:
    """Whether an event by `channel` with contacts of `roles` breaks the prohibition: any
    of its contacts in a banned role does; a (scoped) prohibition of neither channels nor
    recipients bans every follow-up and thank-you."""
    if not ban.channels and not ban.recipients:
        return True
    return (bool(channel) and channel in ban.channels) or any(r in ban.recipients for r in roles)


def _current(ledger: Ledger, rule: Rule, pos: int) -> int | None:
    """The anchor whose attempt an event at `pos` would be: the latest one the rule applied to
    just before it. Without every_anchor only the latest anchor can apply (a later one
    supersedes it); with it, the latest of those that apply."""
    hits = ledger.hits(rule.anchor)
    end = ledger.count(rule.anchor, 0, pos)  # anchors before pos: hits[:end]
    for i in range(end - 1, -1, -1):
        if applies(checks(ledger, rule, hits[i], pos)):
            return hits[i]
        if not rule.every_anchor:
            return None
    return None


def _audience(ledger: Ledger, rule: Rule, anchor: int, pos: int) -> Audience | None:
    """The instance of the rule at `anchor` that the event at `pos` is an attempt of: the
    first it counts for (engine/core/recipients.py), or None when it went to someone else."""
    return next((a for a in audiences(ledger, rule, anchor) if counts(a, ledger.events[pos])), None)


def _status(
    ledger: Ledger, rule: Rule, anchor: int, pos: int, who: Audience, cal: BusinessCalendar
) -> tuple[Settled | None, int]:
    """What settled the rule at `anchor` just before `pos` (None: pending), and its attempts;
    "elapsed" when a chase with `repeat.for` had run out by the event's day."""
    made = attempts(ledger, rule, anchor, pos, who, cal)
    how, _ = settled(
        rule,
        ledger.events[anchor].type,
        ledger.first_terminal(pos),
        first_stop(ledger, rule, anchor, pos),
        len(made),
    )
    if how is None and rule.timing.repeat_for is not None:
        nxt = next_window(ledger, rule, anchor, pos, made[-1] if made else None, cal)
        if elapsed(nxt, ledger.events[pos].date):
            how = "elapsed"
    return how, len(made)


def _sanctioned(ledger: Ledger, rule: Rule, pos: int, cal: BusinessCalendar) -> bool:
    """Whether the event at `pos` was an attempt of `rule` made while it was pending."""
    if ledger.count(rule.action.fulfilled_by, pos, pos + 1) == 0:
        return False
    anchor = _current(ledger, rule, pos)
    who = _audience(ledger, rule, anchor, pos) if anchor is not None else None
    return (
        anchor is not None
        and who is not None
        and _status(ledger, rule, anchor, pos, who, cal)[0] is None
    )


def _chases(ledger: Ledger, rule: Rule, cal: BusinessCalendar) -> list[tuple[int, AuditFinding]]:
    """The attempts of a chase rule beyond its limit or before their window opened."""
    out: list[tuple[int, AuditFinding]] = []
    cap = rule.timing.max_attempts
    fulfil = rule.action.fulfilled_by
    for pos in ledger.hits(fulfil):
        anchor = _current(ledger, rule, pos)
        who = _audience(ledger, rule, anchor, pos) if anchor is not None else None
        if anchor is None or who is None:
            continue  # no instance pending, or it went to someone else: not its attempt
        if pos not in fulfilments(ledger, rule, anchor, pos + 1, cal):
            continue  # it did a step's same-day fallback: not another attempt (state.py)
        how, tries = _status(ledger, rule, anchor, pos, who, cal)
        if how in ("terminal", "stop", "elapsed"):
            continue  # settled, or past its time: not a chase under this rule any more
        if how == "limit":
            finding = _finding(ledger, pos, "beyond_limit", rule.id, rule.cite)
            out.append(
                (
                    pos,
                    finding._replace(
                        attempt=tries + 1, anchor=ledger.events[anchor], max_attempts=cap
                    ),
                )
            )
            continue
        made = attempts(ledger, rule, anchor, pos, who, cal)
        last = made[-1] if made else None
        nxt = next_window(ledger, rule, anchor, pos, last, cal)
        sent, start = ledger.events[pos].date, nxt.window.start
        opens = opening(nxt, ledger.events[pos])
        if in_time(nxt, ledger.events[pos]):
            continue
        basis_event = ledger.events[anchor]
        if nxt.basis == "last":
            base = ledger.last(rule.timing.base_pattern or rule.anchor, anchor + 1, pos)
            basis_event = ledger.events[base or anchor]
        elif nxt.stated is not None:
            basis_event = ledger.events[nxt.stated]  # the anchor, or a reply's new date
        nominal = nxt.window.nominal
        moved = nominal is not None and nominal <= sent < start  # early only as the day moved
        finding = _finding(ledger, pos, "too_soon", rule.id, rule.cite)._replace(
            attempt=tries + 1,
            anchor=ledger.events[anchor],
            max_attempts=cap,
            window_start=start,
            offset=nxt.offset,
            basis=nxt.basis,
            basis_date=nxt.base,
            basis_event=basis_event,
            nominal=nominal if moved else None,
            closed_day=(cal.holiday(nominal) or "a weekend") if moved and nominal else "",
            opens_at=opens if sent >= start else None,
        )
        out.append((pos, finding))
    return out


