"""The html page's chart geometry (engine/present/html_chart.py): one axis, closed days shaded."""

from __future__ import annotations

import datetime as dt

from engine.dates.calendar import BusinessCalendar
from engine.present import html_chart as chart


def test_the_axis_keeps_every_date_inside_the_plot_in_order() -> None:
    days = [dt.date(2026, 11, 2), dt.date(2026, 11, 21), dt.date(2026, 12, 23)]
    a = chart.axis(days)
    xs = [a.x(d) for d in days]
    assert xs == sorted(xs) and len(set(xs)) == 3
    assert xs[0] > chart.LEFT and xs[-1] < chart.WIDTH - chart.RIGHT
    assert (chart.axis([days[1]]).end - chart.axis([days[1]]).start).days + 1 == chart.MIN_DAYS


def test_weekends_and_holidays_are_shaded_and_named() -> None:
    a = chart.axis([dt.date(2026, 11, 20), dt.date(2026, 11, 30)])
    shades = chart.shades(a, BusinessCalendar("US", "IL"))
    names = [s.name for s in shades]
    assert "Saturday, Sat 2026-11-21" in names
    assert [s.name for s in shades if s.holiday] == ["Thanksgiving Day, Thu 2026-11-26"]
    assert all(s.name.split(", ")[0] in ("Saturday", "Sunday") for s in shades if not s.holiday)


def test_same_day_marks_are_spread_apart() -> None:
    assert chart.spread([100.0, 100.0, 130.0], 16) == [100.0, 116.0, 132.0]
    assert chart.channel_mark(["email", "phone", "voicemail"]) == "E/P/V"
    assert chart.role_mark(["hiring_manager", "hr"]) == "HM/HR"
