"""Evaluate a pack against a timeline: durable_rules decides what fires, dates are counted here.

Per application: the ledger (engine/core/ledger.py) orders the events and counts; the facts go
through the compiled rulesets; each match names a rule and its anchor, or a stop or terminal
event; each fired anchor becomes a Recommendation with its window. Every anchor of every rule
also gets a verdict, its conditions checked against the ledger: they must agree with what
durable_rules decided, or the evaluation raises an EngineError (a bug in the compiler, in the
core or in the checks; never a misleading answer).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from dataclasses import replace

from ..dates.calendar import BusinessCalendar
from ..errors import EngineError
from ..model import Application, Event, Pack, Rule, Timeline
from ..outcomes import ChaseEnd, EventRef, Recipient, Recommendation
from ..vocabulary import PENDING_STATUSES, RecipientRole, Status
from . import adapter
from .compiler import CLOSED_RULE, RULE_NAME, STOP_RULE, CompiledPack, compile_pack
from .facts import application_facts
from .ledger import Ledger
from .recipients import Audience, audiences, counts
from .results import ApplicationReport, Report
from .state import (
    Check,
    Next,
    applies,
    checks,
    elapsed,
    first_stop,
    fulfilments,
    next_window,
    settled,
)
from .state import attempts as attempts_of
from .trace import AppTrace, Verdict

_sids = itertools.count()
# Facts keep these whatever the rules read: _Fired.add places each match by its facts' pos.
MATCH_FIELDS = frozenset({"pos"})
_compiled: dict[str, CompiledPack] = {}


def compiled(pack: Pack) -> CompiledPack:
    """The pack's rulesets, compiled and registered with the core once per process."""
    core = adapter.core()  # first: a core that cannot import fails here, compiled or not
    key = f"{pack.ref}#{pack.digest}"
    if key not in _compiled:
        result = compile_pack(pack)
        for name, ruleset in result.rulesets:
            core.register(name, ruleset)
        _compiled[key] = result
    return _compiled[key]


def evaluate(pack: Pack, timeline: Timeline, as_of: dt.date, *, verify: bool = True) -> Report:
    """What to do next in every application, as of `as_of` (events after it are ignored).

    The report's audit is empty: engine/analysis/evaluation.py adds it from the traces.
    `verify=False` skips the check of durable_rules' decisions against the ledger: only the
    mutation test, which must see the oracle catch a broken ruleset on its own, has a reason to.
    """
    cp = compiled(pack)
    cal = BusinessCalendar(timeline.country, timeline.subdivision)
    reports = tuple(_application(cp, app, as_of, cal, verify) for app in timeline.applications)
    return Report(
        pack=pack,
        as_of=as_of,
        timeline_path=timeline.path,
        timezone=timeline.timezone,
        country=timeline.country,
        subdivision=timeline.subdivision,
        applications=reports,
        timeline=timeline,
    )


class _Fired:
    """durable_rules' matches for one application: anchors by pack rule, stop events by
    stop pattern, and the first terminal event."""

    def __init__(self, cp: CompiledPack) -> None:
        self.anchors: set[tuple[int, int]] = set()
        self.stop_hits: list[set[int]] = [set() for _ in cp.stops]
        self.closed: int | None = None
        self.cp = cp
        self._sorted: list[list[int]] | None = None  # stop_hits, once all matches are in

    def add(self, match: adapter.Match) -> None:
        if match.rule.startswith(CLOSED_RULE):
            pos = match.facts["t"]["pos"]
            self.closed = pos if self.closed is None else min(self.closed, pos)
            return
        stop = STOP_RULE.match(match.rule)
        if stop is not None:
            self.stop_hits[int(stop.group(1))].add(match.facts["s"]["pos"])
            return
        found = RULE_NAME.match(match.rule)
        if found is not None:  # else the sentinel
            self.anchors.add((int(found.group(1)), match.facts["a"]["pos"]))

    def first_stop(self, index: int, pos: int) -> int | None:
        """The first stop event of pack rule `index` after position `pos`."""
        if self._sorted is None:
            self._sorted = [sorted(hits) for hits in self.stop_hits]
        after = []
        for j in self.cp.stops_of[index]:
            hits = self._sorted[j]
            i = bisect.bisect_right(hits, pos)
            if i < len(hits):
                after.append(hits[i])
        return min(after, default=None)


def _application(
    cp: CompiledPack, app: Application, as_of: dt.date, cal: BusinessCalendar, verify: bool
) -> ApplicationReport:
    ledger = Ledger(app, as_of)
    fired = _Fired(cp)
    matches: list[adapter.Match] = []
    facts: list[dict[str, object]] = []
    for (name, _), fields in zip(cp.rulesets, cp.fields, strict=True):
        sid = f"s{next(_sids)}"
        facts = application_facts(ledger, cp.counters, sid, fields | MATCH_FIELDS)
        matches += adapter.core().run_session(name, sid, facts)
    for m in matches:
        fired.add(m)
    if verify and fired.closed != ledger.first_terminal(len(ledger)):
        raise EngineError(f"{app.id}: durable_rules and the ledger disagree on the terminal event")
    if any(pos >= len(ledger) for hits in fired.stop_hits for pos in hits):
        raise EngineError(f"{app.id}: durable_rules fired a stop rule on the now fact")
    for j, stop in enumerate(cp.stops):
        if verify and fired.stop_hits[j] != set(ledger.hits(stop)):
            raise EngineError(f"{app.id}: durable_rules and the ledger disagree on stop events")
    verdicts: list[Verdict] = []
    for index, rule in enumerate(cp.pack.rules):
        # Every event durable_rules fired the rule on, and every event its anchor pattern
        # counts: the two agree (or verify raises), and durable's firing is what recommends.
        fired_here = {pos for i, pos in fired.anchors if i == index}
        if fired_here and max(fired_here) >= len(ledger):
            raise EngineError(f"{app.id}: durable_rules fired rule {rule.id} on the now fact")
        hits = ledger.hits(rule.anchor)
        if verify and not fired_here.issubset(hits):
            raise EngineError(
                f"{app.id}: durable_rules fired rule {rule.id} on an event its anchor misses"
            )
        for pos in sorted(fired_here.union(hits)):
            found = checks(ledger, rule, pos, len(ledger))
            did = pos in fired_here
            if verify:
                _agree(ledger, rule, pos, did, found, fired.first_stop(index, pos))
            made = tuple(
                _recommend(rule, app, ledger, pos, fired, index, as_of, cal, who)
                for who in (audiences(ledger, rule, pos) if did else ())
            )
            verdicts.append(Verdict(index, pos, did, found, made))
    recs = [rec for v in verdicts for rec in v.recommendations]
    order = {r.id: i for i, r in enumerate(cp.pack.rules)}
    recs.sort(key=lambda r: (r.due or r.anchor_date, order[r.rule], r.anchor_date))
    trace = AppTrace(ledger, tuple(facts), tuple(matches), tuple(verdicts))
    stage = ledger.stages[len(ledger)]
    return ApplicationReport(app.id, app.company, app.role, stage, tuple(recs), trace=trace)


def _agree(
    ledger: Ledger, rule: Rule, pos: int, fired: bool, found: tuple[Check, ...], stop: int | None
) -> None:
    """durable_rules' decision for one anchor against the checks of the same conditions."""
    at = f"{ledger.app.id}: rule {rule.id} at the {ledger.events[pos].type} on "
    at += str(ledger.events[pos].date)
    if fired != applies(found):
        failed = [c.kind for c in found if not c.ok]
        raise EngineError(
            f"{at}: durable_rules {'fired' if fired else 'did not fire'}, the checks say "
            f"{'it does not apply (' + ', '.join(failed) + ')' if failed else 'it applies'}"
        )
    if fired and stop != first_stop(ledger, rule, pos, len(ledger)):
        raise EngineError(f"{at}: durable_rules and the ledger disagree on the first stop")


def _step_recipients(
    rule: Rule, roles: tuple[RecipientRole, ...], who: Audience, ledger: Ledger, pos: int
) -> tuple[Recipient, ...]:
    """Whom this attempt goes to: the instance's recipients, or, for a step that names its
    own, those resolved as the rule's would be (engine/core/recipients.py)."""
    if roles == rule.action.recipients:
        return who.recipients
    action = rule.action._replace(recipients=roles, first_of=False, each=False)
    return audiences(ledger, replace(rule, action=action), pos)[0].recipients


def _ref(event: Event) -> EventRef:
    return EventRef(event.type, event.date, event.seq)


def _recommend(
    rule: Rule,
    app: Application,
    ledger: Ledger,
    pos: int,
    fired: _Fired,
    index: int,
    as_of: dt.date,
    cal: BusinessCalendar,
    who: Audience,
) -> Recommendation:
    end = len(ledger)
    anchor = ledger.events[pos]
    made = attempts_of(ledger, rule, pos, end, who, cal)
    counted = set(made)
    # What fulfilled the action but did not count: sent to someone else, or (format 2) early.
    fulfilled = fulfilments(ledger, rule, pos, end, cal)
    elsewhere = [i for i in fulfilled if not counts(who, ledger.events[i])]
    early = [i for i in fulfilled if i not in counted and counts(who, ledger.events[i])]
    attempts = len(made)
    last = made[-1] if made else None
    how, by = settled(rule, anchor.type, fired.closed, fired.first_stop(index, pos), attempts)
    cap = rule.timing.max_attempts
    attempt = attempts if how == "limit" else attempts + 1
    if cap is not None:  # a chase stopped after its last attempt is not "attempt 3 of 2"
        attempt = min(attempt, cap)
    # The window of `attempt` itself, counted from the attempt before it: for a chase done at
    # its limit that is the last attempt's, not the window of one after it.
    before = made[attempt - 2] if attempt >= 2 else None
    nxt = next_window(ledger, rule, pos, end, before, cal)
    win = nxt.window
    if how is None and elapsed(nxt, as_of):
        how = "elapsed"  # the advice's time for the chase has run out: move on
    status: Status
    if how == "terminal":
        status = "suppressed"
    elif how is not None:
        status = "done"
    elif as_of < win.start:
        status = "upcoming"
    elif win.end is None or as_of <= win.end:  # an open window is never overdue
        status = "due"
    elif rule.timing.expires:  # its moment has passed: asking now is not the advice
        status = "expired"
    else:
        status = "overdue"
    pending = status in PENDING_STATUSES
    shown = pending or status == "expired"  # an expired one keeps the window it had
    step = rule.action.step(attempt)  # the rule's own channels and guidance without steps
    return Recommendation(
        application=app.id,
        rule=rule.id,
        kind=rule.action.kind,
        channels=step.channels,
        recipients=_step_recipients(rule, step.recipients, who, ledger, pos),
        status=status,
        anchor_type=anchor.type,
        anchor_date=anchor.date,
        anchor_seq=anchor.seq,
        attempt=attempt,
        max_attempts=cap,
        window_start=win.start if shown else None,
        window_end=win.end if shown else None,
        due=win.due if pending else None,
        optional=rule.action.optional,
        cite=rule.cite,
        guidance=step.guidance,
        assumptions=rule.assumptions,
        basis=nxt.basis,
        basis_date=nxt.base,
        basis_time=nxt.time,
        basis_pattern=nxt.pattern,
        stated_by=_ref(ledger.events[nxt.stated]) if nxt.stated is not None else None,
        offset=nxt.offset,
        attempts_made=attempts,
        last_attempt=ledger.events[last].date if last is not None else None,
        early_attempts=tuple(ledger.events[h].date for h in early),
        settled=how,
        settled_by=_ref(ledger.events[by]) if by is not None else None,
        elsewhere=tuple(_ref(ledger.events[i]) for i in elsewhere),
        last_with=_people(app, ledger.events[last]) if last is not None else (),
        step=rule.action.step_number(attempt) or rule.fallback_step,
        fallback_of=rule.fallback_of,
        time=rule.timing.time(attempt) if pending else None,
        chase=_chase(rule, nxt),
        aligned=win.aligned if pending else None,
        aligned_closed=_closed(win.aligned, cal) if pending else "",
        ranked=rule.action.ranked and len(step.channels) > 1,
        rotation=rule.action.channels if rule.action.rotate else (),
    )


def _chase(rule: Rule, nxt: Next) -> ChaseEnd | None:
    length = rule.timing.repeat_for
    if length is None or nxt.until is None or nxt.first is None:
        return None
    return ChaseEnd(length, nxt.first[0], nxt.first[1], nxt.until)


def _closed(day: dt.date | None, cal: BusinessCalendar) -> str:
    """What closes `day`: its holiday's name, or "a weekend"; "" for no day."""
    return "" if day is None else cal.holiday(day) or "a weekend"


def _people(app: Application, event: Event) -> tuple[Recipient, ...]:
    found = (app.contact(c) for c in event.contacts)
    return tuple(Recipient(c.role, c.id, c.display()) for c in found if c is not None)
