"""`followup validate`'s warnings about timelines (engine/analysis/sameday.py): same-day events
listed in an order that changes the advice, and events without a channel where the pack counts
channels. Each file in tests/example-files/negative/timeline-warnings/ names its first finding
on its first line (`# expect: LINE:COL: warning: text`); it must be a warning, exit 0, and exit
1 with --strict."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_support import EXAMPLE_TIMELINE, assert_usage_error, invoke

FILES = Path(__file__).resolve().parent / "example-files" / "negative" / "timeline-warnings"
WARNINGS = sorted(FILES.glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (?P<line>[0-9]+):(?P<col>[0-9]+): warning: (?P<text>.+)$")


@pytest.mark.parametrize("path", WARNINGS, ids=lambda p: p.name)
def test_each_file_gives_its_warning(path: Path) -> None:
    expected = EXPECT.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert expected, f"{path.name}: the first line must be '# expect: LINE:COL: warning: text'"
    result = invoke(["validate", str(path)])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    where = f"{path}:{expected['line']}:{expected['col']}: warning: "
    assert first.startswith(where), first
    assert expected["text"] in first
    assert invoke(["validate", "--strict", str(path)]).exit_code == 1
    # `run` takes every one of them: they are warnings, the timeline is valid
    assert invoke(["run", str(path), "-p", "clue-wagon", "--as-of", "2026-11-21"]).exit_code == 0


def test_there_is_a_file_for_each_kind_of_warning() -> None:
    names = {p.stem for p in WARNINGS}
    assert {"decision-before-interview", "thank-you-before-interview"} <= names
    assert {"reply-before-follow-up", "follow-up-without-channel"} <= names


def _swapped(tmp_path: Path, pack: str = "") -> Path:
    """The example timeline with acme-pm's decision_expected listed before its interview."""
    text = EXAMPLE_TIMELINE.read_text(encoding="utf-8")
    interview = (
        "      - {date: 2026-11-17, type: interview, round: 1, with: dana, channel: in_person}\n"
    )
    decision = "      - {date: 2026-11-17, type: decision_expected, by: 2026-11-20, with: dana}\n"
    assert interview + decision in text
    text = text.replace(interview + decision, decision + interview)
    if pack:
        text = text.replace("version: 1\n", f"version: 1\npack: {pack}\n", 1)
    path = tmp_path / "swapped.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_pack_under_which_the_order_does_not_matter_gives_no_warning(tmp_path: Path) -> None:
    # 3x3-networking counts its calls from the interview, whatever the decision date says
    quiet = invoke(["validate", str(_swapped(tmp_path)), "--pack", "3x3-networking"])
    assert quiet.exit_code == 0 and quiet.stdout.endswith(" 0 with warnings\n")
    loud = invoke(["validate", str(_swapped(tmp_path)), "--pack", "clue-wagon"])
    # the rule named is the one whose advice changes
    assert "clue-wagon 2.0.0 advises otherwise (rule post-interview-email)" in loud.stdout


def test_the_timelines_own_pack_is_the_default(tmp_path: Path) -> None:
    named = invoke(["validate", str(_swapped(tmp_path, "3x3-networking"))]).stdout
    assert " 0 with warnings" in named
    unnamed = invoke(["validate", str(_swapped(tmp_path))]).stdout
    assert "decision_expected usually comes after interview" in unnamed  # the structural rule


def test_a_pack_that_cannot_be_loaded_is_a_warning_and_the_rest_is_checked(tmp_path: Path) -> None:
    result = invoke(["validate", str(_swapped(tmp_path, "no-such-pack"))])
    assert result.exit_code == 0 and "Traceback" not in result.output
    lines = result.stdout.splitlines()
    assert "the advice is checked without a pack: pack 'no-such-pack' cannot be loaded" in lines[0]
    assert "decision_expected usually comes after interview" in lines[1]


def test_an_unknown_pack_option_is_one_error_line() -> None:
    result = invoke(["validate", str(EXAMPLE_TIMELINE), "--pack", "no-such-pack"])
    assert "no pack named 'no-such-pack'" in assert_usage_error(result, "--pack")


def test_no_channel_is_not_checked_without_a_pack(tmp_path: Path) -> None:
    path = FILES / "follow-up-without-channel.yaml"
    text = path.read_text(encoding="utf-8").replace("pack: clue-wagon\n", "")
    bare = tmp_path / "bare.yaml"
    bare.write_text(text, encoding="utf-8")
    quiet = invoke(["validate", str(bare)]).stdout
    assert quiet.endswith(" 1 valid, 0 with errors, 0 with warnings\n")
    assert "gives no channel" in invoke(["validate", str(bare), "-p", "mason-group"]).stdout
