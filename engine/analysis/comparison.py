"""A comparison of packs over one timeline, as typed data (computed by engine/analysis/compare.py;
written out by engine/present/compare_text.py and engine/present/compare_data.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Final, Literal, get_args

from ..model import Offset, Pack, Timeline
from ..outcomes import AuditFinding, Recommendation
from ..vocabulary import NothingReason, Status
from .persistence import Persistence

Dimension = Literal["action", "channel", "recipient", "timing", "persistence", "thank_you"]
DIMENSIONS: Final[tuple[Dimension, ...]] = get_args(Dimension)



@dataclass(frozen=True)
class ThankYou:
    """A pending thank-you of a pack: by which channels, and how soon (the rule's offset)."""

    rule: str
    channels: tuple[str, ...]
    offset: Offset
    status: Status
    due: dt.date | None
    window_start: dt.date | None
    window_end: dt.date | None


@dataclass(frozen=True)
class PackView:
    """One pack's view of one application."""

    pack: str  # the pack's label in this comparison (its name, or NAME@VERSION if names clash)
    next: Recommendation | None  # the earliest pending recommendation
    # Every pending recommendation, by due date (the report's order breaks ties): the channel,
    # recipient and timing dimensions and the prohibitions weigh all of them, not only `next`.
    pending: tuple[Recommendation, ...]
    nothing: NothingReason | None  # when next is None: why
    # When next is None, the recommendation that says why (the suppressed one, or the last done).
    nothing_rec: Recommendation | None
    pending_rules: tuple[str, ...]
    thank_you: tuple[ThankYou, ...]  # the pending thank-yous
    # The statuses of the pack's thank-yous for this application that are no longer pending
    # (done, expired, suppressed), each once; empty when it gives none at all.
    thank_you_settled: tuple[Status, ...]
    persistence: Persistence | None  # for a pack with a pending action
    # The pack's audit findings for this application: past events it advises against.
    audit: tuple[AuditFinding, ...] = ()


@dataclass(frozen=True)
class Group:
    value: str  # as the reader sees it (engine/present/compare_labels.py): equal text, one group
    packs: tuple[str, ...]
    # Per pack (in the order of `packs`), the pending actions the value was read from, so that a
    # reader sees which action each value is; empty for a dimension read off one value per pack.
    actions: tuple[tuple[Recommendation, ...], ...] = ()


@dataclass(frozen=True)
class Prohibited:
    """`pack` forbids `values` (channels or roles; prohibition `id`), which pending actions of
    `used_by` offer (`offers`: each of them, as (pack, recommendation))."""

    pack: str
    id: str
    values: tuple[str, ...]
    used_by: tuple[str, ...]
    cite: str
    offers: tuple[tuple[str, Recommendation], ...] = ()


@dataclass(frozen=True)
class Disagreement:
    dimension: Dimension
    groups: tuple[Group, ...]
    prohibitions: tuple[Prohibited, ...] = ()


@dataclass(frozen=True)
class Agreement:
    """`value` is shared by `packs`, a strict majority of the `of` packs with a pending action."""

    dimension: Dimension
    value: str
    packs: tuple[str, ...]
    of: int
    # packs of the comparison (any, pending or not) that forbid the value: an agreement must
    # not hide a prohibition
    forbidden_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class AppComparison:
    id: str
    company: str
    role: str
    views: tuple[PackView, ...]
    disagreements: tuple[Disagreement, ...]
    agreements: tuple[Agreement, ...]


@dataclass(frozen=True)
class PackInfo:
    label: str
    pack: Pack


@dataclass(frozen=True)
class Comparison:
    as_of: dt.date
    timeline_path: str
    timezone: str
    country: str
    subdivision: str | None
    packs: tuple[PackInfo, ...]
    applications: tuple[AppComparison, ...]
    # The timeline compared (the reports'), for the html page's past events: not part of equality.
    timeline: Timeline | None = field(default=None, compare=False, repr=False)
