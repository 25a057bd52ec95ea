"""engine/edit/session.py: an edit reads back as intended, or nothing is written; the old
file survives an interruption and is kept as FILE~; a file changed underneath is left alone."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from cli_support import EXAMPLE_TIMELINE

from engine.edit.session import BACKUP_SUFFIX, LOCK_SUFFIX, TimelineFile
from engine.errors import InputError, UsageError

EVENT = {"date": dt.date(2026, 11, 25), "type": "follow_up_sent", "channel": "email"}
WHERE = ("applications", 0, "events")


@pytest.fixture
def timeline(tmp_path: Path) -> Path:
    path = tmp_path / "timeline.yaml"
    path.write_bytes(EXAMPLE_TIMELINE.read_bytes())
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_write_keeps_the_previous_version_and_reads_back(timeline: Path) -> None:
    before = timeline.read_bytes()
    file = TimelineFile.read(timeline)
    edited = file.insert(WHERE, 3, EVENT, flow=True)
    backup = file.write(edited)
    assert backup == timeline.with_name("timeline.yaml" + BACKUP_SUFFIX)
    assert backup.read_bytes() == before
    assert timeline.read_text() == edited.text
    assert TimelineFile.read(timeline).timeline.applications[0].events[3].type == "follow_up_sent"
    assert _leftovers(timeline.parent) == ["timeline.yaml", "timeline.yaml~"]


def test_a_file_changed_underneath_is_refused_and_left_as_it_is(timeline: Path) -> None:
    file = TimelineFile.read(timeline)
    edited = file.insert(WHERE, 3, EVENT, flow=True)
    timeline.write_text(timeline.read_text() + "# saved by an editor meanwhile\n")
    changed = timeline.read_bytes()
    with pytest.raises(InputError, match="changed since followup read it"):
        file.write(edited)
    assert timeline.read_bytes() == changed
    assert _leftovers(timeline.parent) == ["timeline.yaml"]


def test_an_interrupted_write_leaves_the_old_file_whole(
    timeline: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = timeline.read_bytes()
    file = TimelineFile.read(timeline)
    edited = file.insert(WHERE, 3, EVENT, flow=True)
    real_replace = os.replace

    def interrupted(src: str, dst: str | Path) -> None:
        if Path(dst) == timeline.resolve():
            raise KeyboardInterrupt  # Ctrl-C as the new file is moved into place
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        file.write(edited)
    assert timeline.read_bytes() == before
    # the backup was written first; no temporary file and no lock is left behind
    assert _leftovers(timeline.parent) == ["timeline.yaml", "timeline.yaml~"]


def test_another_edit_in_progress_is_waited_for_not_overrun(timeline: Path) -> None:
    lock = timeline.with_name(timeline.name + LOCK_SUFFIX)
    lock.write_text("")
    file = TimelineFile.read(timeline)
    with pytest.raises(InputError, match="another followup command is editing") as caught:
        file.write(file.insert(WHERE, 3, EVENT, flow=True))
    assert str(lock) in caught.value.hint
    assert lock.exists() and not timeline.with_name("timeline.yaml~").exists()


def test_an_edit_through_a_link_changes_the_file_and_keeps_the_link(timeline: Path) -> None:
    link = timeline.with_name("link.yaml")
    link.symlink_to(timeline.name)
    file = TimelineFile.read(link)
    file.write(file.insert(WHERE, 3, EVENT, flow=True))
    assert link.is_symlink()
    assert "follow_up_sent, channel: email}" in timeline.read_text()


def test_an_edit_that_would_make_the_timeline_invalid_writes_nothing(timeline: Path) -> None:
    before = timeline.read_bytes()
    file = TimelineFile.read(timeline)
    bad = {"date": dt.date(2026, 11, 25), "type": "follow_up_sent", "with": "nobody"}
    with pytest.raises(InputError, match="not written: the change would make the timeline"):
        file.insert(WHERE, 3, bad, flow=True)
    assert timeline.read_bytes() == before


def test_standard_input_and_missing_files_cannot_be_edited(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="standard input"):
        TimelineFile.read("-")
    with pytest.raises(InputError, match="no such file") as caught:
        TimelineFile.read(tmp_path / "none.yaml")
    assert "followup init" in caught.value.hint


def test_an_invalid_timeline_is_refused_before_any_edit(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("version: 1\ncandidate: {}\napplications: []\n")
    with pytest.raises(InputError):
        TimelineFile.read(path)


def test_a_named_pipe_or_a_folder_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        TimelineFile.read(fifo)
    with pytest.raises(InputError, match="is a directory"):
        TimelineFile.read(tmp_path)


def test_the_previous_version_keeps_the_files_mode(timeline: Path) -> None:
    timeline.chmod(0o600)  # a private timeline: so is its backup
    file = TimelineFile.read(timeline)
    backup = file.write(file.insert(WHERE, 3, EVENT, flow=True))
    assert backup.stat().st_mode & 0o777 == 0o600
    assert timeline.stat().st_mode & 0o777 == 0o600


def test_an_edit_whose_text_would_not_parse_is_a_layout_error_not_a_syntax_error(
    timeline: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.edit import session

    monkeypatch.setattr(session, "insert_item", lambda text, *a, **k: text + "  - : [\n")
    file = TimelineFile.read(timeline)
    with pytest.raises(InputError, match="cannot add to this file without changing"):
        file.insert(WHERE, 3, EVENT, flow=True)
