"""`followup validate`: every finding of packs and timelines, with line and column, and the lint.

The example files drive most of it: each broken file under tests/example-files/negative/ names its
first finding on its first line (`# expect: LINE:COL: text`). Packs and timelines there must give
that finding first, with exit code 1, or 2 when the file cannot be parsed at all. Files under
negative/lint/ are packs `followup run` accepts but whose rules can never fire (errors) or have
settings that never take effect (warnings); their expectation starts with the severity.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_support import EXAMPLE_TIMELINE, EXAMPLES, POLICIES, ROOT, invoke
from click.testing import Result
from hypothesis import HealthCheck, event, given, settings
from strategies import load_timeline_doc, packs_with_timelines

from engine import InputError, evaluate
from engine.commands import validate as cmd
from engine.io import safeyaml
from engine.load import check, lint, timelines
from engine.model import Pack, Pattern

FILES = Path(__file__).resolve().parent / "example-files"
EXPECT = re.compile(r"^# expect: (?P<line>[0-9]+):(?P<col>[0-9]+): (?P<text>.+)$")
FINDING = re.compile(
    r"^(?P<path>.+):(?P<line>[0-9]+):(?P<col>[0-9]+): (?P<severity>error|warning): "
    r"(?P<message>.+)$"
)
SUMMARY = re.compile(
    r"^(?P<n>[0-9]+) files? checked: (?P<valid>[0-9]+) valid, (?P<errors>[0-9]+) with errors, "
    r"(?P<warnings>[0-9]+) with warnings$"
)


def _files(*parts: str) -> list[Path]:
    return sorted(p for p in FILES.joinpath(*parts).iterdir() if p.is_file())


NEGATIVE_PACKS = _files("negative", "packs")
NEGATIVE_TIMELINES = _files("negative", "timelines")
LINT = _files("negative", "lint")
POSITIVE = _files("positive", "packs") + _files("positive", "timelines")
BUILTIN_PACKS = sorted(POLICIES.glob("*.yaml"))

MINIMAL_PACK = """\
pack_format: 1
name: minimal
version: 0.1.0
title: A minimal pack
source: {author: Sam, title: Notes, publication: personal notes}
rules:
  - id: nudge
    when:
      anchor: application_submitted
    timing:
      after: {weeks: 1}
    action: {kind: follow_up, channel: email, recipient: hiring_manager}
"""


def _ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


def _expectation(path: Path) -> tuple[str, str, str]:
    match = EXPECT.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert match, f"{path.name}: the first line must be '# expect: LINE:COL: text'"
    return match["line"], match["col"], match["text"]


def _parseable(path: Path) -> bool:
    try:
        safeyaml.load_file(path)
    except InputError:
        return False
    return True


def _validate(*args: str | Path) -> Result:
    return invoke(["validate", *map(str, args)])


def _lines(result: Result) -> tuple[list[re.Match[str]], re.Match[str]]:
    """The finding lines and the summary line of a text report, each checked for its shape."""
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr == ""
    assert result.stdout.endswith("\n")
    *body, last = result.stdout.splitlines()
    summary = SUMMARY.match(last)
    assert summary, last
    findings = [FINDING.match(line) for line in body]
    assert all(findings), body
    return [m for m in findings if m], summary


def _json(result: Result) -> list[dict[str, Any]]:
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr == ""
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ valid files


def test_builtin_packs_and_examples_are_valid() -> None:
    files = [*BUILTIN_PACKS, *sorted(EXAMPLES.glob("*.yaml"))]
    result = _validate("--strict", *files)
    findings, summary = _lines(result)
    assert result.exit_code == 0, result.stdout
    assert findings == []
    n = len(files)
    assert summary.group(0) == f"{n} files checked: {n} valid, 0 with errors, 0 with warnings"


def test_a_builtin_pack_found_through_another_path_is_still_builtin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(POLICIES)
    result = _validate("--strict", "clue-wagon.yaml", "../policies/../policies/career-pivot.yaml")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "2 files checked: 2 valid, 0 with errors, 0 with warnings\n"


@pytest.mark.parametrize("path", POSITIVE, ids=_ids(POSITIVE))
def test_positive_example_files_have_no_errors(path: Path) -> None:
    result = _validate(path)
    findings, _ = _lines(result)
    assert result.exit_code == 0, result.stdout
    assert all(f["severity"] == "warning" for f in findings)


def test_the_example_timeline_in_json() -> None:
    result = _validate("--format", "json", EXAMPLE_TIMELINE)
    assert result.exit_code == 0
    assert _json(result) == [
        {"path": str(EXAMPLE_TIMELINE), "kind": "timeline", "valid": True, "findings": []}
    ]


# ------------------------------------------------------------------ broken files


def _check_negative(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    line, col, text = _expectation(path)
    # From an empty folder: a `!!python` payload that ran would leave a file behind.
    monkeypatch.chdir(tmp_path)
    result = _validate(path)
    findings, summary = _lines(result)
    assert result.exit_code == (1 if _parseable(path) else 2), result.stdout
    first = findings[0]
    assert (first["path"], first["line"], first["col"]) == (str(path), line, col), result.stdout
    assert first["severity"] == "error"
    assert text in first["message"], result.stdout
    if not _parseable(path):
        assert len(findings) == 1
    assert summary.group(0) == "1 file checked: 0 valid, 1 with errors, 0 with warnings"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("path", NEGATIVE_PACKS, ids=_ids(NEGATIVE_PACKS))
def test_negative_pack(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _check_negative(path, tmp_path, monkeypatch)


@pytest.mark.parametrize("path", NEGATIVE_TIMELINES, ids=_ids(NEGATIVE_TIMELINES))
def test_negative_timeline(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _check_negative(path, tmp_path, monkeypatch)


def test_enough_broken_files_of_both_kinds() -> None:
    assert len(NEGATIVE_PACKS) >= 25
    assert len(NEGATIVE_TIMELINES) >= 25
    assert len(LINT) >= 10
    parseable = [p for p in NEGATIVE_PACKS + NEGATIVE_TIMELINES if _parseable(p)]
    unparseable = [p for p in NEGATIVE_PACKS + NEGATIVE_TIMELINES if not _parseable(p)]
    assert len(parseable) >= 40
    assert len(unparseable) >= 8


def test_every_broken_file_at_once() -> None:
    """All in one run: each file still reports its own first finding; the worst code wins."""
    paths = NEGATIVE_PACKS + NEGATIVE_TIMELINES
    result = _validate(*paths)
    findings, summary = _lines(result)
    assert result.exit_code == 2
    n = len(paths)
    assert summary.group(0) == f"{n} files checked: 0 valid, {n} with errors, 0 with warnings"
    for path in paths:
        line, col, text = _expectation(path)
        mine = [f for f in findings if f["path"] == str(path)]
        assert (mine[0]["line"], mine[0]["col"]) == (line, col)
        assert text in mine[0]["message"]


# ------------------------------------------------------------------ lint


@pytest.mark.parametrize("path", LINT, ids=_ids(LINT))
def test_lint_example(path: Path) -> None:
    line, col, text = _expectation(path)
    severity = text.split(":", 1)[0]
    assert severity in ("error", "warning"), f"{path.name}: say error: or warning: first"
    result = _validate(path)
    findings, _ = _lines(result)
    assert len(findings) == 1, result.stdout
    (finding,) = findings
    assert (finding["path"], finding["line"], finding["col"]) == (str(path), line, col)
    assert text in f"{finding['severity']}: {finding['message']}", result.stdout
    assert finding["message"].endswith(")"), "a lint message ends with the fix, in parentheses"
    assert result.exit_code == (1 if severity == "error" else 0)
    strict = _validate("--strict", path)
    assert strict.exit_code == 1
    # Lint never changes what `followup run` accepts: these packs load and run.
    run = invoke(["run", str(EXAMPLE_TIMELINE), "--pack", str(path), "--as-of", "2026-11-21"])
    assert run.exit_code == 0, run.stderr


def test_lint_finds_nothing_in_the_builtin_and_example_packs() -> None:
    from engine.load.packs import load_pack_file

    clean = ["example-pack.yaml", "restart-ended-by-a-condition.yaml"]
    for path in [*BUILTIN_PACKS, *(FILES / "positive" / "packs" / name for name in clean)]:
        pack = load_pack_file(path)
        assert list(lint.lint_findings(pack, pack.document)) == [], path


def test_within_and_can_match() -> None:
    email = Pattern(("follow_up_sent",), channels=("email",))
    any_follow_up = Pattern(("follow_up_sent",))
    phone = Pattern(("follow_up_sent",), channels=("phone",))
    assert lint.within(email, any_follow_up)
    assert not lint.within(any_follow_up, email)
    assert not lint.within(phone, email)
    assert not lint.within(Pattern(("follow_up_sent", "reply_received")), any_follow_up)
    later = Pattern(("interview",), round_min=2)
    assert lint.within(Pattern(("interview",), round_min=3, round_max=4), later)
    assert not lint.within(Pattern(("interview",)), later)
    assert lint.can_match(later)
    assert not lint.can_match(Pattern(("follow_up_sent",), round_min=1))
    assert not lint.can_match(Pattern(("interview",), round_min=21))
    assert not lint.can_match(Pattern(("interview",), round_min=3, round_max=2))
    assert lint.can_match(Pattern(("interview", "offer"), round_max=0))


def test_a_rule_with_several_lint_problems_gets_them_all(tmp_path: Path) -> None:
    pack = _write(
        tmp_path,
        "pack.yaml",
        MINIMAL_PACK.replace(
            "      anchor: application_submitted\n",
            "      anchor: application_submitted\n"
            "      stage: [new, applied]\n"
            "      requires:\n"
            "        - {event: reply_received, min: 0}\n"
            "        - {event: follow_up_sent, channel: email}\n"
            "      unless: [interview, follow_up_sent]\n",
        )
        + '    cite: "Nudge."\n',
    )
    result = _validate(pack)
    findings, _ = _lines(result)
    assert [(f["line"], f["severity"]) for f in findings] == [
        ("14", "error"),  # unless follow_up_sent
        ("10", "warning"),  # stage 'new'
        ("12", "warning"),  # min 0, no max
    ]
    assert (
        "can never fire: unless follow_up_sent matches the follow_up_sent by email"
        in (findings[0]["message"])
    )
    assert result.exit_code == 1


def test_lint_reports_only_the_rules_a_file_writes(tmp_path: Path) -> None:
    child = _write(
        tmp_path,
        "child.yaml",
        "pack_format: 1\n"
        "name: child\n"
        "version: 0.1.0\n"
        "extends: clue-wagon@^2.0.0\n"
        "override:\n"
        "  - id: post-interview-email\n"
        "    when: {anchor: decision_expected, requires: [{event: interview, before: true}],"
        " stage: [new]}\n",
    )
    result = _validate(child)
    findings, _ = _lines(result)
    assert result.exit_code == 1, result.stdout
    (finding,) = findings
    assert finding["path"] == str(child)
    assert finding["line"] == "7"
    assert (
        "rule 'post-interview-email' can never fire: its stage [new] never holds"
        in (finding["message"])
    )
    fine = _write(
        tmp_path, "fine.yaml", "pack_format: 1\nname: fine\nversion: 0.1.0\nextends: clue-wagon\n"
    )
    assert _validate("--strict", fine).exit_code == 0


def test_pack_path_finds_the_base_pack(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    _write(folder, "base.yaml", MINIMAL_PACK.replace("name: minimal", "name: base"))
    child = _write(
        tmp_path, "child.yaml", "pack_format: 1\nname: child\nversion: 0.1.0\nextends: base\n"
    )
    missing = _validate(child)
    findings, _ = _lines(missing)
    assert missing.exit_code == 1
    assert "no pack named 'base' to extend" in findings[0]["message"]
    found = invoke(["validate", str(child), "--pack-path", str(folder)])
    assert found.exit_code == 0, found.stdout
    # The base's missing cite is the base's finding, not the child's.
    assert found.stdout == "1 file checked: 1 valid, 0 with errors, 0 with warnings\n"


# ------------------------------------------------------------------ several findings


def test_every_schema_finding_of_a_pack_best_first(tmp_path: Path) -> None:
    pack = _write(
        tmp_path,
        "pack.yaml",
        MINIMAL_PACK.replace("version: 0.1.0", "version: v1")
        .replace("after: {weeks: 1}", "after: {weeks: one}")
        .replace("channel: email", "channel: emial"),
    )
    result = _validate(pack)
    findings, _ = _lines(result)
    assert result.exit_code == 1
    messages = [f["message"] for f in findings]
    assert len(messages) == 3, messages
    assert any("'v1' is not valid here" in m for m in messages)
    assert any("did you mean 'email'?" in m for m in messages)
    assert any("'one' is not valid" in m for m in messages)
    from engine.load import validation

    best = next(validation.findings(safeyaml.load_file(pack), "pack"))
    assert findings[0]["message"] == best.message


def test_semantic_findings_of_a_pack_errors_first(tmp_path: Path) -> None:
    pack = _write(
        tmp_path,
        "pack.yaml",
        MINIMAL_PACK + "  - id: nudge\n"
        "    when: {anchor: interview}\n"
        "    timing: {after: {days: [5, 2]}}\n"
        "    action: {kind: thank_you, channel: email, recipient: hr}\n",
    )
    result = _validate(pack)
    findings, summary = _lines(result)
    assert result.exit_code == 1
    assert [(f["line"], f["severity"], f["message"]) for f in findings] == [
        ("13", "error", "duplicate rule id 'nudge'"),
        ("15", "error", "window 5-2: its minimum exceeds its maximum"),
        ("7", "warning", "rule 'nudge' has no cite"),
        ("13", "warning", "rule 'nudge' has no cite"),
    ]
    assert summary.group(0) == "1 file checked: 0 valid, 1 with errors, 0 with warnings"


def test_chase_requiring_a_reply_gets_the_loader_error_and_the_lint_error() -> None:
    path = FILES / "negative" / "packs" / "chase-requiring-reply.yaml"
    result = _validate(path)
    findings, _ = _lines(result)
    assert [(f["line"], f["col"]) for f in findings] == [("35", "7"), ("42", "17")]
    assert "cannot be triggered by reply_received" in findings[0]["message"]
    assert "is never pending: stop_when reply_received" in findings[1]["message"]


BROKEN_TIMELINE = """\
version: 1
candidate:
  timezone: America/Nowhere
  holidays: {country: XX}
applications:
  - id: acme
    company: Acme
    role: PM
    contacts:
      - {id: dana, role: hiring_manager}
      - {id: dana, role: hr}
    events:
      - {date: 2026-02-30, type: application_submitted}
      - {date: 2026-11-17, type: interview, with: danna}
      - {date: 2026-11-17, type: decision_expected, by: 2026-11-10}
      - {date: 2026-11-18, type: decision_expected, by: 2026-11-31}
  - id: acme
    company: Acme again
    role: PM
    events: []
"""


def test_every_semantic_finding_of_a_timeline_in_file_order(tmp_path: Path) -> None:
    path = _write(tmp_path, "timeline.yaml", BROKEN_TIMELINE)
    result = _validate(path)
    findings, summary = _lines(result)
    assert result.exit_code == 1
    assert [(f["line"], f["col"]) for f in findings] == [
        ("3", "13"),
        ("4", "13"),
        ("11", "14"),
        ("13", "16"),
        ("14", "51"),
        ("15", "57"),
        ("16", "57"),
        ("17", "9"),
    ]
    messages = [f["message"] for f in findings]
    assert messages[0].startswith("unknown time zone 'America/Nowhere' (use an IANA name")
    assert messages[1].startswith("no public-holiday calendar for country 'XX'")
    assert messages[2] == "duplicate contact id 'dana'"
    assert messages[3] == "'2026-02-30' is not a real date (use YYYY-MM-DD)"
    assert messages[4].startswith("event refers to unknown contact 'danna'; did you mean 'dana'?")
    assert messages[5] == "decision date 2026-11-10 is before the day it was stated (2026-11-17)"
    assert messages[6] == "'2026-11-31' is not a real date (use YYYY-MM-DD)"
    assert messages[7] == "duplicate application id 'acme'"
    assert summary["errors"] == "1"


def test_timeline_check_document_and_timeline_from_document_agree(tmp_path: Path) -> None:
    doc = safeyaml.loads(BROKEN_TIMELINE, "t.yaml")
    timeline, found = timelines.check_document(doc)
    assert timeline is None
    assert len(found) == 8
    with pytest.raises(InputError) as raised:
        timelines.timeline_from_document(doc)
    assert raised.value.format() == found[0].format()
    ok, none = timelines.check_document(safeyaml.load_file(EXAMPLE_TIMELINE))
    assert none == []
    assert ok == timelines.load_timeline(EXAMPLE_TIMELINE)


def test_several_files_with_mixed_results(tmp_path: Path) -> None:
    warned = _write(tmp_path, "uncited.yaml", MINIMAL_PACK)
    broken = FILES / "negative" / "timelines" / "unknown-contact.yaml"
    result = _validate(EXAMPLE_TIMELINE, warned, broken, POLICIES / "clue-wagon.yaml")
    findings, summary = _lines(result)
    assert result.exit_code == 1
    assert [(f["path"], f["severity"]) for f in findings] == [
        (str(warned), "warning"),
        (str(broken), "error"),
    ]
    assert summary.group(0) == "4 files checked: 2 valid, 1 with errors, 1 with warnings"


# ------------------------------------------------------------------ --strict and --format


def test_strict_turns_a_missing_cite_into_a_failure(tmp_path: Path) -> None:
    pack = _write(tmp_path, "uncited.yaml", MINIMAL_PACK)
    lenient = _validate(pack)
    findings, _ = _lines(lenient)
    assert lenient.exit_code == 0
    assert [(f["line"], f["col"], f["severity"]) for f in findings] == [("7", "9", "warning")]
    assert findings[0]["message"] == "rule 'nudge' has no cite"
    assert _validate("--strict", pack).exit_code == 1
    assert _json(_validate("--format", "json", pack))[0]["valid"] is True
    assert _json(_validate("--format", "json", "--strict", pack))[0]["valid"] is False


def test_json_structure(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    unknown = _write(tmp_path, "unknown.yaml", "name: what am I\n")
    warned = _write(tmp_path, "uncited.yaml", MINIMAL_PACK)
    result = invoke(
        [
            "validate",
            "--format",
            "json",
            str(POLICIES / "clue-wagon.yaml"),
            str(EXAMPLE_TIMELINE),
            str(warned),
            str(unknown),
            str(missing),
            str(FILES / "negative" / "timelines" / "unknown-key.yaml"),
        ]
    )
    assert result.exit_code == 2
    data = _json(result)
    assert [(d["kind"], d["valid"]) for d in data] == [
        ("pack", True),
        ("timeline", True),
        ("pack", True),
        (None, False),
        (None, False),
        ("timeline", False),
    ]
    for entry in data:
        assert set(entry) == {"path", "kind", "valid", "findings"}
        for finding in entry["findings"]:
            assert set(finding) == {"line", "col", "severity", "message"}
            assert isinstance(finding["line"], int)
            assert isinstance(finding["col"], int)
            assert finding["severity"] in ("error", "warning")
    assert data[2]["findings"] == [
        {"line": 7, "col": 9, "severity": "warning", "message": "rule 'nudge' has no cite"}
    ]
    (cannot_tell,) = data[3]["findings"]
    assert (cannot_tell["line"], cannot_tell["col"]) == (1, 1)
    assert cannot_tell["message"].startswith(
        "cannot tell whether this is a pack or a timeline (a pack starts with `pack_format: 1`"
    )
    assert data[4]["findings"] == [
        {"line": 1, "col": 1, "severity": "error", "message": "no such file (check the path)"}
    ]
    assert [f["message"] for f in data[5]["findings"]] == [
        "unknown key 'compnay'; did you mean 'company'?",
        "missing required key 'company'",
    ]


# ------------------------------------------------------------------ unreadable files


UNREADABLE: dict[str, tuple[bytes, str]] = {
    "bad-encoding.yaml": (b"version: 1\ncandidate: {name: \xff}\n", "2:1: file is not valid UTF-8"),
    "empty.yaml": (b"", "1:1: the file is empty"),
    "too-deep.yaml": (b"pack_format: " + b"[" * 60 + b"]" * 60 + b"\n", "1:61: nesting deeper"),
    "yaml-syntax.yaml": (b"pack_format: 1\nname: {a: b\n", "3:1: YAML syntax"),
    "set-tag.yaml": (b"candidate: !!set {a: null}\n", "1:12: unsupported YAML tag"),
}


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_unreadable_files_exit_2_and_the_rest_are_still_checked(name: str, tmp_path: Path) -> None:
    content, expected = UNREADABLE[name]
    path = tmp_path / name
    path.write_bytes(content)
    warned = _write(tmp_path, "uncited.yaml", MINIMAL_PACK)
    broken = FILES / "negative" / "packs" / "unknown-key.yaml"
    result = _validate(path, warned, broken)
    findings, summary = _lines(result)
    assert result.exit_code == 2
    first = findings[0]
    assert first["path"] == str(path)
    where, text = expected.split(": ", 1)
    assert f"{first['line']}:{first['col']}" == where
    assert first["message"].startswith(text)
    assert [f["path"] for f in findings[1:]] == [str(warned), str(broken)]
    assert summary.group(0) == "3 files checked: 0 valid, 2 with errors, 1 with warnings"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    result = _validate(tmp_path / "nope.yaml", tmp_path, EXAMPLE_TIMELINE)
    findings, summary = _lines(result)
    assert result.exit_code == 2
    assert [f.group(0) for f in findings] == [
        f"{tmp_path / 'nope.yaml'}:1:1: error: no such file (check the path)",
        f"{tmp_path}:1:1: error: is a directory, not a file",
    ]
    assert summary.group(0) == "3 files checked: 1 valid, 2 with errors, 0 with warnings"


def test_python_tag_is_never_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    evil = _write(
        tmp_path, "evil.yaml", "pack_format: !!python/object/apply:os.system ['touch pwned']\n"
    )
    result = _validate(evil)
    findings, _ = _lines(result)
    assert result.exit_code == 2
    assert "unsupported YAML tag" in findings[0]["message"]
    assert list(tmp_path.iterdir()) == [evil]


# ------------------------------------------------------------------ kinds


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("pack_format: 1\n", "pack"),
        ("pack_format: 1\napplications: []\n", "pack"),
        ("applications: []\n", "timeline"),
        ("candidate: {}\n", "timeline"),
        ("version: 1\n", None),
        ("[1, 2]\n", None),
        ("just text\n", None),
    ],
)
def test_the_kind_comes_from_the_content(text: str, kind: str | None) -> None:
    assert check.kind_of(safeyaml.loads(text, "f.yaml")) == kind


def test_a_file_of_unknown_kind(tmp_path: Path) -> None:
    path = _write(tmp_path, "settings.yaml", "\n\nversion: 1\nlanguage: python\n")
    result = _validate(path)
    findings, _ = _lines(result)
    assert result.exit_code == 1
    (finding,) = findings
    assert (finding["line"], finding["col"]) == ("3", "1")
    assert finding["message"] == (
        "cannot tell whether this is a pack or a timeline (a pack starts with "
        "`pack_format: 1`; a timeline has `version: 1`, `candidate` and `applications`)"
    )
    scalar = _write(tmp_path, "scalar.yaml", "hello\n")
    findings, _ = _lines(_validate(scalar))
    assert findings[0]["message"].startswith(
        "expected a mapping at the top, got string 'hello', so cannot tell"
    )


def test_a_json_pack_and_timeline(tmp_path: Path) -> None:
    pack = safeyaml.load_file(POLICIES / "clue-wagon.yaml").data
    pack_file = _write(tmp_path, "clue.json", json.dumps(pack))
    shutil.copy(FILES / "positive" / "timelines" / "json-timeline.json", tmp_path / "t.json")
    result = invoke(["validate", "--format", "json", str(pack_file), str(tmp_path / "t.json")])
    assert result.exit_code == 0, result.stdout
    assert [(d["kind"], d["valid"]) for d in _json(result)] == [("pack", True), ("timeline", True)]


# ------------------------------------------------------------------ the command itself


def test_usage() -> None:
    bare = invoke(["validate"])
    assert bare.exit_code == 2
    assert "Missing argument" in bare.stderr
    bad = invoke(["validate", "--format", "xml", str(EXAMPLE_TIMELINE)])
    assert bad.exit_code == 2
    helped = invoke(["validate", "--help"])
    assert helped.exit_code == 0
    assert "--strict" in helped.stdout
    assert "--pack-path" in helped.stdout


def test_execute_writes_to_the_current_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.StringIO()
    monkeypatch.setattr(sys, "stdout", buffer)
    code = cmd.execute(cmd.ValidateArgs((str(EXAMPLE_TIMELINE),)))
    assert code == 0
    assert buffer.getvalue() == "1 file checked: 1 valid, 0 with errors, 0 with warnings\n"
    out = io.StringIO()
    assert cmd.execute(cmd.ValidateArgs((str(EXAMPLE_TIMELINE),), format="json"), out) == 0
    assert json.loads(out.getvalue())[0]["kind"] == "timeline"


# ------------------------------------------------------------------ docs and scaffolds


def test_the_example_in_packs_md(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "docs" / "packs.md").read_text(encoding="utf-8")
    start = text.index("## Validating a pack")
    section = text[start : text.index("\n## ", start + 1)]
    (pack,) = [b for b in re.findall(r"```yaml\n(.*?)```", section, re.S) if "pack_format" in b]
    (output,) = re.findall(r"```text\n(.*?)```", section, re.S)
    command, *expected = output.splitlines()
    assert command == "$ followup validate my-pack.yaml"
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "my-pack.yaml", pack)
    result = invoke(command.split()[2:])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == expected
    run = invoke(["run", str(EXAMPLE_TIMELINE), "--pack", "my-pack.yaml", "--as-of", "2026-11-21"])
    assert run.exit_code == 0, run.stderr  # "followup run accepts it"


def test_scaffolds_validate_strictly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert invoke(["new", "mine"]).exit_code == 0
    assert invoke(["new", "kid", "--extends", "clue-wagon"]).exit_code == 0
    result = _validate("--strict", "mine.yaml", "kid.yaml")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "2 files checked: 2 valid, 0 with errors, 0 with warnings\n"


def _lint(when: str, rest: str = "") -> list[str]:
    """The lint messages of a one-rule pack: `when` and `rest` are YAML flow text."""
    text = (
        "pack_format: 1\nname: t\nversion: 0.1.0\ntitle: T\n"
        "source: {author: A, title: T, publication: P}\n"
        "rules:\n"
        "  - id: r\n"
        f"    when: {when}\n"
        "    timing: {after: {days: 1}"
        + (", repeat: {every: {days: 7}}}" if "R" in rest else "}")
        + "\n"
        "    action: {kind: ask_next_steps, channel: email, recipient: hr}\n"
        '    cite: "C."\n' + rest.replace("R", "")
    )
    from engine.load.packs import pack_from_document

    doc = safeyaml.loads(text, "t.yaml")
    pack = pack_from_document(doc)  # every case loads: lint never changes what loads
    return [f"{f.severity}: {f.message}" for f in lint.lint_findings(pack, doc)]


@pytest.mark.parametrize(
    ("when", "rest"),
    [
        (
            "{anchor: interview, requires: [{event: follow_up_sent, channel: email}], "
            "unless: [{event: follow_up_sent, channel: phone}]}",
            "",
        ),
        ("{anchor: rejection, requires: [rejection]}", ""),
        ("{anchor: [interview, offer], requires: [rejection], stage: [closed]}", ""),
        ("{anchor: interview, requires: [{event: rejection, max: 0}]}", ""),
        ("{anchor: rejection, stage: [closed]}", ""),
        ("{anchor: interview, stage: [interviewing, closed]}", ""),
        (
            "{anchor: interview, requires: [{event: follow_up_sent, before: true}], "
            "unless: [follow_up_sent]}",
            "",
        ),
        (
            "{anchor: interview, requires: [{event: follow_up_sent, min: 1}, "
            "{event: follow_up_sent, channel: email, max: 0}]}",
            "",
        ),
        ("{anchor: {event: interview, round: {min: 2, max: 3}}}", ""),
        ("{anchor: interview}", "R    stop_when: [reply_received]\n"),
        ("{anchor: interview}", "    stop_when: [follow_up_sent]\n"),  # one attempt: fine
        ("{anchor: interview, requires: [reply_received]}", "    stop_when: [rejection]\n"),
    ],
)
def test_lint_stays_quiet_when_a_rule_can_fire(when: str, rest: str) -> None:
    assert _lint(when, rest) == []


@pytest.mark.parametrize(
    ("when", "rest", "expected"),
    [
        (
            "{anchor: interview, requires: [rejection], stage: [closed]}",
            "",
            ["error: rule 'r' is always suppressed: it requires rejection after"],
        ),
        (
            "{anchor: interview, requires: [{event: offer, before: true}]}",
            "",
            ["error: rule 'r' is always suppressed: it requires offer before its interview"],
        ),
        (
            "{anchor: application_submitted, requires: [offer], stage: [applied]}",
            "",
            [
                "error: rule 'r' is always suppressed: it requires offer after",
                "error: rule 'r' can never fire: its stage [applied] never holds, because the "
                "events it needs put the application at stage closed or later (list closed, or",
            ],
        ),
        (
            "{anchor: {event: interview, round: {min: 3, max: 2}}}",
            "",
            ["error: rule 'r' can never fire: no event matches its anchor (interview round 3-2)"],
        ),
        (
            "{anchor: interview, requires: [{event: [reply_received, offer]}], "
            "unless: [[reply_received, offer, rejection]]}",
            "",
            ["error: rule 'r' can never fire: unless reply_received or offer or rejection"],
        ),
        (
            "{anchor: interview, requires: [{event: interview, min: 2}, "
            "{event: interview, round: {min: 1}, max: 1}]}",
            "",
            ["error: rule 'r' can never fire: requires condition 1 wants at least 2 interview"],
        ),
        (
            "{anchor: interview, stage: [new, networking, applied, interviewing]}",
            "",
            [
                "warning: rule 'r' lists stage 'new', which never holds",
                "warning: rule 'r' lists stage 'networking', which never holds",
                "warning: rule 'r' lists stage 'applied', which never holds",
            ],
        ),
    ],
)
def test_lint_findings(when: str, rest: str, expected: list[str]) -> None:
    found = _lint(when, rest)
    assert len(found) == len(expected), found
    for message, start in zip(found, expected, strict=True):
        assert message.startswith(start), message


# Random packs (tests/strategies.py) often hold rules the lint calls dead: check that they are.
@settings(
    max_examples=50,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=packs_with_timelines(3))
def test_a_rule_the_lint_calls_dead_is_never_pending(
    case: tuple[dict[str, Any], Pack, list[tuple[dict[str, Any], dt.date]]],
) -> None:
    _, pack, timelines_with_as_of = case
    dead = {
        f.message.split("'")[1]
        for f in lint.lint_findings(pack, pack.document)
        if f.severity == "error"
    }
    event("a dead rule" if dead else "no dead rule")
    for doc, as_of in timelines_with_as_of:
        report = evaluate(pack, load_timeline_doc(doc), as_of)
        for app in report.applications:
            for rec in app.recommendations:
                assert not (rec.rule in dead and rec.status in ("upcoming", "due", "overdue")), rec


def test_assumptions_may_be_about_every_setting_of_a_rule_and_nothing_else() -> None:
    from engine.load.packs import rule_settings

    known = set(rule_settings())
    assert {"timing.after", "timing.max_attempts", "action.channel", "when.unless"} <= known
    assert "assumptions" not in known and "id" not in known
    for path in BUILTIN_PACKS:  # every built-in assumption names one
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            assert {a["about"] for a in rule.get("assumptions", [])} <= known, rule["id"]
