"""The facts as a person writes them, shared by every message."""

from __future__ import annotations

import datetime as dt
import re

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


_INSERT = re.compile(r"\(insert ([^)]*)\)")


def fill_insert(template: str, f: Facts) -> str:
    def fill(match: re.Match[str]) -> str:
        what = match.group(1).lower()
        if "manager" in what or "name" in what:
            return f.recipient
        if "company" in what:
            return f.company
        if any(word in what for word in ("event", "date", "position")):
            return occasion(f)
        return f"[{match.group(1)}]"

    return _INSERT.sub(fill, template)


def template_line(guidance: tuple[str, ...]) -> str | None:
    """A guidance line that is a message to fill in: quoted, with (insert ...) blanks."""
    for line in guidance:
        text = line.strip()
        if text.startswith('"') and text.endswith('"') and _INSERT.search(text):
            return text
    return None
