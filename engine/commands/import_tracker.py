"""`followup import`: a spreadsheet job tracker saved as CSV, read into a new timeline
(engine/tracker/, docs/import.md). Every problem of the file is reported, each at its row and
column, and then nothing is written (exit 2)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..dates.machine import machine_country, machine_timezone
from ..errors import EngineError, InputError, UsageError
from ..io.fileio import check_new_file, refuse_inputs, write_new_file
from ..io.safeyaml import shown_name
from ..present.import_text import dry_run_text
from ..present.textsafe import neutralise
from ..tracker.columns import MappingError
from ..tracker.document import Candidate, checked, read_tracker, timeline_data, timeline_yaml
from . import remedies
from .newtimeline import check_place, modeline, pinned_pack
from .terminal import is_terminal


@dataclass(frozen=True)
class ImportArgs:
    source: str  # a CSV file, or "-" for standard input
    output: Path | None = None  # None: print the timeline
    mapping: tuple[str, ...] = ()  # "COLUMN=FIELD", as given
    dry_run: bool = False
    day_first: bool = False
    timezone: str | None = None  # None: the machine's
    country: str | None = None  # None: the locale's
    subdivision: str | None = None
    name: str | None = None
    pack: str | None = None
    force: bool = False


def parse_mapping(given: tuple[str, ...]) -> list[tuple[str, str]]:
    pairs = []
    for item in given:
        column, sep, field = item.rpartition("=")
        if not sep or not column.strip() or not field.strip():
            raise UsageError(
                f"{item!r} is not COLUMN=FIELD", "--map", "as in --map 'Applied On=date_applied'"
            )
        pairs.append((column, field))
    return pairs


def candidate(args: ImportArgs) -> Candidate:
    """Who the timeline is for, from the options or the machine; a UsageError for a value
    the timeline could not hold."""
    zone = args.timezone or machine_timezone()
    country = (args.country or machine_country() or "").upper()
    if not country:
        raise UsageError(
            "the country whose public holidays count cannot be told from the locale",
            "--country",
            "give its ISO 3166-1 alpha-2 code, as in --country US",
        )
    subdivision = (args.subdivision or "").upper()
    check_place(zone, country, subdivision)
    pack = pinned_pack(args.pack) if args.pack else ""
    return Candidate(zone, country, subdivision, args.name or "", pack)


def _header(args: ImportArgs) -> str:
    source = neutralise(shown_name(args.source), newlines=False)  # a comment stays one line
    return (
        f"{modeline()}\n"
        f"# Imported from {source} by followup import; docs/timeline.md describes the format.\n"
    )


def execute(args: ImportArgs, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    err = err or sys.stderr
    mapping = parse_mapping(args.mapping)
    who = candidate(args)
    if args.output is not None and not args.dry_run:
        check_new_file(args.output, args.force)  # before the work, not after it
        refuse_inputs(args.output, [args.source])
    try:
        imported = read_tracker(args.source, mapping, args.day_first)
    except MappingError as exc:
        raise UsageError(exc.message, "--map", exc.hint) from None
    if args.dry_run:
        out.write(dry_run_text(imported, remedies.hint))
        out.flush()
    for problem in imported.problems:
        err.write(neutralise(remedies.worded(problem), newlines=False) + "\n")
    if imported.problems:
        return 2
    if args.dry_run:
        return 0
    text = _header(args) + timeline_yaml(timeline_data(imported, who))
    shown = str(args.output) if args.output is not None else "<stdout>"
    try:
        checked(text, shown)
    except InputError as exc:  # every value was checked on the way in: this is followup's bug
        raise EngineError(f"the imported timeline does not load: {exc}") from None
    if args.output is None:
        out.write(neutralise(text) if is_terminal(out) else text)
        return 0
    write_new_file(args.output, text, args.force)
    count = len(imported.applications)
    out.write(
        f"wrote {neutralise(str(args.output), newlines=False)}: {count} application"
        f"{'s' * (count != 1)} from {neutralise(imported.table.path, newlines=False)}\n"
    )
    return 0
