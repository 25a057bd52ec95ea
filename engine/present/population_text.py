"""`followup batch --summary`: a population's counts, as a table for people and as JSON.

Pack labels come from pack files, which are untrusted: neutralised before they are padded."""

from __future__ import annotations

import json
from typing import Any, Final

from ..analysis.population import SUMMARY_DIMENSIONS, Population
from ..vocabulary import NOTHING_REASONS, PENDING_STATUSES
from .compare_labels import DIMENSION_LABEL, NOTHING_PENDING
from .fit import Layout, cells, pad, wrap
from .textsafe import neutralise
from .words import count

# Why an application has nothing pending, as a column heads it (compare_labels words it
# for one application).
_STOPPED: Final[dict[str, str]] = {
    "done": "done", "suppressed": "suppressed", "expired": "expired", "none": "no rule",
}  # fmt: skip


def _share(part: int, whole: int) -> str:
    return f"{part} ({part * 100 / whole:.0f}%)" if whole else str(part)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    """A column of names, then columns of numbers, right-aligned under their heads."""
    everything = [head, *rows]
    widths = [max(cells(row[i]) for row in everything) for i in range(len(head))]
    out = []
    for row in everything:
        rest = [" " * (w - cells(v)) + v for v, w in zip(row[1:], widths[1:], strict=True)]
        out.append("  ".join([pad(row[0], widths[0]), *rest]).rstrip())
    return out


def population_text(p: Population, layout: Layout) -> str:
    names = [neutralise(label, newlines=False) for label in p.packs]
    tallies = [p.tally(label) for label in p.packs]
    lines = [
        f"{count(p.timelines, 'timeline')}"
        + (f" ({p.failed} could not be evaluated)" if p.failed else "")
        + f", {count(p.applications, 'application')}",
        "",
    ]
    lines.append("Pending actions by status, and the applications with one:")
    lines += _table(
        ["pack", *PENDING_STATUSES, "applications"],
        [[name, *(str(t.pending[s]) for s in PENDING_STATUSES), str(t.acting)]
         for name, t in zip(names, tallies, strict=True)],
    )  # fmt: skip
    lines += ["", f"Applications with {NOTHING_PENDING}, by why:"]
    lines += _table(
        ["pack", *(_STOPPED[r] for r in NOTHING_REASONS)],
        [[name, *(str(t.stopped[r]) for r in NOTHING_REASONS)]
         for name, t in zip(names, tallies, strict=True)],
    )  # fmt: skip
    if len(p.packs) > 1:
        lines.append("")
        said = ", ".join(
            f"{DIMENSION_LABEL[d]} {_share(p.disagree[d], p.compared)}" for d in SUMMARY_DIMENSIONS
        )
        lines += wrap(f"Applications where the packs disagree: {said}.", layout.width)
        lines += wrap(
            "(Persistence is not counted: it takes the forward simulation `followup compare` "
            "runs for each application.)",
            layout.width,
        )
    return "\n".join(lines) + "\n"


def population_dict(p: Population) -> dict[str, Any]:
    out: dict[str, Any] = {
        "timelines": p.timelines,
        "failed": p.failed,
        "applications": p.applications,
        "packs": [
            {
                "pack": label,
                "pending": {s: p.tally(label).pending[s] for s in PENDING_STATUSES},
                "acting": p.tally(label).acting,
                "nothing_pending": {r: p.tally(label).stopped[r] for r in NOTHING_REASONS},
            }
            for label in p.packs
        ],
    }
    if len(p.packs) > 1:
        out["compared"] = p.compared
        out["disagree"] = {d: p.disagree[d] for d in SUMMARY_DIMENSIONS}
    return out


def population_json(p: Population) -> str:
    return json.dumps(population_dict(p), indent=2, ensure_ascii=False) + "\n"
