"""Evaluate a pack against a timeline: matching in durable_rules, dates and statuses here."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

from ..analysis.audit import audit as audit_past
from ..dates.calendar import BusinessCalendar
from ..dates.timing import window
from ..model import (
    Application,
    ApplicationReport,
    Event,
    EventRef,
    Pack,
    Recipient,
    Recommendation,
    Report,
    Rule,
    Timeline,
)
from ..vocabulary import PENDING_STATUSES, TERMINAL_EVENTS, Basis, Settled, Status
from . import adapter as durable_core
from .compiler import CLOSED_RULE, CompiledPack, compile_pack
from .facts import application_facts, stage_of

_sids = itertools.count()
_compiled: dict[str, CompiledPack] = {}


def compiled(pack: Pack) -> CompiledPack:
    key = f"{pack.ref}#{pack.digest}"
    if key not in _compiled:
        result = compile_pack(pack)
        for name, ruleset in result.rulesets:
            durable_core.core().register(name, ruleset)
        _compiled[key] = result
    return _compiled[key]


def evaluate(pack: Pack, timeline: Timeline, as_of: dt.date, *, audit: bool = True) -> Report:
    """What to do next in every application, as of `as_of` (events after it are ignored).

    `audit=False` leaves out the past events the pack advises against (a forward simulation
    only needs what comes next).
    """
    cp = compiled(pack)
    cal = BusinessCalendar(timeline.country, timeline.subdivision)
    reports = tuple(_application(cp, app, as_of, cal) for app in timeline.applications)
    return Report(
        pack=pack,
        as_of=as_of,
        timeline_path=timeline.path,
        timezone=timeline.timezone,
        country=timeline.country,
        subdivision=timeline.subdivision,
        applications=reports,
        audit=tuple(audit_past(pack, timeline, as_of, cal)) if audit else (),
    )


def _application(
    cp: CompiledPack, app: Application, as_of: dt.date, cal: BusinessCalendar
) -> ApplicationReport:
    # Sorted here too: a Timeline built in code need not come from the (sorting) loader.
    events = sorted((e for e in app.events if e.date <= as_of), key=lambda e: (e.date, e.seq))
    matches = []
    for name, _ in cp.rulesets:
        sid = f"s{next(_sids)}"
        facts = application_facts(app, events, cp.counters, sid, as_of)
        matches += durable_core.core().run_session(name, sid, facts)
    fired: dict[int, list[tuple[dict[str, int], dict[str, int]]]] = defaultdict(list)
    stops: dict[tuple[int, int], int] = {}
    closed_at: int | None = None
    for m in matches:
        if m.rule == CLOSED_RULE:
            pos = m.facts["t"]["pos"]
            closed_at = pos if closed_at is None else min(closed_at, pos)
        elif m.rule.startswith("r"):
            head, _, stop_suffix = m.rule[1:].partition("s")
            index, anchor_pos = int(head), m.facts["a"]["pos"]
            if stop_suffix:
                key = (index, anchor_pos)
                stops[key] = min(stops.get(key, m.facts["s"]["pos"]), m.facts["s"]["pos"])
            else:
                fired[index].append((m.facts["a"], m.facts["n"]))
    recs: list[Recommendation] = []
    for index, instances in fired.items():
        rule = cp.pack.rules[index]
        for anchor, now in sorted(instances, key=lambda item: item[0]["pos"]):
            stop_pos = stops.get((index, anchor["pos"]))
            recs.append(
                _recommend(cp, rule, app, events, anchor, now, stop_pos, closed_at, as_of, cal)
            )
    order = {r.id: i for i, r in enumerate(cp.pack.rules)}
    recs.sort(key=lambda r: (r.due or r.anchor_date, order[r.rule], r.anchor_date))
    return ApplicationReport(app.id, app.company, app.role, stage_of(events), tuple(recs))


def _recipients(rule: Rule, app: Application, anchor: Event) -> tuple[Recipient, ...]:
    out: list[Recipient] = []
    for role in rule.action.recipients:
        if role == "anchor_contact":
            contact = app.contact(anchor.contact) if anchor.contact else None
            if contact is not None:
                out.append(Recipient(contact.role, contact.id, contact.display()))
            else:
                out.append(Recipient("anchor_contact"))
            continue
        people = [c for c in app.contacts if c.role == role]
        if people:
            out.extend(Recipient(role, c.id, c.display()) for c in people)
        else:
            out.append(Recipient(role))
    return tuple(out)


def _recommend(
    cp: CompiledPack,
    rule: Rule,
    app: Application,
    events: list[Event],
    anchor_fact: dict[str, int],
    now: dict[str, int],
    stop_pos: int | None,
    closed_at: int | None,
    as_of: dt.date,
    cal: BusinessCalendar,
) -> Recommendation:
    anchor = events[anchor_fact["pos"]]
    counters = cp.counters
    k = counters.of(rule.action.fulfilled_by)
    attempts = now[f"c{k}"] - anchor_fact[f"c{k}"]
    last_attempt = dt.date.fromordinal(now[f"l{k}"]) if attempts else None
    timing = rule.timing
    cap = timing.max_attempts
    attempt = attempts + 1
    status: Status
    settled: Settled | None = None
    settled_by: EventRef | None = None
    basis: Basis = "anchor"
    if attempts and timing.repeat is not None and last_attempt is not None:
        offset, base, basis = timing.repeat, last_attempt, "previous_attempt"
    else:
        offset, base = timing.after, anchor.date
        if timing.base == "stated_date" and anchor.by is not None:
            base, basis = anchor.by, "stated_date"
        elif timing.base == "last" and timing.base_pattern is not None:
            b = counters.of(timing.base_pattern)
            if now[f"c{b}"] - anchor_fact[f"c{b}"] > 0:
                base, basis = dt.date.fromordinal(now[f"l{b}"]), "last"
    win = window(base, offset, cal, timing.align)
    if closed_at is not None and anchor.type not in TERMINAL_EVENTS:
        term = events[closed_at]
        status, settled, settled_by = "suppressed", "terminal", _ref(term)
    elif stop_pos is not None:
        status, settled, settled_by = "done", "stop", _ref(events[stop_pos])
    elif cap is not None and attempts >= cap:
        status, settled = "done", "limit"
        attempt = attempts
    elif as_of < win.start:
        status = "upcoming"
    elif as_of <= win.end:
        status = "due"
    else:
        status = "overdue"
    pending = status in PENDING_STATUSES
    if cap is not None:  # a chase stopped after its last attempt is not "attempt 3 of 2"
        attempt = min(attempt, cap)
    return Recommendation(
        application=app.id,
        rule=rule.id,
        kind=rule.action.kind,
        channels=rule.action.channels,
        recipients=_recipients(rule, app, anchor),
        status=status,
        anchor_type=anchor.type,
        anchor_date=anchor.date,
        anchor_seq=anchor.seq,
        attempt=attempt,
        max_attempts=cap,
        window_start=win.start if pending else None,
        window_end=win.end if pending else None,
        due=win.due if pending else None,
        optional=rule.action.optional,
        cite=rule.cite,
        guidance=rule.action.guidance,
        assumptions=rule.assumptions,
        basis=basis,
        basis_date=base,
        basis_pattern=timing.base_pattern if basis == "last" else None,
        offset=offset,
        attempts_made=attempts,
        last_attempt=last_attempt,
        settled=settled,
        settled_by=settled_by,
    )


def _ref(event: Event) -> EventRef:
    return EventRef(event.type, event.date, event.seq)
