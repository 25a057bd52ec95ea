"""When a scoped prohibition holds (pack_format 2, docs/packs.md "Scoped prohibitions"): the one
definition, which the audit reads for each event it judges.

Each key of a scope that the pack gives must hold on the application as it stood just before
the event (its earlier events only, as everywhere in the audit):

* `after`: an earlier event of the pattern; the latest such event is where the scope starts;
* `until`: no event of that pattern since the scope started (since the first event, without
  `after`), so a later `after` event starts it again;
* `stage`: the application's stage, from the earlier events, is one of these;
* `before_stated_date`: the event is dated before the day that length after the date the
  employer last stated (the `by` of the latest decision date or reply giving one), counted as
  a limit's span is (engine/dates/timing.py `span_end`: `{days: 0}` is the date itself); never
  when they stated none;
* `after_instruction`: an earlier reply asked you to stop following up by the event's channel
  (a stop without `not_by` covers every channel, and the only one an event without a channel
  is under).
"""

from __future__ import annotations

from typing import Final

from ..core.ledger import Ledger, stops_by
from ..core.state import before_stated
from ..dates.calendar import BusinessCalendar
from ..model import Pattern, Scope
from ..vocabulary import SAYS_EVENTS

__all__ = ["in_scope"]

STOP: Final = Pattern(types=SAYS_EVENTS, says=("stop",))


def in_scope(
    scope: Scope, ledger: Ledger, pos: int, cal: BusinessCalendar
) -> tuple[int, ...] | None:
    """None when the scope does not hold for the event at `pos`; else the positions of the
    events that put it in force (the `after` event, the event that stated the date, the reply
    that asked you to stop), in that order (empty for a scope of `until` or `stage` only)."""
    since: list[int] = []
    start = 0
    if scope.after is not None:
        opened = ledger.last(scope.after, 0, pos)
        if opened is None:
            return None
        since.append(opened)
        start = opened + 1
    if scope.until is not None and ledger.first(scope.until, start, pos) is not None:
        return None
    if scope.stages and ledger.stages[pos] not in scope.stages:
        return None
    event = ledger.events[pos]
    if scope.before_stated_date is not None:
        stated = before_stated(ledger, pos, scope.before_stated_date, cal)
        if stated is None:
            return None
        since.append(stated[1])
    if scope.after_instruction:
        channel = event.channel
        told = [
            i
            for i in ledger.hits(STOP)
            if i < pos
            and (stops_by(ledger.events[i], channel) if channel else not ledger.events[i].not_by)
        ]
        if not told:
            return None
        since.append(told[0])
    return tuple(since)
