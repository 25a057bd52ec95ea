"""Machine output for CI: `validate` and `test` as GitHub Actions workflow commands
(`--format github`) and SARIF 2.1.0 (`--format sarif`), and `test --format junit` as strict
JUnit consumers want it. Each is checked against what its publisher documents: the workflow
command grammar, the OASIS SARIF schema and the Jenkins JUnit XSD (tests/vendor/)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from cli_support import ROOT, invoke
from packtests_test import MIXED, PARTLY_COVERED, position, write_pack

from engine.present import formats
from engine.present.github import escape_data, escape_property
from engine.version import __version__

VENDOR = ROOT / "tests" / "vendor"
NEGATIVE = ROOT / "tests" / "example-files" / "negative"
PACK_ERROR = NEGATIVE / "packs" / "absent-never-matches.yaml"
PACK_WARNING = NEGATIVE / "lint" / "condition-always-holds.yaml"
TIMELINE_WARNING = NEGATIVE / "timeline-warnings" / "reply-before-follow-up.yaml"

# The grammar of a workflow command (docs.github.com, "Workflow commands for GitHub Actions";
# the escapes of actions/toolkit's command.ts): `::NAME PROPERTIES::DATA`, the properties
# `key=value` separated by commas, no raw `%`, CR or LF anywhere, nor `,` or `:` in a value.
_DATA = r"(?:[^%\r\n]|%(?:25|0D|0A))*"
_VALUE = r"(?:[^%,:\r\n]|%(?:25|0D|0A|3A|2C))*"
COMMAND = re.compile(
    rf"::(?P<name>error|warning|notice)"
    rf" (?P<properties>[a-zA-Z]+={_VALUE}(?:,[a-zA-Z]+={_VALUE})*)"
    rf"::(?P<data>{_DATA})"
)
_UNESCAPE = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}


def unescape(text: str) -> str:
    return re.sub(r"%(?:25|0D|0A|3A|2C)", lambda m: _UNESCAPE[m.group()], text)


def commands(stdout: str) -> list[tuple[str, dict[str, str], str]]:
    """Each line a workflow command: its name, properties and data, unescaped."""
    assert stdout.endswith("\n") or stdout == ""
    parsed = []
    for line in stdout.split("\n")[:-1]:
        match = COMMAND.fullmatch(line)
        assert match, f"not a workflow command: {line!r}"
        pairs = (p.split("=", 1) for p in match["properties"].split(","))
        parsed.append((match["name"], {k: unescape(v) for k, v in pairs}, unescape(match["data"])))
    return parsed


@cache
def sarif_validator() -> Any:
    schema = json.loads((VENDOR / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def sarif(args: list[str], exit_code: int) -> dict[str, Any]:
    result = invoke(args)
    assert result.exit_code == exit_code, result.stderr
    log: dict[str, Any] = json.loads(result.stdout)
    sarif_validator().validate(log)
    return log


def _text_findings(args: list[str]) -> list[tuple[str, int, int, str]]:
    """What the text says: each finding's path, line, column and message, in order."""
    found = []
    for line in invoke(args).stdout.splitlines():
        m = re.fullmatch(r"(.+):([0-9]+):([0-9]+): (error|warning): (.*)", line)
        if m:
            found.append((m[1], int(m[2]), int(m[3]), m[5]))
    return found


# --- the formats are registered once, with the same names on both commands -------------------


def test_validate_and_test_offer_github_and_sarif() -> None:
    for registry in (formats.FINDINGS, formats.PACK_TESTS):
        assert {"github", "sarif"} <= set(registry.names)
        assert formats.is_file_format("github") and formats.is_file_format("sarif")
    assert "github" not in formats.REPORT.names  # only where there are findings to annotate


# --- GitHub workflow commands --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["plain", "50% done", "a: b, c", "two\nlines\r\n", "%0A is not a newline", "%%3A,:\n"],
)
def test_the_escapes_round_trip_and_fit_the_grammar(text: str) -> None:
    line = f"::error title={escape_property(text)}::{escape_data(text)}"
    ((name, properties, data),) = commands(line + "\n")
    assert (name, properties, data) == ("error", {"title": text}, text)


def test_validate_github_annotates_every_finding_where_the_text_puts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n", encoding="utf-8")
    monkeypatch.chdir(ROOT)  # the files as a workflow names them: relative to the checkout
    files = [str(p.relative_to(ROOT)) for p in (PACK_ERROR, PACK_WARNING, TIMELINE_WARNING)]
    args = ["validate", *files, str(broken)]
    result = invoke([*args, "--format", "github"])
    assert result.exit_code == 2  # the broken file: the exit code is the text's
    parsed = commands(result.stdout)
    expected = _text_findings(args)
    assert len(parsed) == len(expected) == 4
    for (_, properties, data), (path, line, col, message) in zip(parsed, expected, strict=True):
        assert properties["file"] == path
        assert (properties["line"], properties["col"]) == (str(line), str(col))
        assert data == message
    assert [(name, p["title"]) for name, p, _ in parsed] == [
        ("error", "followup: pack error"),
        ("warning", "followup: pack warning"),
        ("warning", "followup: timeline warning"),
        ("error", "followup: unreadable file"),
    ]
    assert parsed[0][1]["file"] == "tests/example-files/negative/packs/absent-never-matches.yaml"
    assert parsed[3][1]["file"] == str(broken)  # outside the folder: as given


def test_validate_github_prints_nothing_for_valid_files() -> None:
    result = invoke(["validate", str(ROOT / "policies" / "clue-wagon.yaml"), "--format", "github"])
    assert (result.exit_code, result.stdout) == (0, "")


def test_test_github_annotates_each_failed_expectation_and_coverage_gap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_pack(tmp_path, MIXED)
    line, col = position(tmp_path / "probe.yaml", '{rule: nudge, due: "2026-11-06"}')
    result = invoke(["test", "probe.yaml", "--format", "github", "--require-tests"])
    assert result.exit_code == 1, result.stderr
    failed, *gaps = commands(result.stdout)
    assert failed[0] == "error"
    assert failed[1] == {
        "file": "probe.yaml",
        "line": str(line),
        "col": str(col),
        "title": "followup: test case failed: wrong due date",
    }
    assert failed[2].startswith("expected {rule: nudge, due: 2026-11-06}\n  got: nudge (due")
    assert [(g[1]["title"], g[2]) for g in gaps] == [
        ("followup: rule not covered", "rule hr-check has no test case expecting it (positive)")
    ]
    rule_line, rule_col = position(tmp_path / "probe.yaml", "id: hr-check")
    assert (gaps[0][1]["line"], gaps[0][1]["col"]) == (str(rule_line), str(rule_col))


def test_github_neutralises_control_characters_from_the_pack(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, MIXED.replace("wrong due date", '"wrong\\e[31m due, 100%: date"'))
    result = invoke(["test", str(pack), "--format", "github"])
    ((_, properties, _),) = commands(result.stdout)
    assert properties["title"] == "followup: test case failed: wrong\\x1b[31m due, 100%: date"
    assert "\x1b" not in result.stdout


# --- SARIF 2.1.0 --------------------------------------------------------------------------------


def test_validate_sarif_is_valid_sarif_with_a_result_per_finding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    files = [str(p.relative_to(ROOT)) for p in (PACK_ERROR, PACK_WARNING, TIMELINE_WARNING)]
    log = sarif(["validate", *files, "--format", "sarif"], exit_code=1)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("followup", __version__)
    rule_ids = [r["id"] for r in driver["rules"]]
    assert len(set(rule_ids)) == len(rule_ids)
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("pack-error", "error"),
        ("pack-warning", "warning"),
        ("timeline-warning", "warning"),
    ]
    expected = _text_findings(["validate", *files])
    for r, (path, line, col, message) in zip(results, expected, strict=True):
        assert rule_ids[r["ruleIndex"]] == r["ruleId"]
        assert r["message"]["text"] == message
        (location,) = r["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == path  # relative, as given
        assert physical["region"] == {"startLine": line, "startColumn": col}


def test_sarif_uris_are_relative_inside_the_folder_and_encoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "my packs"
    folder.mkdir()
    pack = folder / "bad pack.yaml"
    pack.write_text(PACK_ERROR.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for given in (str(pack), "my packs/bad pack.yaml"):  # absolute inside the folder, relative
        log = sarif(["validate", given, "--format", "sarif"], exit_code=1)
        (result,) = log["runs"][0]["results"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == "my%20packs/bad%20pack.yaml"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    monkeypatch.chdir(outside)
    log = sarif(["validate", str(pack), "--format", "sarif"], exit_code=1)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == pack.as_uri()


def test_test_sarif_is_valid_sarif_with_a_result_per_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_pack(tmp_path, MIXED)
    line, col = position(tmp_path / "probe.yaml", '{rule: nudge, due: "2026-11-06"}')
    log = sarif(["test", "probe.yaml", "--format", "sarif", "--require-tests"], exit_code=1)
    (run,) = log["runs"]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["case-failed", "rule-not-covered"]
    failed, gap = run["results"]
    assert (failed["ruleId"], failed["level"], gap["ruleId"]) == (
        "case-failed",
        "error",
        "rule-not-covered",
    )
    physical = failed["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "probe.yaml"
    assert physical["region"] == {"startLine": line, "startColumn": col}
    assert failed["message"]["text"].startswith("expected {rule: nudge, due: 2026-11-06}")


def test_a_passing_run_is_valid_sarif_with_no_results(tmp_path: Path) -> None:
    log = sarif(["test", str(write_pack(tmp_path, PARTLY_COVERED)), "--format", "sarif"], 0)
    assert log["runs"][0]["results"] == []
    log = sarif(["validate", str(ROOT / "policies" / "clue-wagon.yaml"), "--format", "sarif"], 0)
    assert log["runs"][0]["results"] == []


# --- JUnit, against the Jenkins XSD --------------------------------------------------------------

XS = "{http://www.w3.org/2001/XMLSchema}"


@cache
def _xsd() -> dict[str, ET.Element]:
    root = ET.parse(VENDOR / "jenkins-junit.xsd").getroot()
    return {e.get("name", ""): e for e in root.findall(f"{XS}element")}


def assert_valid_junit(element: ET.Element) -> None:
    """`element` against the XSD's declaration of it: the attributes it declares (each required
    one present), and children it declares, in its sequence's order and numbers. (No XSD
    validator is a dependency; this XSD uses only these constructs, all of them checked.)"""
    declared = _xsd()[element.tag]
    kind = declared.find(f"{XS}complexType")
    if kind is None:  # a simple string type: text only
        assert len(element) == 0 and not element.attrib, element.tag
        return
    attributes = {a.get("name"): a.get("use") for a in kind.findall(f"{XS}attribute")}
    assert set(element.attrib) <= set(attributes), (element.tag, element.attrib)
    assert {n for n, use in attributes.items() if use == "required"} <= set(element.attrib)
    sequence = kind.find(f"{XS}sequence")
    children = list(element)
    if sequence is None:
        assert not children, element.tag
        return
    at = 0
    for ref in sequence.findall(f"{XS}element"):
        count = 0
        while at < len(children) and children[at].tag == ref.get("ref"):
            count, at = count + 1, at + 1
        top = ref.get("maxOccurs", "1")
        assert int(ref.get("minOccurs", "1")) <= count, (element.tag, ref.get("ref"))
        assert top == "unbounded" or count <= int(top), (element.tag, ref.get("ref"))
    assert at == len(children), f"{element.tag}: {children[at].tag} out of place"
    for child in children:
        assert_valid_junit(child)


def test_junit_validates_against_the_jenkins_xsd_with_every_count(tmp_path: Path) -> None:
    first = write_pack(tmp_path, MIXED, name="first")
    second = write_pack(tmp_path, None, name="second")
    result = invoke(["test", str(first), str(second), "--format", "junit", "--require-tests"])
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    assert_valid_junit(root)
    suites = root.findall("testsuite")
    assert [(s.get("tests"), s.get("failures")) for s in suites] == [("4", "2"), ("4", "4")]
    for element in (root, *suites):
        assert (element.get("errors"), element.get("time")) == ("0", "0"), element.tag
    assert root.get("tests") == "8" and root.get("failures") == "6"
    assert {s.get("skipped") for s in suites} == {"0"}
    types = [f.get("type") for f in root.iter("failure")]
    assert types == ["case-failed", *["rule-not-covered"] * 5]


def test_the_xsd_check_refuses_what_the_xsd_refuses() -> None:
    with pytest.raises(AssertionError):
        assert_valid_junit(ET.fromstring('<testsuites><testsuite tests="1"/></testsuites>'))
    with pytest.raises(AssertionError):
        assert_valid_junit(ET.fromstring('<testsuites skipped="0"/>'))
    with pytest.raises(AssertionError):
        xml = '<testsuite name="a" tests="1"><testcase name="c"/><properties/></testsuite>'
        assert_valid_junit(ET.fromstring(xml))


# --- the documented samples ----------------------------------------------------------------------


def _section(doc: str, heading: str) -> str:
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    start = text.index(heading)
    following = text.find("\n## ", start + len(heading))
    return text[start : following if following != -1 else len(text)]


def test_the_github_sample_in_packs_md_is_what_validate_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = _section("packs.md", "## Validating a pack")
    (pack,) = [b for b in re.findall(r"```yaml\n(.*?)```", section, re.S) if "pack_format" in b]
    (sample,) = re.findall(r"```console\n(.*?)```", section, re.S)
    command, *lines = sample.splitlines()
    assert command == "$ followup validate --format github my-pack.yaml"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my-pack.yaml").write_text(pack, encoding="utf-8")
    result = invoke(command.split()[2:])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == lines
    (documented,) = re.findall(r"```json\n(.*?)```", section, re.S)
    first = json.loads(documented)
    got = sarif(["validate", "--format", "sarif", "my-pack.yaml"], 1)["runs"][0]["results"][0]
    assert got["message"]["text"].startswith(first["message"]["text"].removesuffix("..."))
    assert {**got, "message": None} == {**first, "message": None}


def test_the_samples_in_custom_packs_md_are_what_test_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guide's failure: its my-wagon pack with clue-wagon's date in the first case."""
    extending = _section("custom-packs.md", "## Extending a pack")
    pack = re.findall(r"```yaml\n(.*?)```", extending, re.S)[0]
    wrong = "due: 2026-11-30, attempt: 1}"
    assert pack.count(wrong) == 1
    monkeypatch.chdir(tmp_path)
    fixed = pack.replace(wrong, "due: 2026-11-25, attempt: 1}")
    (tmp_path / "my-wagon.yaml").write_text(fixed, encoding="utf-8")
    section = _section("custom-packs.md", "## `followup test`")
    failure, sample = re.findall(r"```(?:text|console)\n(.*?)```", section, re.S)
    text = invoke(["test", "my-wagon.yaml"])
    assert text.exit_code == 1
    assert failure in text.stdout
    command, *lines = sample.splitlines()
    assert command == "$ followup test --format github my-wagon.yaml"
    result = invoke(command.split()[2:])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == lines
