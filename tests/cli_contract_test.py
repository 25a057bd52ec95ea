"""cli.py's contract with its environment: exit codes 0/1/2/3/130, one located line per error,
bytes that do not depend on the locale, and no internal error whatever the input or the machine.

Each test pins one finding of the fuzz and fault campaign of issue 8 (numbered as there).
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_support import EXAMPLE_TIMELINE, ROOT, WORKED_EXAMPLE, assert_one_error_line, invoke

WORKED = str(WORKED_EXAMPLE)
AS_OF = ["--as-of", "2026-11-21"]


def _cli(
    *args: str, env: dict[str, str] | None = None, stdout: Any = subprocess.PIPE
) -> subprocess.CompletedProcess[bytes]:
    """`followup ARGS` in a child process: real streams, real locale, real exit code."""
    return subprocess.run(
        [sys.executable, "-m", "followup", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
    )


def _timeline(tmp_path: Path, old: str, new: str, name: str = "timeline.yaml") -> Path:
    text = WORKED_EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _assert_usage_error(result: object, option: str) -> str:
    """click's shape for a bad option value: Usage, Try, and `Error: Invalid value for ...`."""
    assert result.exit_code == 2, (result.exit_code, result.output)  # type: ignore[attr-defined]
    err: str = result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in err
    assert err.startswith("Usage: ")
    assert f"Error: Invalid value for '{option}': " in err
    return err


# --- 1. dates near the ends of the calendar -------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2100-01-01", "9999-12-31"])
@pytest.mark.parametrize(
    "command",
    [
        ["run", WORKED, "--pack", "clue-wagon"],
        ["run", WORKED, "--pack", "clue-wagon", "--format", "ics"],
        ["compare", WORKED, "--all"],
        ["draft", WORKED, "--pack", "clue-wagon", "--application", "acme-pm"],
    ],
)
def test_an_as_of_outside_the_supported_dates_is_a_usage_error(
    command: list[str], day: str
) -> None:
    err = _assert_usage_error(invoke([*command, "--as-of", day]), "--as-of")
    assert "outside the supported dates" in err and "1900-01-01 to 2099-12-31" in err


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2100-01-01"])
def test_an_until_outside_the_supported_dates_is_a_usage_error(day: str) -> None:
    result = invoke(
        ["run", WORKED, "--pack", "3x3-networking", *AS_OF, "--simulate", "--until", day]
    )
    _assert_usage_error(result, "--until")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("by: 2026-11-20", "by: 9999-12-31"),
        ("date: 2026-11-02", "date: 0001-01-01"),
        ("date: 2026-11-17, type: interview", "date: 2100-01-01, type: interview"),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ["run", "--pack", "clue-wagon"],
        ["run", "--pack", "clue-wagon", "--format", "ics"],
        ["run", "--pack", "clue-wagon", "--simulate", "--until", "2027-06-30"],
        ["compare", "--all"],
        ["draft", "--pack", "clue-wagon", "--application", "acme-pm"],
        ["validate"],
    ],
)
def test_a_timeline_date_outside_the_range_is_an_error_at_its_line(
    tmp_path: Path, old: str, new: str, command: list[str]
) -> None:
    path = _timeline(tmp_path, old, new)
    args = [command[0], str(path), *command[1:]]
    if command[0] != "validate":
        args += AS_OF
    result = invoke(args)
    if command[0] == "validate":
        assert result.exit_code == 1, result.output
        assert "outside the supported dates" in result.stdout
        return
    match = assert_one_error_line(result)
    line = next(i for i, row in enumerate(path.read_text().splitlines(), 1) if new in row)
    assert (match["path"], match["line"]) == (str(path), str(line))
    assert "outside the supported dates" in match["message"]


def test_a_compare_baseline_with_an_impossible_as_of_is_located(tmp_path: Path) -> None:
    saved = invoke(["compare", WORKED, "--all", *AS_OF, "--format", "json"])
    assert saved.exit_code == 0
    data = json.loads(saved.stdout)
    for bad in ("2026-02-30", "9999-12-31"):
        data["as_of"] = bad
        baseline = tmp_path / "baseline.json"
        baseline.write_text(json.dumps(data, indent=2), encoding="utf-8")
        result = invoke(["compare", WORKED, "--all", "--baseline", str(baseline)])
        match = assert_one_error_line(result)
        assert match["path"] == str(baseline) and match["line"] == "3"


# --- 2. option errors look like click's usage errors ----------------------------------------------


def test_an_until_before_the_start_is_a_usage_error_naming_the_option() -> None:
    result = invoke(
        ["run", WORKED, "--pack", "clue-wagon", "--as-of", "2027-01-05", "--simulate",
         "--until", "2026-12-31"]
    )  # fmt: skip
    err = _assert_usage_error(result, "--until")
    assert "2026-12-31 is before the start of the simulation, 2027-01-05" in err


@pytest.mark.parametrize("name", ["../../x", "x\n", "Upper", "-lead", "a" * 64, ""])
def test_a_bad_pack_name_for_new_is_a_usage_error_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    err = _assert_usage_error(invoke(["new", "--", name]), "NAME")
    assert "is not a valid pack name" in err
    assert list(tmp_path.iterdir()) == []  # item 10: no `x\n.yaml`, nothing anywhere


# --- 3. stdout that cannot encode the text --------------------------------------------------------


@pytest.fixture
def accented(tmp_path: Path) -> Path:
    return _timeline(tmp_path, "Dana Whitfield", "Dána Wöhlfeld-Łukasz", "accented.yaml")


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1", "LC_ALL": "C"},
        {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"},
    ],
    ids=["ascii", "latin-1", "C-locale"],
)
def test_machine_formats_are_utf8_whatever_the_locale(accented: Path, env: dict[str, str]) -> None:
    outputs = {}
    for fmt in ("json", "ics", "markdown"):
        utf8 = _cli("run", str(accented), "--pack", "clue-wagon", *AS_OF, "--format", fmt,
                    env={"PYTHONIOENCODING": "utf-8"})  # fmt: skip
        other = _cli("run", str(accented), "--pack", "clue-wagon", *AS_OF, "--format", fmt, env=env)
        assert (other.returncode, other.stderr) == (0, b""), other.stderr
        assert other.stdout == utf8.stdout
        outputs[fmt] = other.stdout
    assert "Dána Wöhlfeld-Łukasz".encode() in outputs["json"]


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"}])
def test_human_text_is_printed_with_replacements(accented: Path, env: dict[str, str]) -> None:
    for args in (
        ["run", str(accented), "--pack", "clue-wagon", *AS_OF],
        ["run", str(accented), "--pack", "clue-wagon", *AS_OF, "--explain"],
        ["draft", str(accented), "--pack", "clue-wagon", "--application", "acme-pm", *AS_OF],
        ["compare", str(accented), "--all", *AS_OF],
    ):
        result = _cli(*args, env=env)
        assert result.returncode == 0, result.stderr
        assert b"Traceback" not in result.stderr
        assert b"W" in result.stdout and b"hlfeld" in result.stdout


def test_an_error_message_with_accents_reaches_an_ascii_stderr(tmp_path: Path) -> None:
    missing = tmp_path / "nöpe.yaml"
    result = _cli("run", str(missing), "--pack", "clue-wagon", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 2
    assert result.stderr.count(b"\n") == 1 and b"no such file" in result.stderr


# --- 4. stdout that fails -------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_full_disk_is_exit_2_with_one_line(fmt: str) -> None:
    with open("/dev/full", "wb") as full:
        result = _cli("run", WORKED, "--pack", "clue-wagon", *AS_OF, "--format", fmt, stdout=full)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0], lines
    assert lines[0].startswith("followup: error: ")


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    # Enough output to fill a pipe's buffer many times over, so that writing must fail.
    big = tmp_path / "big.yaml"
    text = WORKED_EXAMPLE.read_text(encoding="utf-8")
    head, _, app = text.partition("applications:\n")
    apps = "".join(app.replace("id: acme-pm", f"id: acme-{i}") for i in range(300))
    big.write_text(f"{head}applications:\n{apps}", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "followup", "run", str(big), "--pack", "clue-wagon", *AS_OF,
         "--format", "json"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0
    assert err == b""


# --- 6. --output never replaces anything but a regular file ---------------------------------------


def _special_files(tmp_path: Path) -> list[Path]:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    sock_path = tmp_path / "sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    sock.close()
    return [Path("/dev/null"), fifo, sock_path]


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_output_refuses_devices_fifos_and_sockets(tmp_path: Path, force: list[str]) -> None:
    for special in _special_files(tmp_path):
        before = special.lstat()
        result = invoke(["run", WORKED, "--pack", "clue-wagon", *AS_OF, "-o", str(special), *force])
        match = assert_one_error_line(result)
        assert "not a regular file" in match["message"], match["message"]
        after = special.lstat()
        assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode)
        assert after.st_ino == before.st_ino


def test_new_refuses_a_special_file_too(tmp_path: Path) -> None:
    fifo = _special_files(tmp_path)[1]
    result = invoke(["new", "mine", "-o", str(fifo), "--force"])
    assert_one_error_line(result)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


# --- 11. a far --until is refused quickly, and the farthest allowed one finishes ------------------


def test_an_until_beyond_the_horizon_is_refused() -> None:
    result = invoke(["run", WORKED, "--pack", "3x3-networking", *AS_OF, "--simulate", "--until",
                     "2099-12-31"])  # fmt: skip
    err = _assert_usage_error(result, "--until")
    assert "more than 2 years after the start" in err and "give a day up to 2028-11-20" in err


def test_the_farthest_allowed_simulation_finishes_and_is_cut_by_nothing_but_the_pack() -> None:
    result = invoke(["run", str(EXAMPLE_TIMELINE), "--pack", "3x3-networking", *AS_OF,
                     "--simulate", "--until", "2028-11-20", "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["until"] == "2028-11-20"
    steps = [s for app in data["applications"] for s in app["steps"]]
    assert steps and max(s["date"] for s in steps) <= "2028-11-20"


# --- 12. a file of the wrong kind -----------------------------------------------------------------


def test_a_non_followup_file_as_pack_is_quoted_only_briefly(tmp_path: Path) -> None:
    passwd = tmp_path / "passwd"
    passwd.write_text(
        "root:x:0:0:root:/root:/bin/bash\n" * 40 + "secret:x:1000:1000::/home/secret:/bin/sh\n",
        encoding="utf-8",
    )
    match = assert_one_error_line(invoke(["run", WORKED, "--pack", str(passwd)]))
    assert len(match["message"]) < 160, match["message"]
    assert "secret" not in match["message"]
    assert "not a followup pack" in match["message"]


def test_a_timeline_given_as_a_pack_and_the_reverse_say_so() -> None:
    as_pack = assert_one_error_line(invoke(["run", WORKED, "--pack", WORKED]))
    assert "this is a timeline, not a pack" in as_pack["message"]
    pack = str(ROOT / "policies" / "clue-wagon.yaml")
    as_timeline = assert_one_error_line(invoke(["run", pack, "--pack", "clue-wagon"]))
    assert "this is a pack, not a timeline" in as_timeline["message"]


# --- 8. stderr: untrusted file names and values reach the terminal neutralised ---------------


def test_an_error_about_a_file_name_with_control_characters_is_neutralised(tmp_path: Path) -> None:
    name = tmp_path / "x\x1b[2Jy\x1b]0;title\x07\r.yaml"
    result = invoke(["run", str(name), "--pack", "clue-wagon", *AS_OF])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert not any(c in result.stderr for c in "\x1b\x07\r")
    assert "\\x1b[2J" in result.stderr


@pytest.mark.parametrize("where", ["id: acme-pm", "id: dana"])
def test_an_id_with_a_trailing_newline_is_refused_at_its_line(tmp_path: Path, where: str) -> None:
    key, value = where.split(": ")
    path = _timeline(tmp_path, where, f'{key}: "{value}\\n"')
    match = assert_one_error_line(invoke(["run", str(path), "--pack", "clue-wagon", *AS_OF]))
    line = next(i for i, row in enumerate(path.read_text().splitlines(), 1) if '\\n"' in row)
    assert match["line"] == str(line)


@pytest.mark.parametrize(
    ("command", "fmt"),
    [
        (["run", WORKED, "--pack", "clue-wagon"], "markdown"),
        (["run", WORKED, "--pack", "clue-wagon"], "ics"),
        (["compare", WORKED, "--all"], "markdown"),
    ],
)
def test_simulate_in_a_format_it_does_not_print_is_a_usage_error(
    command: list[str], fmt: str
) -> None:
    result = invoke([*command, *AS_OF, "--simulate", "--until", "2027-01-31", "--format", fmt])
    err = _assert_usage_error(result, "--format")
    assert f"--simulate prints text or json, not {fmt}" in err


@pytest.mark.parametrize("tagged", ["!!bool date", "!!int x", "!!float x", "!!bool 3"])
def test_an_explicit_tag_on_a_value_it_cannot_hold_is_located(tmp_path: Path, tagged: str) -> None:
    path = _timeline(tmp_path, "company: Acme Corp", f"company: {tagged}")
    match = assert_one_error_line(invoke(["run", str(path), "--pack", "clue-wagon", *AS_OF]))
    assert match["message"].startswith("invalid ")
