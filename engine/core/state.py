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
from ..dates.timing import Window, chase_end, span_end, window
from ..model import Event, Offset, Pattern, Rule
from ..vocabulary import DATED_EVENTS, SAYS_EVENTS, TERMINAL_EVENTS, Basis, Settled
from .ledger import Ledger
from .recipients import Audience, counts

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


def fulfilments(
    ledger: Ledger, rule: Rule, pos: int, end: int, cal: BusinessCalendar
) -> list[int]:
    """The positions of the events after the anchor at `pos`, among the first `end`, that
    fulfil the rule's action, whoever they were with and early ones included.

    A step's fallback is not another attempt: after an attempt that triggers one (the call went
    to voicemail), the first event that does the fallback on the fallback's day (the call's, or
    the next business day for a call on a closed day) is left out."""
    hits = ledger.hits(rule.action.fulfilled_by)
    made = hits[bisect.bisect_right(hits, pos) : bisect.bisect_left(hits, end)]
    pairs = [
        (ledger.hits(rule.action.trigger(s)), ledger.hits(rule.action.answer(s.fallback)))
        for s in rule.action.steps
        if s.fallback is not None
    ]
    if not pairs:
        return made
    events = ledger.events
    out: list[int] = []
    skip: set[int] = set()
    for h in made:
        if h in skip:
            continue
        out.append(h)
        for triggers, answers in pairs:
            if h not in triggers:
                continue
            i = bisect.bisect_right(answers, h)
            while i < len(answers) and answers[i] < end and answers[i] in skip:
                i += 1
            due = cal.roll_forward(events[h].date)  # the fallback's one-day window
            if i < len(answers) and answers[i] < end and events[answers[i]].date <= due:
                skip.add(answers[i])
    return out


def attempts(
    ledger: Ledger, rule: Rule, pos: int, end: int, audience: Audience, cal: BusinessCalendar
) -> list[int]:
    """The positions of the attempts made for the rule's instance for `audience` at the anchor
    at `pos`, among the first `end` events: the one definition evaluate, the audit and
    simulate count.

    The events that fulfil its action (fulfilments) and went to one of its recipients
    (engine/core/recipients.py `counts`), less, unless the rule counts early attempts (format
    1, or `timing.count_early: true`), those made before their window opened.
    """
    events = ledger.events
    made = [i for i in fulfilments(ledger, rule, pos, end, cal) if counts(audience, events[i])]
    return made if rule.timing.count_early else on_time(ledger, rule, pos, made, cal)


def on_time(
    ledger: Ledger, rule: Rule, pos: int, made: list[int], cal: BusinessCalendar
) -> list[int]:
    """The attempts among `made` sent on or after their window opened. A scan: the window of
    each counts from the previous attempt that counted (or from the anchor), as the audit's
    too_soon does, so an early attempt neither counts nor moves the next window."""
    out: list[int] = []
    for h in made:
        nxt = next_window(ledger, rule, pos, h, out[-1] if out else None, cal)
        if in_time(nxt, ledger.events[h]):
            out.append(h)
    return out


def opening(nxt: Next, attempt: Event) -> dt.datetime | None:
    """When an hours window opens, to the minute: from a timed base, for a timed attempt
    (an attempt at 04:00 is too soon for "12 hours after the email at 17:30"); None otherwise,
    when the window opens with its first day."""
    if nxt.offset.unit != "hours" or nxt.time is None or attempt.time is None:
        return None
    return dt.datetime.combine(nxt.base, nxt.time) + dt.timedelta(hours=nxt.offset.low)


def in_time(nxt: Next, attempt: Event) -> bool:
    """Whether an attempt was made once its window had opened: on or after its first day, and
    for an hours window from a timed event, at or after its opening minute. The one test of
    "too soon" that counting (format 2) and the audit share."""
    if attempt.date < nxt.window.start:
        return False
    opens = opening(nxt, attempt)
    return opens is None or dt.datetime.combine(attempt.date, attempt.time or dt.time(0)) >= opens


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
# Any event that states a date: a decision_expected, or a reply with a new one.
STATES_A_DATE: Final = Pattern(types=DATED_EVENTS, dated=True)


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


def latest_stated_date(ledger: Ledger, end: int) -> tuple[dt.date, int] | None:
    """The date the employer stated last among the first `end` events, whatever it was for
    (a limit's `not_before: stated_date`), and the position of the event that stated it."""
    found = ledger.last(STATES_A_DATE, 0, end)
    by = ledger.events[found].by if found is not None else None
    return (by, found) if by is not None and found is not None else None


def before_stated(
    ledger: Ledger, pos: int, length: Offset | None, cal: BusinessCalendar
) -> tuple[dt.date, int] | None:
    """The employer's latest stated date before the event at `pos`, and the event that stated
    it, when the event is dated before it (or, with `length`, before that length past it,
    counted as a limit's span: engine/dates/timing.py `span_end`); None otherwise. A limit's
    `not_before: stated_date` and a scope's `before_stated_date` both read this."""
    stated = latest_stated_date(ledger, pos)
    if stated is None:
        return None
    bound = stated[0] if length is None else span_end(stated[0], length, cal)
    return stated if ledger.events[pos].date < bound else None


class Next(NamedTuple):
    """The window of the next attempt, and how it was counted: `offset` from `base`."""

    window: Window
    basis: Basis
    base: dt.date
    offset: Offset
    pattern: Pattern | None  # the timing's base pattern, when basis is "last"
    time: dt.time | None = None  # the base event's time of day, when the timeline gives it
    stated: int | None = None  # basis stated_date: the event that stated it (anchor or reply)
    # `repeat.for`: the chase's last day, and what it counts from (the first attempt's base)
    until: dt.date | None = None
    first: tuple[Basis, dt.date] | None = None


def elapsed(nxt: Next, as_of: dt.date) -> bool:
    """Whether a chase with `repeat.for` has run out for the attempt `nxt` is the window of:
    that window would start after the chase's last day, or the evaluation day is past it with
    the attempt not made. The instance is then done ("the advice is to move on"), not overdue."""
    return nxt.until is not None and (nxt.window.start > nxt.until or as_of > nxt.until)


def next_window(
    ledger: Ledger, rule: Rule, pos: int, end: int, last_attempt: int | None, cal: BusinessCalendar
) -> Next:
    """The window of the attempt after those made since the anchor at `pos`."""
    timing = rule.timing
    events = ledger.events
    first = _first_base(ledger, rule, pos, end)
    until = None if timing.repeat_for is None else chase_end(first[1], timing.repeat_for, cal)
    origin = (first[0], first[1]) if until is not None else None

    def win(base: dt.date, offset: Offset, time: dt.time | None) -> Window:
        return window(base, offset, cal, timing.align, timing.due, timing.at, time, until)

    # A reply giving a new date after the last attempt moves a `from: stated_date` chase to
    # that date: the next attempt counts from it as the first did, not from the attempt.
    moved = (timing.base == "stated_date" and last_attempt is not None
             and ledger.last(NEW_DATE, last_attempt + 1, end) is not None)  # fmt: skip
    if last_attempt is not None and timing.repeat is not None and not moved:
        prev = events[last_attempt]
        clock = prev.time if timing.hours_from == "event_time" else None
        return Next(win(prev.date, timing.repeat, clock), "previous_attempt", prev.date,
                    timing.repeat, None, clock, None, until, origin)  # fmt: skip
    basis, base, time, stated = first
    pattern = timing.base_pattern if basis == "last" else None
    time = time if timing.hours_from == "event_time" else None
    return Next(win(base, timing.after, time), basis, base, timing.after, pattern, time,
                stated, until, origin)  # fmt: skip


def _first_base(
    ledger: Ledger, rule: Rule, pos: int, end: int
) -> tuple[Basis, dt.date, dt.time | None, int | None]:
    """What the first attempt of the instance at `pos` counts from, among the first `end`
    events: its basis, day and time, and the event that stated a stated date."""
    timing = rule.timing
    anchor = ledger.events[pos]
    stated = stated_date(ledger, pos, end) if timing.base == "stated_date" else None
    if stated is not None:
        return "stated_date", stated[0], None, stated[1]  # a stated date has no time
    if timing.base == "deadline" and anchor.by is not None:
        # The loader has the anchor be a dated offer: its `by` is the answer's deadline.
        return "deadline", anchor.by, None, None
    if timing.base == "last" and timing.base_pattern is not None:
        found = ledger.last(timing.base_pattern, pos + 1, end)
        if found is not None:
            return "last", ledger.events[found].date, ledger.events[found].time, None
    return "anchor", anchor.date, anchor.time, None
