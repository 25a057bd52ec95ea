"""Pack format 2's time features (docs/packs.md "Open windows", "Due day", "Times of day"):
an open window is never overdue, `due: end` is due on the window's last day, a timed
recommendation is a timed calendar event in the timeline's zone on its due day, and an hours
window from a timed event stays inside the advice's moments."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from strategies import (
    COMMON_SETTINGS,
    Case,
    Doc,
    load_pack_doc,
    load_timeline_doc,
    packs_with_timelines,
)

from engine import evaluate
from engine.core.results import Report
from engine.dates.calendar import BusinessCalendar
from engine.dates.timing import window
from engine.load.rules import time_of_day
from engine.model import Offset, Pack, TimeOfDay
from engine.present.export import as_ics
from engine.vocabulary import PARTS_OF_DAY, PENDING_STATUSES

CALENDARS = [BusinessCalendar(c) for c in ("US", "GB", "DE")]


def _report(case: tuple[Doc, Pack, list[Case]]) -> tuple[Pack, Report]:
    _, pack, [(doc, as_of)] = case
    return pack, evaluate(pack, load_timeline_doc(doc), as_of)


@COMMON_SETTINGS
@given(packs_with_timelines(1))
def test_open_windows_are_never_overdue_and_due_days_are_as_chosen(
    case: tuple[Doc, Pack, list[Case]],
) -> None:
    pack, report = _report(case)
    rules = {r.id: r for r in pack.rules}
    for app in report.applications:
        for rec in app.recommendations:
            if rec.status not in PENDING_STATUSES:
                assert rec.time is None, rec
                continue
            timing = rules[rec.rule].timing
            assert rec.time == timing.at, rec
            if rec.window_end is None:
                assert rec.offset.high is None and rec.status != "overdue", rec
                assert rec.due == rec.window_start or timing.align, rec
            elif timing.due == "end" and not timing.align:
                assert rec.due == rec.window_end, rec
            elif not timing.align:
                assert rec.due == rec.window_start, rec


@COMMON_SETTINGS
@given(packs_with_timelines(1))
def test_a_timed_recommendation_is_a_timed_event_in_the_timelines_zone(
    case: tuple[Doc, Pack, list[Case]],
) -> None:
    _, report = _report(case)
    pending = [
        r
        for a in report.applications
        for r in a.recommendations
        if r.status in PENDING_STATUSES and r.due is not None
    ]
    # done, suppressed and expired actions come back as cancellations (docs/export.md)
    events = [
        e for e in Calendar.from_ical(as_ics(report)).walk("VEVENT")
        if str(e.get("status", "")) != "CANCELLED"
    ]  # fmt: skip
    assert len(events) == len(pending)
    for rec, event in zip(pending, events, strict=True):
        start = event.decoded("dtstart")
        day = report.as_of if rec.status == "overdue" else rec.due  # overdue: dated today
        if rec.time is None:
            assert start == day and not isinstance(start, dt.datetime)
            continue
        assert isinstance(start, dt.datetime), event
        assert event["dtstart"].params["TZID"] == report.timezone
        assert (start.date(), start.time()) == (day, rec.time.start)
        assert event.decoded("dtend") > start


_MOMENT = st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2027, 12, 31)).map(
    lambda m: m.replace(second=0, microsecond=0)
)
_AT = (
    st.none()
    | st.sampled_from(PARTS_OF_DAY).map(time_of_day)
    | st.sampled_from(("00:00", "05:30", "10:00", "17:30", "23:30")).map(time_of_day)
)


@settings(max_examples=300, deadline=None)
@given(_MOMENT, st.integers(0, 200), st.integers(0, 100) | st.none(), _AT)
def test_an_hours_window_from_a_timed_event_keeps_to_its_moments(
    base: dt.datetime, low: int, width: int | None, at: TimeOfDay | None
) -> None:
    high = None if width is None else low + width
    offset = Offset("hours", low, high)
    first = base + dt.timedelta(hours=low)
    for cal in CALENDARS:
        win = window(base.date(), offset, cal, at=at, base_time=base.time())
        clock = at.start if at is not None else None
        assert cal.is_business_day(win.start) and win.due == win.start
        # Never before the minimum: the `at` moment of the start day (or the day) is after it.
        assert dt.datetime.combine(win.start, clock or dt.time.max) >= first
        if high is None:
            assert win.end is None
            continue
        assert win.end is not None and win.end >= win.start
        last = base + dt.timedelta(hours=high)
        # Never past the maximum, unless the window holds no business day: then its start.
        moment = dt.datetime.combine(win.end, clock or dt.time(0))
        assert moment <= last or win.end == win.start, (base, offset, at, win)


def test_due_end_is_the_window_end_and_an_open_window_has_none() -> None:
    us = BusinessCalendar("US")
    wed = dt.date(2026, 11, 18)
    assert window(wed, Offset("days", 7, 10), us, due="end").due == dt.date(2026, 11, 27)
    win = window(wed, Offset("weeks", 1, None), us, due="end")
    assert (win.start, win.end, win.due) == (dt.date(2026, 11, 25), None, dt.date(2026, 11, 25))


def test_the_next_morning_after_close_of_business() -> None:
    us = BusinessCalendar("US")
    friday = dt.date(2026, 3, 6)
    at = time_of_day("morning")
    win = window(dt.date(2026, 3, 3), Offset("hours", 12, 36), us, at=at, base_time=dt.time(17, 30))
    assert (win.start, win.end) == (dt.date(2026, 3, 4), dt.date(2026, 3, 4))
    win = window(friday, Offset("hours", 12, 36), us, at=at, base_time=dt.time(18, 0))
    assert (win.start, win.end) == (dt.date(2026, 3, 9), dt.date(2026, 3, 9))
    # Without a time, hours are whole days: 12 hours is the next day.
    assert window(dt.date(2026, 3, 3), Offset("hours", 12, 36), us, at=at).start == dt.date(
        2026, 3, 4
    )


def _pack(fmt: int, timing: Doc) -> Pack:
    rule = {
        "id": "reply",
        "when": {"anchor": "reply_received"},
        "timing": timing,
        "action": {"kind": "ask_next_steps", "channel": "email", "recipient": "anchor_contact"},
        "cite": "Reply.",
    }
    source = {"author": "A", "title": "T", "publication": "P"}
    doc = {"pack_format": fmt, "name": "p", "version": "1.0.0", "title": "T", "source": source}
    return load_pack_doc({**doc, "rules": [rule]})


def test_format_1_and_hours_from_event_day_count_hours_in_whole_days() -> None:
    event = {"date": "2026-03-03", "time": "09:00", "type": "reply_received", "channel": "email"}
    app = {"id": "a", "company": "C", "role": "R", "events": [event]}
    candidate = {"timezone": "America/New_York", "holidays": {"country": "US"}}
    timeline = load_timeline_doc({"version": 1, "candidate": candidate, "applications": [app]})
    after = {"hours": [12, 36]}
    timed = (dt.date(2026, 3, 3), dt.date(2026, 3, 4))  # 21:00 that day to 21:00 the next
    whole = (dt.date(2026, 3, 4), dt.date(2026, 3, 5))  # 1 to 2 whole days
    for pack, want in [
        (_pack(2, {"after": after}), timed),
        (_pack(1, {"after": after}), whole),
        (_pack(2, {"after": after, "hours_from": "event_day"}), whole),
    ]:
        [rec] = evaluate(pack, timeline, dt.date(2026, 3, 3)).applications[0].recommendations
        assert (rec.window_start, rec.window_end) == want, pack.format
