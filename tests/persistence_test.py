"""`followup compare`'s persistence is what `followup run --simulate`'s schedule says.

Each test runs the comparison and, separately, the plain forward simulation (the one `run
--simulate` prints, which does not stop at a chase without a limit) for the same pack,
timeline and day, and reads the chase counts and the ending off that schedule with its own
code, below.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any
from unittest import mock

import pytest
from cli_support import EXAMPLE_TIMELINE, invoke
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st
from strategies import (
    COMMON_SETTINGS,
    focus_of,
    load_pack_doc,
    load_timeline_doc,
    pack_docs,
    timeline_docs_with_as_of,
)

from engine import builtin_pack_names, load_pack
from engine.analysis import simulate as simulation
from engine.analysis.compare import compare_packs
from engine.analysis.simulate import ENDINGS, HORIZON_DAYS, simulate_application
from engine.errors import FollowupError
from engine.io import resources
from engine.model import Pack, Timeline
from engine.present.compare_data import compare_dict
from engine.vocabulary import CHASE_KINDS

Said = tuple[list[tuple[str, int | None]], str]
# (rule, kind, attempt, max_attempts) of each step of a schedule, in order.
StepFacts = tuple[str, str, int, int | None]



def schedule_says(steps: Sequence[StepFacts], ending: str) -> Said:
    """The chases per rule (None: no limit) and the ending, read off a full schedule.

    A chase without max_attempts that comes back for a second attempt would go on until someone
    replies: from there the pack never stops, so the schedule says "no limit" for that rule and
    counts the other chases up to that attempt.
    """
    endless = None
    for i, (rule, kind, attempt, cap) in enumerate(steps):
        if kind in CHASE_KINDS and cap is None and attempt > 1:
            steps, ending, endless = steps[: i + 1], "no_limit", rule
            break
    counts: dict[str, int] = {}
    for rule, kind, _, _ in steps:
        if kind in CHASE_KINDS:
            counts[rule] = counts.get(rule, 0) + 1
    return [(rule, None if rule == endless else n) for rule, n in counts.items()], ending


def compare_says(view: dict[str, Any]) -> Said | None:
    """The persistence of one pack's view in `compare --format json` (None: nothing pending)."""
    found = view["persistence"]
    if found is None:
        return None
    return [(c["rule"], c["count"]) for c in found["chases"]], found["ending"]


def check(pack: Pack, timeline: Timeline, day: dt.date, until: dt.date | None) -> None:
    """compare's persistence for every application equals what the plain schedule says."""
    doc = compare_dict(compare_packs([pack], timeline, day, until))
    end = until or day + dt.timedelta(days=HORIZON_DAYS)
    for app, compared in zip(timeline.applications, doc["applications"], strict=True):
        (view,) = compared["packs"]
        said = compare_says(view)
        last = end
        if said is not None and said[1] == "no_limit":
            # Repeating the endless chase up to the horizon costs a hundred evaluations and says
            # nothing more: the full schedule up to the day compare stopped is enough.
            stopped = simulate_application(pack, timeline, app, day, end, stop_at_no_limit=True)
            last = stopped.steps[-1].date
        full = simulate_application(pack, timeline, app, day, last)
        if said is None:  # nothing pending: the schedule is empty from the start
            assert (full.steps, full.ending, full.ended) == ((), "stops", day)
            continue
        facts = [(s.rec.rule, s.rec.kind, s.rec.attempt, s.rec.max_attempts) for s in full.steps]
        assert said == schedule_says(facts, full.ending), (app.id, day, end)
        event(f"ending: {said[1]}")
        event(f"chases: {min(len(said[0]), 2)}")


@st.composite
def _chasing_packs(draw: st.DrawFn) -> tuple[Pack, tuple[dict[str, Any], dt.date]]:
    """A random pack, half the time with a first rule that chases without a limit (random rules
    seldom do, and then seldom fire), and a timeline with a day that exercises it."""
    doc = draw(pack_docs())
    if draw(st.booleans()):
        first = doc["rules"][0]
        first["when"] = {"anchor": first["when"]["anchor"]}  # no stage, requires or unless
        first.pop("stop_when", None)
        first["action"]["kind"] = draw(st.sampled_from(CHASE_KINDS))
        first["action"].pop("fulfilled_by", None)  # the kind's own event: doing it fulfils it
        first["timing"]["after"] = {"days": draw(st.integers(0, 5))}
        first["timing"]["repeat"] = {"every": {"days": draw(st.integers(1, 10))}}
        first["timing"].pop("max_attempts", None)
    try:
        pack = load_pack_doc(doc)
    except FollowupError:  # a chase anchored on a reply, which the loader refuses
        assume(False)
    timeline, _ = draw(timeline_docs_with_as_of(focus=focus_of(pack)))
    # A day just after one of the events: chases come up after their anchors, and a day weeks
    # after everything mostly finds the chases over.
    days = [e["date"] for a in timeline["applications"] for e in a["events"]]
    assume(days)
    after = draw(st.sampled_from(days), label="from")
    day = dt.date.fromisoformat(after) + dt.timedelta(days=draw(st.integers(0, 7), label="+days"))
    return pack, (timeline, day)


@settings(COMMON_SETTINGS, max_examples=50)
@given(case=_chasing_packs(), days=st.integers(1, 90))
def test_persistence_is_what_the_schedule_says_on_random_packs(
    case: tuple[Pack, tuple[dict[str, Any], dt.date]], days: int
) -> None:
    # A short simulation and few steps: a random pack may repeat a thank-you daily without a
    # limit, or be fulfilled by its own anchor event and so re-trigger itself the same day,
    # which the schedule would do up to the horizon or MAX_STEPS times, each evaluation over a
    # longer history. The property holds for any end and any cap, as long as both sides share it.
    pack, (doc, day) = case
    with mock.patch.object(simulation, "MAX_STEPS", 30):
        check(pack, load_timeline_doc(doc), day, day + dt.timedelta(days=days))


def _builtins() -> st.SearchStrategy[tuple[Pack, tuple[dict[str, Any], dt.date]]]:
    loaded = [load_pack(name) for name in builtin_pack_names()]
    return st.one_of(
        *(
            st.tuples(st.just(p), timeline_docs_with_as_of(max_apps=2, focus=focus_of(p)))
            for p in loaded
        )
    )


@settings(COMMON_SETTINGS, max_examples=25)
@given(case=_builtins())
def test_persistence_is_what_the_schedule_says_on_builtin_packs_over_the_horizon(
    case: tuple[Pack, tuple[dict[str, Any], dt.date]],
) -> None:
    pack, (doc, day) = case
    check(pack, load_timeline_doc(doc), day, None)


# --- the case of the issue: acme-pm, clue-wagon, 2026-11-05 --------------------------------------


def _cli_json(*args: str) -> dict[str, Any]:
    result = invoke([*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _simulated(pack: str, as_of: str, until: str) -> dict[str, dict[str, Any]]:
    data = _cli_json(
        "run",
        str(EXAMPLE_TIMELINE),
        "--pack",
        pack,
        "--as-of",
        as_of,
        "--simulate",
        "--until",
        until,
    )
    return {a["id"]: a for a in data["applications"]}


def _facts(steps: Iterable[dict[str, Any]]) -> list[StepFacts]:
    return [(s["rule"], s["kind"], s["attempt"], s["max_attempts"]) for s in steps]


def test_acme_under_clue_wagon_on_5_november_is_one_email_then_move_on() -> None:
    compared = _cli_json("compare", str(EXAMPLE_TIMELINE), "--all", "--as-of", "2026-11-05")
    (acme,) = [a for a in compared["applications"] if a["id"] == "acme-pm"]
    (view,) = [v for v in acme["packs"] if v["pack"] == "clue-wagon"]
    assert view["persistence"]["summary"] == "1 email, then move on"
    assert compare_says(view) == ([("resume-follow-up", 1)], "moves_on")
    # run --simulate does the same: the interview the file dates 2026-11-17 has not happened.
    simulated = _simulated("clue-wagon", "2026-11-05", "2028-11-04")["acme-pm"]
    assert [(s["date"], s["rule"]) for s in simulated["steps"]] == [
        ("2026-11-10", "resume-follow-up"),
        ("2026-11-18", "move-on-after-resume"),
    ]
    assert (simulated["chases"], simulated["ends"]) == (1, "moves_on")


@pytest.mark.parametrize("as_of", ["2026-11-05", "2026-11-21"])
def test_compare_and_run_simulate_agree_on_the_example_timeline(as_of: str) -> None:
    day = dt.date.fromisoformat(as_of)
    until = (day + dt.timedelta(days=HORIZON_DAYS)).isoformat()
    compared = _cli_json("compare", str(EXAMPLE_TIMELINE), "--all", "--as-of", as_of)
    for pack in builtin_pack_names():
        simulated = _simulated(pack, as_of, until)
        for app in compared["applications"]:
            (view,) = [v for v in app["packs"] if v["pack"] == pack]
            said = compare_says(view)
            sim = simulated[app["id"]]
            if said is None:
                assert (sim["steps"], sim["ends"]) == ([], "stops")
            else:
                assert said == schedule_says(_facts(sim["steps"]), sim["ends"]), (pack, app["id"])


def test_the_compare_schema_names_every_ending_of_the_simulation() -> None:
    view = resources.schema("compare")["$defs"]["view"]
    (persistence,) = [s for s in view["properties"]["persistence"]["oneOf"] if s.get("properties")]
    assert persistence["properties"]["ending"]["enum"] == list(ENDINGS)
