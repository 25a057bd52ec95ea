"""The options several commands share (engine/commands/params.py); here --quiet, which means the
same wherever it is offered: only what needs the reader, nothing when all is well, and only
with the text format."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import EXAMPLE_TIMELINE, POLICIES, invoke

PACK = """\
pack_format: 2
name: quiet-probe
version: 0.1.0
title: A probe pack
source: {author: Sam, title: Notes, publication: personal notes}
rules:
  - id: nudge
    when:
      anchor: application_submitted
    timing:
      after: {weeks: 1}
    action: {kind: follow_up, channel: email, recipient: hiring_manager}
"""
AGENDA = ["agenda", str(EXAMPLE_TIMELINE), "--pack", "clue-wagon", "--as-of", "2026-11-21"]
NO_ENV = {"COLUMNS": None, "FOLLOWUP_PACK": None, "FOLLOWUP_TIMELINE": None, "NO_COLOR": None}


def _run(*args: str) -> tuple[int, str]:
    result = invoke(list(args), env=NO_ENV)
    assert result.stderr == "" or result.exit_code == 2, result.stderr
    return result.exit_code, result.stdout


def test_agenda_quiet_prints_the_actions_only_and_nothing_when_none_is_due() -> None:
    code, full = _run(*AGENDA)
    assert code == 0
    for flag in ("-q", "--quiet"):
        assert _run(*AGENDA, flag) == (0, "".join(full.splitlines(True)[1:]))  # no header
    assert full.splitlines()[1:]  # something is due that day
    code, nothing = _run(*AGENDA, "--days", "0", "--as-of", "2026-10-01")
    assert "nothing to do" in nothing
    assert _run(*AGENDA, "--days", "0", "--as-of", "2026-10-01", "-q") == (0, "")


def test_validate_quiet_prints_only_the_findings_that_fail(tmp_path: Path) -> None:
    good = str(POLICIES / "clue-wagon.yaml")
    uncited = tmp_path / "uncited.yaml"
    uncited.write_text(PACK, encoding="utf-8")  # no cite: a warning
    broken = tmp_path / "broken.yaml"
    broken.write_text(PACK.replace("kind: follow_up", "kind: dance"), encoding="utf-8")
    assert _run("validate", "-q", good) == (0, "")
    code, warned = _run("validate", str(uncited))
    assert code == 0 and ": warning: " in warned
    assert _run("validate", "-q", str(uncited)) == (0, "")
    code, strict = _run("validate", "-q", "--strict", str(uncited))
    assert code == 1 and strict.splitlines() == warned.splitlines()[:-1]  # no summary
    code, failed = _run("validate", "-q", good, str(uncited), str(broken))
    assert code == 1 and failed
    assert all(": error: " in line and "broken.yaml" in line for line in failed.splitlines())


def test_test_quiet_prints_only_the_failures_and_the_totals_then(tmp_path: Path) -> None:
    assert _run("test", "-q", "clue-wagon") == (0, "")
    text = (POLICIES / "clue-wagon.yaml").read_text(encoding="utf-8")
    marker = "status: upcoming"
    assert marker in text
    failing = tmp_path / "failing.yaml"
    failing.write_text(text.replace(marker, "status: overdue", 1), encoding="utf-8")
    code, full = _run("test", str(failing))
    code_q, quiet = _run("test", "-q", str(failing))
    assert code == code_q == 1
    lines = quiet.splitlines()
    assert "PASS" not in quiet and "coverage" not in quiet
    assert lines[0] == full.splitlines()[0]  # the pack, then its failures
    assert [x for x in lines if "FAIL" in x] == [x for x in full.splitlines() if "FAIL" in x]
    assert lines[-1] == full.splitlines()[-1]  # "N passed, 1 failed"


@pytest.mark.parametrize(
    "args",
    [
        [*AGENDA, "--format", "json"],
        ["validate", str(POLICIES / "clue-wagon.yaml"), "--format", "json"],
        ["test", "clue-wagon", "--format", "junit"],
    ],
)
def test_quiet_goes_with_the_text_format_only(args: list[str]) -> None:
    code, _ = _run(*args, "--quiet")
    assert code == 2
    assert "--quiet goes with --format text" in invoke([*args, "-q"], env=NO_ENV).stderr


@pytest.mark.parametrize("command", ["agenda", "test", "validate"])
def test_quiet_is_in_the_help(command: str) -> None:
    assert "-q, --quiet" in invoke([command, "--help"]).stdout
