"""`followup compare`: packs side by side, the dimensions they disagree on, and --fail-on-change.

The acceptance cases are the contradictions the five articles are known for, on the bundled
example timelines: phone vs email, HR vs the hiring manager, a thank-you email within 24 hours vs
a call the next day, and two emails plus one optional call vs calling without limit.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cli_support import (
    EXAMPLE_TIMELINE,
    POLICIES,
    ROOT,
    WORKED_EXAMPLE,
    assert_one_error_line,
    assert_usage_error,
    invoke,
)
from click.testing import Result

from engine import evaluate, load_pack, load_timeline
from engine.analysis.compare import compare, compare_packs, labels
from engine.analysis.persistence import plan
from engine.commands import compare as compare_command
from engine.io import resources
from engine.present.compare_data import compare_dict
from engine.vocabulary import PENDING_STATUSES

ALL = ("3x3-networking", "career-pivot", "clue-wagon", "mason-group", "wise-job-search")
AS_OF = "2026-11-21"


def _compare(*args: str) -> Result:
    result = invoke(["compare", *args])
    assert "Traceback" not in result.stdout + result.stderr
    return result


@cache
def _json(timeline: Path, as_of: str, *packs: str) -> dict[str, Any]:
    chosen = [a for p in packs for a in ("--pack", p)] if packs else ["--all"]
    result = _compare(str(timeline), *chosen, "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    assert result.stderr == ""
    doc: dict[str, Any] = json.loads(result.stdout)
    _validator().validate(doc)
    return doc


@cache
def _validator() -> Any:
    schema = resources.schema("compare")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _app(doc: Mapping[str, Any], app_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(a for a in doc["applications"] if a["id"] == app_id)
    return found


def _view(doc: Mapping[str, Any], app_id: str, pack: str) -> dict[str, Any]:
    found: dict[str, Any] = next(v for v in _app(doc, app_id)["packs"] if v["pack"] == pack)
    return found


def _groups(doc: Mapping[str, Any], app_id: str, dimension: str) -> dict[str, list[str]]:
    (found,) = [d for d in _app(doc, app_id)["disagreements"] if d["dimension"] == dimension]
    return {g["value"]: g["packs"] for g in found["groups"]}


def _value_of(groups: Mapping[str, list[str]], pack: str) -> str:
    return next(value for value, packs in groups.items() if pack in packs)


# --- acceptance: the example timeline, every built-in pack, 2026-11-21 --------------------------


def test_all_means_every_builtin_pack_in_name_order() -> None:
    doc = _json(EXAMPLE_TIMELINE, AS_OF)
    assert [p["label"] for p in doc["packs"]] == list(ALL)
    assert doc["as_of"] == AS_OF
    assert [a["id"] for a in doc["applications"]] == [
        "acme-pm",
        "globex-analyst",
        "hooli-eng",
        "initech-ba",
        "umbrella-network",
    ]
    for app in doc["applications"]:
        assert [v["pack"] for v in app["packs"]] == list(ALL)


def test_next_actions_side_by_side_after_an_application() -> None:
    doc = _json(EXAMPLE_TIMELINE, AS_OF)
    call = _view(doc, "globex-analyst", "3x3-networking")["next"]
    assert (call["rule"], call["kind"], call["status"], call["due"]) == (
        "first-call",
        "follow_up",
        "overdue",
        "2026-11-19",
    )
    assert call["channels"] == ["phone", "voicemail"]
    assert [(r["role"], r["name"]) for r in call["recipients"]] == [
        ("hiring_manager", "Hank Scorpio"),
        ("hr", "Marge Bouvier"),
    ]
    email = _view(doc, "globex-analyst", "clue-wagon")["next"]
    assert (email["rule"], email["status"], email["due"], email["channels"]) == (
        "resume-follow-up",
        "upcoming",
        "2026-11-23",
        ["email"],
    )
    assert [r["name"] for r in email["recipients"]] == ["Hank Scorpio"]


def test_phone_versus_email() -> None:
    doc = _json(EXAMPLE_TIMELINE, AS_OF)
    channel = _groups(doc, "globex-analyst", "channel")
    assert channel["email"] == ["clue-wagon"]
    assert channel["phone/voicemail"] == ["3x3-networking"]
    assert channel["email/phone"] == ["career-pivot", "wise-job-search"]
    (disagreement,) = [
        d for d in _app(doc, "globex-analyst")["disagreements"] if d["dimension"] == "channel"
    ]
    assert "phone/voicemail (3x3-networking [" in disagreement["summary"]
    assert " vs email (clue-wagon [" in disagreement["summary"]
    # Scott forbids the phone outright; the others offer it.
    (never,) = disagreement["prohibitions"]
    assert (never["pack"], never["id"], never["value"]) == (
        "clue-wagon",
        "never-phone",
        "phone/voicemail",
    )
    assert never["used_by"] == ["3x3-networking", "career-pivot", "mason-group", "wise-job-search"]


def test_hr_versus_the_hiring_manager() -> None:
    doc = _json(EXAMPLE_TIMELINE, AS_OF)
    recipient = _groups(doc, "globex-analyst", "recipient")
    assert recipient == {
        "hiring manager": ["career-pivot", "clue-wagon", "mason-group", "wise-job-search"],
        "hiring manager or HR": ["3x3-networking"],
    }
    (disagreement,) = [
        d for d in _app(doc, "globex-analyst")["disagreements"] if d["dimension"] == "recipient"
    ]
    (never,) = disagreement["prohibitions"]
    assert (never["pack"], never["id"], never["value"], never["used_by"]) == (
        "clue-wagon",
        "never-hr",
        "HR",
        ["3x3-networking"],
    )
    # ... while every pack agrees the hiring manager is among the people to contact.
    agreed = {(a["dimension"], a["value"]): a for a in _app(doc, "globex-analyst")["agreements"]}
    assert agreed["recipient", "hiring manager"]["packs"] == list(ALL)
    assert agreed["recipient", "hiring manager"]["of"] == 5


def test_timing_after_an_application() -> None:
    doc = _json(EXAMPLE_TIMELINE, AS_OF)
    assert _groups(doc, "globex-analyst", "timing") == {
        "2026-11-23": ["career-pivot", "clue-wagon", "wise-job-search"],
        "2026-11-19": ["3x3-networking"],
        "2026-11-20": ["mason-group"],
    }
    agreed = [a for a in _app(doc, "globex-analyst")["agreements"] if a["dimension"] == "timing"]
    assert [(a["value"], a["packs"]) for a in agreed] == [
        ("2026-11-23", ["career-pivot", "clue-wagon", "wise-job-search"])
    ]


def test_persistence_after_an_application() -> None:
    doc = _json(EXAMPLE_TIMELINE, AS_OF)
    persistence = _groups(doc, "globex-analyst", "persistence")
    assert persistence == {
        "1 call, then stop": ["3x3-networking"],
        "1 follow-up + 1 optional follow-up, then stop": ["career-pivot"],
        "1 email, then move on": ["clue-wagon"],
        "3 check-ins, then move on": ["mason-group"],
        "follow-ups, no limit": ["wise-job-search"],
    }
    plan = _view(doc, "globex-analyst", "mason-group")["persistence"]
    assert plan["ending"] == "moves_on"
    assert [(c["rule"], c["max_attempts"], c["count"]) for c in plan["chases"]] == [
        ("early-check-in", 3, 3)
    ]


def test_after_two_unanswered_emails_one_optional_call_is_left() -> None:
    doc = _json(EXAMPLE_TIMELINE, AS_OF)
    final = _view(doc, "hooli-eng", "clue-wagon")
    assert final["next"]["rule"] == "final-call"
    assert (final["next"]["channels"], final["next"]["optional"]) == (["phone"], True)
    assert final["persistence"]["summary"] == "1 optional call, then move on"
    assert _view(doc, "hooli-eng", "mason-group")["persistence"]["summary"] == (
        "1 check-in, then move on"
    )


def test_nothing_pending_says_why() -> None:
    doc = _json(EXAMPLE_TIMELINE, AS_OF)
    # Initech rejected the candidate on Thu 2026-11-19: only McAdams still has something to say
    # (within two days: by Fri 11-20, so overdue on Saturday).
    reply = _view(doc, "initech-ba", "career-pivot")["next"]
    assert (reply["kind"], reply["status"], [r["name"] for r in reply["recipients"]]) == (
        "reply_to_rejection",
        "overdue",
        ["Nina Gold"],
    )
    for pack in ("3x3-networking", "mason-group", "wise-job-search"):
        view = _view(doc, "initech-ba", pack)
        assert view["next"] is None
        assert view["nothing_pending"] == {
            "reason": "suppressed",
            "detail": "rejection on 2026-11-19",
        }
        assert view["persistence"] is None
    assert _view(doc, "initech-ba", "clue-wagon")["nothing_pending"]["reason"] == "none"
    assert _groups(doc, "initech-ba", "action") == {
        "nothing pending (suppressed)": ["3x3-networking", "mason-group", "wise-job-search"],
        "reply to the rejection": ["career-pivot"],
        "nothing pending (no rule applies)": ["clue-wagon"],
    }
    # One pack is no majority: nothing is said to be agreed.
    assert _app(doc, "initech-ba")["agreements"] == []


# --- acceptance: the worked example, on the interview day ---------------------------------------


def test_the_action_row_reads_every_pending_action_as_the_channel_row() -> None:
    doc = _json(WORKED_EXAMPLE, "2026-11-17", "clue-wagon", "career-pivot", "3x3-networking")
    (action,) = [d for d in _app(doc, "acme-pm")["disagreements"] if d["dimension"] == "action"]
    values = {g["value"]: g for g in action["groups"]}
    # career-pivot's thank-you comes first, its follow-up after: both weigh in
    assert set(values) == {"follow up", "say thank you + follow up", "say thank you + check in"}
    (pivot,) = values["say thank you + follow up"]["actions"]
    rules = [a["rule"] for a in pivot["actions"]]
    assert rules == ["thank-you-email", "check-in-on-their-timeline"]
    agreed = {(a["dimension"], a["value"]): a for a in _app(doc, "acme-pm")["agreements"]}
    # clue-wagon's first action is no thank-you, yet its follow-up agrees with career-pivot's
    assert agreed[("action", "follow up")]["packs"] == ["clue-wagon", "career-pivot"]


def test_an_agreement_names_the_packs_that_forbid_it() -> None:
    doc = _json(EXAMPLE_TIMELINE, "2026-11-19")
    agreed = {(a["dimension"], a["value"]): a for a in _app(doc, "umbrella-network")["agreements"]}
    # The day after the networking meeting, 2 of the 2 packs with something pending phone Ada
    # Wong (3x3's thank-you call); clue-wagon never phones
    assert agreed[("channel", "phone")]["packs"] == ["3x3-networking", "wise-job-search"]
    assert agreed[("channel", "phone")]["forbidden_by"] == ["clue-wagon"]
    assert agreed[("recipient", "contact")]["forbidden_by"] == []
    out = _compare(str(EXAMPLE_TIMELINE), "--all", "--as-of", "2026-11-19").stdout
    assert "phone (2 of 2: 3x3-networking, wise-job-search) (clue-wagon forbids it)" in out


def test_thank_you_email_within_24_hours_versus_a_next_day_call() -> None:
    doc = _json(WORKED_EXAMPLE, "2026-11-17")
    thanks = _groups(doc, "acme-pm", "thank_you")
    assert _value_of(thanks, "career-pivot") == "email within 24 hours (2026-11-17 to 2026-11-18)"
    assert _value_of(thanks, "3x3-networking") == (
        "handwritten note within 1 business day (2026-11-17 to 2026-11-18)"
        " + phone/voicemail the next business day (2026-11-18)"
    )
    # silent on a thank-you (not_encoded), not against one
    assert thanks["says nothing of a thank-you"] == ["clue-wagon", "mason-group"]
    email = _view(doc, "acme-pm", "career-pivot")["thank_you"]
    assert [(t["rule"], t["channels"], t["timing"], t["due"]) for t in email] == [
        ("thank-you-email", ["email"], "within 24 hours", "2026-11-17")
    ]
    call = [
        t
        for t in _view(doc, "acme-pm", "3x3-networking")["thank_you"]
        if t["rule"] == "thank-you-call"
    ]
    assert [(t["channels"], t["timing"], t["status"], t["due"]) for t in call] == [
        (["phone", "voicemail"], "the next business day", "upcoming", "2026-11-18")
    ]


def test_two_emails_and_one_optional_call_versus_no_limit() -> None:
    doc = _json(WORKED_EXAMPLE, "2026-11-17")
    persistence = _groups(doc, "acme-pm", "persistence")
    assert _value_of(persistence, "clue-wagon") == "2 emails + 1 optional call, then move on"
    assert _value_of(persistence, "3x3-networking") == "calls, no limit"
    # McAdams: the one follow-up once the date they gave (2026-11-20) has passed.
    assert _value_of(persistence, "career-pivot") == "1 follow-up, then stop"
    scott = _view(doc, "acme-pm", "clue-wagon")["persistence"]
    assert [
        (c["rule"], c["channels"], c["optional"], c["max_attempts"], c["count"])
        for c in scott["chases"]
    ] == [
        ("post-interview-email", ["email"], False, 2, 2),
        ("final-call", ["phone"], True, 1, 1),
    ]
    three = _view(doc, "acme-pm", "3x3-networking")["persistence"]
    assert three["ending"] == "no_limit"
    assert [(c["rule"], c["max_attempts"], c["count"]) for c in three["chases"]] == [
        ("keep-calling", None, None)
    ]


def test_timing_after_the_interview() -> None:
    doc = _json(WORKED_EXAMPLE, "2026-11-17")
    assert _groups(doc, "acme-pm", "timing") == {
        "2026-11-17 + 2026-11-18 + 2026-11-25": ["3x3-networking"],
        "2026-11-17 + 2026-11-23": ["career-pivot"],
        "2026-11-25": ["clue-wagon"],
        "2026-11-23": ["mason-group"],
        "2026-11-17 + 2026-11-24": ["wise-job-search"],
    }
    agreed = [a for a in _app(doc, "acme-pm")["agreements"] if a["dimension"] == "timing"]
    assert [(a["value"], a["packs"]) for a in agreed] == [
        ("2026-11-17", ["3x3-networking", "career-pivot", "wise-job-search"])
    ]
    assert _view(doc, "acme-pm", "clue-wagon")["next"]["rule"] == "post-interview-email"


def test_table_names_the_disagreements() -> None:
    result = _compare(str(EXAMPLE_TIMELINE), "--all", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    lines = [line.rstrip() for line in out.splitlines()]
    assert "globex-analyst: Globex, Data Analyst" in lines
    assert any(
        line.split()[:4] == ["3x3-networking", "follow", "up", "OVERDUE"]
        and "OVERDUE" in line
        and "Hank Scorpio (hiring manager) or Marge Bouvier (HR)" in line
        for line in lines
    )
    assert any(
        line.startswith("    recipient    hiring manager (career-pivot [")
        and " vs hiring manager or HR (3x3-networking [first-call: follow up, " in line
        for line in lines
    )
    assert any(
        line.startswith(
            "                 clue-wagon forbids HR (never-hr); "
            "offered by 3x3-networking [first-call"
        )
        for line in lines
    )
    assert any(
        line.startswith("    persistence  1 call, then stop (3x3-networking)") for line in lines
    )
    assert "  most agree on:" in lines
    assert "  3x3-networking   nothing pending         SUPPRESSED  rejection on 2026-11-19" in lines


def test_worked_example_table_shows_the_thank_you_contradiction() -> None:
    result = _compare(str(WORKED_EXAMPLE), "--all", "--as-of", "2026-11-17")
    assert result.exit_code == 0, result.stderr
    (line,) = [x for x in result.stdout.splitlines() if x.startswith("    thank-you")]
    assert "email within 24 hours (2026-11-17 to 2026-11-18) (career-pivot)" in line
    assert "phone/voicemail the next business day (2026-11-18) (3x3-networking)" in line
    (line,) = [x for x in result.stdout.splitlines() if x.startswith("    persistence")]
    assert "2 emails + 1 optional call, then move on (clue-wagon)" in line
    assert "calls, no limit (3x3-networking)" in line


def test_markdown_has_a_table_per_application() -> None:
    result = _compare(str(EXAMPLE_TIMELINE), "--all", "--as-of", AS_OF, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.count("| pack | next action | status | when | channel | to whom |") == 5
    assert out.count("\n|---|---|---|---|---|---|\n") == 5
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings == [
        "## acme-pm: Acme Corp, Product Manager",
        "## globex-analyst: Globex, Data Analyst",
        "## hooli-eng: Hooli, Engineering Manager",
        "## initech-ba: Initech, Business Analyst",
        "## umbrella-network: Umbrella Health, Operations Lead (exploratory)",
    ]
    assert (
        "| clue-wagon | follow up | UPCOMING | 2026-11-23 | email | Hank Scorpio (hiring manager) |"
        in out
    )
    assert (
        "- **recipient**: hiring manager (career-pivot \\[application-follow-up: follow up, "
        "email/phone, 2026-11-23\\]" in out
    )
    # every pending action of a pack has its row (the next-day thank-you call and the note
    # have passed by now: 3x3's weekly call only; career-pivot's thank-you, then its check-in)
    assert (
        "| 3x3-networking | check in (attempt 1) | UPCOMING | 2026-11-25 (window 11-25 to 11-27) "
        "| phone/voicemail | Dana Whitfield (hiring manager) |\n" in out
    )


def test_two_packs_only_and_in_the_order_given() -> None:
    doc = _json(WORKED_EXAMPLE, "2026-11-17", "clue-wagon", "career-pivot")
    assert [p["label"] for p in doc["packs"]] == ["clue-wagon", "career-pivot"]
    app = _app(doc, "acme-pm")
    assert [v["pack"] for v in app["packs"]] == ["clue-wagon", "career-pivot"]
    assert _groups(doc, "acme-pm", "timing") == {
        "2026-11-25": ["clue-wagon"],
        "2026-11-17 + 2026-11-23": ["career-pivot"],
    }
    # Both say email to Dana: agreed by both of the two.
    agreed = {(a["dimension"], a["value"]): a["packs"] for a in app["agreements"]}
    assert agreed["channel", "email"] == ["clue-wagon", "career-pivot"]
    # ... but career-pivot's check-in on their date may be a call, which clue-wagon forbids
    (channel,) = [d for d in app["disagreements"] if d["dimension"] == "channel"]
    assert [(p["id"], p["used_by"]) for p in channel["prohibitions"]] == [
        ("never-phone", ["career-pivot"])
    ]


# --- determinism ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_same_input_same_bytes(fmt: str) -> None:
    args = [str(EXAMPLE_TIMELINE), "--all", "--as-of", AS_OF, "--format", fmt]
    first, second = _compare(*args), _compare(*args)
    assert first.exit_code == second.exit_code == 0
    assert first.stdout_bytes and first.stdout_bytes == second.stdout_bytes


def test_same_bytes_across_processes_and_hash_seeds() -> None:
    outputs = []
    for seed in ("1", "2"):
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                "import cli; cli.main()",
                "compare",
                str(EXAMPLE_TIMELINE),
                "--all",
                "--as-of",
                AS_OF,
                "--format",
                "json",
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=False,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]


# --- --fail-on-change --baseline -----------------------------------------------------------------


@pytest.fixture
def baseline(tmp_path: Path) -> Path:
    path = tmp_path / "golden.json"
    path.write_text(json.dumps(_json(EXAMPLE_TIMELINE, AS_OF), indent=2), encoding="utf-8")
    return path


def test_identical_baseline_exits_0(baseline: Path) -> None:
    result = _compare(
        str(EXAMPLE_TIMELINE),
        "--all",
        "--as-of",
        AS_OF,
        "--fail-on-change",
        "--baseline",
        str(baseline),
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("5 packs over ")


def test_without_as_of_the_baseline_day_is_used(baseline: Path) -> None:
    result = _compare(
        str(EXAMPLE_TIMELINE), "--all", "--fail-on-change", "--baseline", str(baseline)
    )
    assert result.exit_code == 0, result.stderr
    assert "as of Sat 2026-11-21" in result.stdout


def test_edited_baseline_exits_1_with_one_line_per_difference(baseline: Path) -> None:
    doc = json.loads(baseline.read_text(encoding="utf-8"))
    view = next(v for v in _app(doc, "acme-pm")["packs"] if v["pack"] == "clue-wagon")
    view["next"]["due"] = "2026-11-30"
    view["pending_rules"] = ["post-interview-email", "final-call"]
    baseline.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    result = _compare(
        str(EXAMPLE_TIMELINE),
        "--all",
        "--as-of",
        AS_OF,
        "--fail-on-change",
        "--baseline",
        str(baseline),
    )
    assert result.exit_code == 1, result.stderr
    assert result.stderr.splitlines() == [
        "acme-pm / clue-wagon: due 2026-11-30 -> 2026-11-25",
        "acme-pm / clue-wagon: pending rules final-call, post-interview-email"
        " -> post-interview-email",
        f"2 changes against the baseline {baseline}",
    ]
    # The comparison itself is still printed, ready to become the new baseline.
    assert result.stdout.startswith("5 packs over ")


def test_baseline_without_fail_on_change_reports_but_exits_0(baseline: Path) -> None:
    doc = json.loads(baseline.read_text(encoding="utf-8"))
    _app(doc, "hooli-eng")["packs"][0]["next"]["status"] = "due"
    baseline.write_text(json.dumps(doc), encoding="utf-8")
    result = _compare(str(EXAMPLE_TIMELINE), "--all", "--baseline", str(baseline))
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == "hooli-eng / 3x3-networking: status due -> overdue"


def _next_version_of_clue_wagon(folder: Path) -> Path:
    """clue-wagon 2.1.0: the post-interview email waits 5 business days instead of 3."""
    text = (POLICIES / "clue-wagon.yaml").read_text(encoding="utf-8")
    # The first is post-interview-email's (post-round-email's comes after it).
    assert text.index("after: {business_days: 3}") < text.index("id: post-round-email")
    text = text.replace("version: 2.0.0", "version: 2.1.0").replace(
        "after: {business_days: 3}", "after: {business_days: 5}", 1
    )
    path = folder / "clue-wagon.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_new_pack_version_checked_against_golden_timelines(tmp_path: Path) -> None:
    golden = tmp_path / "golden.json"
    made = _compare(
        str(WORKED_EXAMPLE),
        *("--pack", "clue-wagon", "--pack", "mason-group"),
        *("--as-of", "2026-11-21", "--format", "json"),
    )
    assert made.exit_code == 0, made.stderr
    golden.write_text(made.stdout, encoding="utf-8")
    new = _next_version_of_clue_wagon(tmp_path)
    result = _compare(
        str(WORKED_EXAMPLE),
        *("--pack", str(new), "--pack", "mason-group"),
        *("--fail-on-change", "--baseline", str(golden)),
    )
    assert result.exit_code == 1, result.stderr
    # Five business days after Friday 2026-11-20 skip Thanksgiving (Thursday 2026-11-26).
    assert result.stderr.splitlines() == [
        "acme-pm / clue-wagon: due 2026-11-25 -> 2026-11-30",
        f"1 change against the baseline {golden}",
    ]


def _broken_baselines(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    yield tmp_path / "missing.json", "no such file"
    bad = tmp_path / "bad.json"
    bad.write_text('{"compare_format": 1,\n  "as_of": [\n', encoding="utf-8")
    yield bad, "YAML syntax"
    run = tmp_path / "run.json"
    made = invoke(
        ["run", str(EXAMPLE_TIMELINE), "--pack", "clue-wagon", "--as-of", AS_OF, "--format", "json"]
    )
    run.write_text(made.stdout, encoding="utf-8")
    yield run, "not a followup compare report"
    wrong = tmp_path / "wrong.json"
    doc = json.loads(json.dumps(_json(EXAMPLE_TIMELINE, AS_OF)))
    doc["applications"][0]["packs"][0]["next"]["kind"] = "phone_them"
    wrong.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    yield wrong, "'phone_them' is not one of"
    listed = tmp_path / "list.json"
    listed.write_text("[1, 2]\n", encoding="utf-8")
    yield listed, "expected a mapping"


def test_broken_baseline_exits_2_with_one_line(tmp_path: Path) -> None:
    for path, message in _broken_baselines(tmp_path):
        result = _compare(
            str(EXAMPLE_TIMELINE),
            "--all",
            "--as-of",
            AS_OF,
            "--fail-on-change",
            "--baseline",
            str(path),
        )
        match = assert_one_error_line(result)
        assert match["path"] == str(path)
        assert message in match["message"], result.stderr
    # The schema violation points at the offending value.
    result = _compare(str(EXAMPLE_TIMELINE), "--all", "--baseline", str(tmp_path / "wrong.json"))
    match = assert_one_error_line(result)
    assert int(match["line"]) > 1


# --- usage errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("packs", [[], ["--pack", "clue-wagon"]])
def test_fewer_than_two_packs_is_a_usage_error(packs: list[str]) -> None:
    result = _compare(str(EXAMPLE_TIMELINE), *packs, "--as-of", AS_OF)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "compare needs at least two packs" in result.stderr


def test_fail_on_change_needs_a_baseline() -> None:
    result = _compare(str(EXAMPLE_TIMELINE), "--all", "--fail-on-change")
    assert result.exit_code == 2
    assert "--fail-on-change needs --baseline FILE" in result.stderr


def test_unknown_pack_exits_2_with_one_line() -> None:
    result = _compare(str(EXAMPLE_TIMELINE), "--pack", "clue-wagon", "--pack", "clue-wagn")
    message = assert_usage_error(result, "--pack")
    assert "no pack named 'clue-wagn'" in message
    assert "clue-wagon" in message


def test_the_same_pack_twice_exits_2_with_one_line() -> None:
    result = _compare(str(EXAMPLE_TIMELINE), "--all", "--pack", "clue-wagon")
    match = assert_one_error_line(result)
    assert "two of the packs are clue-wagon@2.0.0" in match["message"]


def test_missing_timeline_exits_2_with_one_line(tmp_path: Path) -> None:
    result = _compare(str(tmp_path / "nope.yaml"), "--all", "--as-of", AS_OF)
    match = assert_one_error_line(result)
    assert "no such file" in match["message"]


def test_two_versions_of_a_pack_are_told_apart(tmp_path: Path) -> None:
    new = _next_version_of_clue_wagon(tmp_path)
    doc = _json(WORKED_EXAMPLE, AS_OF, "clue-wagon", str(new))
    assert [p["label"] for p in doc["packs"]] == ["clue-wagon@2.0.0", "clue-wagon@2.1.0"]
    assert _groups(doc, "acme-pm", "timing") == {
        "2026-11-25": ["clue-wagon@2.0.0"],
        "2026-11-30": ["clue-wagon@2.1.0"],
    }


# --- the schema, the library, the streams -------------------------------------------------------


def test_schema_command_prints_the_compare_schema() -> None:
    result = invoke(["schema", "compare"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$id"] == "urn:followup:schema:compare:1"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_object_in_the_schema_is_closed() -> None:
    def objects(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if node.get("type") == "object" or "properties" in node:
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for value in node:
                yield from objects(value)

    found = list(objects(resources.schema("compare")))
    assert len(found) > 10
    assert all(o.get("additionalProperties") is False for o in found)


def test_compare_as_a_library_matches_the_command() -> None:
    import datetime as dt

    timeline = load_timeline(EXAMPLE_TIMELINE)
    as_of = dt.date(2026, 11, 21)
    packs = [load_pack(name) for name in ALL]
    reports = [evaluate(p, timeline, as_of) for p in packs]
    plans = {
        (label, app.id): plan(p, timeline, app, as_of)
        for label, p, report in zip(labels(packs), packs, reports, strict=True)
        for app, result in zip(timeline.applications, report.applications, strict=True)
        if any(r.status in PENDING_STATUSES for r in result.recommendations)
    }
    doc = compare_dict(compare(reports, plans))
    cli_doc = _json(EXAMPLE_TIMELINE, AS_OF)
    assert doc["applications"] == cli_doc["applications"]
    assert compare_dict(compare_packs(packs, timeline, as_of)) == doc


def test_execute_writes_to_the_current_streams() -> None:
    import datetime as dt

    args = compare_command.CompareArgs(
        str(WORKED_EXAMPLE), ("clue-wagon", "3x3-networking"), as_of=dt.date(2026, 11, 17)
    )
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert compare_command.execute(args) == 0
    assert buffer.getvalue().startswith("2 packs over ")
    assert "acme-pm: Acme Corp, Product Manager" in buffer.getvalue()


# --- docs/compare.md runs as written --------------------------------------------------------------

DOC = ROOT / "docs" / "compare.md"


def _doc_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def _lines_in_order(documented: str, actual: str) -> None:
    lines = [line.rstrip() for line in actual.splitlines()]
    at = 0
    for line in documented.splitlines():
        if not line.strip() or line.startswith("$ "):
            continue
        assert line.rstrip() in lines[at:], f"not in the output (in order): {line!r}\n{actual}"
        at = lines.index(line.rstrip(), at) + 1


def test_documented_outputs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the documented commands use relative paths
    runs = [b for b in _doc_blocks("text") if b.startswith("$ followup compare")]
    assert len(runs) == 2
    for block in runs:
        result = _compare(*block.splitlines()[0].split()[3:])
        assert result.exit_code == 0, result.stderr
        _lines_in_order(block, result.stdout)


def test_documented_baseline_workflow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "worked-example.yaml").write_bytes(WORKED_EXAMPLE.read_bytes())
    (tmp_path / "my-packs").mkdir()
    _next_version_of_clue_wagon(tmp_path / "my-packs")
    monkeypatch.chdir(tmp_path)
    (commands,) = [b for b in _doc_blocks("sh") if "golden.json" in b]
    save, check = commands.splitlines()
    saved = _compare(*save.split(">")[0].split()[2:])
    assert saved.exit_code == 0, saved.stderr
    Path(save.split(">")[1].strip()).write_text(saved.stdout, encoding="utf-8")
    checked = _compare(*check.split()[2:])
    assert checked.exit_code == 1
    (expected,) = [b for b in _doc_blocks("text") if b.startswith("acme-pm / clue-wagon")]
    assert checked.stderr == expected
    Path("golden.json").write_text("{}\n", encoding="utf-8")
    broken = _compare(*check.split()[2:])
    (expected,) = [b for b in _doc_blocks("text") if b.startswith("golden.json:1:1")]
    assert assert_one_error_line(broken)[0] + "\n" == expected


def test_documented_library_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    (code,) = _doc_blocks("python")
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(code, str(DOC), "exec"), {})
    (line,) = [x for x in buffer.getvalue().splitlines() if x.startswith("globex-analyst channel")]
    assert "email (clue-wagon [" in line
    assert "phone/voicemail (3x3-networking [first-call: follow up, phone/voicemail, " in line


# --- every pending action weighs, not only the earliest (issue 11, item 21) ---------------------

_INTERVIEW_THEN_DATE = """\
version: 1
candidate:
  timezone: America/New_York
  holidays: {country: US}
applications:
  - id: acme-pm
    company: Acme Corp
    role: Product Manager
    contacts:
      - {id: dana, name: Dana Whitfield, role: hiring_manager}
    events:
      - {date: 2026-09-01, type: application_submitted, channel: online_form}
      - {date: 2026-09-15, type: interview, round: 1, with: dana, channel: in_person}
      - {date: 2026-09-15, type: decision_expected, by: 2026-09-18, with: dana}
"""
# Tuesday's interview: 3x3 calls the next day (Wednesday 09-16), after a handwritten note due
# first; clue-wagon emails on the 3rd business day after Friday's promised date (Wednesday 09-23).
_CALL = "thank-you-call: say thank you, phone/voicemail, 2026-09-16"
_EMAIL = "post-interview-email: follow up, email, 2026-09-23"


def _interview_case(tmp_path: Path, fmt: str) -> str:
    timeline = tmp_path / "interview.yaml"
    timeline.write_text(_INTERVIEW_THEN_DATE, encoding="utf-8")
    result = _compare(
        str(timeline),
        *("--pack", "3x3-networking", "--pack", "clue-wagon"),
        *("--as-of", "2026-09-15", "--format", fmt),
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_call_after_a_note_is_set_against_the_email(tmp_path: Path) -> None:
    doc = json.loads(_interview_case(tmp_path, "json"))
    _validator().validate(doc)
    three = _view(doc, "acme-pm", "3x3-networking")
    assert three["next"]["channels"] == ["handwritten_note"]  # the note comes first ...
    assert [p["rule"] for p in three["pending"]][:2] == ["handwritten-note", "thank-you-call"]
    for dimension in ("channel", "timing"):
        (d,) = [x for x in _app(doc, "acme-pm")["disagreements"] if x["dimension"] == dimension]
        actions = {
            a["pack"]: [r["text"] for r in a["actions"]] for g in d["groups"] for a in g["actions"]
        }
        # ... and the call it hides is weighed against clue-wagon's email, each named
        assert _CALL in actions["3x3-networking"], (dimension, actions)
        assert actions["clue-wagon"] == [_EMAIL], (dimension, actions)
    timing = _groups(doc, "acme-pm", "timing")
    assert "2026-09-16" in _value_of(timing, "3x3-networking").split(" + ")
    assert _value_of(timing, "clue-wagon") == "2026-09-23"
    assert "phone/voicemail" in _value_of(_groups(doc, "acme-pm", "channel"), "3x3-networking")


def test_the_prohibition_names_the_pending_call(tmp_path: Path) -> None:
    doc = json.loads(_interview_case(tmp_path, "json"))
    (d,) = [x for x in _app(doc, "acme-pm")["disagreements"] if x["dimension"] == "channel"]
    (never,) = d["prohibitions"]
    assert (never["pack"], never["id"], never["used_by"]) == (
        "clue-wagon",
        "never-phone",
        ["3x3-networking"],
    )
    assert [(o["pack"], o["rule"]) for o in never["offered_by"]] == [
        ("3x3-networking", "thank-you-call"),
        ("3x3-networking", "keep-calling"),
    ]
    text = _interview_case(tmp_path, "text").splitlines()
    line = f"clue-wagon forbids phone/voicemail (never-phone); offered by 3x3-networking [{_CALL}"
    assert any(x.strip().startswith(line) for x in text), text
    markdown = _interview_case(tmp_path, "markdown")
    forbids = "  - clue-wagon forbids phone/voicemail (never-phone); offered by 3x3-networking"
    assert f"{forbids} \\[{_CALL}" in markdown


def test_a_rule_stopped_before_any_attempt_reads_stopped_not_done(tmp_path: Path) -> None:
    """As `run` says it: a reply before the first email stopped clue-wagon's chase; nothing
    was done, so neither the status column nor the action row may say "done"."""
    path = tmp_path / "timeline.yaml"
    path.write_text(
        "version: 1\n"
        "candidate: {name: Sam Rivera, timezone: America/Chicago, holidays: {country: US}}\n"
        "applications:\n"
        "  - id: st\n"
        "    company: A\n"
        "    role: PM\n"
        "    contacts: [{id: dana, name: Dana Whitfield, role: hiring_manager}]\n"
        "    events:\n"
        "      - {date: 2026-11-02, type: interview, round: 1, with: dana}\n"
        "      - {date: 2026-11-02, type: decision_expected, by: 2026-11-06, with: dana}\n"
        "      - {date: 2026-11-04, type: reply_received, with: dana, says: not_yet}\n",
        encoding="utf-8",
    )
    args = (str(path), "--pack", "clue-wagon", "--pack", "career-pivot", "--as-of", "2026-11-21")
    out = _compare(*args).stdout
    row = next(line for line in out.splitlines() if line.startswith("  clue-wagon "))
    assert row.split()[3:5] == ["STOPPED", "post-interview-email:"], row
    assert "nothing pending (stopped) (clue-wagon)" in out
    assert "DONE" not in out and "(done)" not in out
