"""An audit finding in a sentence: "a follow-up by phone to Dana Whitfield (hiring manager); the
pack says never use phone", from the facts engine/analysis/audit.py found."""

from __future__ import annotations

import datetime as dt

from ..outcomes import AuditFinding
from .bans import prohibition_sentence, since_text
from .reasons import deadline_on
from .words import event_label, event_phrase, limit_sentence


def _says(sentence: str) -> str:
    """A pack's sentence inside ours: "the pack says never use phone"."""
    return "the pack says " + sentence[0].lower() + sentence[1:].rstrip(".")


def finding_text(f: AuditFinding) -> str:
    """What the finding is about, without the rule or prohibition's id (the caller adds it)."""
    assert f.event is not None
    phrase = event_phrase(f.event, f.contact)
    if f.kind == "banned":
        assert f.banned is not None
        text = f"{phrase}; {_says(prohibition_sentence(f.banned))}"
        if f.scope_events:
            text += f" ({since_text(f.scope_events)})"
        if f.excepted:
            names = " or ".join(f.excepted)
            text += f", except for an attempt of {names} while it is pending, which this was not"
        return text
    if f.kind == "over_limit":
        assert f.limit is not None
        dates = ", ".join(str(e.date) for e in f.counted)
        earlier = f"the one on {dates}" if len(f.counted) == 1 else f"those on {dates}"
        return f"{phrase}, after {earlier}; {_says(limit_sentence(f.limit))}"
    if f.kind == "before_stated_date":
        assert f.limit is not None and f.stated_event is not None
        return f"{phrase}, before {event_label(f.stated_event)}; {_says(limit_sentence(f.limit))}"
    assert f.anchor is not None
    after = event_label(f.anchor)
    if f.kind == "beyond_limit":
        return (
            f"{phrase}, attempt {f.attempt} after {after}, beyond "
            f"{f.rule_or_prohibition}'s limit of {f.max_attempts}"
        )
    assert f.offset is not None and f.window_start is not None and f.basis_event is not None
    if f.basis == "previous_attempt":
        why = f"{f.offset.describe()} after the previous attempt on {f.basis_date}"
    elif f.basis == "deadline" and f.basis_date is not None:
        deadline = deadline_on(f.basis_date, f.anchor.date)
        why = f"{f.offset.describe()} {f.offset.relation()} {deadline}"
    else:
        why = f"{f.offset.describe()} after {event_label(f.basis_event)}"
    if f.offset.unit == "hours" and f.basis_event.time is not None:
        why += f" at {f.basis_event.time:%H:%M}"
    if f.nominal is not None:
        why += f"; {f.nominal} is {f.closed_day}, so the window opens on the next business day"
    if f.opens_at is not None and f.event.time is not None:
        early = f.opens_at - dt.datetime.combine(f.date, f.event.time)
        hours, minutes = divmod(int(early.total_seconds()) // 60, 60)
        return (
            f"{phrase}, attempt {f.attempt} of {f.rule_or_prohibition}, sent at "
            f"{f.event.time:%H:%M}, {hours}h{minutes:02}m before its window opened at "
            f"{f.opens_at:%H:%M} on {f.opens_at:%Y-%m-%d} ({why})"
        )
    days = (f.window_start - f.date).days
    return (
        f"{phrase}, attempt {f.attempt} of {f.rule_or_prohibition}, sent {days} "
        f"day{'s' if days != 1 else ''} before its window opened on {f.window_start} ({why})"
    )
