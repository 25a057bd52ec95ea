"""engine/tracker/sheetdates.py: the dates spreadsheets write, and the ones never guessed at."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import COMMON_SETTINGS

from engine.tracker.sheetdates import SheetDateError, parse_sheet_date

NOV_2 = dt.date(2026, 11, 2)


@pytest.mark.parametrize(
    "text",
    ["2026-11-02", "2026-11-2", "2026/11/02", "11/02/2026", "11/2/2026", "11-02-2026",
     "02.11.2026", "2.11.2026", "2 Nov 2026", "2 November 2026", "Nov 2, 2026",
     "November 2nd, 2026", "2-Nov-2026", "nov 2 2026", "2026-11-02 10:30", "2026-11-02T10:30:00",
     "11/2/2026 0:00", "11/2/2026 9:15 AM", " 2026-11-02 "],
)  # fmt: skip
def test_the_forms_read_month_first(text: str) -> None:
    assert parse_sheet_date(text) == NOV_2


@pytest.mark.parametrize("text", ["02/11/2026", "2/11/2026", "02-11-2026", "02.11.2026"])
def test_day_first(text: str) -> None:
    assert parse_sheet_date(text, day_first=True) == NOV_2


@pytest.mark.parametrize(
    ("text", "day_first", "said", "remedy"),
    [
        ("13/02/2026", False, "not a date read month first (there is no month 13)", "day_first"),
        ("02/13/2026", True, "not a date read day first (there is no month 13)", "month_first"),
        ("02/30/2026", False, "not a real date (February has no day 30)", None),
        ("2026-02-29", False, "not a real date (February has no day 29)", None),
        ("31.31.2026", False, "not a real date (there is no month 31)", None),
        ("11/02/26", False, "two-digit year", None),
        ("46328", False, "date serial number", None),
        ("soon", False, "is not a date", None),
        ("2100-01-01", False, "outside the supported dates", None),
        ("1899-12-31", False, "outside the supported dates", None),
        ("Nov 2026", False, "is not a date", None),
    ],
)
def test_what_is_refused_and_why(text: str, day_first: bool, said: str, remedy: str) -> None:
    with pytest.raises(SheetDateError) as caught:
        parse_sheet_date(text, day_first)
    assert said in caught.value.message
    assert caught.value.remedy == remedy


@COMMON_SETTINGS
@given(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)), st.booleans())
def test_every_day_reads_back_in_every_form(day: dt.date, day_first: bool) -> None:
    numeric = f"{day.day:02d}/{day.month:02d}/{day.year}" if day_first else day.strftime("%m/%d/%Y")
    for text in (day.isoformat(), numeric, day.strftime("%d %b %Y"), day.strftime("%B %d, %Y")):
        assert parse_sheet_date(text, day_first) == day, text
