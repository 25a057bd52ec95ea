"""What an evaluation says, as facts: recommendations, rule explanations and audit findings.

The sentences that explain them are written by the presentation layer (engine/present/) from
these fields; the pack and timeline records they refer to are in engine/model.py.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from .model import Assumption, Contact, Event, Limit, Offset, Pattern, Prohibition, TimeOfDay
from .vocabulary import (
    ActionKind,
    AuditKind,
    Basis,
    Channel,
    EventType,
    RecipientRole,
    Settled,
    Status,
)


class Recipient(NamedTuple):
    # the contact's role; the rule's anchor_contact or most_contacted when nobody is named
    role: RecipientRole
    contact_id: str = ""
    name: str = ""


class EventRef(NamedTuple):
    """An event of the timeline as a result names it: its type, its date and its place."""

    type: EventType
    date: dt.date
    seq: int  # Event.seq: unique within an application


class ChaseEnd(NamedTuple):
    """`repeat.for`: the chase lasts `length` from what its first attempt counts from (`basis`
    on `base`), to its last day, `last` (engine/core/state.py)."""

    length: Offset
    basis: Basis
    base: dt.date
    last: dt.date


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
    window_end: dt.date | None  # None while pending: an open window, with no last day
    due: dt.date | None
    optional: bool
    cite: str
    guidance: tuple[str, ...]
    assumptions: tuple[Assumption, ...]
    # How the window of this attempt was counted: `offset` from `basis_date`.
    basis: Basis = "anchor"
    basis_date: dt.date = dt.date.min
    basis_time: dt.time | None = None  # the basis event's time of day, when it has one
    basis_pattern: Pattern | None = None  # the timing's `base` pattern when basis is "last"
    stated_by: EventRef | None = None  # basis stated_date: the anchor, or a reply with a new date
    offset: Offset = Offset("days", 0, 0)
    # Attempts made since the anchor, and what settled it when it is no longer pending.
    attempts_made: int = 0
    last_attempt: dt.date | None = None
    # The days of events that fulfil the action but did not count as attempts: sent before
    # their window opened, under a rule that does not count early ones (Timing.count_early).
    early_attempts: tuple[dt.date, ...] = ()
    settled: Settled | None = None
    settled_by: EventRef | None = None  # the terminal or stop_when event
    # Events since the anchor that fulfil the action but went to someone else (not counted)
    elsewhere: tuple[EventRef, ...] = ()
    last_with: tuple[Recipient, ...] = ()  # the contacts the last attempt was with
    # The rule's step this attempt uses (action.steps), 1-based; 0 when the rule has no steps.
    # For a fallback's rule: the parent rule and the step whose attempt triggered it.
    step: int = 0
    fallback_of: str = ""
    time: TimeOfDay | None = None  # when on the due day (timing.at), while pending
    chase: ChaseEnd | None = None  # a chase with `repeat.for`: when it ends
    # `align: same_weekday`: the day of the base's weekday a closed day moved the due day off,
    # and what closed it (a holiday's name, or "a weekend"); None when the due day is on it.
    aligned: dt.date | None = None
    aligned_closed: str = ""
    # Channel preference (Action.ranked, Action.rotate): `channels` are in order of preference,
    # best first; `rotation`, a rotating rule's channels, whose turn `channels` is.
    ranked: bool = False
    rotation: tuple[Channel, ...] = ()


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
    rule_or_prohibition: str  # the id of the rule, prohibition or limit it goes against
    cite: str = ""
    event: Event | None = None  # the event itself, and the contact it was with
    contact: Contact | None = None
    # banned: what the prohibition bans (its except clause aside), and the rules it excepts
    banned: Prohibition | None = None
    excepted: tuple[str, ...] = ()
    # banned under a scoped prohibition: the events that put it in force (the `after` event,
    # the one that stated the date, the reply that asked you to stop), in that order
    scope_events: tuple[Event, ...] = ()
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
    # over_limit and before_stated_date: the limit; over_limit: the earlier events it counts
    # against (within `per` before this one); before_stated_date: the date and its event
    limit: Limit | None = None
    counted: tuple[Event, ...] = ()
    stated_date: dt.date | None = None
    stated_event: Event | None = None
    # too_soon by hours: the moment an hours window from a timed event opened, when the attempt
    # was on its first day but before it
    opens_at: dt.datetime | None = None
