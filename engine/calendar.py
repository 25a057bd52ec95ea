"""Business days: weekends and the timeline country's public holidays (from `holidays`).

Importing `holidays` and building a country costs about 200 ms, more than everything else a
`followup run` does, so each (holidays version, country, subdivision, year) is computed once and
kept as a small JSON file in the user's cache folder. The cache is keyed by the installed
`holidays` version, read from its source file without importing it.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import json
from pathlib import Path

from . import cache
from .errors import InputError, Location

_ONE_DAY = dt.timedelta(days=1)


@functools.cache
def _holidays_version() -> str:
    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:  # pragma: no cover - a declared dependency
        raise RuntimeError("the 'holidays' package is not installed")
    # The dist-info folder names the installed version; importlib.metadata would cost 20 ms.
    site = Path(spec.origin).parent.parent
    for info in sorted(site.glob("holidays-*.dist-info")):
        return info.name[len("holidays-") : -len(".dist-info")]
    return "unknown"


def _compute_year(country: str, subdivision: str | None, year: int) -> dict[str, str]:
    import holidays  # deferred: see the module docstring

    table = holidays.country_holidays(country, subdiv=subdivision, years=[year])
    return {day.isoformat(): str(name) for day, name in sorted(table.items())}


def _year_table(country: str, subdivision: str | None, year: int) -> dict[str, str]:
    folder = cache.cache_dir(f"holidays-{_holidays_version()}")
    file = folder / f"{country}-{subdivision or ''}-{year}.json" if folder else None
    text = cache.read(file)
    if text is not None:
        try:
            loaded = json.loads(text)
        except ValueError:
            loaded = None
        if isinstance(loaded, dict) and all(isinstance(v, str) for v in loaded.values()):
            return loaded
    table = _compute_year(country, subdivision, year)
    cache.write(file, json.dumps(table, sort_keys=True))
    return table


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

    def start_of_week_on_or_after(self, day: dt.date) -> dt.date:
        """The first business day of a week (Monday, or later if Monday is a holiday), >= day."""
        monday = day - dt.timedelta(days=day.weekday())
        while True:
            first = self.roll_forward(monday)
            if first >= day and first - monday < dt.timedelta(days=5):
                return first
            monday += dt.timedelta(days=7)
