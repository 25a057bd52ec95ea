"""The worker process: reads requests, runs each in a forked child, tampers with caches."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from random import Random
from typing import Any

from .child import (
    MAX_REPORTED,
    crash_excerpt,
    file_tree,
    fork_run,
    fresh_run,
    raw_markup,
    unsafe_chars,
)
from .paths import ROOT
from .rules import SCANNED


def _tamper(cache: Path, rnd: Random) -> str:
    """Corrupt one entry of a warm cache, the ways a disk, a crash or a person could."""
    files = sorted(p for p in cache.rglob("*") if p.is_file() and p.name != "followup.log")
    if not files:
        return "nothing was cached"
    path = rnd.choice(files)
    name = str(path.relative_to(cache))
    data = path.read_bytes()
    how = rnd.choice(
        ("flip", "truncate", "empty", "nested", "huge", "digit", "garbage", "other", "dir",
         "symlink")
    )  # fmt: skip
    if how == "flip" and data:
        at = rnd.randrange(len(data))
        path.write_bytes(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :])
    elif how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "nested":
        path.write_bytes(b"[" * 5_000_000)
    elif how == "huge":
        path.write_bytes(b" " * (300 * 1024) + data)
    elif how == "digit":  # a date or a count edited by hand: only a checksum can tell
        digits = [i for i, b in enumerate(data) if 0x30 <= b <= 0x39]
        if digits:
            at = rnd.choice(digits)
            new = b"1" if data[at : at + 1] != b"1" else b"2"
            path.write_bytes(data[:at] + new + data[at + 1 :])
    elif how == "garbage":
        path.write_bytes(rnd.randbytes(64))
    elif how == "other":
        path.write_bytes(b'{"format": 2, "payload": []}')
    elif how == "dir":
        path.unlink()
        path.mkdir()
    else:
        path.unlink()
        path.symlink_to("/dev/zero")
    return f"{name}: {how}"


def _serve_one(
    req: dict[str, Any], out_path: Path, err_path: Path, main: Callable[[], object]
) -> dict[str, Any]:
    folder = Path(req["folder"])
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    files = {name: base64.b64decode(data) for name, data in req["files"].items()}
    for name, data in files.items():
        (folder / name).write_bytes(data)
    before = file_tree(folder)
    private = folder.parent / f"{folder.name}-cache"
    tamper_note = ""
    if req["tamper"] is not None:
        shutil.rmtree(private, ignore_errors=True)
        private.mkdir()
        req = {**req, "env": {**req["env"], "XDG_CACHE_HOME": str(private)}}
        fork_run(req, out_path, err_path, main)  # the warm-up fills the private cache
        shutil.rmtree(folder)  # and must leave nothing behind for the run (an --output file)
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        tamper_note = _tamper(private, Random(req["tamper"]))
    if req["fresh"]:
        rc, seconds = fresh_run(req, out_path, err_path)
    else:
        rc, seconds = fork_run(req, out_path, err_path, main)
    crash_log = crash_excerpt(err_path.read_bytes()) if rc == 3 else ""
    shutil.rmtree(private, ignore_errors=True)
    changed = []
    for name, data in files.items():
        path = folder / name
        if not path.is_file():
            changed.append(f"{name} removed")
        elif path.read_bytes() != data:
            changed.append(f"{name} modified")
    allowed = before | ({req["output_file"]} if req["output_file"] else set())
    stray = sorted(file_tree(folder) - allowed)
    stdout = out_path.read_bytes()
    stderr = err_path.read_bytes()
    shutil.rmtree(folder, ignore_errors=True)
    json_error = ""
    if req["fmt"] == "json" and stdout:
        try:
            json.loads(stdout)
        except ValueError as exc:
            json_error = f"{type(exc).__name__}: {exc}"
    return {
        "rc": rc,
        "stdout": base64.b64encode(stdout[:MAX_REPORTED]).decode(),
        "stderr": base64.b64encode(stderr[:MAX_REPORTED]).decode(),
        "stdout_len": len(stdout),
        "stdout_digest": hashlib.sha256(stdout).hexdigest(),
        "stderr_digest": hashlib.sha256(stderr).hexdigest(),
        "seconds": seconds,
        "timed_out": rc == -signal.SIGALRM,
        "changed": changed,
        "stray": stray,
        "unsafe_stdout": unsafe_chars(stdout, req["fmt"]) if req["fmt"] in SCANNED else [],
        "json_error": json_error,
        "raw_markup": raw_markup(stdout) if req["fmt"] == "markdown" else [],
        "tamper_note": tamper_note,
        "crash_log": crash_log,
    }


def _preload() -> None:
    """Import what any subcommand may import, once, in the worker: every forked child then
    starts warm (the CLI defers these imports to keep its own start fast)."""
    import importlib

    for name in (
        "cli", "engine", "engine.commands.run", "engine.commands.compare", "engine.commands.draft",
        "engine.commands.validate", "engine.commands.test", "engine.commands.show",
        "engine.present.explain", "engine.analysis.simulate", "engine.present.simulation",
        "engine.present.export", "engine.present.drafts.compose", "engine.present.describe",
        "engine.analysis.packtests", "engine.core.adapter", "engine.analysis.compare",
        "engine.present.compare_text", "engine.load.lint", "holidays", "icalendar", "jsonschema",
    ):  # fmt: skip
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def serve() -> None:
    """A worker process: read requests (JSON lines) on stdin, run each in a forked child,
    answer on the stdout it was started with."""
    sys.path.insert(0, str(ROOT))
    import followup.__main__ as entry

    _preload()
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    scratch = Path(os.environ["FUZZ_WORKER_DIR"])
    out_path, err_path = scratch / "stdout", scratch / "stderr"
    for line in sys.stdin:
        req = json.loads(line)
        try:
            answer = _serve_one(req, out_path, err_path, entry.main)
        except Exception as exc:  # reported as a harness error, not as the CLI's
            answer = {"harness_error": f"{type(exc).__name__}: {exc}"}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()
