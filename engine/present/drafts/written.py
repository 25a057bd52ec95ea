"""Written messages: an email, a message or a handwritten note, for each kind of action.

The default wording depends on the action's kind and on what the message is about (an
application, an interview, a meeting, a rejection); a pack that has its own wording for an
action (`action.draft`) gives the subject or the paragraphs instead, and the greeting and the
signature stay these.
"""

from __future__ import annotations

from typing import Literal

from ...outcomes import Recommendation
from ...template import DraftTemplate
from ...vocabulary import ActionKind
from .facts import Facts
from .phrases import day, deadline, filled, me, next_steps, occasion, position, signature

# How a written message looks: an email has a subject, a note is short and signed formally,
# an invitation (the note of a LinkedIn connection request) is one short paragraph.
Written = Literal["email", "message", "invitation", "note"]
# LinkedIn limits a connection request's note to 300 characters (200 on a free account).
INVITATION_CHARS = 200
# The kinds about an offer: their wording is offer_text's, whatever the medium.
OFFER_KINDS: tuple[ActionKind, ...] = ("acknowledge_offer", "ask_for_time")


def subject(kind: ActionKind, f: Facts) -> str:
    if kind == "thank_you":
        if f.context == "meeting":
            return "Thank you for your time"
        return f"Thank you: {f.role} interview"
    if kind == "reply_to_rejection":
        return f"Re: {f.role} position"
    if kind == "ask_next_steps":
        return f"Next steps: {f.role}"
    if kind == "ask_timeline":
        return f"Timeline: {f.role}"
    if kind in OFFER_KINDS:
        return f"Your offer: {f.role}"
    if f.context == "meeting":
        return "Following up on our conversation"
    if f.context == "interview":
        return f"Following up: {f.role} interview"
    return f"Following up on my application: {f.role}"


def chase_text(f: Facts, attempt: int) -> list[str]:
    """The paragraphs of a follow-up or check-in."""
    again = " again" if attempt > 1 else ""
    if f.context == "meeting":
        return [
            f"Thank you again for {occasion(f)}. I wanted to follow up{again} on our "
            "conversation. [One specific point from it, and what you have done since.]",
            f"I would be glad to stay in touch, and to hear of any opportunity at {f.company} "
            "where I could help.",
        ]
    if f.context == "interview" and f.interview is not None:
        paras = [f"Thank you again for meeting with me on {day(f.interview)} about {position(f)}."]
        if f.decision_by is not None:
            paras.append(
                f"You mentioned you expected to make a decision by {day(f.decision_by)}. "
                f"I wanted to follow up{again}: have you made your decision?"
            )
        else:
            paras.append(
                f"I wanted to follow up{again} and ask whether there is any news on the position."
            )
        paras.append(f"I remain very interested in the role and in joining {f.company}.")
        return paras
    applied = f" on {day(f.applied)}" if f.applied else ""
    return [
        f"I applied for {position(f)} at {f.company}{applied} and wanted to follow up{again}. "
        "Is there any news you can share about the position?",
        "I am very interested in the role and would welcome the chance to talk about how I "
        "could contribute.",
    ]


def thank_you_text(f: Facts, short: bool) -> list[str]:
    touch = "[Personal touch: mention something specific you discussed.]"
    if f.context == "meeting" and f.meeting is not None:
        return [
            f"Thank you for taking the time to meet with me on {day(f.meeting.date)}. {touch}",
            f"I appreciated your advice about {f.company}, and I would be glad to stay in touch.",
        ]
    when = f" on {day(f.interview)}" if f.interview else ""
    paras = [f"Thank you for taking the time to meet with me{when} about {position(f)}. {touch}"]
    if short:
        paras.append(f"I am very interested in the role. {next_steps(f)}")
    else:
        paras.append(next_steps(f))
        paras.append(
            f"I remain very interested in the role and would like to continue the process "
            f"with {f.company}."
        )
    return paras


def offer_text(kind: ActionKind, f: Facts) -> list[str]:
    """What to say about an offer: that it arrived, without accepting it yet (the advice:
    "confirm receipt at once, without committing"), or asking for more days to decide."""
    if kind == "acknowledge_offer":
        by = f", and that you need my answer by {day(f.deadline)}" if f.deadline else ""
        return [
            f"Thank you very much for the offer for {position(f)} at {f.company}.",
            f"I am writing to confirm that I have received it{by}. I am reviewing the details "
            "carefully and will come back to you with any questions.",
        ]
    return [
        f"Thank you again for the offer for {position(f)} at {f.company}.",
        f"You asked for my answer by {deadline(f)}. I want to give it the careful thought it "
        "deserves: would it be possible to have until [a date a few business days later] to "
        "decide?",
        "I will let you know as soon as I can. Thank you for your understanding.",
    ]


def rejection_text(f: Facts) -> list[str]:
    during = f" during my interview on {day(f.interview)}" if f.interview else ""
    return [
        f"Thank you for letting me know, and thank you again for your time{during}.",
        f"I remain very interested in working for {f.company} in the future, and I hope you "
        "will keep me in mind for other openings.",
        f"Could you suggest one thing I could do to become a more attractive candidate for "
        f"{f.company} in the future? I would really appreciate it.",
    ]


def paragraphs(rec: Recommendation, f: Facts, short: bool) -> list[str]:
    """What a message of this kind says, by default; `short` for a note."""
    if rec.kind == "thank_you":
        return thank_you_text(f, short)
    if rec.kind == "reply_to_rejection":
        return rejection_text(f)
    if rec.kind in OFFER_KINDS:
        return offer_text(rec.kind, f)
    if rec.kind == "ask_next_steps":
        return [
            f"Thank you again for {occasion(f)}.",
            "Could you tell me what the next steps in your process are, and on what timeline "
            "I can expect to hear from you?",
        ]
    if rec.kind == "ask_timeline":
        return [
            f"Thank you again for {occasion(f)}.",
            "Could you tell me when you expect to make a decision, so that I know when to "
            "expect to hear from you?",
        ]
    return chase_text(f, rec.attempt)


def invitation(rec: Recommendation, f: Facts) -> str:
    """A connection request's note: a greeting, one sentence about the occasion, the name; it
    fits LinkedIn's limit whatever the facts (a long name or role is cut, not the limit)."""
    if rec.kind == "thank_you":
        middle = f"thank you for {occasion(f)}. I'd be glad to stay in touch."
    elif rec.kind in OFFER_KINDS:
        middle = f"thank you for the offer for {position(f)}. I will write to you about it."
    else:
        middle = f"we spoke about {position(f)} at {f.company}. I'd be glad to connect."
    text = f"Hi {f.greeting}, {middle} {me(f)}"
    return text if len(text) <= INVITATION_CHARS else text[: INVITATION_CHARS - 3] + "..."


def written(
    rec: Recommendation, f: Facts, medium: Written, template: DraftTemplate | None
) -> tuple[str, str]:
    """(subject, body) of an email, a message or a handwritten note."""
    own = template or DraftTemplate()
    if medium == "invitation":
        mine = " ".join(filled(own.body, f))
        if mine and len(mine) > INVITATION_CHARS:
            mine = mine[: INVITATION_CHARS - 3] + "..."
        return "", (mine or invitation(rec, f)) + "\n"
    paras = filled(own.body, f) or paragraphs(rec, f, short=medium == "note")
    closing = "Sincerely" if medium == "note" else "Best regards"
    body = "\n\n".join([f"Dear {f.greeting},", *paras, signature(f, closing)]) + "\n"
    if medium == "note":
        return "", body
    heading = filled((own.subject,), f)[0] if own.subject else subject(rec.kind, f)
    return heading, body
