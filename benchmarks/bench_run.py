"""Time `followup run` on the example timeline against importing its dependencies.

Both commands run alternately in one process tree, so machine load affects them alike; the
script prints each median and their ratio. Target: the ratio is at most 1.3, i.e. followup adds
no more than 30% to the cost of just starting Python with click, yaml, jsonschema and
durable.engine imported.

The first, untimed run fills followup's disk cache (holiday tables and "already valid" markers
for the pack and timeline), as any second use on a machine would; the script then also reports
the ratio with the cache turned off (FOLLOWUP_NO_CACHE=1), for information.

    python benchmarks/bench_run.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
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


def _time(cmd: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=env)
    return time.perf_counter() - start


def _medians(
    a: list[str], b: list[str], runs: int, env: dict[str, str] | None = None
) -> tuple[float, float]:
    ta: list[float] = []
    tb: list[float] = []
    for _ in range(runs):  # alternate, so that load on the machine hits both alike
        ta.append(_time(a, env))
        tb.append(_time(b, env))
    return statistics.median(ta), statistics.median(tb)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    args = parser.parse_args()
    run = [
        *_followup(),
        "run",
        "examples/timeline.yaml",
        "--pack",
        "clue-wagon",
        "--as-of",
        "2026-11-21",
    ]
    base = [sys.executable, "-c", "import click, yaml, jsonschema, durable.engine"]
    _time(run)  # warm the OS file cache and followup's disk cache
    _time(base)
    r, b = _medians(run, base, args.runs)
    ratio = r / b
    print(f"followup run  median {r * 1000:7.1f} ms over {args.runs} runs")
    print(f"bare imports  median {b * 1000:7.1f} ms over {args.runs} runs")
    verdict = "ok" if ratio <= TARGET else "over target"
    print(f"ratio {ratio:.2f} (target <= {TARGET}: {verdict})")
    cold_env = {**os.environ, "FOLLOWUP_NO_CACHE": "1"}
    cr, cb = _medians(run, base, max(3, args.runs // 3), cold_env)
    print(
        f"without the disk cache: followup run {cr * 1000:.1f} ms, "
        f"ratio {cr / cb:.2f} (information)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
