"""Message drafts: a pack's content guidance filled in with the timeline's facts.

For each pending recommendation of one application, a deterministic template chosen by the
action's kind and channel: an email (subject and body), a phone script (which is also the
voicemail message), a handwritten note, or talking points for the interview itself. The facts
come from the timeline (company, role, the recipient, the interview, the decision date, the
candidate's name, email and phone); what the timeline does not say is left as a `[placeholder]`.
The rule's guidance follows each draft as a checklist; a guidance line that is itself a message
template with `(insert ...)` blanks (mason-group's request-for-update email) becomes the body.
No network, no randomness: the same input gives the same text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from ..model import Application, ApplicationReport, Event, Pack, Recommendation, Timeline
from .reasons import reason_text, why_text
from .textsafe import flat, lines_text

PENDING = ("upcoming", "due", "overdue")

# How a channel is written: the template family it selects.
MEDIUM = {
    "email": "email",
    "linkedin": "message",
    "text_message": "message",
    "online_form": "message",
    "phone": "call",
    "voicemail": "call",
    "handwritten_note": "note",
    "in_person": "talking_points",
    "video_call": "talking_points",
}
_MEETINGS = ("networking_meeting", "introduction_call", "informational_interview")
_MEETING_NOUN = {
    "networking_meeting": "meeting",
    "introduction_call": "call",
    "informational_interview": "informational interview",
}


@dataclass(frozen=True)
class Facts:
    """What the timeline says about one recommendation's message."""

    company: str
    role: str
    candidate_name: str
    candidate_email: str
    candidate_phone: str
    recipient: str  # a name, or a [placeholder]
    recipient_role: str
    recipient_email: str
    recipient_phone: str
    alternatives: tuple[str, ...]  # the other people the pack allows, "Name (role)"
    context: str  # application | interview | meeting | rejection
    applied: dt.date | None
    interview: dt.date | None
    interviewer: str
    decision_by: dt.date | None
    meeting: Event | None
    rejection: Event | None

    def lines(self) -> list[str]:
        """The facts used, in ISO dates, for the reader to check."""
        out = [f"{self.company}, {self.role}"]
        if self.recipient:
            out.append(f"to {self.recipient} ({self.recipient_role})")
        if self.applied:
            out.append(f"applied {self.applied.isoformat()}")
        if self.interview:
            who = f" with {self.interviewer}" if self.interviewer else ""
            out.append(f"interview {self.interview.isoformat()}{who}")
        if self.decision_by:
            out.append(f"decision expected by {self.decision_by.isoformat()}")
        if self.meeting:
            out.append(f"{_label(self.meeting.type)} {self.meeting.date.isoformat()}")
        if self.rejection:
            out.append(f"rejection {self.rejection.date.isoformat()}")
        return out


@dataclass(frozen=True)
class Draft:
    rule: str
    kind: str
    channel: str  # the channel drafted for ("" for an action without one, like move_on)
    medium: str  # email | message | call | note | talking_points | none
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


def _label(event_type: str) -> str:
    return event_type.replace("_", " ")


def _day(date: dt.date) -> str:
    """A date as a person writes it: Tuesday, November 17."""
    return f"{date:%A}, {date:%B} {date.day}"


def _last(events: list[Event], types: tuple[str, ...], until: dt.date) -> Event | None:
    found = [e for e in events if e.type in types and e.date <= until]
    return found[-1] if found else None


def _anchor_event(events: list[Event], rec: Recommendation) -> Event | None:
    return next(
        (e for e in events if e.type == rec.anchor_type and e.date == rec.anchor_date), None
    )


def gather(timeline: Timeline, app: Application, rec: Recommendation, as_of: dt.date) -> Facts:
    events = sorted((e for e in app.events if e.date <= as_of), key=lambda e: (e.date, e.seq))
    anchor = _anchor_event(events, rec)
    first = rec.recipients[0] if rec.recipients else None
    others = rec.recipients[1:]
    contact = app.contact(first.contact_id) if first and first.contact_id else None
    role, name = "", ""
    if first is not None and first.role == "anchor_contact":  # nobody named in the timeline
        role, name = "the person you met", "[their name]"
    elif first is not None:
        role = first.role.replace("_", " ")
        # A contact without a name displays as its id: a message needs the real name.
        name = (contact.name if contact else first.name) or f"[name of the {role}]"
        if first.role == "other" and contact is not None and contact.title:
            role = contact.title  # "Director of Operations" says more than "other"
    alternatives = tuple(
        f"{r.name} ({r.role.replace('_', ' ')})" if r.name else f"the {r.role.replace('_', ' ')}"
        for r in others
    )
    applied = next((e.date for e in events if e.type == "application_submitted"), None)
    # The interview a message refers to: the anchor itself, or the last one before the anchor.
    if rec.anchor_type == "interview" and anchor is not None:
        interview: Event | None = anchor
    else:
        interview = _last(events, ("interview",), rec.anchor_date)
    interviewer = ""
    if interview is not None and interview.contact:
        who = app.contact(interview.contact)
        interviewer = who.display() if who else ""
    decision: Event | None
    if rec.anchor_type == "decision_expected":
        decision = anchor
    else:
        decision = _last(events, ("decision_expected",), as_of)
        if decision is not None and interview is not None and decision.date < interview.date:
            decision = None  # a promise made before the interview is not about it
    meeting = anchor if rec.anchor_type in _MEETINGS else None
    rejection = anchor if rec.anchor_type == "rejection" else None
    if rejection is not None:
        context = "rejection"
    elif meeting is not None:
        context = "meeting"
    elif interview is not None and (
        rec.anchor_type in ("interview", "decision_expected")
        or rec.kind in ("thank_you", "check_in", "final_call")
    ):
        context = "interview"
    else:
        context = "application"
    facts = Facts(
        company=app.company,
        role=app.role,
        candidate_name=timeline.candidate_name,
        candidate_email=timeline.candidate_email,
        candidate_phone=timeline.candidate_phone,
        recipient=name,
        recipient_role=role,
        recipient_email=contact.email if contact else "",
        recipient_phone=contact.phone if contact else "",
        alternatives=alternatives,
        context=context,
        applied=applied,
        interview=interview.date if interview else None,
        interviewer=interviewer,
        decision_by=decision.by if decision is not None else None,
        meeting=meeting,
        rejection=rejection,
    )
    # Every fact on one line: a newline in a name must not add a line to a message.
    one: dict[str, Any] = {k: flat(v) for k, v in vars(facts).items() if isinstance(v, str)}
    return replace(facts, alternatives=tuple(map(flat, alternatives)), **one)


# --- the pieces every template shares --------------------------------------------------------


def _me(f: Facts) -> str:
    return f.candidate_name or "[your name]"


def _phone(f: Facts) -> str:
    return f.candidate_phone or "[your phone number]"


def _signature(f: Facts, closing: str) -> str:
    contact = " | ".join(x for x in (f.candidate_email, f.candidate_phone) if x)
    return f"{closing},\n{_me(f)}\n{contact or '[your email] | [your phone number]'}"


def _position(f: Facts) -> str:
    return f"the {f.role} position"


def _occasion(f: Facts) -> str:
    """What the message is about, as a noun phrase: "my interview on Tuesday, November 17 ..."."""
    if f.context == "meeting" and f.meeting is not None:
        return f"our {_MEETING_NOUN[f.meeting.type]} on {_day(f.meeting.date)}"
    if f.context in ("interview", "rejection") and f.interview is not None:
        return f"my interview on {_day(f.interview)} for {_position(f)}"
    if f.applied is not None:
        return f"my application on {_day(f.applied)} for {_position(f)}"
    return f"my application for {_position(f)}"


_INSERT = re.compile(r"\(insert ([^)]*)\)")


def _fill_insert(template: str, f: Facts) -> str:
    def fill(match: re.Match[str]) -> str:
        what = match.group(1).lower()
        if "manager" in what or "name" in what:
            return f.recipient
        if "company" in what:
            return f.company
        if any(word in what for word in ("event", "date", "position")):
            return _occasion(f)
        return f"[{match.group(1)}]"

    return _INSERT.sub(fill, template)


def _template_line(guidance: tuple[str, ...]) -> str | None:
    """A guidance line that is a message to fill in: quoted, with (insert ...) blanks."""
    for line in guidance:
        text = line.strip()
        if text.startswith('"') and text.endswith('"') and _INSERT.search(text):
            return text
    return None


# --- written messages --------------------------------------------------------------------------


def _subject(kind: str, f: Facts) -> str:
    if kind == "thank_you":
        if f.context == "meeting":
            return "Thank you for your time"
        return f"Thank you: {f.role} interview"
    if kind == "reply_to_rejection":
        return f"Re: {f.role} position"
    if kind == "ask_next_steps":
        return f"Next steps: {f.role}"
    if f.context == "meeting":
        return "Following up on our conversation"
    if f.context == "interview":
        return f"Following up: {f.role} interview"
    return f"Following up on my application: {f.role}"


def _chase_text(kind: str, f: Facts, attempt: int) -> list[str]:
    """The paragraphs of a follow-up or check-in email."""
    again = " again" if attempt > 1 else ""
    if f.context == "meeting":
        return [
            f"Thank you again for {_occasion(f)}. I wanted to follow up{again} on our "
            "conversation. [One specific point from it, and what you have done since.]",
            f"I would be glad to stay in touch, and to hear of any opportunity at {f.company} "
            "where I could help.",
        ]
    if f.context == "interview" and f.interview is not None:
        paras = [
            f"Thank you again for meeting with me on {_day(f.interview)} about {_position(f)}."
        ]
        if f.decision_by is not None:
            paras.append(
                f"You mentioned you expected to make a decision by {_day(f.decision_by)}. "
                f"I wanted to follow up{again}: have you made your decision?"
            )
        else:
            paras.append(
                f"I wanted to follow up{again} and ask whether there is any news on the position."
            )
        paras.append(f"I remain very interested in the role and in joining {f.company}.")
        return paras
    applied = f" on {_day(f.applied)}" if f.applied else ""
    return [
        f"I applied for {_position(f)} at {f.company}{applied} and wanted to follow up{again}. "
        "Is there any news you can share about the position?",
        "I am very interested in the role and would welcome the chance to talk about how I "
        "could contribute.",
    ]


def _thank_you_text(f: Facts, short: bool) -> list[str]:
    touch = "[Personal touch: mention something specific you discussed.]"
    if f.context == "meeting" and f.meeting is not None:
        return [
            f"Thank you for taking the time to meet with me on {_day(f.meeting.date)}. {touch}",
            f"I appreciated your advice about {f.company}, and I would be glad to stay in touch.",
        ]
    when = f" on {_day(f.interview)}" if f.interview else ""
    paras = [f"Thank you for taking the time to meet with me{when} about {_position(f)}. {touch}"]
    if f.decision_by is not None:
        steps = (
            f"I understand the next step is your decision by {_day(f.decision_by)}, "
            "and I look forward to hearing from you."
        )
    else:
        steps = "[Next steps: what happens next, and on what timeline, as they told you.]"
    if short:
        paras.append(f"I am very interested in the role. {steps}")
    else:
        paras.append(steps)
        paras.append(
            f"I remain very interested in the role and would like to continue the process "
            f"with {f.company}."
        )
    return paras


def _rejection_text(f: Facts) -> list[str]:
    during = f" during my interview on {_day(f.interview)}" if f.interview else ""
    return [
        f"Thank you for letting me know, and thank you again for your time{during}.",
        f"I remain very interested in working for {f.company} in the future, and I hope you "
        "will keep me in mind for other openings.",
        f"Could you suggest one thing I could do to become a more attractive candidate for "
        f"{f.company} in the future? I would really appreciate it.",
    ]


def _written(rec: Recommendation, f: Facts, medium: str, template: str | None) -> tuple[str, str]:
    """(subject, body) of an email, a message or a handwritten note."""
    greeting = f"Dear {f.recipient},"
    if template is not None and rec.kind in ("follow_up", "check_in"):
        filled = flat(_fill_insert(template.strip('"'), f))
        head, sep, rest = filled.partition(",")
        if sep and head.startswith("Dear "):
            greeting, filled = head + ",", rest.strip()
        paras = [filled if filled.endswith((".", "?", "!")) else filled + "."]
    elif rec.kind == "thank_you":
        brief = any("brief" in g.lower() for g in rec.guidance)  # wise-job-search: "very brief"
        paras = _thank_you_text(f, short=medium == "note" or brief)
    elif rec.kind == "reply_to_rejection":
        paras = _rejection_text(f)
    elif rec.kind == "ask_next_steps":
        paras = [
            f"Thank you again for {_occasion(f)}.",
            "Could you tell me what the next steps in your process are, and on what timeline "
            "I can expect to hear from you?",
        ]
    else:
        paras = _chase_text(rec.kind, f, rec.attempt)
    closing = "Sincerely" if medium == "note" else "Best regards"
    body = "\n\n".join([greeting, *paras, _signature(f, closing)]) + "\n"
    return ("" if medium == "note" else _subject(rec.kind, f)), body


# --- spoken messages ---------------------------------------------------------------------------


def _call(rec: Recommendation, f: Facts) -> str:
    hello = f"Hello, this is {_me(f)}, calling for {f.recipient}"
    about = f" about {_position(f)} at {f.company}." if f.context != "meeting" else "."
    back = f"You can reach me at {_phone(f)}. Thank you for your time."
    if rec.kind == "thank_you":
        met = f.meeting.date if f.meeting is not None else f.interview
        occasion = (
            f"our {_MEETING_NOUN[f.meeting.type]}" if f.meeting is not None else "the interview"
        )
        day = f" on {_day(met)}" if met else ""
        lines = [
            hello + about,
            f"I am calling to thank you for your time{day}, at {occasion}.",
            "I am still very interested in the opportunity. [Reconfirm your interest, "
            "if that is appropriate.]",
            back,
        ]
    elif rec.kind == "final_call":
        on = f" on {_day(f.interview)}" if f.interview else ""
        lines = [
            hello + about,
            f"I interviewed for the role{on} and have followed up by email since.",
            "I am calling once to ask whether you have made a decision: could you let me know "
            "either way?",
            back,
        ]
    elif rec.kind == "reply_to_rejection":
        lines = [hello + about, *_rejection_text(f), back]
    elif f.context == "interview":
        on = f" on {_day(f.interview)}" if f.interview else ""
        decision = (
            f" You mentioned a decision by {_day(f.decision_by)}: have you made it?"
            if f.decision_by
            else " Is there any news you can share about the position?"
        )
        lines = [
            hello + about,
            f"I interviewed for the role{on} and wanted to check in.{decision}",
            "I am still very interested in the opportunity and looking forward to moving ahead.",
            back,
        ]
    elif f.context == "meeting":
        lines = [
            hello + about,
            f"Thank you again for {_occasion(f)}. I wanted to follow up on our conversation "
            "[one specific point from it].",
            back,
        ]
    else:  # after an application: the three-part message
        applied = f" on {_day(f.applied)}" if f.applied else ""
        lines = [
            hello + about,
            "1. I know you are busy and have probably had a lot of responses to the opening, "
            "so I will be brief.",
            f"2. I applied{applied}, and the purpose of my call is to make sure you received my "
            "application and resume.",
            "3. Is there anything I could do to improve my chances for this opportunity?",
            back,
        ]
    return "\n".join(lines) + "\n"


def _talking_points(rec: Recommendation, f: Facts) -> str:
    if rec.kind == "ask_next_steps":
        lines = [
            "At the end of the interview, ask:",
            '- "What are the next steps in your process, and on what timeline?"',
            '- "When can I expect to hear back, and when would it be appropriate to reach out '
            'if I have not?"',
            '- "May I have your contact information?"',
            "Afterwards, record their answer in the timeline as a decision_expected event "
            "(by: the date they gave).",
        ]
    else:
        points = _chase_text(rec.kind, f, rec.attempt)
        lines = [f"Points to make to {f.recipient}:", *(f"- {p}" for p in points)]
    return "\n".join(lines) + "\n"


# --- one draft, many drafts ---------------------------------------------------------------------


def _to(f: Facts, medium: str) -> str:
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


_TITLE = {
    "email": "Email",
    "message": "Message",
    "note": "Handwritten note",
    "talking_points": "Talking points",
    "none": "Nothing to send",
}


def draft(
    timeline: Timeline,
    app: Application,
    rec: Recommendation,
    as_of: dt.date,
    channel: str | None = None,
) -> Draft:
    from .render import sentence

    channel = channel or (rec.channels[0] if rec.channels else "")
    medium = MEDIUM.get(channel, "message") if channel else "none"
    f = gather(timeline, app, rec, as_of)
    template = _template_line(rec.guidance)
    subject, body = "", ""
    if medium in ("email", "message", "note"):
        subject, body = _written(rec, f, medium, template)
    elif medium == "call":
        body = _call(rec, f)
    elif medium == "talking_points":
        body = _talking_points(rec, f)
    else:
        body = "No message: this recommendation is a decision for you to make.\n"
    title = _TITLE.get(medium, "Message")
    if medium == "call":
        title = (
            "Phone script (if you reach voicemail, leave the same message)"
            if "voicemail" in rec.channels
            else "Phone script"
        )
    used = template if template is not None and rec.kind in ("follow_up", "check_in") else None
    checklist = tuple(flat(g) for g in rec.guidance if medium == "none" or g.strip() != used)
    when = f"due {rec.due:%a %Y-%m-%d}" if rec.due else reason_text(rec)
    if rec.window_start and rec.window_end and rec.window_start != rec.window_end:
        when += f" (window {rec.window_start:%a %m-%d} to {rec.window_end:%a %m-%d})"
    return Draft(
        rule=rec.rule,
        kind=rec.kind,
        channel=channel,
        medium=medium,
        action=sentence(rec),
        status=rec.status,
        when=f"{when}; {why_text(rec)}",
        title=title,
        to="" if medium in ("none", "talking_points") else _to(f, medium),
        subject=subject,
        body=body,
        checklist=checklist,
        cite=flat(rec.cite),
        facts=tuple(f.lines()),
    )


def pending(app_report: ApplicationReport, rule: str | None = None) -> list[Recommendation]:
    return [
        r
        for r in app_report.recommendations
        if r.status in PENDING and (rule is None or r.rule == rule)
    ]


def render(pack: Pack, as_of: dt.date, app: Application, drafts: list[Draft]) -> str:
    """The drafts as text, every line neutralised (packs and timelines are untrusted)."""
    lines = [
        f"Drafts for {app.id}: {app.company}, {app.role}",
        f"under {pack.name} {pack.version}, as of {as_of:%a %Y-%m-%d}. Edit before you send: "
        "[brackets] mark what only you can fill in.",
    ]
    for d in drafts:
        lines += [
            "",
            "=" * 78,
            f"{d.status.upper()}  {d.action}  [{d.rule}]",
            f"  {d.when}",
            f"  facts: {'; '.join(d.facts)}",
            "",
            f"{d.title}" + (f" to {d.to}" if d.to else ""),
        ]
        if d.subject:
            lines.append(f"Subject: {d.subject}")
        lines += ["", *d.body.rstrip("\n").split("\n")]  # the template's lines, not splitlines
        if d.checklist:
            lines += ["", "Checklist, from the pack's guidance:"]
            lines += [f"  [ ] {item}" for item in d.checklist]
        if d.cite:
            lines += ["", f'Source: "{d.cite}"']
    return lines_text(lines)
