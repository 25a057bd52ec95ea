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

from .inputs import Unit
from .work import Job, Written, packs_of, written

__all__ = ["CHUNK", "run_units"]

CHUNK = 32  # units a task: enough to make a task's cost of pickling small beside its work
_IN_FLIGHT = 4  # tasks a worker: enough to keep it busy while the parent writes


def _chunk(units: list[Unit], job: Job) -> list[Written]:
    return [written(unit, job) for unit in units]


def _start(job: Job) -> None:
    packs_of(job)  # compile once, before the first task


def run_units(units: Iterable[Unit], job: Job, jobs: int) -> Iterator[Written]:
    """Each unit's records, serialised (and counts when the job asks), in their order."""
    if jobs <= 1:
        yield from (written(unit, job) for unit in units)
        return
    context = multiprocessing.get_context("spawn")
    it = iter(units)
    chunks = iter(lambda: list(itertools.islice(it, CHUNK)), [])
    pending: deque[Future[list[Written]]] = deque()
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start, initargs=(job,)) as ex:
        try:
            for chunk in chunks:
                pending.append(ex.submit(_chunk, chunk, job))
                while len(pending) >= jobs * _IN_FLIGHT:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
