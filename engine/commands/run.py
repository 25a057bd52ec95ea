"""`followup run`: one pack over one timeline, as of a day."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .. import today_in
from ..errors import InputError
from ..evaluate import evaluate
from ..model import Pack, Timeline
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
    simulate_until: dt.date | None = None  # --simulate --until DATE


def execute(args: RunArgs, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    err = err or sys.stderr
    pack = load_pack(args.pack, args.pack_path)
    for warning in pack.warnings:
        err.write(f"{warning}\n")
    timeline = load_timeline(args.timeline)
    as_of = args.as_of or today_in(timeline.timezone)
    if args.simulate_until is not None:
        return _simulate(args, pack, timeline, as_of, out)
    report = evaluate(pack, timeline, as_of)
    out.write(REPORTERS[args.format](report))
    return 0


def _simulate(args: RunArgs, pack: Pack, timeline: Timeline, as_of: dt.date, out: TextIO) -> int:
    import json

    from ..simulate import simulate, simulation_dict, simulation_table

    assert args.simulate_until is not None
    if args.simulate_until < as_of:
        raise InputError(f"--until {args.simulate_until} is before the start {as_of}")
    sim = simulate(pack, timeline, as_of, args.simulate_until)
    if args.format == "json":
        out.write(json.dumps(simulation_dict(sim), indent=2, ensure_ascii=False) + "\n")
    elif args.format == "table":
        out.write(simulation_table(sim))
    else:
        raise InputError(f"--simulate prints table or json, not {args.format}")
    return 0
