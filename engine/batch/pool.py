"""Running a batch's units in order, in this process or in worker processes, with a bounded
number in flight: the input is read as the output is written, so memory does not grow with
the input, and the records come out in the input's order whatever finishes first.

Workers are started with `spawn`: the matching core is a C extension that keeps one live
session per process, and a forked copy of a parent's would share its state. Each worker
loads the job's packs once, when it starts.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .inputs import Unit
from .work import Job, Written, crashed, packs_of, written

__all__ = ["CHUNK", "run_units"]

CHUNK = 32  # units a task: enough to make a task's cost of pickling small beside its work
_IN_FLIGHT = 4  # tasks a worker: enough to keep it busy while the parent writes
# Inputs that may kill their worker before the batch stops: more means something other than
# one input is killing them (memory, a signal from outside), and isolating each would not end.
MAX_CRASHES = 3


def _chunk(units: list[Unit], job: Job) -> list[Written]:
    return [written(unit, job) for unit in units]


def _start(job: Job) -> None:
    packs_of(job)  # compile once, before the first task


def _submit(pool: ProcessPoolExecutor, units: list[Unit], job: Job) -> Future[list[Written]]:
    """The task, or, on a pool already broken (a worker died since the last look), a future
    that says so when it is read: then it is retried as the tasks in flight are."""
    try:
        return pool.submit(_chunk, units, job)
    except BrokenProcessPool as exc:
        broken: Future[list[Written]] = Future()
        broken.set_exception(exc)
        return broken


def _pool(job: Job, jobs: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_start, initargs=(job,))


def run_units(units: Iterable[Unit], job: Job, jobs: int) -> Iterator[Written]:
    """Each unit's records, serialised (and counts when the job asks), in their order.

    A worker that dies (a crash in the C core takes its process) breaks the pool, and every
    task in flight with it: those units are run again (`_isolated`), the one that killed its
    worker becomes its internal error record, and the batch goes on with a new pool.
    """
    if jobs <= 1:
        yield from (written(unit, job) for unit in units)
        return
    it = iter(units)
    chunks = iter(lambda: list(itertools.islice(it, CHUNK)), [])
    pending: deque[tuple[list[Unit], Future[list[Written]]]] = deque()
    crashes: list[Unit] = []
    pool = _pool(job, jobs)
    try:
        for chunk in itertools.chain(chunks, [None]):  # None: the input is read, drain
            if chunk is not None:
                pending.append((chunk, _submit(pool, chunk, job)))
            while pending and (chunk is None or len(pending) >= jobs * _IN_FLIGHT):
                units_of, future = pending.popleft()
                try:
                    made = future.result()
                except BrokenProcessPool:
                    suspects = units_of + [u for more, _ in pending for u in more]
                    pending.clear()
                    pool.shutdown(cancel_futures=True)
                    yield from _isolated(suspects, job, jobs, crashes)
                    pool = _pool(job, jobs)
                    continue
                yield from made
    finally:
        for _, future in pending:
            future.cancel()
        pool.shutdown(cancel_futures=True)


def _isolated(units: list[Unit], job: Job, jobs: int, crashes: list[Unit]) -> Iterator[Written]:
    """`units`, in order, one a task and at most `jobs` in flight; when the pool breaks again,
    the units then in flight are run once more, each alone in a new process: the one whose
    process dies alone is the crash."""
    queue = deque(units)
    while queue:
        pool = _pool(job, jobs)
        flight: deque[tuple[Unit, Future[list[Written]]]] = deque()
        try:
            while queue or flight:
                while queue and len(flight) < jobs:
                    unit = queue.popleft()
                    flight.append((unit, _submit(pool, [unit], job)))
                unit, future = flight.popleft()
                try:
                    yield from future.result()
                except BrokenProcessPool:
                    suspects = [unit, *(u for u, _ in flight)]
                    flight.clear()
                    break
            else:
                return
        finally:
            pool.shutdown(cancel_futures=True)
        for unit in suspects:
            yield _alone(unit, job, crashes)


def _alone(unit: Unit, job: Job, crashes: list[Unit]) -> Written:
    with _pool(job, 1) as pool:
        try:
            return pool.submit(_chunk, [unit], job).result()[0]
        except BrokenProcessPool as exc:
            crashes.append(unit)
            if len(crashes) > MAX_CRASHES:
                raise
            return crashed(unit, job, exc)
