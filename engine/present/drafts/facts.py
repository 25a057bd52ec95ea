"""What the timeline says about one recommendation's message: who to, about what, which dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Literal

from ...model import Application, Contact, Event, Timeline
from ...outcomes import Recipient, Recommendation
from ..textsafe import flat
from ..words import NO_FIRST_NAME, ROLE_NAME, greeting_name, noun, person, recipient

# What a message is about, which decides how it opens and what it refers back to.
Context = Literal["application", "interview", "meeting", "rejection"]

MEETINGS = ("networking_meeting", "introduction_call", "informational_interview")


@dataclass(frozen=True)
class Facts:
    """The facts of one recommendation's message, each string on one line."""

    company: str
    role: str
    candidate_name: str
    candidate_email: str
    candidate_phone: str
    recipient: str  # a name, or a [placeholder]
    recipient_role: str  # "" for someone the timeline does not name (their placeholder says who)
    recipient_email: str
    recipient_phone: str
    alternatives: tuple[str, ...]  # the other people the pack allows, "Name (role)"
    context: Context
    anchor_date: dt.date
    applied: dt.date | None
    interview: dt.date | None
    interviewer: str
    decision_by: dt.date | None
    meeting: Event | None
    rejection: Event | None
    greeting: str = NO_FIRST_NAME  # whom "Dear ...," names: a first name, a title, a [blank]
    deadline: dt.date | None = None  # the anchor offer's `by`: the date they need an answer by

    def lines(self) -> list[str]:
        """The facts used, in ISO dates, for the reader to check."""
        out = [f"{self.company}, {self.role}"]
        if self.recipient:
            role = f" ({self.recipient_role})" if self.recipient_role else ""
            out.append(f"to {self.recipient}{role}")
        if self.applied:
            out.append(f"applied {self.applied.isoformat()}")
        if self.interview:
            who = f" with {self.interviewer}" if self.interviewer else ""
            out.append(f"interview {self.interview.isoformat()}{who}")
        if self.decision_by:
            out.append(f"decision expected by {self.decision_by.isoformat()}")
        if self.meeting:
            out.append(f"{noun(self.meeting.type)} {self.meeting.date.isoformat()}")
        if self.rejection:
            out.append(f"rejection {self.rejection.date.isoformat()}")
        if self.deadline:
            out.append(f"offer to answer by {self.deadline.isoformat()}")
        return out


def anchor_event(app: Application, rec: Recommendation) -> Event:
    """The event the recommendation hangs off: the one with its `seq`, not one like it."""
    found = next((e for e in app.events if e.seq == rec.anchor_seq), None)
    if found is None:  # the evaluation names only events of this application: a bug if not
        raise LookupError(f"{app.id} has no event {rec.anchor_seq} (anchor of {rec.rule})")
    return found


def _order(event: Event) -> tuple[dt.date, int]:
    return event.date, event.seq


def _addressee(
    first: Recipient, contact: Contact | None, anchor: Event
) -> tuple[str, str, str]:
    """How the message names its recipient's role, their name (or a [placeholder] saying who
    they are) and whom its greeting names."""
    if first.role == "anchor_contact" or first.role == "most_contacted":  # nobody named
        who = recipient(first.role, (anchor.type,))  # "the person you met"
        return "", f"[name of {who}]", greeting_name("", first.role)
    # A contact without a name displays as its id: a message needs the real name.
    known = contact.name if contact else first.name
    name = known or f"[name of {recipient(first.role)}]"
    hello = greeting_name(known, first.role)
    if first.role == "other" and contact is not None and contact.title:
        return contact.title, name, hello  # "Director of Operations" says more than "contact"
    return ROLE_NAME[first.role], name, hello


def gather(timeline: Timeline, app: Application, rec: Recommendation, as_of: dt.date) -> Facts:
    events = sorted((e for e in app.events if e.date <= as_of), key=_order)
    anchor = anchor_event(app, rec)
    first = rec.recipients[0] if rec.recipients else None
    others = rec.recipients[1:]
    contact = app.contact(first.contact_id) if first and first.contact_id else None
    role, name, hello = _addressee(first, contact, anchor) if first is not None else ("", "", "")
    alternatives = tuple(person(r, anchor.type) for r in others)
    applied = next((e.date for e in events if e.type == "application_submitted"), None)
    # The interview a message refers to: the anchor itself, or the last one before the anchor.
    if anchor.type == "interview":
        interview: Event | None = anchor
    else:
        before = [e for e in events if e.type == "interview" and _order(e) < _order(anchor)]
        interview = before[-1] if before else None
    interviewer = ""
    if interview is not None and interview.contact:
        who = app.contact(interview.contact)
        interviewer = who.display() if who else ""
    decision: Event | None
    if anchor.type == "decision_expected":
        decision = anchor
    else:
        promised = [e for e in events if e.type == "decision_expected"]
        decision = promised[-1] if promised else None
        if decision is not None and interview is not None and decision.date < interview.date:
            decision = None  # a promise made before the interview is not about it
    decision_by = decision.by if decision is not None else None
    if rec.basis == "stated_date":
        decision_by = rec.basis_date  # the latest date they stated: a reply's new one counts
    meeting = anchor if anchor.type in MEETINGS else None
    rejection = anchor if anchor.type == "rejection" else None
    context: Context
    if rejection is not None:
        context = "rejection"
    elif meeting is not None:
        context = "meeting"
    elif interview is not None and (
        anchor.type in ("interview", "decision_expected")
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
        greeting=hello or NO_FIRST_NAME,
        recipient_email=contact.email if contact else "",
        recipient_phone=contact.phone if contact else "",
        alternatives=alternatives,
        context=context,
        anchor_date=anchor.date,
        applied=applied,
        interview=interview.date if interview else None,
        interviewer=interviewer,
        decision_by=decision_by,
        meeting=meeting,
        rejection=rejection,
        deadline=anchor.by if anchor.type == "offer" else None,
    )
    # Every fact on one line: a newline in a name must not add a line to a message.
    one: dict[str, Any] = {
        k: flat(v) for k, v in vars(facts).items() if isinstance(v, str) and k != "context"
    }
    return replace(facts, alternatives=tuple(map(flat, alternatives)), **one)
