"""`followup export`: a timeline's applications as a spreadsheet tracker (CSV), one row per
application, in the columns `followup import` reads (engine/tracker/export.py)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TextIO

from ..io import safeyaml
from ..io.fileio import refuse_inputs, write_new_file
from ..load.timelines import timeline_from_document
from ..present.textsafe import neutralise
from ..tracker.export import tracker_csv
from .terminal import is_terminal

ExportFormat = Literal["csv"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv",)


@dataclass(frozen=True)
class ExportArgs:
    timeline: str  # a timeline file, or "-" for standard input
    format: ExportFormat = "csv"
    output: Path | None = None  # None: print it
    force: bool = False


def execute(args: ExportArgs, out: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    if args.output is not None:
        refuse_inputs(args.output, [args.timeline])
    doc = safeyaml.load_file(args.timeline)
    timeline = timeline_from_document(doc)
    text = tracker_csv(timeline, doc.data)
    if args.output is None:
        shown = is_terminal(out)  # a terminal: one line a row, no raw controls
        out.write(neutralise(text.replace("\r\n", "\n")) if shown else text)
        return 0
    write_new_file(args.output, text, args.force)
    count = len(timeline.applications)
    out.write(
        f"wrote {neutralise(str(args.output), newlines=False)}: {count} application"
        f"{'s' * (count != 1)} as CSV\n"
    )
    return 0
