"""The audit: past events of a timeline that the pack advises against.

`followup run` always lists them, each with the rule or prohibition it goes against and its
quote. Four checks, on the events dated on or before `as_of` (docs/packs.md, "Audit"):

* a banned channel: a follow-up or thank-you sent by a channel in a prohibition's `channels`
  (a phone call under clue-wagon's never-phone), unless it was an attempt of a rule the
  prohibition excepts, made while that rule was pending (clue-wagon's final call, after two
  emails);
* a banned recipient: a follow-up or thank-you sent `with` a contact whose role is in a
  prohibition's `recipients` (HR under never-hr), with the same exception;
* a chase beyond the limit: an attempt of a chase rule (follow_up, check_in, final_call) made
  when the attempts since its anchor had already reached `max_attempts`;
* a chase too soon: an attempt made before the window of that attempt opened (the first one
  before `after`'s low bound from its base, a later one before `repeat`'s from the previous).

Each event is judged on the application as it stood just before it: the anchor, the stage, the
`requires` and `unless` conditions and the attempts so far count only the earlier events.
"""

from __future__ import annotations

import datetime as dt
import textwrap

from ..core.facts import matches
from ..dates.calendar import BusinessCalendar
from ..model import Application, AuditFinding, Pack, Prohibition, Rule, Timeline
from ..present.describe import prohibition_sentence
from ..vocabulary import CHASE_KINDS
from .replay import Replay, nominal_start

__all__ = ["AuditFinding", "audit", "audit_lines"]

# The candidate's own outreach: what a prohibition on channels or recipients is about.
OUTREACH = ("follow_up_sent", "thank_you_sent")


def audit(
    pack: Pack, timeline: Timeline, as_of: dt.date, calendar: BusinessCalendar
) -> list[AuditFinding]:
    """Every finding, by application (in timeline order), then date and order in the file."""
    out: list[AuditFinding] = []
    for app in timeline.applications:
        out += _application(pack, app, as_of, calendar)
    return out


def _application(
    pack: Pack, app: Application, as_of: dt.date, cal: BusinessCalendar
) -> list[AuditFinding]:
    rp = Replay(app, as_of)
    found: list[tuple[int, int, AuditFinding]] = []  # (event position, check order, finding)

    def add(pos: int, order: int, what: str, source: str, cite: str) -> None:
        ev = rp.events[pos]
        found.append((pos, order, AuditFinding(app.id, ev.date, ev.type, what, source, cite)))

    rules = {rule.id: rule for rule in pack.rules}
    for pos, ev in enumerate(rp.events):
        if ev.type not in OUTREACH:
            continue
        for k, ban in enumerate(pack.prohibitions):
            broken = _broken(ban, ev.channel, rp.roles[pos])
            if not broken:
                continue
            excepted = [rules[r] for r in ban.except_rules if r in rules]
            if any(_sanctioned(rp, rule, pos) for rule in excepted):
                continue
            what = f"{rp.phrase(pos)}; the pack says {_never(ban)}"
            if excepted:
                names = " or ".join(r.id for r in excepted)
                what += (
                    f", except for an attempt of {names} while it is pending, which this was not"
                )
            add(pos, k, what, ban.id, ban.cite)
    base = len(pack.prohibitions)
    for k, rule in enumerate(pack.rules):
        if rule.action.kind in CHASE_KINDS:
            for pos, what in _chases(rp, rule, cal):
                add(pos, base + k, what, rule.id, rule.cite)
    return [f for _, _, f in sorted(found, key=lambda item: (item[0], item[1]))]


def _broken(ban: Prohibition, channel: str, role: str) -> bool:
    return (bool(channel) and channel in ban.channels) or (bool(role) and role in ban.recipients)


def _never(ban: Prohibition) -> str:
    """describe's sentence for a prohibition, without its except clause: "never use phone"."""
    text = prohibition_sentence(Prohibition(ban.id, ban.channels, ban.recipients))
    return text[0].lower() + text[1:].rstrip(".")


def _current(rp: Replay, rule: Rule, pos: int) -> int | None:
    """The anchor whose attempt an event at `pos` would be: the latest one the rule applied to
    just before it (with every_anchor, the latest of those that applied)."""
    applying = rp.applying(rule, pos)
    return applying[-1] if applying else None


def _sanctioned(rp: Replay, rule: Rule, pos: int) -> bool:
    """Whether the event at `pos` was an attempt of `rule` made while it was pending."""
    if not matches(rule.action.fulfilled_by, rp.events[pos], rp.roles[pos]):
        return False
    anchor = _current(rp, rule, pos)
    return anchor is not None and rp.instance(rule, anchor, pos).status == "pending"


def _chases(rp: Replay, rule: Rule, cal: BusinessCalendar) -> list[tuple[int, str]]:
    """The attempts of a chase rule beyond its limit or before their window opened."""
    out: list[tuple[int, str]] = []
    cap = rule.timing.max_attempts
    for pos in rp.hits(rule.action.fulfilled_by, 0, len(rp.events)):
        anchor = _current(rp, rule, pos)
        if anchor is None:
            continue
        inst = rp.instance(rule, anchor, pos)
        if inst.status in ("suppressed", "stopped"):
            continue  # settled: not a chase under this rule any more
        number = len(inst.attempts) + 1
        after = rp.label(anchor)
        if inst.status == "capped":
            out.append(
                (
                    pos,
                    f"{rp.phrase(pos)}, attempt {number} after {after}, beyond "
                    f"{rule.id}'s limit of {cap}",
                )
            )
            continue
        nxt = rp.next_window(rule, anchor, inst.attempts, pos, cal)
        sent, start = rp.events[pos].date, nxt.window.start
        if sent < start:
            days = (start - sent).days
            why = nxt.why
            nominal = nominal_start(nxt.base, nxt.offset)
            if nominal is not None and nominal <= sent:  # early only because the day moved
                name = cal.holiday(nominal) or "a weekend"
                why += f"; {nominal} is {name}, so the window opens on the next business day"
            out.append(
                (
                    pos,
                    f"{rp.phrase(pos)}, attempt {number} of {rule.id}, sent {days} "
                    f"day{'s' if days != 1 else ''} before its window opened on {start} ({why})",
                )
            )
    return out


def audit_lines(report_audit: tuple[AuditFinding, ...], app_id: str) -> list[str]:
    """The table report's Audit section of one application (none without findings)."""
    mine = [f for f in report_audit if f.application == app_id]
    if not mine:
        return []
    wrap = textwrap.TextWrapper(
        width=100, initial_indent=" " * 20, subsequent_indent=" " * 20, break_on_hyphens=False
    )
    lines = ["  Audit: past events this pack advises against"]
    for f in mine:
        body = wrap.wrap(f"{f.what} [{f.rule_or_prohibition}]")
        body[0] = f"    {f.date:%a %Y-%m-%d}  " + body[0].lstrip()
        lines += body
        if f.cite:
            lines += wrap.wrap(f'source: "{f.cite}"')
    return lines
