"""Channel preference and rotation (pack_format 2, docs/packs.md "Channel preference and
rotation"): `action.ranked`, `action.rotate` and `timing.at` lists, as show, run, --explain,
the json report, ics and drafts say them, and the lint's warning about a ranked single channel."""

from __future__ import annotations

from pathlib import Path

from cli_support import ROOT, invoke, run_json

from engine.load.packs import load_pack
from engine.model import turn

PACK = ROOT / "tests" / "example-files" / "positive" / "packs" / "channel-preference.yaml"
TIMELINE = """\
version: 1
candidate:
  timezone: Europe/London
  holidays: {country: GB}
applications:
  - id: acme
    company: Acme
    role: Engineer
    contacts:
      - {id: dana, name: Dana Whitfield, role: hiring_manager}
    events:
      - {date: 2026-03-02, type: interview, with: dana}
      - {date: 2026-03-09, type: follow_up_sent, channel: email, with: dana}
"""


def _timeline(tmp_path: Path) -> Path:
    path = tmp_path / "timeline.yaml"
    path.write_text(TIMELINE, encoding="utf-8")
    return path


def _run(tmp_path: Path, as_of: str, *extra: str) -> str:
    args = ["run", str(_timeline(tmp_path)), "--pack", str(PACK), "--as-of", as_of, *extra]
    result = invoke(args)
    assert result.exit_code == 0, (result.stderr, result.exception)
    return result.stdout


def test_turns_wrap_round() -> None:
    assert [turn(k, 3) for k in range(1, 8)] == [1, 2, 3, 1, 2, 3, 1]
    action = next(r for r in load_pack(PACK).rules if r.id == "chase-by-turns").action
    assert [action.step(k).channels for k in (1, 2, 3, 4)] == [
        ("email",),
        ("phone",),
        ("linkedin_message",),
        ("email",),
    ]
    assert action.step_number(2) == 0  # not a step: the json's `step` stays for steps


def test_times_take_turns() -> None:
    timing = next(r for r in load_pack(PACK).rules if r.id == "chase-by-turns").timing
    assert timing.at is not None and timing.at.part == "morning"
    assert [t.part for t in (timing.time(k) for k in (1, 2, 3)) if t] == [
        "morning",
        "afternoon",
        "morning",
    ]


def test_show_says_the_order() -> None:
    result = invoke(["show", str(PACK)])
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert (
        "contact the person you met by handwritten note, or else email, to thank them." in out
    )
    assert (
        "morning (09:00-12:00), then afternoon (13:00-17:00), by turns, contact the hiring "
        "manager by email, then phone, then LinkedIn message, in turn, to follow up." in out
    )


def test_run_says_best_first_and_the_attempts_channel(tmp_path: Path) -> None:
    out = _run(tmp_path, "2026-03-12")
    assert "say thank you by handwritten note (best) or email to Dana Whitfield" in out
    assert (
        "follow up by phone to Dana Whitfield (hiring manager) (attempt 2 of 3; the channels "
        "rotate)" in out
    )
    assert "Thu 2026-03-12 afternoon (13:00-17:00)" in out


def test_explain_names_the_turn(tmp_path: Path) -> None:
    out = " ".join(_run(tmp_path, "2026-03-12", "--explain").split())
    assert (
        "attempt 2: phone, because the channels rotate (email, then phone, then LinkedIn "
        "message)" in out
    )


def test_json_marks_a_ranked_list_only(tmp_path: Path) -> None:
    report = run_json(_timeline(tmp_path), PACK, "2026-03-12")  # schema-checked
    recs = {r["rule"]: r for r in report["applications"][0]["recommendations"]}
    thanks, chase = recs["thank-you-note"], recs["chase-by-turns"]
    assert thanks["channels"] == ["handwritten_note", "email"] and thanks["ranked"] is True
    assert chase["channels"] == ["phone"] and "ranked" not in chase
    assert chase["time"] == {"start": "13:00", "end": "17:00", "part": "afternoon"}


def test_ics_times_each_attempt_and_names_past_turns(tmp_path: Path) -> None:
    out = _run(tmp_path, "2026-03-12", "--format", "ics").replace("\r\n ", "")
    assert "DTSTART;TZID=Europe/London:20260312T130000" in out
    assert "done: follow up by email to Dana Whitfield" in out  # attempt 1 was email's turn


def test_draft_writes_the_best_first_then_the_others(tmp_path: Path) -> None:
    args = ["draft", str(_timeline(tmp_path)), "--pack", str(PACK), "--as-of", "2026-03-02"]
    result = invoke(args)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    note = out.index("Handwritten note (best) to Dana Whitfield")
    email = out.index("Email (2nd choice) to Dana Whitfield")
    assert note < email
    one = invoke([*args, "--channel", "email"])
    assert one.exit_code == 0, one.stderr
    assert "Handwritten note" not in one.stdout and "\nEmail to Dana Whitfield" in one.stdout


def test_a_ranked_single_channel_is_a_warning(tmp_path: Path) -> None:
    head = PACK.read_text(encoding="utf-8").split("rules:")[0]
    path = tmp_path / "one.yaml"
    path.write_text(
        head
        + """rules:
  - id: thank-you-note
    when: {anchor: interview}
    timing: {after: {days: 1}}
    action: {kind: thank_you, channel: handwritten_note, ranked: true, recipient: anchor_contact}
    cite: "A handwritten note is best."
""",
        encoding="utf-8",
    )
    result = invoke(["validate", str(path)])
    assert result.exit_code == 0, result.stdout
    assert (
        "warning: rule 'thank-you-note' ranks a single channel: `ranked` orders a list of 2 or "
        "more (add the others to action.channel, or drop ranked)" in result.stdout
    )


def test_simulate_takes_the_channels_in_turn(tmp_path: Path) -> None:
    out = _run(tmp_path, "2026-03-09", "--simulate", "--until", "2026-04-30")
    assert "by phone" in out and "by LinkedIn message" in out
