"""`followup run --explain`: every rule, for every application, fired or not, and why.

The explanation re-derives each rule's conditions in plain Python (engine/explain.py) and must
agree with the durable_rules path on what fired; the last tests check that on random packs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from cli_support import EXAMPLE_TIMELINE, ROOT, invoke, run_json, validate_report
from hypothesis import HealthCheck, given, settings
from strategies import Case, load_timeline_doc, packs_with_timelines

from engine import EngineError, builtin_pack_names, evaluate, load_pack, load_timeline
from engine.model import Pack
from engine.present.explain import RuleExplanation, explain, explained
from engine.present.report import report_dict

AS_OF = "2026-11-24"

# One rule per way of not firing, and some that fire in each state.
PACK = """\
pack_format: 1
name: why-not
version: 0.1.0
title: One rule per reason
source: {author: Sam Rivera, title: Notes, publication: personal notes}
rules:
  - id: no-anchor
    when: {anchor: offer}
    timing: {after: {days: 1}}
    action: {kind: thank_you, channel: email, recipient: hiring_manager}
    cite: A quote.
  - id: narrow-anchor
    when: {anchor: {event: interview, round: {min: 3}}}
    timing: {after: {days: 1}}
    action: {kind: thank_you, channel: email, recipient: hiring_manager}
    cite: A quote.
  - id: wrong-stage
    when: {anchor: application_submitted, stage: [applied]}
    timing: {after: {days: 7}}
    action: {kind: follow_up, channel: email, recipient: hiring_manager}
    cite: A quote.
  - id: too-few
    when:
      anchor: decision_expected
      requires: [{event: follow_up_sent, channel: email, min: 2}]
    timing: {after: {days: 1}}
    action: {kind: move_on}
    cite: A quote.
  - id: after-interview
    when: {anchor: application_submitted, unless: [interview]}
    timing: {after: {days: 7}}
    action: {kind: follow_up, channel: email, recipient: hiring_manager}
    cite: A quote.
  - id: thanked
    when: {anchor: interview, requires: [thank_you_sent]}
    timing: {after: {days: 7}}
    action: {kind: check_in, channel: email, recipient: hiring_manager}
    cite: A quote.
  - id: stated
    when: {anchor: decision_expected}
    timing:
      from: stated_date
      after: {business_days: 3}
      repeat: {every: {days: 7}}
      max_attempts: 2
    stop_when: [reply_received]
    action: {kind: follow_up, channel: email, recipient: hiring_manager}
    cite: A quote.
  - id: one-email
    when: {anchor: decision_expected}
    timing: {after: {days: 1}}
    stop_when: [reply_received]
    action: {kind: ask_next_steps, channel: email, recipient: hiring_manager}
    cite: A quote.
"""

TIMELINE = """\
version: 1
candidate:
  timezone: America/New_York
  holidays: {country: US}
applications:
  - id: acme
    company: Acme
    role: PM
    contacts:
      - {id: dana, name: Dana Whitfield, role: hiring_manager}
    events:
      - {date: 2026-11-02, type: application_submitted, channel: online_form}
      - {date: 2026-11-05, type: interview, round: 1, with: dana, channel: phone}
      - {date: 2026-11-06, type: thank_you_sent, channel: email, with: dana}
      - {date: 2026-11-10, type: interview, round: 2, with: dana, channel: in_person}
      - {date: 2026-11-17, type: decision_expected, by: 2026-11-20, with: dana}
      - {date: 2026-11-19, type: follow_up_sent, channel: email, with: dana}
      - {date: 2026-12-01, type: offer, with: dana}
  - id: initech
    company: Initech
    role: BA
    events:
      - {date: 2026-11-02, type: application_submitted, channel: online_form}
      - {date: 2026-11-10, type: interview, round: 1}
      - {date: 2026-11-10, type: decision_expected, by: 2026-11-13}
      - {date: 2026-11-18, type: rejection, channel: email}
  - id: hooli
    company: Hooli
    role: EM
    events:
      - {date: 2026-11-02, type: application_submitted, channel: online_form}
      - {date: 2026-11-10, type: interview, round: 1}
      - {date: 2026-11-10, type: decision_expected, by: 2026-11-13}
      - {date: 2026-11-18, type: follow_up_sent, channel: email}
      - {date: 2026-11-20, type: reply_received, channel: email}
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    pack = tmp_path / "why-not.yaml"
    pack.write_text(PACK, encoding="utf-8")
    timeline = tmp_path / "timeline.yaml"
    timeline.write_text(TIMELINE, encoding="utf-8")
    return pack, timeline


def _explained(report: dict[str, Any], app_id: str) -> dict[str, tuple[bool, str]]:
    """rule id -> (fired, reasons joined) for one application of a JSON report."""
    (app,) = [a for a in report["applications"] if a["id"] == app_id]
    return {e["rule"]: (e["fired"], " | ".join(e["reasons"])) for e in app["explain"]}


def test_each_failed_condition_is_named(files: tuple[Path, Path]) -> None:
    pack, timeline = files
    report = run_json(timeline, pack, AS_OF, "--explain")
    acme = _explained(report, "acme")
    assert list(acme) == [
        "no-anchor",
        "narrow-anchor",
        "wrong-stage",
        "too-few",
        "after-interview",
        "thanked",
        "stated",
        "one-email",
    ]  # every rule, in pack order
    assert acme["no-anchor"] == (
        False,
        "needs an offer, but none is recorded (1 dated after 2026-11-24 not counted)",
    )
    assert acme["narrow-anchor"] == (
        False,
        "needs an interview (round 3 or later), but none is recorded "
        "(2 interviews recorded, none that match)",
    )
    fired, why = acme["wrong-stage"]
    assert not fired and why.startswith("stage is interviewing, rule needs applied")
    assert acme["too-few"] == (
        False,
        "the decision date 2026-11-20 stated on 2026-11-17: needs at least 2 follow-ups by email "
        "after it (found 1)",
    )
    assert acme["after-interview"] == (
        False,
        "the application submitted on 2026-11-02: not after the interview on 2026-11-05 "
        "(unless an interview)",
    )
    assert acme["thanked"] == (
        False,
        "the interview on 2026-11-05: superseded by the interview on 2026-11-10 | "
        "the interview on 2026-11-10: needs a thank-you after it (found none)",
    )


def test_fired_rules_say_their_state(files: tuple[Path, Path]) -> None:
    pack, timeline = files
    report = run_json(timeline, pack, AS_OF, "--explain")
    acme = _explained(report, "acme")
    assert acme["stated"] == (
        True,
        "the decision date 2026-11-20 stated on 2026-11-17: due 2026-11-27, not yet "
        "(attempt 2 of 2, after 1 made, the last on 2026-11-19)",
    )
    assert acme["one-email"] == (
        True,
        "the decision date 2026-11-20 stated on 2026-11-17: 1 of 1 attempts made, last on "
        "2026-11-19",
    )
    initech = _explained(report, "initech")
    assert initech["stated"] == (
        True,
        "the decision date 2026-11-13 stated on 2026-11-10: suppressed by the rejection on "
        "2026-11-18",
    )
    hooli = _explained(report, "hooli")
    assert hooli["stated"] == (
        True,
        "the decision date 2026-11-13 stated on 2026-11-10: stopped by the reply on 2026-11-20, "
        "after 1 of 2 attempts",
    )
    # fired means "has a recommendation", whatever its status
    for app in report["applications"]:
        fired = {e["rule"] for e in app["explain"] if e["fired"]}
        assert fired == {r["rule"] for r in app["recommendations"]}


def test_pending_states(files: tuple[Path, Path]) -> None:
    pack, timeline = files
    # 7 days after the email of 2026-11-19 is Thanksgiving: the next business day
    due = _explained(run_json(timeline, pack, "2026-11-27", "--explain"), "acme")["stated"]
    assert due[1].endswith(
        ": due 2026-11-27, now (attempt 2 of 2, after 1 made, the last on 2026-11-19)"
    )
    late = _explained(run_json(timeline, pack, "2026-11-30", "--explain"), "acme")["stated"]
    assert ": was due 2026-11-27, not done" in late[1]


def test_table_has_an_explain_block_after_the_recommendations(files: tuple[Path, Path]) -> None:
    pack, timeline = files
    args = ["run", str(timeline), "--pack", str(pack), "--as-of", AS_OF]
    plain = invoke(args)
    assert plain.exit_code == 0 and "Explain" not in plain.stdout
    result = invoke([*args, "--explain"])
    assert result.exit_code == 0, result.stderr
    blocks = result.stdout.split("\n\n")[1:]
    assert [b.split(":")[0] for b in blocks] == ["acme", "initech", "hooli"]
    for block in blocks:
        lines = block.splitlines()
        at = lines.index("  Explain")
        assert at > 1  # after the application's recommendations
        heads = [line for line in lines[at + 1 :] if not line.startswith(" " * 15)]
        assert len(heads) == 8  # one line per rule (wrapped lines aside)
        assert all(h.startswith(("    fired      ", "    not fired  ")) for h in heads)
    assert "    not fired  no-anchor: needs an offer, but none is recorded" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 100


def test_json_explain_only_with_the_flag(files: tuple[Path, Path]) -> None:
    pack, timeline = files
    report = run_json(timeline, pack, AS_OF)
    assert all("explain" not in app for app in report["applications"])
    with_explain = run_json(timeline, pack, AS_OF, "--explain")
    for app in with_explain["applications"]:
        assert "explain" in app
        del app["explain"]
    assert with_explain == report  # nothing else changes


def test_explain_does_not_go_with_simulate(files: tuple[Path, Path]) -> None:
    pack, timeline = files
    result = invoke(
        [
            "run",
            str(timeline),
            "--pack",
            str(pack),
            "--simulate",
            "--until",
            "2026-12-31",
            "--explain",
        ]
    )
    assert result.exit_code == 2
    assert "--explain does not go with --simulate" in result.stderr


# ---------------------------------------------------------------- built-in packs


@pytest.mark.parametrize("name", builtin_pack_names())
def test_builtin_packs_on_the_example_timeline(name: str) -> None:
    report = run_json(EXAMPLE_TIMELINE, name, "2026-11-21", "--explain")
    rules = [r.id for r in load_pack(name).rules]
    for app in report["applications"]:
        assert [e["rule"] for e in app["explain"]] == rules
        fired = {e["rule"] for e in app["explain"] if e["fired"]}
        assert fired == {r["rule"] for r in app["recommendations"]}
        for e in app["explain"]:
            assert e["reasons"], (app["id"], e)


def test_clue_wagon_on_the_example_timeline() -> None:
    report = run_json(EXAMPLE_TIMELINE, "clue-wagon", "2026-11-21", "--explain")
    decision = "the decision date 2026-11-20 stated on 2026-11-17"
    acme = _explained(report, "acme-pm")
    assert acme["post-interview-email"] == (
        True,
        f"{decision}: due 2026-11-25, not yet (attempt 1 of 2)",
    )
    assert acme["final-call"] == (
        False,
        f"the interview on 2026-11-17: superseded by {decision} | "
        f"{decision}: needs at least 2 follow-ups by email after it (found none)",
    )
    assert acme["resume-follow-up"] == (
        False,
        "the application submitted on 2026-11-02: not after the interview on 2026-11-17 "
        "(unless an interview)",
    )
    globex = _explained(report, "globex-analyst")
    assert globex["post-interview-email"] == (False, "needs a decision date, but none is recorded")
    assert globex["resume-follow-up"] == (
        True,
        "the application submitted on 2026-11-16: due 2026-11-23, not yet",
    )
    hooli = _explained(report, "hooli-eng")
    assert hooli["post-interview-email"] == (
        True,
        "the decision date 2026-11-06 stated on 2026-11-04: 2 of 2 attempts made, last on "
        "2026-11-18",
    )
    umbrella = _explained(report, "umbrella-network")
    assert umbrella["resume-follow-up"] == (False, "needs an application, but none is recorded")


def test_mason_group_suppressed_and_superseded() -> None:
    report = run_json(EXAMPLE_TIMELINE, "mason-group", "2026-11-21", "--explain")
    initech = _explained(report, "initech-ba")
    fired, why = initech["ask-at-interview-end"]
    assert fired and why == "the interview on 2026-10-26: suppressed by the rejection on 2026-11-19"
    hooli = _explained(report, "hooli-eng")
    fired, why = hooli["move-on"]
    assert not fired
    assert (
        "the interview on 2026-11-04: superseded by the decision date 2026-11-06 stated on "
        "2026-11-04" in why
    )
    assert why.endswith(
        "needs at least 3 follow-ups by email, by phone or by voicemail after it (found 2)"
    )


# ---------------------------------------------------------------- the cross-check


def _example(name: str = "clue-wagon") -> tuple[Pack, Any, dt.date]:
    return load_pack(name), load_timeline(str(EXAMPLE_TIMELINE)), dt.date(2026, 11, 21)


def test_explain_is_a_pure_function_of_its_inputs() -> None:
    pack, timeline, as_of = _example()
    report = evaluate(pack, timeline, as_of)
    first = explain(report)
    assert first == explain(report)
    assert list(first) == [a.id for a in timeline.applications]
    assert all(isinstance(e, RuleExplanation) for rules in first.values() for e in rules)
    assert evaluate(pack, timeline, as_of) == report  # nothing was changed in place


def test_a_missing_recommendation_is_an_internal_error() -> None:
    pack, timeline, as_of = _example()
    report = evaluate(pack, timeline, as_of)
    apps = list(report.applications)
    apps[0] = dataclasses.replace(apps[0], recommendations=())
    with pytest.raises(EngineError, match="acme-pm: rule post-interview-email applies to"):
        explain(dataclasses.replace(report, applications=tuple(apps)))


def test_an_extra_recommendation_is_an_internal_error() -> None:
    pack, timeline, as_of = _example()
    report = evaluate(pack, timeline, as_of)
    apps = list(report.applications)
    extra = apps[0].recommendations[0]._replace(rule="final-call")
    apps[0] = dataclasses.replace(apps[0], recommendations=(*apps[0].recommendations, extra))
    with pytest.raises(EngineError, match="acme-pm: the report recommends final-call"):
        explain(dataclasses.replace(report, applications=tuple(apps)))


def test_a_different_status_is_an_internal_error() -> None:
    pack, timeline, as_of = _example()
    report = evaluate(pack, timeline, as_of)
    apps = list(report.applications)
    (rec,) = apps[0].recommendations
    apps[0] = dataclasses.replace(
        apps[0], recommendations=(rec._replace(status="suppressed"),)
    )
    with pytest.raises(EngineError, match="is suppressed in the report but upcoming in the eval"):
        explain(dataclasses.replace(report, applications=tuple(apps)))


def test_the_cli_reports_a_disagreement_as_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.commands import run as run_cmd

    real = run_cmd.evaluate  # type: ignore[attr-defined]

    def dropping(*args: Any) -> Any:
        report = real(*args)
        apps = tuple(dataclasses.replace(a, recommendations=()) for a in report.applications)
        return dataclasses.replace(report, applications=apps)

    monkeypatch.setattr(run_cmd, "evaluate", dropping)
    args = ["run", str(EXAMPLE_TIMELINE), "--pack", "clue-wagon", "--as-of", "2026-11-21"]
    assert invoke(args).exit_code == 0  # without --explain nothing checks
    result = invoke([*args, "--explain"])
    assert result.exit_code == 3
    assert "internal error (EngineError" in result.stderr


@settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(packs_with_timelines(1))
def test_explanations_agree_with_the_engine_on_random_packs(
    case: tuple[dict[str, Any], Pack, list[Case]],
) -> None:
    _, pack, [(doc, as_of)] = case
    timeline = load_timeline_doc(doc)
    report = evaluate(pack, timeline, as_of)
    table = explain(report)  # raises EngineError on a disagreement
    rules = [r.id for r in pack.rules]
    for app in report.applications:
        assert [e.rule for e in table[app.id]] == rules
        assert {e.rule for e in table[app.id] if e.fired} == {r.rule for r in app.recommendations}
        assert all(e.reasons for e in table[app.id])
    validate_report(json.loads(json.dumps(report_dict(explained(report)))))


def _documented(heading: str) -> str:
    text = (ROOT / "docs" / "packs.md").read_text(encoding="utf-8")
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    (block,) = re.findall(r"```text\n(.*?)```", text[start : end if end != -1 else None], re.S)
    return str(block)


def test_the_documented_explain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    block = _documented("## Explaining a run: `--explain`")
    command, *lines = block.splitlines()
    result = invoke(command.split()[2:])
    assert result.exit_code == 0, result.stderr
    out = result.stdout.splitlines()
    at = 0
    for line in lines:  # in order: the docs trim, never reword
        at = out.index(line, at) + 1


# --- pack_format 2: a chase that ends after a time, and the same weekday -----------------------

_PACKS = ROOT / "tests" / "example-files" / "positive" / "packs"
_TIMELINE = """\
version: 1
candidate: {timezone: America/New_York, holidays: {country: US}}
applications:
  - id: acme
    company: Acme
    role: PM
    contacts: [{id: hm, name: Dana Whitfield, role: hiring_manager}]
    events:
      - {date: DAY, type: interview, with: hm}
"""


def _run(tmp_path: Path, pack: str, interview: str, as_of: str) -> str:
    path = tmp_path / "timeline.yaml"
    path.write_text(_TIMELINE.replace("DAY", interview), encoding="utf-8")
    args = ["run", str(path), "--pack", str(_PACKS / pack), "--as-of", as_of, "--explain"]
    result = invoke(args)
    assert result.exit_code == 0, result.stderr
    return " ".join(result.stdout.split())  # the words, whatever the wrapping


def test_a_chase_past_its_end_says_it_ended_and_to_move_on(tmp_path: Path) -> None:
    out = _run(tmp_path, "elapsed-stop.yaml", "2026-11-17", "2026-12-02")
    assert "STOPPED follow up by phone or by email" in out
    ended = "ended 2026-12-01, 2 weeks after the interview on 2026-11-17: the advice is to move on"
    assert out.count(ended) == 2  # run's reason, and the explanation
    assert "OVERDUE" not in out


def test_a_running_chase_says_when_it_ends(tmp_path: Path) -> None:
    out = _run(tmp_path, "elapsed-stop.yaml", "2026-11-17", "2026-11-20")
    assert "the chase ends 2026-12-01, 2 weeks after the interview on 2026-11-17" in out


def test_same_weekday_explains_a_holiday(tmp_path: Path) -> None:
    out = _run(tmp_path, "same-weekday.yaml", "2026-11-19", "2026-11-20")
    assert (
        "aligned to Thursday, the weekday of the interview on 2026-11-19: Thu 2026-11-26 is "
        "Thanksgiving Day, so Fri 2026-11-27"
    ) in out
    out = _run(tmp_path, "same-weekday.yaml", "2026-11-10", "2026-11-10")
    assert "aligned to Tuesday, the weekday of the interview on 2026-11-10" in out


def test_a_move_on_for_each_recipient_that_names_nobody_is_explained(tmp_path: Path) -> None:
    # `each` on a move_on without a recipient: there is nobody for its explanation to name.
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "pack_format: 2\nname: p\nversion: 1.0.0\ntitle: T\n"
        "source: {author: A, title: T, publication: P}\n"
        "rules:\n  - id: r\n    when: {anchor: application_submitted}\n"
        "    timing: {after: {days: 0}}\n    action: {kind: move_on, each: true}\n"
        "    cite: Move on.\n"
    )
    args = ["run", str(EXAMPLE_TIMELINE), "--pack", str(pack), "--as-of", "2026-11-21"]
    result = invoke([*args, "--explain"])
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert "fired      r: the application submitted on" in result.stdout
