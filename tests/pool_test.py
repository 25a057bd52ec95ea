"""engine/batch/pool.py: worker processes give the records one process gives, in order, and a
worker that dies (a crash in the C core takes its process) costs one input's record, not the
batch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cli_support import EXAMPLE_TIMELINE, ROOT, as_json

AS_OF = "2026-11-21"
MARK = "CRASH-ME"
# Run at the start of every process of the batch through PYTHONPATH: a worker that meets the
# marker dies by SIGSEGV, as one would in durable_rules' C core.
CRASHER = f"""
import os, signal
import engine.batch.work as work
real = work.timeline_from_text
def crashing(text, path):
    if {MARK!r} in text:
        os.kill(os.getpid(), signal.SIGSEGV)
    return real(text, path)
work.timeline_from_text = crashing
"""


def _batch(
    tmp_path: Path, lines: list[str], jobs: str, crash: bool
) -> subprocess.CompletedProcess[bytes]:
    source = tmp_path / "many.jsonl"
    source.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    hooks = tmp_path / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(CRASHER if crash else "", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{hooks}{os.pathsep}{ROOT}",
           "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "XDG_STATE_HOME": str(tmp_path / "state")}  # fmt: skip
    cmd = [sys.executable, "-m", "cli", "batch", str(source), "-p", "clue-wagon",
           "--as-of", AS_OF, "-j", jobs]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, env=env, cwd=ROOT, timeout=240, check=False)


def test_a_worker_that_dies_costs_its_input_only(tmp_path: Path) -> None:
    good = as_json(EXAMPLE_TIMELINE)
    doomed = good.replace('"name": "', f'"name": "{MARK} ', 1)
    assert doomed != good
    lines = [good] * 80
    lines[45] = doomed
    crashed = _batch(tmp_path, lines, "2", crash=True)
    plain = _batch(tmp_path, [good] * 80, "1", crash=False)
    assert plain.returncode == 0, plain.stderr.decode()
    assert crashed.returncode == 3, crashed.stderr.decode()
    got = crashed.stdout.decode().splitlines()
    want = plain.stdout.decode().splitlines()
    assert len(got) == len(want) == 80
    dead = json.loads(got[45])
    assert dead["kind"] == "error" and dead["internal"] is True and dead["line"] == 46
    assert "BrokenProcessPool" in dead["message"]
    assert got[:45] + got[46:] == want[:45] + want[46:]  # every other record, in order
    said = crashed.stderr.decode().strip().splitlines()
    assert len(said) == 1 and "internal error on 1 of the inputs" in said[0], said


def test_inputs_that_keep_killing_workers_stop_the_batch(tmp_path: Path) -> None:
    """Beyond a few, something other than one input is killing the workers (memory, a signal
    from outside): isolating every input would never end, so the batch stops, exit 3."""
    doomed = as_json(EXAMPLE_TIMELINE).replace('"name": "', f'"name": "{MARK} ', 1)
    done = _batch(tmp_path, [doomed] * 6, "2", crash=True)
    assert done.returncode == 3, done.stderr.decode()
    said = done.stderr.decode().strip().splitlines()
    assert len(said) == 1 and "internal error" in said[0], said
    assert len(done.stdout.decode().splitlines()) == 3  # MAX_CRASHES records, then the stop
