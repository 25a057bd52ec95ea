"""The examples in docs/ run and print what the docs say they print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_support import EXAMPLE_TIMELINE, ROOT, invoke, pending, recommendations, run_json

DOCS = ROOT / "docs"


def _section(doc: str, heading: str) -> str:
    text = (DOCS / doc).read_text(encoding="utf-8")
    start = text.index(heading)
    following = text.find("\n## ", start + len(heading))
    return text[start : following if following != -1 else len(text)]


def _blocks(section: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section, re.S)


def _assert_lines_in_order(documented: str, actual: str) -> None:
    """Every documented line appears in the output, in order (the docs trim, never reword)."""
    lines = [line.rstrip() for line in actual.splitlines()]
    at = 0
    for line in documented.splitlines():
        if not line.strip() or line.startswith("$ "):
            continue
        assert line.rstrip() in lines[at:], f"not in the output (in order): {line!r}\n{actual}"
        at = lines.index(line.rstrip(), at) + 1


def test_custom_pack_in_packs_md(tmp_path: Path) -> None:
    section = _section("packs.md", "## A complete custom pack")
    (pack_text,) = _blocks(section, "yaml")
    (expected,) = _blocks(section, "text")
    pack = tmp_path / "my-follow-ups.yaml"
    pack.write_text(pack_text, encoding="utf-8")
    result = invoke(["run", str(EXAMPLE_TIMELINE), "--pack", str(pack), "--as-of", "2026-11-21"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    _assert_lines_in_order(expected, result.stdout)


def test_worked_example_in_packs_md(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the documented command uses a relative path
    section = _section("packs.md", "## Worked example: clue-wagon after an interview")
    first = _blocks(section, "text")[0]
    command = first.splitlines()[0]
    assert command.startswith("$ followup run examples/worked-example.yaml --pack clue-wagon")
    result = invoke(command.split()[2:])
    assert result.exit_code == 0, result.stderr
    _assert_lines_in_order(first, result.stdout)


def test_complete_example_in_timeline_md(tmp_path: Path) -> None:
    section = _section("timeline.md", "## A complete example")
    (timeline_text,) = _blocks(section, "yaml")
    timeline = tmp_path / "timeline.yaml"
    timeline.write_text(timeline_text, encoding="utf-8")
    report = run_json(timeline, "clue-wagon", "2026-11-21")
    # "this timeline gives one recommendation: email Dana on Wednesday 2026-11-25"
    (rec,) = pending(recommendations(report, "acme-pm"))
    assert (rec["channels"], rec["due"]) == (["email"], "2026-11-25")
    assert [r["contact"] for r in rec["recipients"]] == ["dana"]


def test_readme_quickstart_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"\.venv/bin/followup (run [^\n`]+)", readme)
    assert match, "the quickstart no longer runs followup"
    result = invoke(match[1].split())
    assert result.exit_code == 0, result.stderr
    assert "acme-pm" in result.stdout




def test_every_format_2_feature_names_a_tested_example_pack() -> None:
    """Each feature section of "Pack format 2" points at a complete example pack with tests
    (tests/example_files_test.py runs `followup test --require-tests` on each)."""
    section = _section("packs.md", "## Pack format 2")
    features = re.split(r"\n### ", section)[1:]
    for feature in features:
        title = feature.splitlines()[0]
        named = re.findall(r"tests/example-files/positive/packs/[\w.-]+\.yaml", feature)
        assert named, f"section {title!r} names no example pack"
        for rel in named:
            text = (ROOT / rel).read_text(encoding="utf-8")
            assert "pack_format: 2" in text, rel
            assert "\ntests:" in text, f"{rel} has no tests"


def test_worked_format_2_example_in_custom_packs_md(tmp_path: Path) -> None:
    """The article's pack passes its own tests, uses at least six format-2 features, and
    `followup test` and `followup show` print what the guide says they print."""
    section = _section("custom-packs.md", "## Worked example: one article")
    (pack_text,) = _blocks(section, "yaml")
    assert "pack_format: 2" in pack_text
    features = [
        "each: true",
        "at: ",
        "not_asked:",
        "ask_timeline",
        "first_of:",
        "steps:",
        "fallback:",
        "says: decision",
        "limits:",
        "linkedin_connection_request",
        "open]",
    ]
    assert sum(f in pack_text for f in features) >= 6
    pack = tmp_path / "polite-persistence.yaml"
    pack.write_text(pack_text, encoding="utf-8")
    tested, shown = _blocks(section, "text")
    result = invoke(["test", "--require-tests", str(pack)])
    assert result.exit_code == 0, result.output
    _assert_lines_in_order(tested.replace("(polite-persistence.yaml)", f"({pack})"), result.stdout)
    result = invoke(["show", str(pack)])
    assert result.exit_code == 0, result.output
    _assert_lines_in_order(shown, result.stdout)
