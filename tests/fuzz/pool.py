"""The parent's side: worker processes, timeouts, and the pool that runs and checks cases."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .child import RunResult
from .contract import Violation, check
from .model import Case
from .paths import ROOT, TESTS


class Worker:
    """One long-lived child process that serves runs; restarted if it ever dies."""

    def __init__(self, index: int, scratch: Path, cache_dir: Path) -> None:
        self.index = index
        self.dir = scratch / f"worker-{index}"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.cache_dir = cache_dir
        self.proc: subprocess.Popen[str] | None = None

    def _start(self) -> subprocess.Popen[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONIOENCODING", "LC_"))}
        env.update(
            FUZZ_WORKER_DIR=str(self.dir),
            XDG_CACHE_HOME=str(self.cache_dir),  # shared by the workers, as by two terminals
            # Different per worker: a second run in another worker catches an output that
            # depends on set or dict order of strings.
            PYTHONHASHSEED=str(self.index + 1),
            LANG="C.UTF-8",
            LC_ALL="C.UTF-8",
        )
        code = (
            f"import sys; sys.path.insert(0, {str(TESTS)!r}); "
            "from fuzz.worker import serve; serve()"
        )
        log = (self.dir / "worker.log").open("ab")
        return subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            encoding="utf-8",
        )

    def run(self, case: Case, folder: Path, run: int, timeout: float) -> RunResult:
        req = {
            "folder": str(folder),
            "files": {name: base64.b64encode(data).decode() for name, data in case.files},
            "argv": list(case.argv),
            "encoding": case.encoding,
            "env": case.env(run),
            "tamper": case.tamper if run == 0 else None,
            "timeout": timeout,
            "fmt": case.fmt,
            "output_file": case.output_file,
            "stdout_to": case.stdout_to,
            "fresh": case.fresh_process and run == 0,
        }
        for attempt in range(2):
            if self.proc is None or self.proc.poll() is not None:
                self.proc = self._start()
            assert self.proc.stdin is not None and self.proc.stdout is not None
            try:
                self.proc.stdin.write(json.dumps(req) + "\n")
                self.proc.stdin.flush()
                line = self.proc.stdout.readline()
            except (BrokenPipeError, OSError):
                line = ""
            if line:
                wire = json.loads(line)
                if "harness_error" not in wire:
                    return RunResult.from_wire(wire)
                error = wire["harness_error"]
            else:
                error = f"worker {self.index} died (attempt {attempt + 1})"
                self.close()
        return RunResult(-999, b"", b"", 0, "", "", 0.0, False, [], [], [], harness_error=error)

    def close(self) -> None:
        if self.proc is not None:
            with contextlib.suppress(OSError):
                if self.proc.stdin:
                    self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None


@dataclass
class Outcome:
    case: Case
    runs: list[RunResult]
    violations: list[Violation]


class Pool:
    """`jobs` runs at a time over jobs + 1 workers: a replay always goes to a worker other
    than the first run's, and there is always one free for it, so two replays cannot wait on
    each other."""

    def __init__(self, jobs: int, scratch: Path, timeout: float = 10.0) -> None:
        self.jobs = max(1, jobs)
        self.scratch = scratch
        self.timeout = timeout
        cache_dir = scratch / "cache"
        self.workers = [Worker(i, scratch, cache_dir) for i in range(self.jobs + 1)]
        self.free: queue.Queue[Worker] = queue.Queue()
        for worker in self.workers:
            self.free.put(worker)
        self._counter = 0
        self._lock = threading.Lock()

    def _folder(self) -> Path:
        with self._lock:
            self._counter += 1
            return self.scratch / "cases" / str(self._counter)

    def run_case(self, case: Case, timeout: float | None = None) -> Outcome:
        folder = self._folder()  # the same path for both runs: paths in messages must match
        limit = self.timeout if timeout is None else timeout
        first = self.free.get()
        try:
            runs = [first.run(case, folder, 0, limit)]
            if case.deterministic_check and not runs[0].timed_out:
                second = self.free.get()
                try:
                    runs.append(second.run(case, folder, 1, limit))
                finally:
                    self.free.put(second)
        finally:
            self.free.put(first)
        return Outcome(case, runs, check(case, runs))

    def outcomes(self, cases: Iterable[Case]) -> Iterator[Outcome]:
        """Run every case, `jobs` at a time, yielding outcomes in the order of `cases`; only a
        few cases are drawn ahead, so that a long campaign runs in little memory."""
        from collections import deque
        from concurrent.futures import Future, ThreadPoolExecutor

        with ThreadPoolExecutor(self.jobs) as executor:
            pending: deque[Future[Outcome]] = deque()
            for case in cases:
                pending.append(executor.submit(self.run_case, case))
                if len(pending) >= 4 * self.jobs:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

    def run_many(self, cases: Iterable[Case]) -> list[Outcome]:
        return list(self.outcomes(cases))

    def close(self) -> None:
        for worker in self.workers:
            worker.close()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
