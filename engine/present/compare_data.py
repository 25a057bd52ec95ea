"""`followup compare --format json`: a comparison as a plain document
(schemas/compare.schema.json), which `--baseline` reads back (engine/analysis/baseline.py)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Final

from ..analysis.comparison import Comparison, Disagreement, PackView
from ..analysis.persistence import Persistence
from ..outcomes import Recommendation
from .compare_labels import (
    action_ref,
    nothing_detail,
    offset_phrase,
    persistence_text,
    prohibited_label,
    summary_text,
)
from .reasons import why_text
from .report import recommendation_dict

COMPARE_FORMAT: Final = 1


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _next_dict(rec: Recommendation) -> dict[str, Any]:
    full = recommendation_dict(rec)
    keys = ("rule", "kind", "status", "due", "window", "channels", "recipients")
    out = {k: full[k] for k in keys}
    out.update(
        attempt=rec.attempt, max_attempts=rec.max_attempts, optional=rec.optional, why=why_text(rec)
    )
    return out


def _ref_dict(rec: Recommendation) -> dict[str, Any]:
    """Which pending action a value was read from."""
    return {
        "rule": rec.rule,
        "kind": rec.kind,
        "channels": list(rec.channels),
        "due": _date(rec.due),
        "text": action_ref(rec),
    }


def _persistence_dict(p: Persistence) -> dict[str, Any]:
    return {
        "summary": persistence_text(p),
        "ending": p.ending,
        "chases": [
            {
                "rule": c.rule,
                "kind": c.kind,
                "channels": list(c.channels),
                "optional": c.optional,
                "max_attempts": c.max_attempts,
                "count": c.count,
            }
            for c in p.chases
        ],
    }


def _view_dict(v: PackView) -> dict[str, Any]:
    return {
        "pack": v.pack,
        "next": _next_dict(v.next) if v.next is not None else None,
        "pending": [_next_dict(r) for r in v.pending],
        "nothing_pending": {"reason": v.nothing, "detail": nothing_detail(v)}
        if v.next is None
        else None,
        "pending_rules": list(v.pending_rules),
        "persistence": _persistence_dict(v.persistence) if v.persistence is not None else None,
        "thank_you": [
            {
                "rule": t.rule,
                "channels": list(t.channels),
                "timing": offset_phrase(t.offset),
                "status": t.status,
                "due": _date(t.due),
                "window": {"start": _date(t.window_start), "end": _date(t.window_end)}
                if t.window_start  # an open window has no end: null
                else None,
            }
            for t in v.thank_you
        ],
    }


def _disagreement_dict(d: Disagreement) -> dict[str, Any]:
    return {
        "dimension": d.dimension,
        "summary": summary_text(d),
        "groups": [
            {
                "value": g.value,
                "packs": list(g.packs),
                "actions": [
                    {"pack": p, "actions": [_ref_dict(r) for r in recs]}
                    # empty for a dimension read off one value per pack (persistence, thank-you)
                    for p, recs in zip(g.packs, g.actions, strict=False)
                ],
            }
            for g in d.groups
        ],
        "prohibitions": [
            {
                "pack": p.pack,
                "id": p.id,
                "value": prohibited_label(d.dimension, p.values),
                "used_by": list(p.used_by),
                "offered_by": [{"pack": u, **_ref_dict(r)} for u, r in p.offers],
                "cite": p.cite,
            }
            for p in d.prohibitions
        ],
    }


def compare_dict(comparison: Comparison) -> dict[str, Any]:
    return {
        "compare_format": COMPARE_FORMAT,
        "as_of": comparison.as_of.isoformat(),
        "timeline": {
            "path": comparison.timeline_path,
            "timezone": comparison.timezone,
            "holidays": {"country": comparison.country, "subdivision": comparison.subdivision},
        },
        "packs": [
            {
                "label": p.label,
                "name": p.pack.name,
                "version": p.pack.version,
                "title": p.pack.title,
            }
            for p in comparison.packs
        ],
        "applications": [
            {
                "id": app.id,
                "company": app.company,
                "role": app.role,
                "packs": [_view_dict(v) for v in app.views],
                "disagreements": [_disagreement_dict(d) for d in app.disagreements],
                "agreements": [
                    {
                        "dimension": a.dimension,
                        "value": a.value,
                        "packs": list(a.packs),
                        "of": a.of,
                        "forbidden_by": list(a.forbidden_by),
                    }
                    for a in app.agreements
                ],
            }
            for app in comparison.applications
        ],
    }


def as_json(comparison: Comparison) -> str:
    return json.dumps(compare_dict(comparison), indent=2, ensure_ascii=False) + "\n"
