"""A day as the command line gives it: a date, or a day counted from today.

`--as-of` and `--until` take `2026-11-21`, `today`, `tomorrow`, `yesterday`, `+3d` or `-2d`.
Which day "today" is depends on where the candidate lives, and the timeline that says so is
read after the options, so a relative day stays a `RelativeDay` until `resolve` is given the
timeline's time zone.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final, NamedTuple

from .calendar import DAY_RANGE, FIRST_DAY, LAST_DAY, DayError, parse_day

__all__ = ["DaySpec", "RelativeDay", "parse_day_spec", "resolve", "today_in"]

_WORDS: Final = {"today": 0, "tomorrow": 1, "yesterday": -1}
_OFFSET: Final = re.compile(r"^(?P<sign>[+-])(?P<n>[0-9]{1,5})d$")
_ISO: Final = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
HINT: Final = "use YYYY-MM-DD, today, tomorrow, yesterday, +Nd or -Nd"


class RelativeDay(NamedTuple):
    """`days` after today where the candidate lives (before it when negative)."""

    days: int
    text: str  # as the user wrote it, for messages


DaySpec = dt.date | RelativeDay


def parse_day_spec(text: str) -> DaySpec:
    """A date, or a day relative to today; a DayError naming every accepted form."""
    word = text.strip().lower()
    if word in _WORDS:
        return RelativeDay(_WORDS[word], text)
    match = _OFFSET.match(word)
    if match:
        n = int(match["n"])
        return RelativeDay(n if match["sign"] == "+" else -n, text)
    if not _ISO.match(word):
        raise DayError(f"{text!r} is not a day", HINT)
    return parse_day(text)  # "2026-02-30 is not a real date", or outside the supported range


def today_in(timezone: str) -> dt.date:
    """Today's date where the candidate lives (the default `as_of`)."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(timezone)).date()


def resolve(spec: DaySpec, timezone: str) -> dt.date:
    """The date `spec` names for a candidate in `timezone`; a DayError outside the supported
    range (`+99999d`)."""
    if isinstance(spec, dt.date):
        return spec
    day = today_in(timezone) + dt.timedelta(days=spec.days)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DayError(
            f"{spec.text!r} is {day.isoformat()}, outside the supported dates",
            f"use a day from {DAY_RANGE}",
        )
    return day
