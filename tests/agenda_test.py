"""`followup agenda`: every pending action, one line each, overdue first; the same evaluation
as `run`, fitted to the terminal, coloured only when asked (engine/analysis/agenda.py,
engine/present/agenda_text.py, engine/commands/agenda.py)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from cli_support import EXAMPLE_TIMELINE, PENDING, invoke, run_json

from engine import builtin_pack_names

NO_ENV = {"FOLLOWUP_TIMELINE": None, "FOLLOWUP_PACK": None, "NO_COLOR": None, "COLUMNS": None}
SGR = re.compile(r"\x1b\[[0-9;]*m")


def agenda(*args: str, env: dict[str, str | None] | None = None) -> Any:
    result = invoke(["agenda", *args], env={**NO_ENV, **(env or {})})
    assert result.exit_code == 0, (result.stderr, result.exception)
    return result


def agenda_json(timeline: Path, pack: str, as_of: str, days: int = 14) -> dict[str, Any]:
    out = agenda(str(timeline), "--pack", pack, "--as-of", as_of, "--days", str(days),
                 "--format", "json").stdout  # fmt: skip
    data: dict[str, Any] = json.loads(out)
    return data


@pytest.mark.parametrize("pack", builtin_pack_names())
def test_the_agenda_is_what_run_has_pending_on_every_day(pack: str) -> None:
    day = dt.date(2026, 11, 1)
    while day <= dt.date(2026, 12, 20):
        as_of = day.isoformat()
        report = run_json(EXAMPLE_TIMELINE, pack, as_of)
        until = (day + dt.timedelta(days=14)).isoformat()
        expected = [
            (app["id"], rec["rule"], rec["status"], rec["due"])
            for app in report["applications"]
            for rec in app["recommendations"]
            if rec["status"] in PENDING and rec["due"] is not None and rec["due"] <= until
        ]
        got = [
            (a["application"], a["rule"], a["status"], a["due"])
            for a in agenda_json(EXAMPLE_TIMELINE, pack, as_of)["actions"]
        ]
        assert sorted(got) == sorted(expected), as_of
        overdue = [g[2] == "overdue" for g in got]
        assert overdue == sorted(overdue, reverse=True), as_of  # overdue first
        rest = [g[3] for g in got if g[2] != "overdue"]
        assert rest == sorted(rest), as_of  # then by due date
        day += dt.timedelta(days=5)


def test_one_line_per_action_with_date_application_and_rule() -> None:
    args = (str(EXAMPLE_TIMELINE), "-p", "clue-wagon", "--as-of", "2026-11-21")
    lines = agenda(*args, env={"COLUMNS": "120"}).stdout.splitlines()
    assert lines[0] == (
        "clue-wagon 2.0.0: due by Sat 2026-12-05, as of Sat 2026-11-21 (America/Chicago)"
    )
    assert lines[1] == (
        "UPCOMING  Mon 11-23  globex-analyst  follow up by email to Hank Scorpio (hiring manager)"
        " [resume-follow-up]"
    )
    # Narrower, the rule's id goes first: what to do and to whom stay.
    narrow = agenda(*args, env={"COLUMNS": "90"}).stdout.splitlines()
    (line,) = [x for x in narrow if "globex" in x]
    assert line.endswith("to Hank Scorpio (hiring manager)")
    # To a pipe, whatever reads it gets the whole line.
    assert agenda(*args).stdout.splitlines()[1] == lines[1]
    actions = agenda_json(EXAMPLE_TIMELINE, "clue-wagon", "2026-11-21")["actions"]
    assert len(lines) == 1 + len(actions)


@pytest.mark.parametrize("columns", [80, 60, 120])
def test_every_line_fits_the_terminal(columns: int) -> None:
    for pack in builtin_pack_names():
        out = agenda(str(EXAMPLE_TIMELINE), "-p", pack, "--as-of", "2026-11-21",
                     env={"COLUMNS": str(columns)}).stdout  # fmt: skip
        assert max(len(line) for line in out.splitlines()) <= columns, pack
    narrow = agenda(str(EXAMPLE_TIMELINE), "-p", "3x3-networking", "--as-of", "2026-11-21",
                    env={"COLUMNS": "10"}).stdout  # fmt: skip
    assert max(len(line) for line in narrow.splitlines()) == 40  # never narrower than 40


def test_colour_only_when_asked_and_never_with_no_color() -> None:
    args = [str(EXAMPLE_TIMELINE), "-p", "3x3-networking", "--as-of", "2026-11-21"]
    coloured = agenda(*args, "--color", "always").stdout
    assert "\x1b[1;31mOVERDUE \x1b[0m" in coloured
    assert "\x1b[1;36mUPCOMING\x1b[0m" in coloured
    assert SGR.sub("", coloured) == agenda(*args, "--color", "never").stdout
    assert "\x1b" not in agenda(*args).stdout  # auto, and not a terminal
    assert "\x1b" not in agenda(*args, env={"NO_COLOR": "1"}).stdout


def test_a_control_character_in_the_timeline_never_reaches_the_terminal(tmp_path: Path) -> None:
    text = EXAMPLE_TIMELINE.read_text(encoding="utf-8").replace(
        "name: Hank Scorpio", 'name: "Hank \\x1b]0;pwned\\x07 Scorpio"'
    )
    path = tmp_path / "timeline.yaml"
    path.write_text(text, encoding="utf-8")
    out = agenda(str(path), "-p", "clue-wagon", "--as-of", "2026-11-21", "--color", "always")
    assert "Hank \\x1b]0;pwned\\x07 Scorpio" in out.stdout  # shown, escaped
    assert "\x07" not in out.stdout
    assert "\x1b" not in SGR.sub("", out.stdout)  # only followup's own colour codes


def test_nothing_due_says_so() -> None:
    out = agenda(str(EXAMPLE_TIMELINE), "-p", "clue-wagon", "--as-of", "2026-10-01").stdout
    assert out.splitlines()[1] == "nothing to do by 2026-10-15"


def test_days_ahead_and_its_usage_error() -> None:
    few = agenda_json(EXAMPLE_TIMELINE, "clue-wagon", "2026-11-21", days=2)["actions"]
    assert [a["due"] for a in few] == ["2026-11-23"]
    bad = invoke(["agenda", str(EXAMPLE_TIMELINE), "-p", "clue-wagon", "--days", "-1"], NO_ENV)
    assert bad.exit_code == 2 and "--days" in bad.stderr and "Traceback" not in bad.stderr


def test_no_argument_at_all_with_the_timeline_in_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "timeline.yaml"
    text = EXAMPLE_TIMELINE.read_text(encoding="utf-8")
    path.write_text(text.replace("\nversion: 1\n", "\nversion: 1\npack: mason-group\n", 1), "utf-8")
    out = agenda(env={"FOLLOWUP_TIMELINE": str(path)}).stdout
    assert out.startswith("mason-group 2.0.0: due by ")


@pytest.mark.parametrize("columns", [40, 50, 64])
def test_on_a_narrow_terminal_what_to_do_goes_under_the_rest_whole(columns: int) -> None:
    args = (str(EXAMPLE_TIMELINE), "-p", "clue-wagon", "--as-of", "2026-11-21")
    lines = agenda(*args, env={"COLUMNS": str(columns)}).stdout.splitlines()
    assert all(len(line) <= columns for line in lines)
    start = lines.index("UPCOMING  Mon 11-23  globex-analyst")
    said = " ".join(line.strip() for line in lines[start + 1 : start + 4])
    assert said.startswith("follow up by email to Hank Scorpio (hiring manager) [resume-follow-up]")
    assert "…" not in "".join(lines[1:])  # wrapped, not cut


def test_a_long_application_id_is_cut_and_the_actions_line_up(tmp_path: Path) -> None:
    long_id = "globex-analyst-" + "x" * 30
    path = tmp_path / "t.yaml"
    path.write_text(EXAMPLE_TIMELINE.read_text().replace("globex-analyst", long_id))
    out = agenda(str(path), "-p", "clue-wagon", "--as-of", "2026-11-21", env={"COLUMNS": "100"})
    lines = out.stdout.splitlines()[1:]
    assert any("  globex-analyst-xxxx…  follow up" in line for line in lines), lines
    at = {line.index("  ", 21 + 20) for line in lines}  # the id's column: 20 cells, then 2
    assert at == {41}


def test_a_long_application_id_is_whole_when_piped(tmp_path: Path) -> None:
    long_id = "globex-analyst-" + "x" * 30
    path = tmp_path / "t.yaml"
    path.write_text(EXAMPLE_TIMELINE.read_text().replace("globex-analyst", long_id))
    out = agenda(str(path), "-p", "clue-wagon", "--as-of", "2026-11-21")  # no COLUMNS: a pipe
    assert any(f"  {long_id}  follow up" in line for line in out.stdout.splitlines())
    assert "…" not in out.stdout
