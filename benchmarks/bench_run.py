"""Time `followup run` on the example timeline against importing its dependencies.

Both commands run alternately in one process tree, so machine load affects them alike; the
script prints each median and their ratio. Target: the ratio is at most 1.3, i.e. followup adds
no more than 30% to the cost of just starting Python with click, yaml, jsonschema and
durable.engine imported.

The first, untimed run fills followup's disk cache (holiday tables and "already valid" markers
for the pack and timeline), as any second use on a machine would; the script then also reports
the ratio with the cache turned off (FOLLOWUP_NO_CACHE=1), for information.

Both sides run with their bytecode in a fresh PYTHONPYCACHEPREFIX, written by the untimed
first run, as on any machine that keeps bytecode (a wheel install compiles it): where
PYTHONDONTWRITEBYTECODE is set, an editable install would otherwise compile followup's own
sources on every start while the dependencies' bytecode was compiled at install, and the
ratio would measure that difference, not followup.

    python benchmarks/bench_run.py [--runs N] [--against OTHER/.venv/bin/followup]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.3


def _followup() -> list[str]:
    script = Path(sys.executable).with_name("followup")
    if script.exists():
        return [str(script)]
    found = shutil.which("followup")
    if found:
        return [found]
    sys.exit("bench_run: the followup command is not installed next to this Python")


def _time(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=env)
    return time.perf_counter() - start


def _medians(cmds: list[list[str]], runs: int, env: dict[str, str]) -> list[float]:
    times: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):  # alternate, so that load on the machine hits all alike
        for cmd, out in zip(cmds, times, strict=True):
            out.append(_time(cmd, env))
    return [statistics.median(t) for t in times]


def _run(followup: list[str]) -> list[str]:
    return [
        *followup,
        "run",
        "examples/timeline.yaml",
        "--pack",
        "clue-wagon",
        "--as-of",
        "2026-11-21",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument(
        "--against",
        metavar="FOLLOWUP",
        help="another installation's followup command (an earlier version, say), timed in the "
        "same run: its ratio too, and how the two compare",
    )
    args = parser.parse_args()
    cmds = [
        _run(_followup()),
        [sys.executable, "-c", "import click, yaml, jsonschema, durable.engine"],
    ]
    if args.against:
        cmds.append(_run([args.against]))
    with tempfile.TemporaryDirectory(prefix="followup-bench-") as pycache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = pycache
        return _report(cmds, args.runs, env)


def _report(cmds: list[list[str]], runs: int, env: dict[str, str]) -> int:
    for cmd in cmds:  # warm the OS file cache, the bytecode and followup's disk cache
        _time(cmd, env)
    r, b, *other = _medians(cmds, runs, env)
    ratio = r / b
    print(f"followup run  median {r * 1000:7.1f} ms over {runs} runs")
    print(f"bare imports  median {b * 1000:7.1f} ms over {runs} runs")
    verdict = "ok" if ratio <= TARGET else "over target"
    print(f"ratio {ratio:.2f} (target <= {TARGET}: {verdict})")
    if other:
        (o,) = other
        print(
            f"--against     median {o * 1000:7.1f} ms, ratio {o / b:.2f}; "
            f"this run / that: {r / o:.2f}"
        )
    cold_env = {**env, "FOLLOWUP_NO_CACHE": "1"}
    cr, cb = _medians(cmds[:2], max(3, runs // 3), cold_env)
    print(
        f"without the disk cache: followup run {cr * 1000:.1f} ms, "
        f"ratio {cr / cb:.2f} (information)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
