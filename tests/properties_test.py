"""Properties every evaluation must have, whatever the pack says, on random packs and timelines.

They complement the oracle comparison (oracle_test.py): they hold for the built-in packs too,
and they state the product's promises directly (nothing is due before what triggers it, a
settled application is never chased, a reply never adds a chase, output is reproducible).
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from strategies import (
    COMMON_SETTINGS,
    Case,
    focus_of,
    load_timeline_doc,
    packs_with_timelines,
    timeline_docs_with_as_of,
)

from engine import builtin_pack_names, evaluate, load_pack
from engine.core.results import Report
from engine.model import Pack
from engine.present.formats import REPORT
from engine.vocabulary import CHANNELS, CHASE_KINDS, TERMINAL_EVENTS

PENDING = ("upcoming", "due", "overdue")
NAMED = ("clue-wagon", "3x3-networking")
# The built-in packs not named above share one run: each gets fewer cases, but all get some.
OTHERS = tuple(n for n in builtin_pack_names() if n not in NAMED)
SOURCES = ("random", *NAMED, "other built-ins")

Doc = dict[str, Any]



def _builtin(name: str) -> st.SearchStrategy[tuple[Pack, Case]]:
    pack = load_pack(name)
    return st.tuples(st.just(pack), timeline_docs_with_as_of(focus=focus_of(pack)))


def pack_and_timeline(source: str) -> st.SearchStrategy[tuple[Pack, Case]]:
    """A random pack or a built-in one, and a timeline (with an as_of day) that exercises it."""
    if source == "random":
        return packs_with_timelines(1).map(lambda c: (c[1], c[2][0]))
    if source in NAMED:
        return _builtin(source)
    return st.one_of(*(_builtin(n) for n in OTHERS))


def pending_chases(report: Report) -> dict[str, set[tuple[str, dt.date, str]]]:
    return {
        app.id: {
            (r.rule, r.anchor_date, r.anchor_type)
            for r in app.recommendations
            if r.status in PENDING and r.kind in CHASE_KINDS
        }
        for app in report.applications
    }


@pytest.mark.parametrize("source", SOURCES)
@COMMON_SETTINGS
@given(data=st.data())
def test_nothing_is_due_before_its_trigger(source: str, data: st.DataObject) -> None:
    pack, (doc, as_of) = data.draw(pack_and_timeline(source), label="pack and timeline")
    report = evaluate(pack, load_timeline_doc(doc), as_of)
    for app in report.applications:
        for rec in app.recommendations:
            event(rec.status)
            if rec.status in PENDING:
                assert rec.window_start is not None and rec.due is not None
                assert rec.anchor_date <= rec.window_start <= rec.due, rec
                # An open window ([n, open]) has no end; any other holds its due day.
                assert rec.window_end is None or rec.due <= rec.window_end, rec
            elif rec.status == "expired":  # it keeps the window that closed, and is due no day
                assert rec.due is None and rec.window_start is not None, rec
                assert rec.window_end is not None and rec.window_end < as_of, rec
            else:
                assert (rec.window_start, rec.window_end, rec.due) == (None, None, None), rec


@COMMON_SETTINGS
@given(packs_with_timelines(1))
def test_same_input_gives_the_same_bytes(case: tuple[Doc, Pack, list[Case]]) -> None:
    _, pack, [(doc, as_of)] = case
    # The second call reuses the compiled rulesets and fresh durable sessions: nothing may
    # depend on what the first call left behind, nor on the timeline object's identity.
    first = evaluate(pack, load_timeline_doc(doc), as_of)
    second = evaluate(pack, load_timeline_doc(doc), as_of)
    # html simulates every application ahead, twenty times the cost of the others: its own
    # property, on fewer cases, is in html_test.py
    for name in (n for n in REPORT.names if n != "html"):
        assert REPORT.render(name, first).encode() == REPORT.render(name, second).encode(), name


@pytest.mark.parametrize("source", SOURCES)
@COMMON_SETTINGS
@given(data=st.data())
def test_a_settled_application_is_not_chased(source: str, data: st.DataObject) -> None:
    pack, (doc, as_of) = data.draw(pack_and_timeline(source), label="pack and timeline")
    timeline = load_timeline_doc(doc)
    report = evaluate(pack, timeline, as_of)
    for app, result in zip(timeline.applications, report.applications, strict=True):
        if not any(e.type in TERMINAL_EVENTS and e.date <= as_of for e in app.events):
            continue
        event("a settled application")  # shown by --hypothesis-show-statistics
        for rec in result.recommendations:
            if rec.kind in CHASE_KINDS:
                event(f"a {rec.status} chase in a settled application")
            if rec.status in PENDING and rec.kind in CHASE_KINDS:
                assert rec.anchor_type in TERMINAL_EVENTS, rec


@st.composite
def reply_inserted(draw: st.DrawFn, doc: Doc, as_of: dt.date) -> Doc:
    """`doc` with one reply_received added to one application, anywhere in time and file."""
    out = copy.deepcopy(doc)
    app: Doc = draw(st.sampled_from(out["applications"]))
    days = [dt.date.fromisoformat(e["date"]) for e in app["events"]] or [as_of]
    day = draw(st.dates(min(days) - dt.timedelta(days=3), max(*days, as_of)))
    reply: Doc = {"date": day.isoformat(), "type": "reply_received"}
    if draw(st.booleans()):
        reply["channel"] = draw(st.sampled_from(CHANNELS))
    contacts: list[str] = [c["id"] for c in app.get("contacts", [])]
    wants_contact = draw(st.booleans())
    if contacts and wants_contact:
        reply["with"] = draw(st.sampled_from(contacts))
    app["events"].insert(draw(st.integers(0, len(app["events"]))), reply)
    return out


@pytest.mark.parametrize("source", SOURCES)
@COMMON_SETTINGS
@given(data=st.data())
def test_a_reply_never_adds_a_chase(source: str, data: st.DataObject) -> None:
    pack, (doc, as_of) = data.draw(pack_and_timeline(source), label="pack and timeline")
    with_reply = data.draw(reply_inserted(doc, as_of), label="with reply")
    before = pending_chases(evaluate(pack, load_timeline_doc(doc), as_of))
    after = pending_chases(evaluate(pack, load_timeline_doc(with_reply), as_of))
    if any(before.values()):
        event("pending chases before the reply")
    if after != before:
        event("the reply changed the pending chases")
    for app_id, chases in after.items():
        assert chases <= before[app_id], f"{app_id}: added {chases - before[app_id]}"
