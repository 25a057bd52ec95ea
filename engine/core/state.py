"""A rule at one anchor, as the application stood with its first `end` events.

The conditions of a rule (docs/packs.md, "Evaluation") as checks with what was found, what
settles an instance, and the window of its next attempt. evaluate reads them at the end of the
ledger, where durable_rules has decided what fired and each check must agree with it; the audit
reads them just before each of the candidate's own events. One definition for both.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Final, Literal, NamedTuple

from ..dates.calendar import BusinessCalendar
from ..dates.timing import Window, window
from ..model import Offset, Pattern, Rule
from ..vocabulary import SAYS_EVENTS, TERMINAL_EVENTS, Basis, Settled
from .ledger import Ledger

CheckKind = Literal["stage", "superseded", "requires", "unless"]


class Check(NamedTuple):
    """One condition of a rule at one anchor: met or not, and what was found.

    `which` is the condition's place in the rule's `requires` or `unless` list; `found` the
    events a `requires` condition counted; `event` the position of the event in the way (the
    later anchor that supersedes, the first `unless` event).
    """

    kind: CheckKind
    ok: bool
    which: int = 0
    found: int = 0
    event: int | None = None


def holds(found: int, low: int, high: int | None) -> bool:
    return found >= low and (high is None or found <= high)


def checks(ledger: Ledger, rule: Rule, pos: int, end: int) -> tuple[Check, ...]:
    """Every condition of `rule` for the anchor at `pos`, given the first `end` events."""
    out: list[Check] = []
    if rule.stages:
        out.append(Check("stage", ledger.stages[end] in rule.stages))
    if not rule.every_anchor:
        later = ledger.first(rule.anchor, pos + 1, end)
        out.append(Check("superseded", later is None, event=later))
    for i, cond in enumerate(rule.requires):
        lo, hi = (0, pos) if cond.before else (pos + 1, end)
        found = ledger.count(cond.pattern, lo, hi)
        out.append(Check("requires", holds(found, cond.min, cond.max), i, found))
    for i, pattern in enumerate(rule.unless):
        hit = ledger.first(pattern, pos + 1, end)
        out.append(Check("unless", hit is None, i, event=hit))
    return tuple(out)


def applies(found: tuple[Check, ...]) -> bool:
    return all(c.ok for c in found)


def attempts(ledger: Ledger, rule: Rule, pos: int, end: int) -> list[int]:
    """The positions of the attempts made for the rule's instance at the anchor at `pos`, among
    the first `end` events: the events after the anchor that fulfil its action. The one
    definition evaluate, the audit and simulate count."""
    hits = ledger.hits(rule.action.fulfilled_by)
    return hits[bisect.bisect_right(hits, pos) : bisect.bisect_left(hits, end)]


def first_stop(ledger: Ledger, rule: Rule, pos: int, end: int) -> int | None:
    """The first `stop_when` event after the anchor at `pos`, among the first `end` events."""
    hits = [h for p in rule.stop_when if (h := ledger.first(p, pos + 1, end)) is not None]
    return min(hits, default=None)


def settled(
    rule: Rule, anchor_type: str, terminal: int | None, stop: int | None, attempts: int
) -> tuple[Settled | None, int | None]:
    """What settles an instance, and the event that did: a terminal event (unless the rule is
    anchored on one), then a stop, then the attempt limit; (None, None) while it is pending."""
    if terminal is not None and anchor_type not in TERMINAL_EVENTS:
        return "terminal", terminal
    if stop is not None:
        return "stop", stop
    cap = rule.timing.max_attempts
    if cap is not None and attempts >= cap:
        return "limit", None
    return None, None


# A reply that gives a new date: it re-anchors what counts from the stated date.
NEW_DATE: Final = Pattern(types=SAYS_EVENTS, dated=True)


def stated_date(ledger: Ledger, pos: int, end: int) -> tuple[dt.date, int] | None:
    """The date the employer last stated for the instance at `pos`, among the first `end`
    events, and the position of the event that stated it: the `by` of the latest reply after
    the anchor that gives one ("if they give you a new date, call on that date"), else the
    anchor's own `by`; None when neither states a date. The latest word counts, even when it
    moves the date earlier. The one definition of a stated date (windows, the audit)."""
    found = ledger.last(NEW_DATE, pos + 1, end)
    at = pos if found is None else found
    by = ledger.events[at].by
    return (by, at) if by is not None else None


class Next(NamedTuple):
    """The window of the next attempt, and how it was counted: `offset` from `base`."""

    window: Window
    basis: Basis
    base: dt.date
    offset: Offset
    pattern: Pattern | None  # the timing's base pattern, when basis is "last"
    stated: int | None = None  # basis stated_date: the event that stated it (anchor or reply)


def next_window(
    ledger: Ledger, rule: Rule, pos: int, end: int, last_attempt: int | None, cal: BusinessCalendar
) -> Next:
    """The window of the attempt after those made since the anchor at `pos`."""
    timing = rule.timing
    events = ledger.events
    if last_attempt is not None and timing.repeat is not None:
        base = events[last_attempt].date
        return Next(window(base, timing.repeat, cal, timing.align), "previous_attempt", base,
                    timing.repeat, None)  # fmt: skip
    anchor = events[pos]
    basis: Basis = "anchor"
    base = anchor.date
    stated = stated_date(ledger, pos, end) if timing.base == "stated_date" else None
    if stated is not None:
        basis, base = "stated_date", stated[0]
    elif timing.base == "last" and timing.base_pattern is not None:
        found = ledger.last(timing.base_pattern, pos + 1, end)
        if found is not None:
            basis, base = "last", events[found].date
    pattern = timing.base_pattern if basis == "last" else None
    win = window(base, timing.after, cal, timing.align)
    return Next(win, basis, base, timing.after, pattern, stated[1] if stated else None)
