"""engine/dates/timing.py: a window never ends past the advice's maximum because of a weekend or
a holiday, checked on every start day of two years in the US, GB and DE calendars."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.dates.calendar import BusinessCalendar
from engine.dates.timing import Window, chase_end, window
from engine.model import Offset

D = dt.date
CALENDARS = {c: BusinessCalendar(c) for c in ("US", "GB", "DE")}
FIRST = D(2026, 1, 1)
DAYS = [FIRST + dt.timedelta(days=n) for n in range(730)]
UNIT_DAYS = {"days": 1, "weeks": 7}


def _calendar_day(base: dt.date, unit: str, amount: int) -> dt.date:
    if unit == "months":  # written out with dateutil, not the engine's own month arithmetic
        return base + relativedelta(months=amount)
    days = -(-amount // 24) if unit == "hours" else amount * UNIT_DAYS[unit]
    return base + dt.timedelta(days=days)


def _expected(base: dt.date, offset: Offset, cal: BusinessCalendar) -> tuple[dt.date, dt.date]:
    """The window as the rule states it, written out day by day."""
    if offset.unit == "business_days":
        start = cal.roll_forward(cal.add_business_days(base, offset.low))
        return start, max(start, cal.add_business_days(base, offset.high))
    low = _calendar_day(base, offset.unit, offset.low)
    high = _calendar_day(base, offset.unit, offset.high)
    inside = [
        low + dt.timedelta(days=n)
        for n in range((high - low).days + 1)
        if cal.is_business_day(low + dt.timedelta(days=n))
    ]
    start = cal.roll_forward(low)
    return start, (inside[-1] if inside else start)


@st.composite
def _offsets(draw: st.DrawFn) -> Offset:
    unit = draw(st.sampled_from(["days", "weeks", "business_days", "hours", "months"]))
    top = {"days": 30, "weeks": 4, "business_days": 20, "hours": 240, "months": 3}[unit]
    low = draw(st.integers(0, top))
    return Offset(unit, low, draw(st.integers(low, top)))  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(_offsets())
def test_no_window_ends_past_its_maximum_on_any_day_of_two_years(offset: Offset) -> None:
    for country, cal in CALENDARS.items():
        for base in DAYS:
            win = window(base, offset, cal)
            start, end = _expected(base, offset, cal)
            assert (win.start, win.end, win.due) == (start, end, start), (country, base, offset)
            assert cal.is_business_day(win.start) and cal.is_business_day(win.end)
            if offset.unit != "business_days":
                high = _calendar_day(base, offset.unit, offset.high)
                # Past the maximum only when the whole window is closed: then it is its start.
                assert win.end <= high or win.end == win.start, (country, base, offset)


def test_a_week_to_ten_days_ending_on_a_saturday_ends_on_the_friday() -> None:
    # Wed 2026-11-18 + 10 days is Sat 11-28: the window ends Fri 11-27 (day 9), not Mon 11-30.
    us = CALENDARS["US"]
    assert window(D(2026, 11, 18), Offset("days", 7, 10), us) == Window(
        D(2026, 11, 25), D(2026, 11, 27), D(2026, 11, 25)
    )


def test_five_to_seven_days_ending_on_a_holiday_ends_before_it() -> None:
    # Thu 2026-12-18 + 7 days is Fri 12-25 (Christmas): the window ends Thu 12-24, not Mon 12-28.
    us = CALENDARS["US"]
    assert window(D(2026, 12, 18), Offset("days", 5, 7), us).end == D(2026, 12, 24)


def test_a_window_with_no_business_day_inside_ends_where_it_starts() -> None:
    # Thu 2026-12-24 + 1-3 days is Fri 12-25 to Sun 12-27, all closed: Mon 12-28 only.
    us = CALENDARS["US"]
    win = window(D(2026, 12, 24), Offset("days", 1, 3), us)
    assert (win.start, win.end) == (D(2026, 12, 28), D(2026, 12, 28))


def test_a_month_is_a_calendar_month_and_a_short_month_ends_it() -> None:
    us = CALENDARS["US"]
    # 2026-01-31 + 1 month is Sat 02-28 (no 31 February): it opens on Mon 03-02.
    assert window(D(2026, 1, 31), Offset("months", 1, 1), us).start == D(2026, 3, 2)
    # 1-2 months after Mon 2026-03-16: Thu 04-16 to Sat 05-16, which ends on Fri 05-15.
    win = window(D(2026, 3, 16), Offset("months", 1, 2), us)
    assert (win.start, win.end) == (D(2026, 4, 16), D(2026, 5, 15))


def test_same_weekday_is_the_base_weekday_inside_the_window() -> None:
    us = CALENDARS["US"]
    # A Tuesday interview (2026-11-10), 5-9 days: window Mon 11-16 to Thu 11-19, due Tue 11-17.
    win = window(D(2026, 11, 10), Offset("days", 5, 9), us, "same_weekday")
    assert (win.start, win.end, win.due, win.aligned) == (
        D(2026, 11, 16), D(2026, 11, 19), D(2026, 11, 17), None
    )  # fmt: skip


def test_same_weekday_on_a_holiday_is_the_next_business_day_in_the_window() -> None:
    us = CALENDARS["US"]
    # Thu 2026-11-19: the Thursday after is Thanksgiving (11-26), so Fri 11-27.
    win = window(D(2026, 11, 19), Offset("days", 5, 9), us, "same_weekday")
    assert (win.due, win.aligned) == (D(2026, 11, 27), D(2026, 11, 26))


def test_same_weekday_closed_with_nothing_open_after_it_is_the_windows_last_day() -> None:
    us = CALENDARS["US"]
    # Fri 2026-12-18 + 5-9 days is Wed 12-23 to Sun 12-27; Friday is Christmas and the rest is
    # closed: the window's last business day, Thu 12-24.
    win = window(D(2026, 12, 18), Offset("days", 5, 9), us, "same_weekday")
    assert (win.end, win.due, win.aligned) == (D(2026, 12, 24), D(2026, 12, 24), D(2026, 12, 25))


def test_same_weekday_not_in_the_window_leaves_the_due_day() -> None:
    us = CALENDARS["US"]
    # A Monday (2026-11-09) + 1-3 days holds no Monday: due on its first day, as without align.
    win = window(D(2026, 11, 9), Offset("days", 1, 3), us, "same_weekday")
    assert win == window(D(2026, 11, 9), Offset("days", 1, 3), us)


SPANS = (Offset("days", 5, 9), Offset("business_days", 3, 8), Offset("weeks", 1, 2))


def test_same_weekday_never_moves_the_window() -> None:
    for country, cal in CALENDARS.items():
        for base in DAYS[:120]:
            for offset in SPANS:
                plain = window(base, offset, cal)
                win = window(base, offset, cal, "same_weekday")
                assert (win.start, win.end) == (plain.start, plain.end), (country, base)
                assert win.end is not None and win.start <= win.due <= win.end
                assert cal.is_business_day(win.due)


def test_a_chase_end_cuts_the_window_to_its_last_business_day() -> None:
    us = CALENDARS["US"]
    # 7-9 days after Tue 2026-11-24 is Tue 12-01 to Thu 12-03; the chase ends Tue 12-01.
    win = window(D(2026, 11, 24), Offset("days", 7, 9), us, last=D(2026, 12, 1))
    assert (win.start, win.end, win.due) == (D(2026, 12, 1), D(2026, 12, 1), D(2026, 12, 1))
    # An open window gets an end; one ending on a Sunday ends on the Friday before it.
    win = window(D(2026, 11, 16), Offset("days", 1, None), us, last=D(2026, 11, 22))
    assert win.end == D(2026, 11, 20)


def test_a_chase_end_counts_calendar_units_without_rolling_and_business_days_as_such() -> None:
    us = CALENDARS["US"]
    tuesday = D(2026, 11, 17)
    assert chase_end(tuesday, Offset("weeks", 2, 2), us) == D(2026, 12, 1)
    assert chase_end(D(2026, 12, 12), Offset("weeks", 2, 2), us) == D(2026, 12, 26)  # a Saturday
    # Ten business days after Tue 11-17, Thanksgiving skipped: Wed 12-02.
    assert chase_end(tuesday, Offset("business_days", 10, 10), us) == D(2026, 12, 2)
    assert chase_end(D(2026, 1, 31), Offset("months", 1, 1), us) == D(2026, 2, 28)
