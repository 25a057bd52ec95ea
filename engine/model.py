"""Typed, validated in-memory forms of packs, timelines and reports.

Records are NamedTuples (`_replace` makes a changed copy); only those with fields left out of
equality are frozen dataclasses: `followup run` imports this module on every start, and a
frozen dataclass costs about ten times more to define (1 ms each).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from .errors import Location
from .template import DraftTemplate
from .vocabulary import (
    SCOPE_KEYS,
    ActionKind,
    Align,
    Channel,
    DueDay,
    EventType,
    HoursFrom,
    Outcome,
    PartOfDay,
    Question,
    RecipientRole,
    Role,
    Says,
    ScopeKey,
    Stage,
)

Unit = Literal["days", "business_days", "weeks", "months", "hours"]


def turn(attempt: int, count: int) -> int:
    """Which of `count` items that take turns (a rotation's channels, a list of times) attempt
    `attempt` uses, 1-based: 1, 2, ..., count, then 1 again. The one definition of a turn."""
    return (max(attempt, 1) - 1) % count + 1


class Pattern(NamedTuple):
    """A set of events: any of `types`, optionally narrowed by channel, contact role and round,
    by a call's outcome (only the rule a step's fallback derives tests it, engine/load/steps.py),
    and by what the employer's word says: a reply's `says`, whether it states a date (`dated`),
    and which questions the candidate `asked` (or did not ask) at an interview."""

    types: tuple[EventType, ...]
    channels: tuple[Channel, ...] = ()
    roles: tuple[Role, ...] = ()
    round_min: int | None = None
    round_max: int | None = None
    outcomes: tuple[Outcome, ...] = ()
    says: tuple[Says, ...] = ()
    dated: bool | None = None
    asked: tuple[Question, ...] = ()  # every one of them asked
    not_asked: tuple[Question, ...] = ()  # none of them asked
    # replies saying `stop` whose instruction covers one of these channels (one without
    # `not_by` covers every channel)
    stops: tuple[Channel, ...] = ()

    def key(self) -> str:
        """A canonical text form, used to share one counter between equal patterns."""
        rnd = f"{self.round_min}-{self.round_max}"
        parts = [",".join(self.types), ",".join(self.channels), ",".join(self.roles), rnd]
        if self.outcomes:
            parts.append(",".join(self.outcomes))
        if self.says or self.dated is not None or self.asked or self.not_asked:
            parts += [",".join(self.says), str(self.dated), ",".join(self.asked),
                      ",".join(self.not_asked)]  # fmt: skip
        if self.stops:
            parts.append("stops:" + ",".join(self.stops))
        return "|".join(parts)


class Condition(NamedTuple):
    """`pattern` must occur between `min` and `max` times after the anchor (or before it)."""

    pattern: Pattern
    before: bool = False
    min: int = 1
    max: int | None = None


class Offset(NamedTuple):
    unit: Unit
    low: int
    high: int | None  # None: an open window (`[1, open]`), due from its start on, never overdue
    # Counted back from its base (`timing.before`, from an offer's deadline): the window runs
    # from `high` before the base to `low` before it (engine/dates/timing.py window_before).
    before: bool = False

    def describe(self) -> str:
        unit = self.unit.replace("_", " ")
        if self.high is None:
            return f"at least {self.low} {unit[:-1] if self.low == 1 else unit}"
        if self.low == self.high:
            return f"{self.low} {unit[:-1] if self.low == 1 else unit}"
        return f"{self.low}-{self.high} {unit}"

    def relation(self) -> str:
        """How the window stands to its base: "after" it, or "before" it (timing.before)."""
        return "before" if self.before else "after"


class TimeOfDay(NamedTuple):
    """When in the day to act (`timing.at`): from `start` to `end` (a clock time is a short
    calendar event; a part of day, e.g. morning, is its span), and the part's name if it has one."""

    start: dt.time
    end: dt.time
    part: PartOfDay | None = None


class Timing(NamedTuple):
    after: Offset  # or, with after.before, the pack's `timing.before` (from: deadline)
    base: Literal["anchor", "stated_date", "last", "deadline"] = "anchor"
    base_pattern: Pattern | None = None
    align: Align | None = None
    repeat: Offset | None = None
    max_attempts: int | None = 1
    # Whether an attempt made before its window opened counts toward max_attempts and is the
    # previous attempt a repeat counts from: format 1's meaning; format 2 leaves it uncounted
    # unless the pack says `timing.count_early: true` (docs/packs.md, "Early attempts").
    count_early: bool = True
    due: DueDay = "start"  # the window's day the recommendation is due on
    at: TimeOfDay | None = None  # when in the day; None: any time (an all-day event)
    hours_from: HoursFrom = "event_day"  # the loader sets event_time for pack_format 2
    # The action can only be done within its window (asking at the end of an interview): once
    # the window closes without it the recommendation is `expired`, never `overdue`.
    expires: bool = False
    # `repeat.for` (pack_format 2): how long the chase lasts, counted from the first attempt's
    # base; no attempt is recommended whose window would start after that end (state.py).
    repeat_for: Offset | None = None
    # `at` as a list (pack_format 2, "at varied calling times"): attempt k is at item
    # (k - 1) mod n; `at` is then its first item. () for a single time or none.
    times: tuple[TimeOfDay, ...] = ()

    def time(self, attempt: int) -> TimeOfDay | None:
        """When in the day attempt `attempt` (1-based) is: its item of a list, else `at`."""
        if self.times:
            return self.times[turn(attempt, len(self.times)) - 1]
        return self.at


class Fallback(NamedTuple):
    """A step's same-day fallback: when an attempt of the step has one of the `outcomes`
    (nobody answered the call), contact them by `channels` the same day as well."""

    outcomes: tuple[Outcome, ...]
    channels: tuple[Channel, ...]
    recipients: tuple[RecipientRole, ...]
    guidance: tuple[str, ...] = ()
    draft: DraftTemplate | None = None


class Step(NamedTuple):
    """What one attempt of a rule uses (action.steps, pack_format 2): the rule's channel,
    recipient, guidance and draft unless the step gives its own (the loader fills them in)."""

    channels: tuple[Channel, ...]
    recipients: tuple[RecipientRole, ...]
    guidance: tuple[str, ...] = ()
    draft: DraftTemplate | None = None
    fallback: Fallback | None = None


class Action(NamedTuple):
    kind: ActionKind
    channels: tuple[Channel, ...]
    recipients: tuple[RecipientRole, ...]
    fulfilled_by: Pattern
    optional: bool = False
    guidance: tuple[str, ...] = ()
    draft: DraftTemplate | None = None  # the pack's wording for `followup draft`, if it has one
    # Who (engine/core/recipients.py): `first_of` reads `recipients` as a fallback chain (the
    # first that names a contact of the application) instead of all of them; `each` makes one
    # instance per resolved recipient contact; `match_recipient` counts only attempts with a
    # recipient (the format-2 default; format 1, and `match_recipient: false`, any attempt).
    first_of: bool = False
    each: bool = False
    match_recipient: bool = False
    steps: tuple[Step, ...] = ()  # attempt k uses steps[k - 1], the last for every later one
    # Channel preference (pack_format 2, docs/packs.md "Channel preference and rotation"):
    # `ranked`, the channels are in order of preference, best first; `rotate`, attempt k uses
    # channel (k - 1) mod n alone. Either way any of them counts as an attempt (fulfilled_by).
    ranked: bool = False
    rotate: bool = False

    def step_number(self, attempt: int) -> int:
        """Which step (1-based) attempt `attempt` uses; 0 when the action has no steps."""
        return min(max(attempt, 1), len(self.steps)) if self.steps else 0

    def turn(self, attempt: int) -> int:
        """Which channel (1-based) a rotating action's attempt `attempt` uses; 0 otherwise."""
        if not self.rotate or not self.channels:
            return 0
        return turn(attempt, len(self.channels))

    def step(self, attempt: int) -> Step:
        """What attempt `attempt` uses: its step, or the action itself when it has none (a
        rotating action's: its turn's one channel; the loader refuses rotate with steps)."""
        if self.steps:
            return self.steps[self.step_number(attempt) - 1]
        turn = self.turn(attempt)
        channels = (self.channels[turn - 1],) if turn else self.channels
        return Step(channels, self.recipients, self.guidance, self.draft)

    def trigger(self, step: Step) -> Pattern:
        """The attempts that trigger a step's fallback: those by the step's channels with one
        of the fallback's outcomes (any attempt by that channel: docs/packs.md, "Steps")."""
        f = self.fulfilled_by
        # (the loader refuses a step none of whose channels is an attempt, so never "any")
        channels = tuple(c for c in step.channels if not f.channels or c in f.channels)
        outcomes = step.fallback.outcomes if step.fallback else ()
        return f._replace(channels=channels, outcomes=outcomes)

    def answer(self, fallback: Fallback) -> Pattern:
        """The events that do a fallback: the attempt's kind of event, by the fallback's channel."""
        return Pattern(types=self.fulfilled_by.types, channels=fallback.channels)


class Assumption(NamedTuple):
    about: str
    reason: str


@dataclass(frozen=True)
class Rule:
    id: str
    anchor: Pattern
    timing: Timing
    action: Action
    summary: str = ""
    stages: tuple[Stage, ...] = ()
    requires: tuple[Condition, ...] = ()
    unless: tuple[Pattern, ...] = ()
    stop_when: tuple[Pattern, ...] = ()
    every_anchor: bool = False
    cite: str = ""
    assumptions: tuple[Assumption, ...] = ()
    location: Location | None = None
    origin: str = ""  # the pack (and any override) this rule comes from, e.g. "clue-wagon@1.0.0"
    # A rule the loader derived from step `fallback_step` of rule `fallback_of`'s steps (its
    # same-day fallback, engine/load/steps.py); "" and 0 for a rule the pack writes.
    fallback_of: str = ""
    fallback_step: int = 0
    # Where the rule was written, for findings and for overriding it: not part of equality.
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    document: Any = field(default=None, compare=False, repr=False)
    where: tuple[str | int, ...] = field(default=(), compare=False, repr=False)


class Scope(NamedTuple):
    """When a prohibition holds (pack_format 2): for an event, every key given must hold on the
    application as it stood just before it (docs/packs.md, "Scoped prohibitions")."""

    after: Pattern | None = None  # an earlier event of this pattern
    until: Pattern | None = None  # ... and none of this one since (since the start without after)
    stages: tuple[Stage, ...] = ()  # the application's stage is one of these
    before_stated_date: Offset | None = None  # dated before this length past the stated date
    after_instruction: bool = False  # an earlier reply asked you to stop, by the event's channel

    def keys(self) -> tuple[ScopeKey, ...]:
        """The keys the pack gave, in SCOPE_KEYS order."""
        given = (self.after is not None, self.until is not None, bool(self.stages),
                 self.before_stated_date is not None, self.after_instruction)  # fmt: skip
        return tuple(k for k, g in zip(SCOPE_KEYS, given, strict=True) if g)


class Prohibition(NamedTuple):
    id: str
    channels: tuple[Channel, ...] = ()
    recipients: tuple[RecipientRole, ...] = ()
    except_rules: tuple[str, ...] = ()
    summary: str = ""
    cite: str = ""
    scope: Scope | None = None  # None: the whole pack, always (format 1's only kind)


class Limit(NamedTuple):
    """Advice against overdoing something, checked only by the audit, never recommending:
    at most `at_most` events of `events` within any `per` (the first and the last of them
    less than `per` apart), or none before the employer's stated date (`not_before`)."""

    id: str
    events: Pattern
    cite: str
    summary: str = ""
    at_most: int | None = None
    per: Offset | None = None
    not_before: Literal["stated_date"] | None = None


class Source(NamedTuple):
    author: str
    title: str
    publication: str
    date: str = ""
    url: str = ""
    seed: str = ""


class NotEncoded(NamedTuple):
    advice: str
    reason: str
    cite: str = ""


@dataclass(frozen=True)
class Pack:
    name: str
    version: str
    title: str
    source: Source
    rules: tuple[Rule, ...]
    prohibitions: tuple[Prohibition, ...] = ()
    limits: tuple[Limit, ...] = ()
    description: str = ""
    not_encoded: tuple[NotEncoded, ...] = ()
    path: str = ""
    digest: str = ""
    builtin: bool = False
    warnings: tuple[str, ...] = ()
    extends: str = ""  # the resolved base, e.g. "clue-wagon@1.0.0"
    format: Literal[1, 2] = 1  # its pack_format (engine/load/formats.py)
    # The parsed source, for what only some commands need (test cases): not part of equality.
    document: Any = field(default=None, compare=False, repr=False)

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"


class Contact(NamedTuple):
    id: str
    role: Role
    name: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""

    def display(self) -> str:
        return self.name or self.id


class Event(NamedTuple):
    date: dt.date
    type: EventType
    seq: int  # position in the file: orders same-day events
    channel: Channel | Literal[""] = ""  # "": the timeline does not say
    contact: str = ""  # the first contact it was with ("": the timeline does not say)
    round: int = 0
    by: dt.date | None = None  # the date the employer stated (decision_expected, a reply)
    note: str = ""
    also: tuple[str, ...] = ()  # the further contacts of a `with` list, after `contact`

    @property
    def contacts(self) -> tuple[str, ...]:
        """Every contact the event was with, in the timeline's order."""
        return (self.contact, *self.also) if self.contact else self.also

    outcome: Outcome | Literal[""] = ""  # a call's: "" when the timeline does not say
    time: dt.time | None = None  # the time of day, in the timeline's time zone, when it says
    says: Says | Literal[""] = ""  # a reply's: decision, not_yet or stop; "" on other events
    not_by: tuple[Channel, ...] = ()  # a reply saying stop: only these channels ((): every one)
    asked: tuple[Question, ...] = ()  # an interview's: what the candidate asked at its end


class Application(NamedTuple):
    id: str
    company: str
    role: str
    contacts: tuple[Contact, ...] = ()
    events: tuple[Event, ...] = ()
    url: str = ""

    def contact(self, contact_id: str) -> Contact | None:
        return next((c for c in self.contacts if c.id == contact_id), None)


class Timeline(NamedTuple):
    timezone: str
    country: str
    subdivision: str | None
    applications: tuple[Application, ...]
    candidate_name: str = ""
    candidate_email: str = ""
    candidate_phone: str = ""
    path: str = ""
    pack: str = ""  # the timeline's `pack:`, the pack its owner follows ("" when unnamed)
