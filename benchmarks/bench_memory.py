"""Peak resident memory and throughput of `followup batch` over a long JSON Lines input.

The script writes N small timelines (one application of 4 to 8 events each, seeded; the
generator of bench_batch.py) to a temporary JSON Lines file, then runs the installed
`followup batch FILE --pack P --as-of DAY --jobs J` as a child process for each J given, its
records going to /dev/null. While it runs, it reads the resident memory of the whole process
tree (the command and its workers) from /proc every 0.2 s. It prints, for each J, the wall
time, the timelines and events per second, the peak resident memory of the tree (the sum over
its processes) and of its largest process. Target (issue 14): a 1,000,000-line input in under
300 MB of resident memory.

    python benchmarks/bench_memory.py [--timelines N] [--jobs 1,2] [--pack NAME]

Exits 1 when a peak is over --limit-mb (300), or a run fails; 0 otherwise. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import AS_OF, timeline

_PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree(root: int) -> list[int]:
    """`root` and every process descended from it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


class Peak(threading.Thread):
    """Samples the resident memory of a process tree until stopped."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.total = 0
        self.largest = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            sizes = [_rss(pid) for pid in _tree(self.root)]
            self.total = max(self.total, sum(sizes))
            self.largest = max(self.largest, max(sizes, default=0))
            self.done.wait(0.2)


def write_input(path: Path, count: int, seed: int) -> int:
    """`count` one-application timelines, one a line; returns the number of events."""
    rng = random.Random(seed)
    events = 0
    with path.open("w", encoding="utf-8") as fh:
        for n in range(count):
            doc = timeline(rng, n, apps=1, events=rng.randint(4, 8))
            events += len(doc["applications"][0]["events"])
            fh.write(json.dumps(doc, separators=(",", ":")) + "\n")
    return events


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timelines", type=int, default=1_000_000)
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--pack", default="clue-wagon")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--limit-mb", type=float, default=300)
    opts = parser.parse_args()
    command = Path(sys.executable).with_name("followup")
    ok = True
    rates: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        lines = Path(tmp) / "timelines.jsonl"
        started = time.perf_counter()
        events = write_input(lines, opts.timelines, opts.seed)
        size = lines.stat().st_size / 1e6
        print(f"{opts.timelines} timelines, {events} events, {size:.0f} MB of JSON Lines"
              f" (written in {time.perf_counter() - started:.0f} s); pack {opts.pack}")  # fmt: skip
        for jobs in [int(j) for j in opts.jobs.split(",")]:
            argv = [str(command), "batch", str(lines), "--pack", opts.pack,
                    "--as-of", AS_OF.isoformat(), "--jobs", str(jobs)]  # fmt: skip
            started = time.perf_counter()
            with subprocess.Popen(argv, stdout=subprocess.DEVNULL) as proc:
                peak = Peak(proc.pid)
                peak.start()
                code = proc.wait()
                peak.done.set()
                peak.join()
            wall = time.perf_counter() - started
            total, largest = peak.total / 1e6, peak.largest / 1e6
            print(f"  --jobs {jobs}: exit {code}, {wall:.0f} s, {opts.timelines / wall:.0f}"
                  f" timelines/s, {events / wall:.0f} events/s; peak RSS {total:.0f} MB"
                  f" (all processes), {largest:.0f} MB (the largest)")  # fmt: skip
            ok = ok and code == 0 and total <= opts.limit_mb
            rates[jobs] = opts.timelines / wall
    one = rates.get(1)
    for jobs, rate in rates.items():
        if one and jobs > 1:
            print(f"  throughput with --jobs {jobs}: {rate / one:.2f}x --jobs 1's")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
