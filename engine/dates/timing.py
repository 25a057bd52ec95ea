"""Due dates: an offset or window from a base day, on business or calendar days.

A due date never falls on a weekend or a public holiday: calendar-day offsets that land on one
move forward to the next business day (nobody should be told to chase on Christmas), and
business-day offsets count only business days. Months are calendar months (a month after 31
January is the last day of February). A window's end moves the other way: never past
the advice's maximum because of a closed day, it moves back to the latest business day inside
the window ("a week to ten days" ending on a Saturday ends on the Friday, day 9, not on the
Monday, day 12); only a window with no business day inside it (a one-day window on a holiday)
ends where it starts, on the next business day.

An open window (`[1, open]`, Offset.high None) has no end: it is due from its start on and is
never overdue. A window's due day is its start, or its end for `due: end` (an open window's is
its start: it has no end). `align: start_of_week` moves the due day to the first business day
of a week on or after it when that day is inside the window, and leaves it where it was when
the window holds none: the window itself never moves. `align: same_weekday` (pack_format 2)
moves it to the first day on or after it, inside the window, on the weekday of the base day
("the same weekday next week"); when that day is closed, to the next business day still inside
the window, else the window's last day; when the window holds no such weekday it stays put.

A chase with `repeat.for` has a last day (chase_end): a window never ends past it (its end moves
back to the latest business day on or before it, and never before its start), and the due day
is aimed within the window so cut.

Hours count from the base event's time when the timeline gives one (`time: "17:30"`) and the
rule counts from it (format 2's `hours_from: event_time`; state.next_window passes no time
otherwise): the window runs from the day of base + minimum to the day of base + maximum; with
a time of day (`timing.at`) it starts on the first day whose `at` time is at or after base +
minimum, and ends on the last whose `at` time is at or before base + maximum. Without a time,
hours are whole days, rounded up: 24 hours is one day, 25 two. The closed-day rules then apply
as above.

A window before a base (`timing.before`, Offset.before: from an offer's deadline) counts back
from it: `before: {business_days: [3, 5]}` runs from the 5th business day before the deadline
to the 3rd (business days count back one business day at a time, so from a Saturday deadline
the 1st business day before is the Friday, and 0 business days before a closed deadline is the
business day before it). Calendar units count back the same way (a month before 31 March is
the last day of February; hours are whole days, rounded up: a deadline has no time of day).
Closed days move each end inward, as above: the start forward to a business day, the end back
to one, so the window never ends later than its minimum before the deadline; a window with no
business day inside it (two days before a Sunday deadline, on a Friday holiday) is the one
business day nearest before it, the latest business day before its nominal start: earlier
than the advice asks rather than later, as an answer owed by a date allows.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from ..model import Offset, TimeOfDay
from ..vocabulary import DueDay
from .calendar import BusinessCalendar


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date | None  # None: an open window, never overdue
    due: dt.date  # the preferred day within the window
    # A calendar-day start before it moved off a closed day (for the audit's "why early").
    nominal: dt.date | None = field(default=None, compare=False)
    # `align: same_weekday`: the day of the base's weekday the due day aims at, when a closed
    # day moved the due day off it (for explain's "Thu 2026-11-26 is Thanksgiving Day").
    aligned: dt.date | None = field(default=None, compare=False)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later, or that month's last day when it is shorter
    (a month after 31 January is 28 or 29 February)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _nominal(base: dt.date, unit: str, amount: int) -> dt.date | None:
    """The calendar day an offset lands on before a weekend or holiday moves it (None for
    business days, which never land on one)."""
    if unit == "business_days":
        return None
    if unit == "months":
        return add_months(base, amount)
    days = {"days": amount, "weeks": 7 * amount, "hours": -(-amount // 24)}[unit]
    return base + dt.timedelta(days=days)


def _shift(base: dt.date, unit: str, amount: int, cal: BusinessCalendar) -> dt.date:
    nominal = _nominal(base, unit, amount)
    if nominal is None:
        # "0 business days after a Saturday" is the next business day, not the Saturday.
        return cal.roll_forward(cal.add_business_days(base, amount))
    return cal.roll_forward(nominal)


def _last(base: dt.date, offset: Offset, cal: BusinessCalendar, start: dt.date) -> dt.date:
    """The window's last day: its maximum, or the latest business day before it that is still
    inside the window; `start` when the window holds no business day."""
    assert offset.high is not None
    high = _nominal(base, offset.unit, offset.high)
    if high is None:  # business days: the maximum is a business day
        return max(start, _shift(base, offset.unit, offset.high, cal))
    low = _nominal(base, offset.unit, offset.low)
    assert low is not None
    return cal.roll_back(high, low) or start


def _back(base: dt.date, unit: str, amount: int, cal: BusinessCalendar) -> dt.date:
    """The day `amount` of `unit` before `base`: business days step back one business day at
    a time (0 business days before a closed day is the business day before it); other units
    are calendar days, not yet moved off a closed day."""
    if unit == "business_days":
        day = base
        if amount == 0:
            return cal.roll_back(day, dt.date.min) or day
        while amount > 0:
            day -= dt.timedelta(days=1)
            if cal.is_business_day(day):
                amount -= 1
        return day
    if unit == "months":
        return add_months(base, -amount)
    days = {"days": amount, "weeks": 7 * amount, "hours": -(-amount // 24)}[unit]
    return base - dt.timedelta(days=days)


def window_before(base: dt.date, offset: Offset, cal: BusinessCalendar) -> tuple[dt.date, dt.date]:
    """The first and last day of the window `offset` before `base` (module docstring): the
    one definition state, explain, the audit and simulate read, through `window`."""
    assert offset.high is not None  # the loader refuses an open window before a deadline
    first = _back(base, offset.unit, offset.high, cal)
    last = _back(base, offset.unit, offset.low, cal)
    if offset.unit == "business_days":
        return first, max(first, last)
    start = cal.roll_forward(first)
    end = cal.roll_back(last, first) if start <= last else None
    if end is None:  # no business day inside: the nearest one before it
        nearest = cal.roll_back(first, dt.date.min) or first
        return nearest, nearest
    return start, end


def _timed(
    base: dt.datetime, offset: Offset, cal: BusinessCalendar, at: TimeOfDay | None
) -> tuple[dt.date, dt.date | None, dt.date, dt.date | None]:
    """An hours window from a timed event: (start, end, the start and the end before any
    closed day)."""
    earliest = base + dt.timedelta(hours=offset.low)
    first = earliest.date()
    if at is not None and at.start < earliest.time():
        first += dt.timedelta(days=1)  # too late that day for the `at` time
    start = cal.roll_forward(first)
    if offset.high is None:
        return start, None, first, None
    latest = base + dt.timedelta(hours=offset.high)
    last = latest.date()
    if at is not None and at.start > latest.time():
        last -= dt.timedelta(days=1)  # that day's `at` time is past the maximum
    return start, max(start, cal.roll_back(last, first) or start), first, last


def window(
    base: dt.date,
    offset: Offset,
    cal: BusinessCalendar,
    align: str | None = None,
    due: DueDay = "start",
    at: TimeOfDay | None = None,
    base_time: dt.time | None = None,
    last: dt.date | None = None,
) -> Window:
    """The window `offset` after `base` (at `base_time` when the event has one), ending on
    or before `last` when the chase has an end (`repeat.for`)."""
    end: dt.date | None
    latest: dt.date | None
    if offset.before:
        start, end = window_before(base, offset, cal)
        # its last day, closed or not, is the advice's maximum: `low` before the deadline
        nominal, latest = start, _back(base, offset.unit, offset.low, cal)
    elif offset.unit == "hours" and base_time is not None:
        start, end, nominal, latest = _timed(dt.datetime.combine(base, base_time), offset, cal, at)
    else:
        start = _shift(base, offset.unit, offset.low, cal)
        end = None if offset.high is None else max(start, _last(base, offset, cal, start))
        nominal = _nominal(base, offset.unit, offset.low) or start
        latest = None if offset.high is None else _nominal(base, offset.unit, offset.high)
    # The window's last day, closed or not (the weekday aimed at may be one): its end is the
    # latest business day on or before it.
    bound = end if latest is None or end is None else max(end, latest)
    if last is not None:
        if end is None or end > last:
            end = max(start, cal.roll_back(last, start) or start)
        bound = end if bound is None else max(end, min(bound, last))
    day = end if due == "end" and end is not None else start
    aligned = None
    if align == "same_weekday":
        day, aligned = _same_weekday(base, day, end, bound, cal)
    if align == "start_of_week":
        # "5-7 days after, aiming for the beginning of the week": a week's first business day
        # inside the window, else the window's own day; aiming never leaves the window.
        monday = cal.start_of_week_on_or_after(day)
        if end is None or monday <= end:
            day = monday
    return Window(start, end, day, None if offset.unit == "business_days" else nominal, aligned)


def _same_weekday(
    base: dt.date, day: dt.date, end: dt.date | None, bound: dt.date | None, cal: BusinessCalendar
) -> tuple[dt.date, dt.date | None]:
    """The due day aimed at the base's weekday from `day` on, up to the window's last day
    `bound` (closed or not; its `end` is its last business day), and that weekday's day when a
    closed day moved the due day off it (else None)."""
    wanted = day + dt.timedelta(days=(base.weekday() - day.weekday()) % 7)
    if bound is not None and wanted > bound:
        return day, None  # no such weekday in the window: the due day stays
    if cal.is_business_day(wanted):
        return wanted, None
    moved = cal.roll_forward(wanted)
    if end is not None and moved > end:
        moved = end  # the window's last (business) day
    return moved, wanted


def describe_offset(offset: Offset) -> str:
    return offset.describe()


def chase_end(base: dt.date, length: Offset, cal: BusinessCalendar) -> dt.date:
    """The last day of a chase that lasts `length` from `base` (`repeat.for`): calendar days,
    weeks and months counted without moving off a closed day (two weeks after a Tuesday is
    the Tuesday after next, whatever it is), business days counted as business days, hours as
    whole days. A window may start on it, none after it."""
    return span_end(base, length, cal)


def span_end(day: dt.date, length: Offset, cal: BusinessCalendar) -> dt.date:
    """The first day no longer within `length` of `day` (a limit's `per`): a week after a
    Tuesday is the next Tuesday, so two events on Tuesdays a week apart are not within a week of
    each other. Closed days are not skipped (a limit is not a due date), except that business
    days count only business days; hours are whole days, as everywhere."""
    n = length.low
    if length.unit == "business_days":
        return cal.add_business_days(day, n)
    if length.unit == "months":
        return add_months(day, n)
    return day + dt.timedelta(days={"days": n, "weeks": 7 * n, "hours": -(-n // 24)}[length.unit])
