"""What a new event changed, as `followup log` prints it: one line per change, read from the
two evaluations (engine/analysis/changes.py)."""

from __future__ import annotations

import datetime as dt
from typing import Final

from ..analysis.changes import Change, ChangeKind
from ..model import Pack
from ..outcomes import Recommendation
from ..vocabulary import PENDING_STATUSES
from .fit import PLAIN, Layout, wrap, wrap_line
from .reasons import reason_text, status_word
from .render import sentence

__all__ = ["CHANGE_LABELS", "changes_lines", "when_due"]

CHANGE_LABELS: Final[dict[ChangeKind, str]] = {
    "settled": "done",  # or the status it settled with: stopped, suppressed, expired
    "next": "next",
    "moved": "moved",
    "new": "new",
    "gone": "dropped",
}
_WIDTH: Final = max(len(label) for label in (*CHANGE_LABELS.values(), "suppressed"))


def when_due(rec: Recommendation) -> str:
    """"due Wed 12-09", "due today", "overdue since Mon 11-30"."""
    if rec.due is None:
        return ""
    if rec.status == "overdue":
        return f"overdue since {rec.due:%a %m-%d}"
    if rec.status == "due":
        return "due today"
    return f"due {rec.due:%a %m-%d}"


def _label(change: Change) -> str:
    after = change.after
    if change.kind == "settled" and after is not None and after.status not in PENDING_STATUSES:
        return status_word(after)
    return CHANGE_LABELS[change.kind]


def _line(change: Change) -> str:
    ended = change.after is not None and change.after.status not in PENDING_STATUSES
    told = change.kind in ("next", "moved", "new") or ended
    rec = change.after if told else change.before
    assert rec is not None  # each kind has the side it is told by
    text = sentence(rec)
    if ended:
        text += f": {reason_text(rec)}"  # "stopped by the reply on ...", "2 of 2 done"
    elif change.kind in ("next", "new"):
        text += f", {when_due(rec)}"
    elif change.kind == "moved" and change.before is not None:
        text += f", {when_due(change.before)} -> {when_due(rec)}"
    return f"  {_label(change):<{_WIDTH}}  {text} [{rec.rule}]"


def changes_lines(
    pack: Pack, as_of: dt.date, changes: tuple[Change, ...], layout: Layout = PLAIN
) -> list[str]:
    """The pack and day, then a line per change, wrapped under its text to `layout`'s width."""
    head = wrap(f"{pack.name} {pack.version}, as of {as_of:%a %Y-%m-%d}:", layout.prose)
    if not changes:
        return [*head, "  no pending action changed"]
    hang = 2 + _WIDTH + 2
    return head + [out for c in changes for out in wrap_line(_line(c), layout.prose, hang - 2)]
