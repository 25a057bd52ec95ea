"""`followup run --format ics|markdown` and `--output FILE [--force]`."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from cli_support import (
    EXAMPLE_TIMELINE,
    ROOT,
    assert_one_error_line,
    invoke,
    pending,
    run_json,
)
from icalendar import Calendar

from engine.errors import InputError
from engine.io import fileio
from engine.present.export import event_uid

AS_OF = "2026-11-21"
PACKS = ["clue-wagon", "career-pivot", "mason-group", "3x3-networking", "wise-job-search"]
# A follow-up email to Gavin after the second one: clue-wagon's final call and move-on are then
# timed from it (their due dates move, their UIDs must not).
THIRD_EMAIL = "      - {date: 2026-11-20, type: follow_up_sent, channel: email, with: gavin}\n"
AFTER_HOOLI = "      - {date: 2026-11-18, type: follow_up_sent, channel: email, with: gavin}\n"
# A follow-up to Globex: wise-job-search's attempt 1 is done, attempt 2 becomes the pending one.
GLOBEX_FOLLOW_UP = "      - {date: 2026-11-20, type: follow_up_sent, channel: phone, with: hank}\n"
AFTER_GLOBEX = "      - {date: 2026-11-16, type: application_submitted, channel: online_form}\n"


def run_text(timeline: Path | str, pack: str, fmt: str, as_of: str = AS_OF) -> str:
    result = invoke(["run", str(timeline), "--pack", pack, "--as-of", as_of, "--format", fmt])
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert result.stderr == ""
    return result.stdout_bytes.decode("utf-8")  # .stdout would turn CRLF into LF


def events(text: str) -> list[Any]:
    cal = Calendar.from_ical(text)
    assert cal["VERSION"] == "2.0"
    assert str(cal["PRODID"]).startswith("-//followup//")
    return list(cal.walk("VEVENT"))


def by_uid(text: str) -> dict[str, Any]:
    found = {str(e["UID"]): e for e in events(text)}
    assert len(found) == len(events(text)), "UIDs must be unique in one file"
    return found


def with_lines(tmp_path: Path, *inserts: tuple[str, str]) -> Path:
    """A copy of the example timeline with `line` added after each `after`."""
    text = EXAMPLE_TIMELINE.read_text(encoding="utf-8")
    for after, line in inserts:
        assert text.count(after) == 1, after
        text = text.replace(after, after + line)
    path = tmp_path / "timeline.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def expected_uid(pack: str, app: str, rec: dict[str, Any]) -> str:
    anchor = rec["anchor"]
    date = dt.date.fromisoformat(anchor["date"])
    return event_uid(pack, app, rec["rule"], anchor["type"], date, rec["attempt"])


# --- iCalendar --------------------------------------------------------------------------------


@pytest.mark.parametrize("pack", PACKS)
def test_one_all_day_event_per_pending_action(pack: str) -> None:
    report = run_json(EXAMPLE_TIMELINE, pack, AS_OF)
    everything = by_uid(run_text(EXAMPLE_TIMELINE, pack, "ics"))
    # what is no longer to do comes as STATUS:CANCELLED (tests/export_status_test.py)
    cal = {u: e for u, e in everything.items() if e.get("STATUS") != "CANCELLED"}
    want = {}
    for app in report["applications"]:
        for rec in pending(app["recommendations"]):
            want[expected_uid(pack, app["id"], rec)] = (app, rec)
    assert want, "every built-in pack has something pending on the example timeline"
    assert set(cal) == set(want)
    for uid, (app, rec) in want.items():
        event = cal[uid]
        due = dt.date.fromisoformat(rec["due"])
        if rec["status"] == "overdue":  # still to do: on the day of the run
            due = dt.date.fromisoformat(AS_OF)
        assert event.decoded("DTSTART") == due
        assert type(event.decoded("DTSTART")) is dt.date  # all-day: VALUE=DATE, no time
        assert event.decoded("DTEND") == due + dt.timedelta(days=1)
        summary = str(event["SUMMARY"])
        assert summary.startswith(f"{app['company']}: ")
        description = str(event["DESCRIPTION"])
        assert f"Why: {rec['why']}" in description
        assert " ".join(rec["cite"].split()) in description
        for tip in rec["guidance"]:
            assert f"- {' '.join(tip.split())}" in description
        assert f"Status on {AS_OF}: {rec['status']}" in description
        assert event.decoded("DTSTAMP") == dt.datetime(2026, 11, 21, 6, tzinfo=dt.UTC)
        assert int(event["SEQUENCE"]) >= 0


def test_the_summary_says_what_to_do_to_whom() -> None:
    cal = events(run_text(EXAMPLE_TIMELINE, "clue-wagon", "ics"))
    summaries = sorted(str(e["SUMMARY"]) for e in cal)
    assert (
        "Acme Corp: follow up by email to Dana Whitfield (hiring manager) (attempt 1 of 2)"
        in summaries
    )
    assert "Globex: follow up by email to Hank Scorpio (hiring manager)" in summaries
    acme = next(e for e in cal if str(e["SUMMARY"]).startswith("Acme Corp"))
    assert acme.decoded("DTSTART") == dt.date(2026, 11, 25)
    assert acme.decoded("DTEND") == dt.date(2026, 11, 26)


def test_the_same_input_gives_the_same_bytes() -> None:
    first = run_text(EXAMPLE_TIMELINE, "wise-job-search", "ics")
    second = run_text(EXAMPLE_TIMELINE, "wise-job-search", "ics")
    assert first == second
    assert "\r\n" in first and "\n" not in first.replace("\r\n", "")  # RFC 5545 line ends


def test_a_later_as_of_keeps_every_uid_and_raises_the_sequence() -> None:
    early = by_uid(run_text(EXAMPLE_TIMELINE, "clue-wagon", "ics", "2026-11-21"))
    late = by_uid(run_text(EXAMPLE_TIMELINE, "clue-wagon", "ics", "2026-11-22"))
    assert set(early) == set(late)
    for uid, event in early.items():
        assert int(late[uid]["SEQUENCE"]) == int(event["SEQUENCE"]) + 3  # three per day
        assert late[uid].decoded("DTSTART") == event.decoded("DTSTART")


def test_a_recomputed_due_date_keeps_the_uid(tmp_path: Path) -> None:
    before = by_uid(run_text(EXAMPLE_TIMELINE, "clue-wagon", "ics"))
    timeline = with_lines(tmp_path, (AFTER_HOOLI, THIRD_EMAIL))
    after = by_uid(run_text(timeline, "clue-wagon", "ics"))
    assert set(after) == set(before)
    before = {u: e for u, e in before.items() if e.get("STATUS") != "CANCELLED"}
    moved = [u for u in before if before[u].decoded("DTSTART") != after[u].decoded("DTSTART")]
    hooli = sorted(str(after[uid]["SUMMARY"]) for uid in moved)
    assert hooli == [
        "Hooli: make a final call by phone to Gavin Belson (hiring manager) (optional)",
        "Hooli: stop chasing and move on",
    ]
    for uid in moved:
        assert after[uid].decoded("DTSTART") > before[uid].decoded("DTSTART")


def test_logging_a_follow_up_changes_no_uid_of_the_actions_that_persist(tmp_path: Path) -> None:
    pack = "wise-job-search"
    before_report = run_json(EXAMPLE_TIMELINE, pack, AS_OF)
    before = by_uid(run_text(EXAMPLE_TIMELINE, pack, "ics"))
    timeline = with_lines(tmp_path, (AFTER_GLOBEX, GLOBEX_FOLLOW_UP))
    after_report = run_json(timeline, pack, AS_OF)
    after = by_uid(run_text(timeline, pack, "ics"))

    def globex(report: dict[str, Any]) -> dict[str, Any]:
        app = next(a for a in report["applications"] if a["id"] == "globex-analyst")
        (rec,) = pending(app["recommendations"])
        return dict(rec)

    old, new = globex(before_report), globex(after_report)
    assert (old["attempt"], new["attempt"]) == (1, 2)  # the logged event moved the next attempt
    old_uid = expected_uid(pack, "globex-analyst", old)
    new_uid = expected_uid(pack, "globex-analyst", new)
    assert old_uid in before and new_uid not in before
    assert new_uid in after and after[old_uid]["STATUS"] == "CANCELLED"  # done: away it goes
    assert set(before) == set(after) - {new_uid}
    for uid in set(before) - {old_uid}:
        assert str(after[uid]["SUMMARY"]) == str(before[uid]["SUMMARY"])


def test_the_uid_is_a_digest_of_what_the_action_is() -> None:
    day = dt.date(2026, 11, 17)
    key: tuple[Any, ...] = ("clue-wagon", "acme-pm", "post-interview-email", "decision_expected")
    uid = event_uid(*key, day, 1)
    assert uid == event_uid(*key, day, 1)
    assert re.fullmatch(r"[0-9a-f]{32}@followup\.invalid", uid)
    variants = [
        ("mason-group", *key[1:], day, 1),
        (key[0], "globex", *key[2:], day, 1),
        (*key[:2], "final-call", key[3], day, 1),
        (*key[:3], "interview", day, 1),
        (*key, day + dt.timedelta(days=1), 1),
        (*key, day, 2),
    ]
    others = {event_uid(*v) for v in variants}
    assert uid not in others and len(others) == len(variants)


def test_nothing_pending_gives_an_empty_calendar(tmp_path: Path) -> None:
    timeline = tmp_path / "quiet.yaml"
    timeline.write_text(
        "version: 1\ncandidate: {timezone: Europe/Paris, holidays: {country: FR}}\n"
        "applications:\n  - {id: a, company: A, role: R, events: []}\n",
        encoding="utf-8",
    )
    text = run_text(timeline, "clue-wagon", "ics")
    assert events(text) == []
    assert "BEGIN:VCALENDAR" in text and "DTSTAMP" not in text


# --- Markdown ---------------------------------------------------------------------------------


def test_markdown_has_a_heading_per_application_and_a_bullet_per_recommendation() -> None:
    report = run_json(EXAMPLE_TIMELINE, "wise-job-search", AS_OF)
    text = run_text(EXAMPLE_TIMELINE, "wise-job-search", "markdown")
    assert text.startswith("# Follow-ups: wise-job-search 2.0.0\n")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [f"## {a['company']}: {a['role']}" for a in report["applications"]]
    bullets = [line for line in text.splitlines() if line.startswith("- **")]
    assert len(bullets) == sum(len(a["recommendations"]) for a in report["applications"])
    # The thank-you note's days (11-17 and 11-18) have passed: it is listed as expired, with
    # its reason and no source or guidance; the pending check-in has both.
    assert (
        "- **Expired** (its moment has passed: 2026-11-17 to 2026-11-18): say thank "
        "you by email or by handwritten note to Dana Whitfield (hiring manager)\n"
        "  - Why: 0-1 business days after the interview on 2026-11-17 (rule `thank-you-note`)\n- **"
    ) in text
    assert (
        "- **Upcoming**, due Tue 2026-11-24: check in by phone or by email to Dana Whitfield "
        "(hiring manager) (attempt 1)"
    ) in text
    assert "  - Why: 1 week after the interview on 2026-11-17 (rule `keep-following-up`)" in text
    assert '  - Source: "This candidate was persistent, they called and followed up' in text
    assert "    - Be polite, professional, and consistent." in text
    assert "- **Done** (" in text and "- **Suppressed** (" in text


def test_markdown_escapes_what_would_format_it(tmp_path: Path) -> None:
    timeline = with_lines(tmp_path)
    text = timeline.read_text(encoding="utf-8").replace(
        "company: Globex", "company: Globex_*Labs* [beta] <x>"
    )
    timeline.write_text(text, encoding="utf-8")
    out = run_text(timeline, "clue-wagon", "markdown")
    assert "## Globex\\_\\*Labs\\* \\[beta\\] \\<x\\>: Data Analyst" in out
    wise = run_text(EXAMPLE_TIMELINE, "wise-job-search", "markdown")
    assert "Assumption (timing.max_attempts)" in wise  # an underscore inside a word stays


# --- --output and --force ---------------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A copy of the example timeline, with its bytes and mtime remembered by the test."""
    path = tmp_path / "timeline.yaml"
    shutil.copyfile(EXAMPLE_TIMELINE, path)
    return path


def run_to(timeline: Path, output: Path, fmt: str = "ics", *extra: str) -> Any:
    args = ["run", str(timeline), "-p", "clue-wagon", "--as-of", AS_OF, "--format", fmt]
    return invoke([*args, "--output", str(output), *extra])


def test_output_writes_the_same_bytes_and_nothing_on_stdout(inputs: Path, tmp_path: Path) -> None:
    before = (inputs.read_bytes(), inputs.stat().st_mtime_ns)
    out = tmp_path / "followups.ics"
    result = run_to(inputs, out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"wrote {out}\n"
    assert out.read_bytes() == run_text(inputs, "clue-wagon", "ics").encode("utf-8")
    assert b"\r\r\n" not in out.read_bytes()
    assert leftovers(tmp_path) == []
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
    assert (inputs.read_bytes(), inputs.stat().st_mtime_ns) == before


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_output_takes_every_format(inputs: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    assert run_to(inputs, out, fmt).exit_code == 0
    assert out.read_text(encoding="utf-8") == run_text(inputs, "clue-wagon", fmt)


def test_output_refuses_to_overwrite_without_force(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "followups.ics"
    out.write_text("my own notes\n", encoding="utf-8")
    result = run_to(inputs, out)
    match = assert_one_error_line(result)
    assert result.stderr == f"{out}:1:1: error: file already exists (use --force to replace it)\n"
    assert match["path"] == str(out)
    assert out.read_text(encoding="utf-8") == "my own notes\n"
    assert leftovers(tmp_path) == []


def test_force_replaces_the_file(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "followups.ics"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o600)
    result = run_to(inputs, out, "ics", "--force")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # replaced, keeping its permissions
    assert leftovers(tmp_path) == []


def test_an_input_file_is_never_the_output(inputs: Path) -> None:
    before = (inputs.read_bytes(), inputs.stat().st_mtime_ns)
    for extra in ((), ("--force",)):
        result = run_to(inputs, inputs, "json", *extra)
        match = assert_one_error_line(result)
        assert "refusing to write over an input file" in match["message"]
    pack = inputs.parent / "pack.yaml"
    shutil.copyfile(ROOT / "policies" / "clue-wagon.yaml", pack)
    pack_before = pack.read_bytes()
    result = invoke(
        ["run", str(inputs), "-p", str(pack), "--as-of", AS_OF, "-o", str(pack), "--force"]
    )
    assert_one_error_line(result)
    assert pack.read_bytes() == pack_before
    assert (inputs.read_bytes(), inputs.stat().st_mtime_ns) == before


def test_a_failed_run_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.ics"
    result = run_to(tmp_path / "missing.yaml", out)
    assert_one_error_line(result)
    assert not out.exists() and leftovers(tmp_path) == []


def test_output_errors_are_one_line(inputs: Path, tmp_path: Path) -> None:
    match = assert_one_error_line(run_to(inputs, tmp_path / "no-such-dir" / "out.ics"))
    assert match["message"].startswith("cannot write")
    match = assert_one_error_line(run_to(inputs, tmp_path, "ics", "--force"))
    assert match["message"].startswith("is a directory")
    result = invoke(["run", str(inputs), "-p", "clue-wagon", "--force"])
    assert result.exit_code == 2 and "--force goes with --output" in result.stderr


def test_a_write_that_fails_midway_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.ics"
    out.write_text("old\n", encoding="utf-8")

    def broken(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "replace", broken)
    with pytest.raises(InputError, match="cannot write: No space left on device"):
        fileio.write_new_file(out, "new\n", force=True)
    assert out.read_text(encoding="utf-8") == "old\n"
    assert leftovers(tmp_path) == []


def test_a_file_created_during_the_write_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.ics"

    def racing(path: Path, force: bool) -> None:  # the check passes, then someone writes
        path.write_text("theirs\n", encoding="utf-8")

    monkeypatch.setattr(fileio, "check_new_file", racing)
    with pytest.raises(InputError, match="file already exists"):
        fileio.write_new_file(out, "mine\n", force=False)
    assert out.read_text(encoding="utf-8") == "theirs\n"
    assert leftovers(tmp_path) == []


def test_new_still_writes_through_the_shared_helper(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    assert invoke(["new", "mine", "-o", str(target)]).exit_code == 0
    again = invoke(["new", "mine", "-o", str(target)])
    assert again.stderr == f"{target}:1:1: error: file already exists (use --force to replace it)\n"


# --- docs/export.md ------------------------------------------------------------------------------


def test_every_command_in_docs_export_md(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each ```text block is `$ followup ...` and its output, trimmed but never reworded."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)  # the documented commands use relative paths
    doc = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```text\n(.*?)```", doc, re.S)
    assert len(blocks) >= 10
    for block in blocks:
        command, *documented = block.splitlines()
        assert command.startswith("$ followup "), command
        result = invoke(command.split()[2:])
        failing = any(": error: " in line for line in documented)
        assert result.exit_code == (2 if failing else 0), (command, result.output)
        actual = [line.rstrip() for line in result.output.splitlines()]
        at = 0
        for line in documented:
            if not line.strip():
                continue
            assert line.rstrip() in actual[at:], f"{command}\nnot in the output: {line!r}"
            at = actual.index(line.rstrip(), at) + 1
