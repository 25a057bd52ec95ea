"""A pack's `limits` (pack_format 2): advice against overdoing something, from the raw mappings
to the model, and what the schema cannot check about them.

A limit never recommends anything: only the audit reads it (engine/analysis/limits.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..io.safeyaml import Document
from ..model import Limit, Pack, Pattern
from ..vocabulary import OUTREACH_EVENTS
from . import validation
from .rules import offset, pattern

# What a limit counts when it does not say: every follow-up and thank-you the candidate sends.
DEFAULT_EVENTS = Pattern(types=OUTREACH_EVENTS)


def build_limit(raw: dict[str, Any]) -> Limit:
    per = raw.get("per")
    return Limit(
        id=raw["id"],
        events=pattern(raw["events"]) if "events" in raw else DEFAULT_EVENTS,
        cite=raw["cite"],
        summary=raw.get("summary", ""),
        at_most=raw.get("at_most"),
        per=offset(per) if per is not None else None,
        not_before=raw.get("not_before"),
    )


def limit_findings(pack: Pack, doc: Document) -> Iterator[validation.Finding]:
    """Each own limit's problems: its id taken, its shape, a pattern the audit can never count."""
    Finding = validation.Finding
    data = doc.data if isinstance(doc.data, dict) else {}
    taken = {r.id: "rule" for r in pack.rules} | {p.id: "prohibition" for p in pack.prohibitions}
    own = data.get("limits", [])
    inherited = pack.limits[: len(pack.limits) - len(own)]  # checked with their own pack
    taken |= {lim.id: "limit" for lim in inherited}
    for k, raw in enumerate(own):
        at = ("limits", k)
        lid = raw["id"]
        if lid in taken:
            yield Finding(
                doc.locate((*at, "id")),
                f"duplicate id {lid!r}: a {taken[lid]} has it already (rules, prohibitions "
                "and limits share one set of ids, which pack tests' `against` names)",
            )
        taken[lid] = "limit"
        has_at_most, has_per, has_date = "at_most" in raw, "per" in raw, "not_before" in raw
        if has_at_most == has_date:
            yield Finding(
                doc.locate(at),
                f"limit {lid!r} needs one of `at_most` (with `per`) or `not_before`"
                + (", not both" if has_at_most else ""),
            )
        elif has_at_most and not has_per:
            yield Finding(
                doc.locate((*at, "at_most")),
                "`at_most` needs `per`, the span it counts in (e.g. `per: {weeks: 1}`)",
            )
        elif has_per and not has_at_most:
            yield Finding(doc.locate((*at, "per")), "`per` is only for `at_most`")
        if raw.get("at_most") == 0:
            yield Finding(
                doc.locate((*at, "at_most")),
                "`at_most: 0` bans the events outright: use a prohibition for that",
            )
        per = raw.get("per")
        if isinstance(per, dict) and per:
            ((_, span),) = per.items()
            if not isinstance(span, int):
                yield Finding(
                    doc.locate((*at, "per")),
                    "`per` is one length, not a window (write `{days: 7}`, not `{days: [5, 7]}`)",
                )
            elif span < 1:
                yield Finding(doc.locate((*at, "per")), "`per` must be at least 1")
        if "events" in raw:
            yield from _never_outreach(build_limit(raw), doc, at)


def _never_outreach(
    limit: Limit, doc: Document, at: tuple[str | int, ...]
) -> Iterator[validation.Finding]:
    """A limit is about the candidate's own outreach: any other event type it names is counted
    never (the audit only judges what the candidate sent)."""
    for t in limit.events.types:
        if t not in OUTREACH_EVENTS:
            yield validation.Finding(
                doc.locate((*at, "events")),
                f"limit {limit.id!r} counts {t}, which the candidate does not send: a limit is "
                f"about the candidate's outreach ({', '.join(OUTREACH_EVENTS)})",
            )
