"""`timing.expires`: an action that can only be done in its window (asking at the end of an
interview) is `expired` once the window has closed, never `overdue`, and every reporter reads
that status from the evaluation: the text and Markdown reports list it with its reason, JSON
gives it, and the calendar, drafts, `--simulate` and `compare` leave it out (issue 11, items 11
and 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import invoke, recommendations, run_json

# An interview whose interviewer gave no date ("we'll be in touch"), thanked the same day.
TIMELINE = """\
version: 1
candidate: {name: Sam Rivera, timezone: America/Chicago, holidays: {country: US}}
applications:
  - id: acme
    company: Acme Corp
    role: Product Manager
    contacts:
      - {id: dana, name: Dana Whitfield, role: hiring_manager, email: dana@acme.example}
    events:
      - {date: 2026-03-10, type: interview, with: dana, channel: in_person}
      - {date: 2026-03-10, type: thank_you_sent, channel: email, with: dana}
"""
AS_OF = "2026-04-07"  # four weeks on


@pytest.fixture
def timeline(tmp_path: Path) -> Path:
    path = tmp_path / "timeline.yaml"
    path.write_text(TIMELINE, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("pack", "rule"), [("career-pivot", "ask-next-steps"), ("mason-group", "ask-at-interview-end")]
)
def test_asking_at_the_interview_expires_instead_of_staying_overdue(
    timeline: Path, pack: str, rule: str
) -> None:
    recs = recommendations(run_json(timeline, pack, AS_OF), "acme")  # validates the schema
    (ask,) = [r for r in recs if r["rule"] == rule]
    assert (ask["status"], ask["due"]) == ("expired", None)
    assert ask["window"] == {"start": "2026-03-10", "end": "2026-03-10"}
    assert ask["reason"] == "its moment has passed: 2026-03-10"
    # On the day itself it is still due.
    same_day = recommendations(run_json(timeline, pack, "2026-03-10"), "acme")
    assert [r["status"] for r in same_day if r["rule"] == rule] == ["due"]


def test_text_and_markdown_list_it_without_its_guidance(timeline: Path) -> None:
    text = invoke(["run", str(timeline), "--pack", "career-pivot", "--as-of", AS_OF])
    assert text.exit_code == 0, text.output
    assert "OVERDUE" not in text.output
    assert "  EXPIRED     ask about next steps" in text.output
    assert "its moment has passed: 2026-03-10; 0 days after the interview" in text.output
    assert "Ask at the end of the interview itself" not in text.output  # not pending
    md = invoke(["run", str(timeline), "--pack", "career-pivot", "--as-of", AS_OF,
                 "--format", "markdown"])  # fmt: skip
    assert md.exit_code == 0, md.output
    assert "- **Expired** (its moment has passed: 2026-03-10): ask about next steps" in md.output


def test_explain_says_its_moment_has_passed(timeline: Path) -> None:
    got = invoke(["run", str(timeline), "--pack", "career-pivot", "--as-of", AS_OF, "--explain"])
    assert got.exit_code == 0, got.output
    assert "ask-next-steps: the interview on 2026-03-10: its moment has passed" in got.output


def test_calendar_drafts_and_simulation_leave_it_out(timeline: Path) -> None:
    base = ["run", str(timeline), "--pack", "career-pivot", "--as-of", AS_OF]
    ics = invoke([*base, "--format", "ics"])
    assert ics.exit_code == 0, ics.output
    # in the calendar only as a cancellation: an import removes the event it once was
    events = ics.output.split("BEGIN:VEVENT")[1:]
    asking = [e for e in events if "next steps" in e.lower()]
    assert asking and all("STATUS:CANCELLED" in e for e in asking)
    sim = invoke([*base, "--simulate", "--until", "2026-05-01"])
    assert sim.exit_code == 0, sim.output
    assert "ask-next-steps" not in sim.output
    drafts = invoke(["draft", str(timeline), "--pack", "career-pivot", "--as-of", AS_OF])
    assert "ask-next-steps" not in drafts.output


ASK_ONLY = """\
pack_format: 1
name: ask-only
version: 0.1.0
title: Ask at the end of the interview
source: {author: Sam Rivera, title: My own rule of thumb, publication: personal notes}
rules:
  - id: ask
    when: {anchor: interview}
    timing: {after: {days: 0}, expires: true}
    action: {kind: ask_next_steps, channel: in_person, recipient: anchor_contact,
             fulfilled_by: decision_expected}
    cite: "Ask at the end of the interview."
"""


def test_compare_says_nothing_pending_expired(timeline: Path, tmp_path: Path) -> None:
    pack = tmp_path / "ask-only.yaml"
    pack.write_text(ASK_ONLY, encoding="utf-8")
    args = ["compare", str(timeline), "--pack", str(pack), "--pack", "clue-wagon", "--as-of", AS_OF]
    got = invoke([*args, "--format", "json"])
    assert got.exit_code == 0, got.output
    (app,) = json.loads(got.output)["applications"]
    (view,) = [v for v in app["packs"] if v["pack"] == "ask-only"]
    assert view["nothing_pending"]["reason"] == "expired"
    text = invoke(args)
    assert text.exit_code == 0, text.output
    (row,) = [line for line in text.output.splitlines() if line.startswith("  ask-only")]
    assert row.split()[1:5] == ["nothing", "pending", "EXPIRED", "ask:"]
