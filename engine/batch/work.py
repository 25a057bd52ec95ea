"""The unit of work of a batch: one timeline under every pack asked for, as records.

`evaluate_unit` is a pure function of its arguments (picklable: bytes, strings, a date), so
a process pool or a cluster's workers can run it anywhere followup is installed. Each process
loads and compiles a pack once (`_pack`), as the matching core keeps one live session per
process. A record is what `followup run --format json` prints for the timeline and the pack,
under `report`; or, for a timeline that cannot be read or is not valid, one error record
with the place and the message `followup run` would give.
"""

from __future__ import annotations

import datetime as dt
import json
import traceback
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from ..analysis.compare import labels
from ..analysis.evaluation import evaluate
from ..analysis.population import Population, failed, tally
from ..core.adapter import CoreUnavailable
from ..dates.days import DaySpec, resolve, today_in
from ..errors import EngineError, FollowupError, Location
from ..io import safeyaml
from ..load.packs import load_pack
from ..load.timelines import timeline_from_text
from ..model import Pack
from ..present.report import report_dict
from .inputs import Unit

__all__ = [
    "RECORD_KINDS", "Job", "Outcome", "Record", "Written", "crashed", "error_record",
    "evaluate_unit", "line", "outcome", "written",
]  # fmt: skip

Record = dict[str, Any]
RECORD_KINDS = ("report", "error")


class Job(NamedTuple):
    """What every unit of a batch is evaluated with: the packs (references as `--pack` takes
    them), where custom packs are looked for, and the day (None: today where each candidate
    lives)."""

    packs: tuple[str, ...]
    pack_path: tuple[str, ...] = ()
    as_of: DaySpec | None = None
    summary: bool = False  # count each unit's reports too (Outcome.tally)
    records: bool = True  # serialise the records (Written.data): not when only counts are kept


@cache
def _pack(ref: str, pack_path: tuple[str, ...]) -> Pack:
    return load_pack(ref, tuple(Path(p) for p in pack_path))


def packs_of(job: Job) -> list[Pack]:
    """The job's packs, loaded (and kept for the rest of this process)."""
    return [_pack(ref, job.pack_path) for ref in job.packs]


def error_record(unit: Unit, exc: FollowupError) -> Record:
    """Where the problem is, in the input as the user has it: in a JSON Lines file, the line
    of the file (the document's own line 1 is that line)."""
    where = exc.location or Location(unit.path)
    line = where.line + unit.line - 1 if unit.line else where.line
    message = exc.message + (f" ({exc.hint})" if exc.hint else "")
    return {"kind": "error", "path": unit.path, "line": line, "col": where.col, "message": message}


def internal_record(unit: Unit, exc: Exception) -> Record:
    """A bug met while evaluating one input: an error record marked internal, so that the
    batch goes on (and says so at the end)."""
    said = exc.message if isinstance(exc, FollowupError) else str(exc)
    return {
        "kind": "error", "path": unit.path, "line": unit.line or 1, "col": 1,
        "message": f"internal error ({type(exc).__name__}: {said[:200]}): a bug in followup",
        "internal": True,
    }  # fmt: skip


def _bug(unit: Unit, exc: Exception) -> str:
    """What a bug report needs of a bug met on `unit`: where, then the traceback."""
    return f"{unit.path}:{unit.line or 1}\n" + "".join(traceback.format_exception(exc))


class Outcome(NamedTuple):
    """A unit's records, and with a job's `summary` its counts (None: no counts asked for);
    `bugs`, for the log: where and the traceback of each bug met (evaluating or counting)."""

    records: list[Record]
    tally: Population | None = None
    bugs: tuple[str, ...] = ()


def evaluate_unit(unit: Unit, job: Job) -> list[Record]:
    """The unit's records: one report per pack, in the job's order, or one error record.

    A bug met on one input is that input's error record (`internal_record`), not the end of
    the batch: a worker's exception would lose every other input of its task.
    """
    return outcome(unit, job).records


def outcome(unit: Unit, job: Job) -> Outcome:
    """The unit's records and, when the job asks for a summary, their counts."""
    try:
        return _outcome(unit, job)
    except CoreUnavailable:
        raise  # how followup is installed, the same for every input: the batch's error
    except Exception as exc:  # a bug, in this input's evaluation only
        return Outcome([internal_record(unit, exc)], _failed(job), (_bug(unit, exc),))


class Written(NamedTuple):
    """A unit's outcome as the batch writes it, made where it was evaluated: in a worker,
    serialising there spares the parent, which writes every record, most of the work."""

    data: bytes  # the records, as JSON Lines
    failed: bool  # an error record
    bugs: tuple[str, ...]  # Outcome.bugs
    tally: Population | None = None


def line(record: Record) -> bytes:
    """A record as one line of JSON Lines: the same bytes for the same record."""
    return (_ENCODE(record) + "\n").encode()


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # one, not one a line


def written(unit: Unit, job: Job) -> Written:
    """The unit's outcome, serialised."""
    made = outcome(unit, job)
    failed = bool(made.records) and made.records[0]["kind"] == "error"
    return Written(_data(made.records, job), failed, made.bugs, made.tally)


def _data(records: list[Record], job: Job) -> bytes:
    """The records as JSON Lines, when the job keeps them."""
    return b"".join(line(r) for r in records) if job.records else b""


def crashed(unit: Unit, job: Job, exc: Exception) -> Written:
    """A unit whose worker process died evaluating it, on its own (the matching core is C,
    and a crash there takes the process): its internal error record, and the bug for the log.
    The other inputs' records stand."""
    bug = f"{unit.path}:{unit.line or 1}\nthe worker process evaluating it died: {exc}"
    return Written(_data([internal_record(unit, exc)], job), True, (bug,), _failed(job))


def _failed(job: Job) -> Population | None:
    return failed(labels(packs_of(job))) if job.summary else None


def _outcome(unit: Unit, job: Job) -> Outcome:
    try:
        if unit.error is not None:
            raise unit.error
        name = unit.path
        # Not through the disk cache of texts known valid: a batch's timelines are seen once,
        # and a million of them would be a million cache files.
        timeline = timeline_from_text(safeyaml.decode(unit.data, name), name)
        zone = timeline.timezone
        as_of: dt.date = today_in(zone) if job.as_of is None else resolve(job.as_of, zone)
    except EngineError:
        raise  # a bug: never an input's error record
    except FollowupError as exc:
        return Outcome([error_record(unit, exc)], _failed(job))
    line = unit.line or None
    reports = [evaluate(pack, timeline, as_of) for pack in packs_of(job)]
    records = [
        {"kind": "report", "path": unit.path, "line": line, "pack": report.pack.name,
         "report": report_dict(report)}
        for report in reports
    ]  # fmt: skip
    if not job.summary:
        return Outcome(records)
    try:
        return Outcome(records, tally(reports))
    except Exception as exc:  # a bug in the counting: the records stand, the count is short
        return Outcome(records, _failed(job), (_bug(unit, exc),))
