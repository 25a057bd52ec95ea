"""The facts as a person writes them, shared by every message; and a pack's template filled in.

A fact the timeline does not give becomes a `[placeholder]` for the reader to fill in, so a
template's `{names}` always have a value (engine/vocabulary.py Placeholder lists them).
"""

from __future__ import annotations

import datetime as dt

from ...template import Template
from ...vocabulary import Placeholder
from ..textsafe import flat
from .facts import Facts

MEETING_NOUN = {
    "networking_meeting": "meeting",
    "introduction_call": "call",
    "informational_interview": "informational interview",
}


def day(date: dt.date) -> str:
    """A date as a person writes it: Tuesday, November 17."""
    return f"{date:%A}, {date:%B} {date.day}"


def me(f: Facts) -> str:
    return f.candidate_name or "[your name]"


def phone(f: Facts) -> str:
    return f.candidate_phone or "[your phone number]"


def signature(f: Facts, closing: str) -> str:
    contact = " | ".join(x for x in (f.candidate_email, f.candidate_phone) if x)
    return f"{closing},\n{me(f)}\n{contact or '[your email] | [your phone number]'}"


def position(f: Facts) -> str:
    return f"the {f.role} position"


def occasion(f: Facts) -> str:
    """What the message is about, as a noun phrase: "my interview on Tuesday, November 17 ..."."""
    if f.context == "meeting" and f.meeting is not None:
        return f"our {MEETING_NOUN[f.meeting.type]} on {day(f.meeting.date)}"
    if f.context in ("interview", "rejection") and f.interview is not None:
        return f"my interview on {day(f.interview)} for {position(f)}"
    if f.applied is not None:
        return f"my application on {day(f.applied)} for {position(f)}"
    return f"my application for {position(f)}"


def next_steps(f: Facts) -> str:
    """The sentence about what happens next: the decision they promised, or a blank."""
    if f.decision_by is not None:
        return (
            f"I understand the next step is your decision by {day(f.decision_by)}, "
            "and I look forward to hearing from you."
        )
    return "[Next steps: what happens next, and on what timeline, as they told you.]"


def deadline(f: Facts) -> str:
    """The date the offer needs an answer by, or a blank to fill in."""
    return day(f.deadline) if f.deadline else "[the date they need your answer by]"


def values(f: Facts) -> dict[Placeholder, str]:
    """Every placeholder's text for this message."""
    return {
        "company": f.company,
        "role": f.role,
        "position": position(f),
        "contact": f.recipient or "[their name]",
        "contact_role": f.recipient_role or "[their role]",
        "my_name": me(f),
        "my_email": f.candidate_email or "[your email]",
        "my_phone": phone(f),
        "anchor_date": day(f.anchor_date),
        "applied_date": day(f.applied) if f.applied else "[the date you applied]",
        "interview_date": day(f.interview) if f.interview else "[the date of the interview]",
        "interviewer": f.interviewer or "[the interviewer]",
        "decision_date": (
            day(f.decision_by) if f.decision_by else "[the date they said they would decide by]"
        ),
        "occasion": occasion(f),
        "next_steps": next_steps(f),
        "deadline": deadline(f),
    }


def filled(lines: tuple[Template, ...], f: Facts) -> list[str]:
    """A pack's template lines with this message's facts, each on one line."""
    table = values(f)
    return [flat(line.fill(table)) for line in lines]
