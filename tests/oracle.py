"""A plain-Python reference evaluator of pack semantics, for differential tests of the engine.

It shares only the data model and the loaders with the engine. Matching, counting, stages,
windows and the business-day calendar are re-derived here from the written semantics (the
"Evaluation" section of docs/packs.md), by brute force, so that a bug in the compiler, in the
durable_rules core or in the engine's date code shows up as a disagreement instead of being
reproduced. Deliberately slow and obvious: every count is a scan of the event list.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import NamedTuple

import holidays
from dateutil.relativedelta import relativedelta

from engine.core.results import Report
from engine.model import Application, Event, Offset, Pack, Pattern, Rule, Timeline

# Restated, not imported from engine.vocabulary: the oracle should not inherit a wrong constant.
TERMINAL = frozenset({"rejection", "offer", "withdrawal"})
_DAY = dt.timedelta(days=1)


class Rec(NamedTuple):
    """The fields of a recommendation that the semantics pin down."""

    rule: str
    anchor_date: dt.date
    anchor_type: str
    status: str
    due: dt.date | None
    window_start: dt.date | None
    window_end: dt.date | None
    attempt: int


class AppResult(NamedTuple):
    id: str
    stage: str
    recs: tuple[Rec, ...]  # sorted: the order inside a report is presentation, not semantics


def _sort_key(rec: Rec) -> tuple[object, ...]:
    # None sorts before any date; the tuple keeps the key total without comparing None to a date.
    def d(x: dt.date | None) -> tuple[int, int]:
        return (0, 0) if x is None else (1, x.toordinal())

    return (
        rec.rule,
        rec.anchor_date,
        rec.anchor_type,
        rec.status,
        d(rec.due),
        d(rec.window_start),
        d(rec.window_end),
        rec.attempt,
    )


def canonical(recs: list[Rec]) -> tuple[Rec, ...]:
    return tuple(sorted(recs, key=_sort_key))


# ---------------------------------------------------------------- calendar


@cache
def _holiday_dates(country: str, subdivision: str | None, year: int) -> frozenset[dt.date]:
    # A frozen set, not the HolidayBase: its `in` silently populates neighbouring years.
    table = holidays.country_holidays(country, subdiv=subdivision, years=[year])
    return frozenset(table.keys())


def is_business_day(day: dt.date, country: str, subdivision: str | None) -> bool:
    return day.weekday() < 5 and day not in _holiday_dates(country, subdivision, day.year)


class Calendar(NamedTuple):
    country: str
    subdivision: str | None

    def business(self, day: dt.date) -> bool:
        return is_business_day(day, self.country, self.subdivision)

    def next_business(self, day: dt.date) -> dt.date:
        while not self.business(day):
            day += _DAY
        return day

    def shift(self, base: dt.date, unit: str, n: int) -> dt.date:
        if unit == "business_days":
            if n == 0:  # zero business days after a Saturday is Monday, not the Saturday
                return self.next_business(base)
            day, left = base, n
            while left:
                day += _DAY
                if self.business(day):
                    left -= 1
            return day
        if unit == "days":
            days = n
        elif unit == "weeks":
            days = 7 * n
        elif unit == "hours":
            days = (n + 23) // 24
        elif unit == "months":
            return self.next_business(base + relativedelta(months=n))
        else:
            raise ValueError(unit)
        return self.next_business(base + dt.timedelta(days=days))

    def first_business_of_week(self, day: dt.date) -> dt.date | None:
        """The first business day of the Monday-based week containing `day`, if it has one."""
        monday = day - dt.timedelta(days=day.weekday())
        for i in range(5):
            candidate = monday + dt.timedelta(days=i)
            if self.business(candidate):
                return candidate
        return None

    def week_start_on_or_after(self, start: dt.date) -> dt.date:
        day = start
        while self.first_business_of_week(day) != day:
            day += _DAY
        return day


# ---------------------------------------------------------------- matching


def stage(events: list[Event]) -> str:
    types = {e.type for e in events}
    if types & TERMINAL:
        return "closed"
    if "interview" in types:
        return "interviewing"
    if "application_submitted" in types:
        return "applied"
    return "networking" if events else "new"


def role_of(app: Application, event: Event) -> str:
    for contact in app.contacts:
        if event.contact and contact.id == event.contact:
            return contact.role
    return ""


def matches(p: Pattern, event: Event, role: str) -> bool:
    if event.type not in p.types:
        return False
    if p.channels and event.channel not in p.channels:
        return False
    if p.roles and role not in p.roles:
        return False
    # An interview's round is 1 or more (one without a round is round 1); other events have 0.
    rnd = max(event.round, 1) if event.type == "interview" else 0
    if p.round_min is not None and rnd < p.round_min:
        return False
    if p.round_max is not None and rnd > p.round_max:
        return False
    return _word_matches(p, event)


def says(event: Event) -> str:
    """A reply says what it was recorded as saying; unsaid, one giving a date is "not yet" and
    any other is the decision. Nothing else is a reply, so nothing else says anything."""
    if event.type != "reply_received":
        return ""
    if event.says:
        return event.says
    return "decision" if event.by is None else "not_yet"


def _word_matches(p: Pattern, event: Event) -> bool:
    if p.says and says(event) not in p.says:
        return False
    gives_date = event.type in ("decision_expected", "reply_received") and event.by is not None
    if p.dated is not None and p.dated != gives_date:
        return False
    if not (p.asked or p.not_asked):
        return True
    if event.type != "interview":
        return False  # questions are asked at interviews only
    return all(q in event.asked for q in p.asked) and not any(q in event.asked for q in p.not_asked)


def stated(events: list[Event], pos: int) -> dt.date | None:
    """The employer's latest word on a date for the anchor at `pos`: the last reply after it
    giving one, else the anchor's own `by`."""
    for e in reversed(events[pos + 1 :]):
        if e.type == "reply_received" and e.by is not None:
            return e.by
    return events[pos].by


# ---------------------------------------------------------------- evaluation


def _calendar_day(base: dt.date, unit: str, n: int) -> dt.date:
    """The day a calendar-day, week, hour or month offset lands on, before any closed day."""
    if unit == "months":
        return base + relativedelta(months=n)
    return base + dt.timedelta(days={"days": n, "weeks": 7 * n}.get(unit, (n + 23) // 24))


def _window(
    cal: Calendar, base: dt.date, off: Offset, align: str | None
) -> tuple[dt.date, dt.date, dt.date]:
    start = cal.shift(base, off.unit, off.low)
    if off.unit == "business_days":
        end = max(start, cal.shift(base, off.unit, off.high))
    else:
        # Never past the maximum because of a closed day: the latest open day inside the
        # window, or the start when there is none.
        first, last = (_calendar_day(base, off.unit, n) for n in (off.low, off.high))
        open_days = [
            first + dt.timedelta(days=n)
            for n in range((last - first).days + 1)
            if cal.business(first + dt.timedelta(days=n))
        ]
        end = max(open_days) if open_days else start
    due = start
    if align == "start_of_week":
        due = cal.week_start_on_or_after(start)
        end = max(end, due)
    return start, end, due


def _attempt(rule: Rule, number: int) -> int:
    # Never "attempt 3 of 2": a rule stopped after its last attempt shows that attempt.
    cap = rule.timing.max_attempts
    return number if cap is None else min(number, cap)


def _instance(
    rule: Rule,
    app: Application,
    events: list[Event],
    roles: list[str],
    pos: int,
    as_of: dt.date,
    cal: Calendar,
) -> Rec:
    anchor = events[pos]

    def later(p: Pattern) -> list[int]:
        return [i for i in range(pos + 1, len(events)) if matches(p, events[i], roles[i])]

    tries = later(rule.action.fulfilled_by)
    attempts = len(tries)
    timing = rule.timing
    closed = any(e.type in TERMINAL for e in events)

    def settled(status: str, number: int) -> Rec:
        return Rec(
            rule.id, anchor.date, anchor.type, status, None, None, None, _attempt(rule, number)
        )

    if closed and anchor.type not in TERMINAL:
        return settled("suppressed", attempts + 1)
    if any(later(p) for p in rule.stop_when):
        return settled("done", attempts + 1)
    if timing.max_attempts is not None and attempts >= timing.max_attempts:
        return settled("done", attempts)
    if attempts and timing.repeat is not None:
        base, off = events[tries[-1]].date, timing.repeat
    else:
        off = timing.after
        base = anchor.date
        if timing.base == "stated_date":
            base = stated(events, pos) or anchor.date
        elif timing.base == "last":
            assert timing.base_pattern is not None
            found = later(timing.base_pattern)
            if found:
                base = events[found[-1]].date
    start, end, due = _window(cal, base, off, timing.align)
    status = "upcoming" if as_of < start else "due" if as_of <= end else "overdue"
    return Rec(rule.id, anchor.date, anchor.type, status, due, start, end, attempts + 1)


def evaluate_application(
    rules: tuple[Rule, ...], app: Application, as_of: dt.date, cal: Calendar
) -> AppResult:
    events = sorted((e for e in app.events if e.date <= as_of), key=lambda e: (e.date, e.seq))
    roles = [role_of(app, e) for e in events]
    st = stage(events)
    recs: list[Rec] = []
    for rule in rules:
        if rule.stages and st not in rule.stages:
            continue
        for pos, ev in enumerate(events):
            if not matches(rule.anchor, ev, roles[pos]):
                continue
            ok = True
            for cond in rule.requires:
                span = range(pos) if cond.before else range(pos + 1, len(events))
                n = sum(1 for i in span if matches(cond.pattern, events[i], roles[i]))
                if n < cond.min or (cond.max is not None and n > cond.max):
                    ok = False
                    break
            blockers = list(rule.unless) + ([] if rule.every_anchor else [rule.anchor])
            if ok and any(
                matches(p, events[i], roles[i])
                for p in blockers
                for i in range(pos + 1, len(events))
            ):
                ok = False
            if ok:
                recs.append(_instance(rule, app, events, roles, pos, as_of, cal))
    return AppResult(app.id, st, canonical(recs))


def evaluate(pack: Pack, timeline: Timeline, as_of: dt.date) -> list[AppResult]:
    cal = Calendar(timeline.country, timeline.subdivision)
    return [evaluate_application(pack.rules, app, as_of, cal) for app in timeline.applications]


def from_report(report: Report) -> list[AppResult]:
    """The engine's report, reduced to what the oracle computes."""
    return [
        AppResult(
            app.id,
            app.stage,
            canonical(
                [
                    Rec(
                        r.rule,
                        r.anchor_date,
                        r.anchor_type,
                        r.status,
                        r.due,
                        r.window_start,
                        r.window_end,
                        r.attempt,
                    )
                    for r in app.recommendations
                ]
            ),
        )
        for app in report.applications
    ]


class Disagreement(AssertionError):
    """The engine and the oracle gave different answers for the same input."""
