"""Untrusted text in human-readable output: engine/textsafe.py and every reporter that uses it.

A pack and a timeline full of terminal control sequences (`ESC [2J`, `ESC ]0;title BEL`, a bare
CR, C1 controls, a bidi override, a line separator), Markdown and HTML (`Acme<u>x</u>`,
`[x](javascript:alert(1))`) and a newline that tries to forge a line go through every output:
no raw control character (but newline and tab) may come out, the Markdown must be escaped, and
JSON must still carry the text as it is.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from cli_support import POLICIES, invoke
from hypothesis import given
from hypothesis import strategies as st

from engine.present.textsafe import lines_text, md, md_code, neutralise

AS_OF = "2026-11-21"
UNTIL = "2027-01-31"
EVIL = (
    "\x1b[2J\x1b]0;title\x07\rAcme<u>x</u> [x](javascript:alert(1)) \x9b31m\x7f\u202eevil\u2028"
    "\x08\x00end"
)
# The same, as a YAML double-quoted string spells it (YAML refuses the raw characters).
EVIL_YAML = (
    r'"\e[2J\e]0;title\a\rAcme<u>x</u> [x](javascript:alert(1)) \x9b31m\x7f\u202eevil\L'
    r'\b\0end"'
)
FORGED = "FORGED line"
# What must never reach a terminal: C0 but newline and tab, DEL, C1, the line and paragraph
# separators, the bidi embeddings, overrides and isolates, lone surrogates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")

TIMELINE_YAML = f"""\
version: 1
candidate:
  name: "Sam \\e[2J Rivera\\r"
  email: "sam@example.com\\e]0;title\\a"
  phone: "+1 312 555 0142\\r"
  timezone: America/Chicago
  holidays: {{country: US, subdivision: IL}}
applications:
  - id: acme-pm
    company: {EVIL_YAML}
    role: "Product Manager\\n{FORGED}"
    contacts:
      - id: dana
        name: "Dana \\e[2J Whitfield\\r[x](javascript:alert(1))"
        role: hiring_manager
        email: "dana@acme.example\\e[2J"
      - {{id: acme-hr, name: Priya Shah, role: hr}}
    events:
      - {{date: 2026-11-02, type: application_submitted, channel: online_form}}
      - {{date: 2026-11-17, type: interview, round: 1, with: dana, channel: in_person}}
      - {{date: 2026-11-17, type: decision_expected, by: 2026-11-20, with: dana}}
  - id: globex-analyst
    company: "Globex\\e[2J<b>"
    role: "Data\\rAnalyst"
    contacts:
      - {{id: hank, name: "Hank\\e]0;title\\a", role: hiring_manager}}
    events:
      - {{date: 2026-11-10, type: application_submitted, channel: online_form}}
      - {{date: 2026-11-12, type: follow_up_sent, channel: phone, with: hank}}
"""


@pytest.fixture(params=["yaml", "json"])
def timeline(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The hostile timeline, in YAML (double-quoted escapes) or in JSON (\\u escapes)."""
    path = tmp_path / f"timeline.{request.param}"
    if request.param == "yaml":
        path.write_text(TIMELINE_YAML, encoding="utf-8")
    else:
        data = yaml.safe_load(TIMELINE_YAML)
        path.write_text(json.dumps(data, default=str), encoding="utf-8")
    return path


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """clue-wagon with its every text hostile, one test case named so and one failing."""
    data = yaml.safe_load((POLICIES / "clue-wagon.yaml").read_text(encoding="utf-8"))
    data["name"] = "evil-wagon"
    data["title"] = "- " + EVIL  # starts like a Markdown list item, too
    data["description"] = EVIL
    data["source"] = {"author": EVIL, "title": EVIL, "publication": EVIL, "date": "2019-12-14"}
    for ban in data["prohibitions"]:
        ban["cite"] = EVIL
    for rule in data["rules"]:
        rule["cite"] = f"{EVIL}\n{FORGED}"
        rule["action"]["guidance"] = [EVIL, *rule["action"].get("guidance", [])]
        for a in rule.get("assumptions", []):
            a["reason"] = EVIL
    for n in data["not_encoded"]:
        n["advice"], n["reason"] = EVIL, EVIL
    one_line = EVIL.replace("\r", "")  # the schema keeps a draft line on one line
    data["rules"][1]["action"]["draft"] = {
        "subject": f"{one_line} {{company}}",
        "body": [f"{one_line} {{contact}}", "{{company}}"],
    }
    data["tests"][0]["name"] = EVIL
    data["tests"][1]["name"] = f"fails {EVIL}\n{FORGED}"
    data["tests"][1]["expect"][0]["due"] = "2026-11-17"  # it is 2026-11-16
    path = tmp_path / "evil-wagon.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")  # escapes them
    return path


def output(args: list[str], exit_code: int = 0) -> str:
    result = invoke(args)
    assert result.exit_code == exit_code, (result.exit_code, result.stderr, result.exception)
    assert "Traceback" not in result.stderr
    assert not UNSAFE.search(result.stderr.replace("\r\n", "\n")), result.stderr
    return result.stdout_bytes.decode("utf-8")  # .stdout would turn CRLF into LF


def assert_safe(text: str) -> None:
    """No raw control character, the hostile text shown escaped, no forged line."""
    found = UNSAFE.findall(text)
    assert not found, found
    assert "\\x1b" in text  # the hostile text did come through, escaped
    assert not [line for line in text.split("\n") if line.startswith(FORGED)]  # wraps indent


def assert_markdown_escaped(text: str) -> None:
    assert "<u>" not in text and "<b>" not in text
    unescaped = re.findall(r"(?<!\\)[<>\[\]]", text)  # the writers use none of these themselves
    assert not unescaped, unescaped
    assert "\\[x\\](javascript:alert(1))" in text
    assert not [line for line in text.split("\n") if line.startswith("- \\x1b")]


def _run(timeline: Path, pack: Path, *extra: str) -> list[str]:
    return ["run", str(timeline), "--pack", str(pack), "--as-of", AS_OF, *extra]


def _compare(timeline: Path, pack: Path, *extra: str) -> list[str]:
    packs = ["--pack", str(pack), "--pack", "clue-wagon"]
    return ["compare", str(timeline), *packs, "--as-of", AS_OF, *extra]


def test_run_table(timeline: Path, pack: Path) -> None:
    out = output(_run(timeline, pack))
    assert_safe(out)
    assert "Product Manager\\nFORGED line [interviewing]" in out  # the newline shown, not obeyed
    assert "Data\\rAnalyst" in out  # a bare CR cannot rewind the line
    assert "Audit: past events this pack advises against" in out


def test_run_explain(timeline: Path, pack: Path) -> None:
    out = output(_run(timeline, pack, "--explain"))
    assert_safe(out)
    assert "  Explain" in out


def test_run_markdown(timeline: Path, pack: Path) -> None:
    out = output(_run(timeline, pack, "--format", "markdown"))
    assert_safe(out)
    assert_markdown_escaped(out)
    assert "\n\\- \\x1b\\[2J" in out  # the title does not open a list


def test_run_ics(timeline: Path, pack: Path) -> None:
    from icalendar import Calendar

    out = output(_run(timeline, pack, "--format", "ics"))
    assert "\r" not in out.replace("\r\n", "")  # only CRLF line ends
    assert_safe(out.replace("\r\n", "\n"))
    events = list(Calendar.from_ical(out).walk("VEVENT"))
    assert events
    for event in events:
        for name in ("SUMMARY", "DESCRIPTION"):
            assert not UNSAFE.search(str(event[name]))
    assert "Product Manager\\nFORGED line" in str(events[0]["DESCRIPTION"])


def test_run_json_keeps_the_text_as_it_is(timeline: Path, pack: Path) -> None:
    out = output(_run(timeline, pack, "--format", "json"))
    assert "\x1b" not in out  # JSON escapes it itself
    assert json.loads(out)["applications"][0]["company"] == EVIL


def test_run_simulate_table(timeline: Path, pack: Path) -> None:
    assert_safe(output(_run(timeline, pack, "--simulate", "--until", UNTIL)))


def test_show(pack: Path) -> None:
    out = output(["show", str(pack)])
    assert_safe(out)
    assert "Not encoded" in out


def test_draft(timeline: Path, pack: Path) -> None:
    args = ["draft", str(timeline), "--pack", str(pack), "--as-of", AS_OF]
    out = output([*args, "--application", "acme-pm"])
    assert_safe(out)
    assert "Dear Dana," in out  # the greeting's first name; the whole name, escaped, after "to"
    assert "to Dana \\x1b[2J Whitfield [x](javascript:alert(1))" in out
    assert "Subject: \\x1b[2J\\x1b]0;title\\x07Acme" in out  # the pack's own subject, escaped
    assert "\n{company}\n" in out  # {{ and }} are braces
    assert_safe(output([*args, "--application", "globex-analyst"]))


def test_compare_table(timeline: Path, pack: Path) -> None:
    out = output(_compare(timeline, pack))
    assert_safe(out)
    assert "disagree on:" in out or "most agree on:" in out


def test_compare_markdown(timeline: Path, pack: Path) -> None:
    out = output(_compare(timeline, pack, "--format", "markdown"))
    assert_safe(out)
    assert_markdown_escaped(out)
    rows = [line for line in out.split("\n") if line.startswith("| ")]
    assert rows
    for row in rows:  # no value can add or remove a cell
        assert len(re.findall(r"(?<!\\)\|", row)) == 7, row


def test_compare_simulate_table(timeline: Path, pack: Path) -> None:
    assert_safe(output(_compare(timeline, pack, "--simulate", "--until", UNTIL)))


def test_test_text(pack: Path) -> None:
    out = output(["test", str(pack)], exit_code=1)
    assert_safe(out)
    assert "  FAIL  fails \\x1b[2J" in out and "\\nFORGED line" in out


def test_test_junit_is_well_formed_xml(pack: Path) -> None:
    from xml.etree import ElementTree as ET

    out = output(["test", str(pack), "--format", "junit"], exit_code=1)
    assert_safe(out)
    names = [case.get("name", "") for case in ET.fromstring(out).iter("testcase")]
    assert neutralise(EVIL, newlines=False) in names


def test_validate_text(tmp_path: Path) -> None:
    path = tmp_path / "bad\x1b[2J\rname.yaml"  # a file name is untrusted text too
    path.write_text(TIMELINE_YAML.replace("type: interview", "type: nterview"), encoding="utf-8")
    out = output(["validate", str(path)], exit_code=1)
    assert_safe(out)
    assert "bad\\x1b[2J\\rname.yaml:" in out


# --- the functions --------------------------------------------------------------------------


def test_neutralise_shows_each_character_as_a_visible_escape() -> None:
    assert neutralise("\x1b[2J\x1b]0;title\x07") == "\\x1b[2J\\x1b]0;title\\x07"
    assert neutralise("over\rwrite") == "over\\rwrite"
    assert neutralise("\x9b\x85\x7f\x00") == "\\x9b\\x85\\x7f\\x00"
    assert neutralise("\u202eabc\u2066\u2028\ud800") == "\\u202eabc\\u2066\\u2028\\ud800"
    assert neutralise("a\nb\tc") == "a\nb\tc"
    assert neutralise("a\nb\tc", newlines=False, tabs=False) == "a\\nb\\tc"
    plain = "Zoë Ñandú, 東京, \u200f\u05e9\u05dc\u05d5\u05dd (RLM kept), emoji 🙂"
    assert neutralise(plain) is plain


def test_lines_text_gives_one_output_line_per_line() -> None:
    assert lines_text(["a", "b\nFORGED", "c\r"]) == "a\nb\\nFORGED\nc\\r\n"
    assert lines_text(["x", "y"], end="\r\n") == "x\r\ny\r\n"


def test_md_escapes_markup_html_and_links() -> None:
    assert md("Acme<u>x</u>") == "Acme\\<u\\>x\\</u\\>"
    assert md("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert md("a *b* `c` | d ~e~ &lt; & f") == "a \\*b\\* \\`c\\` \\| d \\~e\\~ \\&lt; & f"
    assert md("_x_ snake_case C# #1") == "\\_x\\_ snake_case C# \\#1"
    assert md("two\nlines\r\x1b") == "two lines \\x1b"
    assert md("- item") == "- item"
    assert md("- item", line_start=True) == "\\- item"
    assert md("1. first", line_start=True) == "1\\. first"
    assert md("# heading", line_start=True) == "\\# heading"


def test_md_code() -> None:
    assert md_code("acme-pm") == "`acme-pm`"
    assert md_code("a`b") == "``a`b``"
    assert md_code("`a") == "`` `a ``"
    assert md_code("x\ny\x1b") == "`x\\ny\\x1b`"


# --- properties -----------------------------------------------------------------------------

SAFE_CHARS = st.characters(
    blacklist_categories=("Cc", "Cs"),
    blacklist_characters="\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)


@given(st.text())
def test_neutralised_text_has_no_control_character_and_is_stable(text: str) -> None:
    out = neutralise(text)
    assert not UNSAFE.search(out)
    assert neutralise(out) == out
    assert out.count("\n") == text.count("\n") and out.count("\t") == text.count("\t")
    one_line = neutralise(text, newlines=False, tabs=False)
    assert not UNSAFE.search(one_line) and "\n" not in one_line and "\t" not in one_line


@given(st.text(SAFE_CHARS))
def test_printable_text_is_unchanged(text: str) -> None:
    assert neutralise(text) == text
    assert neutralise(text, newlines=False, tabs=False) == text


@given(st.lists(st.text()))
def test_lines_text_never_adds_a_line(lines: list[str]) -> None:
    out = lines_text(lines)
    assert out.count("\n") == len(lines)
    assert not UNSAFE.search(out)


@given(st.text())
def test_md_output_is_one_line_with_no_markup_left(text: str) -> None:
    out = md(text, line_start=True)
    assert "\n" not in out and not UNSAFE.search(out)
    # every markup character is preceded by the backslash that escapes it
    bare = re.sub(r"\\.", "", out)
    assert not re.search(r"[`*\[\]<>|~]", bare), out
