"""`followup batch INPUT... --pack P`: many timelines under one or more packs, as JSON Lines.

One record per timeline and pack, in the order of the inputs (schemas/batch.schema.json):
the report `followup run --format json` prints, or an error record for an input that cannot
be evaluated, and the batch goes on (`--fail-fast` stops after the first). Records are
written as they come; with `-o FILE`, into a file beside it that takes its name at the end.
Exit 1 when any input failed; 3 when followup met a bug on an input (its record says so,
and the batch goes on).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from ..analysis.compare import labels
from ..analysis.evaluation import prepare
from ..analysis.population import Population
from ..batch.inputs import units
from ..batch.pool import run_units
from ..batch.work import Job, packs_of
from ..dates.days import DaySpec
from ..errors import UsageError
from ..io.fileio import new_file, refuse_inputs
from ..load.packs import builtin_paths, check_distinct
from ..present.fit import PLAIN
from ..present.formats import POPULATION
from .guard import log_bug, sorry
from .terminal import is_terminal, layout

__all__ = ["BatchArgs", "execute"]

# Tracebacks written to the log: a bug met on every line of a long input must neither fill the
# memory nor the disk, and the first few say what it is.
_KEPT_BUGS = 20


@dataclass(frozen=True)
class BatchArgs:
    inputs: tuple[str, ...]
    packs: tuple[str, ...] = ()
    all_packs: bool = False
    as_of: DaySpec | None = None  # None: today where each candidate lives
    jobs: int | None = None  # None: one per CPU
    output: Path | None = None  # None: standard output
    force: bool = False
    fail_fast: bool = False
    pack_path: tuple[Path, ...] = ()
    summary: bool = False  # print the population's counts (records: only to --output)
    fmt: str = "text"  # the summary's


def _job(args: BatchArgs) -> Job:
    if args.all_packs and args.packs:
        raise UsageError("give --pack or --all, not both", "--all")
    refs = tuple(sorted(builtin_paths())) if args.all_packs else args.packs
    if not refs:
        raise UsageError("no pack to evaluate with", "--pack", "give --pack (repeatable) or --all")
    # With --summary and no --output the records go nowhere: the workers need not write them.
    records = not args.summary or args.output is not None
    job = Job(refs, tuple(str(p) for p in args.pack_path), args.as_of, args.summary, records)
    # A pack that cannot be loaded, or is given twice, is the command's error, before any input.
    check_distinct(packs_of(job), refs)
    for pack in packs_of(job):  # and one that cannot run, or a core that does not import
        prepare(pack)
    return job


def usable_cpus() -> int:
    """The CPUs this process may run on (a container's or `taskset`'s share, not the
    machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def execute(args: BatchArgs, out: BinaryIO | None = None, err: TextIO | None = None) -> int:
    err = err or sys.stderr
    job = _job(args)
    jobs = args.jobs if args.jobs is not None else usable_cpus()
    if jobs < 1:
        raise UsageError(f"{jobs} is not a number of processes", "--jobs", "give 1 or more")
    if args.output is not None:
        refuse_inputs(args.output, args.inputs)
    stdout = out or sys.stdout.buffer
    with _sink(args, stdout) as sink:
        code, population = _write(args, job, jobs, sink, err)
    if population is not None:
        fit = layout(sys.stdout) if out is None else PLAIN
        stdout.write(POPULATION.render(args.fmt, population, fit).encode())
        stdout.flush()
    return code


@contextlib.contextmanager
def _sink(args: BatchArgs, stdout: BinaryIO) -> Iterator[BinaryIO | None]:
    """Where the records go: the --output file, else standard output (None: nowhere, as
    standard output has the summary)."""
    if args.output is None:
        yield None if args.summary else stdout
        return
    with new_file(args.output, args.force) as fh:
        yield fh


def _write(
    args: BatchArgs, job: Job, jobs: int, sink: BinaryIO | None, err: TextIO
) -> tuple[int, Population | None]:
    failed = 0
    bugs: list[str] = []  # the first _KEPT_BUGS tracebacks; `met` counts them all
    met = 0
    population = Population(tuple(labels(packs_of(job)))) if job.summary else None
    outcomes = run_units(units(args.inputs, skip=args.output), job, jobs)
    with _progress(err) as step:
        for made in outcomes:
            met += len(made.bugs)
            bugs += made.bugs[: _KEPT_BUGS - len(bugs)]
            if sink is not None:
                sink.write(made.data)
            if population is not None and made.tally is not None:
                population.add(made.tally)
            step()
            if made.failed:
                failed += 1
                if args.fail_fast:
                    break
    if sink is not None:
        sink.flush()
    return _verdict(bugs, met, failed, err), population


def _verdict(bugs: list[str], met: int, failed: int, err: TextIO) -> int:
    if met:
        more = f"\n({met - len(bugs)} more, left out)\n" if met > len(bugs) else ""
        log = log_bug("\n".join(bugs) + more)
        err.write(f"followup: internal error on {met} of the inputs. {sorry(log)}\n")
        return 3
    return 1 if failed else 0


@contextlib.contextmanager
def _progress(err: TextIO) -> Iterator[Callable[[], object]]:
    """A progress bar on stderr when a person watches it (a terminal), else nothing."""
    if not is_terminal(err):
        yield lambda: None
        return
    from tqdm import tqdm

    with tqdm(file=err, unit=" timelines", leave=False) as bar:
        yield lambda: bar.update(1)
