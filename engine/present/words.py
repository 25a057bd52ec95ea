"""Event types, channels, roles and patterns as English words: one table each, shared by
every sentence the presentation layer writes (show, explain, audit, drafts)."""

from __future__ import annotations

from ..model import Condition, Contact, Event, Pattern

NOUN = {
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
PLURAL = {
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
CHANNEL_NAME = {
    "email": "email",
    "phone": "phone",
    "voicemail": "voicemail",
    "handwritten_note": "handwritten note",
    "letter": "letter",
    "linkedin": "LinkedIn",
    "text_message": "text message",
    "video_call": "video call",
    "in_person": "in person",
    "online_form": "online form",
    "other": "another channel",
}
CHANNEL_BY = {"in_person": "in person", "online_form": "through an online form"}
RECIPIENT = {
    "hiring_manager": "the hiring manager",
    "hr": "HR",
    "recruiter": "the recruiter",
    "interviewer": "the interviewer",
    "other": "your contact",
}

def or_list(items: list[str]) -> str:
    if len(items) <= 2:
        return " or ".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def bare(noun: str) -> str:
    for article in ("a ", "an "):
        if noun.startswith(article):
            return noun[len(article) :]
    return noun


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
        ways = [CHANNEL_BY.get(c, f"by {CHANNEL_NAME[c]}") for c in p.channels]
        text += " " + or_list(ways)
    if p.roles:
        text += " with " + or_list([RECIPIENT[r] for r in p.roles])
    return text


def pattern_text(p: Pattern) -> str:
    """A noun phrase: "an interview (round 2 or later)", "a follow-up or thank-you by email"."""
    return or_list([NOUN[t] for t in p.types]) + filters(p)


def plural_text(p: Pattern) -> str:
    """A pattern in the plural: "follow-ups by email", "interviews (round 2 or later)"."""
    return or_list([PLURAL[t] for t in p.types]) + filters(p)




def noun(event_type: str) -> str:
    """ "follow-up", "interview", "decision date": the bare noun of an event type."""
    return bare(NOUN[event_type])


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


def event_label(event: Event) -> str:
    """An event by type and date: "the interview on 2026-11-17"."""
    if event.type == "decision_expected" and event.by is not None:
        return f"the decision date {event.by} stated on {event.date}"
    if event.type == "application_submitted":
        return f"the application submitted on {event.date}"
    return f"the {noun(event.type)} on {event.date}"


def event_phrase(event: Event, contact: Contact | None) -> str:
    """What the event was: "a follow-up by email to Dana Whitfield (hiring manager)"."""
    text = NOUN[event.type]
    if event.channel:
        text += f" by {event.channel.replace('_', ' ')}"
    if contact is not None:
        to = "to" if event.type.endswith("_sent") else "with"
        text += f" {to} {contact.display()} ({contact.role.replace('_', ' ')})"
    return text
