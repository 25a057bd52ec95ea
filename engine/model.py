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
    ActionKind,
    AuditKind,
    Basis,
    Channel,
    EventType,
    Question,
    RecipientRole,
    Role,
    Says,
    Settled,
    Stage,
    Status,
)

Unit = Literal["days", "business_days", "weeks", "months", "hours"]


class Pattern(NamedTuple):
    """A set of events: any of `types`, optionally narrowed by channel, contact role and round,
    and by what the employer's word says: a reply's `says`, whether it states a date (`dated`),
    and which questions the candidate `asked` (or did not ask) at an interview."""

    types: tuple[EventType, ...]
    channels: tuple[Channel, ...] = ()
    roles: tuple[Role, ...] = ()
    round_min: int | None = None
    round_max: int | None = None
    says: tuple[Says, ...] = ()
    dated: bool | None = None
    asked: tuple[Question, ...] = ()  # every one of them asked
    not_asked: tuple[Question, ...] = ()  # none of them asked

    def key(self) -> str:
        """A canonical text form, used to share one counter between equal patterns."""
        rnd = f"{self.round_min}-{self.round_max}"
        parts = [",".join(self.types), ",".join(self.channels), ",".join(self.roles), rnd]
        if self.says or self.dated is not None or self.asked or self.not_asked:
            parts += [",".join(self.says), str(self.dated), ",".join(self.asked),
                      ",".join(self.not_asked)]  # fmt: skip
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
    high: int

    def describe(self) -> str:
        unit = self.unit.replace("_", " ")
        if self.low == self.high:
            return f"{self.low} {unit[:-1] if self.low == 1 else unit}"
        return f"{self.low}-{self.high} {unit}"


class Timing(NamedTuple):
    after: Offset
    base: Literal["anchor", "stated_date", "last"] = "anchor"
    base_pattern: Pattern | None = None
    align: Literal["start_of_week"] | None = None
    repeat: Offset | None = None
    max_attempts: int | None = 1


class Action(NamedTuple):
    kind: ActionKind
    channels: tuple[Channel, ...]
    recipients: tuple[RecipientRole, ...]
    fulfilled_by: Pattern
    optional: bool = False
    guidance: tuple[str, ...] = ()
    draft: DraftTemplate | None = None  # the pack's wording for `followup draft`, if it has one


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
    # Where the rule was written, for findings and for overriding it: not part of equality.
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    document: Any = field(default=None, compare=False, repr=False)
    where: tuple[str | int, ...] = field(default=(), compare=False, repr=False)


class Prohibition(NamedTuple):
    id: str
    channels: tuple[Channel, ...] = ()
    recipients: tuple[RecipientRole, ...] = ()
    except_rules: tuple[str, ...] = ()
    summary: str = ""
    cite: str = ""


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
    contact: str = ""
    round: int = 0
    by: dt.date | None = None  # the date the employer stated (decision_expected, a reply)
    note: str = ""
    says: Says | Literal[""] = ""  # a reply's: decision or not_yet; "" on other events
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


class Recipient(NamedTuple):
    role: RecipientRole  # anchor_contact when the anchor event names nobody
    contact_id: str = ""
    name: str = ""


class EventRef(NamedTuple):
    """An event of the timeline as a result names it: its type, its date and its place."""

    type: EventType
    date: dt.date
    seq: int  # Event.seq: unique within an application


class Recommendation(NamedTuple):
    """What one rule asks for at one anchor event, as of the evaluation day.

    Only facts: the sentences that explain it (its reason, how its window was counted) are
    written by the presentation layer (engine/present/reasons.py) from these fields.
    """

    application: str
    rule: str
    kind: ActionKind
    channels: tuple[Channel, ...]
    recipients: tuple[Recipient, ...]
    status: Status
    anchor_type: EventType
    anchor_date: dt.date
    anchor_seq: int  # the anchor event's Event.seq: the event itself, not one like it
    attempt: int
    max_attempts: int | None
    window_start: dt.date | None
    window_end: dt.date | None
    due: dt.date | None
    optional: bool
    cite: str
    guidance: tuple[str, ...]
    assumptions: tuple[Assumption, ...]
    # How the window of this attempt was counted: `offset` from `basis_date`.
    basis: Basis = "anchor"
    basis_date: dt.date = dt.date.min
    basis_pattern: Pattern | None = None  # the timing's `base` pattern when basis is "last"
    stated_by: EventRef | None = None  # basis stated_date: the anchor, or a reply with a new date
    offset: Offset = Offset("days", 0, 0)
    # Attempts made since the anchor, and what settled it when it is no longer pending.
    attempts_made: int = 0
    last_attempt: dt.date | None = None
    settled: Settled | None = None
    settled_by: EventRef | None = None  # the terminal or stop_when event


class RuleExplanation(NamedTuple):
    """Whether one rule fired for one application, and why (see engine/explain.py)."""

    rule: str
    fired: bool
    reasons: tuple[str, ...] = ()


class AuditFinding(NamedTuple):
    """A past event the pack advises against (engine/analysis/audit.py), as facts:
    engine/present/audit_text.py says it in a sentence."""

    application: str
    date: dt.date
    event_type: EventType
    kind: AuditKind
    rule_or_prohibition: str  # the id of the rule or prohibition it goes against
    cite: str = ""
    event: Event | None = None  # the event itself, and the contact it was with
    contact: Contact | None = None
    # banned: what the prohibition bans (its except clause aside), and the rules it excepts
    banned: Prohibition | None = None
    excepted: tuple[str, ...] = ()
    # beyond_limit and too_soon: which attempt of the rule it was, since which anchor
    attempt: int = 0
    anchor: Event | None = None
    max_attempts: int | None = None
    # too_soon: the window it was early for, counted `offset` after `basis_event` (or, for a
    # repeat, the previous attempt on `basis_date`); `nominal` when a closed day moved it
    window_start: dt.date | None = None
    offset: Offset | None = None
    basis: Basis | None = None
    basis_date: dt.date | None = None
    basis_event: Event | None = None
    nominal: dt.date | None = None
    closed_day: str = ""  # what `nominal` was: a holiday's name, or "a weekend"
