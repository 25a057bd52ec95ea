"""Evaluate a pack and audit the past in one call: what `followup run` and the library's
`engine.evaluate` give. The evaluation is the core's (engine/core/evaluate.py); the audit reads
its traces (engine/analysis/audit.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..core.evaluate import compiled
from ..core.evaluate import evaluate as evaluate_core
from ..core.results import Report
from ..dates.calendar import BusinessCalendar
from ..model import Pack, Timeline
from ..outcomes import AuditFinding
from .audit import audit_application


def evaluate(
    pack: Pack, timeline: Timeline, as_of: dt.date, *, audit: bool = True, verify: bool = True
) -> Report:
    """What to do next in every application as of `as_of`, and, unless `audit=False` (a
    forward simulation only needs what comes next), the past events the pack advises against."""
    report = evaluate_core(pack, timeline, as_of, verify=verify)
    return audited(report) if audit else report


def prepare(pack: Pack) -> None:
    """Compile `pack` and register it with the matching core: what cannot run (the pack, or a
    core that does not import on this Python) fails here, before a command writes anything."""
    compiled(pack)


def audited(report: Report) -> Report:
    """`report` with its audit: every finding, by application, then date and order in the file."""
    cal = BusinessCalendar(report.country, report.subdivision)
    findings: list[AuditFinding] = []
    for app in report.applications:
        if app.trace is not None:
            findings += audit_application(report.pack, app.trace, cal)
    return dataclasses.replace(report, audit=tuple(findings))
