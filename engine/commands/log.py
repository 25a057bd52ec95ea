"""`followup log FILE APP TYPE`: record an event in the timeline, and say what it changed."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, cast

from ..analysis.changes import changes
from ..analysis.evaluation import evaluate, prepare
from ..analysis.sameday import channel_findings, order_findings
from ..dates.days import DaySpec
from ..edit.session import Edited, TimelineFile
from ..io.safeyaml import Document
from ..load.validation import Finding
from ..model import Pack, Timeline
from ..present.changes_text import changes_lines
from ..present.textsafe import lines_text
from ..present.words import by_channel
from ..vocabulary import Channel
from .common import NO_PACK_HINT, as_of_option, chosen_pack, day_option, given_pack
from .editing import apply, say, shown, written
from .items import EventValues, Insertion, new_event
from .terminal import layout

_LINE = re.compile(r" \(line \d+\)")


@dataclass(frozen=True)
class LogArgs:
    file: str
    application: str
    type: str
    date: DaySpec | None = None  # default: today where the candidate lives
    time: str = ""
    channel: str = ""
    with_: tuple[str, ...] = ()
    round: int | None = None
    by: DaySpec | None = None
    says: str = ""
    outcome: str = ""
    asked: tuple[str, ...] = ()
    note: str = ""
    pack: str | None = None  # --pack or FOLLOWUP_PACK; else the timeline's `pack:`
    as_of: DaySpec | None = None  # the day to compare at: default today, or the event's day
    dry_run: bool = False
    quiet: bool = False
    pack_path: tuple[Path, ...] = ()
    not_by: tuple[str, ...] = ()  # a reply saying stop: only these channels


def execute(args: LogArgs, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    err = err or sys.stderr
    given = given_pack(args.pack, args.pack_path)
    file = TimelineFile.read(args.file)
    tz = file.timeline.timezone
    day = as_of_option(args.date, tz)
    values = EventValues(
        args.type, day, args.time, args.channel, args.with_, args.round,
        day_option(args.by, tz, "--by"), args.says, args.outcome, args.asked, args.note,
        args.not_by,
    )  # fmt: skip
    insertion = new_event(file, args.application, values)
    # Before anything is written: a timeline's `pack:` that cannot be loaded is an error of
    # the command, not a half-done one (the event written, then exit 2).
    timeline = file.timeline
    pack = given or (chosen_pack(None, timeline, args.pack_path) if timeline.pack else None)
    if pack is not None:
        prepare(pack)  # nor one that cannot run: a core that does not import, say
    edited, backup = apply(file, insertion, args.dry_run, out)
    if args.quiet:
        return 0
    channel = cast(Channel, args.channel)  # new_event checked it is one
    what = args.type + (f" {by_channel(channel)}" if channel else "")
    what += f" with {', '.join(args.with_)}" if args.with_ else ""
    said = [
        f"logged {shown(what)} on {day:%a %Y-%m-%d} in {shown(args.application)}"
        + written(file.path, edited.line, backup)
    ]
    if pack is None:
        say(out, [*said, f"(to see what it changed, {NO_PACK_HINT})"])
        return 0
    err.write(lines_text(pack.warnings))
    err.write(lines_text(_new_warnings(file, edited, insertion, pack)))
    as_of = max(as_of_option(args.as_of, tz), day)  # an event logged ahead counts from its day
    index = insertion.where[1]
    assert isinstance(index, int)
    before = evaluate(pack, file.timeline, as_of).applications[index]
    after = evaluate(pack, edited.timeline, as_of).applications[index]
    changed = changes(before, after, insertion.position)
    say(out, said, changes_lines(pack, as_of, changed, layout(out)))
    return 0


def _new_warnings(
    file: TimelineFile, edited: Edited, insertion: Insertion, pack: Pack
) -> list[str]:
    """What `followup validate` would now warn about in the application that it did not
    before (the new event without the channel the pack counts, or listed in an order that
    changes the advice), so that the person who logged it hears it now."""
    at = insertion.where
    index = at[1]
    assert isinstance(index, int)

    def found(doc: Document, timeline: Timeline) -> list[Finding]:
        app = timeline.applications[index]
        return [
            *order_findings(doc, at, timeline, app, pack),
            *channel_findings(doc, at, app, pack),
        ]

    def said(finding: Finding) -> str:
        return _LINE.sub("", finding.message)  # the event's lines moved by one: not news

    known = {said(f) for f in found(file.document, file.timeline)}
    return [f.format() for f in found(edited.document, edited.timeline) if said(f) not in known]
