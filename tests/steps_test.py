"""Properties of a rule's steps (action.steps) and their same-day fallbacks, on random step
lists and timelines: attempt k uses step min(k, len)'s channels; a fallback is only ever due on
the day of the attempt that triggered it, and never without an outcome that triggers it."""

from __future__ import annotations

from typing import Any

import oracle
from hypothesis import event, given
from hypothesis import strategies as st
from strategies import (
    COMMON_SETTINGS,
    Case,
    focus_of,
    load_pack_doc,
    load_timeline_doc,
    step_lists,
    timeline_docs_with_as_of,
)

from engine import evaluate
from engine.dates.calendar import BusinessCalendar
from engine.model import Pack

Doc = dict[str, Any]


@st.composite
def step_packs(draw: st.DrawFn) -> tuple[Pack, Case]:
    """A pack of one rule with steps (sometimes with fallbacks), and a timeline for it."""
    cap = draw(st.sampled_from((1, 2, 3, 4, None)))
    timing: Doc = {"after": {"days": draw(st.integers(0, 5))}}
    if cap != 1:
        timing["repeat"] = {"every": {"days": [2, 4]}}
        if cap is not None:
            timing["max_attempts"] = cap
    rule: Doc = {
        "id": "chase",
        "when": {"anchor": draw(st.sampled_from(["interview", "application_submitted"]))},
        "timing": timing,
        "action": {
            "kind": "follow_up",
            "recipient": "hiring_manager",
            "steps": draw(step_lists(cap)),
        },
        "cite": "A quote.",
    }
    if draw(st.booleans()):
        rule["stop_when"] = ["reply_received"]
    pack = load_pack_doc(
        {
            "pack_format": 2,
            "name": "steps",
            "version": "1.0.0",
            "title": "Steps",
            "source": {"author": "Hypothesis", "title": "Steps", "publication": "tests"},
            "rules": [rule],
        }
    )
    doc, as_of = draw(timeline_docs_with_as_of(focus=focus_of(pack)))
    # Random events are rarely calls with an outcome: make some follow-ups such calls (and some
    # emails), so that fallbacks trigger, get done, or are left undone.
    for app in doc["applications"]:
        for ev in app["events"]:
            if ev["type"] == "follow_up_sent" and draw(st.booleans()):
                ev["channel"] = draw(st.sampled_from(["phone", "phone", "video_call", "email"]))
                ev.pop("outcome", None)
                if ev["channel"] != "email" and draw(st.integers(0, 3)):
                    ev["outcome"] = draw(st.sampled_from(["reached", "no_answer", "voicemail"]))
    return pack, (doc, as_of)


@COMMON_SETTINGS
@given(step_packs())
def test_attempt_k_uses_step_k_and_fallbacks_are_same_day(case: tuple[Pack, Case]) -> None:
    pack, (doc, as_of) = case
    timeline = load_timeline_doc(doc)
    cal = BusinessCalendar(timeline.country, timeline.subdivision)
    parent = pack.rules[0]
    steps = parent.action.steps
    report = evaluate(pack, timeline, as_of)
    for app_report, app in zip(report.applications, timeline.applications, strict=True):
        for rec in app_report.recommendations:
            if not rec.fallback_of:
                n = min(rec.attempt, len(steps))
                assert rec.step == n
                assert rec.channels == steps[n - 1].channels
                continue
            event("a fallback")
            fb = steps[rec.step - 1].fallback
            assert fb is not None and rec.rule == f"chase.fallback{rec.step}"
            trigger = next(e for e in app.events if e.seq == rec.anchor_seq)
            # no fallback without an attempt by the step's channel with a triggering outcome
            assert trigger.outcome in fb.outcomes
            assert trigger.channel in steps[rec.step - 1].channels
            assert rec.channels == fb.channels
            if rec.status in ("upcoming", "due", "overdue"):
                # due on the day of the attempt only (the first business day from it)
                assert rec.window_start == rec.window_end == rec.due
                assert rec.due == cal.roll_forward(trigger.date)
                if rec.status == "due":
                    assert as_of == rec.due


@COMMON_SETTINGS
@given(step_packs())
def test_steps_and_fallbacks_agree_with_the_oracle(case: tuple[Pack, Case]) -> None:
    """The differential oracle on packs whose rule always has steps (oracle_test.py draws them
    only sometimes): which step each attempt uses, and every fallback, the same."""
    pack, (doc, as_of) = case
    timeline = load_timeline_doc(doc)
    assert oracle.from_report(evaluate(pack, timeline, as_of)) == oracle.evaluate(
        pack, timeline, as_of
    )
