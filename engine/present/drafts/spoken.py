"""Spoken messages: a phone script (also the voicemail message) and talking points.

A script opens with who is calling, for whom and about what, and ends with the number to call
back; between them comes the pack's own script (`action.draft.script`) or the default for the
action's kind and what the call is about.
"""

from __future__ import annotations

from ...outcomes import Recommendation
from ...template import DraftTemplate
from .facts import Facts
from .phrases import MEETING_NOUN, day, filled, me, occasion, phone, position
from .written import OFFER_KINDS, chase_text, offer_text, rejection_text


def _middle(rec: Recommendation, f: Facts) -> list[str]:
    """What a call of this kind says, by default, after the introduction."""
    if rec.kind == "thank_you":
        met = f.meeting.date if f.meeting is not None else f.interview
        what = f"our {MEETING_NOUN[f.meeting.type]}" if f.meeting is not None else "the interview"
        on = f" on {day(met)}" if met else ""
        return [
            f"I am calling to thank you for your time{on}, at {what}.",
            "I am still very interested in the opportunity. [Reconfirm your interest, "
            "if that is appropriate.]",
        ]
    if rec.kind == "final_call":
        on = f" on {day(f.interview)}" if f.interview else ""
        return [
            f"I interviewed for the role{on} and have followed up by email since.",
            "I am calling once to ask whether you have made a decision: could you let me know "
            "either way?",
        ]
    if rec.kind == "reply_to_rejection":
        return rejection_text(f)
    if rec.kind in OFFER_KINDS:
        return offer_text(rec.kind, f)
    if f.context == "interview":
        on = f" on {day(f.interview)}" if f.interview else ""
        decision = (
            f" You mentioned a decision by {day(f.decision_by)}: have you made it?"
            if f.decision_by
            else " Is there any news you can share about the position?"
        )
        return [
            f"I interviewed for the role{on} and wanted to check in.{decision}",
            "I am still very interested in the opportunity and looking forward to moving ahead.",
        ]
    if f.context == "meeting":
        return [
            f"Thank you again for {occasion(f)}. I wanted to follow up on our conversation "
            "[one specific point from it]."
        ]
    applied = f" on {day(f.applied)}" if f.applied else ""
    return [  # after an application: the three-part message
        "1. I know you are busy and have probably had a lot of responses to the opening, "
        "so I will be brief.",
        f"2. I applied{applied}, and the purpose of my call is to make sure you received my "
        "application and resume.",
        "3. Is there anything I could do to improve my chances for this opportunity?",
    ]


def call(rec: Recommendation, f: Facts, template: DraftTemplate | None) -> str:
    hello = f"Hello, this is {me(f)}, calling for {f.recipient}"
    about = f" about {position(f)} at {f.company}." if f.context != "meeting" else "."
    own = filled(template.script, f) if template is not None else []
    back = f"You can reach me at {phone(f)}. Thank you for your time."
    return "\n".join([hello + about, *(own or _middle(rec, f)), back]) + "\n"


def talking_points(rec: Recommendation, f: Facts, template: DraftTemplate | None) -> str:
    """What to say in person or on a video call: the message's points, or the questions to ask
    before the interview ends."""
    own = filled(template.body, f) if template is not None else []
    if rec.kind in ("ask_next_steps", "ask_timeline") and not own:
        lines = [
            "At the end of the interview, ask:",
            '- "What are the next steps in your process, and on what timeline?"',
            '- "When can I expect to hear back, and when would it be appropriate to reach out '
            'if I have not?"',
            '- "May I have your contact information?"',
            "Afterwards, record their answer in the timeline: what you asked, as the "
            "interview's asked, and the date they gave, as a decision_expected event (by: "
            "the date).",
        ]
    else:
        points = own or (
            offer_text(rec.kind, f) if rec.kind in OFFER_KINDS else chase_text(f, rec.attempt)
        )
        lines = [f"Points to make to {f.recipient}:", *(f"- {p}" for p in points)]
    return "\n".join(lines) + "\n"
