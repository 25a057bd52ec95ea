"""`followup log`: the event goes into the file and nothing else changes; it says what the
event did under the pack; bad values are named by their option, and nothing is written."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
from cli_support import EXAMPLE_TIMELINE, invoke

from engine.edit.session import TimelineFile
from engine.io import safeyaml


@pytest.fixture
def timeline(tmp_path: Path) -> Path:
    path = tmp_path / "timeline.yaml"
    path.write_bytes(EXAMPLE_TIMELINE.read_bytes())
    return path


def _added(old: str, new: str) -> list[str]:
    ops = difflib.SequenceMatcher(None, old.splitlines(True), new.splitlines(True)).get_opcodes()
    assert all(tag in ("equal", "insert") for tag, *_ in ops), "a line was changed or removed"
    lines = new.splitlines(True)
    return [line for tag, _, _, j1, j2 in ops if tag == "insert" for line in lines[j1:j2]]


FOLLOW_UP = ["acme-pm", "follow_up_sent", "-c", "email", "-w", "dana", "-d", "2026-11-25"]


def test_log_adds_one_line_and_says_what_is_done_and_what_is_next(timeline: Path) -> None:
    old = timeline.read_text()
    result = invoke(["log", str(timeline), *FOLLOW_UP, "-p", "clue-wagon", "--as-of", "2026-11-25"])
    assert result.exit_code == 0, result.output
    assert _added(old, timeline.read_text()) == [
        "      - {date: 2026-11-25, type: follow_up_sent, channel: email, with: dana}\n"
    ]
    assert timeline.with_name("timeline.yaml~").read_text() == old
    lines = result.stdout.splitlines()
    assert lines[0].startswith("logged follow_up_sent by email with dana on Wed 2026-11-25")
    assert lines[1] == "clue-wagon 2.0.0, as of Wed 2026-11-25:"
    assert lines[2].split() == [
        "done", "follow", "up", "by", "email", "to", "Dana", "Whitfield", "(hiring", "manager)",
        "(attempt", "1", "of", "2)", "[post-interview-email]",
    ]  # fmt: skip
    assert "(attempt 2 of 2), due Wed 12-02 [post-interview-email]" in lines[3]
    assert lines[3].split()[0] == "next"


def test_what_log_says_agrees_with_run_on_the_file_it_wrote(timeline: Path) -> None:
    result = invoke(["log", str(timeline), *FOLLOW_UP, "-p", "clue-wagon", "--as-of", "2026-11-25"])
    assert result.exit_code == 0, result.output
    run = invoke(["run", str(timeline), "-p", "clue-wagon", "--as-of", "2026-11-25", "--format",
                  "json"])  # fmt: skip
    recs = json.loads(run.stdout)["applications"][0]["recommendations"]
    chase = next(r for r in recs if r["rule"] == "post-interview-email")
    assert (chase["status"], chase["attempt"], chase["due"]) == ("upcoming", 2, "2026-12-02")


def test_a_rejection_ends_the_chase_and_log_says_so(timeline: Path) -> None:
    args = ["log", str(timeline), "hooli-eng", "rejection", "-w", "gavin", "-d", "2026-11-26"]
    result = invoke([*args, "-p", "clue-wagon", "--as-of", "2026-11-26"])
    assert result.exit_code == 0, result.output
    changed = result.stdout.splitlines()[2:]
    assert changed and all(line.split()[0] in ("dropped", "suppressed") for line in changed)
    assert any("[final-call]" in line for line in changed)


def test_the_timeline_pack_is_used_and_without_one_log_says_how_to_name_it(
    timeline: Path,
) -> None:
    result = invoke(["log", str(timeline), *FOLLOW_UP])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith("(to see what it changed, give --pack")
    text = timeline.read_text().replace("version: 1\n", "version: 1\npack: clue-wagon@^2\n", 1)
    timeline.write_text(text)
    result = invoke(["log", str(timeline), "globex-analyst", "follow_up_sent", "-c", "email",
                     "-w", "hank", "-d", "2026-11-24", "--as-of", "2026-11-24"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "clue-wagon 2.0.0, as of Tue 2026-11-24:"


def test_dry_run_shows_the_diff_and_writes_nothing(timeline: Path) -> None:
    old = timeline.read_bytes()
    result = invoke(["log", str(timeline), *FOLLOW_UP, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "+      - {date: 2026-11-25, type: follow_up_sent" in result.stdout
    assert "(dry run: " in result.stdout
    assert timeline.read_bytes() == old
    assert not timeline.with_name("timeline.yaml~").exists()


def test_quiet_prints_nothing(timeline: Path) -> None:
    result = invoke(["log", str(timeline), *FOLLOW_UP, "-q", "-p", "clue-wagon"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["acme-pm", "phone_scren"], "is not an event type (did you mean 'phone_screen'?)"),
        (["acme-p", "interview"], "no application 'acme-p' (did you mean 'acme-pm'?)"),
        (["acme-pm", "interview", "-w", "dan"], "no contact 'dan' (did you mean 'dana'?)"),
        (["acme-pm", "follow_up_sent", "--round", "2"], "a follow_up_sent has no round"),
        (["acme-pm", "decision_expected"], "a decision_expected needs the date"),
        (["acme-pm", "follow_up_sent", "-c", "mail"], "'mail' is not a channel"),
        (["acme-pm", "follow_up_sent", "--time", "25:00"], "'25:00' is not a time"),
        (["acme-pm", "follow_up_sent", "-d", "2026-02-30"], "2026-02-30"),
        (["acme-pm", "interview", "--outcome", "reached"], "only a call has an outcome"),
    ],
)  # fmt: skip
def test_a_bad_value_is_named_by_its_option_and_nothing_is_written(
    timeline: Path, args: list[str], said: str
) -> None:
    old = timeline.read_bytes()
    result = invoke(["log", str(timeline), *args])
    assert result.exit_code == 2, result.output
    assert said in result.stderr and "Traceback" not in result.stderr
    assert timeline.read_bytes() == old


def test_a_file_changed_while_log_ran_is_refused_and_not_changed(
    timeline: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    insert = TimelineFile.insert
    meanwhile = timeline.read_text() + "# an editor saved this meanwhile\n"

    def then_saved(self: TimelineFile, *args: object, **kwargs: object) -> object:
        edited = insert(self, *args, **kwargs)  # type: ignore[arg-type]
        timeline.write_text(meanwhile)
        return edited

    monkeypatch.setattr(TimelineFile, "insert", then_saved)
    result = invoke(["log", str(timeline), *FOLLOW_UP, "-p", "clue-wagon"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{timeline}:1:1: error: the file changed since followup")
    assert timeline.read_text() == meanwhile


def test_a_json_timeline_keeps_its_indentation(tmp_path: Path) -> None:
    data = safeyaml.load_file(EXAMPLE_TIMELINE).data
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data, indent=4) + "\n")
    result = invoke(["log", str(path), *FOLLOW_UP, "-q"])
    assert result.exit_code == 0, result.output
    events = data["applications"][0]["events"]
    events.insert(3, {"date": "2026-11-25", "type": "follow_up_sent", "channel": "email",
                      "with": "dana"})  # fmt: skip
    assert path.read_text() == json.dumps(data, indent=4) + "\n"


def test_a_backdated_event_goes_among_its_days_events_in_order(timeline: Path) -> None:
    result = invoke(["log", str(timeline), "acme-pm", "reply_received", "-d", "2026-11-17",
                     "-w", "dana", "-q"])  # fmt: skip
    assert result.exit_code == 0, result.output
    events = safeyaml.load_file(timeline).data["applications"][0]["events"]
    assert [e["type"] for e in events] == [
        "application_submitted", "interview", "decision_expected", "reply_received",
    ]  # after the day's others, as it was logged after them  # fmt: skip
    invoke(["log", str(timeline), "acme-pm", "follow_up_sent", "-d", "2026-11-10", "-q"])
    events = safeyaml.load_file(timeline).data["applications"][0]["events"]
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)


def test_log_interrupted_as_it_writes_exits_130_and_leaves_the_old_file(
    timeline: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    old = timeline.read_bytes()
    real_replace = os.replace

    def interrupted(src: str, dst: str | Path) -> None:
        if Path(dst) == timeline.resolve():
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", interrupted)
    result = invoke(["log", str(timeline), *FOLLOW_UP, "-p", "clue-wagon"])
    assert (result.exit_code, result.stderr) == (130, "followup: interrupted\n")
    assert timeline.read_bytes() == old
    assert sorted(p.name for p in timeline.parent.iterdir()) == ["timeline.yaml", "timeline.yaml~"]


def test_a_pack_the_timeline_names_but_cannot_be_loaded_stops_log_before_it_writes(
    timeline: Path,
) -> None:
    text = timeline.read_text().replace("version: 1\n", "version: 1\npack: clue-wagon@^1\n", 1)
    timeline.write_text(text)
    result = invoke(["log", str(timeline), *FOLLOW_UP])
    assert result.exit_code == 2, result.output
    assert "clue-wagon" in result.stderr and "Traceback" not in result.stderr
    assert timeline.read_text() == text
    assert not timeline.with_name("timeline.yaml~").exists()


def test_in_a_file_not_in_date_order_the_event_still_follows_its_days_events(
    timeline: Path,
) -> None:
    text = timeline.read_text()
    ordered = (
        "      - {date: 2026-11-02, type: application_submitted, channel: online_form}\n"
        "      - {date: 2026-11-17, type: interview, round: 1, with: dana, channel: in_person}\n"
        "      - {date: 2026-11-17, type: decision_expected, by: 2026-11-20, with: dana}\n"
    )
    lines = ordered.splitlines(keepends=True)
    mixed = lines[1] + "      - {date: 2026-11-21, type: follow_up_sent, channel: email}\n"
    mixed += lines[0] + lines[2]
    assert ordered in text
    timeline.write_text(text.replace(ordered, mixed))
    result = invoke(["log", str(timeline), "acme-pm", "reply_received", "-w", "dana",
                     "-d", "2026-11-17", "-q"])  # fmt: skip
    assert result.exit_code == 0, result.output
    events = TimelineFile.read(timeline).timeline.applications[0].events
    assert [e.type for e in events if str(e.date) == "2026-11-17"] == [
        "interview", "decision_expected", "reply_received",
    ]  # fmt: skip


def test_log_warns_of_what_validate_would_flag_in_the_new_event(timeline: Path) -> None:
    args = ["log", str(timeline), "acme-pm", "follow_up_sent", "-w", "dana", "-d", "2026-11-25"]
    result = invoke([*args, "-p", "clue-wagon", "--as-of", "2026-11-25"])
    assert result.exit_code == 0, result.output
    warned = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert len(warned) == 1 and "gives no channel" in warned[0], result.stderr
    assert warned[0].startswith(f"{timeline}:2")  # the new event's line, not the file's
    again = invoke(["validate", str(timeline), "-p", "clue-wagon"])
    assert warned[0].split(": warning: ")[1] in again.stdout + again.stderr


def test_a_read_only_timeline_is_not_changed(timeline: Path) -> None:
    timeline.chmod(0o444)
    result = invoke(["log", str(timeline), *FOLLOW_UP])
    assert result.exit_code == 2, result.output
    assert "read-only" in result.stderr and "chmod u+w" in result.stderr
    assert timeline.read_bytes() == EXAMPLE_TIMELINE.read_bytes()
    assert not timeline.with_name("timeline.yaml~").exists()


def test_a_by_before_the_events_day_is_named_by_its_option(timeline: Path) -> None:
    args = ["acme-pm", "decision_expected", "-d", "2026-11-25", "--by", "2026-11-20"]
    result = invoke(["log", str(timeline), *args])
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--by': 2026-11-20 is before the event's day" in result.stderr
    assert timeline.read_bytes() == EXAMPLE_TIMELINE.read_bytes()


def test_messages_take_the_right_article(timeline: Path) -> None:
    result = invoke(["log", str(timeline), "acme-pm", "interview", "--says", "yes"])
    assert result.exit_code == 2 and "an interview says nothing" in result.stderr


def test_a_reply_with_a_new_date_that_says_decision_is_named_by_says(timeline: Path) -> None:
    args = ["acme-pm", "reply_received", "-w", "dana", "-d", "2026-11-20", "--by", "2026-11-27"]
    result = invoke(["log", str(timeline), *args, "--says", "decision"])
    assert result.exit_code == 2 and "Invalid value for '--says'" in result.stderr
    assert timeline.read_bytes() == EXAMPLE_TIMELINE.read_bytes()


def test_a_reply_asking_you_to_stop_by_some_channels(timeline: Path) -> None:
    old = timeline.read_text(encoding="utf-8")
    args = ["acme-pm", "reply_received", "-w", "dana", "-d", "2026-11-20", "--says", "stop"]
    result = invoke(["log", str(timeline), *args, "--not-by", "phone", "--not-by", "voicemail"])
    assert result.exit_code == 0, result.output
    (line,) = _added(old, timeline.read_text(encoding="utf-8"))
    assert "says: stop, not_by: [phone, voicemail]" in line


def test_not_by_needs_a_reply_that_says_stop(timeline: Path) -> None:
    args = ["acme-pm", "reply_received", "-w", "dana", "-d", "2026-11-20", "--not-by", "phone"]
    result = invoke(["log", str(timeline), *args])
    assert result.exit_code == 2 and "add --says stop, or drop --not-by" in result.stderr
    result = invoke(["log", str(timeline), *args, "--says", "stop", "--not-by", "fax"])
    assert result.exit_code == 2 and "Invalid value for '--not-by'" in result.stderr
    assert timeline.read_bytes() == EXAMPLE_TIMELINE.read_bytes()
