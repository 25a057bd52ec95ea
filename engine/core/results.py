"""What an evaluation returns: per application, the recommendations and the trace behind them.

Here, not in engine/model.py, because a report carries the evaluation's trace
(engine/core/trace.py), which is built on the model: the model imports nothing of the core.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import Pack, Timeline
from ..outcomes import AuditFinding, Recommendation, RuleExplanation
from ..vocabulary import Stage
from .trace import AppTrace


@dataclass(frozen=True)
class ApplicationReport:
    id: str
    company: str
    role: str
    stage: Stage
    recommendations: tuple[Recommendation, ...]
    explain: tuple[RuleExplanation, ...] | None = None  # with `run --explain` only
    # The evaluation behind it (engine/core/trace.py): not part of equality.
    trace: AppTrace | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Report:
    pack: Pack
    as_of: dt.date
    timeline_path: str
    timezone: str
    country: str
    subdivision: str | None
    applications: tuple[ApplicationReport, ...] = field(default_factory=tuple)
    audit: tuple[AuditFinding, ...] = ()
    # The timeline it evaluated, for a reporter that shows the past events or simulates ahead
    # (the html page): not part of equality.
    timeline: Timeline | None = field(default=None, compare=False, repr=False)
