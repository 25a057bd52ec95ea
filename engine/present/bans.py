"""What a prohibition forbids, and when, in a sentence: "Never contact the hiring manager once
there has been an offer." (`followup show`, the audit)."""

from __future__ import annotations

from ..model import Event, Prohibition, Scope
from ..vocabulary import Channel
from .words import event_label, or_list, pattern_text, recipient

__all__ = ["prohibition_sentence", "scope_text", "since_text"]

# What a prohibition of each channel forbids: "never use phone", "never meet in person".
BAN_USE: dict[Channel, str] = {
    "email": "email",
    "phone": "phone",
    "voicemail": "voicemail",
    "linkedin": "LinkedIn",
    "linkedin_message": "LinkedIn messages",
    "linkedin_connection_request": "LinkedIn connection requests",
    "text_message": "text messages",
    "video_call": "video calls",
    "online_form": "online forms",
    "other": "other channels",
}
BAN_VERB: dict[Channel, str] = {
    "handwritten_note": "send handwritten notes",
    "letter": "send letters",
    "in_person": "meet in person",
}
# A prohibition of every follow-up and thank-you (a scoped one with no channels or recipients).
ANY_OUTREACH = "follow up or send thanks"


def scope_text(scope: Scope) -> str:
    """When a scoped prohibition holds, as what follows "Never email": "once there has been an
    offer", "before 1 week past the date the employer gave"."""
    parts: list[str] = []
    if scope.after is not None:
        parts.append("once there has been " + pattern_text(scope.after))
    if scope.until is not None:
        parts.append("until there is " + pattern_text(scope.until))
    if scope.stages:
        parts.append("while the application is at stage " + or_list(list(scope.stages)))
    if scope.before_stated_date is not None:
        length = scope.before_stated_date
        past = "" if length.low == 0 else f"{length.describe()} past "
        parts.append(f"before {past}the date the employer gave")
    if scope.after_instruction:
        parts.append("once they have asked you to stop following up by that channel")
    return ", ".join(parts)


def prohibition_sentence(p: Prohibition) -> str:
    parts = []
    uses = [BAN_USE[c] for c in p.channels if c in BAN_USE]
    if uses:
        parts.append("use " + or_list(uses))
    parts += [BAN_VERB[c] for c in p.channels if c in BAN_VERB]
    if p.recipients:
        parts.append("contact " + or_list([recipient(r) for r in p.recipients]))
    text = "Never " + (" or ".join(parts) or ANY_OUTREACH)
    if p.scope is not None:
        text += " " + scope_text(p.scope)
    if p.except_rules:
        text += f" (except in {', '.join(p.except_rules)})"
    return text + "."


def since_text(events: tuple[Event, ...]) -> str:
    """The events that put a scoped prohibition in force, for an audit finding: "since the
    offer on 2026-11-20"."""
    return "since " + " and ".join(event_label(e) for e in events)
