"""What a batch's packs advise across a population of timelines (`followup batch --summary`).

Counted from the same evaluations a batch writes, each timeline where it is evaluated (a
worker's tally is merged into the whole), so that the summary costs a few counts per
application: per pack, the pending actions by status (the report's), the applications with
one and the applications with none, by why (compare.py's `nothing_pending`); and, with two
packs or more, the applications where they disagree, by dimension, as `followup compare` finds
it (compare.py's `compare`). Persistence is left out: it is read off the forward simulation,
which would cost each application a hundred evaluations.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from ..core.results import Report
from ..vocabulary import NothingReason, Status
from .compare import compare, labels, next_action, nothing_pending, pending_actions
from .comparison import DIMENSIONS, Dimension

__all__ = ["SUMMARY_DIMENSIONS", "PackTally", "Population", "failed", "tally"]

# The dimensions a population summary counts: every one but persistence (see above).
SUMMARY_DIMENSIONS: Final[tuple[Dimension, ...]] = tuple(
    d for d in DIMENSIONS if d != "persistence"
)


@dataclass
class PackTally:
    """One pack's counts over the applications of the population."""

    pending: Counter[Status] = field(default_factory=Counter)  # actions, by status
    acting: int = 0  # applications with a pending action
    stopped: Counter[NothingReason] = field(default_factory=Counter)  # the others, by why

    def add(self, other: PackTally) -> None:
        self.pending.update(other.pending)
        self.acting += other.acting
        self.stopped.update(other.stopped)


@dataclass
class Population:
    """Counts over the timelines of a batch: `packs` are the labels, in the batch's order."""

    packs: tuple[str, ...]
    timelines: int = 0
    failed: int = 0  # inputs that could not be evaluated (their error records)
    applications: int = 0
    by_pack: dict[str, PackTally] = field(default_factory=dict)
    compared: int = 0  # applications evaluated under two packs or more
    disagree: Counter[Dimension] = field(default_factory=Counter)

    def add(self, other: Population) -> None:
        """Merge the counts of `other`, a part of the same batch."""
        if other.packs != self.packs:
            raise ValueError("the tallies are of other packs")
        self.timelines += other.timelines
        self.failed += other.failed
        self.applications += other.applications
        for label, counts in other.by_pack.items():
            self.by_pack.setdefault(label, PackTally()).add(counts)
        self.compared += other.compared
        self.disagree.update(other.disagree)

    def tally(self, label: str) -> PackTally:
        return self.by_pack.get(label, PackTally())


def tally(reports: Sequence[Report]) -> Population:
    """The counts of one timeline's reports, one per pack of the batch, in its order."""
    names = tuple(labels([r.pack for r in reports]))
    out = Population(names, timelines=1)
    out.applications = len(reports[0].applications) if reports else 0
    for label, report in zip(names, reports, strict=True):
        counts = out.by_pack.setdefault(label, PackTally())
        for app in report.applications:
            counts.pending.update(r.status for r in pending_actions(app))
            if next_action(app) is not None:
                counts.acting += 1
            else:
                counts.stopped[nothing_pending(app)[0]] += 1
    if len(reports) > 1:
        for compared in compare(reports).applications:
            out.compared += 1
            out.disagree.update(
                {d.dimension for d in compared.disagreements if d.dimension in SUMMARY_DIMENSIONS}
            )
    return out


def failed(packs: Sequence[str]) -> Population:
    """The count of one input that could not be evaluated."""
    return Population(tuple(packs), timelines=1, failed=1)
