"""`followup run --simulate --until`: every action done on its due date, nobody replies."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from cli_support import invoke

ROOT = Path(__file__).resolve().parents[1]
WORKED = str(ROOT / "examples" / "worked-example.yaml")


def simulate(pack: str, start: str, until: str, *extra: str) -> dict[str, Any]:
    result = invoke(
        [
            "run",
            WORKED,
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


def steps(data: dict[str, Any]) -> list[tuple[str, str, int]]:
    (app,) = data["applications"]
    return [(s["date"], s["rule"], s["attempt"]) for s in app["steps"]]


def test_clue_wagon_stops_after_its_final_call() -> None:
    data = simulate("clue-wagon", "2026-11-17", "2027-03-31")
    assert steps(data) == [
        ("2026-11-25", "post-interview-email", 1),
        ("2026-12-02", "post-interview-email", 2),
        ("2026-12-09", "final-call", 1),
        ("2026-12-09", "move-on", 1),
    ]
    (app,) = data["applications"]
    assert app["chases"] == 3
    assert app["ending"] == "the pack says to move on on 2026-12-09"


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
    assert "3 chases; ends: the pack says to move on on 2026-12-09" in result.stdout


def test_nothing_after_the_end_date() -> None:
    data = simulate("clue-wagon", "2026-11-17", "2026-11-30")
    assert steps(data) == [("2026-11-25", "post-interview-email", 1)]
    assert data["applications"][0]["ending"] == (
        "next action due 2026-12-02, after the end of the simulation"
    )


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
    assert by_pack["clue-wagon"]["ending"] == "the pack says to move on on 2026-12-09"
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
    assert "clue-wagon      3 chases; ends: the pack says to move on on 2026-12-09" in table.stdout
    assert "3x3-networking  8 chases" in table.stdout
    missing = invoke([*base, "--simulate"])
    assert missing.exit_code == 2
    assert "--simulate needs --until" in missing.stderr
