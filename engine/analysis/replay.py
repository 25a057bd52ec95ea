"""One application's events replayed in plain Python: which anchors a rule applies to, and why not.

The durable_rules path (compiler.py, durable_core.py, evaluate.py) decides what fires. This module
re-derives the same conditions from the written semantics (docs/packs.md, "Evaluation") with
plain scans of the event list, for the two features that must say *why*: explain.py (each rule,
fired or not) and audit.py (past events a pack advises against). Every check takes `end`, the
number of events to consider, so the audit can look at the application as it stood just before
any one of its events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, NamedTuple

from ..core.facts import matches, stage_of
from ..dates.calendar import BusinessCalendar
from ..dates.timing import Window, window
from ..model import Application, Condition, Event, Offset, Pattern, Rule
from ..present.describe import _NOUN, _PLURAL, _bare, _filters, pattern_text
from ..vocabulary import TERMINAL_EVENTS

Status = Literal["suppressed", "stopped", "capped", "pending"]


def noun(event_type: str) -> str:
    """ "follow-up", "interview", "decision date": the bare noun of an event type."""
    return _bare(_NOUN[event_type])


def plural_text(p: Pattern) -> str:
    """A pattern in the plural: "follow-ups by email", "interviews (round 2 or later)"."""
    names = [_PLURAL[t] for t in p.types]
    head = " or ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + " or " + names[-1]
    return head + _filters(p)


def condition_text(cond: Condition) -> str:
    """What a `requires` condition asks for: "at least 2 follow-ups by email"."""
    p = cond.pattern
    if cond.max == 0:
        return f"no {plural_text(p)}"
    if cond.max is None:
        return pattern_text(p) if cond.min <= 1 else f"at least {cond.min} {plural_text(p)}"
    if cond.min == 0:
        return f"at most {cond.max} {plural_text(p) if cond.max != 1 else pattern_text(p)}"
    if cond.min == cond.max:
        return f"exactly {cond.min} {plural_text(p) if cond.min != 1 else pattern_text(p)}"
    return f"{cond.min} to {cond.max} {plural_text(p)}"


@dataclass(frozen=True)
class Instance:
    """A rule applied to one anchor, as of `end` events: its attempts and what settles it."""

    anchor: int
    attempts: tuple[int, ...]  # positions of the fulfilled_by events after the anchor
    status: Status
    settled_by: int | None  # the terminal or stop_when event, for suppressed and stopped


class Next(NamedTuple):
    """The window of a rule's next attempt: the window, how it was counted, its base and offset."""

    window: Window
    why: str
    base: dt.date
    offset: Offset


def nominal_start(base: dt.date, offset: Offset) -> dt.date | None:
    """The first day of a calendar-day window before it moves off a weekend or holiday."""
    if offset.unit == "business_days":
        return None
    days = {"days": offset.low, "weeks": 7 * offset.low, "hours": -(-offset.low // 24)}
    return base + dt.timedelta(days=days[offset.unit])


class Replay:
    """The events of one application up to `as_of`, in evaluation order, with their roles."""

    def __init__(self, app: Application, as_of: dt.date) -> None:
        self.app = app
        self.as_of = as_of
        self.events: list[Event] = sorted(
            (e for e in app.events if e.date <= as_of), key=lambda e: (e.date, e.seq)
        )
        self.later: list[Event] = [e for e in app.events if e.date > as_of]
        self.roles = [self.role(e) for e in self.events]

    def role(self, event: Event) -> str:
        contact = self.app.contact(event.contact) if event.contact else None
        return contact.role if contact else ""

    def hits(self, pattern: Pattern, lo: int, hi: int) -> list[int]:
        """Positions in [lo, hi) of the events matching `pattern`."""
        return [i for i in range(lo, hi) if matches(pattern, self.events[i], self.roles[i])]

    def stage(self, end: int) -> str:
        return stage_of(self.events[:end])

    # ---------------------------------------------------------------- applicability

    def count(self, cond: Condition, pos: int, end: int) -> int:
        span = (0, pos) if cond.before else (pos + 1, end)
        return len(self.hits(cond.pattern, *span))

    @staticmethod
    def holds(cond: Condition, n: int) -> bool:
        return n >= cond.min and (cond.max is None or n <= cond.max)

    def superseded_by(self, rule: Rule, pos: int, end: int) -> int | None:
        """The next event matching the anchor pattern after `pos`, unless every_anchor."""
        if rule.every_anchor:
            return None
        later = self.hits(rule.anchor, pos + 1, end)
        return later[0] if later else None

    def unless_hit(self, rule: Rule, pos: int, end: int) -> tuple[Pattern, int] | None:
        for p in rule.unless:
            found = self.hits(p, pos + 1, end)
            if found:
                return p, found[0]
        return None

    def applies(self, rule: Rule, pos: int, end: int) -> bool:
        """Whether `rule` applies to the anchor at `pos`, given the first `end` events."""
        if rule.stages and self.stage(end) not in rule.stages:
            return False
        if self.superseded_by(rule, pos, end) is not None:
            return False
        if not all(self.holds(c, self.count(c, pos, end)) for c in rule.requires):
            return False
        return self.unless_hit(rule, pos, end) is None

    def anchors(self, rule: Rule, end: int) -> list[int]:
        return self.hits(rule.anchor, 0, end)

    def applying(self, rule: Rule, end: int) -> list[int]:
        return [pos for pos in self.anchors(rule, end) if self.applies(rule, pos, end)]

    # ---------------------------------------------------------------- state

    def instance(self, rule: Rule, pos: int, end: int) -> Instance:
        """The status of `rule` at the anchor `pos`, given the first `end` events."""
        tries = tuple(self.hits(rule.action.fulfilled_by, pos + 1, end))
        if self.events[pos].type not in TERMINAL_EVENTS:
            terminal = [i for i in range(end) if self.events[i].type in TERMINAL_EVENTS]
            if terminal:
                return Instance(pos, tries, "suppressed", terminal[0])
        stops = [i for p in rule.stop_when for i in self.hits(p, pos + 1, end)]
        if stops:
            return Instance(pos, tries, "stopped", min(stops))
        cap = rule.timing.max_attempts
        if cap is not None and len(tries) >= cap:
            return Instance(pos, tries, "capped", None)
        return Instance(pos, tries, "pending", None)

    def next_window(
        self, rule: Rule, pos: int, tries: tuple[int, ...], end: int, cal: BusinessCalendar
    ) -> Next:
        """The window of attempt len(tries) + 1, and how it was counted (as evaluate.py does)."""
        timing = rule.timing
        if tries and timing.repeat is not None:
            last = self.events[tries[-1]].date
            why = f"{timing.repeat.describe()} after the previous attempt on {last}"
            return Next(window(last, timing.repeat, cal, timing.align), why, last, timing.repeat)
        anchor = self.events[pos]
        base, base_text = anchor.date, self.label(pos)
        if timing.base == "stated_date" and anchor.by is not None:
            base = anchor.by
        elif timing.base == "last" and timing.base_pattern is not None:
            found = self.hits(timing.base_pattern, pos + 1, end)
            if found:
                base, base_text = self.events[found[-1]].date, self.label(found[-1])
        why = f"{timing.after.describe()} after {base_text}"
        return Next(window(base, timing.after, cal, timing.align), why, base, timing.after)

    # ---------------------------------------------------------------- words

    def label(self, pos: int) -> str:
        """An event by type and date: "the interview on 2026-11-17"."""
        ev = self.events[pos]
        if ev.type == "decision_expected" and ev.by is not None:
            return f"the decision date {ev.by} stated on {ev.date}"
        if ev.type == "application_submitted":
            return f"the application submitted on {ev.date}"
        return f"the {noun(ev.type)} on {ev.date}"

    def phrase(self, pos: int) -> str:
        """What the event was: "a follow-up by email to Dana Whitfield (hiring manager)"."""
        ev = self.events[pos]
        text = _NOUN[ev.type]
        if ev.channel:
            text += f" by {ev.channel.replace('_', ' ')}"
        contact = self.app.contact(ev.contact) if ev.contact else None
        if contact is not None:
            to = "to" if ev.type.endswith("_sent") else "with"
            text += f" {to} {contact.display()} ({contact.role.replace('_', ' ')})"
        return text
