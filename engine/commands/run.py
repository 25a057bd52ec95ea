"""`followup run`: one pack over one timeline, as of a day."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import NamedTuple, TextIO

from ..analysis.evaluation import evaluate
from ..dates.days import DaySpec
from ..load.timelines import load_timeline
from ..model import Pack, Timeline
from ..present.formats import REPORT, SIMULATION
from ..present.textsafe import lines_text
from .common import as_of_option, chosen_pack, day_option, given_pack, pack_ref
from .terminal import layout


class RunArgs(NamedTuple):
    timeline: str
    pack: str | None = None  # None: FOLLOWUP_PACK was not set either; the timeline's `pack:`
    as_of: DaySpec | None = None  # a date, or a day from today (`tomorrow`, `+3d`)
    format: str = REPORT.default
    pack_path: tuple[Path, ...] = ()
    simulate_until: DaySpec | None = None  # --simulate --until DAY
    explain: bool = False  # --explain: every rule, fired or not, and why
    output: Path | None = None  # --output FILE: written atomically instead of stdout
    force: bool = False  # --force: replace an existing --output


def execute(args: RunArgs, out: TextIO | None = None, err: TextIO | None = None) -> int:
    if args.output is not None:
        if args.pack is None:  # named by the timeline: --output must not be that file either
            args = args._replace(pack=pack_ref(None, load_timeline(args.timeline)))
        return _write_output(args, err or sys.stderr)
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    err = err or sys.stderr
    given = given_pack(args.pack, args.pack_path)
    timeline = load_timeline(args.timeline)
    pack = chosen_pack(given, timeline, args.pack_path)
    err.write(lines_text(pack.warnings))
    as_of = as_of_option(args.as_of, timeline.timezone)
    until = day_option(args.simulate_until, timeline.timezone, "--until")
    if until is not None:
        return _simulate(pack, timeline, as_of, until, args.format, out)
    report = evaluate(pack, timeline, as_of)
    if args.explain:
        from ..present.explain import explained

        report = explained(report)
    out.write(REPORT.render(args.format, report, layout(out)))
    return 0


def _simulate(
    pack: Pack, timeline: Timeline, as_of: dt.date, until: dt.date, fmt: str, out: TextIO
) -> int:
    from ..analysis.simulate import simulate
    from .common import check_until

    check_until(as_of, until)
    out.write(SIMULATION.render(fmt, [simulate(pack, timeline, as_of, until)], layout(out)))
    return 0


def _write_output(args: RunArgs, err: TextIO) -> int:
    """Render into memory, then write --output atomically (refusing to replace without --force)."""
    import io

    from ..io.fileio import check_new_file, refuse_inputs, write_new_file

    assert args.output is not None
    path = args.output
    refuse_inputs(path, (args.timeline, args.pack or ""))  # never an input file, even with --force
    check_new_file(path, args.force)  # before the work; write_new_file checks again
    buffer = io.StringIO()
    code = execute(args._replace(output=None), buffer, err)
    write_new_file(path, buffer.getvalue(), args.force)
    err.write(f"wrote {path}\n")
    return code
