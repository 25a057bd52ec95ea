"""The agenda: every pending action of a timeline under one pack, by date, overdue first.

It reads the evaluation (engine/analysis/evaluation.py) and adds no meaning of its own: an
action is on the agenda when the report has it pending with a due date within `days` of the
evaluation day, and its status is the report's.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from ..core.results import Report
from ..outcomes import Recommendation
from ..vocabulary import PENDING_STATUSES

__all__ = ["Agenda", "AgendaItem", "agenda"]

DEFAULT_DAYS = 14


class AgendaItem(NamedTuple):
    application: str
    company: str
    role: str
    rec: Recommendation


class Agenda(NamedTuple):
    report: Report  # the evaluation it was read from
    until: dt.date  # the last day it looks at
    items: tuple[AgendaItem, ...]


def agenda(report: Report, days: int = DEFAULT_DAYS) -> Agenda:
    """The pending actions due on or before `days` after the report's day: the overdue ones
    first, then by due date; the timeline's and the pack's order break ties."""
    until = report.as_of + dt.timedelta(days=days)
    items = [
        AgendaItem(app.id, app.company, app.role, rec)
        for app in report.applications
        for rec in app.recommendations
        if rec.status in PENDING_STATUSES and rec.due is not None and rec.due <= until
    ]
    items.sort(key=lambda i: (i.rec.status != "overdue", i.rec.due or dt.date.max))
    return Agenda(report, until, tuple(items))
