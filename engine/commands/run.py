"""`followup run`: one pack over one timeline, as of a day."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .. import today_in
from ..evaluate import evaluate
from ..packs import load_pack
from ..render import REPORTERS
from ..timelines import load_timeline


@dataclass(frozen=True)
class RunArgs:
    timeline: str
    pack: str
    as_of: dt.date | None = None
    format: str = "table"
    pack_path: tuple[Path, ...] = ()


def execute(args: RunArgs, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    err = err or sys.stderr
    pack = load_pack(args.pack, args.pack_path)
    for warning in pack.warnings:
        err.write(f"{warning}\n")
    timeline = load_timeline(args.timeline)
    as_of = args.as_of or today_in(timeline.timezone)
    report = evaluate(pack, timeline, as_of)
    out.write(REPORTERS[args.format](report))
    return 0
