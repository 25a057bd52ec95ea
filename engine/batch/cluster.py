"""A batch on a cluster: the records of `followup batch` as a Dask bag (`pip install
'followup[dask]'`).

The driver only says where the timelines are. It walks folders, and finds in each JSON Lines
file where every block of lines starts and the number of its first line (reading the file for
its newlines, never holding a line). The workers read their own files and blocks, and evaluate
them with `evaluate_unit`. Only standard input, which the workers cannot see, is read by the
driver and sent whole. The bag's partitions come in the order of the inputs, so computing it
gives the records `followup batch` writes, in the same order.

Dask is imported when a bag is made, never when this module is: the core package does not need
it, and a worker imports this module to run `partition_records`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from ..analysis.compare import labels
from ..analysis.population import Population
from ..errors import FollowupError, UsageError
from ..io.safeyaml import STDIN
from .inputs import LINES_SUFFIX, Unit, file_unit, line_units, opened, units, walk
from .work import Job, Outcome, Record, outcome, packs_of

if TYPE_CHECKING:
    from dask.bag import Bag
    from dask.delayed import Delayed

__all__ = [
    "INSTALL", "PARTITION_SIZE", "Block", "DaskMissing", "Piece", "partition_population",
    "partition_records", "partitions", "piece_units", "population_of", "records_bag",
]  # fmt: skip

INSTALL = "pip install 'followup[dask]'"
# Timelines a partition: a task then takes seconds, long beside what Dask spends on a task.
PARTITION_SIZE = 256
_SCAN_BYTES = 1 << 20  # read at a time when looking for the newlines of a JSON Lines file
_log = logging.getLogger(__name__)


class DaskMissing(FollowupError):
    """Dask is not installed where a bag was asked for."""


class Block(NamedTuple):
    """Input that a worker reads itself: a whole file (`first` 0), or the `lines` lines of a
    JSON Lines file that start at byte `offset`, the first of them being line `first`."""

    path: str
    first: int = 0
    offset: int = 0
    lines: int = 0


# What a partition is made of: a Block, or a Unit the driver read (standard input, or the
# error of a subfolder it could not read).
Piece = Block | Unit


def records_bag(
    inputs: Sequence[str],
    job: Job,
    *,
    partition_size: int = PARTITION_SIZE,
    stdin: BinaryIO | None = None,
) -> Bag:
    """The records `followup batch INPUTS` gives under `job`, as a bag to compute on whatever
    scheduler is in use (a `distributed.Client`'s cluster, once one is made).

    About `partition_size` timelines go to a partition: a JSON Lines file is cut into blocks of
    that many lines, and consecutive small inputs share one. A pack that cannot be loaded is
    raised here, before any input is read, as `followup batch` reports it first."""
    tasks = _tasks(partition_records, inputs, job, partition_size, stdin)  # Dask is there
    import dask.bag as db

    bag: Bag = db.from_delayed(tasks) if tasks else db.from_sequence([], npartitions=1)
    return bag


def population_of(
    inputs: Sequence[str],
    job: Job,
    *,
    partition_size: int = PARTITION_SIZE,
    stdin: BinaryIO | None = None,
) -> Delayed:
    """The counts `followup batch INPUTS --summary` prints, as a Dask delayed that computes to
    a `Population` (engine/present/population_text.py renders it): each partition is counted
    on a worker, where it is evaluated, and the driver adds up the counts. The records are
    neither kept nor sent."""
    counting = job._replace(summary=True, records=False)
    tasks = _tasks(partition_population, inputs, counting, partition_size, stdin)
    from dask.delayed import delayed  # _tasks found Dask

    total: Delayed = delayed(_added, pure=False)(tuple(labels(packs_of(counting))), tasks)
    return total


def _tasks(
    work: Callable[[Sequence[Piece], Job], object],
    inputs: Sequence[str],
    job: Job,
    size: int,
    stdin: BinaryIO | None,
) -> list[Delayed]:
    try:
        import dask.bag  # noqa: F401  what a bag needs besides delayed
        from dask.delayed import delayed
    except ImportError as exc:
        why = f"a batch on a cluster needs Dask, which is not installed: {INSTALL}"
        raise DaskMissing(why) from exc
    if size < 1:
        raise UsageError(f"{size} is not a partition size", "partition_size", "1 or more")
    if not job.packs:
        raise UsageError("no pack to evaluate with", "job", "give Job(packs=(...))")
    packs_of(job)
    # Not pure: a file may change between two bags, and a key derived from its name alone
    # would let a cluster hand back the records it kept from the first.
    return [delayed(work, pure=False)(part, job) for part in partitions(inputs, size, stdin)]


def partition_records(pieces: Sequence[Piece], job: Job) -> list[Record]:
    """One partition's records, in its order: what a worker runs."""
    records: list[Record] = []
    for unit in piece_units(pieces):
        records += _outcome(unit, job).records
    return records


def partition_population(pieces: Sequence[Piece], job: Job) -> Population:
    """One partition's counts (`job.summary`): what a worker runs for `population_of`."""
    total = Population(tuple(labels(packs_of(job))))
    for unit in piece_units(pieces):
        made = _outcome(unit, job)
        if made.tally is not None:
            total.add(made.tally)
    return total


def _outcome(unit: Unit, job: Job) -> Outcome:
    made = outcome(unit, job)
    for bug in made.bugs:  # not in the records, as `followup batch` writes them: to a log
        _log.error("%s", bug)
    return made


def _added(packs: tuple[str, ...], parts: Sequence[Population]) -> Population:
    total = Population(packs)
    for part in parts:
        total.add(part)
    return total


def piece_units(pieces: Sequence[Piece]) -> Iterator[Unit]:
    """The Units the pieces hold or name, in their order, read here."""
    for piece in pieces:
        if isinstance(piece, Unit):
            yield piece
        elif piece.first == 0:
            yield file_unit(Path(piece.path))
        else:
            yield from line_units(Path(piece.path), piece.offset, piece.first, piece.lines)


def partitions(
    inputs: Sequence[str], size: int = PARTITION_SIZE, stdin: BinaryIO | None = None
) -> list[list[Piece]]:
    """What each partition reads, in the order of the inputs: pieces of about `size`
    timelines in all."""
    parts: list[list[Piece]] = []
    current: list[Piece] = []
    weight = 0
    for piece in _pieces(inputs, size, stdin):
        current.append(piece)
        weight += piece.lines if isinstance(piece, Block) and piece.first else 1
        if weight >= size:
            parts.append(current)
            current, weight = [], 0
    if current:
        parts.append(current)
    return parts


def _pieces(inputs: Sequence[str], size: int, stdin: BinaryIO | None) -> Iterator[Piece]:
    for name in inputs:
        if name == STDIN:
            yield from units([name], stdin)
            continue
        path = Path(name)
        # The same choice as `units` makes, file by file, so that the same Units come out.
        for found in walk(path) if path.is_dir() else [path]:
            if isinstance(found, Unit):  # a subfolder that cannot be read
                yield found
            elif found.suffix == LINES_SUFFIX:
                yield from _line_blocks(found, size)
            else:
                yield Block(str(found))


def _line_blocks(path: Path, size: int) -> Iterator[Piece]:
    """Blocks of `size` lines (the last may be shorter), found by counting newlines, as
    `line_units` numbers the lines: a line over the size limit is one line all the same."""
    fh = opened(path)
    if isinstance(fh, Unit):
        yield fh
        return
    name = str(path)
    start, first, seen = 0, 1, 0  # the block being measured: its offset, first line, lines
    read = ended = 0  # bytes read; the offset just after the last newline
    with fh:
        while chunk := fh.read(_SCAN_BYTES):
            at = 0
            while at := chunk.find(b"\n", at) + 1:
                seen += 1
                ended = read + at
                if seen == size:
                    yield Block(name, first, start, size)
                    start, first, seen = ended, first + size, 0
            read += len(chunk)
    if read > start:  # a last, shorter block, whose last line may have no newline
        yield Block(name, first, start, seen + (read > ended))
