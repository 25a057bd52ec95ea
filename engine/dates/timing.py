"""Due dates: an offset or window from a base day, on business or calendar days.

A due date never falls on a weekend or a public holiday: calendar-day offsets that land on one
move forward to the next business day (nobody should be told to chase on Christmas), and
business-day offsets count only business days. Months are calendar months (a month after 31
January is the last day of February). A window's end moves the other way: never past
the advice's maximum because of a closed day, it moves back to the latest business day inside
the window ("a week to ten days" ending on a Saturday ends on the Friday, day 9, not on the
Monday, day 12); only a window with no business day inside it (a one-day window on a holiday)
ends where it starts, on the next business day. Hours are whole days (timelines are dated, not
timed): 24 hours is one day.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from ..model import Offset
from .calendar import BusinessCalendar


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date
    due: dt.date  # the preferred day within the window
    # A calendar-day start before it moved off a closed day (for the audit's "why early").
    nominal: dt.date | None = field(default=None, compare=False)


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
    high = _nominal(base, offset.unit, offset.high)
    if high is None:  # business days: the maximum is a business day
        return max(start, _shift(base, offset.unit, offset.high, cal))
    low = _nominal(base, offset.unit, offset.low)
    assert low is not None
    return cal.roll_back(high, low) or start


def window(
    base: dt.date, offset: Offset, cal: BusinessCalendar, align: str | None = None
) -> Window:
    start = _shift(base, offset.unit, offset.low, cal)
    end = max(start, _last(base, offset, cal, start))
    due = start
    if align == "start_of_week":
        due = cal.start_of_week_on_or_after(start)
        end = max(end, due)
    return Window(start, end, due, _nominal(base, offset.unit, offset.low))


def describe_offset(offset: Offset) -> str:
    return offset.describe()


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
