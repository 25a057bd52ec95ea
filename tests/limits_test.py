"""Limits (engine/analysis/limits.py) and early attempts (engine/core/state.py, format 2): the
audit flags what a limit forbids and nothing else changes; an early attempt does not count."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import (
    COMMON_SETTINGS,
    Case,
    limit_docs,
    load_pack_doc,
    load_timeline_doc,
    packs_with_timelines,
)

from engine import evaluate, load_pack
from engine.io import safeyaml
from engine.load.packs import pack_from_document
from engine.model import Application, Contact, Event, Limit, Offset, Pack, Pattern, Timeline
from engine.present.audit_text import finding_text
from engine.present.describe import as_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests/example-files/positive/packs/limits.yaml"
D0 = dt.date(2026, 3, 2)


def _timeline(*events: Event) -> Timeline:
    contacts = (Contact("hm", "hiring_manager", "Dana"),)
    app = Application("acme", "Acme", "PM", contacts, tuple(events))
    return Timeline("America/New_York", "US", None, (app,))


def _ev(
    day: dt.date, seq: int, kind: Any = "follow_up_sent", channel: Any = "phone", **kw: Any
) -> Event:
    return Event(day, kind, seq, channel, "hm", **kw)


@settings(COMMON_SETTINGS, max_examples=25)  # each case evaluates twice
@given(packs_with_timelines(1), st.lists(limit_docs("extra"), min_size=1, max_size=3))
def test_limits_never_change_recommendations(
    case: tuple[dict[str, Any], Pack, list[Case]], raw: list[dict[str, Any]]
) -> None:
    pack_doc, _, [(doc, as_of)] = case
    timeline = load_timeline_doc(doc)
    # Both in format 2 (the rules mean the same in both), one with more limits: packs of their
    # own, compiled separately (a pack is compiled once per content).
    plain = {**pack_doc, "pack_format": 2}
    more = [{**r, "id": f"extra{i}"} for i, r in enumerate(raw)]
    limited = {**plain, "limits": plain.get("limits", []) + more}
    plain.pop("limits", None)
    with_limits, without = load_pack_doc(limited), load_pack_doc(plain)
    a = evaluate(with_limits, timeline, as_of, audit=False)
    b = evaluate(without, timeline, as_of, audit=False)
    assert [x.recommendations for x in a.applications] == [
        x.recommendations for x in b.applications
    ]
    # ... and the audit only gains findings against the limits.
    full = evaluate(with_limits, timeline, as_of).audit
    base = evaluate(without, timeline, as_of).audit
    assert [f for f in full if f.kind not in ("over_limit", "before_stated_date")] == list(base)


@COMMON_SETTINGS
@given(
    st.sampled_from(("days", "weeks")),
    st.integers(1, 10),
    st.integers(1, 3),
    st.lists(st.integers(0, 20), min_size=1, max_size=8),
)
def test_events_a_span_apart_are_never_over_the_limit(
    unit: Any, n: int, at_most: int, extra: list[int]
) -> None:
    span = n * (7 if unit == "weeks" else 1)
    day, events = D0, []
    for seq, more in enumerate(extra):
        events.append(_ev(day, seq))
        day += dt.timedelta(days=span + more)
    limit = Limit(
        "lim", Pattern(("follow_up_sent",)), "Cite.", at_most=at_most, per=Offset(unit, n, n)
    )
    pack = dataclasses.replace(load_pack(EXAMPLE), limits=(limit,))
    report = evaluate(pack, _timeline(*events), day)
    assert not [f for f in report.audit if f.kind == "over_limit"]
    # One day closer than the span, at most 1: the second event is over the limit.
    if at_most == 1 and len(events) > 1:
        close = [events[0], events[1]._replace(date=events[0].date + dt.timedelta(days=span - 1))]
        found = evaluate(pack, _timeline(*close), day).audit
        assert [f.date for f in found if f.kind == "over_limit"] == [close[1].date]


@COMMON_SETTINGS
@given(
    st.integers(1, 10),
    st.one_of(st.none(), st.integers(1, 10)),
    st.integers(1, 3),
    st.lists(st.integers(1, 40), max_size=4),
    st.integers(1, 40),
)
def test_an_early_attempt_never_decreases_the_attempts_asked_for(
    after: int, every: int | None, cap: int, sent: list[int], early: int
) -> None:
    timing: dict[str, Any] = {"after": {"days": after}}
    if every is not None:
        timing |= {"repeat": {"every": {"days": every}}, "max_attempts": cap}
    doc = {
        "pack_format": 2,
        "name": "early",
        "version": "1.0.0",
        "title": "Early attempts",
        "source": {"author": "A", "title": "T", "publication": "P"},
        "rules": [
            {
                "id": "chase",
                "when": {"anchor": "application_submitted"},
                "timing": timing,
                "action": {"kind": "follow_up", "channel": "email", "recipient": "hiring_manager"},
                "cite": "Chase.",
            }
        ],
    }
    pack = load_pack_doc(doc)
    base = [Event(D0, "application_submitted", 0, "online_form")]
    base += [_ev(D0 + dt.timedelta(days=d), i + 1, channel="email") for i, d in enumerate(sent)]
    as_of = D0 + dt.timedelta(days=60)
    extra = _ev(D0 + dt.timedelta(days=early), 99, channel="email")

    def asked(events: list[Event]) -> tuple[int, bool]:
        report = evaluate(pack, _timeline(*events), as_of)
        (rec,) = report.applications[0].recommendations
        left = (rec.max_attempts or 1000) - rec.attempts_made
        soon = any(f.kind == "too_soon" and f.event == extra for f in report.audit)
        return left, soon

    before, _ = asked(base)
    after_left, was_early = asked([*base, extra])
    if was_early:
        assert after_left >= before


def test_two_early_calls_leave_the_proper_call_asked_for_in_format_2_only() -> None:
    pack = load_pack(EXAMPLE)
    stated = Event(D0, "decision_expected", 0, "", "hm", by=dt.date(2026, 3, 13))
    calls = [_ev(dt.date(2026, 3, 5), 1), _ev(dt.date(2026, 3, 10), 2)]
    timeline = _timeline(stated, *calls)
    (rec,) = evaluate(pack, timeline, dt.date(2026, 3, 13)).applications[0].recommendations
    assert (rec.status, rec.attempt, rec.attempts_made) == ("due", 1, 0)
    assert rec.early_attempts == (dt.date(2026, 3, 5), dt.date(2026, 3, 10))
    # count_early: true, format 1's meaning: both calls count, the chase is done.
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace(
        "      max_attempts: 2\n", "      max_attempts: 2\n      count_early: true\n"
    )
    old = pack_from_document(safeyaml.loads(text, "count-early.yaml"))
    assert old.rules[0].timing.count_early and not pack.rules[0].timing.count_early
    (rec,) = evaluate(old, timeline, dt.date(2026, 3, 13)).applications[0].recommendations
    assert (rec.status, rec.attempt) == ("done", 2)


def test_limit_findings_say_what_they_count_against() -> None:
    pack = load_pack(EXAMPLE)
    stated = Event(D0, "decision_expected", 0, "", "hm", by=dt.date(2026, 3, 13))
    timeline = _timeline(stated, _ev(dt.date(2026, 3, 5), 1), _ev(dt.date(2026, 3, 10), 2))
    audit = evaluate(pack, timeline, dt.date(2026, 3, 13)).audit
    texts = {(f.kind, f.rule_or_prohibition): finding_text(f) for f in audit if f.limit}
    assert texts[("over_limit", "phone-once-a-week")] == (
        "a follow-up by phone to Dana (hiring manager), after the one on 2026-03-05; the pack "
        "says never more than 1 follow-up by phone within 1 week"
    )
    assert texts[("before_stated_date", "not-before-their-date")].endswith(
        "before the decision date 2026-03-13 stated on 2026-03-02; the pack says no follow-up "
        "by phone before the date the employer gave"
    )


def test_show_lists_limits_and_count_early() -> None:
    text = as_text(load_pack(EXAMPLE))
    assert "Never more than 1 follow-up by phone within 1 week." in text
    assert "No follow-up by phone before the date the employer gave." in text
    assert "count_early" not in text  # format 2's default is not noted
    source = EXAMPLE.read_text(encoding="utf-8")
    source = source.replace(
        "      max_attempts: 2\n", "      max_attempts: 2\n      count_early: true\n"
    )
    kept = as_text(pack_from_document(safeyaml.loads(source, "count-early.yaml")))
    assert "still counts as one (timing.count_early: true)" in kept
