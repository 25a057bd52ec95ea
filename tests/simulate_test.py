"""`followup run --simulate --until`: every action done on its due date, nobody replies."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from cli_support import EXAMPLE_TIMELINE, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import Case, focus_of, load_timeline_doc, packs_with_timelines

from engine.analysis import simulate as simulation
from engine.analysis.simulate import ENDINGS, AppSimulation, Ending, simulate_application
from engine.load.packs import load_pack
from engine.load.timelines import load_timeline
from engine.model import Application, Event, Pack
from engine.present.simulation import ending_text
from engine.vocabulary import EVENT_TYPES

ROOT = Path(__file__).resolve().parents[1]
WORKED = str(ROOT / "examples" / "worked-example.yaml")


def simulate(
    pack: str, start: str, until: str, *extra: str, timeline: str = WORKED
) -> dict[str, Any]:
    result = invoke(
        [
            "run",
            timeline,
            "--pack",
            pack,
            "--as-of",
            start,
            "--simulate",
            "--until",
            until,
            "--format",
            "json",
            *extra,
        ]
    )
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def steps(data: dict[str, Any], app_id: str | None = None) -> list[tuple[str, str, int]]:
    if app_id is None:
        (app,) = data["applications"]
    else:
        (app,) = [a for a in data["applications"] if a["id"] == app_id]
    return [(s["date"], s["rule"], s["attempt"]) for s in app["steps"]]


def test_clue_wagon_stops_after_its_final_call() -> None:
    data = simulate("clue-wagon", "2026-11-17", "2027-03-31")
    assert steps(data) == [
        ("2026-11-25", "post-interview-email", 1),
        ("2026-12-02", "post-interview-email", 2),
        ("2026-12-09", "final-call", 1),
        ("2026-12-23", "move-on", 1),
    ]
    (app,) = data["applications"]
    assert app["chases"] == 3
    assert app["ending"] == "the pack says to move on on 2026-12-23"
    assert (app["ends"], app["ends_on"]) == ("moves_on", "2026-12-23")


def test_3x3_calls_every_7_to_10_days_up_to_the_end() -> None:
    data = simulate("3x3-networking", "2026-11-17", "2027-01-31")
    got = steps(data)
    assert got[:3] == [
        ("2026-11-17", "handwritten-note", 1),
        ("2026-11-18", "thank-you-call", 1),
        ("2026-11-25", "keep-calling", 1),
    ]
    calls = [dt.date.fromisoformat(d) for d, rule, _ in got if rule == "keep-calling"]
    assert len(calls) == 10
    gaps = {(b - a).days for a, b in itertools.pairwise(calls)}
    assert gaps <= set(range(7, 11)), gaps
    assert calls[-1] <= dt.date(2027, 1, 31)
    assert data["applications"][0]["ending"].startswith("next action due 2027-02-")


@pytest.mark.parametrize("pack", ["clue-wagon", "3x3-networking", "mason-group"])
def test_the_same_simulation_gives_the_same_bytes(pack: str) -> None:
    args = [
        "run",
        WORKED,
        "--pack",
        pack,
        "--as-of",
        "2026-11-17",
        "--simulate",
        "--until",
        "2027-01-31",
    ]
    first, second = invoke(args), invoke(args)
    assert first.exit_code == 0, first.stderr
    assert first.stdout == second.stdout
    assert "nobody replies" in first.stdout


def test_table_lists_the_schedule_and_how_it_ends() -> None:
    result = invoke(
        [
            "run",
            WORKED,
            "--pack",
            "clue-wagon",
            "--as-of",
            "2026-11-17",
            "--simulate",
            "--until",
            "2027-01-31",
        ]
    )
    assert result.exit_code == 0
    assert "Wed 2026-12-09  make a final call by phone" in result.stdout
    assert "3 chases; ends: the pack says to move on on 2026-12-23" in result.stdout


def test_nothing_after_the_end_date() -> None:
    data = simulate("clue-wagon", "2026-11-17", "2026-11-30")
    assert steps(data) == [("2026-11-25", "post-interview-email", 1)]
    assert data["applications"][0]["ending"] == (
        "next action due 2026-12-02, after the end of the simulation"
    )
    assert data["applications"][0]["ends"] == "beyond_until"
    assert data["applications"][0]["ends_on"] == "2026-12-02"


# --- nobody replies: what the file dates after the start has not happened ----------------------


def test_events_after_the_start_do_not_happen_in_the_simulation() -> None:
    # On 2026-11-05 Acme has the application only: the interview the file records on
    # 2026-11-17 has not happened, so clue-wagon asks for the resume email and then moves on.
    data = simulate("clue-wagon", "2026-11-05", "2027-06-01", timeline=str(EXAMPLE_TIMELINE))
    assert steps(data, "acme-pm") == [
        ("2026-11-10", "resume-follow-up", 1),
        ("2026-11-18", "move-on-after-resume", 1),
    ]
    (acme,) = [a for a in data["applications"] if a["id"] == "acme-pm"]
    assert (acme["chases"], acme["ends"]) == (1, "moves_on")
    # Initech's rejection on 2026-11-19 has not happened either: it does not end the calls.
    calls = simulate("3x3-networking", "2026-11-05", "2027-01-31", timeline=str(EXAMPLE_TIMELINE))
    (initech,) = [a for a in calls["applications"] if a["id"] == "initech-ba"]
    assert initech["ends"] == "beyond_until"
    assert [s["date"] for s in initech["steps"]][-1] > "2026-11-19"


def test_history_keeps_the_events_up_to_the_start_day() -> None:
    app = Application(
        "a",
        "Company",
        "Role",
        events=(
            Event(dt.date(2026, 1, 5), "application_submitted", 1),
            Event(dt.date(2026, 1, 9), "interview", 2),
            Event(dt.date(2026, 1, 10), "reply_received", 3),
        ),
    )
    kept = simulation.history(app, dt.date(2026, 1, 9)).events
    assert [e.seq for e in kept] == [1, 2]
    assert simulation.history(app, dt.date(2026, 1, 4)).events == ()


_quick = settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@_quick
@given(case=packs_with_timelines(1), data=st.data())
def test_what_the_file_says_after_the_start_changes_nothing(
    case: tuple[Any, Pack, list[Case]], data: st.DataObject
) -> None:
    _, pack, [(doc, start)] = case
    timeline = load_timeline_doc(doc)
    until = start + dt.timedelta(days=data.draw(st.integers(1, 30), label="days simulated"))
    # Events the pack reacts to (its own event types first), dated after the start: a reply, a
    # rejection, an interview recorded ahead of time.
    types = (*focus_of(pack).types, *EVENT_TYPES)
    later = st.tuples(st.integers(1, (until - start).days), st.sampled_from(types))
    app = timeline.applications[0]  # one is enough: applications are simulated one by one
    extra = data.draw(st.lists(later, min_size=1, max_size=4), label="later events")
    future = tuple(
        Event(start + dt.timedelta(days=d), kind, 10_000 + i) for i, (d, kind) in enumerate(extra)
    )
    noisy = app._replace(events=(*app.events, *future))
    full = simulate_application(pack, timeline, noisy, start, until)
    past = simulate_application(pack, timeline, simulation.history(app, start), start, until)
    assert (full.steps, full.ending, full.ended) == (past.steps, past.ending, past.ended)


def test_every_ending_has_its_own_sentence() -> None:
    pack = load_pack("3x3-networking")
    timeline = load_timeline(WORKED)
    (app,) = timeline.applications
    start = dt.date(2026, 11, 17)
    step = simulate_application(pack, timeline, app, start, start + dt.timedelta(days=30)).steps[0]
    day = dt.date(2026, 12, 1)
    texts = set()
    for ending in ENDINGS:
        sim = AppSimulation(app, (step,), ending, None if ending == "cut_short" else day)
        texts.add(ending_text(sim))
    assert len(texts) == len(ENDINGS)


@pytest.mark.parametrize(("stop", "expected"), [(False, "beyond_until"), (True, "no_limit")])
def test_a_chase_without_a_limit_ends_the_simulation_only_when_asked(
    stop: bool, expected: Ending
) -> None:
    pack = load_pack("3x3-networking")
    timeline = load_timeline(WORKED)
    (app,) = timeline.applications
    start, until = dt.date(2026, 11, 17), dt.date(2027, 1, 31)
    full = simulate_application(pack, timeline, app, start, until)
    sim = simulate_application(pack, timeline, app, start, until, stop_at_no_limit=stop)
    assert sim.ending == expected
    assert sim.steps == full.steps[: len(sim.steps)]
    if stop:
        last = sim.steps[-1].rec
        assert (last.rule, last.attempt, last.max_attempts) == ("keep-calling", 2, None)
        assert ending_text(sim) == "keep-calling has no limit: it goes on until someone replies"


def test_the_input_file_is_not_modified() -> None:
    before = Path(WORKED).read_bytes()
    simulate("wise-job-search", "2026-11-17", "2027-01-31")
    assert Path(WORKED).read_bytes() == before


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--simulate"], "--simulate needs --until"),
        (["--until", "2027-01-01"], "--until goes with --simulate"),
    ],
)
def test_usage_errors(extra: list[str], message: str) -> None:
    result = invoke(["run", WORKED, "--pack", "clue-wagon", "--as-of", "2026-11-17", *extra])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_an_end_before_the_start_is_one_error_line() -> None:
    result = invoke(
        [
            "run",
            WORKED,
            "--pack",
            "clue-wagon",
            "--as-of",
            "2026-11-17",
            "--simulate",
            "--until",
            "2026-11-01",
        ]
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Usage: ")
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--until': 2026-11-01 is before the start of the simulation, "
        "2026-11-17 (give a later day, or an earlier --as-of)"
    )


def test_compare_simulate_shows_each_packs_persistence_side_by_side() -> None:
    args = [
        "compare",
        WORKED,
        "--all",
        "--as-of",
        "2026-11-17",
        "--simulate",
        "--until",
        "2027-01-31",
        "--format",
        "json",
    ]
    result = invoke(args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    by_pack = {p["pack"]["name"]: p["applications"][0] for p in data["packs"]}
    assert set(by_pack) == {
        "3x3-networking",
        "career-pivot",
        "clue-wagon",
        "mason-group",
        "wise-job-search",
    }
    assert by_pack["clue-wagon"]["chases"] == 3
    assert by_pack["clue-wagon"]["ending"] == "the pack says to move on on 2026-12-23"
    assert by_pack["3x3-networking"]["ending"].startswith("next action due 2027-02-")
    assert by_pack["3x3-networking"]["chases"] == 10
    # The same simulation as `run --simulate` for each pack.
    alone = simulate("clue-wagon", "2026-11-17", "2027-01-31")
    assert alone["applications"][0] == by_pack["clue-wagon"]
    assert invoke(args).stdout == result.stdout


def test_compare_simulate_table_and_usage() -> None:
    base = [
        "compare",
        WORKED,
        "--pack",
        "clue-wagon",
        "--pack",
        "3x3-networking",
        "--as-of",
        "2026-11-17",
    ]
    table = invoke([*base, "--simulate", "--until", "2027-01-15"])
    assert table.exit_code == 0, table.stderr
    assert "clue-wagon      3 chases; ends: the pack says to move on on 2026-12-23" in table.stdout
    assert "3x3-networking  8 chases" in table.stdout
    missing = invoke([*base, "--simulate"])
    assert missing.exit_code == 2
    assert "--simulate needs --until" in missing.stderr


def test_a_simulated_interview_has_a_round(tmp_path: Path) -> None:
    # Doing a rule fulfilled by an interview logs an interview; a rule anchored on a round range
    # must see it as round 1, as the timeline's own interviews without `round` are (it was an
    # internal error: the compiled round test and the ledger disagreed on a round-0 interview).
    pack = tmp_path / "iv.yaml"
    pack.write_text(
        "pack_format: 1\nname: iv-example\nversion: 1.0.0\ntitle: t\n"
        "source: {author: A, title: T, publication: P}\nrules:\n"
        "  - id: ask-next\n    when: {anchor: application_submitted}\n"
        "    timing: {after: {days: 3}, max_attempts: 1}\n"
        "    action: {kind: ask_next_steps, channel: email, fulfilled_by: {event: interview},"
        " recipient: hiring_manager}\n    cite: Ask for an interview.\n"
        "  - id: thanks-early\n    when: {anchor: {event: interview, round: {max: 2}}}\n"
        "    timing: {after: {days: 1}, max_attempts: 1}\n"
        "    action: {kind: thank_you, channel: email, recipient: hiring_manager}\n"
        "    cite: Thank them after an early interview.\n",
        encoding="utf-8",
    )
    timeline = tmp_path / "t.yaml"
    timeline.write_text(
        "version: 1\ncandidate: {name: Sam, timezone: America/Chicago, holidays: {country: US}}\n"
        "applications:\n  - id: a1\n    company: Acme\n    role: PM\n"
        "    contacts: [{id: dana, name: Dana, role: hiring_manager}]\n"
        "    events: [{date: 2026-11-02, type: application_submitted, channel: online_form}]\n",
        encoding="utf-8",
    )
    sim = simulation.simulate(
        load_pack(pack), load_timeline(str(timeline)), dt.date(2026, 11, 3), dt.date(2026, 11, 20)
    )
    assert [s.rec.rule for s in sim.applications[0].steps] == ["ask-next", "thanks-early"]


def test_wise_job_search_does_not_send_a_thank_you_note_weeks_late() -> None:
    """The note after Acme's 2026-11-17 interview is for that day or the next: a simulation
    started two weeks later checks in, and sends no note (it has expired)."""
    data = simulate("wise-job-search", "2026-12-01", "2026-12-20")
    assert steps(data) == [
        ("2026-12-01", "keep-following-up", 1),
        ("2026-12-08", "keep-following-up", 2),
        ("2026-12-15", "keep-following-up", 3),
    ]
    text = invoke(
        ["run", WORKED, "--pack", "wise-job-search", "--as-of", "2026-12-01"]
    ).stdout
    assert "OVERDUE     say thank you" not in text
