"""One application's events as the evaluation sees them, with the aggregates it counts.

The events dated on or before the evaluation day, in time order (date, then place in the file),
each with the role of its contact. For any pattern the ledger keeps the sorted positions of
the events that match it, so that a count, the first or the latest match in a range of
positions is a bisection: the facts' running counters (engine/core/facts.py), the verdicts of
evaluate and the audit's view of the application just before each event all read them.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Collection
from typing import Literal

from ..model import Application, Event, Pattern
from ..vocabulary import (
    ASKED_EVENTS,
    BY_EVENTS,
    ROUND_EVENTS,
    SAYS_EVENTS,
    TERMINAL_EVENTS,
    Says,
    Stage,
)


def round_of(event: Event) -> int:
    """An event's interview round: only interviews have one, 1 or more (docs/packs.md; an
    `Event` built without one counts as round 1, as a timeline's interview without `round` does),
    and every other event is 0. The compiler relies on it: a round test stands for the type."""
    return max(event.round, 1) if event.type in ROUND_EVENTS else 0


def says_of(event: Event) -> Says | Literal[""]:
    """What a reply says (docs/timeline.md): as recorded, else `not_yet` when it gives a new
    date and `decision` when not (every reply meant that before replies could say otherwise);
    "" for every other event."""
    if event.type not in SAYS_EVENTS:
        return ""
    return event.says or ("not_yet" if event.by is not None else "decision")


def stops_by(event: Event, channel: str) -> bool:
    """Whether the event is the employer asking you to stop following up by `channel`: a reply
    saying stop, with `channel` in its `not_by` or with no `not_by` (every channel)."""
    return says_of(event) == "stop" and (not event.not_by or channel in event.not_by)


def word_matches(pattern: Pattern, event: Event) -> bool:
    """Whether an event meets a pattern's tests of the employer's word and of the questions
    asked (engine/core/patterns.py `word_tests` is the same definition, for durable_rules)."""
    if pattern.says and says_of(event) not in pattern.says:
        return False
    if pattern.stops and not any(stops_by(event, c) for c in pattern.stops):
        return False
    if pattern.dated is not None:
        dated = event.type in BY_EVENTS and event.by is not None
        if dated != pattern.dated:
            return False
    if pattern.asked or pattern.not_asked:
        if event.type not in ASKED_EVENTS:
            return False
        if not set(pattern.asked) <= set(event.asked) or set(pattern.not_asked) & set(event.asked):
            return False
    return True


def matches(pattern: Pattern, event: Event, roles: Collection[str]) -> bool:
    """Whether one event belongs to a pattern: the aggregates' definition of a match.

    `roles` are the roles of the event's contacts: a role test holds when any of them has one
    of the pattern's roles (several people on one interview). durable_rules decides the matches
    of rules (engine/core/patterns.py `variants`); this is the same definition for counting,
    and evaluate checks that the two agree.
    """
    return (
        event.type in pattern.types
        and (not pattern.channels or event.channel in pattern.channels)
        and (not pattern.roles or any(r in pattern.roles for r in roles))
        and (pattern.round_min is None or round_of(event) >= pattern.round_min)
        and (pattern.round_max is None or round_of(event) <= pattern.round_max)
        and (not pattern.outcomes or event.outcome in pattern.outcomes)
        and word_matches(pattern, event)
    )


def stage_after(stage: Stage, event_type: str) -> Stage:
    """The application's stage once an event of `event_type` is added to one at `stage`."""
    if stage == "closed" or event_type in TERMINAL_EVENTS:
        return "closed"
    if stage == "interviewing" or event_type == "interview":
        return "interviewing"
    if stage == "applied" or event_type == "application_submitted":
        return "applied"
    return "networking"


class Ledger:
    """The events of one application up to `as_of`, with positions of matches per pattern."""

    def __init__(self, app: Application, as_of: dt.date) -> None:
        self.app = app
        self.as_of = as_of
        self.events: list[Event] = sorted(
            (e for e in app.events if e.date <= as_of), key=lambda e: (e.date, e.seq)
        )
        self.later: list[Event] = [e for e in app.events if e.date > as_of]
        self._role = {c.id: c.role for c in app.contacts}
        # roles[i]: the roles of the contacts of event i (none when it names nobody)
        self.roles: list[frozenset[str]] = [self.roles_of(e) for e in self.events]
        stages: list[Stage] = ["new"]
        for e in self.events:
            stages.append(stage_after(stages[-1], e.type))
        self.stages = stages  # stages[i]: the stage with the first i events
        self.terminals = [i for i, e in enumerate(self.events) if e.type in TERMINAL_EVENTS]
        self._hits: dict[Pattern, list[int]] = {}

    def __len__(self) -> int:
        return len(self.events)

    def hits(self, pattern: Pattern) -> list[int]:
        """The positions of the events matching `pattern`, ascending."""
        found = self._hits.get(pattern)  # the pattern itself: its key() costs ten times more
        if found is None:
            events, roles = self.events, self.roles
            found = [i for i in range(len(events)) if matches(pattern, events[i], roles[i])]
            self._hits[pattern] = found
        return found

    def count(self, pattern: Pattern, lo: int, hi: int) -> int:
        """How many events in positions [lo, hi) match `pattern`."""
        hits = self.hits(pattern)
        return max(0, bisect.bisect_left(hits, hi) - bisect.bisect_left(hits, lo))

    def first(self, pattern: Pattern, lo: int, hi: int) -> int | None:
        """The first position in [lo, hi) matching `pattern`."""
        hits = self.hits(pattern)
        i = bisect.bisect_left(hits, lo)
        return hits[i] if i < len(hits) and hits[i] < hi else None

    def last(self, pattern: Pattern, lo: int, hi: int) -> int | None:
        """The latest position in [lo, hi) matching `pattern`."""
        hits = self.hits(pattern)
        i = bisect.bisect_left(hits, hi) - 1
        return hits[i] if i >= 0 and hits[i] >= lo else None

    def first_terminal(self, hi: int) -> int | None:
        """The first terminal event among the first `hi` events."""
        return self.terminals[0] if self.terminals and self.terminals[0] < hi else None

    def roles_of(self, event: Event) -> frozenset[str]:
        """The roles of the event's contacts."""
        return frozenset(self._role[c] for c in event.contacts if c in self._role)
