"""The dates spreadsheets write: ISO `2026-11-02`, `11/02/2026` (month first unless the file
writes the day first), `02.11.2026` (always day first), `2 Nov 2026`, `Nov 2, 2026`.

A date that could be read two ways is never guessed at: a two-digit year is refused, and so
is `13/02/2026` read month first (there is no month 13), with the remedy that reads it the
other way. An Excel serial number (`46328`) is refused with a hint to format the column.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Final

from ..dates.calendar import DayError, parse_day
from ..errors import Remedy

__all__ = ["SheetDateError", "parse_sheet_date"]

_MONTHS: Final[dict[str, int]] = {
    name.casefold(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
} | {"sept": 9}
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})")
_TIME = re.compile(r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?[AaPp][Mm])?)?")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?", re.IGNORECASE)
FORMS = "YYYY-MM-DD, MM/DD/YYYY, 2 Nov 2026 or Nov 2, 2026"


class SheetDateError(DayError):
    """A cell that is not a date followup can read: `message`, `hint`, and maybe a remedy."""

    def __init__(self, message: str, hint: str = "", remedy: Remedy | None = None) -> None:
        super().__init__(message, hint)
        self.remedy = remedy


def _day(text: str, year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise SheetDateError(f"{text!r} is not a real date (there is no month {month})")
    try:
        found = dt.date(year, month, day)
    except ValueError:
        raise SheetDateError(
            f"{text!r} is not a real date ({calendar.month_name[month]} has no day {day})"
        ) from None
    try:
        return parse_day(found.isoformat())
    except DayError as exc:
        raise SheetDateError(f"{text!r} is outside the supported dates", exc.hint) from None


def _numeric(text: str, match: re.Match[str], day_first: bool) -> dt.date:
    first, sep, second, year = match.groups()
    if len(year) == 2:
        raise SheetDateError(
            f"the two-digit year in {text!r} could be more than one year",
            "write the year in full, as in 2026",
        )
    if sep == ".":  # dotted dates are written day first wherever they are used
        day_first = True
    day, month = (int(first), int(second)) if day_first else (int(second), int(first))
    if month > 12 and day <= 12:  # the other order would read: say so rather than guess
        order = "day" if day_first else "month"
        raise SheetDateError(
            f"{text!r} is not a date read {order} first (there is no month {month})",
            remedy=None if sep == "." else ("month_first" if day_first else "day_first"),
        )
    return _day(text, int(year), month, day)


def _worded(text: str) -> dt.date | None:
    parts = [p for p in re.split(r"[\s,-]+", text.strip()) if p]
    if len(parts) != 3:
        return None
    months = [i for i, p in enumerate(parts) if p.casefold().rstrip(".") in _MONTHS]
    years = [i for i, p in enumerate(parts) if re.fullmatch(r"\d{4}", p)]
    if len(months) != 1 or len(years) != 1 or years[0] != 2:
        return None
    day_text = parts[1 - months[0] if months[0] < 2 else 0]
    match = _ORDINAL.fullmatch(day_text)
    if not match:
        return None
    month = _MONTHS[parts[months[0]].casefold().rstrip(".")]
    return _day(text, int(parts[2]), month, int(match[1]))


def parse_sheet_date(text: str, day_first: bool = False) -> dt.date:
    """The day a date cell gives, or a SheetDateError saying why it cannot be read."""
    cell = text.strip()
    for pattern in (_ISO, _NUMERIC):
        match = re.match(pattern.pattern + _TIME.pattern + r"\Z", cell)
        if match and pattern is _ISO:
            year, month, day = (int(g) for g in match.groups())
            return _day(cell, year, month, day)
        if match:
            return _numeric(cell, match, day_first)
    worded = _worded(cell)
    if worded is not None:
        return worded
    if _SERIAL.fullmatch(cell):
        raise SheetDateError(
            f"{cell!r} looks like a spreadsheet's date serial number, not a date",
            f"format the column as dates before saving it as CSV: {FORMS}",
        )
    raise SheetDateError(f"{cell!r} is not a date", f"write {FORMS}")
