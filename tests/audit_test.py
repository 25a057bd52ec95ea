"""The audit: `followup run` lists the past events a pack advises against, with the quote."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

import hypothesis
import pytest
from cli_support import EXAMPLE_TIMELINE, ROOT, WORKED_EXAMPLE, invoke, run_json
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import (
    Case,
    focus_of,
    load_timeline_doc,
    packs_with_timelines,
    timeline_docs_with_as_of,
)

from engine import evaluate, load_pack, load_timeline
from engine.core.ledger import matches
from engine.core.results import ApplicationReport
from engine.model import Event, Pack, Rule, Timeline
from engine.present.audit_text import finding_text
from engine.vocabulary import CHASE_KINDS

PHONE = "DON’T use the phone. Really, don’t."
HR = "DON’T contact HR. Everyone does that."

HEAD = """\
version: 1
candidate:
  timezone: America/New_York
  holidays: {country: US}
applications:
  - id: acme
    company: Acme Corp
    role: Product Manager
    contacts:
      - {id: dana, name: Dana Whitfield, role: hiring_manager}
      - {id: priya, name: Priya Shah, role: hr}
    events:
      - {date: 2026-11-02, type: application_submitted, channel: online_form}
"""
# Interviewed on Tuesday 2026-11-17, decision promised for Friday 2026-11-20: the first email
# is due on Wednesday 2026-11-25 (3rd business day), the second a week after the first.
INTERVIEWED = """\
      - {date: 2026-11-17, type: interview, round: 1, with: dana, channel: in_person}
      - {date: 2026-11-17, type: decision_expected, by: 2026-11-20, with: dana}
"""
TWO_EMAILS = """\
      - {date: 2026-11-25, type: follow_up_sent, channel: email, with: dana}
      - {date: 2026-12-02, type: follow_up_sent, channel: email, with: dana}
"""


def _timeline(tmp_path: Path, *events: str) -> Path:
    path = tmp_path / "timeline.yaml"
    path.write_text(HEAD + "".join(events), encoding="utf-8")
    return path


def _audit(tmp_path: Path, as_of: str, *events: str, pack: str = "clue-wagon") -> list[Any]:
    report = run_json(_timeline(tmp_path, *events), pack, as_of)
    (app,) = report["applications"]
    findings: list[Any] = app["audit"]
    return findings


def _ev(date: str, channel: str, who: str = "dana", kind: str = "follow_up_sent") -> str:
    return f"      - {{date: {date}, type: {kind}, channel: {channel}, with: {who}}}\n"


def test_a_phone_call_under_never_phone(tmp_path: Path) -> None:
    findings = _audit(tmp_path, "2026-11-30", INTERVIEWED, _ev("2026-11-25", "phone"))
    (f,) = findings
    assert (f["date"], f["event"], f["rule_or_prohibition"], f["cite"]) == (
        "2026-11-25",
        "follow_up_sent",
        "never-phone",
        PHONE,
    )
    assert f["what"].startswith(
        "a follow-up by phone to Dana Whitfield (hiring manager); the pack says never use phone or "
        "voicemail, except for an attempt of final-call while it is pending, which this was not"
    )


def test_a_voicemail_thank_you_under_never_phone(tmp_path: Path) -> None:
    findings = _audit(
        tmp_path, "2026-11-30", INTERVIEWED, _ev("2026-11-18", "voicemail", kind="thank_you_sent")
    )
    assert [(f["event"], f["rule_or_prohibition"]) for f in findings] == [
        ("thank_you_sent", "never-phone")
    ]


def test_the_excepted_final_call_is_not_flagged(tmp_path: Path) -> None:
    # Two unanswered emails, then the one optional call, 5 business days after the second.
    assert _audit(tmp_path, "2026-12-10", INTERVIEWED, TWO_EMAILS, _ev("2026-12-09", "phone")) == []
    # ... by voicemail too (final-call's fulfilled_by), and even earlier than its window:
    findings = _audit(
        tmp_path, "2026-12-10", INTERVIEWED, TWO_EMAILS, _ev("2026-12-03", "voicemail")
    )
    assert [f["rule_or_prohibition"] for f in findings] == ["final-call"]  # too soon, not phone
    assert "sent 6 days before its window opened on 2026-12-09" in findings[0]["what"]


def test_a_final_call_before_the_two_emails_is_flagged(tmp_path: Path) -> None:
    findings = _audit(
        tmp_path, "2026-12-10", INTERVIEWED, _ev("2026-11-25", "email"), _ev("2026-12-02", "phone")
    )
    assert [f["rule_or_prohibition"] for f in findings] == ["never-phone"]


def test_a_second_final_call_is_flagged(tmp_path: Path) -> None:
    findings = _audit(
        tmp_path,
        "2026-12-20",
        INTERVIEWED,
        TWO_EMAILS,
        _ev("2026-12-09", "phone"),
        _ev("2026-12-16", "phone"),
    )
    assert [(f["date"], f["rule_or_prohibition"]) for f in findings] == [
        ("2026-12-16", "never-phone"),  # no longer final-call's attempt: it has had its one
        ("2026-12-16", "final-call"),  # and beyond its limit of one
    ]
    assert (
        "attempt 2 after the decision date 2026-11-20 stated on 2026-11-17, beyond "
        "final-call's limit of 1" in findings[1]["what"]
    )


def test_contacting_hr_under_never_hr(tmp_path: Path) -> None:
    findings = _audit(tmp_path, "2026-11-30", INTERVIEWED, _ev("2026-11-25", "email", "priya"))
    (f,) = findings
    assert (f["date"], f["rule_or_prohibition"], f["cite"]) == ("2026-11-25", "never-hr", HR)
    assert f["what"] == "a follow-up by email to Priya Shah (HR); the pack says never contact HR"


def test_a_third_post_interview_email_is_beyond_the_limit(tmp_path: Path) -> None:
    findings = _audit(tmp_path, "2026-12-10", INTERVIEWED, TWO_EMAILS, _ev("2026-12-09", "email"))
    (f,) = findings
    assert (f["date"], f["rule_or_prohibition"]) == ("2026-12-09", "post-interview-email")
    assert f["what"] == (
        "a follow-up by email to Dana Whitfield (hiring manager), attempt 3 after the decision "
        "date 2026-11-20 stated on 2026-11-17, beyond post-interview-email's limit of 2"
    )
    assert f["cite"].startswith("If you’ve actually had an interview, email just once")


def test_a_second_resume_follow_up_is_beyond_the_limit(tmp_path: Path) -> None:
    findings = _audit(
        tmp_path, "2026-11-30", _ev("2026-11-09", "email"), _ev("2026-11-16", "email")
    )
    assert [(f["date"], f["rule_or_prohibition"]) for f in findings] == [
        ("2026-11-16", "resume-follow-up")
    ]


def test_a_follow_up_sooner_than_the_minimum_wait(tmp_path: Path) -> None:
    # Applied Monday 2026-11-02: the one email is due 5 business days later, Monday 2026-11-09.
    findings = _audit(tmp_path, "2026-11-30", _ev("2026-11-04", "email"))
    (f,) = findings
    assert (f["date"], f["rule_or_prohibition"]) == ("2026-11-04", "resume-follow-up")
    assert f["what"] == (
        "a follow-up by email to Dana Whitfield (hiring manager), attempt 1 of resume-follow-up, "
        "sent 5 days before its window opened on 2026-11-09 (5 business days after the "
        "application submitted on 2026-11-02)"
    )


def test_a_second_email_sooner_than_the_repeat_interval(tmp_path: Path) -> None:
    findings = _audit(
        tmp_path, "2026-12-10", INTERVIEWED, _ev("2026-11-25", "email"), _ev("2026-11-30", "email")
    )
    (f,) = findings
    assert (f["date"], f["rule_or_prohibition"]) == ("2026-11-30", "post-interview-email")
    assert (
        "attempt 2 of post-interview-email, sent 2 days before its window opened on "
        "2026-12-02 (7 days after the previous attempt on 2026-11-25)" in f["what"]
    )


def test_the_minimum_wait_counts_business_days(tmp_path: Path) -> None:
    # The example's Hooli email went out on Veterans Day, which the 3 business days skip.
    report = run_json(EXAMPLE_TIMELINE, "clue-wagon", "2026-11-21")
    findings = {a["id"]: a["audit"] for a in report["applications"]}
    assert [f["date"] for f in findings.pop("hooli-eng")] == ["2026-11-11"]
    assert all(f == [] for f in findings.values())


def test_a_window_moved_off_a_holiday_says_so() -> None:
    # 1 week after Wednesday 2026-11-04 is Veterans Day: the window opens on Thursday.
    report = run_json(EXAMPLE_TIMELINE, "wise-job-search", "2026-11-21")
    (hooli,) = [a for a in report["applications"] if a["id"] == "hooli-eng"]
    (f,) = hooli["audit"]
    assert (f["date"], f["rule_or_prohibition"]) == ("2026-11-11", "keep-following-up")
    assert f["what"].endswith(
        "sent 1 day before its window opened on 2026-11-12 (1 week after the interview on "
        "2026-11-04; 2026-11-11 is Veterans Day, so the window opens on the next business day)"
    )


def test_a_clean_timeline_has_no_findings(tmp_path: Path) -> None:
    events = (INTERVIEWED, TWO_EMAILS, _ev("2026-12-09", "voicemail"))
    timeline = _timeline(tmp_path, *events)
    report = run_json(timeline, "clue-wagon", "2026-12-20")
    assert [a["audit"] for a in report["applications"]] == [[]]
    table = invoke(["run", str(timeline), "--pack", "clue-wagon", "--as-of", "2026-12-20"])
    assert table.exit_code == 0 and "Audit" not in table.stdout
    worked = run_json(WORKED_EXAMPLE, "clue-wagon", "2026-11-21")
    assert [a["audit"] for a in worked["applications"]] == [[]]


@pytest.mark.parametrize(
    "pack", ["3x3-networking", "career-pivot", "mason-group", "wise-job-search"]
)
def test_every_builtin_pack_reports_an_audit(pack: str) -> None:
    report = run_json(EXAMPLE_TIMELINE, pack, "2026-11-21")  # validates against the schema
    assert all(isinstance(a["audit"], list) for a in report["applications"])


def test_the_table_has_an_audit_section(tmp_path: Path) -> None:
    timeline = _timeline(tmp_path, INTERVIEWED, _ev("2026-11-25", "phone", "priya"))
    result = invoke(["run", str(timeline), "--pack", "clue-wagon", "--as-of", "2026-11-30"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    at = lines.index("  Audit: past events this pack advises against")
    assert lines[at - 1].startswith(" " * 14)  # after the recommendations
    section = "\n".join(lines[at + 1 :])
    assert section.startswith(
        "    Wed 2026-11-25  a follow-up by phone to Priya Shah (HR); the pack"
    )
    assert "[never-phone]" in section and "[never-hr]" in section
    assert f'source: "{PHONE}"' in section and f'source: "{HR}"' in section
    assert max(len(line) for line in lines[at:]) <= 100


def test_audit_is_a_pure_function(tmp_path: Path) -> None:
    timeline = load_timeline(str(_timeline(tmp_path, INTERVIEWED, _ev("2026-11-25", "phone"))))
    pack = load_pack("clue-wagon")
    as_of = dt.date(2026, 11, 30)
    findings = list(evaluate(pack, timeline, as_of).audit)
    assert [f[:6] for f in findings] == [
        (
            "acme",
            dt.date(2026, 11, 25),
            "follow_up_sent",
            "banned",
            "never-phone",
            PHONE,
        )
    ]
    assert findings[0].banned is not None and findings[0].banned.channels == ("phone", "voicemail")
    assert evaluate(pack, timeline, as_of).audit == tuple(findings)
    # Events after as_of are not judged.
    assert evaluate(pack, timeline, dt.date(2026, 11, 24)).audit == ()


def test_a_rejection_settles_the_chase(tmp_path: Path) -> None:
    # After a rejection, a further email is not "beyond the limit": the rule is suppressed.
    findings = _audit(
        tmp_path,
        "2026-12-20",
        INTERVIEWED,
        TWO_EMAILS,
        "      - {date: 2026-12-03, type: rejection, channel: email, with: dana}\n",
        _ev("2026-12-09", "email"),
    )
    assert findings == []


def test_the_documented_audit_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text = (ROOT / "docs" / "packs.md").read_text(encoding="utf-8")
    section = text[text.index("## Audit: past events the pack advises against") :]
    (block,) = re.findall(r"```text\n(.*?)```", section.split("\n## ")[0], re.S)
    command, *lines = block.splitlines()
    result = invoke(command.split()[2:])
    assert result.exit_code == 0, result.stderr
    out = result.stdout.splitlines()
    at = 0
    for line in lines:  # in order: the docs trim, never reword
        at = out.index(line, at) + 1


def _expected_chase_findings(
    pack: Pack, timeline: Timeline, unsure: set[tuple[Any, ...]]
) -> Counter[tuple[Any, ...]]:
    """The chase findings the engine's own reports imply: before each attempt of a chase rule,
    evaluate the application as it stood (its earlier events, as of that day); a pending
    recommendation whose window opens later means "too soon", a rule done at its limit means
    "beyond the limit"."""
    out: Counter[tuple[Any, ...]] = Counter()
    chases = [r for r in pack.rules if r.action.kind in CHASE_KINDS]
    for app in timeline.applications:
        for ev in app.events:
            prefix = tuple(e for e in app.events if (e.date, e.seq) < (ev.date, ev.seq))
            before: Timeline | None = None
            contact = app.contact(ev.contact) if ev.contact else None
            for rule in chases:
                if not matches(rule.action.fulfilled_by, ev, contact.role if contact else ""):
                    continue
                if before is None:
                    apps = (app._replace(events=prefix),)
                    before = timeline._replace(applications=apps)
                (result,) = evaluate(pack, before, ev.date).applications
                recs = [r for r in result.recommendations if r.rule == rule.id]
                if not recs:
                    continue
                latest = max(r.anchor_date for r in recs)
                tied = [r for r in recs if r.anchor_date == latest]
                if len(tied) > 1:  # every_anchor, two anchors on one day: which is later?
                    unsure.add((app.id, ev.date, rule.id))
                    continue
                rec = tied[0]
                named = {r.contact_id for r in rec.recipients if r.contact_id}
                if rule.action.match_recipient and ev.contacts and not named & set(ev.contacts):
                    # To someone the rule may not count (engine/core/recipients.py decides):
                    # then it is not the rule's attempt, too soon or not.
                    unsure.add((app.id, ev.date, rule.id))
                    continue
                if rec.settled == "limit":
                    kind = "beyond"
                elif rec.window_start is not None and ev.date < rec.window_start:
                    kind = "soon"
                else:
                    continue
                taken = _taken_by_another(pack, rule, ev, contact.role if contact else "", result)
                if taken is None:
                    unsure.add((app.id, ev.date, rule.id))
                elif not taken:
                    out[(app.id, ev.date, rule.id, kind)] += 1
    return out


def _taken_by_another(
    pack: Pack, rule: Rule, ev: Event, role: str, before: ApplicationReport
) -> bool | None:
    """Whether another rule of the pack was pending for the event just before it (then it was
    that rule's attempt, not a finding of `rule`); None when this model cannot tell (who the
    other rule counts is decided by recipients, or two of its anchors fall on one day)."""
    for other in pack.rules:
        if other is rule or not matches(other.action.fulfilled_by, ev, role):
            continue
        recs = [r for r in before.recommendations if r.rule == other.id]
        if not recs:
            continue
        latest = max(r.anchor_date for r in recs)
        tied = [r for r in recs if r.anchor_date == latest]
        if len(tied) > 1 or other.action.match_recipient or other.action.steps:
            return None
        if tied[0].settled is None:
            return True
    return False


def _builtin_case(name: str) -> st.SearchStrategy[tuple[Pack, Case]]:
    pack = load_pack(name)
    return st.tuples(st.just(pack), timeline_docs_with_as_of(focus=focus_of(pack)))


@settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    st.one_of(
        packs_with_timelines(1).map(lambda c: (c[1], c[2][0])),
        _builtin_case("clue-wagon"),
        _builtin_case("mason-group"),
    )
)
def test_audit_agrees_with_the_engine_on_random_timelines(case: tuple[Pack, Case]) -> None:
    pack, (doc, as_of) = case
    timeline = load_timeline_doc(doc)
    findings = evaluate(pack, timeline, as_of).audit
    limits = {lim.id for lim in pack.limits}  # their findings: tests/limits_test.py, the oracle
    ids = {p.id for p in pack.prohibitions} | limits
    ids |= {r.id for r in pack.rules if r.action.kind in CHASE_KINDS}
    order = [a.id for a in timeline.applications]
    assert [order.index(f.application) for f in findings] == sorted(
        order.index(f.application) for f in findings
    )
    for f in findings:
        assert f.rule_or_prohibition in ids
        assert f.date <= as_of and finding_text(f)
    # Every chase finding, and only those, is what the engine said just before the event.
    chase = Counter(
        (
            f.application,
            f.date,
            f.rule_or_prohibition,
            "beyond" if f.kind == "beyond_limit" else "soon",
        )
        for f in findings
        if f.rule_or_prohibition not in {p.id for p in pack.prohibitions} | limits
    )
    in_range = timeline._replace(
        applications=tuple(
            a._replace(events=tuple(e for e in a.events if e.date <= as_of))
            for a in timeline.applications
        ),
    )
    unsure: set[tuple[Any, ...]] = set()
    expected = _expected_chase_findings(pack, in_range, unsure)
    for kind in ("soon", "beyond"):
        hypothesis.event(f"{kind}: {sum(n for k, n in expected.items() if k[3] == kind) > 0}")
    assert +Counter({k: n for k, n in chase.items() if k[:3] not in unsure}) == +Counter(
        {k: n for k, n in expected.items() if k[:3] not in unsure}
    )


def test_an_attempt_after_a_chase_has_ended_is_not_judged(tmp_path: Path) -> None:
    """repeat.for: once the chase's time is up nothing more is asked, so a later email is not
    "too soon" for an attempt the rule no longer wants (without `for`, it is)."""
    text = (ROOT / "tests/example-files/positive/packs/elapsed-stop.yaml").read_text("utf-8")
    events = [("2026-11-17", "interview"), ("2026-11-24", "follow_up_sent"),
              ("2026-12-01", "follow_up_sent"), ("2026-12-03", "call")]  # fmt: skip
    # (a call, not an email: the final email, due from 12-02, would take an email as its own)
    lines = "".join(
        f"      - {{date: {d}, type: {t}, with: hm}}\n" if t == "interview"
        else f"      - {{date: {d}, type: follow_up_sent, with: hm, channel: "
        f"{'phone' if t == 'call' else 'email'}}}\n"
        for d, t in events
    )
    path = tmp_path / "timeline.yaml"
    path.write_text(
        "version: 1\ncandidate: {timezone: America/New_York, holidays: {country: US}}\n"
        "applications:\n  - id: acme\n    company: Acme\n    role: PM\n"
        "    contacts: [{id: hm, name: Dana Whitfield, role: hiring_manager}]\n"
        f"    events:\n{lines}",
        encoding="utf-8",
    )
    found = {}
    for name, pack_text in (("ends", text), ("endless", text.replace(", for: {weeks: 2}", ""))):
        (tmp_path / f"{name}.yaml").write_text(pack_text, encoding="utf-8")
        pack = load_pack(str(tmp_path / f"{name}.yaml"))
        audit = evaluate(pack, load_timeline(path), dt.date(2026, 12, 4)).audit
        found[name] = [(f.date, f.kind) for f in audit if f.rule_or_prohibition == "chase-weekly"]
    assert found == {"ends": [], "endless": [(dt.date(2026, 12, 3), "too_soon")]}
