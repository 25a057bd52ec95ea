"""The sentences that explain a recommendation: why it is in the state it is, and how its
window was counted. The core records the facts (engine/model.py Recommendation); these words
are written here, once, for every reporter (text, json, ics, markdown, drafts, compare).
"""

from __future__ import annotations

import datetime as dt

from ..model import TimeOfDay
from ..outcomes import Recommendation
from ..vocabulary import ANSWERED_KINDS
from .channel_words import in_turn
from .words import CHANNEL_NAME, count, event_on, filters, noun, or_list, person


def span(start: dt.date, end: dt.date | None) -> str:
    """A window's days: "2026-11-20", "2026-11-20 to 2026-11-24", or, for an open window,
    "from 2026-11-20 on"."""
    if end is None:
        return f"from {start} on"
    return str(start) if start == end else f"{start} to {end}"


def time_text(time: TimeOfDay) -> str:
    """When in the day: "at 10:00", or "mid-morning (10:00-11:00)"."""
    if time.part is None:
        return f"at {time.start:%H:%M}"
    return f"{time.part.replace('_', '-')} ({time.start:%H:%M}-{time.end:%H:%M})"


def window_note(rec: Recommendation, days: str = "%Y-%m-%d") -> str:
    """The window after its due day, when it spans days: " (window 11-25 to 11-27)",
    " (window from 11-25 on, no end)"; "" for a one-day window or none."""
    start, end = rec.window_start, rec.window_end
    if start is None or rec.due is None or start == end:
        return ""
    if end is None:
        return f" (window from {start:{days}} on, no end)"
    return f" (window {start:{days}} to {end:{days}})"


# A rule a stop_when event settled before any attempt was made: nothing was done, so the text
# and Markdown reports do not say "done" (the JSON keeps the status, `done`, and its reason).
STOPPED = "stopped"


def status_word(rec: Recommendation) -> str:
    """The status as a report reads it: the status, or `stopped` for a rule stopped before any
    attempt ("DONE ... stopped by the interview" when no email was sent read as if it was)."""
    if rec.status == "done" and rec.settled in ("stop", "elapsed") and not rec.attempts_made:
        return STOPPED
    return rec.status


def settled_why(rec: Recommendation) -> str:
    """How the window was counted, after a settled rule's reason; "" for a rule a stop_when
    event or a terminal event settled: what it stopped is said, a window nothing more will be
    sent in is not ("stopped by the reply on 2026-11-17, after 1 of 2 attempts", "rejection on
    2026-11-16", without "; 7 days after the previous attempt")."""
    return "" if rec.settled in ("stop", "terminal", "elapsed") else why_text(rec)


def reason_text(rec: Recommendation) -> str:
    """Why the recommendation has its status: "due 2026-11-20 to 2026-11-24", "rejection on
    2026-11-18", "stopped by the reply on 2026-11-19", "2 of 2 done, last on ..."."""
    if rec.settled == "terminal" and rec.settled_by is not None:
        return f"{noun(rec.settled_by.type)} on {rec.settled_by.date}" + after_attempts(rec)
    if rec.settled == "stop" and rec.settled_by is not None:
        on = event_on(rec.settled_by.type, rec.settled_by.date)
        return f"stopped by {on}" + after_attempts(rec)
    if rec.settled == "elapsed" and rec.chase is not None:
        return ended_text(rec) + after_attempts(rec) + ": the advice is to move on"
    if rec.settled == "limit" and rec.kind in ANSWERED_KINDS:
        return f"answered on {rec.last_attempt}"  # the employer's answer is what fulfils it
    if rec.settled == "limit":
        text = done_count(rec.attempts_made, rec.max_attempts)
        text += f", last on {rec.last_attempt}" if rec.last_attempt else ""
        return text + done_with(rec)
    if rec.status == "expired" and rec.window_start is not None:
        return f"its moment has passed: {span(rec.window_start, rec.window_end)}"
    if rec.window_start is None:
        return rec.status
    when = span(rec.window_start, rec.window_end)
    if rec.time is not None:
        when += f", {time_text(rec.time)}"
    return f"was due {when}" if rec.status == "overdue" else f"due {when}"


def ended_text(rec: Recommendation) -> str:
    """When a chase with `repeat.for` ends: "ended 2026-12-01, 2 weeks after the interview on
    2026-11-17" (`ends` while it runs); "" for a chase without one."""
    chase = rec.chase
    if chase is None:
        return ""
    first = rec._replace(basis=chase.basis, basis_date=chase.base)
    verb = "ended" if rec.settled == "elapsed" else "ends"
    return f"{verb} {chase.last}, {chase.length.describe()} after {basis_text(first)}"


def timing_notes(rec: Recommendation, align: str | None) -> str:
    """What `--explain` adds about a pending attempt's timing: "; aligned to Thursday, the
    weekday of the interview on 2026-11-19: Thu 2026-11-26 is Thanksgiving Day, so Fri
    2026-11-27" (`align: same_weekday`), "; the chase ends 2026-12-01, 2 weeks after the
    interview on 2026-11-17" (`repeat.for`); "" when neither applies."""
    if rec.due is None:
        return ""
    text = ""
    if align == "same_weekday":
        weekday = f"{rec.basis_date:%A}"
        if rec.aligned is not None:
            closed = f"{rec.aligned:%a %Y-%m-%d} is {rec.aligned_closed}"
            text += f"; aligned to {weekday}, the weekday of {basis_text(rec)}: {closed}, "
            text += f"so {rec.due:%a %Y-%m-%d}"
        elif rec.due.weekday() == rec.basis_date.weekday():
            text += f"; aligned to {weekday}, the weekday of {basis_text(rec)}"
        else:
            text += f"; no {weekday} in its window, so not aligned to {basis_text(rec)}"
    if rec.chase is not None:
        text += f"; the chase {ended_text(rec)}"
    return text


def done_count(made: int, cap: int | None, done: str = "done") -> str:
    """How many attempts a chase took against its limit: "2 of 2 done" (`--explain`: "2 of 2
    attempts made"); never more done than asked for: "done in 2 attempts (1 asked for)" when
    more counted than the limit needs."""
    if cap is None or made > cap:
        return f"done in {count(made, 'attempt')}" + (f" ({cap} asked for)" if cap else "")
    return f"{made} of {cap} {done}"


def after_attempts(rec: Recommendation) -> str:
    """ ", after 1 of 2 attempts": what was made before a stop or a terminal event settled a
    chase ("" before any); said here because the header names no attempt once settled."""
    made, cap = rec.attempts_made, rec.max_attempts
    if not made:
        return ""
    if cap is None or cap == 1 or made > cap:
        return f", after {count(made, 'attempt')}"
    return f", after {made} of {cap} attempts"


def done_with(rec: Recommendation) -> str:
    """ ", with Marge Bouvier (HR)": whom the last attempt went to, when that is not who the
    recommendation names (a pack whose attempts count whoever they went to)."""
    asked = {r.contact_id for r in rec.recipients if r.contact_id}
    if all(r.contact_id in asked for r in rec.last_with):
        return ""
    return ", with " + or_list([person(r, rec.anchor_type) for r in rec.last_with])


def deadline_on(deadline: dt.date, offer_date: dt.date) -> str:
    """An offer's deadline, what a `timing.before` window counts back from: "the deadline
    2026-12-11 of the offer on 2026-12-01"."""
    return f"the deadline {deadline} of the offer on {offer_date}"


def basis_text(rec: Recommendation) -> str:
    """What the window counts from: "the interview on 2026-11-17", "the previous attempt on
    2026-11-20", "the decision date 2026-12-01 stated on 2026-11-17"."""
    if rec.basis == "previous_attempt":
        return f"the previous attempt on {rec.basis_date}"
    if rec.basis == "stated_date":
        by = rec.stated_by
        return event_on(by.type if by else "decision_expected", by.date if by else rec.anchor_date,
                        rec.basis_date)  # fmt: skip
    if rec.basis == "deadline":
        return deadline_on(rec.basis_date, rec.anchor_date)
    if rec.basis == "last" and rec.basis_pattern is not None:
        last = rec.basis_pattern
        kinds = or_list([noun(t) for t in last.types])
        return f"the last {kinds}{filters(last)} on {rec.basis_date}"
    return event_on(rec.anchor_type, rec.anchor_date)


def why_text(rec: Recommendation) -> str:
    """How the window was counted: "3-5 business days after the interview on 2026-11-17";
    hours from a timed event say its time: "12-36 hours after the reply on 2026-11-17 at
    17:30"; a fallback's: "the same day as the follow-up on 2026-03-12 (fallback of step 1 of
    RULE)"."""
    if rec.fallback_of:
        on = event_on(rec.anchor_type, rec.anchor_date)
        return f"the same day as {on} (fallback of step {rec.step} of {rec.fallback_of})"
    text = f"{rec.offset.describe()} {rec.offset.relation()} {basis_text(rec)}"
    if rec.offset.unit == "hours" and rec.basis_time is not None:
        text += f" at {rec.basis_time:%H:%M}"
    return text


def due_text(rec: Recommendation, window_days: str = "%a %Y-%m-%d") -> str:
    """The due day, its time of day if it has one and, when it spans days, the window: "Wed
    2026-11-25 at 10:00 (window Wed 11-25 to Fri 11-27)" with `window_days="%a %m-%d"`; ""
    when nothing is due."""
    if rec.due is None:
        return ""
    text = f"{rec.due:%a %Y-%m-%d}"
    if rec.time is not None:
        text += f" {time_text(rec.time)}"
    return text + window_note(rec, window_days)


def step_text(rec: Recommendation) -> str:
    """Which step of its rule the attempt uses: "attempt 2: email, because step 2"; "attempt 3:
    email, because the last step (2) repeats"; "attempt 2: phone, because the channels rotate
    (email, then phone)"; "" for a rule without steps or rotation, or a fallback."""
    if rec.rotation:  # a rotating rule's attempt: its turn's one channel
        ways = or_list([CHANNEL_NAME[c] for c in rec.channels])
        turns = in_turn(rec.rotation)
        return f"attempt {rec.attempt}: {ways}, because the channels rotate ({turns})"
    if not rec.step or rec.fallback_of:
        return ""
    ways = or_list([CHANNEL_NAME[c] for c in rec.channels]) or "any channel"
    why = f"step {rec.step}" if rec.step == rec.attempt else f"the last step ({rec.step}) repeats"
    return f"attempt {rec.attempt}: {ways}, because {why}"


def early_text(days: tuple[dt.date, ...]) -> str:
    """`--explain`: the fulfilling events that did not count as attempts, because each was
    sent before its window opened (Timing.count_early false)."""
    listed = ", ".join(str(d) for d in days)
    one = len(days) == 1
    return (
        f"{'the attempt' if one else 'the attempts'} on {listed} "
        f"{'was' if one else 'were'} made before {'its' if one else 'their'} window opened "
        f"and {'does' if one else 'do'} not count"
    )
