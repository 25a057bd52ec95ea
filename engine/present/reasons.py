"""The sentences that explain a recommendation: why it is in the state it is, and how its
window was counted. The core records the facts (engine/model.py Recommendation); these words
are written here, once, for every reporter (text, json, ics, markdown, drafts, compare).
"""

from __future__ import annotations

import datetime as dt

from ..model import Recommendation
from ..vocabulary import ANSWERED_KINDS
from .words import event_on, filters, noun, or_list


def span(start: dt.date, end: dt.date) -> str:
    """A window's days: "2026-11-20", or "2026-11-20 to 2026-11-24"."""
    return str(start) if start == end else f"{start} to {end}"


def reason_text(rec: Recommendation) -> str:
    """Why the recommendation has its status: "due 2026-11-20 to 2026-11-24", "rejection on
    2026-11-18", "stopped by the reply on 2026-11-19", "2 of 2 done, last on ..."."""
    if rec.settled == "terminal" and rec.settled_by is not None:
        return f"{noun(rec.settled_by.type)} on {rec.settled_by.date}"
    if rec.settled == "stop" and rec.settled_by is not None:
        return f"stopped by {event_on(rec.settled_by.type, rec.settled_by.date)}"
    if rec.settled == "limit" and rec.kind in ANSWERED_KINDS:
        return f"answered on {rec.last_attempt}"  # the employer's answer is what fulfils it
    if rec.settled == "limit":
        text = f"{rec.attempts_made} of {rec.max_attempts} done"
        return text + (f", last on {rec.last_attempt}" if rec.last_attempt else "")
    if rec.window_start is None or rec.window_end is None:
        return rec.status
    when = span(rec.window_start, rec.window_end)
    return f"was due {when}" if rec.status == "overdue" else f"due {when}"


def basis_text(rec: Recommendation) -> str:
    """What the window counts from: "the interview on 2026-11-17", "the previous attempt on
    2026-11-20", "the decision date 2026-12-01 stated on 2026-11-17"."""
    if rec.basis == "previous_attempt":
        return f"the previous attempt on {rec.basis_date}"
    if rec.basis == "stated_date":
        by = rec.stated_by
        return event_on(by.type if by else "decision_expected", by.date if by else rec.anchor_date,
                        rec.basis_date)  # fmt: skip
    if rec.basis == "last" and rec.basis_pattern is not None:
        last = rec.basis_pattern
        kinds = or_list([noun(t) for t in last.types])
        return f"the last {kinds}{filters(last)} on {rec.basis_date}"
    return event_on(rec.anchor_type, rec.anchor_date)


def why_text(rec: Recommendation) -> str:
    """How the window was counted: "3-5 business days after the interview on 2026-11-17"."""
    return f"{rec.offset.describe()} after {basis_text(rec)}"


def due_text(rec: Recommendation, window_days: str = "%a %Y-%m-%d") -> str:
    """The due day and, when it spans days, the window: "Wed 2026-11-25 (window Wed 11-25 to
    Fri 11-27)" with `window_days="%a %m-%d"`; "" when nothing is due."""
    if rec.due is None:
        return ""
    text = f"{rec.due:%a %Y-%m-%d}"
    if rec.window_start and rec.window_end and rec.window_start != rec.window_end:
        text += f" (window {rec.window_start:{window_days}} to {rec.window_end:{window_days}})"
    return text
