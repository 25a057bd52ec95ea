"""The closed vocabularies shared by timelines and packs.

They are designed from the five seed articles: every event, channel and role that an
article's advice mentions has a name here, and nothing else does, so that a typo in a pack or a
timeline is an error instead of a rule that silently never matches.
"""

from __future__ import annotations

from typing import Final

EVENT_TYPES: Final = (
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
)

# A terminal event settles the application: nothing chases it any more unless a rule is
# anchored on the terminal event itself (the reply to a rejection, say).
TERMINAL_EVENTS: Final = ("rejection", "offer", "withdrawal")

CHANNELS: Final = (
    "email",
    "phone",
    "voicemail",
    "handwritten_note",
    "letter",
    "linkedin",
    "text_message",
    "video_call",
    "in_person",
    "online_form",
    "other",
)

ROLES: Final = ("hiring_manager", "hr", "recruiter", "interviewer", "other")

# `anchor_contact` in a rule's recipient list means "the person the anchor event was with"
# (the interviewer of that interview, the person who sent the rejection).
RECIPIENTS: Final = (*ROLES, "anchor_contact")

ACTION_KINDS: Final = (
    "follow_up",  # ask about a pending application or decision
    "check_in",  # a periodic "still interested" contact
    "final_call",  # the last attempt before moving on
    "thank_you",
    "reply_to_rejection",
    "ask_next_steps",
    "move_on",  # stop chasing; manage expectations
)

# Kinds that chase the employer for an answer: a reply must never add one. (A terminal event
# suppresses every rule not anchored on a terminal event, chases included.)
CHASE_KINDS: Final = ("follow_up", "check_in", "final_call")

# The event a recommendation of each kind is fulfilled by when the pack does not say.
DEFAULT_FULFILMENT: Final = {
    "follow_up": "follow_up_sent",
    "check_in": "follow_up_sent",
    "final_call": "follow_up_sent",
    "thank_you": "thank_you_sent",
    "reply_to_rejection": "follow_up_sent",
    "ask_next_steps": "follow_up_sent",
    "move_on": "withdrawal",
}

STAGES: Final = ("new", "networking", "applied", "interviewing", "closed")

STATUSES: Final = ("upcoming", "due", "overdue", "done", "suppressed")
