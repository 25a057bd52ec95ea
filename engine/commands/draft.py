"""`followup draft`: message drafts for one application's pending recommendations, or, without
an application, for every recommendation due or overdue now, application by application."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..analysis.evaluation import evaluate
from ..core.results import ApplicationReport
from ..dates.days import DaySpec
from ..errors import InputError, Location
from ..io import safeyaml
from ..load.timelines import timeline_from_document
from ..load.validation import did_you_mean
from ..model import Pack
from ..outcomes import Recommendation
from ..present.drafts.compose import pending, ranked_drafts
from ..present.drafts.render import render
from ..present.textsafe import lines_text
from ..vocabulary import NOW_STATUSES, Channel
from .common import as_of_option, chosen_pack, given_pack


@dataclass(frozen=True)
class DraftArgs:
    timeline: str
    pack: str | None
    application: str | None  # None: every application with something due or overdue
    as_of: DaySpec | None = None  # a date, or a day from today (`tomorrow`, `+3d`)
    rule: str | None = None
    channel: str | None = None
    pack_path: tuple[Path, ...] = ()


def execute(args: DraftArgs, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    err = err or sys.stderr
    given = given_pack(args.pack, args.pack_path)
    doc = safeyaml.load_file(args.timeline)
    timeline = timeline_from_document(doc)
    pack = chosen_pack(given, timeline, args.pack_path)
    err.write(lines_text(pack.warnings))
    ids = [a.id for a in timeline.applications]
    if args.application is not None and args.application not in ids:
        raise InputError(
            f"no application {args.application!r} in this timeline"
            + did_you_mean(args.application, ids),
            doc.locate(("applications",), key=True),
        )
    rule_ids = [r.id for r in pack.rules]
    if args.rule is not None and args.rule not in rule_ids:
        raise InputError(
            f"no rule {args.rule!r} in {pack.name} {pack.version}"
            + did_you_mean(args.rule, rule_ids),
            _where(pack),
        )
    as_of = as_of_option(args.as_of, timeline.timezone)
    report = evaluate(pack, timeline, as_of)
    chosen = [a for a in report.applications if args.application in (None, a.id)]
    todo = [(one, _recs(one, args)) for one in chosen]
    todo = [(one, recs) for one, recs in todo if recs]
    under = f"rule {args.rule} of " if args.rule else ""
    if not todo:
        what = f"{args.application}: nothing pending" if args.application else "nothing due"
        out.write(
            lines_text(
                [
                    f"{what} under {under}{pack.name} {pack.version} "
                    f"as of {as_of:%a %Y-%m-%d}: no message to draft."
                    + ("" if args.application else " (--application ID drafts upcoming ones)")
                ]
            )
        )
        return 0
    channel: Channel | None = None
    if args.channel is not None:
        offered = sorted({c for _, recs in todo for r in recs for c in r.channels})
        if args.channel not in offered:
            raise InputError(
                f"--channel {args.channel!r} is not one the pack recommends here "
                f"({', '.join(offered) or 'none'})" + did_you_mean(args.channel, offered),
                _where(pack, todo[0][1][0].rule),
            )
        channel = next(c for c in offered if c == args.channel)
        todo = [(one, [r for r in recs if channel in r.channels]) for one, recs in todo]
        todo = [(one, recs) for one, recs in todo if recs]
    rules = {r.id: r for r in pack.rules}
    apps = {a.id: a for a in timeline.applications}
    texts = []
    for one, recs in todo:
        app = apps[one.id]
        # the wording of the step the attempt uses (action.steps), else the rule's own
        # (a ranked list of channels: a draft for each, best first)
        drafts = [
            d
            for r in recs
            for d in ranked_drafts(
                timeline, app, r, as_of, channel, rules[r.rule].action.step(r.attempt).draft
            )
        ]
        texts.append(render(pack, as_of, app, drafts))
    out.write("\n\n".join(texts))  # each application's drafts under its own heading
    return 0


def _recs(one: ApplicationReport, args: DraftArgs) -> list[Recommendation]:
    """What to draft in one application: everything pending in the one asked for, else what is
    to do now (an upcoming action has not come yet: ask for its application to draft it)."""
    recs = pending(one, args.rule)
    return recs if args.application is not None else [r for r in recs if r.status in NOW_STATUSES]


def _where(pack: Pack, rule: str | None = None) -> Location:
    """The rule's place in its pack file, or the pack's `rules:`."""
    found = next((r for r in pack.rules if r.id == rule), None)
    if found is not None and found.location is not None:
        return found.location
    if isinstance(pack.document, safeyaml.Document):
        return pack.document.locate(("rules",), key=True)
    return Location(pack.path or pack.name)
