"""Business days: weekends and the timeline country's public holidays (from `holidays`).

Importing `holidays` and building a country costs about 200 ms, more than everything else a
`followup run` does, so each (holidays version, country, subdivision, year) is computed once and
kept as a small JSON file in the user's cache folder, keyed by the installed `holidays` version
(from its distribution metadata, without importing it).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import FollowupError, InputError, Location
from ..io import cache

_ONE_DAY = dt.timedelta(days=1)

# The days followup reasons about. A pack's offsets add at most a few years to a date, so
# nothing computed from a day in this range comes near the ends of Python's calendar, and the
# `holidays` package knows most countries' holidays across it.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2099, 12, 31)
DAY_RANGE = f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"


class DayError(FollowupError, ValueError):
    """Not a day followup can use: `message` says what is wrong, `hint` how to fix it.

    Also a ValueError, as it was before it joined the root, for callers that catch that.
    """

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message, None, hint)


def parse_day(text: str) -> dt.date:
    """A YYYY-MM-DD day within FIRST_DAY..LAST_DAY, or a DayError."""
    try:
        day = dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise DayError(f"{text!r} is not a real date", "use YYYY-MM-DD") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DayError(f"{text!r} is outside the supported dates", f"use a day from {DAY_RANGE}")
    return day


@functools.cache
def _holidays_version() -> str:
    """The installed `holidays` version, as importlib.metadata reports it.

    Importing importlib.metadata costs about 10 ms, more than the rest of a cached run's own
    work, so its answer is kept in the disk cache under the identity of the package's files
    (path, inode, size, modification time): installing another version replaces them, which
    changes the key, so a remembered version is never that of another installation.
    """
    import importlib.util

    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:  # pragma: no cover - a declared dependency
        raise RuntimeError("the 'holidays' package is not installed")
    try:
        st = os.stat(spec.origin)
        key = f"holidays version {spec.origin} {st.st_ino} {st.st_size} {st.st_mtime_ns}"
    except OSError:
        key = ""
    folder = cache.cache_dir() if key else None
    file = folder / "holidays-version.json" if folder else None
    remembered = cache.read(file, key)
    if isinstance(remembered, str):
        return remembered
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("holidays")
    except PackageNotFoundError:  # pragma: no cover - a declared dependency
        raise RuntimeError("the 'holidays' package is not installed") from None
    cache.write(file, key, found)
    return found


def _compute_year(country: str, subdivision: str | None, year: int) -> dict[str, str]:
    import warnings

    import holidays  # deferred: see the module docstring

    # Outside the years a country's calendar fully covers, `holidays` warns on stderr and
    # returns what it knows (fixed-date holidays): that is used as it is (docs/timeline.md), and
    # the raw warning, with a file path and a source line, must not reach the terminal.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = holidays.country_holidays(country, subdiv=subdivision, years=[year])
    return {day.isoformat(): str(name) for day, name in sorted(table.items())}


# Year tables already read in this process, by cache folder, country, subdivision and year:
# a batch makes calendars per timeline, and reading the disk cache each time cost more than
# the matching. Shared: never to be changed.
_READ: dict[tuple[str, str, str | None, int], dict[str, str]] = {}
_MAX_READ = 4096


def forget_years() -> None:
    """Read the year tables from the disk cache again, as a new process would."""
    _READ.clear()


def _year_table(country: str, subdivision: str | None, year: int) -> dict[str, str]:
    folder = cache.cache_dir(f"holidays-{_holidays_version()}")
    seen = (str(folder), country, subdivision, year)
    table = _READ.get(seen)
    if table is None:
        if len(_READ) >= _MAX_READ:  # untrusted timelines could name years without end
            _READ.clear()
        table = _READ[seen] = _stored_year(folder, country, subdivision, year)
    return table


def _stored_year(
    folder: Path | None, country: str, subdivision: str | None, year: int
) -> dict[str, str]:
    key = f"holidays {_holidays_version()} {country} {subdivision or ''} {year}"
    # The subdivision is the timeline's text: quoted, so that "a/b" or a NUL cannot make a path.
    name = f"{country}-{quote(subdivision or '', safe='')}-{year}.json"
    file = folder / name if folder else None
    loaded = cache.read(file, key)
    if loaded is not None and _is_year_table(loaded, year):
        return dict(loaded)
    table = _compute_year(country, subdivision, year)
    cache.write(file, key, table)
    return table


def _is_year_table(data: Any, year: int) -> bool:
    """A cached entry has the shape `_compute_year` gives: ISO days of `year` to names."""
    if not isinstance(data, dict):
        return False
    for day, name in data.items():
        if not isinstance(name, str):
            return False
        try:
            if dt.date.fromisoformat(day).year != year:
                return False
        except (TypeError, ValueError):
            return False
    return True


def check_country(country: str, subdivision: str | None, location: Location | None) -> None:
    """Raise an InputError unless `holidays` knows the country (and subdivision)."""
    try:
        _year_table(country, subdivision, 2000)
    except NotImplementedError:
        raise InputError(
            f"no public-holiday calendar for country {country!r}"
            + (f" subdivision {subdivision!r}" if subdivision else ""),
            location,
            "use an ISO 3166-1 alpha-2 code such as US, GB or DE, and a subdivision it knows",
        ) from None


class BusinessCalendar:
    """Weekdays that are not public holidays in one country (and subdivision)."""

    def __init__(self, country: str, subdivision: str | None = None) -> None:
        self.country = country
        self.subdivision = subdivision
        self._years: dict[int, dict[str, str]] = {}

    def holiday(self, day: dt.date) -> str | None:
        """The holiday's name, or None when `day` is not a public holiday."""
        table = self._years.get(day.year)
        if table is None:
            table = self._years[day.year] = _year_table(self.country, self.subdivision, day.year)
        return table.get(day.isoformat())

    def is_business_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and self.holiday(day) is None

    def add_business_days(self, day: dt.date, count: int) -> dt.date:
        """The `count`-th business day after `day` (`day` itself when count is 0)."""
        while count > 0:
            day += _ONE_DAY
            if self.is_business_day(day):
                count -= 1
        return day

    def roll_forward(self, day: dt.date) -> dt.date:
        """`day` if it is a business day, else the next one."""
        while not self.is_business_day(day):
            day += _ONE_DAY
        return day

    def roll_back(self, day: dt.date, floor: dt.date) -> dt.date | None:
        """`day` if it is a business day, else the latest one before it, down to `floor`
        (None when every day from `floor` to `day` is closed)."""
        while day >= floor:
            if self.is_business_day(day):
                return day
            day -= _ONE_DAY
        return None

    def start_of_week_on_or_after(self, day: dt.date) -> dt.date:
        """The first business day of a week (Monday, or later if Monday is a holiday), >= day."""
        monday = day - dt.timedelta(days=day.weekday())
        while True:
            first = self.roll_forward(monday)
            if first >= day and first - monday < dt.timedelta(days=5):
                return first
            monday += dt.timedelta(days=7)
