"""`followup test`: pack test cases, their diffs, rule coverage and the text/JSON/JUnit reports.

Every pack here is written into tmp_path: the built-in packs' own `tests:` sections are being
written separately, so only `followup test` without arguments touches them (and only checks
that each built-in pack is listed).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from cli_support import assert_one_error_line, invoke
from click.testing import Result

from engine.analysis.packtests import Expectation
from engine.errors import Location
from engine.load.packs import builtin_paths
from engine.outcomes import Recipient, Recommendation

# Two rules. Monday 2026-11-02 + 3 business days is Thursday 2026-11-05 (US and GB alike);
# hr-check is due the day after the stated decision date, moved off the weekend.
PACK_HEAD = """\
pack_format: 1
name: {name}
version: 0.1.0
title: Probe pack
source:
  author: Test Author
  title: Test article
  publication: test notes
rules:
  - id: nudge
    when:
      anchor: application_submitted
      unless: [interview]
    timing:
      after: {{business_days: 3}}
    stop_when: [reply_received]
    action:
      kind: follow_up
      channel: email
      recipient: hiring_manager
    cite: "Follow up three business days after applying."
  - id: hr-check
    when:
      anchor: decision_expected
      requires:
        - {{event: interview, before: true}}
    timing:
      from: stated_date
      after: {{days: 1}}
    action:
      kind: check_in
      channel: email
      recipient: hr
    cite: "Check in with HR the day after the decision date."
"""


def write_pack(tmp_path: Path, tests: str | None, *, name: str = "probe") -> Path:
    """A pack file named after the pack; `tests` is the tests list, its items at column 0."""
    text = PACK_HEAD.format(name=name)
    if tests is not None:
        text += "tests:\n" + textwrap.indent(textwrap.dedent(tests), "  ")
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def case(
    name: str,
    as_of: str,
    events: list[str],
    *,
    expect: tuple[str, ...] = (),
    absent: tuple[str, ...] = (),
) -> str:
    """One test case as YAML at column 0; events and expectations in YAML flow style."""
    text = f'- name: {name}\n  as_of: "{as_of}"\n  events:\n'
    text += "".join(f"    - {e}\n" for e in events)
    for key, items in (("expect", expect), ("absent", absent)):
        if items:
            text += f"  {key}:\n" + "".join(f"    - {i}\n" for i in items)
    return text


APPLIED = "{date: 2026-11-02, type: application_submitted}"

NUDGE_DUE = case(
    "nudge is due on the third business day",
    "2026-11-05",
    [APPLIED],
    expect=('{rule: nudge, status: due, due: "2026-11-05", channel: email, attempt: 1}',),
)


def position(path: Path, needle: str) -> tuple[int, int]:
    """1-based line and column of the only occurrence of `needle` in the file."""
    hits = [
        (number, line.index(needle) + 1)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if needle in line
    ]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def run_test(*args: str) -> Result:
    result = invoke(["test", *args])
    assert "Traceback" not in result.stdout + result.stderr
    return result


def coverage_line(stdout: str, rule: str) -> str:
    lines = [
        line for line in stdout.splitlines() if re.match(rf"^ {{4}}{re.escape(rule)} +\+", line)
    ]
    assert len(lines) == 1, stdout
    return lines[0]


# --- passing and failing cases -----------------------------------------------------------------


def test_a_passing_case_prints_pass_and_the_summary(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, NUDGE_DUE)
    result = run_test(str(pack))
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == f"probe@0.1.0 ({pack})"
    assert "  PASS  nudge is due on the third business day" in lines
    assert not any("FAIL" in line for line in lines)
    assert lines[-1] == "1 passed, 0 failed"


def test_several_passing_cases_are_counted(tmp_path: Path) -> None:
    tests = NUDGE_DUE + textwrap.dedent(
        """\
        - name: upcoming the day before
          as_of: "2026-11-04"
          events:
            - {date: 2026-11-02, type: application_submitted}
          expect:
            - {rule: nudge, status: upcoming, window_start: "2026-11-05", window_end: "2026-11-05"}
        - name: overdue the day after
          as_of: "2026-11-06"
          events:
            - {date: 2026-11-02, type: application_submitted}
          expect:
            - {rule: nudge, status: overdue, kind: follow_up, optional: false}
        """
    )
    result = run_test(str(write_pack(tmp_path, tests)))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.count("  PASS  ") == 3
    assert result.stdout.splitlines()[-1] == "3 passed, 0 failed"


def test_unquoted_yaml_dates_work_in_as_of_and_expectations(tmp_path: Path) -> None:
    tests = """\
    - name: unquoted
      as_of: 2026-11-05
      events:
        - {date: 2026-11-02, type: application_submitted}
      expect:
        - {rule: nudge, due: 2026-11-05}
    """
    result = run_test(str(write_pack(tmp_path, tests)))
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "  PASS  unquoted" in result.stdout.splitlines()


def test_a_failing_expectation_shows_where_what_was_expected_and_what_came(
    tmp_path: Path,
) -> None:
    tests = """\
    - name: wrong status
      as_of: "2026-11-05"
      events:
        - {date: 2026-11-02, type: application_submitted}
      expect:
        - {rule: nudge, status: overdue}
    """
    pack = write_pack(tmp_path, tests)
    line, col = position(pack, "{rule: nudge, status: overdue}")
    result = run_test(str(pack))
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert "  FAIL  wrong status" in lines
    at = lines.index("  FAIL  wrong status")
    assert (
        lines[at + 1].strip() == f"{pack}:{line}:{col}: expected {{rule: nudge, status: overdue}}"
    )
    got = lines[at + 2].strip()
    assert got.startswith("got: nudge (due")
    assert "2026-11-05" in got
    assert "follow_up email to hiring_manager" in got
    assert "attempt 1" in got
    assert lines[-1] == "0 passed, 1 failed"


def test_a_failing_expectation_with_nothing_recommended_says_so(tmp_path: Path) -> None:
    tests = """\
    - name: nothing at all
      as_of: "2026-11-05"
      events:
        - {date: 2026-11-02, type: interview, with: hm}
      expect:
        - {rule: hr-check}
    """
    result = run_test(str(write_pack(tmp_path, tests)))
    assert result.exit_code == 1
    assert "got: no recommendations" in result.stdout


def test_one_failure_among_passes_fails_the_run(tmp_path: Path) -> None:
    tests = NUDGE_DUE + textwrap.dedent(
        """\
        - name: wrong status
          as_of: "2026-11-05"
          events:
            - {date: 2026-11-02, type: application_submitted}
          expect:
            - {rule: nudge, status: overdue}
        """
    )
    result = run_test(str(write_pack(tmp_path, tests)))
    assert result.exit_code == 1
    assert "  PASS  nudge is due on the third business day" in result.stdout
    assert "  FAIL  wrong status" in result.stdout
    assert result.stdout.splitlines()[-1] == "1 passed, 1 failed"


def test_a_failing_absent_exits_1_and_shows_the_offending_recommendation(
    tmp_path: Path,
) -> None:
    tests = """\
    - name: nudge must not be there
      as_of: "2026-11-05"
      events:
        - {date: 2026-11-02, type: application_submitted}
      absent:
        - {rule: nudge}
    """
    pack = write_pack(tmp_path, tests)
    line, col = position(pack, "{rule: nudge}")
    result = run_test(str(pack))
    assert result.exit_code == 1, result.stdout
    lines = [x.strip() for x in result.stdout.splitlines()]
    assert "FAIL  nudge must not be there" in lines
    assert f"{pack}:{line}:{col}: expected no {{rule: nudge}}" in lines
    assert any(x.startswith("got: nudge (due") for x in lines), result.stdout


REPLIED = [APPLIED, "{date: 2026-11-03, type: reply_received, with: hm}"]
REJECTED = [APPLIED, "{date: 2026-11-03, type: rejection, with: hr}"]


@pytest.mark.parametrize(
    ("events", "status"),
    [
        pytest.param(REPLIED, "done", id="done"),
        pytest.param(REJECTED, "suppressed", id="suppressed"),
    ],
)
def test_absent_without_status_ignores_settled_recommendations_and_with_status_checks_them(
    tmp_path: Path, events: list[str], status: str
) -> None:
    settled = f"{{rule: nudge, status: {status}}}"
    tests = case(
        "settled",
        "2026-11-10",
        events,
        expect=(settled,),
        absent=("{rule: nudge}", "{rule: nudge, status: due}"),
    ) + case("named status", "2026-11-10", events, absent=(settled,))
    result = run_test(str(write_pack(tmp_path, tests)))
    assert result.exit_code == 1, result.stdout
    assert "  PASS  settled" in result.stdout.splitlines()
    assert "  FAIL  named status" in result.stdout.splitlines()
    assert f"expected no {{rule: nudge, status: {status}}}" in result.stdout
    assert f"got: nudge ({status}" in result.stdout
    assert result.stdout.splitlines()[-1] == "1 passed, 1 failed"


# --- default contacts, recipients and holidays ---------------------------------------------------


def test_default_contacts_exist_and_recipient_hr_matches(tmp_path: Path) -> None:
    tests = """\
    - name: hr check-in after an interview with the hiring manager
      as_of: "2026-11-09"
      events:
        - {date: 2026-11-02, type: interview, with: hm}
        - {date: 2026-11-03, type: introduction_call, with: rec}
        - {date: 2026-11-03, type: decision_expected, by: 2026-11-06, with: hr}
      expect:
        - {rule: hr-check, recipient: hr, kind: check_in, status: due, due: "2026-11-09"}
      absent:
        - {rule: hr-check, status: done}
        - {rule: nudge}
    """
    result = run_test(str(write_pack(tmp_path, tests)))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "1 passed, 0 failed"


@pytest.mark.parametrize("key", ["expect", "absent"])
def test_a_recipient_the_rule_never_has_is_refused_at_its_line(tmp_path: Path, key: str) -> None:
    # hr-check goes to HR only: an entry asking about the recruiter could never match, and as an
    # `absent` it would pass whatever happens, testing nothing.
    tests = f"""\
    - name: hr is not the recruiter
      as_of: "2026-11-09"
      events:
        - {{date: 2026-11-02, type: interview, with: hm}}
        - {{date: 2026-11-03, type: decision_expected, by: 2026-11-06}}
      {key}:
        - {{rule: hr-check, recipient: recruiter}}
    """
    result = run_test(str(write_pack(tmp_path, tests)))
    assert result.exit_code == 2
    assert f"this {key} entry can never match rule 'hr-check' (it goes to hr)" in result.stderr


def test_custom_contacts_replace_the_defaults(tmp_path: Path) -> None:
    tests = """\
    - name: custom contacts
      as_of: "2026-11-05"
      contacts:
        - {id: dana, name: Dana Whitfield, role: hiring_manager}
      events:
        - {date: 2026-11-02, type: application_submitted, with: dana}
      expect:
        - {rule: nudge, recipient: hiring_manager}
    """
    result = run_test(str(write_pack(tmp_path, tests)))
    assert result.exit_code == 0, (result.stdout, result.stderr)


def test_candidate_holidays_change_the_due_date(tmp_path: Path) -> None:
    # Thursday 2026-04-30 + 3 business days: Tuesday 2026-05-05 in the US, but Monday
    # 2026-05-04 is the Early May bank holiday in the UK, so Wednesday 2026-05-06 there.
    tests = """\
    - name: us by default
      as_of: "2026-05-01"
      events:
        - {date: 2026-04-30, type: application_submitted}
      expect:
        - {rule: nudge, due: "2026-05-05"}
    - name: gb
      as_of: "2026-05-01"
      candidate: {timezone: Europe/London, holidays: {country: GB}}
      events:
        - {date: 2026-04-30, type: application_submitted}
      expect:
        - {rule: nudge, due: "2026-05-06"}
      absent:
        - {rule: nudge, due: "2026-05-05"}
    """
    result = run_test(str(write_pack(tmp_path, tests)))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "2 passed, 0 failed"


def test_the_gb_due_date_fails_under_the_default_us_candidate(tmp_path: Path) -> None:
    tests = """\
    - name: us
      as_of: "2026-05-01"
      events:
        - {date: 2026-04-30, type: application_submitted}
      expect:
        - {rule: nudge, due: "2026-05-06"}
    """
    result = run_test(str(write_pack(tmp_path, tests)))
    assert result.exit_code == 1
    assert "2026-05-05" in result.stdout


def test_a_candidate_with_only_holidays_keeps_the_default_timezone(tmp_path: Path) -> None:
    tests = """\
    - name: gb without timezone
      as_of: "2026-05-01"
      candidate: {holidays: {country: GB}}
      events:
        - {date: 2026-04-30, type: application_submitted}
      expect:
        - {rule: nudge, due: "2026-05-06"}
    """
    result = run_test(str(write_pack(tmp_path, tests)))
    assert result.exit_code == 0, (result.stdout, result.stderr)


# --- coverage and --require-tests ---------------------------------------------------------------

# nudge: one positive, one negative case; hr-check: one negative case only.
PARTLY_COVERED = NUDGE_DUE + textwrap.dedent(
    """\
    - name: a reply ends the nudge
      as_of: "2026-11-05"
      events:
        - {date: 2026-11-02, type: application_submitted}
        - {date: 2026-11-03, type: reply_received, with: hm}
      absent:
        - {rule: nudge}
        - {rule: hr-check}
    """
)
HR_CHECK_CASE = textwrap.dedent(
    """\
    - name: hr check-in
      as_of: "2026-11-09"
      events:
        - {date: 2026-11-02, type: interview, with: hm}
        - {date: 2026-11-03, type: decision_expected, by: 2026-11-06}
      expect:
        - {rule: hr-check, status: due}
    """
)


def test_coverage_lines_count_positive_and_negative_cases(tmp_path: Path) -> None:
    result = run_test(str(write_pack(tmp_path, PARTLY_COVERED)))
    assert result.exit_code == 0, result.stdout
    assert "  coverage (cases expecting the rule / expecting its absence):" in result.stdout
    assert re.fullmatch(r" {4}nudge +\+1 -1", coverage_line(result.stdout, "nudge"))
    assert re.fullmatch(
        r" {4}hr-check +\+0 -1 +\(uncovered\)", coverage_line(result.stdout, "hr-check")
    )
    # Rules are listed in pack order, and the counts line up.
    lines = result.stdout.splitlines()
    nudge, hr = coverage_line(result.stdout, "nudge"), coverage_line(result.stdout, "hr-check")
    assert lines.index(nudge) + 1 == lines.index(hr)
    assert nudge.index("+") == hr.index("+")


def test_expectations_without_a_rule_do_not_count_as_coverage(tmp_path: Path) -> None:
    tests = """\
    - name: by kind only
      as_of: "2026-11-05"
      events:
        - {date: 2026-11-02, type: application_submitted}
      expect:
        - {kind: follow_up}
      absent:
        - {kind: check_in}
    """
    result = run_test(str(write_pack(tmp_path, tests)))
    assert result.exit_code == 0, result.stdout
    assert "+0 -0" in coverage_line(result.stdout, "nudge")
    assert "+0 -0" in coverage_line(result.stdout, "hr-check")


def test_coverage_counts_cases_not_expectations(tmp_path: Path) -> None:
    tests = """\
    - name: two expectations of one rule
      as_of: "2026-11-05"
      events:
        - {date: 2026-11-02, type: application_submitted}
      expect:
        - {rule: nudge}
        - {rule: nudge, status: due}
    """
    result = run_test(str(write_pack(tmp_path, tests)))
    assert "+1 -0" in coverage_line(result.stdout, "nudge")


def test_require_tests_fails_when_a_rule_lacks_a_positive_or_negative_case(
    tmp_path: Path,
) -> None:
    pack = str(write_pack(tmp_path, PARTLY_COVERED))
    assert run_test(pack).exit_code == 0  # without the flag, gaps are only shown
    result = run_test(pack, "--require-tests")
    assert result.exit_code == 1, result.stdout
    assert "FAIL" not in result.stdout
    assert coverage_line(result.stdout, "hr-check").endswith("<- not covered")
    assert "not covered" not in coverage_line(result.stdout, "nudge")
    assert result.stdout.splitlines()[-1] == "2 passed, 0 failed; 1 rule coverage gaps"


def test_require_tests_fails_on_a_missing_negative_case(tmp_path: Path) -> None:
    tests = NUDGE_DUE + HR_CHECK_CASE
    tests += case("no hr-check", "2026-11-05", [APPLIED], absent=("{rule: hr-check}",))
    result = run_test(str(write_pack(tmp_path, tests)), "--require-tests")
    assert result.exit_code == 1, result.stdout
    assert re.fullmatch(r" {4}nudge +\+1 -0 +<- not covered", coverage_line(result.stdout, "nudge"))
    assert result.stdout.splitlines()[-1] == "3 passed, 0 failed; 1 rule coverage gaps"


def test_require_tests_passes_when_every_rule_is_covered(tmp_path: Path) -> None:
    pack = str(write_pack(tmp_path, PARTLY_COVERED + HR_CHECK_CASE))
    result = run_test(pack, "--require-tests")
    assert result.exit_code == 0, result.stdout
    assert "not covered" not in result.stdout
    assert "(uncovered)" not in result.stdout
    assert result.stdout.splitlines()[-1] == "3 passed, 0 failed; 0 rule coverage gaps"


def test_a_pack_without_tests_says_no_test_cases(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, None)
    result = run_test(str(pack))
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[:2] == [f"probe@0.1.0 ({pack})", "  no test cases"]
    assert "(uncovered)" in coverage_line(result.stdout, "nudge")
    assert lines[-1] == "0 passed, 0 failed"
    required = run_test(str(pack), "--require-tests")
    assert required.exit_code == 1
    assert required.stdout.splitlines()[-1] == "0 passed, 0 failed; 4 rule coverage gaps"


# --- several packs, names, built-ins -------------------------------------------------------------


def test_several_packs_are_reported_in_order_with_one_summary(tmp_path: Path) -> None:
    first = write_pack(tmp_path, NUDGE_DUE, name="first")
    second = write_pack(tmp_path, None, name="second")
    result = run_test(str(first), str(second))
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines.index(f"first@0.1.0 ({first})") < lines.index(f"second@0.1.0 ({second})")
    assert lines.count("1 passed, 0 failed") == 1
    assert lines[-1] == "1 passed, 0 failed"


def test_a_pack_is_found_by_name_on_the_pack_path(tmp_path: Path) -> None:
    write_pack(tmp_path, NUDGE_DUE, name="mine")
    result = run_test("mine", "--pack-path", str(tmp_path))
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stdout.splitlines()[0].startswith("mine@0.1.0 (")


def test_without_arguments_every_builtin_pack_is_run() -> None:
    result = run_test()
    # The built-in packs' own cases are being written elsewhere: only the shape is checked here.
    assert result.exit_code in (0, 1), (result.stdout, result.stderr)
    assert result.stderr == ""
    heads = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    names = sorted(builtin_paths())
    assert len(names) >= 2
    for name in names:
        assert sum(line.startswith(f"{name}@") for line in heads) == 1, result.stdout
    assert re.fullmatch(r"[0-9]+ passed, [0-9]+ failed", heads[-1])


def test_an_unknown_pack_name_is_a_usage_error() -> None:
    result = invoke(["test", "no-such-pack"])
    assert result.exit_code == 2
    assert "Error: Invalid value for 'PACKS': no pack named 'no-such-pack'" in result.stderr


# --- broken test cases point into the pack file -------------------------------------------------


@pytest.mark.parametrize(
    ("event", "needle", "message"),
    [
        pytest.param(
            "{date: 2026-02-30, type: application_submitted}",
            "2026-02-30",
            "'2026-02-30' is not a real date",
            id="bad-date",
        ),
        pytest.param(
            "{date: 2026-11-03, type: interveiw}",
            "interveiw",
            "did you mean 'interview'?",
            id="unknown-event-type",
        ),
        pytest.param(
            "{date: 2026-11-03, type: interview, with: ghost}",
            "ghost",
            "unknown contact 'ghost'",
            id="unknown-contact",
        ),
        pytest.param(
            "{date: 2026-11-03, type: decision_expected}",
            "{date: 2026-11-03, type: decision_expected}",
            "missing required key 'by'",
            id="missing-by",
        ),
        pytest.param(
            "{date: 2026-11-03, type: interview, chanel: email}",
            "chanel",
            "did you mean 'channel'?",
            id="unknown-key",
        ),
    ],
)
def test_an_invalid_event_in_a_case_is_an_error_at_its_line_in_the_pack(
    tmp_path: Path, event: str, needle: str, message: str
) -> None:
    tests = NUDGE_DUE + case("broken", "2026-11-05", [APPLIED, event])
    pack = write_pack(tmp_path, tests)
    line, col = position(pack, needle)
    match = assert_one_error_line(run_test(str(pack)))
    assert match["path"] == str(pack)
    assert (int(match["line"]), int(match["col"])) == (line, col)
    assert message in match["message"]


def test_an_unknown_contact_in_a_case_with_its_own_contacts_points_into_the_pack(
    tmp_path: Path,
) -> None:
    tests = """\
    - name: own contacts, default id used
      as_of: "2026-11-05"
      contacts:
        - {id: dana, name: Dana, role: hiring_manager}
      events:
        - {date: 2026-11-02, type: application_submitted, with: hm}
    """
    pack = write_pack(tmp_path, tests)
    line, _ = position(pack, "with: hm}")
    match = assert_one_error_line(run_test(str(pack)))
    assert int(match["line"]) == line
    assert "unknown contact 'hm'" in match["message"]


def test_a_case_without_events_is_a_schema_error_at_the_case(tmp_path: Path) -> None:
    tests = '- name: no events\n  as_of: "2026-11-05"\n'
    pack = write_pack(tmp_path, tests)
    line, _ = position(pack, "- name: no events")
    match = assert_one_error_line(run_test(str(pack)))
    assert int(match["line"]) == line
    assert "missing required key 'events'" in match["message"]


def test_a_misspelt_expectation_key_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    tests = NUDGE_DUE.replace("status: due,", "stauts: due,")
    pack = write_pack(tmp_path, tests)
    line, col = position(pack, "stauts")
    match = assert_one_error_line(run_test(str(pack)))
    assert (int(match["line"]), int(match["col"])) == (line, col)
    assert "unknown key 'stauts'; did you mean 'status'?" in match["message"]


def test_an_expectation_naming_an_unknown_rule_is_a_load_error_with_a_suggestion(
    tmp_path: Path,
) -> None:
    tests = NUDGE_DUE + case("typo", "2026-11-05", [APPLIED], absent=("{rule: hr-chekc}",))
    pack = write_pack(tmp_path, tests)
    line, col = position(pack, "hr-chekc")
    match = assert_one_error_line(run_test(str(pack)))
    assert match["path"] == str(pack)
    assert (int(match["line"]), int(match["col"])) == (line, col)
    assert match["message"] == "no rule 'hr-chekc' in this pack; did you mean 'hr-check'?"


def test_an_unknown_rule_far_from_any_id_has_no_suggestion(tmp_path: Path) -> None:
    tests = NUDGE_DUE.replace("rule: nudge,", "rule: zzzzzz,")
    match = assert_one_error_line(run_test(str(write_pack(tmp_path, tests))))
    assert match["message"] == "no rule 'zzzzzz' in this pack"


def test_a_broken_pack_among_good_ones_is_reported_after_theirs(tmp_path: Path) -> None:
    good = write_pack(tmp_path, NUDGE_DUE, name="good")
    bad = write_pack(tmp_path, NUDGE_DUE.replace("rule: nudge,", "rule: nudg,"), name="bad")
    result = run_test(str(good), str(bad))
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1] == "1 passed, 0 failed"
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{bad}:")


def test_an_impossible_as_of_is_an_error_at_its_line(tmp_path: Path) -> None:
    tests = NUDGE_DUE.replace('as_of: "2026-11-05"', 'as_of: "2026-02-30"')
    pack = write_pack(tmp_path, tests)
    line, _ = position(pack, "2026-02-30")
    match = assert_one_error_line(run_test(str(pack)))
    assert int(match["line"]) == line


# --- JSON and JUnit reports ---------------------------------------------------------------------

MIXED = PARTLY_COVERED + textwrap.dedent(
    """\
    - name: wrong due date
      as_of: "2026-11-05"
      events:
        - {date: 2026-11-02, type: application_submitted}
      expect:
        - {rule: nudge, due: "2026-11-06"}
    """
)


def test_json_report(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, MIXED)
    line, col = position(pack, '{rule: nudge, due: "2026-11-06"}')
    result = run_test(str(pack), "--format", "json")
    assert result.exit_code == 1
    assert result.stderr == ""
    data: list[dict[str, Any]] = json.loads(result.stdout)
    assert len(data) == 1
    report = data[0]
    assert set(report) == {"pack", "version", "path", "cases", "coverage", "uncovered"}
    assert (report["pack"], report["version"], report["path"]) == ("probe", "0.1.0", str(pack))
    assert [(c["name"], c["passed"]) for c in report["cases"]] == [
        ("nudge is due on the third business day", True),
        ("a reply ends the nudge", True),
        ("wrong due date", False),
    ]
    assert report["cases"][0]["failures"] == []
    (failure,) = report["cases"][2]["failures"]
    first, second = failure.splitlines()
    assert first == f"{pack}:{line}:{col}: expected {{rule: nudge, due: 2026-11-06}}"
    assert second.strip().startswith("got: nudge (due")
    assert report["coverage"] == {
        "nudge": {"positive": 2, "negative": 1},
        "hr-check": {"positive": 0, "negative": 1},
    }
    assert report["uncovered"] == ["hr-check (positive)"]


def test_json_report_exit_code_follows_require_tests(tmp_path: Path) -> None:
    pack = str(write_pack(tmp_path, PARTLY_COVERED))
    plain = run_test(pack, "--format", "json")
    assert plain.exit_code == 0
    assert json.loads(plain.stdout)[0]["uncovered"] == ["hr-check (positive)"]
    assert run_test(pack, "--format", "json", "--require-tests").exit_code == 1
    covered = str(write_pack(tmp_path, PARTLY_COVERED + HR_CHECK_CASE, name="covered"))
    result = run_test(covered, "--format", "json", "--require-tests")
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["uncovered"] == []


def test_json_report_for_several_packs(tmp_path: Path) -> None:
    first = write_pack(tmp_path, NUDGE_DUE, name="first")
    second = write_pack(tmp_path, None, name="second")
    data = json.loads(run_test(str(first), str(second), "--format", "json").stdout)
    assert [d["pack"] for d in data] == ["first", "second"]
    assert data[1]["cases"] == []
    assert sorted(data[1]["uncovered"]) == sorted(
        f"{r} ({k})" for r in ("nudge", "hr-check") for k in ("positive", "negative")
    )


def _suites(result: Result) -> list[ET.Element]:
    assert result.stdout.startswith("<?xml")
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    return root.findall("testsuite")


def test_junit_report(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, MIXED)
    result = run_test(str(pack), "--format", "junit")
    assert result.exit_code == 1
    assert result.stderr == ""
    (suite,) = _suites(result)
    assert suite.get("name") == "probe@0.1.0"
    assert (suite.get("tests"), suite.get("failures")) == ("3", "1")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [
        "nudge is due on the third business day",
        "a reply ends the nudge",
        "wrong due date",
    ]
    assert {c.get("classname") for c in cases} == {"probe@0.1.0"}
    assert [c.find("failure") is None for c in cases] == [True, True, False]
    failure = cases[2].find("failure")
    assert failure is not None
    assert failure.get("message", "").startswith(f"{pack}:")
    assert failure.get("message", "").endswith("expected {rule: nudge, due: 2026-11-06}")
    assert "got: nudge (due" in (failure.text or "")
    # Coverage gaps are not test cases unless --require-tests asks for them.
    assert not any((c.get("name") or "").startswith("coverage") for c in cases)


def test_junit_report_turns_coverage_gaps_into_failures_under_require_tests(
    tmp_path: Path,
) -> None:
    pack = write_pack(tmp_path, PARTLY_COVERED)
    result = run_test(str(pack), "--format", "junit", "--require-tests")
    assert result.exit_code == 1
    (suite,) = _suites(result)
    assert (suite.get("tests"), suite.get("failures")) == ("3", "1")
    gaps = [c for c in suite.findall("testcase") if (c.get("name") or "").startswith("coverage")]
    assert [g.get("name") for g in gaps] == ["coverage: hr-check (positive)"]
    failure = gaps[0].find("failure")
    assert failure is not None
    assert "hr-check" in failure.get("message", "")


def test_junit_report_has_one_suite_per_pack(tmp_path: Path) -> None:
    first = write_pack(tmp_path, PARTLY_COVERED + HR_CHECK_CASE, name="first")
    second = write_pack(tmp_path, None, name="second")
    result = run_test(str(first), str(second), "--format", "junit", "--require-tests")
    assert result.exit_code == 1  # the second pack covers nothing
    suites = _suites(result)
    assert [s.get("name") for s in suites] == ["first@0.1.0", "second@0.1.0"]
    assert (suites[0].get("tests"), suites[0].get("failures")) == ("3", "0")
    assert (suites[1].get("tests"), suites[1].get("failures")) == ("4", "4")
    assert all(c.find("failure") is not None for c in suites[1].findall("testcase"))


# --- Expectation.matches -------------------------------------------------------------------------

HERE = Location("pack.yaml", 3, 9)
REC = Recommendation(
    application="case",
    rule="nudge",
    kind="follow_up",
    channels=("email", "phone"),
    recipients=(
        Recipient("hiring_manager", "hm", "Harriet Manager"),
        Recipient("hr", "hr", "Hugo Resources"),
    ),
    status="due",
    anchor_type="application_submitted",
    anchor_date=dt.date(2026, 11, 2),
    anchor_seq=0,
    attempt=2,
    max_attempts=3,
    window_start=dt.date(2026, 11, 5),
    window_end=dt.date(2026, 11, 6),
    due=dt.date(2026, 11, 5),
    optional=False,
    cite="",
    guidance=(),
    assumptions=(),
)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"rule": "nudge"}, True),
        ({"rule": "hr-check"}, False),
        ({"kind": "follow_up"}, True),
        ({"kind": "check_in"}, False),
        ({"status": "due"}, True),
        ({"status": "overdue"}, False),
        ({"due": "2026-11-05"}, True),
        ({"due": "2026-11-06"}, False),
        ({"window_start": "2026-11-05"}, True),
        ({"window_start": "2026-11-06"}, False),
        ({"window_end": "2026-11-06"}, True),
        ({"window_end": "2026-11-05"}, False),
        ({"channel": "email"}, True),
        ({"channel": "phone"}, True),
        ({"channel": "letter"}, False),
        ({"recipient": "hiring_manager"}, True),
        ({"recipient": "hr"}, True),
        ({"recipient": "recruiter"}, False),
        ({"recipient": "hm"}, False),  # a role, not a contact id
        ({"attempt": 2}, True),
        ({"attempt": 1}, False),
        ({"optional": False}, True),
        ({"optional": True}, False),
        (
            {
                "rule": "nudge",
                "kind": "follow_up",
                "status": "due",
                "due": "2026-11-05",
                "channel": "phone",
                "recipient": "hr",
                "attempt": 2,
                "optional": False,
            },
            True,
        ),
        ({"rule": "nudge", "status": "due", "attempt": 3}, False),
    ],
    ids=lambda v: repr(v) if isinstance(v, dict) else None,
)
def test_expectation_matches_each_field(fields: dict[str, Any], expected: bool) -> None:
    assert Expectation(fields, HERE).matches(REC) is expected


@pytest.mark.parametrize("key", ["due", "window_start", "window_end"])
def test_a_date_expectation_never_matches_a_missing_date(key: str) -> None:
    changes: dict[str, Any] = {key: None}
    rec = REC._replace(**changes)
    assert not Expectation({key: "2026-11-05"}, HERE).matches(rec)


@pytest.mark.parametrize("status", ["upcoming", "due", "overdue"])
def test_absent_counts_pending_recommendations(status: str) -> None:
    rec = REC._replace(status=status)
    assert Expectation({"rule": "nudge"}, HERE).matches(rec, absent=True)


@pytest.mark.parametrize("status", ["done", "suppressed"])
def test_absent_without_status_ignores_settled_recommendations(status: str) -> None:
    rec = REC._replace(status=status)
    exp = Expectation({"rule": "nudge"}, HERE)
    assert exp.matches(rec)  # an `expect` still sees it
    assert not exp.matches(rec, absent=True)
    assert Expectation({"rule": "nudge", "status": status}, HERE).matches(rec, absent=True)
    assert not Expectation({"rule": "nudge", "status": "due"}, HERE).matches(rec, absent=True)


def test_expectation_describe_lists_the_fields_in_order() -> None:
    exp = Expectation({"rule": "nudge", "status": "due", "attempt": 2}, HERE)
    assert exp.describe() == "{rule: nudge, status: due, attempt: 2}"


# --- findings: what the audit must find ---------------------------------------------------------

BANNED_PACK = """\
pack_format: 1
name: banned
version: 1.0.0
title: t
source: {author: A, title: T, publication: P}
prohibitions:
  - {id: never-phone, channels: [phone, voicemail], cite: "Don't phone."}
rules:
  - id: weekly
    when: {anchor: application_submitted}
    timing: {after: {weeks: 1}, max_attempts: 1}
    action: {kind: follow_up, channel: email, recipient: hiring_manager}
    cite: Email a week after applying.
tests:
  - name: the case
    as_of: 2026-03-10
    events:
      - {date: 2026-03-02, type: application_submitted, channel: online_form}
      - {date: 2026-03-09, type: follow_up_sent, channel: phone, with: hm}
    findings: FINDINGS
"""


@pytest.mark.parametrize(
    ("findings", "failure"),
    [
        ("[{against: never-phone, date: 2026-03-09, event: follow_up_sent, kind: banned}]", ""),
        ("[{against: never-phone}]", ""),
        ("[]", "the audit also finds banned against never-phone (follow_up_sent on 2026-03-09)"),
        ("[{against: never-phone, date: 2026-03-08}]", "expected the finding {against: never-"),
        (
            "[{against: never-phone}, {against: weekly, kind: too_soon}]",
            "expected the finding {against: weekly, kind: too_soon}",
        ),
    ],
)
def test_findings_are_exactly_what_the_audit_finds(
    tmp_path: Path, findings: str, failure: str
) -> None:
    pack = tmp_path / "banned.yaml"
    pack.write_text(BANNED_PACK.replace("FINDINGS", findings), encoding="utf-8")
    result = run_test(str(pack))
    assert result.exit_code == (1 if failure else 0), result.stdout + result.stderr
    assert failure in result.stdout


def test_findings_are_paired_whatever_the_order_of_the_entries(tmp_path: Path) -> None:
    # Two phone calls: a loose entry listed first must not take the one the dated entry needs.
    two_calls = BANNED_PACK.replace(
        "    findings: FINDINGS",
        "      - {date: 2026-03-16, type: follow_up_sent, channel: phone, with: hm}\n"
        "    findings: [{against: never-phone}, {against: never-phone, date: 2026-03-09}]",
    ).replace("as_of: 2026-03-10", "as_of: 2026-03-17")
    pack = tmp_path / "banned.yaml"
    pack.write_text(two_calls, encoding="utf-8")
    result = run_test(str(pack))
    assert result.exit_code == 0, result.stdout + result.stderr
