"""engine/commands/common.py: which timeline and pack a command uses when not told.

An explicit option wins, then FOLLOWUP_TIMELINE / FOLLOWUP_PACK, then the timeline's own
`pack:`; `-` reads the timeline from standard input (issue 12, item 5).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import EXAMPLE_TIMELINE, assert_one_error_line, invoke

AS_OF = ("--as-of", "2026-11-21", "--format", "json")
NO_ENV = {"FOLLOWUP_TIMELINE": None, "FOLLOWUP_PACK": None}


def _with_pack(tmp_path: Path, ref: str) -> Path:
    text = EXAMPLE_TIMELINE.read_text(encoding="utf-8")
    path = tmp_path / "timeline.yaml"
    path.write_text(text.replace("\nversion: 1\n", f"\nversion: 1\npack: {ref}\n", 1), "utf-8")
    return path


def _pack_of(result_stdout: str) -> str:
    return str(json.loads(result_stdout)["pack"]["name"])


def test_the_timeline_names_its_pack(tmp_path: Path) -> None:
    path = _with_pack(tmp_path, "clue-wagon@^2")
    result = invoke(["run", str(path), *AS_OF], env=NO_ENV)
    assert result.exit_code == 0, result.stderr
    assert _pack_of(result.stdout) == "clue-wagon"
    drafted = invoke(["draft", str(path), "-a", "acme-pm", "--as-of", "2026-11-21"], env=NO_ENV)
    assert drafted.exit_code == 0 and "under clue-wagon 2.0.0" in drafted.stdout


def test_an_option_beats_the_environment_which_beats_the_timeline(tmp_path: Path) -> None:
    path = _with_pack(tmp_path, "clue-wagon")
    env = {"FOLLOWUP_PACK": "career-pivot", "FOLLOWUP_TIMELINE": None}
    assert _pack_of(invoke(["run", str(path), *AS_OF], env=env).stdout) == "career-pivot"
    given = invoke(["run", str(path), "--pack", "mason-group", *AS_OF], env=env)
    assert _pack_of(given.stdout) == "mason-group"


def test_the_timeline_from_the_environment(tmp_path: Path) -> None:
    path = _with_pack(tmp_path, "wise-job-search")
    env = {"FOLLOWUP_TIMELINE": str(path), "FOLLOWUP_PACK": None}
    result = invoke(["run", *AS_OF], env=env)
    assert result.exit_code == 0, result.stderr
    assert _pack_of(result.stdout) == "wise-job-search"
    assert invoke(["compare", "--all", *AS_OF], env=env).exit_code == 0


def test_a_pack_file_named_by_the_timeline_is_relative_to_it(tmp_path: Path) -> None:
    (tmp_path / "packs").mkdir()
    pack = Path(__file__).parent / "example-files" / "positive" / "packs" / "example-pack.yaml"
    (tmp_path / "packs" / "mine.yaml").write_bytes(pack.read_bytes())
    path = _with_pack(tmp_path, "packs/mine.yaml")
    result = invoke(["run", str(path), *AS_OF], env=NO_ENV)
    assert result.exit_code == 0, result.stderr


def test_no_pack_anywhere_is_a_usage_error_that_names_every_way(tmp_path: Path) -> None:
    result = invoke(["run", str(EXAMPLE_TIMELINE), "--as-of", "2026-11-21"], env=NO_ENV)
    assert result.exit_code == 2
    assert "no pack to evaluate the timeline with" in result.stderr
    for way in ("--pack", "FOLLOWUP_PACK", "pack:"):
        assert way in result.stderr
    assert "Traceback" not in result.stderr


def test_a_timeline_read_from_standard_input() -> None:
    text = EXAMPLE_TIMELINE.read_text(encoding="utf-8")
    piped = invoke(["run", "-", "--pack", "clue-wagon", *AS_OF], env=NO_ENV, stdin=text)
    from_file = invoke(["run", str(EXAMPLE_TIMELINE), "--pack", "clue-wagon", *AS_OF], env=NO_ENV)
    assert piped.exit_code == 0, piped.stderr
    assert json.loads(piped.stdout)["applications"] == json.loads(from_file.stdout)["applications"]


@pytest.mark.parametrize(("text", "line"), [("version: [\n", 2), ("version: 2\n", 1)])
def test_bad_input_on_standard_input_is_located_as_stdin(text: str, line: int) -> None:
    result = invoke(["run", "-", "--pack", "clue-wagon"], env=NO_ENV, stdin=text)
    assert result.exit_code == 2
    match = assert_one_error_line(result)
    assert (match["path"], int(match["line"])) == ("<stdin>", line)
