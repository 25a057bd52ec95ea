"""`followup agenda`: what to do in the coming days, across every application, one line each."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NamedTuple, TextIO

from ..analysis.agenda import DEFAULT_DAYS, agenda
from ..analysis.evaluation import evaluate
from ..dates.days import DaySpec
from ..errors import UsageError
from ..load.timelines import load_timeline
from ..present.agenda_text import ColorChoice
from ..present.formats import AGENDA
from ..present.textsafe import lines_text
from .common import as_of_option, chosen_pack, given_pack
from .terminal import layout, use_color

MAX_DAYS = 366


class AgendaArgs(NamedTuple):
    timeline: str
    pack: str | None = None  # None: FOLLOWUP_PACK was not set either; the timeline's `pack:`
    as_of: DaySpec | None = None
    days: int = DEFAULT_DAYS
    format: str = AGENDA.default
    color: ColorChoice = "auto"
    pack_path: tuple[Path, ...] = ()
    quiet: bool = False  # --quiet: the actions only, no header; nothing when none is due


def execute(args: AgendaArgs, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    err = err or sys.stderr
    if not 0 <= args.days <= MAX_DAYS:
        raise UsageError(f"{args.days} is not a number of days from 0 to {MAX_DAYS}", "--days")
    given = given_pack(args.pack, args.pack_path)
    timeline = load_timeline(args.timeline)
    pack = chosen_pack(given, timeline, args.pack_path)
    err.write(lines_text(pack.warnings))
    report = evaluate(pack, timeline, as_of_option(args.as_of, timeline.timezone))
    fitted = layout(out, color=use_color(args.color, out), quiet=args.quiet)
    out.write(AGENDA.render(args.format, agenda(report, args.days), fitted))
    return 0
