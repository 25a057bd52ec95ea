"""Business-day arithmetic (engine.dates.calendar) and due windows (engine.dates.timing)."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
from functools import cache
from pathlib import Path

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.dates.calendar import BusinessCalendar
from engine.dates.timing import Window, window
from engine.model import Offset

D = dt.date
US = BusinessCalendar("US")
US_IL = BusinessCalendar("US", "IL")
GB = BusinessCalendar("GB")
DE = BusinessCalendar("DE")


def days(unit: str, low: int, high: int | None = None) -> Offset:
    return Offset(unit=unit, low=low, high=low if high is None else high)  # type: ignore[arg-type]


# --- holidays -----------------------------------------------------------------------------------


def test_thanksgiving_is_skipped() -> None:
    thanksgiving = D(2026, 11, 26)
    assert "Thanksgiving" in (US.holiday(thanksgiving) or "")
    assert not US.is_business_day(thanksgiving)
    # Wed 11-25 + 3 business days: Fri 27, Mon 30, Tue 12-01.
    assert US.add_business_days(D(2026, 11, 25), 3) == D(2026, 12, 1)
    assert US.add_business_days(D(2026, 11, 25), 1) == D(2026, 11, 27)
    # The day after Thanksgiving is not a federal holiday.
    assert US.is_business_day(D(2026, 11, 27))


def test_independence_day_on_a_saturday_is_observed_on_friday() -> None:
    assert D(2026, 7, 4).weekday() == 5
    assert US.holiday(D(2026, 7, 3)) is not None
    assert not US.is_business_day(D(2026, 7, 3))
    assert US.add_business_days(D(2026, 7, 2), 1) == D(2026, 7, 6)
    assert US.roll_forward(D(2026, 7, 3)) == D(2026, 7, 6)


def test_christmas() -> None:
    assert D(2026, 12, 25).weekday() == 4
    assert not US.is_business_day(D(2026, 12, 25))
    assert US.add_business_days(D(2026, 12, 24), 1) == D(2026, 12, 28)
    assert US.roll_forward(D(2026, 12, 25)) == D(2026, 12, 28)
    # 2027-12-25 is a Saturday: observed on Friday 12-24.
    assert not US.is_business_day(D(2027, 12, 24))
    assert US.add_business_days(D(2027, 12, 23), 1) == D(2027, 12, 27)


def test_weekends() -> None:
    assert not US.is_business_day(D(2026, 11, 21))  # Saturday
    assert not US.is_business_day(D(2026, 11, 22))  # Sunday
    assert US.is_business_day(D(2026, 11, 23))
    assert US.add_business_days(D(2026, 11, 20), 1) == D(2026, 11, 23)
    assert US.add_business_days(D(2026, 11, 21), 1) == D(2026, 11, 23)
    assert US.add_business_days(D(2026, 11, 16), 5) == D(2026, 11, 23)
    assert US.add_business_days(D(2026, 11, 16), 0) == D(2026, 11, 16)
    assert US.roll_forward(D(2026, 11, 21)) == D(2026, 11, 23)
    assert US.roll_forward(D(2026, 11, 23)) == D(2026, 11, 23)


def test_subdivision_holiday_counts_only_in_its_subdivision() -> None:
    lincoln = D(2026, 2, 12)  # a Thursday; a state holiday in Illinois, not a federal one
    assert US.is_business_day(lincoln)
    assert US_IL.holiday(lincoln) is not None
    assert not US_IL.is_business_day(lincoln)
    assert US.add_business_days(D(2026, 2, 11), 1) == lincoln
    assert US_IL.add_business_days(D(2026, 2, 11), 1) == D(2026, 2, 13)
    # Federal holidays still count in the subdivision.
    assert not US_IL.is_business_day(D(2026, 11, 26))


def test_non_us_countries() -> None:
    # Thanksgiving is an ordinary day in Britain and Germany.
    assert GB.is_business_day(D(2026, 11, 26))
    assert DE.is_business_day(D(2026, 11, 26))
    # Boxing Day 2026 is a Saturday: observed on Monday 12-28 in Britain, not in Germany.
    assert not GB.is_business_day(D(2026, 12, 28))
    assert GB.add_business_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
    assert DE.add_business_days(D(2026, 12, 24), 1) == D(2026, 12, 28)
    # Spring bank holiday (GB) and Labour Day on a Friday (DE).
    assert not GB.is_business_day(D(2026, 5, 25))
    assert US.is_business_day(D(2026, 5, 1))
    assert not DE.is_business_day(D(2026, 5, 1))
    assert DE.add_business_days(D(2026, 4, 30), 1) == D(2026, 5, 4)
    # Juneteenth (US) is a working day in Germany; Whit Monday (DE) is one in the US.
    assert not US.is_business_day(D(2026, 6, 19))
    assert DE.is_business_day(D(2026, 6, 19))
    assert not DE.is_business_day(D(2026, 5, 25))
    assert US.is_business_day(D(2026, 5, 26))


def test_year_boundaries() -> None:
    assert US.add_business_days(D(2026, 12, 31), 1) == D(2027, 1, 4)  # New Year's Day is Friday
    assert US.roll_forward(D(2027, 1, 1)) == D(2027, 1, 4)
    # 2028-01-01 is a Saturday, observed on Friday 2027-12-31: a holiday of one year observed in
    # the year before must still count.
    assert not US.is_business_day(D(2027, 12, 31))
    assert US.add_business_days(D(2027, 12, 30), 1) == D(2028, 1, 3)
    # Thu 24, Mon 28 to Thu 31, then Mon 2027-01-04 (Christmas and New Year's Day skipped).
    assert US.add_business_days(D(2026, 12, 23), 5) == D(2026, 12, 31)
    assert US.add_business_days(D(2026, 12, 23), 6) == D(2027, 1, 4)


# --- windows --------------------------------------------------------------------------------------


def test_calendar_day_offsets_roll_forward_from_a_weekend() -> None:
    # Thu + 2 days = Saturday -> Monday.
    assert window(D(2026, 11, 19), days("days", 2), US) == Window(
        D(2026, 11, 23), D(2026, 11, 23), D(2026, 11, 23)
    )
    # From a Saturday, 0 calendar days is still the next business day.
    assert window(D(2026, 11, 21), days("days", 0), US).due == D(2026, 11, 23)
    # A week after the day before Thanksgiving is a Wednesday; from Thanksgiving's eve + 1 day
    # lands on Thanksgiving and rolls to Friday.
    assert window(D(2026, 11, 18), days("weeks", 1), US).due == D(2026, 11, 25)
    assert window(D(2026, 11, 25), days("days", 1), US).due == D(2026, 11, 27)


def test_hours_are_whole_days_rounded_up() -> None:
    assert window(D(2026, 11, 17), days("hours", 24), US).due == D(2026, 11, 18)
    assert window(D(2026, 11, 17), days("hours", 25), US).due == D(2026, 11, 19)
    assert window(D(2026, 11, 17), days("hours", 0), US).due == D(2026, 11, 17)


def test_windows() -> None:
    # 7-10 days after Wed 11-18: Wed 11-25 to Sat 11-28, which ends on Fri 11-27, inside it.
    assert window(D(2026, 11, 18), days("days", 7, 10), US) == Window(
        D(2026, 11, 25), D(2026, 11, 27), D(2026, 11, 25)
    )
    # 2-4 business days after Wed 11-25 skip Thanksgiving: Fri 27 is the first.
    assert window(D(2026, 11, 25), days("business_days", 2, 4), US) == Window(
        D(2026, 11, 30), D(2026, 12, 2), D(2026, 11, 30)
    )
    # The same calendar window in Germany has no holiday in it.
    assert window(D(2026, 11, 25), days("business_days", 2, 4), DE) == Window(
        D(2026, 11, 27), D(2026, 12, 1), D(2026, 11, 27)
    )
    # No business day inside (Sat-Sun): both ends on the next business day.
    assert window(D(2026, 11, 19), days("days", 2, 3), US) == Window(
        D(2026, 11, 23), D(2026, 11, 23), D(2026, 11, 23)
    )


def test_align_start_of_week() -> None:
    assert US.start_of_week_on_or_after(D(2026, 11, 18)) == D(2026, 11, 23)
    assert US.start_of_week_on_or_after(D(2026, 11, 23)) == D(2026, 11, 23)
    assert US.start_of_week_on_or_after(D(2026, 11, 22)) == D(2026, 11, 23)
    # Labor Day, Monday 2026-09-07: the week starts on Tuesday.
    assert US.holiday(D(2026, 9, 7)) is not None
    assert US.start_of_week_on_or_after(D(2026, 9, 2)) == D(2026, 9, 8)
    assert US.start_of_week_on_or_after(D(2026, 9, 8)) == D(2026, 9, 8)
    # A Tuesday in an ordinary week belongs to the next week's Monday.
    assert US.start_of_week_on_or_after(D(2026, 9, 15)) == D(2026, 9, 21)
    # New Year 2027 is a Friday; the week of 12-28 starts normally, the next on Monday 01-04.
    assert US.start_of_week_on_or_after(D(2026, 12, 29)) == D(2027, 1, 4)
    # Aiming never leaves the window: a one-day window on a Thursday holds no week's start.
    aligned = window(D(2026, 9, 2), days("business_days", 1), US, "start_of_week")
    assert aligned == Window(D(2026, 9, 3), D(2026, 9, 3), D(2026, 9, 3))
    # "5-7 days after you submit your application, aiming for the beginning of the week"
    # (career-pivot): from a Wednesday the window holds a Monday, from a Thursday none, so the
    # Thursday's follow-up is due on the window's first day, not on the Monday after it.
    wednesday = window(D(2026, 3, 4), days("days", 5, 7), US, "start_of_week")
    assert wednesday == Window(D(2026, 3, 9), D(2026, 3, 11), D(2026, 3, 9))
    thursday = window(D(2026, 3, 5), days("days", 5, 7), US, "start_of_week")
    assert thursday == Window(D(2026, 3, 10), D(2026, 3, 12), D(2026, 3, 10))
    # A start that is itself the first business day of its week stays.
    aligned = window(D(2026, 9, 3), days("days", 4), US, "start_of_week")
    assert aligned == Window(D(2026, 9, 8), D(2026, 9, 8), D(2026, 9, 8))


def test_zero_business_days_from_a_weekend_is_not_due_on_the_weekend() -> None:
    # Fixed in c71dacb: add_business_days(d, 0) is d itself, and windows used it unrolled.
    saturday = D(2026, 11, 21)
    win = window(saturday, days("business_days", 0), US)
    assert US.is_business_day(win.due)
    assert US.is_business_day(window(D(2026, 11, 26), days("business_days", 0, 2), US).start)


# --- the holiday cache ----------------------------------------------------------------------------


# Dates whose answers the cache must preserve; CA 2029 is a country-year no other test asks
# for, so the first lookup here is a genuine miss even if a process-wide memo is added later.
CACHE_PROBES = [D(2029, 7, 1), D(2029, 7, 2), D(2029, 12, 25), D(2029, 12, 26), D(2029, 3, 14)]


def _answers(cal: BusinessCalendar) -> list[tuple[bool, str | None]]:
    return [(cal.is_business_day(d), cal.holiday(d)) for d in CACHE_PROBES]


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_holiday_cache_is_written_and_reread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("FOLLOWUP_NO_CACHE", raising=False)
    first = _answers(BusinessCalendar("CA"))
    written = [p for p in _files(tmp_path) if "CA" in p.name and "2029" in p.name]
    assert written, _files(tmp_path)
    assert all(tmp_path / "followup" in p.parents for p in written)
    assert all(not p.name.startswith(".tmp") for p in _files(tmp_path))
    assert _answers(BusinessCalendar("CA")) == first
    expected = holidays.country_holidays("CA", years=2029)
    assert [(d.weekday() < 5 and d not in expected) for d in CACHE_PROBES] == [a for a, _ in first]


def test_holiday_cache_that_is_corrupt_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("FOLLOWUP_NO_CACHE", raising=False)
    first = _answers(BusinessCalendar("CA"))
    for path in _files(tmp_path):
        path.write_bytes(b"\x00not json{")
    assert _answers(BusinessCalendar("CA")) == first


def test_holiday_cache_file_is_json_of_the_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("FOLLOWUP_NO_CACHE", raising=False)
    BusinessCalendar("CA").holiday(D(2029, 1, 1))
    (path,) = [p for p in _files(tmp_path) if "CA" in p.name and "2029" in p.name]
    table = json.loads(path.read_text(encoding="utf-8"))["payload"]
    assert table["2029-07-01"] == "Canada Day"
    assert all(key.startswith("2029-") for key in table)


def test_no_cache_env_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("FOLLOWUP_NO_CACHE", "1")
    with_cache_off = _answers(BusinessCalendar("CA"))
    BusinessCalendar("US", "IL").add_business_days(D(2031, 12, 20), 10)
    assert _files(tmp_path) == []
    monkeypatch.delenv("FOLLOWUP_NO_CACHE")
    assert _answers(BusinessCalendar("CA")) == with_cache_off


def test_unwritable_cache_folder_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.delenv("FOLLOWUP_NO_CACHE", raising=False)
    assert not US.is_business_day(D(2026, 11, 26))
    assert not BusinessCalendar("US").is_business_day(D(2033, 11, 24))  # Thanksgiving 2033


# --- properties -----------------------------------------------------------------------------------


@cache
def _oracle(country: str, subdivision: str | None) -> holidays.HolidayBase:
    return holidays.country_holidays(country, subdiv=subdivision, years=range(2019, 2036))


def _is_business_day(country: str, subdivision: str | None, day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _oracle(country, subdivision)


CALENDARS = {("US", None): US, ("US", "IL"): US_IL, ("GB", None): GB, ("DE", None): DE}
calendars = st.sampled_from(sorted(CALENDARS, key=str))
dates = st.dates(min_value=D(2020, 1, 1), max_value=D(2034, 6, 30))


@settings(max_examples=300, deadline=None)
@given(where=calendars, day=dates, n=st.integers(min_value=1, max_value=60))
def test_add_business_days_lands_on_a_business_day(
    where: tuple[str, str | None], day: dt.date, n: int
) -> None:
    result = CALENDARS[where].add_business_days(day, n)
    assert result > day
    assert CALENDARS[where].is_business_day(result)
    assert _is_business_day(*where, result)


@settings(max_examples=300, deadline=None)
@given(where=calendars, day=dates, n=st.integers(min_value=0, max_value=60))
def test_add_business_days_is_strictly_increasing(
    where: tuple[str, str | None], day: dt.date, n: int
) -> None:
    cal = CALENDARS[where]
    assert cal.add_business_days(day, n) < cal.add_business_days(day, n + 1)


@settings(max_examples=300, deadline=None)
@given(where=calendars, day=dates, n=st.integers(min_value=0, max_value=60))
def test_add_business_days_counts_exactly_n(
    where: tuple[str, str | None], day: dt.date, n: int
) -> None:
    result = CALENDARS[where].add_business_days(day, n)
    span = (result - day).days
    counted = sum(_is_business_day(*where, day + dt.timedelta(days=i)) for i in range(1, span + 1))
    assert counted == n


@settings(max_examples=300, deadline=None)
@given(where=calendars, day=dates)
def test_roll_forward_is_the_first_business_day_on_or_after(
    where: tuple[str, str | None], day: dt.date
) -> None:
    result = CALENDARS[where].roll_forward(day)
    assert result >= day
    assert _is_business_day(*where, result)
    gap = (result - day).days
    assert not any(_is_business_day(*where, day + dt.timedelta(days=i)) for i in range(gap))


@settings(max_examples=300, deadline=None)
@given(
    where=calendars,
    base=dates,
    unit=st.sampled_from(["days", "business_days", "weeks", "hours"]),
    low=st.integers(min_value=0, max_value=40),
    extra=st.integers(min_value=0, max_value=20),
    align=st.sampled_from([None, "start_of_week"]),
)
def test_windows_are_ordered_and_due_on_a_business_day(
    where: tuple[str, str | None],
    base: dt.date,
    unit: str,
    low: int,
    extra: int,
    align: str | None,
) -> None:
    win = window(base, days(unit, low, low + extra), CALENDARS[where], align)
    assert base <= win.start <= win.due <= win.end
    # Aiming for a week's start chooses a day inside the window; it never moves the window.
    plain = window(base, days(unit, low, low + extra), CALENDARS[where])
    assert (win.start, win.end) == (plain.start, plain.end)
    if align is not None and win.due != plain.due:
        assert win.due == CALENDARS[where].start_of_week_on_or_after(plain.due)
    assert _is_business_day(*where, win.due)
    assert _is_business_day(*where, win.start)
    assert _is_business_day(*where, win.end)


def test_holiday_cache_is_keyed_by_the_installed_holidays_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("FOLLOWUP_NO_CACHE", raising=False)
    BusinessCalendar("CA").holiday(D(2029, 1, 1))
    installed = importlib.metadata.version("holidays")
    (path,) = [p for p in _files(tmp_path) if "CA" in p.name and "2029" in p.name]
    assert installed in str(path.relative_to(tmp_path))


@pytest.mark.parametrize("content", ["[]", "null", '"text"'])
def test_holiday_cache_of_the_wrong_shape_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("FOLLOWUP_NO_CACHE", raising=False)
    first = _answers(BusinessCalendar("CA"))
    for path in _files(tmp_path):
        path.write_text(content, encoding="utf-8")
    assert _answers(BusinessCalendar("CA")) == first


def test_a_year_the_holidays_package_covers_only_in_part_warns_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import warnings

    monkeypatch.setenv("FOLLOWUP_NO_CACHE", "1")  # computed here, not read from the cache
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cal = BusinessCalendar("IN")
        days = [D(2040, 1, 26) + dt.timedelta(days=i) for i in range(7)]
        business = [cal.is_business_day(d) for d in days]
    assert caught == []
    # Fixed-date holidays are still known (Republic Day, 26 January); weekends are skipped.
    assert business == [False, *(d.weekday() < 5 for d in days[1:])]
