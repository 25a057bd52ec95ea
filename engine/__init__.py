"""followup: job-search follow-up advice as versioned, cited policy packs.

The public API is small: load a pack and a timeline, evaluate one against the other as of a
day, and render or serialise the report.
"""

from __future__ import annotations

import datetime as dt

from .analysis.evaluation import evaluate
from .core.results import Report
from .errors import EngineError, FollowupError, InputError, Location, PackError
from .load.packs import builtin_paths, load_pack
from .load.timelines import load_timeline
from .model import Pack, Timeline
from .outcomes import Recommendation
from .present.report import report_dict
from .version import __version__

__all__ = [
    "EngineError",
    "FollowupError",
    "InputError",
    "Location",
    "Pack",
    "PackError",
    "Recommendation",
    "Report",
    "Timeline",
    "__version__",
    "builtin_pack_names",
    "evaluate",
    "load_pack",
    "load_timeline",
    "report_dict",
    "today_in",
]


def builtin_pack_names() -> list[str]:
    return sorted(builtin_paths())


def today_in(timezone: str) -> dt.date:
    """Today's date where the candidate lives (the default `as_of`)."""
    from .dates.days import today_in as today

    return today(timezone)
