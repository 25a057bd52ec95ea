"""The English names of the vocabularies (event types, channels, roles, action kinds) and the
phrases built from them: one table per thing, shared by every reporter (run's text, json
reasons, ics and markdown, show, explain, audit, drafts), so each value reads the same
everywhere. How a value is spelled is decided here and nowhere else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..model import Condition, Contact, Event, Limit, Pattern
from ..outcomes import Recipient
from ..vocabulary import (
    ActionKind,
    Channel,
    EventType,
    Outcome,
    Question,
    RecipientRole,
    Role,
    Says,
)

NOUN: dict[EventType, str] = {
    "application_submitted": "an application",
    "introduction_call": "an introduction call",
    "networking_meeting": "a networking meeting",
    "informational_interview": "an informational interview",
    "interview": "an interview",
    "decision_expected": "a decision date",
    "thank_you_sent": "a thank-you",
    "follow_up_sent": "a follow-up",
    "reply_received": "a reply",
    "rejection": "a rejection",
    "offer": "an offer",
    "withdrawal": "a withdrawal",
}
PLURAL: dict[EventType, str] = {
    "application_submitted": "applications",
    "introduction_call": "introduction calls",
    "networking_meeting": "networking meetings",
    "informational_interview": "informational interviews",
    "interview": "interviews",
    "decision_expected": "decision dates",
    "thank_you_sent": "thank-yous",
    "follow_up_sent": "follow-ups",
    "reply_received": "replies",
    "rejection": "rejections",
    "offer": "offers",
    "withdrawal": "withdrawals",
}
CHANNEL_NAME: dict[Channel, str] = {
    "email": "email",
    "phone": "phone",
    "voicemail": "voicemail",
    "handwritten_note": "handwritten note",
    "letter": "letter",
    "linkedin": "LinkedIn",
    "linkedin_message": "LinkedIn message",
    "linkedin_connection_request": "LinkedIn connection request",
    "text_message": "text message",
    "video_call": "video call",
    "in_person": "in person",
    "online_form": "online form",
    "other": "another channel",
}
# How a channel follows a verb or a noun: "by email", except these.
CHANNEL_BY: dict[Channel, str] = {
    "in_person": "in person",
    "online_form": "through the online form",
}
# A contact's role after their name: "Dana Whitfield (hiring manager)", "Marge Bouvier (HR)".
ROLE_NAME: dict[Role, str] = {
    "hiring_manager": "hiring manager",
    "hr": "HR",
    "recruiter": "recruiter",
    "interviewer": "interviewer",
    "other": "contact",
}
# A recipient role on its own, as compare's recipient row groups packs: "hiring manager or HR".
ROLE_LABEL: dict[RecipientRole, str] = {
    "hiring_manager": ROLE_NAME["hiring_manager"],
    "hr": ROLE_NAME["hr"],
    "recruiter": ROLE_NAME["recruiter"],
    "interviewer": ROLE_NAME["interviewer"],
    "other": ROLE_NAME["other"],
    "anchor_contact": "person the event was with",
    "most_contacted": "person you have been in touch with most",
}
# Whom an action goes to when the timeline names nobody in that role.
RECIPIENT: dict[Role, str] = {
    "hiring_manager": "the hiring manager",
    "hr": "HR",
    "recruiter": "the recruiter",
    "interviewer": "the interviewer",
    "other": "your contact",
}
# anchor_contact is "the person the anchor event was with": named by that event.
ANCHOR_CONTACT: dict[EventType, str] = {
    "interview": "the person you met",
    "informational_interview": "the person you met",
    "networking_meeting": "the person you met",
    "introduction_call": "the person you spoke to",
    "rejection": "the person who told you",
    "offer": "the person who made the offer",
    "reply_received": "the person who replied",
    "decision_expected": "the person who gave the date",
}
ANY_ANCHOR_CONTACT = "the person you were in touch with then"  # a type without a phrase
# most_contacted: the contact with the most events up to the anchor.
MOST_CONTACTED = "the person you have been in touch with most"
KIND_VERB: dict[ActionKind, str] = {  # what each action kind asks you to do, as a verb phrase
    "follow_up": "follow up",
    "check_in": "check in",
    "final_call": "make a final call",
    "thank_you": "say thank you",
    "reply_to_rejection": "reply to the rejection",
    "ask_next_steps": "ask about next steps",
    "ask_timeline": "ask when they expect to decide",
    "move_on": "stop chasing and move on",
    "acknowledge_offer": "confirm you received the offer, without committing",
    "ask_for_time": "ask for more time to decide",
}
# What a reply says, after the noun: "a reply with their decision".
SAYS_PHRASE: dict[Says, str] = {
    "decision": "with their decision",
    "not_yet": "saying they have not decided yet",
    "stop": "asking you to stop following up",
}
# A question asked at the end of an interview, after "asked": "asked for their contact details".
QUESTION_PHRASE: dict[Question, str] = {
    "next_steps": "about next steps",
    "contact_info": "for their contact details",
    "timeline": "about their timeline",
}


def count(n: int, singular: str, plural: str = "") -> str:
    """A number and its noun, agreeing: "1 chase", "2 chases", "1 reply" ("replies" given as
    `plural`); every count a reporter prints is worded here."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def or_list(items: list[str]) -> str:
    if len(items) <= 2:
        return " or ".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def and_list(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def bare(noun: str) -> str:
    for article in ("a ", "an "):
        if noun.startswith(article):
            return noun[len(article) :]
    return noun


# What became of a call (an event's `outcome`), as a clause: "where nobody answered".
OUTCOME_CLAUSE: dict[Outcome, str] = {
    "reached": "you reached them",
    "no_answer": "nobody answered",
    "voicemail": "it went to voicemail",
}

# The same, as what the call did: "the follow-up on 2026-03-12 went to voicemail".
OUTCOME_PAST: dict[Outcome, str] = {
    "reached": "reached them",
    "no_answer": "went unanswered",
    "voicemail": "went to voicemail",
}


def ordinal(n: int) -> str:
    """ "1st", "2nd", "3rd", "11th", "22nd"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def filters(p: Pattern) -> str:
    text = ""
    if p.round_min is not None or p.round_max is not None:
        lo, hi = p.round_min, p.round_max
        if lo is not None and hi is not None:
            text += f" (round {lo}-{hi})" if lo != hi else f" (round {lo})"
        elif lo is not None:
            text += f" (round {lo} or later)"
        else:
            text += f" (round {hi} or earlier)"
    if p.channels:
        text += " " + or_list([by_channel(c) for c in p.channels])
    if p.roles:
        text += " with " + or_list([RECIPIENT[r] for r in p.roles])
    if p.outcomes:
        text += " where " + or_list([OUTCOME_CLAUSE[o] for o in p.outcomes])
    if p.says:
        text += " " + or_list([SAYS_PHRASE[w] for w in p.says])
    if p.stops:
        text += " asking you to stop following up " + or_list([by_channel(c) for c in p.stops])
    if p.dated is not None:
        text += " that gives a date" if p.dated else " that gives no date"
    if p.asked:
        text += " where you asked " + and_list([QUESTION_PHRASE[q] for q in p.asked])
    if p.not_asked:
        text += " where you did not ask " + or_list([QUESTION_PHRASE[q] for q in p.not_asked])
    return text


def pattern_text(p: Pattern) -> str:
    """A noun phrase: "an interview (round 2 or later)", "a follow-up or thank-you by email"."""
    return or_list([NOUN[t] for t in p.types]) + filters(p)


def plural_text(p: Pattern) -> str:
    """A pattern in the plural: "follow-ups by email", "interviews (round 2 or later)"."""
    return or_list([PLURAL[t] for t in p.types]) + filters(p)


def noun(event_type: EventType) -> str:
    """ "follow-up", "interview", "decision date": the bare noun of an event type."""
    return bare(NOUN[event_type])


def by_channel(channel: Channel) -> str:
    """ "by email", "in person", "through the online form"."""
    return CHANNEL_BY.get(channel, f"by {CHANNEL_NAME[channel]}")


# Whom a message greets when the timeline gives no name: "Dear Hiring Manager,", for the roles
# a letter can address by title; anyone else is a placeholder for the reader to fill in.
GREETING_TITLE: dict[RecipientRole, str] = {
    "hiring_manager": "Hiring Manager",
    "hr": "Hiring Team",
    "recruiter": "Hiring Team",
}
NO_FIRST_NAME = "[their first name]"
# A title before a name keeps the surname: "Dear Dr. Reid," (not "Dear Dr.,").
HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof"})


def greeting_name(name: str, role: RecipientRole) -> str:
    """The name a message's greeting uses: the first name ("Tom" for Tom Reid), a title with
    the surname ("Dr. Reid"), or, nobody named, a title ("Hiring Manager") or a placeholder.
    The one rule for every greeting (drafts' "Dear ...," and "Hi ...,")."""
    parts = name.split()
    if not parts:
        return GREETING_TITLE.get(role, NO_FIRST_NAME)
    if len(parts) > 1 and parts[0].rstrip(".").lower() in HONORIFICS:
        return f"{parts[0]} {parts[-1]}"
    return parts[0]


def anchor_contact(anchor_types: Iterable[EventType]) -> str:
    """Who `anchor_contact` is for an anchor of these types: "the person who told you"; for
    several, joined after their shared words: "the person you spoke to or met"."""
    words = [k.split() for k in dict.fromkeys(ANCHOR_CONTACT.get(t, "") for t in anchor_types)]
    if not words or [] in words:
        return ANY_ANCHOR_CONTACT
    n = 0  # the words all the phrases share
    while all(len(w) > n + 1 and w[n] == words[0][n] for w in words):
        n += 1
    return " ".join([*words[0][:n], or_list([" ".join(w[n:]) for w in words])])


def recipient(role: RecipientRole, anchor_types: Iterable[EventType] = ()) -> str:
    """Whom an action goes to, nobody named: "the hiring manager", "HR", "the person you met"."""
    if role == "anchor_contact":
        return anchor_contact(anchor_types)
    if role == "most_contacted":
        return MOST_CONTACTED
    return RECIPIENT[role]


def each_recipient(role: RecipientRole, anchor_types: Iterable[EventType] = ()) -> str:
    """Whom an `each` action goes to, one by one: "each person the interview was with"."""
    if role == "anchor_contact":
        return f"each person the {or_list([noun(t) for t in anchor_types]) or 'event'} was with"
    if role in ("hr", "other"):
        return "each " + ("HR contact" if role == "hr" else "contact")
    return "each " + recipient(role, anchor_types).removeprefix("the ")


def person(who: Recipient, anchor_type: EventType) -> str:
    """ "Dana Whitfield (hiring manager)", or whom it is for when the timeline names nobody."""
    if who.name and who.role != "anchor_contact" and who.role != "most_contacted":
        return f"{who.name} ({ROLE_NAME[who.role]})"
    return recipient(who.role, (anchor_type,))


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


def event_on(event_type: EventType, date: dt.date, by: dt.date | None = None) -> str:
    """An event by type and date: "the interview on 2026-11-17", "the application submitted on
    2026-11-02", "the decision date 2026-11-20 stated on 2026-11-17", "the new date 2026-11-27
    given in the reply on 2026-11-20"."""
    if event_type == "decision_expected":
        # "the decision date on D" would read as the decision's own date: it is when it was given.
        return (
            f"the decision date {by} stated on {date}"
            if by is not None
            else f"the news of a decision date on {date}"
        )
    if event_type == "application_submitted":
        return f"the application submitted on {date}"
    if event_type == "reply_received" and by is not None:
        return f"the new date {by} given in the reply on {date}"
    return f"the {noun(event_type)} on {date}"


def event_label(event: Event) -> str:
    """A timeline's event by type and date (see event_on)."""
    return event_on(event.type, event.date, event.by)


def event_phrase(event: Event, contact: Contact | None) -> str:
    """What the event was: "a follow-up by email to Dana Whitfield (hiring manager)"."""
    text = NOUN[event.type]
    if event.channel:
        text += f" {by_channel(event.channel)}"
    if contact is not None:
        to = "to" if event.type.endswith("_sent") else "with"
        text += f" {to} {contact.display()} ({ROLE_NAME[contact.role]})"
    return text


def limit_sentence(limit: Limit) -> str:
    """What a limit forbids: "Never more than 1 follow-up by phone within 1 week.", "No
    follow-up by phone before the date the employer gave."."""
    p = limit.events
    one = or_list([noun(t) for t in p.types]) + filters(p)  # "follow-up or thank-you note"
    if limit.not_before == "stated_date":
        return f"No {one} before the date the employer gave."
    assert limit.at_most is not None and limit.per is not None
    n = limit.at_most
    what = one if n == 1 else plural_text(p)
    return f"Never more than {n} {what} within {limit.per.describe()}."


# `followup show`, a format-2 rule that keeps format 1's meaning of an early attempt.
EARLY_COUNTS = (
    "an attempt made before its window opens still counts as one (timing.count_early: true)"
)
