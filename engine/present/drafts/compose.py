"""One draft per pending recommendation: the medium its channel calls for, the message in it,
who it goes to, and the pack's guidance as a checklist."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

from ...core.results import ApplicationReport
from ...model import Application, Timeline
from ...outcomes import Recommendation
from ...template import DraftTemplate
from ...vocabulary import PENDING_STATUSES, ActionKind, Channel
from ..reasons import due_text, reason_text, why_text
from ..render import sentence
from ..textsafe import flat
from ..words import ordinal
from .facts import Facts, gather
from .spoken import call, talking_points
from .written import written

# How a message on a channel is written; `none` for an action without a channel (move_on).
Medium = Literal["email", "message", "invitation", "note", "call", "talking_points", "none"]

MEDIUM: dict[Channel, Medium] = {
    "email": "email",
    "linkedin": "message",
    "linkedin_message": "message",
    "linkedin_connection_request": "invitation",  # a connection request's short note
    "text_message": "message",
    "online_form": "message",
    "phone": "call",
    "voicemail": "call",
    "handwritten_note": "note",
    "in_person": "talking_points",
    "video_call": "talking_points",
}

_TITLE: dict[Medium, str] = {
    "email": "Email",
    "message": "Message",
    "invitation": "Connection request note",
    "note": "Handwritten note",
    "call": "Phone script",
    "talking_points": "Talking points",
    "none": "Nothing to send",
}


@dataclass(frozen=True)
class Draft:
    rule: str
    kind: ActionKind
    # The channel drafted for ("" for an action without one, like move_on).
    channel: Channel | Literal[""]
    medium: Medium
    action: str  # the report's sentence: "follow up by email to Dana Whitfield (...)"
    status: str
    when: str  # "due Wed 2026-11-25; 3 business days after ..."
    title: str  # "Email", "Phone script (leave the same message on voicemail)", ...
    to: str
    subject: str
    body: str
    checklist: tuple[str, ...]
    cite: str
    facts: tuple[str, ...]


def _to(f: Facts, medium: Medium) -> str:
    who = f"{f.recipient} ({f.recipient_role})" if f.recipient_role else f.recipient
    if medium == "email":
        who = (
            f"{f.recipient} <{f.recipient_email}>"
            if f.recipient_email
            else f"{who} [email address not in the timeline]"
        )
    elif medium == "call":
        who += (
            f", {f.recipient_phone}" if f.recipient_phone else " [phone number not in the timeline]"
        )
    if f.alternatives:
        who += "; or " + "; or ".join(f.alternatives)
    return who


def draft(
    timeline: Timeline,
    app: Application,
    rec: Recommendation,
    as_of: dt.date,
    channel: Channel | None = None,
    template: DraftTemplate | None = None,
) -> Draft:
    """The draft of `rec` on `channel` (default: the first the pack gives), in the pack's own
    wording where `template` (the rule's `action.draft`) has some."""
    chosen: Channel | Literal[""] = channel or (rec.channels[0] if rec.channels else "")
    medium: Medium = MEDIUM.get(chosen, "message") if chosen else "none"
    f = gather(timeline, app, rec, as_of)
    subject, body = "", ""
    if medium in ("email", "message", "invitation", "note"):
        subject, body = written(rec, f, medium, template)
    elif medium == "call":
        body = call(rec, f, template)
    elif medium == "talking_points":
        body = talking_points(rec, f, template)
    else:
        body = "No message: this recommendation is a decision for you to make.\n"
    title = _TITLE[medium]
    if medium == "call" and "voicemail" in rec.channels:
        title = "Phone script (if you reach voicemail, leave the same message)"
    when = f"due {due_text(rec, '%a %m-%d')}" if rec.due else reason_text(rec)
    return Draft(
        rule=rec.rule,
        kind=rec.kind,
        channel=chosen,
        medium=medium,
        action=sentence(rec),
        status=rec.status,
        when=f"{when}; {why_text(rec)}",
        title=title,
        to="" if medium in ("none", "talking_points") else _to(f, medium),
        subject=subject,
        body=body,
        checklist=tuple(flat(g) for g in rec.guidance),
        cite=flat(rec.cite),
        facts=tuple(f.lines()),
    )


def ranked_drafts(
    timeline: Timeline,
    app: Application,
    rec: Recommendation,
    as_of: dt.date,
    channel: Channel | None = None,
    template: DraftTemplate | None = None,
) -> list[Draft]:
    """The drafts of `rec`: the one on `channel` (default: the first the pack gives) or, for a
    ranked list of channels (action.ranked) and no channel asked for, one per channel in order
    of preference, each titled with its place ("Handwritten note (best)", "Email (2nd choice)")."""
    if channel is not None or not rec.ranked:
        return [draft(timeline, app, rec, as_of, channel, template)]
    out = []
    for n, choice in enumerate(rec.channels, start=1):
        one = draft(timeline, app, rec, as_of, choice, template)
        place = "best" if n == 1 else f"{ordinal(n)} choice"
        out.append(replace(one, title=f"{one.title} ({place})"))
    return out


def pending(app_report: ApplicationReport, rule: str | None = None) -> list[Recommendation]:
    return [
        r
        for r in app_report.recommendations
        if r.status in PENDING_STATUSES and (rule is None or r.rule == rule)
    ]
