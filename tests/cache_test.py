"""engine.io.cache: a missing, corrupt, stale or tampered entry costs time, never a wrong answer."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import EXAMPLE_TIMELINE, ROOT, invoke

from engine.dates.calendar import BusinessCalendar, forget_years
from engine.io import cache, safeyaml
from engine.load import validation

RUN = ["run", str(EXAMPLE_TIMELINE), "--pack", "clue-wagon", "--as-of", "2026-11-21"]
PROBES = [dt.date(2026, 11, 26), dt.date(2026, 12, 25), dt.date(2027, 1, 18), dt.date(2027, 7, 5)]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("FOLLOWUP_NO_CACHE", raising=False)
    return tmp_path


def _entries(home: Path) -> list[Path]:
    return sorted(p for p in home.rglob("*") if p.is_file())


def _answers() -> list[tuple[bool, str | None]]:
    cal = BusinessCalendar("US", "IL")
    return [(cal.is_business_day(d), cal.holiday(d)) for d in PROBES]


def test_the_cache_lives_where_platformdirs_says(cache_home: Path) -> None:
    assert cache.base_dir() == cache_home / "followup"
    _answers()
    assert _entries(cache_home)
    assert all(p.is_relative_to(cache_home / "followup") for p in _entries(cache_home))


def test_holiday_tables_are_keyed_by_the_version_importlib_metadata_reports(
    cache_home: Path,
) -> None:
    _answers()
    version = importlib.metadata.version("holidays")
    folders = {p.parent.name for p in _entries(cache_home)}
    assert folders == {f"holidays-{version}"}


def test_an_entry_round_trips_and_carries_its_key_and_checksum(cache_home: Path) -> None:
    path = cache_home / "x" / "entry.json"
    cache.write(path, "the key", {"a": [1, 2]})
    assert cache.read(path, "the key") == {"a": [1, 2]}
    envelope = json.loads(path.read_text(encoding="utf-8"))
    assert envelope["key"] == "the key" and envelope["format"] == cache.FORMAT
    assert cache.read(path, "another key") is None  # asked for something else: not an answer
    assert not path.exists()  # and dropped


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda e: e["payload"].update({"2026-11-27": "Made-up Day"}), id="added"),
        pytest.param(lambda e: e["payload"].pop("2026-11-26"), id="removed"),
        pytest.param(lambda e: e.update(followup="0.0.0"), id="other-version"),
        pytest.param(lambda e: e.update(format=1), id="other-format"),
        pytest.param(lambda e: e.update(sha256="0" * 64), id="bad-checksum"),
        pytest.param(lambda e: e.pop("key"), id="no-key"),
    ],
)
def test_a_tampered_holiday_entry_is_dropped_and_recomputed(
    cache_home: Path, tamper: object
) -> None:
    first = _answers()
    (path,) = [p for p in _entries(cache_home) if "2026" in p.name]
    entry = json.loads(path.read_text(encoding="utf-8"))
    tamper(entry)  # type: ignore[operator]
    path.write_text(json.dumps(entry), encoding="utf-8")
    forget_years()  # as a new process would, read the disk cache again
    assert _answers() == first
    assert json.loads(path.read_text(encoding="utf-8")) != entry  # dropped and written again


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"[" * 5_000_000, id="deep-brackets"),
        pytest.param(b"\x00\xff not json", id="binary"),
        pytest.param(b"", id="empty"),
        pytest.param(b'{"format": 2}' + b" " * (cache.MAX_ENTRY_BYTES + 1), id="oversized"),
        pytest.param(b"[]", id="wrong-shape"),
    ],
)
def test_a_corrupt_entry_costs_only_time_through_the_cli(cache_home: Path, content: bytes) -> None:
    first = invoke(RUN)
    assert first.exit_code == 0, first.output
    entries = _entries(cache_home)
    assert {p.parent.name for p in entries} >= {"valid"}  # markers and holiday tables alike
    for path in entries:
        path.write_bytes(content)
    again = invoke(RUN)
    assert (again.exit_code, again.stdout) == (0, first.stdout), again.stderr


def test_a_forged_validity_marker_does_not_let_an_invalid_file_through(
    cache_home: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        EXAMPLE_TIMELINE.read_text(encoding="utf-8").replace("version: 1", "version: 7"),
        encoding="utf-8",
    )
    good = invoke(RUN)
    assert good.exit_code == 0
    first = invoke(["run", str(bad), "--pack", "clue-wagon", "--as-of", "2026-11-21"])
    assert first.exit_code == 2
    # A genuine marker, copied to the name the bad file's marker would have.
    folder = cache_home / "followup" / "valid"
    genuine = next(folder.iterdir()).read_bytes()
    (folder / str(validation.marker_of(safeyaml.load_file(bad), "timeline"))).write_bytes(genuine)
    again = invoke(["run", str(bad), "--pack", "clue-wagon", "--as-of", "2026-11-21"])
    assert (again.exit_code, again.stderr) == (2, first.stderr)


def test_an_unwritable_cache_folder_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.delenv("FOLLOWUP_NO_CACHE", raising=False)
    result = invoke(RUN)
    assert result.exit_code == 0, result.output


def test_no_cache_env_reads_and_writes_nothing(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_NO_CACHE", "1")
    assert cache.cache_dir("valid") is None
    assert invoke(RUN).exit_code == 0
    assert _entries(cache_home) == []


def test_the_remembered_holidays_version_is_importlib_metadatas(cache_home: Path) -> None:
    # In a child process: this one has remembered the version in memory already.
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    env.pop("FOLLOWUP_NO_CACHE", None)
    child = subprocess.run(
        [sys.executable, "-m", "followup", *RUN], cwd=ROOT, env=env, capture_output=True,
        check=False, timeout=120,
    )  # fmt: skip
    assert child.returncode == 0, child.stderr
    entry = json.loads((cache_home / "followup" / "holidays-version.json").read_text("utf-8"))
    assert entry["payload"] == importlib.metadata.version("holidays")
    # The key names the package's file and its identity: another installation, another key.
    assert entry["key"].startswith("holidays version /") and "holidays" in entry["key"]
