"""`followup compare`: several packs over one timeline, side by side, and where they disagree."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .. import builtin_pack_names
from ..analysis.baseline import baseline_changes, load_baseline
from ..analysis.compare import compare_packs
from ..dates.days import DaySpec
from ..errors import InputError
from ..load.packs import check_distinct, load_pack
from ..load.timelines import load_timeline
from ..model import Pack, Timeline
from ..present.compare_data import compare_dict
from ..present.compare_text import changes_text
from ..present.formats import COMPARISON, SIMULATION
from ..present.textsafe import lines_text
from .common import as_of_option, day_option
from .terminal import layout


@dataclass(frozen=True)
class CompareArgs:
    timeline: str
    packs: tuple[str, ...] = ()
    all_packs: bool = False  # every built-in pack (before any --pack)
    as_of: DaySpec | None = None  # a date, or a day from today (`tomorrow`, `+3d`)
    format: str = COMPARISON.default
    pack_path: tuple[Path, ...] = ()
    baseline: str | None = None
    fail_on_change: bool = False
    simulate_until: DaySpec | None = None  # --simulate --until DAY
    output: Path | None = None  # --output FILE: written atomically instead of stdout
    force: bool = False  # --force: replace an existing --output


def execute(args: CompareArgs, out: TextIO | None = None, err: TextIO | None = None) -> int:
    if args.output is not None:
        return _write_output(args, err or sys.stderr)
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    err = err or sys.stderr
    refs = [*(builtin_pack_names() if args.all_packs else []), *args.packs]
    if len(refs) < 2:
        raise InputError("compare needs at least two packs (--pack A --pack B, or --all)")
    if args.fail_on_change and args.baseline is None:
        raise InputError("--fail-on-change needs --baseline FILE")
    baseline = load_baseline(args.baseline) if args.baseline is not None else None
    packs = _load_packs(refs, args.pack_path, err)
    timeline = load_timeline(args.timeline)
    if args.as_of is None and baseline is not None:
        as_of = dt.date.fromisoformat(baseline["as_of"])
    else:
        as_of = as_of_option(args.as_of, timeline.timezone)
    until = day_option(args.simulate_until, timeline.timezone, "--until")
    if until is not None:
        return _simulate(packs, timeline, as_of, until, args.format, out)
    comparison = compare_packs(packs, timeline, as_of)
    out.write(COMPARISON.render(args.format, comparison, layout(out)))
    if baseline is None or args.baseline is None:
        return 0
    changes = baseline_changes(baseline, compare_dict(comparison))
    err.write(changes_text(changes, args.baseline))
    return 1 if changes and args.fail_on_change else 0


def _load_packs(refs: Sequence[str], pack_path: tuple[Path, ...], err: TextIO) -> list[Pack]:
    packs: list[Pack] = []
    for ref in refs:
        pack = load_pack(ref, pack_path)
        err.write(lines_text(pack.warnings))
        packs.append(pack)
        check_distinct(packs, refs)
    return packs


def _simulate(
    packs: list[Pack], timeline: Timeline, as_of: dt.date, until: dt.date, fmt: str, out: TextIO
) -> int:
    from ..analysis.simulate import simulate
    from .common import check_until

    check_until(as_of, until)
    sims = [simulate(p, timeline, as_of, until) for p in packs]
    out.write(SIMULATION.render(fmt, sims, layout(out)))
    return 0


def _write_output(args: CompareArgs, err: TextIO) -> int:
    """Render into memory, then write --output atomically (refusing to replace without --force):
    as `run --output` does."""
    import dataclasses
    import io

    from ..io.fileio import check_new_file, refuse_inputs, write_new_file

    assert args.output is not None
    path = args.output
    # never an input file, even with --force
    refuse_inputs(path, (args.timeline, *args.packs, args.baseline or ""))
    check_new_file(path, args.force)  # before the work; write_new_file checks again
    buffer = io.StringIO()
    code = execute(dataclasses.replace(args, output=None), buffer, err)
    write_new_file(path, buffer.getvalue(), args.force)
    err.write(f"wrote {path}\n")
    return code
