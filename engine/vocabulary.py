"""The closed vocabularies shared by timelines and packs.

They are designed from the five seed articles: every event, channel and role that an
article's advice mentions has a name here, and nothing else does, so that a typo in a pack or a
timeline is an error instead of a rule that silently never matches.
"""

from __future__ import annotations

from typing import Final, Literal, NamedTuple, get_args

EventType = Literal[
    "application_submitted",  # a resume or application went in
    "introduction_call",  # a first call with someone at the company (004)
    "networking_meeting",  # 003, 004
    "informational_interview",  # 003
    "interview",  # carries a round number
    "decision_expected",  # the employer said when they would decide (carries `by`)
    "thank_you_sent",
    "follow_up_sent",
    "reply_received",
    "rejection",
    "offer",
    "withdrawal",
]
EVENT_TYPES: Final[tuple[EventType, ...]] = get_args(EventType)

# Other names a timeline may give an event type: the names people use for what happened ("a
# phone screen", "a thank-you note"), each read as its canonical type (and, when the name says
# how it happened, with that channel unless the event gives one). Only timelines accept them;
# the evaluation, packs and reports use the canonical names. `reply` is not one: it could be
# their reply (reply_received) or yours to a rejection (follow_up_sent).
EventAlias = Literal[
    "phone_screen",  # a recruiter's or HR's screening call: the first interview, by phone
    "phone_interview",
    "video_interview",
    "thank_you",
    "thank_you_note",  # no channel: a note may be an email or handwritten
    "follow_up",
    "offer_received",
    "rejected",
]
EVENT_ALIAS_NAMES: Final[tuple[EventAlias, ...]] = get_args(EventAlias)


class AliasOf(NamedTuple):
    type: EventType
    channel: Channel | Literal[""] = ""  # the event's channel when it gives none


# The order events of one day happen in: the evaluation reads same-day events in file order, so
# a timeline that lists a `decision_expected` before the `interview` it was stated at (or a
# thank-you before the interview it thanks for) says something else than what happened.
# `followup validate` warns of a pair listed against this order (engine/analysis/sameday.py);
# events of one rank may come in any order.
SAME_DAY_RANK: Final[dict[EventType, int]] = {
    "application_submitted": 0,
    "introduction_call": 1,
    "networking_meeting": 1,
    "informational_interview": 1,
    "interview": 1,
    "decision_expected": 2,
    "thank_you_sent": 3,
    "follow_up_sent": 3,
    "reply_received": 4,
    "rejection": 5,
    "offer": 5,
    "withdrawal": 5,
}

# A terminal event settles the application: nothing chases it any more unless a rule is
# anchored on the terminal event itself (the reply to a rejection, say).
TerminalEvent = Literal["rejection", "offer", "withdrawal"]
TERMINAL_EVENTS: Final[tuple[TerminalEvent, ...]] = get_args(TerminalEvent)

Channel = Literal[
    "email",
    "phone",
    "voicemail",
    "handwritten_note",
    "letter",
    "linkedin",  # LinkedIn, unspecified (timelines written before the two below existed)
    "linkedin_message",
    "linkedin_connection_request",  # an invitation to connect, with its short note
    "text_message",
    "video_call",
    "in_person",
    "online_form",
    "other",
]
CHANNELS: Final[tuple[Channel, ...]] = get_args(Channel)

EVENT_ALIASES: Final[dict[EventAlias, AliasOf]] = {
    "phone_screen": AliasOf("interview", "phone"),
    "phone_interview": AliasOf("interview", "phone"),
    "video_interview": AliasOf("interview", "video_call"),
    "thank_you": AliasOf("thank_you_sent"),
    "thank_you_note": AliasOf("thank_you_sent"),
    "follow_up": AliasOf("follow_up_sent"),
    "offer_received": AliasOf("offer"),
    "rejected": AliasOf("rejection"),
}


def alias(name: object) -> AliasOf | None:
    """What an alias is read as; None for any other name (an event type among them)."""
    return next((of for a, of in EVENT_ALIASES.items() if a == name), None)


def aliases_of(event_type: EventType) -> tuple[EventAlias, ...]:
    """The aliases read as `event_type` (the schema repeats them where a key depends on it)."""
    return tuple(a for a, of in EVENT_ALIASES.items() if of.type == event_type)


# What became of a call (a timeline event's `outcome`): you spoke to them, nobody answered, or
# you left a voicemail. Only a call has one (OUTCOME_CHANNELS); a pack's step `fallback` is
# triggered by an attempt with one of them (docs/packs.md, "Steps").
Outcome = Literal["reached", "no_answer", "voicemail"]
OUTCOMES: Final[tuple[Outcome, ...]] = get_args(Outcome)
OUTCOME_CHANNELS: Final[tuple[Channel, ...]] = ("phone", "video_call")

# The role of a contact in the timeline.
Role = Literal["hiring_manager", "hr", "recruiter", "interviewer", "other"]
ROLES: Final[tuple[Role, ...]] = get_args(Role)

# Whom a rule's action goes to: a role, `anchor_contact`, "the person (each person, when it
# names several) the anchor event was with" (the interviewers of that interview, the person who
# sent the rejection), or `most_contacted`, the application's contact with the most events up
# to the anchor (pack_format 2; engine/core/recipients.py resolves them).
RecipientRole = Literal[Role, "anchor_contact", "most_contacted"]
RECIPIENTS: Final[tuple[RecipientRole, ...]] = get_args(RecipientRole)

ActionKind = Literal[
    "follow_up",  # ask about a pending application or decision
    "check_in",  # a periodic "still interested" contact
    "final_call",  # the last attempt before moving on
    "thank_you",
    "reply_to_rejection",
    "ask_next_steps",
    "ask_timeline",  # ask when they expect to decide: fulfilled by their answer, not the question
    "move_on",  # stop chasing; manage expectations
    "acknowledge_offer",  # confirm an offer arrived, without committing (pack_format 2)
    "ask_for_time",  # ask for more days to decide on an offer, before its deadline (format 2)
]
ACTION_KINDS: Final[tuple[ActionKind, ...]] = get_args(ActionKind)

# Kinds that chase the employer for an answer: a reply must never add one. (A terminal event
# suppresses every rule not anchored on a terminal event, chases included.)
ChaseKind = Literal["follow_up", "check_in", "final_call"]
CHASE_KINDS: Final[tuple[ChaseKind, ...]] = get_args(ChaseKind)

# The event types that may carry a stated date (`by`): a decision date, and a reply that gives
# a new one ("we'll know by the 20th"). A rule counting `from: stated_date` anchors on them.
DATED_EVENTS: Final[tuple[EventType, ...]] = ("decision_expected", "reply_received")
# The event types that may carry a `by` in a timeline, and that a pattern's `dated` tests: the
# dated events, and an offer, whose `by` is the date the candidate must answer by (its
# deadline: `timing.from: deadline`). An offer's deadline is not a date the employer stated
# for their decision: `from: stated_date`, a limit's `not_before` and ask_timeline's answer
# read DATED_EVENTS only.
BY_EVENTS: Final[tuple[EventType, ...]] = (*DATED_EVENTS, "offer")

# What a reply says (`says` in a timeline): the decision itself, or "not yet" ("still
# deciding", with or without a new date), or `stop`: they asked you not to follow up (by any
# channel, or by those of the reply's `not_by`). A reply with a `by` is `not_yet`; one without
# `says` or `by` is a decision, as every reply was before replies could say otherwise.
Says = Literal["decision", "not_yet", "stop"]
SAYS: Final[tuple[Says, ...]] = get_args(Says)
SAYS_EVENTS: Final[tuple[EventType, ...]] = ("reply_received",)

# What the candidate asked at the end of an interview (`asked` in a timeline).
Question = Literal["next_steps", "contact_info", "timeline"]
QUESTIONS: Final[tuple[Question, ...]] = get_args(Question)
ASKED_EVENTS: Final[tuple[EventType, ...]] = ("interview",)

# The event types a recommendation of each kind is fulfilled by when the pack does not say.
DEFAULT_FULFILMENT: Final[dict[ActionKind, tuple[EventType, ...]]] = {
    "follow_up": ("follow_up_sent",),
    "check_in": ("follow_up_sent",),
    "final_call": ("follow_up_sent",),
    "thank_you": ("thank_you_sent",),
    "reply_to_rejection": ("follow_up_sent",),
    "ask_next_steps": ("follow_up_sent",),
    "ask_timeline": DATED_EVENTS,
    "move_on": ("withdrawal",),
    "acknowledge_offer": ("follow_up_sent",),
    "ask_for_time": ("follow_up_sent",),
}
# Kinds fulfilled by the employer's word rather than the candidate's message: by default, an
# event of their types that states a date (`dated: true`), whatever the channel. Asking is
# not enough; the answer is what the advice wants.
ANSWERED_KINDS: Final[tuple[ActionKind, ...]] = ("ask_timeline",)

Stage = Literal["new", "networking", "applied", "interviewing", "closed"]
STAGES: Final[tuple[Stage, ...]] = get_args(Stage)

# What a recommendation is, as of the evaluation day. The first three are still to do.
# `expired`: the window of an action that can only be done then (`timing.expires`, "at the end
# of an interview") has closed without it; it is not overdue, nothing more is asked.
Status = Literal["upcoming", "due", "overdue", "done", "suppressed", "expired"]
STATUSES: Final[tuple[Status, ...]] = get_args(Status)
PendingStatus = Literal["upcoming", "due", "overdue"]
PENDING_STATUSES: Final[tuple[PendingStatus, ...]] = get_args(PendingStatus)
# Pending and to do now: its window is open, or has passed (`followup draft` without an
# application drafts these, across applications).
NowStatus = Literal["due", "overdue"]
NOW_STATUSES: Final[tuple[NowStatus, ...]] = get_args(NowStatus)

# Why a pack has nothing pending (`followup compare`): every recommendation was fulfilled or
# ended, a terminal event settled the application, the moment of what applied has passed
# (expired), or no rule of the pack applies.
NothingReason = Literal["done", "suppressed", "expired", "none"]
NOTHING_REASONS: Final[tuple[NothingReason, ...]] = get_args(NothingReason)

# Why a recommendation is no longer pending: a terminal event settled the application, one of
# the rule's stop_when events came, its attempts reached max_attempts, or (`repeat.for`) the
# time the advice gives the chase has run out: the next attempt would start after its end.
Settled = Literal["terminal", "stop", "limit", "elapsed"]

# What the window of the next attempt counts from: the anchor event, the decision date it
# states, the latest event of the timing's `base` pattern, or the previous attempt (repeats).
# `deadline`: the anchor offer's `by`, a `timing.before` window counting back from it.
Basis = Literal["anchor", "stated_date", "last", "previous_attempt", "deadline"]

# The keys of a prohibition's `scope` (pack_format 2, docs/packs.md "Scoped prohibitions"),
# in the order the sentences name them.
ScopeKey = Literal["after", "until", "stage", "before_stated_date", "after_instruction"]
SCOPE_KEYS: Final[tuple[ScopeKey, ...]] = get_args(ScopeKey)

# What an audit finding is about (engine/analysis/audit.py): an event by a banned channel or to
# a banned recipient, a chase's attempt past its limit, or one made before its window opened;
# an event over one of the pack's limits (more than `at_most` per span), or one before the
# date the employer stated when the pack says not to (engine/analysis/limits.py).
AuditKind = Literal["banned", "beyond_limit", "too_soon", "over_limit", "before_stated_date"]

# The candidate's own outreach: what a prohibition or a limit is about (engine/analysis).
OUTREACH_EVENTS: Final[tuple[EventType, ...]] = ("follow_up_sent", "thank_you_sent")

# The event types that carry an interview round; a round test on any other type is vacuous.
ROUND_EVENTS: Final[tuple[EventType, ...]] = ("interview",)

# The names a pack's draft template (action.draft) may use, each filled from the timeline when
# `followup draft` writes the message (docs/packs.md, "draft"). A fixed set: a template can
# only name a fact, never reach into the engine's objects.
Placeholder = Literal[
    "company",  # Acme Corp
    "role",  # Product Manager
    "position",  # the Product Manager position
    "contact",  # the recipient's name: Dana Whitfield
    "contact_role",  # hiring manager (a contact of role `other`: their title)
    "my_name",  # the candidate's name, email and phone
    "my_email",
    "my_phone",
    "anchor_date",  # the anchor event's date, as a person writes it: Tuesday, November 17
    "applied_date",  # the application's date
    "interview_date",  # the interview the message is about
    "interviewer",  # who it was with: Dana Whitfield (hiring manager)
    "decision_date",  # the date the employer said they would decide by
    "occasion",  # what the message is about: my interview on Tuesday, November 17 for ...
    "next_steps",  # a sentence: the decision they promised, or a [placeholder] to fill in
    "deadline",  # the date the anchor offer needs an answer by: Friday, December 11
]
PLACEHOLDERS: Final[tuple[Placeholder, ...]] = get_args(Placeholder)

# Where in its window a due day is aimed (`timing.align`): the first business day of a week,
# or (pack_format 2, docs/packs.md "Same weekday") the weekday of the attempt's base day.
Align = Literal["start_of_week", "same_weekday"]
ALIGNS: Final[tuple[Align, ...]] = get_args(Align)

# When in a window a recommendation is due (docs/packs.md "Due day"): its first or last day.
DueDay = Literal["start", "end"]
DUE_DAYS: Final[tuple[DueDay, ...]] = get_args(DueDay)

# What an `hours` offset counts from (docs/packs.md "Times of day"): the base event's time when
# the timeline gives one (format 2's default), or its day, in whole days (format 1's meaning).
HoursFrom = Literal["event_time", "event_day"]

# A named part of the day for `timing.at` (docs/packs.md "Times of day"). Its clock times are
# defined here once: the first is when the recommendation is timed (and what an hours offset
# is compared with), the second when its calendar event ends.
PartOfDay = Literal[
    "early_morning",
    "morning",
    "mid_morning",
    "midday",
    "afternoon",
    "mid_afternoon",
    "late_afternoon",
    "evening",
]
PARTS_OF_DAY: Final[tuple[PartOfDay, ...]] = get_args(PartOfDay)
PART_OF_DAY_HOURS: Final[dict[PartOfDay, tuple[str, str]]] = {
    "early_morning": ("07:00", "09:00"),
    "morning": ("09:00", "12:00"),
    "mid_morning": ("10:00", "11:00"),
    "midday": ("12:00", "13:00"),
    "afternoon": ("13:00", "17:00"),
    "mid_afternoon": ("14:00", "15:00"),
    "late_afternoon": ("16:00", "17:00"),
    "evening": ("18:00", "20:00"),
}
# A clock time (`at: "10:00"`) is a calendar event this long.
CLOCK_TIME_MINUTES: Final = 30


# The forms of an id and of a time of day, as schemas/timeline.schema.json writes them (a test
# holds the two to the same text): for the commands that make one before the schema sees it.
ID_PATTERN: Final = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}"
TIME_PATTERN: Final = "([01][0-9]|2[0-3]):[0-5][0-9]"
