"""How output reads to a person: counts and attempts that add up (issue 11, item 18) and no
word of the engine's own vocabulary in what users read (item 19)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from cli_support import EXAMPLE_TIMELINE, invoke

from engine.dates.calendar import BusinessCalendar
from engine.present import words

AS_OF = "2026-11-21"  # a Saturday
PACKS = ["clue-wagon", "mason-group", "career-pivot", "wise-job-search", "3x3-networking"]
APPS = ["acme-pm", "globex-analyst", "hooli-eng", "initech-ba", "umbrella-network"]

HEAD = """\
version: 1
candidate:
  name: Sam Rivera
  timezone: America/Chicago
  holidays: {country: US, subdivision: IL}
applications:
"""

# Two follow-ups after a resume (one to HR, one to the hiring manager), and a post-interview
# email answered by a reply before the second one was due.
COUNTED = (
    HEAD
    + """\
  - id: globex-analyst
    company: Globex
    role: Data Analyst
    contacts:
      - {id: hank, name: Hank Scorpio, role: hiring_manager}
      - {id: globex-hr, name: Marge Bouvier, role: hr}
    events:
      - {date: 2026-11-02, type: application_submitted, channel: online_form}
      # both to the hiring manager: clue-wagon 2.0.0 counts only attempts to its recipient
      - {date: 2026-11-09, type: follow_up_sent, channel: email, with: hank}
      - {date: 2026-11-10, type: follow_up_sent, channel: email, with: hank}
  - id: hooli-eng
    company: Hooli
    role: Engineering Manager
    contacts:
      - {id: gavin, name: Gavin Belson, role: hiring_manager}
    events:
      - {date: 2026-11-04, type: interview, round: 2, with: gavin, channel: in_person}
      - {date: 2026-11-04, type: decision_expected, by: 2026-11-06, with: gavin}
      - {date: 2026-11-12, type: follow_up_sent, channel: email, with: gavin}
      - {date: 2026-11-17, type: reply_received, channel: email, with: gavin}
"""
)

# Events with nobody named, and a hiring manager without a name.
UNNAMED = (
    HEAD
    + """\
  - id: acme-pm
    company: Acme Corp
    role: Product Manager
    contacts:
      - {id: acme-hr, role: hr}
      - {id: boss, role: hiring_manager}
    events:
      - {date: 2026-11-02, type: application_submitted, channel: online_form}
      - {date: 2026-11-17, type: interview, round: 1, channel: in_person}
  - id: umbrella-network
    company: Umbrella Health
    role: Operations Lead
    events:
      - {date: 2026-11-18, type: networking_meeting, channel: in_person}
  - id: initech-ba
    company: Initech
    role: Business Analyst
    contacts:
      - {id: bill, name: Bill Lumbergh, role: hiring_manager}
    events:
      - {date: 2026-10-12, type: application_submitted, channel: online_form}
      - {date: 2026-11-19, type: rejection, channel: email}
  - id: globex-analyst
    company: Globex
    role: Data Analyst
    contacts:
      - {id: tom, name: Tom Reid, role: hiring_manager}
    events:
      - {date: 2026-11-16, type: application_submitted, channel: online_form}
"""
)


def _out(args: list[str]) -> str:
    result = invoke(args)
    assert result.exit_code == 0, (args, result.stderr)
    return result.stdout


def _file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "timeline.yaml"
    path.write_text(text)
    return str(path)


def _run(timeline: str, pack: str, *extra: str) -> str:
    return _out(["run", timeline, "--pack", pack, "--as-of", AS_OF, *extra])


def _block(text: str, app: str) -> str:
    """One application's lines of a text report."""
    return text.split(f"\n{app}: ", 1)[1].split("\n\n", 1)[0]


# Item 18 (a): more counted attempts than the rule asks for is said, never "2 of 1 done".
def test_a_count_above_the_limit_says_so(tmp_path: Path) -> None:
    text = _run(_file(tmp_path, COUNTED), "clue-wagon", "--explain")
    globex = _block(text, "globex-analyst")
    assert "done in 2 attempts (1 asked for), last on 2026-11-10" in globex
    said = re.findall(r"\b(\d+) of (\d+) (?:done|attempts)", text)
    assert said and all(int(a) <= int(b) for a, b in said), said


# Item 18 (b): a chase done at its limit counts its last window from the attempt before it.
def test_a_done_chase_counts_from_the_attempt_before_its_last() -> None:
    text = _run(str(EXAMPLE_TIMELINE), "clue-wagon")
    hooli = _block(text, "hooli-eng")
    assert "2 of 2 done, last on 2026-11-18; 7 days after the previous attempt on 2026-11-11" in (
        " ".join(hooli.split())
    )
    report = json.loads(_run(str(EXAMPLE_TIMELINE), "clue-wagon", "--format", "json"))
    (done,) = [
        r
        for a in report["applications"]
        if a["id"] == "hooli-eng"
        for r in a["recommendations"]
        if r["rule"] == "post-interview-email"
    ]
    assert done["why"] == "7 days after the previous attempt on 2026-11-11"


# Item 18 (c): a settled chase names the attempts made, not the attempt it would have made.
def test_a_stopped_chase_says_how_many_attempts_were_made(tmp_path: Path) -> None:
    text = _run(_file(tmp_path, COUNTED), "clue-wagon")
    hooli = " ".join(_block(text, "hooli-eng").split())
    assert "(attempt 2 of 2)" not in hooli
    assert "stopped by the reply on 2026-11-17, after 1 of 2 attempts" in hooli
    for pack in PACKS:  # no settled line anywhere names an attempt as if still to make
        for line in _run(str(EXAMPLE_TIMELINE), pack).splitlines():
            if line.lstrip().startswith(("DONE", "SUPPRESSED")):
                assert "(attempt" not in line, (pack, line)


# A decision date stated after the first round, then a second round before any email: the
# second round stops the post-interview email, and nothing was sent.
STOPPED_EARLY = (
    HEAD
    + """\
  - id: globex-analyst
    company: Globex
    role: Data Analyst
    contacts:
      - {id: hank, name: Hank Scorpio, role: hiring_manager}
    events:
      - {date: 2026-11-16, type: interview, round: 1, with: hank, channel: in_person}
      - {date: 2026-11-16, type: decision_expected, by: 2026-11-20, with: hank}
      - {date: 2026-11-30, type: interview, round: 2, with: hank, channel: in_person}
"""
)


def _stopped_rule(lines: list[str]) -> list[str]:
    at = next(i for i, line in enumerate(lines) if "stopped by the interview" in line)
    return lines[at - 1 : at + 2]


def test_a_rule_stopped_before_any_attempt_reads_stopped_not_done(tmp_path: Path) -> None:
    timeline = _file(tmp_path, STOPPED_EARLY)
    args = ["run", timeline, "--pack", "clue-wagon", "--as-of", "2026-12-01"]
    text = _out(args).splitlines()
    head, reason = _stopped_rule(text)[:2]
    assert head.split()[0] == "STOPPED", head
    assert " ".join(reason.split()) == (
        "stopped by the interview on 2026-11-30 [post-interview-email]"
    )
    markdown = _out([*args, "--format", "markdown"]).splitlines()
    line = next(x for x in markdown if "stopped by the interview" in x)
    assert line.startswith("- **Stopped** (stopped by the interview on 2026-11-30)"), line
    # the JSON keeps the status of the closed set, with what settled it
    report = json.loads(_out([*args, "--format", "json"]))
    (rec,) = [
        r
        for a in report["applications"]
        for r in a["recommendations"]
        if r["rule"] == "post-interview-email" and r["status"] not in ("upcoming", "due")
    ]
    assert rec["status"] == "done"


def test_a_stopped_chase_says_no_window_after_its_attempts(tmp_path: Path) -> None:
    text = _run(_file(tmp_path, COUNTED), "clue-wagon")
    hooli = " ".join(_block(text, "hooli-eng").split())
    assert "after 1 of 2 attempts [post-interview-email]" in hooli
    assert "after 1 of 2 attempts; " not in hooli
    markdown = _run(_file(tmp_path, COUNTED), "clue-wagon", "--format", "markdown")
    assert "7 days after the previous attempt on 2026-11-12" not in markdown


def test_counts_agree_with_their_noun() -> None:
    assert [
        words.count(1, "chase"),
        words.count(0, "chase"),
        words.count(2, "reply", "replies"),
    ] == [
        "1 chase",
        "0 chases",
        "2 replies",
    ]


# Item 18 (d): "1 chase", never "1 chases", in the simulation's text.
@pytest.mark.parametrize("pack", PACKS)
def test_the_simulation_counts_chases_in_agreement(pack: str) -> None:
    text = _run(str(EXAMPLE_TIMELINE), pack, "--simulate", "--until", "2027-01-31")
    assert re.search(r"\b1 chases\b", text) is None
    assert re.search(r"\b1 chase;", text) or pack not in ("clue-wagon", "mason-group")


# Item 18 (e): a simulated action falls on a business day of the timeline's calendar.
@pytest.mark.parametrize("pack", PACKS)
def test_the_simulation_acts_on_business_days_only(pack: str) -> None:
    data: dict[str, Any] = json.loads(
        _run(str(EXAMPLE_TIMELINE), pack, "--simulate", "--until", "2027-01-31", "--format", "json")
    )
    cal = BusinessCalendar("US", "IL")
    days = [dt.date.fromisoformat(s["date"]) for a in data["applications"] for s in a["steps"]]
    assert days  # every pack has something to do on the example timeline
    closed = [d for d in days if not cal.is_business_day(d)]
    assert closed == [], closed
    # the overdue actions of a Saturday are done on the Monday, 2026-11-23
    assert min(days) >= dt.date(2026, 11, 23)


# Item 19: greetings use the first name, or a title when the timeline gives no name.
def test_greeting_names() -> None:
    assert words.greeting_name("Tom Reid", "hiring_manager") == "Tom"
    assert words.greeting_name("Dr. Ada Wong", "other") == "Dr. Wong"
    assert words.greeting_name("", "hiring_manager") == "Hiring Manager"
    assert words.greeting_name("", "hr") == "Hiring Team"
    assert words.greeting_name("", "anchor_contact") == "[their first name]"


def test_drafts_greet_by_first_name_or_title(tmp_path: Path) -> None:
    timeline = _file(tmp_path, UNNAMED)

    def draft(pack: str, app: str) -> str:
        return _out(["draft", timeline, "--pack", pack, "-a", app, "--as-of", AS_OF])

    tom = draft("clue-wagon", "globex-analyst")
    assert "Dear Tom,\n" in tom and "Dear Tom Reid" not in tom
    assert "Dear Hiring Manager,\n" in draft("mason-group", "acme-pm")
    # the person who sent the rejection is not in the timeline: a blank to fill, said as such
    rejection = draft("career-pivot", "initech-ba")
    assert "Dear [their first name],\n" in rejection
    assert "Email to [name of the person who told you]" in rejection
    example = ["draft", str(EXAMPLE_TIMELINE), "--pack", "clue-wagon", "-a", "acme-pm"]
    assert "Dear Dana,\n" in _out([*example, "--as-of", AS_OF])


# The engine's words that must never reach a reader: a file's vocabulary or a doubled article.
# A setting's own key path (an assumption's "(when.anchor)") names the pack's text, so it may.
INTERNAL = re.compile(
    r"(?<![.\w])anchor|\bthe the\b|\bthe HR\b|\(the person you met\)", re.IGNORECASE
)


def _outputs(timeline: str) -> dict[str, str]:
    said: dict[str, str] = {}
    for pack in PACKS:
        said[f"run {pack}"] = _run(timeline, pack, "--explain")
        said[f"markdown {pack}"] = _run(timeline, pack, "--format", "markdown")
        said[f"ics {pack}"] = _run(timeline, pack, "--format", "ics")
        said[f"simulate {pack}"] = _run(timeline, pack, "--simulate", "--until", "2027-01-31")
        for app in APPS:
            args = ["draft", timeline, "--pack", pack, "-a", app, "--as-of", AS_OF]
            result = invoke(args)
            if result.exit_code == 0:  # the small timeline lacks some applications
                said[f"draft {pack} {app}"] = result.stdout
    said["compare"] = _out(["compare", timeline, "--all", "--as-of", AS_OF])
    said["compare markdown"] = _out(
        ["compare", timeline, "--all", "--as-of", AS_OF, "--format", "markdown"]
    )
    return said


def test_show_never_uses_internal_words() -> None:
    for pack in PACKS:
        text = _out(["show", pack])
        assert INTERNAL.search(text) is None, (pack, INTERNAL.search(text))


@pytest.mark.parametrize("which", ["example", "unnamed"])
def test_run_draft_and_compare_never_use_internal_words(which: str, tmp_path: Path) -> None:
    timeline = str(EXAMPLE_TIMELINE) if which == "example" else _file(tmp_path, UNNAMED)
    for name, text in _outputs(timeline).items():
        for line in text.splitlines():
            assert INTERNAL.search(line) is None, (name, line)
