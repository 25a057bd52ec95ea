"""One run in a child process: its streams, limits, exit code, and what is scanned in its output."""

from __future__ import annotations

import base64
import contextlib
import io
import os
import re
import signal
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from .paths import ROOT
from .rules import UNSAFE_CHARS

# The child's stdout cap as a run sees it (RLIMIT_FSIZE): far above any real report.
MAX_OUTPUT = 64 * 1024 * 1024


# What a worker sends back of each stream; the checks that need all of it run in the worker.
MAX_REPORTED = 256 * 1024


MEMORY_LIMIT = 2 * 1024**3


@dataclass
class RunResult:
    rc: int  # the child's exit code; -N for signal N
    stdout: bytes  # at most MAX_REPORTED bytes of it
    stderr: bytes
    stdout_len: int
    stdout_digest: str
    stderr_digest: str
    seconds: float
    timed_out: bool
    changed: list[str]  # input files modified or removed
    stray: list[str]  # files that appeared in the case folder
    unsafe_stdout: list[str]  # control characters found in the whole of stdout
    json_error: str = ""  # why the whole of stdout is not JSON, for --format json
    raw_markup: list[str] = field(default_factory=list)  # live HTML or links, for markdown
    tamper_note: str = ""  # what was done to the cache before the run
    crash_log: str = ""  # the end of the traceback an exit 3 logged
    harness_error: str = ""

    @classmethod
    def from_wire(cls, wire: dict[str, Any]) -> RunResult:
        wire = dict(wire)
        wire["stdout"] = base64.b64decode(wire["stdout"])
        wire["stderr"] = base64.b64decode(wire["stderr"])
        return cls(**wire)


def _text_stream(fd: int, encoding: str, errors: str, line_buffering: bool) -> io.TextIOWrapper:
    raw = io.FileIO(fd, "w", closefd=False)
    return io.TextIOWrapper(
        io.BufferedWriter(raw), encoding=encoding, errors=errors, line_buffering=line_buffering
    )


def _exit_code(exc: SystemExit) -> int:
    """What the interpreter would exit with for this SystemExit."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _run_like_python(main: Callable[[], object]) -> int:
    """Run `main` as the interpreter runs a script: an uncaught exception prints Python's
    traceback and exits 1, and a stdout that fails at the final flush exits 120."""
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc)
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    try:
        sys.stdout.flush()
    except Exception:
        import traceback

        print("Exception ignored on flushing sys.stdout:", file=sys.stderr)
        traceback.print_exc()
        code = 120
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    return code


def _child(
    req: dict[str, Any], out_path: Path, err_path: Path, main: Callable[[], object]
) -> NoReturn:
    code = 70  # EX_SOFTWARE: the harness itself failed in the child
    try:
        os.chdir(req["folder"])
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        for fd, path in ((1, out_path), (2, err_path)):
            target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(target, fd)
            os.close(target)
        if req["stdout_to"] == "full":  # every write fails: ENOSPC (issue 8 item 4)
            full = os.open("/dev/full", os.O_WRONLY)
            os.dup2(full, 1)
            os.close(full)
        elif req["stdout_to"] == "closed":  # a reader that went away: EPIPE, as `| head -c0`
            reader, writer = os.pipe()
            os.close(reader)
            os.dup2(writer, 1)
            os.close(writer)
        encoding = req["encoding"]
        # What a fresh interpreter makes of fds 0-2 (PYTHONIOENCODING=ENC when not UTF-8).
        sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)))
        sys.stdout = _text_stream(1, encoding, "strict", line_buffering=False)
        sys.stderr = _text_stream(2, encoding, "backslashreplace", line_buffering=True)
        sys.__stdout__, sys.__stderr__ = sys.stdout, sys.stderr  # type: ignore[misc]
        sys.argv = ["followup", *req["argv"]]
        os.environ.update(req["env"])
        time.tzset()
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_OUTPUT, MAX_OUTPUT))
        # SIGALRM's default action ends the process whatever Python is doing, C code included.
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.setitimer(signal.ITIMER_REAL, float(req["timeout"]))
        code = _run_like_python(main)
    finally:
        os._exit(code)


def unsafe_chars(data: bytes, fmt: str) -> list[str]:
    text = data.decode("utf-8", errors="replace")
    if fmt == "ics":  # RFC 5545 lines end in CRLF: only a CR before LF is part of the format
        text = text.replace("\r\n", "\n")
    found = {
        f"U+{ord(c):04X} {unicodedata.name(c, '')}".strip() for c in UNSAFE_CHARS.findall(text)
    }
    return sorted(found)


# Markup that only the fuzzer's strings carry (NASTY_STRINGS): live in Markdown, it would
# underline, run a script or link to `javascript:` (issue 8 item 9).
MARKUP = {
    "<u>": re.compile(r"(?<!\\)<u>"),
    "<script": re.compile(r"(?<!\\)<script"),
    "](javascript:": re.compile(r"(?<!\\)\]\(javascript:"),
}  # each unless escaped by a backslash


_CODE_SPAN = re.compile(r"(`+).+?\1")


def raw_markup(data: bytes) -> list[str]:
    """The MARKUP outside code spans and fenced blocks, where Markdown shows text verbatim."""
    found: set[str] = set()
    fenced = False
    for line in data.decode("utf-8", errors="replace").split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            live = _CODE_SPAN.sub("", line)
            found.update(name for name, rx in MARKUP.items() if rx.search(live))
    return sorted(found)


def file_tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} if folder.exists() else set()


def crash_excerpt(stderr: bytes) -> str:
    """The traceback behind an exit 3, from the log its apology names (read at once, before
    another run's crash replaces it)."""
    match = re.search(rb"the traceback is in (.+?); please report", stderr)
    if not match:
        return ""
    try:
        return Path(os.fsdecode(match[1])).read_text(encoding="utf-8", errors="replace")[-4000:]
    except OSError:
        return ""


def fork_run(
    req: dict[str, Any], out_path: Path, err_path: Path, main: Callable[[], object]
) -> tuple[int, float]:
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        _child(req, out_path, err_path, main)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), time.perf_counter() - start


def fresh_run(req: dict[str, Any], out_path: Path, err_path: Path) -> tuple[int, float]:
    """The run as a user starts it, `python -m followup` in a new interpreter: what a fork of
    a warm worker cannot show (imports in their real order, PYTHONIOENCODING for real)."""
    env = {**os.environ, **req["env"], "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "followup", *req["argv"]],
            cwd=req["folder"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        try:
            proc.wait(timeout=float(req["timeout"]))
        except subprocess.TimeoutExpired:
            proc.kill()  # reported as the timer's signal, as a forked run's would be
            proc.wait()
            return -signal.SIGALRM, time.perf_counter() - start
    return proc.returncode, time.perf_counter() - start
