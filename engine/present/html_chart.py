"""The chart of one application on the html page, as geometry: its past events and, per pack,
the schedule if nobody replies, on one date axis with the weekends and holidays shaded.

Only positions and short labels are computed here; what each mark means is read off the
comparison (the simulated steps of each pack's persistence, its prohibitions, its audit) by
engine/present/html_page.py, which hands in the marks' dates. The template draws the SVG.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Final, NamedTuple

from ..dates.calendar import BusinessCalendar

WIDTH: Final = 960
LEFT: Final = 150  # the lanes' names
RIGHT: Final = 16
TOP: Final = 30  # the axis's labels
LANE: Final = 34
MIN_DAYS: Final = 21  # a chart spans at least three weeks, so that a day stays narrow enough
# Past this many days a chart shades the holidays only: a weekend would be a hairline.
WEEKENDS_UP_TO: Final = 240
_DAY: Final = dt.timedelta(days=1)

# What a mark shows of its channels and recipients: a letter or two each (the legend lists
# them), so that the chart stays legible; the table under it spells them out.
CHANNEL_MARK: Final[dict[str, str]] = {
    "email": "E",
    "phone": "P",
    "voicemail": "V",
    "handwritten_note": "N",
    "letter": "L",
    "linkedin": "in",
    "linkedin_message": "in",
    "linkedin_connection_request": "in+",
    "text_message": "T",
    "video_call": "VC",
    "in_person": "IP",
    "online_form": "F",
    "other": "O",
}
ROLE_MARK: Final[dict[str, str]] = {
    "hiring_manager": "HM",
    "hr": "HR",
    "recruiter": "Rec",
    "interviewer": "Int",
    "other": "Oth",
    "anchor_contact": "Them",
    "most_contacted": "Them",
}

EVENT_MARK: Final[dict[str, str]] = {
    "application_submitted": "A",
    "introduction_call": "C",
    "networking_meeting": "N",
    "informational_interview": "II",
    "interview": "I",
    "decision_expected": "D",
    "thank_you_sent": "T",
    "follow_up_sent": "F",
    "reply_received": "R",
    "rejection": "X",
    "offer": "O",
    "withdrawal": "W",
}


def channel_mark(channels: Iterable[str]) -> str:
    return "/".join(dict.fromkeys(CHANNEL_MARK.get(c, "?") for c in channels))


def role_mark(roles: Iterable[str]) -> str:
    return "/".join(dict.fromkeys(ROLE_MARK.get(r, "?") for r in roles))


class Shade(NamedTuple):
    x: float
    width: float
    name: str  # "Saturday", or the holiday's name
    holiday: bool


class Tick(NamedTuple):
    x: float
    label: str


class Axis(NamedTuple):
    start: dt.date
    end: dt.date  # inclusive
    day: float  # the width of one day

    def x(self, date: dt.date) -> float:
        """The middle of `date`'s column."""
        return round(LEFT + ((date - self.start).days + 0.5) * self.day, 1)


def axis(dates: Iterable[dt.date]) -> Axis:
    """An axis from a day before the first of `dates` to a few days after the last."""
    days = sorted(dates)
    start, end = days[0] - _DAY, days[-1] + 3 * _DAY
    if (end - start).days + 1 < MIN_DAYS:
        end = start + (MIN_DAYS - 1) * _DAY
    count = (end - start).days + 1
    return Axis(start, end, (WIDTH - LEFT - RIGHT) / count)


def _days(a: Axis) -> Iterable[dt.date]:
    day = a.start
    while day <= a.end:
        yield day
        day += _DAY


def shades(a: Axis, cal: BusinessCalendar) -> tuple[Shade, ...]:
    """A band per closed day: weekends (unless the chart spans too long) and public holidays."""
    weekends = (a.end - a.start).days < WEEKENDS_UP_TO
    out = []
    for day in _days(a):
        holiday = cal.holiday(day)
        if holiday is None and not (weekends and day.weekday() >= 5):
            continue
        name = holiday or f"{day:%A}"
        x = round(LEFT + (day - a.start).days * a.day, 1)
        out.append(Shade(x, round(a.day, 2), f"{name}, {day:%a %Y-%m-%d}", holiday is not None))
    return tuple(out)


def ticks(a: Axis) -> tuple[Tick, ...]:
    """Every Monday (`11-23`) on a chart of up to four months; else every first of a month."""
    weekly = (a.end - a.start).days <= 120
    return tuple(
        Tick(a.x(day), f"{day:%m-%d}" if weekly else f"{day:%b %Y}")
        for day in _days(a)
        if (day.weekday() == 0 if weekly else day.day == 1)
    )


def lane_y(index: int) -> float:
    """The middle of lane `index` (0: the timeline's own events)."""
    return TOP + LANE * index + LANE / 2


def height(lanes: int) -> int:
    return TOP + LANE * lanes + 8


def spread(xs: Sequence[float], gap: float) -> list[float]:
    """Positions nudged right so that marks of the same lane keep `gap` apart (the day stays in
    the table and the tooltip): same-day events would otherwise hide one another."""
    out: list[float] = []
    for x in xs:
        out.append(round(max(x, out[-1] + gap), 1) if out else x)
    return out
