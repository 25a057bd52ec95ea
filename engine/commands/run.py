"""`followup run`: one pack over one timeline, as of a day."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import NamedTuple, TextIO

from .. import today_in
from ..analysis.evaluation import evaluate
from ..load.packs import load_pack
from ..load.timelines import load_timeline
from ..model import Pack, Timeline
from ..present.formats import REPORT, SIMULATION
from ..present.textsafe import lines_text


class RunArgs(NamedTuple):
    timeline: str
    pack: str
    as_of: dt.date | None = None
    format: str = REPORT.default
    pack_path: tuple[Path, ...] = ()
    simulate_until: dt.date | None = None  # --simulate --until DATE
    explain: bool = False  # --explain: every rule, fired or not, and why
    output: Path | None = None  # --output FILE: written atomically instead of stdout
    force: bool = False  # --force: replace an existing --output


def execute(args: RunArgs, out: TextIO | None = None, err: TextIO | None = None) -> int:
    if args.output is not None:
        return _write_output(args, err or sys.stderr)
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    err = err or sys.stderr
    pack = load_pack(args.pack, args.pack_path)
    err.write(lines_text(pack.warnings))
    timeline = load_timeline(args.timeline)
    as_of = args.as_of or today_in(timeline.timezone)
    if args.simulate_until is not None:
        return _simulate(args, pack, timeline, as_of, out)
    report = evaluate(pack, timeline, as_of)
    if args.explain:
        from ..present.explain import explained

        report = explained(report)
    out.write(REPORT.render(args.format, report))
    return 0


def _simulate(args: RunArgs, pack: Pack, timeline: Timeline, as_of: dt.date, out: TextIO) -> int:
    from ..analysis.simulate import simulate
    from .common import check_until

    assert args.simulate_until is not None
    check_until(as_of, args.simulate_until)
    out.write(
        SIMULATION.render(args.format, [simulate(pack, timeline, as_of, args.simulate_until)])
    )
    return 0


def _write_output(args: RunArgs, err: TextIO) -> int:
    """Render into memory, then write --output atomically (refusing to replace without --force)."""
    import io

    from ..io.fileio import check_new_file, refuse_inputs, write_new_file

    assert args.output is not None
    path = args.output
    refuse_inputs(path, (args.timeline, args.pack))  # never an input file, even with --force
    check_new_file(path, args.force)  # before the work; write_new_file checks again
    buffer = io.StringIO()
    code = execute(args._replace(output=None), buffer, err)
    write_new_file(path, buffer.getvalue(), args.force)
    err.write(f"wrote {path}\n")
    return code
