"""`followup compare`: several packs over one timeline, side by side, and where they disagree."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .. import builtin_pack_names, today_in
from ..analysis.compare import (
    NOTHING_PENDING,
    AppComparison,
    Comparison,
    PackView,
    action_label,
    baseline_changes,
    chase_plan,
    compare,
    compare_dict,
    labels,
    people_label,
    when_label,
)
from ..core.evaluate import evaluate
from ..errors import InputError, Location
from ..io import safeyaml
from ..load import validation
from ..load.packs import load_pack
from ..load.timelines import load_timeline, parse_date
from ..model import Pack, Timeline
from ..present.textsafe import lines_text, md, md_code, neutralise, text_output

_DIMENSION = {
    "action": "action",
    "channel": "channel",
    "recipient": "recipient",
    "timing": "timing",
    "persistence": "persistence",
    "thank_you": "thank-you",
}


@dataclass(frozen=True)
class CompareArgs:
    timeline: str
    packs: tuple[str, ...] = ()
    all_packs: bool = False  # every built-in pack (before any --pack)
    as_of: dt.date | None = None
    format: str = "table"
    pack_path: tuple[Path, ...] = ()
    baseline: str | None = None
    fail_on_change: bool = False
    simulate_until: dt.date | None = None  # --simulate --until DATE


def execute(args: CompareArgs, out: TextIO | None = None, err: TextIO | None = None) -> int:
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
    as_of = args.as_of
    if as_of is None and baseline is not None:
        as_of = dt.date.fromisoformat(baseline["as_of"])
    as_of = as_of or today_in(timeline.timezone)
    if args.simulate_until is not None:
        return _simulate(packs, timeline, as_of, args, out)
    reports = [evaluate(pack, timeline, as_of) for pack in packs]
    plans = {}
    for label, report in zip(labels(packs), reports, strict=True):
        for app in report.applications:
            if any(r.status in ("upcoming", "due", "overdue") for r in app.recommendations):
                plans[(label, app.id)] = chase_plan(report.pack, timeline, app.id, as_of)
    comparison = compare(reports, plans)
    out.write(REPORTERS[args.format](comparison))
    if baseline is None:
        return 0
    changes = baseline_changes(baseline, compare_dict(comparison))
    if changes:  # the baseline is a file too: its text is neutralised like the timeline's
        total = f"{len(changes)} change(s) against the baseline {args.baseline}"
        err.write(lines_text([*changes, total]))
    return 1 if changes and args.fail_on_change else 0


def _load_packs(refs: Sequence[str], pack_path: tuple[Path, ...], err: TextIO) -> list[Pack]:
    packs: list[Pack] = []
    for ref in refs:
        pack = load_pack(ref, pack_path)
        err.write(lines_text(pack.warnings))
        if any(p.ref == pack.ref for p in packs):
            raise InputError(
                f"two of the packs are {pack.ref}",
                Location(ref),
                "give each pack once; to compare two editions of a pack, bump one's version",
            )
        packs.append(pack)
    return packs


def load_baseline(path: str) -> dict[str, Any]:
    """A saved `followup compare --format json` output, checked against the compare schema."""
    doc = safeyaml.load_file(path)
    if isinstance(doc.data, dict) and "compare_format" not in doc.data:
        raise InputError(
            "not a followup compare report (no compare_format)",
            doc.locate(()),
            "save one with followup compare ... --format json",
        )
    validation.check(doc, "compare")
    data: dict[str, Any] = doc.data
    parse_date(data["as_of"], doc, ("as_of",))  # a real day in range, or an error at its line
    return data


# --- reporters: every line neutralised (text_output), all Markdown text through md ------------


def _row(v: PackView) -> list[str]:
    rec = v.next
    if rec is None:
        status = "-" if v.nothing == "none" else v.nothing.upper()
        return [v.pack, NOTHING_PENDING, status, v.nothing_detail, "", ""]
    channels = "/".join(c.replace("_", " ") for c in rec.channels) or "-"
    return [
        v.pack,
        action_label(rec),
        rec.status.upper(),
        when_label(rec),
        channels,
        people_label(rec),
    ]


_HEAD = ["pack", "next action", "status", "when", "channel", "to whom"]


def _header(c: Comparison) -> list[str]:
    where = c.country + (f"-{c.subdivision}" if c.subdivision else "")
    names = ", ".join(f"{p.label} {p.pack.version}" for p in c.packs)
    return [
        f"{len(c.packs)} packs over {c.timeline_path} as of {c.as_of:%a %Y-%m-%d} "
        f"({c.timezone}; business days skip {where} holidays)",
        f"  packs: {names}",
    ]


def _findings(app: AppComparison) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    disagree = []
    for d in app.disagreements:
        disagree.append((_DIMENSION[d.dimension], d.summary()))
        for p in d.prohibitions:
            users = ", ".join(p.used_by)
            disagree.append(("", f"{p.pack} forbids {p.value} ({p.id}); offered by {users}"))
    agree = [
        (_DIMENSION[a.dimension], f"{a.value} ({len(a.packs)} of {a.of}: {', '.join(a.packs)})")
        for a in app.agreements
    ]
    return disagree, agree


@text_output
def table(c: Comparison) -> list[str]:
    lines = _header(c)
    for app in c.applications:
        lines += ["", f"{app.id}: {app.company}, {app.role}"]
        # neutralised before the widths are measured, so that the columns stay aligned
        views = ([neutralise(x, newlines=False) for x in _row(v)] for v in app.views)
        rows = [_HEAD, *views]
        widths = [max(len(r[i]) for r in rows) for i in range(len(_HEAD))]
        for row in rows:
            cells = [cell.ljust(w) for cell, w in zip(row, widths, strict=True)]
            lines.append(("  " + "  ".join(cells)).rstrip())
        disagree, agree = _findings(app)
        for title, items in (("disagree on", disagree), ("most agree on", agree)):
            if not items:
                continue
            lines.append(f"  {title}:")
            width = max(len(name) for name, _ in items)
            lines.extend(f"    {name:<{width}}  {text}".rstrip() for name, text in items)
        if not disagree:
            lines.append("  the packs agree on everything compared")
    return lines


def _cell(text: str) -> str:
    return md(text) or " "


@text_output
def markdown(c: Comparison) -> list[str]:
    where = c.country + (f"-{c.subdivision}" if c.subdivision else "")
    lines = [
        f"# {len(c.packs)} packs compared as of {c.as_of:%a %Y-%m-%d}",
        "",
        f"Timeline {md_code(c.timeline_path)} ({c.timezone}; business days skip {where} "
        "holidays). Packs: "
        + ", ".join(f"{md_code(p.label)} {p.pack.version}" for p in c.packs)
        + ".",
    ]
    for app in c.applications:
        lines += ["", f"## {md(app.id)}: {md(app.company)}, {md(app.role)}", ""]
        lines.append("| " + " | ".join(_HEAD) + " |")
        lines.append("|" + "---|" * len(_HEAD))
        for v in app.views:
            lines.append("| " + " | ".join(_cell(x) for x in _row(v)) + " |")
        disagree, agree = _findings(app)
        for title, items in (("Disagreements", disagree), ("Most packs agree", agree)):
            if not items:
                continue
            lines += ["", f"**{title}**", ""]
            for name, text in items:
                lines.append(f"- **{md(name)}**: {md(text)}" if name else f"  - {md(text)}")
        if not disagree:
            lines += ["", "The packs agree on everything compared."]
    return lines


def as_json(c: Comparison) -> str:
    return json.dumps(compare_dict(c), indent=2, ensure_ascii=False) + "\n"


REPORTERS: dict[str, Callable[[Comparison], str]] = {
    "table": table,
    "json": as_json,
    "markdown": markdown,
}


def _simulate(
    packs: list[Pack], timeline: Timeline, as_of: dt.date, args: CompareArgs, out: TextIO
) -> int:
    from ..analysis.simulate import simulate
    from ..present.simulation import render
    from .common import check_until

    assert args.simulate_until is not None
    check_until(as_of, args.simulate_until)
    out.write(
        render([simulate(p, timeline, as_of, args.simulate_until) for p in packs], args.format)
    )
    return 0
