"""`followup compare` for people: the table, the Markdown, and the lines of a baseline check.

Every line is neutralised (text_output, lines_text) and all Markdown text goes through md: pack,
timeline and baseline text is untrusted (docs/export.md#untrusted-text-in-the-output).
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


def _header(c: Comparison) -> list[str]:
    names = ", ".join(f"{p.label} {p.pack.version}" for p in c.packs)
    return [
        f"{count(len(c.packs), 'pack')} over {c.timeline_path} as of {c.as_of:%a %Y-%m-%d} "
        f"({c.timezone}; business days skip {_where(c)} holidays)",
        f"  packs: {names}",
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


@text_output
def table(c: Comparison) -> list[str]:
    lines = _header(c)
    for app in c.applications:
        lines += ["", f"{app.id}: {app.company}, {app.role}"]
        # neutralised before the widths are measured, so that the columns stay aligned
        views = (
            [neutralise(x, newlines=False) for x in r] for v in app.views for r in pack_rows(v)
        )
        rows = [list(HEAD), *views]
        widths = [max(len(r[i]) for r in rows) for i in range(len(HEAD))]
        for cells in rows:
            padded = [cell.ljust(w) for cell, w in zip(cells, widths, strict=True)]
            lines.append(("  " + "  ".join(padded)).rstrip())
        disagree, agree = findings(app)
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
