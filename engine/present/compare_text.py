"""`followup compare` for people: the table, the Markdown, and the lines of a baseline check.

Every line is neutralised (text_output, lines_text) and all Markdown text goes through md: pack,
timeline and baseline text is untrusted (docs/export.md#untrusted-text-in-the-output).

The text is fitted to the layout (engine/present/fit.py). Each application's table is printed
when every table fits the width of a line; when one does not, every application is printed
stacked instead, one pack's action to a line with its when, channel and to whom wrapped under
it (a table whose cells wrap within their columns reads poorly at 60 or 80 columns, and the
same layout throughout lets applications be compared). With no known width, the tables are
printed whole, as they always were.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..analysis.baseline import Change
from ..analysis.comparison import AppComparison, Comparison, PackView
from ..outcomes import Recommendation
from .compare_labels import (
    DIMENSION_LABEL,
    NOTHING_PENDING,
    action_label,
    nothing_detail,
    nothing_status,
    pack_ref,
    people_label,
    prohibited_label,
    summary_text,
    when_label,
)
from .fit import PLAIN, Layout, cells, pad, wrap, wrap_line
from .textsafe import lines_text, md, md_code, neutralise, text_output
from .words import count

HEAD = ("pack", "next action", "status", "when", "channel", "to whom")


def _action_row(pack: str, rec: Recommendation) -> list[str]:
    channels = "/".join(c.replace("_", " ") for c in rec.channels) or "-"
    return [
        pack,
        action_label(rec),
        rec.status.upper(),
        when_label(rec),
        channels,
        people_label(rec),
    ]


def pack_rows(v: PackView) -> list[list[str]]:
    """One pack's rows of an application's table, in the order of HEAD: its next action, then
    each of its other pending actions (their pack cell left empty), earliest first."""
    if not v.pending:
        return [[v.pack, NOTHING_PENDING, nothing_status(v), nothing_detail(v), "", ""]]
    return [_action_row(v.pack if i == 0 else "", rec) for i, rec in enumerate(v.pending)]


def _where(c: Comparison) -> str:
    return c.country + (f"-{c.subdivision}" if c.subdivision else "")


def _header(c: Comparison, width: int | None) -> list[str]:
    names = ", ".join(f"{p.label} {p.pack.version}" for p in c.packs)
    return [
        *wrap_line(
            f"{count(len(c.packs), 'pack')} over {c.timeline_path} as of {c.as_of:%a %Y-%m-%d} "
            f"({c.timezone}; business days skip {_where(c)} holidays)",
            width,
        ),
        *wrap_line(f"  packs: {names}", width),
    ]


def findings(app: AppComparison) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(dimension, text) lines of the disagreements (each prohibition under its dimension, with
    an empty name) and of the agreements."""
    disagree = []
    for d in app.disagreements:
        disagree.append((DIMENSION_LABEL[d.dimension], summary_text(d)))
        for p in d.prohibitions:
            offers = {u: [rec for pack, rec in p.offers if pack == u] for u in p.used_by}
            users = ", ".join(pack_ref(u, offers[u]) for u in p.used_by)
            value = prohibited_label(d.dimension, p.values)
            disagree.append(("", f"{p.pack} forbids {value} ({p.id}); offered by {users}"))
    agree = [
        (
            DIMENSION_LABEL[a.dimension],
            f"{a.value} ({len(a.packs)} of {a.of}: {', '.join(a.packs)})"
            + "".join(f" ({p} forbids it)" for p in a.forbidden_by),
        )
        for a in app.agreements
    ]
    return disagree, agree


def _rows(app: AppComparison) -> list[list[str]]:
    # neutralised before the widths are measured, so that the columns stay aligned
    return [[neutralise(x, newlines=False) for x in r] for v in app.views for r in pack_rows(v)]


def _table(rows: list[list[str]]) -> list[str]:
    """The rows under HEAD, in columns as wide as their widest cell."""
    rows = [list(HEAD), *rows]
    widths = [max(cells(r[i]) for r in rows) for i in range(len(HEAD))]
    return [
        ("  " + "  ".join(pad(cell, w) for cell, w in zip(row, widths, strict=True))).rstrip()
        for row in rows
    ]


def _stacked(rows: list[list[str]], width: int | None) -> list[str]:
    """The rows one under the other: the pack (repeated for each of its actions), the action
    and its status, then HEAD's other columns by name, wrapped under it."""
    lines: list[str] = []
    pack = ""
    for row in rows:
        pack = row[0] or pack
        action, status, *rest = row[1:]
        lines += wrap(f"{pack}: {action}, {status}", width, 2, 6)
        named = [f"{name}: {cell}" for name, cell in zip(HEAD[3:], rest, strict=True) if cell]
        together = wrap("; ".join(named), width, 4, 6) if named else []
        if len(together) > 1:  # each on its own line rather than one cut across two
            together = [line for item in named for line in wrap(item, width, 4, 6)]
        lines += together
    return lines


def _found(title: str, items: list[tuple[str, str]], width: int | None) -> list[str]:
    """ "disagree on:", then one finding a line, its text wrapped under where it starts."""
    name_width = max(cells(name) for name, _ in items)
    hang = 4 + name_width + 2
    if width is not None and width - hang < 30:  # too little room beside the names: under them
        hang = 6
    lines = [f"  {title}:"]
    for name, text in items:
        found = wrap(f"{pad(name, name_width)}  {text}", width, 4, hang)
        lines += [line.rstrip() for line in found]
    return lines


@text_output
def table(c: Comparison, layout: Layout = PLAIN) -> list[str]:
    lines = _header(c, layout.prose)
    rows = {app.id: _rows(app) for app in c.applications}
    tables = {app_id: _table(r) for app_id, r in rows.items()}
    fits = layout.lines is None or all(
        cells(line) <= layout.lines for t in tables.values() for line in t
    )
    for app in c.applications:
        lines += ["", *wrap_line(f"{app.id}: {app.company}, {app.role}", layout.prose)]
        lines += tables[app.id] if fits else _stacked(rows[app.id], layout.prose)
        disagree, agree = findings(app)
        for title, items in (("disagree on", disagree), ("most agree on", agree)):
            if items:
                lines += _found(title, items, layout.prose)
        if not disagree:
            lines.append("  the packs agree on everything compared")
    return lines


def _cell(text: str) -> str:
    return md(text) or " "


@text_output
def markdown(c: Comparison) -> list[str]:
    lines = [
        f"# {count(len(c.packs), 'pack')} compared as of {c.as_of:%a %Y-%m-%d}",
        "",
        f"Timeline {md_code(c.timeline_path)} ({c.timezone}; business days skip {_where(c)} "
        "holidays). Packs: "
        + ", ".join(f"{md_code(p.label)} {p.pack.version}" for p in c.packs)
        + ".",
    ]
    for app in c.applications:
        lines += ["", f"## {md(app.id)}: {md(app.company)}, {md(app.role)}", ""]
        lines.append("| " + " | ".join(HEAD) + " |")
        lines.append("|" + "---|" * len(HEAD))
        for v in app.views:
            for r in pack_rows(v):
                lines.append("| " + " | ".join(_cell(x) for x in r) + " |")
        disagree, agree = findings(app)
        for title, items in (("Disagreements", disagree), ("Most packs agree", agree)):
            if not items:
                continue
            lines += ["", f"**{title}**", ""]
            for name, text in items:
                lines.append(f"- **{md(name)}**: {md(text)}" if name else f"  - {md(text)}")
        if not disagree:
            lines += ["", "The packs agree on everything compared."]
    return lines


def change_line(change: Change) -> str:
    """`acme-pm / clue-wagon: due 2026-11-25 -> 2026-11-30`, baseline value first."""
    where = change.app if change.pack is None else f"{change.app} / {change.pack}"
    if change.kind == "only_in_baseline":
        return f"{where}: in the baseline, not in this comparison"
    if change.kind == "not_in_baseline":
        return f"{where}: not in the baseline"
    return f"{where}: {change.key} {change.before} -> {change.after}"


def changes_text(changes: Sequence[Change], baseline: str) -> str:
    """The baseline check for stderr: one line per change and a total (nothing if none)."""
    if not changes:
        return ""
    total = f"{count(len(changes), 'change')} against the baseline {baseline}"
    # the baseline is a file too: its text is neutralised like the timeline's
    return lines_text([*(change_line(c) for c in changes), total])
