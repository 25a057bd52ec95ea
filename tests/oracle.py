"""A plain-Python reference evaluator of pack semantics, for differential tests of the engine.

It shares only the data model and the loaders with the engine. Matching, counting, stages,
windows and the business-day calendar are re-derived here from the written semantics (the
"Evaluation" section of docs/packs.md), by brute force, so that a bug in the compiler, in the
durable_rules core or in the engine's date code shows up as a disagreement instead of being
reproduced. Deliberately slow and obvious: every count is a scan of the event list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import cache
from typing import NamedTuple

import holidays
from dateutil.relativedelta import relativedelta

from engine.core.results import Report
from engine.model import (
    Application,
    Event,
    Offset,
    Pack,
    Pattern,
    Prohibition,
    Rule,
    Scope,
    Timeline,
    Timing,
)

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
    # whom it is for: each recipient's contact id, or its rule's role name when nobody is named
    to: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()  # the attempt's: its step's, for a rule with steps
    time: dt.time | None = None  # the start of the rule's timing.at, while pending
    ranked: bool = False  # its channels (two or more) are in order of preference, best first


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
        rec.to,
        rec.channels,
        rec.time is not None,
        rec.time or dt.time(0),
        rec.ranked,
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


def people(event: Event) -> list[str]:
    """The contact ids an event names: `contact`, then the rest of a `with` list."""
    return ([event.contact] if event.contact else []) + list(event.also)


def roles_of(app: Application, event: Event) -> set[str]:
    return {c.role for c in app.contacts if c.id in people(event)}


def matches(p: Pattern, event: Event, roles: set[str]) -> bool:
    if event.type not in p.types:
        return False
    if p.channels and event.channel not in p.channels:
        return False
    # Several people on one event: a role test holds when any of them has the role.
    if p.roles and not roles & set(p.roles):
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
    # asked to stop by one of these channels: a stop without not_by is by every channel
    if p.stops and not (says(event) == "stop"
                        and (not event.not_by or set(p.stops) & set(event.not_by))):  # fmt: skip
        return False
    # An offer's `by` (its deadline) is a date too: `dated: true` matches an offer that has one.
    dated_types = ("decision_expected", "reply_received", "offer")
    gives_date = event.type in dated_types and event.by is not None
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


def _new_date_since(timing: Timing, events: list[Event], attempt: int) -> bool:
    """A rule counting from the stated date, and a reply after the attempt at `attempt` giving a
    new date: the next attempt counts from that date, not from the attempt."""
    return timing.base == "stated_date" and any(
        e.type == "reply_received" and e.by is not None for e in events[attempt + 1 :]
    )


# ---------------------------------------------------------------- evaluation


def _calendar_day(base: dt.date, unit: str, n: int) -> dt.date:
    """The day a calendar-day, week, hour or month offset lands on, before any closed day."""
    if unit == "months":
        return base + relativedelta(months=n)
    return base + dt.timedelta(days={"days": n, "weeks": 7 * n}.get(unit, (n + 23) // 24))


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _hours_days(
    base: dt.datetime, off: Offset, at: dt.time | None
) -> tuple[dt.date, dt.date | None]:
    """The first and last day of an hours window from a timed event, before closed days: the
    days whose `at` moment (or any moment, without one) lies between base + low and base + high."""
    low = base + dt.timedelta(hours=off.low)
    high = None if off.high is None else base + dt.timedelta(hours=off.high)
    if at is None:
        return low.date(), None if high is None else high.date()
    first = next(
        d for d in _days(low.date(), low.date() + _DAY) if dt.datetime.combine(d, at) >= low
    )
    if high is None:
        return first, None
    fits = [d for d in _days(high.date() - _DAY, high.date()) if dt.datetime.combine(d, at) <= high]
    return first, max(fits)


def _back(cal: Calendar, base: dt.date, unit: str, n: int) -> dt.date:
    """The day `n` of `unit` before `base`: business days counted back one by one (0 of them
    is the latest business day on or before it); calendar units before any closed day."""
    if unit == "business_days":
        day = base
        if n == 0:
            while not cal.business(day):
                day -= _DAY
            return day
        left = n
        while left:
            day -= _DAY
            if cal.business(day):
                left -= 1
        return day
    if unit == "months":
        return base - relativedelta(months=n)
    return base - dt.timedelta(days={"days": n, "weeks": 7 * n}.get(unit, (n + 23) // 24))


def _window_before(cal: Calendar, base: dt.date, off: Offset) -> tuple[dt.date, dt.date]:
    """A window counted back from a deadline (docs/packs.md "Offers"): from `high` before it
    to `low` before it; its business days, or the latest business day before it when it has
    none."""
    assert off.high is not None
    first, last = _back(cal, base, off.unit, off.high), _back(cal, base, off.unit, off.low)
    open_days = [d for d in _days(first, last) if cal.business(d)]
    if open_days:
        return min(open_days), max(open_days)
    day = first
    while not cal.business(day):
        day -= _DAY
    return day, day


def _window(
    cal: Calendar,
    base: dt.date,
    off: Offset,
    timing: Timing,
    base_time: dt.time | None,
    chase_last: dt.date | None = None,
) -> tuple[dt.date, dt.date | None, dt.date]:
    at = timing.at.start if timing.at is not None else None
    end: dt.date | None
    last: dt.date | None = None  # the window's last day, before closed days
    if off.before:
        start, end = _window_before(cal, base, off)
        last = _back(cal, base, off.unit, off.low)  # the latest day it may end, closed or not
    elif off.unit == "hours" and base_time is not None:
        first, last = _hours_days(dt.datetime.combine(base, base_time), off, at)
        start = cal.next_business(first)
        if last is not None:
            opened = [d for d in _days(first, last) if cal.business(d)] if last >= first else []
            end = max(opened) if opened else start
        else:
            end = None
    else:
        start = cal.shift(base, off.unit, off.low)
        if off.high is None:
            end = None  # an open window: no end, never overdue
        elif off.unit == "business_days":
            end = last = max(start, cal.shift(base, off.unit, off.high))
        else:
            # Never past the maximum because of a closed day: the latest open day inside the
            # window, or the start when there is none.
            first, last = (_calendar_day(base, off.unit, n) for n in (off.low, off.high))
            open_days = [d for d in _days(first, last) if cal.business(d)]
            end = max(open_days) if open_days else start
    if chase_last is not None:
        # repeat.for: no window ends past the chase's last day
        if end is None or end > chase_last:
            inside = [d for d in _days(start, chase_last) if cal.business(d)]
            end = max(inside) if inside else start
        last = chase_last if last is None else min(last, chase_last)
    if last is not None and end is not None and last < end:
        last = end
    due = end if timing.due == "end" and end is not None else start
    if timing.align == "same_weekday":
        # The first day from the due day on with the base's weekday, up to the window's last
        # day (closed or not); a closed one gives way to the next business day in the window,
        # else its end.
        upto = last if last is not None else due + dt.timedelta(days=6)
        same = [d for d in _days(due, upto) if d.weekday() == base.weekday()]
        if same:
            later = [d for d in _days(same[0], upto) if cal.business(d)]
            if end is not None:
                later = [d for d in later if d <= end]
            due = later[0] if later else end if end is not None else cal.next_business(same[0])
    if timing.align == "start_of_week":
        monday = cal.week_start_on_or_after(due)
        due = monday if end is None or monday <= end else due  # never outside the window
    return start, end, due


def _attempt(rule: Rule, number: int) -> int:
    # Never "attempt 3 of 2": a rule stopped after its last attempt shows that attempt.
    cap = rule.timing.max_attempts
    return number if cap is None else min(number, cap)


class Who(NamedTuple):
    """One instance's recipients: `to` as Rec says them, the contacts among them, whether an
    attempt with any contact counts, and whether it is an `each` instance (one person)."""

    to: tuple[str, ...]
    ids: frozenset[str]
    anyone: bool
    one: bool


def _resolve(rule: Rule, app: Application, events: list[Event], pos: int) -> list[Who]:
    def named(entry: str) -> list[str]:
        if entry == "anchor_contact":
            return people(events[pos])
        if entry == "most_contacted":
            seen: list[str] = []  # in the order first met
            tally: dict[str, int] = {}
            for e in events[: pos + 1]:
                for c in people(e):
                    tally[c] = tally.get(c, 0) + 1
                    if c not in seen:
                        seen.append(c)
            top = max(tally.values(), default=0)
            return [c for c in seen if tally[c] == top][:1]
        return [c.id for c in app.contacts if c.role == entry]

    action = rule.action
    entries = list(action.recipients)
    found = [(e, named(e)) for e in entries]
    if action.first_of:
        hit = [(e, ids) for e, ids in found if ids]
        found = hit[:1] or found[:1]
    to: list[str] = []
    contacts: list[str] = []  # a contact once, though two entries name them
    anyone = not entries
    for entry, ids in found:
        if not ids:
            to.append(entry)
            anyone = anyone or entry in ("anchor_contact", "most_contacted")
        fresh = [i for i in ids if i not in contacts]
        to += fresh
        contacts += fresh
    if action.each and contacts:
        return [Who((c,), frozenset({c}), False, True) for c in contacts]
    return [Who(tuple(to), frozenset(contacts), anyone, False)]


def _counts(rule: Rule, who: Who, event: Event) -> bool:
    if not rule.action.match_recipient:
        return True
    if not people(event):
        return not who.one
    return who.anyone or bool(who.ids & set(people(event)))


def _instance(
    rule: Rule,
    app: Application,
    events: list[Event],
    roles: list[set[str]],
    pos: int,
    as_of: dt.date,
    cal: Calendar,
    who: Who,
) -> Rec:
    anchor = events[pos]

    def later(p: Pattern) -> list[int]:
        return [i for i in range(pos + 1, len(events)) if matches(p, events[i], roles[i])]

    tries = _without_fallbacks(rule, events, roles, later(rule.action.fulfilled_by), cal)
    timing = rule.timing
    tries = [i for i in tries if _counts(rule, who, events[i])]
    if not timing.count_early:
        tries = _on_time(rule, events, roles, pos, tries, cal)
    attempts = len(tries)
    closed = any(e.type in TERMINAL for e in events)

    def settled(status: str, number: int) -> Rec:
        n = _attempt(rule, number)
        return Rec(rule.id, anchor.date, anchor.type, status, None, None, None, n, who.to,
                   _channels(rule, n))  # fmt: skip

    if closed and anchor.type not in TERMINAL:
        return settled("suppressed", attempts + 1)
    if any(later(p) for p in rule.stop_when):
        return settled("done", attempts + 1)
    if timing.max_attempts is not None and attempts >= timing.max_attempts:
        return settled("done", attempts)
    chase_last = _chase_last(rule, events, roles, pos, cal)
    if attempts and timing.repeat is not None and not _new_date_since(timing, events, tries[-1]):
        prev = events[tries[-1]]
        base, clock, off = prev.date, prev.time, timing.repeat
    else:
        off = timing.after
        base, clock = anchor.date, anchor.time
        said = stated(events, pos) if timing.base == "stated_date" else None
        if said is not None:
            base, clock = said, None  # a stated date has no time
        elif timing.base == "deadline" and anchor.by is not None:
            base, clock = anchor.by, None  # the offer's deadline: a day, no time
        elif timing.base == "last":
            assert timing.base_pattern is not None
            found = later(timing.base_pattern)
            if found:
                base, clock = events[found[-1]].date, events[found[-1]].time
    if timing.hours_from == "event_day":  # format 1's whole days, whatever the time
        clock = None
    start, end, due = _window(cal, base, off, timing, clock, chase_last)
    if chase_last is not None and (start > chase_last or as_of > chase_last):
        return settled("done", attempts + 1)  # the chase's time is up: move on
    never_overdue = end is None  # an open window
    status = "upcoming" if as_of < start else "due" if never_overdue or as_of <= end else "overdue"
    at = _time(timing, attempts + 1)
    if status == "overdue" and timing.expires:  # its moment passed: no due day, its window kept
        return Rec(rule.id, anchor.date, anchor.type, "expired", None, start, end, attempts + 1,
                   who.to, _channels(rule, attempts + 1))  # fmt: skip
    n = attempts + 1
    return Rec(rule.id, anchor.date, anchor.type, status, due, start, end, n, who.to,
               _channels(rule, n), at)  # fmt: skip


def _chase_last(
    rule: Rule, events: list[Event], roles: list[set[str]], pos: int, cal: Calendar
) -> dt.date | None:
    """repeat.for: the chase's last day, its length after what the first attempt counts from
    (calendar units not moved off closed days, business days counted as such)."""
    length = rule.timing.repeat_for
    if length is None:
        return None
    base = _first_base(rule, events, roles, pos, len(events))[0]
    n = length.low
    if length.unit == "business_days":
        day = base
        while n:
            day += _DAY
            n -= cal.business(day)
        return day
    return _calendar_day(base, length.unit, n)


def _first_base(
    rule: Rule, events: list[Event], roles: list[set[str]], pos: int, before: int
) -> tuple[dt.date, dt.time | None]:
    """What the first attempt's window counts from (its day, and time when it has one), with
    the events before `before`."""
    timing, anchor = rule.timing, events[pos]
    if timing.base == "deadline" and anchor.by is not None:
        return anchor.by, None
    if timing.base == "stated_date":
        said = stated(events[:before], pos)
        if said is not None:
            return said, None
    if timing.base == "last" and timing.base_pattern is not None:
        found = [
            i for i in range(pos + 1, before) if matches(timing.base_pattern, events[i], roles[i])
        ]
        if found:
            return events[found[-1]].date, events[found[-1]].time
    return anchor.date, anchor.time


def _on_time(
    rule: Rule,
    events: list[Event],
    roles: list[set[str]],
    pos: int,
    tries: list[int],
    cal: Calendar,
) -> list[int]:
    """Format 2: only the attempts sent on or after their window opened count; the window of
    each is counted from the previous one that counted, or as the first's."""
    counted: list[int] = []
    for i in tries:
        timing = rule.timing
        if (counted and timing.repeat is not None
                and not _new_date_since(timing, events[:i], counted[-1])):  # fmt: skip
            prev = events[counted[-1]]
            (base, clock), off = (prev.date, prev.time), timing.repeat
        else:
            (base, clock), off = _first_base(rule, events, roles, pos, i), timing.after
        if timing.hours_from == "event_day":
            clock = None
        ev = events[i]
        if ev.date < _window(cal, base, off, timing, clock)[0]:
            continue
        if off.unit == "hours" and clock is not None and ev.time is not None:
            opened = dt.datetime.combine(base, clock) + dt.timedelta(hours=off.low)
            if dt.datetime.combine(ev.date, ev.time) < opened:
                continue  # the same day, but minutes before the window opened
        counted.append(i)
    return counted



# ---------------------------------------------------------------- steps


def _channels(rule: Rule, attempt: int) -> tuple[str, ...]:
    """Attempt k uses step k, the last step for every later attempt; without steps, the rule's.
    A rotating rule's attempt k uses its channels' item (k - 1) mod n alone: attempts 1, 2, 3,
    4 of [a, b, c] use a, b, c, a."""
    steps = rule.action.steps
    if rule.action.rotate and not steps:
        every = rule.action.channels
        return (every[(attempt - 1) % len(every)],)
    if not steps:
        return rule.action.channels
    return steps[min(attempt, len(steps)) - 1].channels


def _time(timing: Timing, attempt: int) -> dt.time | None:
    """When in the day attempt k is: item (k - 1) mod n of a list `at`, else the one `at`."""
    if timing.times:
        return timing.times[(attempt - 1) % len(timing.times)].start
    return timing.at.start if timing.at is not None else None


def _triggers(rule: Rule, step_channels: tuple[str, ...], outcomes: tuple[str, ...],
              event: Event, role: set[str]) -> bool:
    """An attempt of `rule` by one of the step's channels, with one of the outcomes."""
    return (matches(rule.action.fulfilled_by, event, role) and event.channel in step_channels
            and event.outcome in outcomes)  # fmt: skip


def _answers(rule: Rule, channels: tuple[str, ...], event: Event) -> bool:
    """An event that does a fallback: the kind of event the rule's attempts are, by its channel."""
    return event.type in rule.action.fulfilled_by.types and event.channel in channels


def _without_fallbacks(
    rule: Rule, events: list[Event], roles: list[set[str]], tries: list[int], cal: Calendar
) -> list[int]:
    """The attempts, less each triggering attempt's fallback: the first event that does it later
    on the fallback's day (the call's, or the next business day after a closed one) is not
    another attempt."""
    out: list[int] = []
    taken: set[int] = set()
    for i in tries:
        if i in taken:
            continue
        out.append(i)
        for step in rule.action.steps:
            fb = step.fallback
            if fb is None or not _triggers(rule, step.channels, fb.outcomes, events[i], roles[i]):
                continue
            due = cal.next_business(events[i].date)
            for j in range(i + 1, len(events)):
                if events[j].date > due:
                    break
                if j not in taken and _answers(rule, fb.channels, events[j]):
                    taken.add(j)
                    break
    return out


def _fallbacks(
    rule: Rule,
    app: Application,
    events: list[Event],
    roles: list[set[str]],
    as_of: dt.date,
    cal: Calendar,
) -> list[Rec]:
    """The same-day fallbacks of a rule's steps: one per attempt (after one of the rule's
    anchors) by the step's channel with one of the fallback's outcomes, due that day."""
    out: list[Rec] = []
    closed = any(e.type in TERMINAL for e in events)
    for number, step in enumerate(rule.action.steps, start=1):
        fb = step.fallback
        if fb is None:
            continue
        for i, ev in enumerate(events):
            if not _triggers(rule, step.channels, fb.outcomes, ev, roles[i]):
                continue
            if not any(matches(rule.anchor, events[j], roles[j]) for j in range(i)):
                continue
            rid = f"{rule.id}.fallback{number}"
            # whom: the fallback's recipients (else the step's), resolved at the call itself
            mine = rule.action._replace(
                recipients=fb.recipients or step.recipients, first_of=False, each=False
            )
            (who,) = _resolve(replace(rule, action=mine), app, events, i)
            after = range(i + 1, len(events))
            ended = [p for p in (*rule.stop_when, *rule.unless)
                     if any(matches(p, events[j], roles[j]) for j in after)]  # fmt: skip
            done = any(_answers(rule, fb.channels, events[j]) for j in after)
            if closed and ev.type not in TERMINAL:
                out.append(Rec(rid, ev.date, ev.type, "suppressed", None, None, None, 1,
                               who.to, fb.channels))  # fmt: skip
            elif ended or done:
                out.append(Rec(rid, ev.date, ev.type, "done", None, None, None, 1, who.to,
                               fb.channels))  # fmt: skip
            else:
                day = cal.next_business(ev.date)
                status = "upcoming" if as_of < day else "due" if as_of <= day else "overdue"
                out.append(Rec(rid, ev.date, ev.type, status, day, day, day, 1, who.to,
                               fb.channels))  # fmt: skip
    return out


def evaluate_application(
    rules: tuple[Rule, ...], app: Application, as_of: dt.date, cal: Calendar
) -> AppResult:
    events = sorted((e for e in app.events if e.date <= as_of), key=lambda e: (e.date, e.seq))
    roles = [roles_of(app, e) for e in events]
    st = stage(events)
    recs: list[Rec] = []
    for rule in rules:
        if rule.fallback_of:
            continue  # the loader's rule for a step's fallback: modelled from its parent's steps
        if rule.stages and st not in rule.stages:
            continue
        recs += _fallbacks(rule, app, events, roles, as_of, cal)
        for pos in _applying(rule, events, roles):
            for who in _resolve(rule, app, events, pos):
                rec = _instance(rule, app, events, roles, pos, as_of, cal, who)
                # `ranked` orders a list: a single channel (a step's) has no order to tell
                recs.append(rec._replace(ranked=rule.action.ranked and len(rec.channels) > 1))
    return AppResult(app.id, st, canonical(recs))


def _applying(rule: Rule, events: list[Event], roles: list[set[str]]) -> list[int]:
    """The positions of the anchors the rule applies to (its stage aside)."""
    out: list[int] = []
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
            matches(p, events[i], roles[i]) for p in blockers for i in range(pos + 1, len(events))
        ):
            ok = False
        if ok:
            out.append(pos)
    return out


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
                        tuple(x.contact_id or x.role for x in r.recipients),
                        r.channels,
                        r.time.start if r.time is not None else None,
                        r.ranked,
                    )
                    for r in app.recommendations
                ]
            ),
        )
        for app in report.applications
    ]


# ---------------------------------------------------------------- limits (the audit)


class LimitHit(NamedTuple):
    """An event that goes against a limit: what the oracle computes of an audit finding."""

    application: str
    date: dt.date
    seq: int
    limit: str
    kind: str


def _span_end(cal: Calendar, day: dt.date, off: Offset) -> dt.date:
    """The first day no longer within `off` of `day`: closed days are not skipped."""
    n = off.low
    if off.unit == "business_days":
        left = n
        while left:
            day += _DAY
            if cal.business(day):
                left -= 1
        return day
    return _calendar_day(day, off.unit, n)


def limit_hits(pack: Pack, timeline: Timeline, as_of: dt.date) -> list[LimitHit]:
    """Every event over one of the pack's limits, by brute force over pairs of events."""
    cal = Calendar(timeline.country, timeline.subdivision)
    out: list[LimitHit] = []
    for app in timeline.applications:
        events = sorted((e for e in app.events if e.date <= as_of), key=lambda e: (e.date, e.seq))
        roles = [roles_of(app, e) for e in events]
        for limit in pack.limits:
            mine = [i for i, e in enumerate(events) if matches(limit.events, e, roles[i])]
            for i in mine:
                ev = events[i]
                if limit.at_most is not None and limit.per is not None:
                    per = limit.per
                    near = [
                        j for j in mine if j < i and ev.date < _span_end(cal, events[j].date, per)
                    ]
                    if len(near) >= limit.at_most:
                        out.append(LimitHit(app.id, ev.date, ev.seq, limit.id, "over_limit"))
                elif limit.not_before == "stated_date":
                    said = [  # a decision date or a reply's: an offer's deadline is not one
                        e.by
                        for e in events[:i]
                        if e.by is not None and e.type in ("decision_expected", "reply_received")
                    ]
                    if said and ev.date < said[-1]:
                        out.append(
                            LimitHit(app.id, ev.date, ev.seq, limit.id, "before_stated_date")
                        )
    return sorted(out)


def limit_hits_of(report: Report) -> list[LimitHit]:
    """The engine's audit findings against limits, reduced to what the oracle computes."""
    kinds = ("over_limit", "before_stated_date")
    return sorted(
        LimitHit(
            f.application, f.date, f.event.seq if f.event else -1, f.rule_or_prohibition, f.kind
        )
        for f in report.audit
        if f.kind in kinds
    )


# ---------------------------------------------------------------- prohibitions (the audit)

OUTREACH = ("follow_up_sent", "thank_you_sent")
PENDING = frozenset({"upcoming", "due", "overdue", "expired"})


class BanHit(NamedTuple):
    """An event that goes against a prohibition: what the oracle computes of a banned finding."""

    application: str
    date: dt.date
    seq: int
    prohibition: str


def scope_holds(scope: Scope, events: list[Event], roles: list[set[str]], i: int,
                cal: Calendar) -> bool:  # fmt: skip
    """Whether a prohibition's scope holds for event `i`, from the events before it only."""
    ev, start = events[i], 0
    if scope.after is not None:
        opened = [j for j in range(i) if matches(scope.after, events[j], roles[j])]
        if not opened:
            return False
        start = opened[-1] + 1
    if scope.until is not None and any(
        matches(scope.until, events[j], roles[j]) for j in range(start, i)
    ):
        return False
    if scope.stages and stage(events[:i]) not in scope.stages:
        return False
    if scope.before_stated_date is not None:
        dated = ("decision_expected", "reply_received")
        said = [e.by for e in events[:i] if e.type in dated and e.by is not None]
        if not said or ev.date >= _span_end(cal, said[-1], scope.before_stated_date):
            return False
    # told to stop by the event's channel (an event without one: only by a stop of every channel)
    told = any(says(e) == "stop" and (not e.not_by or ev.channel in e.not_by) for e in events[:i])
    return told or not scope.after_instruction


def _forbids(ban: Prohibition, event: Event, roles: set[str]) -> bool:
    if not ban.channels and not ban.recipients:
        return True  # scoped: every follow-up and thank-you
    return (bool(event.channel) and event.channel in ban.channels) or bool(
        roles & set(ban.recipients)
    )


def _pending_attempt(rule: Rule, app: Application, events: list[Event], roles: list[set[str]],
                     i: int, cal: Calendar) -> bool:  # fmt: skip
    """Whether event `i` was an attempt of `rule` made while it was pending: an attempt of the
    latest anchor it applied to just before, for a recipient it counts for, not yet settled."""
    ev = events[i]
    if not matches(rule.action.fulfilled_by, ev, roles[i]):
        return False
    before, before_roles = events[:i], roles[:i]
    if rule.stages and stage(before) not in rule.stages:
        return False
    anchors = _applying(rule, before, before_roles)
    if not anchors:
        return False
    pos = anchors[-1]
    for who in _resolve(rule, app, before, pos):
        if _counts(rule, who, ev):
            rec = _instance(rule, app, before, before_roles, pos, ev.date, cal, who)
            return rec.status in PENDING
    return False


def ban_hits(pack: Pack, timeline: Timeline, as_of: dt.date) -> list[BanHit]:
    """Every follow-up or thank-you against one of the pack's prohibitions."""
    cal = Calendar(timeline.country, timeline.subdivision)
    rules = {r.id: r for r in pack.rules if not r.fallback_of}
    out: list[BanHit] = []
    for app in timeline.applications:
        events = sorted((e for e in app.events if e.date <= as_of), key=lambda e: (e.date, e.seq))
        roles = [roles_of(app, e) for e in events]
        for i, ev in enumerate(events):
            if ev.type not in OUTREACH:
                continue
            for ban in pack.prohibitions:
                if not _forbids(ban, ev, roles[i]):
                    continue
                if ban.scope is not None and not scope_holds(ban.scope, events, roles, i, cal):
                    continue
                excepted = [rules[r] for r in ban.except_rules if r in rules]
                if any(_pending_attempt(r, app, events, roles, i, cal) for r in excepted):
                    continue
                out.append(BanHit(app.id, ev.date, ev.seq, ban.id))
    return sorted(out)


def ban_hits_of(report: Report) -> list[BanHit]:
    """The engine's banned findings, reduced to what the oracle computes."""
    return sorted(
        BanHit(f.application, f.date, f.event.seq if f.event else -1, f.rule_or_prohibition)
        for f in report.audit
        if f.kind == "banned"
    )


class Disagreement(AssertionError):
    """The engine and the oracle gave different answers for the same input."""
