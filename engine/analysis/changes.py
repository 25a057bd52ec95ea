"""What one new event changed in an application's recommendations: two evaluations of the
same pack, before and after, at the same day (`followup log` prints it).

It compares the evaluations' recommendations and adds no meaning of its own: a pending action
is `done` when the one after it is a later attempt or it settled, and so on, as the two reports
say.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from ..core.results import ApplicationReport
from ..outcomes import Recommendation
from ..vocabulary import PENDING_STATUSES

__all__ = ["Change", "ChangeKind", "changes"]

# settled: a pending action the event did or ended (the after side says how); next: the
# attempt after one the event made; moved: the same attempt, due on another day; new: an
# action pending now that was not before; gone: a pending action no longer recommended.
ChangeKind = Literal["settled", "next", "moved", "new", "gone"]


class Change(NamedTuple):
    kind: ChangeKind
    before: Recommendation | None
    after: Recommendation | None


def _pending(rec: Recommendation) -> bool:
    return rec.status in PENDING_STATUSES


def changes(
    before: ApplicationReport, after: ApplicationReport, inserted_at: int
) -> tuple[Change, ...]:
    """The changes from `before` to `after`, whose events are `before`'s with one more at
    position `inserted_at` (so that an anchor after it is one place further on)."""

    def key(rec: Recommendation, shifted: bool) -> tuple[str, int]:
        seq = rec.anchor_seq
        return rec.rule, seq - 1 if shifted and seq > inserted_at else seq

    old = {key(r, False): r for r in before.recommendations}
    new = {key(r, True): r for r in after.recommendations if r.anchor_seq != inserted_at}
    anchored = [r for r in after.recommendations if r.anchor_seq == inserted_at]
    out: list[Change] = []
    for k, was in old.items():
        now = new.get(k)
        if not _pending(was):
            if now is not None and _pending(now):
                out.append(Change("new", None, now))
            continue
        if now is None:
            out.append(Change("gone", was, None))
        elif not _pending(now):
            out.append(Change("settled", was, now))
        elif now.attempt != was.attempt or now.step != was.step:
            out += [Change("settled", was, now), Change("next", was, now)]
        elif now.due != was.due or now.status != was.status:
            out.append(Change("moved", was, now))
    out += [Change("new", None, r) for k, r in new.items() if k not in old and _pending(r)]
    out += [Change("new", None, r) for r in anchored if _pending(r)]
    return tuple(out)
