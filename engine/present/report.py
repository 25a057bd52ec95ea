"""The report as plain data (the `json` format, which report.schema.json describes)."""

from __future__ import annotations

import json
from typing import Any

from ..core.results import ApplicationReport, Report
from ..model import Pack
from ..outcomes import AuditFinding, Recommendation
from .audit_text import finding_text
from .reasons import reason_text, why_text

REPORT_FORMAT = 1


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def source_dict(pack: Pack) -> dict[str, Any]:
    src = pack.source
    return {
        "author": src.author,
        "title": src.title,
        "publication": src.publication,
        "date": src.date or None,
    }


def recommendation_dict(rec: Recommendation) -> dict[str, Any]:
    # `step` and `fallback_of` only where the rule has steps: other reports keep their bytes
    steps: dict[str, Any] = {"step": rec.step} if rec.step else {}
    if rec.fallback_of:
        steps["fallback_of"] = rec.fallback_of
    if rec.ranked:  # `channels` in order of preference, best first (only then: same bytes)
        steps["ranked"] = True
    return {
        "rule": rec.rule,
        "kind": rec.kind,
        "status": rec.status,
        "reason": reason_text(rec),
        "due": _date(rec.due),
        "window": {"start": _date(rec.window_start), "end": _date(rec.window_end)}
        if rec.window_start
        else None,
        "time": {
            "start": f"{rec.time.start:%H:%M}",
            "end": f"{rec.time.end:%H:%M}",
            "part": rec.time.part,
        }
        if rec.time
        else None,
        "channels": list(rec.channels),
        "recipients": [
            {"role": r.role, "contact": r.contact_id or None, "name": r.name or None}
            for r in rec.recipients
        ],
        "attempt": rec.attempt,
        "max_attempts": rec.max_attempts,
        "optional": rec.optional,
        "anchor": {"type": rec.anchor_type, "date": _date(rec.anchor_date)},
        "why": why_text(rec),
        "cite": rec.cite,
        "guidance": list(rec.guidance),
        "assumptions": [{"about": a.about, "reason": a.reason} for a in rec.assumptions],
        **steps,
    }


def audit_dict(finding: AuditFinding) -> dict[str, Any]:
    return {
        "date": finding.date.isoformat(),
        "event": finding.event_type,
        "what": finding_text(finding),
        "rule_or_prohibition": finding.rule_or_prohibition,
        "cite": finding.cite,
    }


def explain_dict(app: ApplicationReport) -> dict[str, Any]:
    """{"explain": [...]} with `run --explain`, else nothing."""
    if app.explain is None:
        return {}
    return {
        "explain": [
            {"rule": e.rule, "fired": e.fired, "reasons": list(e.reasons)} for e in app.explain
        ]
    }


def report_dict(report: Report) -> dict[str, Any]:
    pack = report.pack
    return {
        "report_format": REPORT_FORMAT,
        "as_of": report.as_of.isoformat(),
        "pack": {
            "name": pack.name,
            "version": pack.version,
            "title": pack.title,
            "source": source_dict(pack),
        },
        "timeline": {
            "path": report.timeline_path,
            "timezone": report.timezone,
            "holidays": {"country": report.country, "subdivision": report.subdivision},
        },
        "applications": [
            {
                "id": app.id,
                "company": app.company,
                "role": app.role,
                "stage": app.stage,
                "recommendations": [recommendation_dict(r) for r in app.recommendations],
                "audit": [audit_dict(f) for f in report.audit if f.application == app.id],
                **explain_dict(app),
            }
            for app in report.applications
        ],
    }


def as_json(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
