"""Simulate a pack forward: do every recommended action on its due date (the next business day
when that is a weekend or a holiday), nobody ever replies.

Shows how persistent a pack is: the schedule of actions it asks for per application, and
where (or whether) it stops. Each step is an ordinary evaluation at the next due date with the
actions done so far logged as events, so the simulation uses exactly the engine's semantics.

This is the one forward simulator: `followup run --simulate` prints its schedule, and the
persistence column of `followup compare` is read off it (engine/analysis/persistence.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final, Literal, get_args

from ..dates.calendar import BusinessCalendar
from ..errors import FollowupError
from ..model import Application, Event, Pack, Timeline
from ..outcomes import Recipient, Recommendation
from ..vocabulary import ANSWERED_KINDS, CHASE_KINDS, PENDING_STATUSES, ROUND_EVENTS
from .evaluation import evaluate

MAX_STEPS = 500  # per application: a pack that asks for more is reported as cut short
# Follow-up advice spans weeks or months; a bounded horizon keeps every simulation to a bounded
# number of evaluations however often a pack repeats itself.
HORIZON_DAYS = 2 * 365
# Simulated events come after every event of the file on the same day (seq orders same-day
# events, and a file's seq is its position, far below this).
FIRST_SIMULATED_SEQ = 1_000_000

# How a simulated application ends:
#   stops         nothing is pending any more
#   moves_on      the pack said to move on (a move_on action was done)
#   no_limit      a chase without max_attempts came back for a second attempt: it would go on
#                 until someone replies (only when the simulation is asked to stop there)
#   beyond_until  the next action is due after the end of the simulation
#   stuck         doing the due actions does not fulfil them: the pack cannot move on
#   cut_short     MAX_STEPS actions were done
Ending = Literal["stops", "moves_on", "no_limit", "beyond_until", "stuck", "cut_short"]
ENDINGS: Final[tuple[Ending, ...]] = get_args(Ending)


@dataclass(frozen=True)
class Step:
    date: dt.date
    rec: Recommendation


@dataclass(frozen=True)
class AppSimulation:
    application: Application
    steps: tuple[Step, ...]
    ending: Ending
    # The day the ending is about: the last day evaluated, or the next due date (beyond_until);
    # None when cut short.
    ended: dt.date | None

    @property
    def chases(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.rec.kind in CHASE_KINDS)


@dataclass(frozen=True)
class Simulation:
    pack: Pack
    start: dt.date
    until: dt.date
    applications: tuple[AppSimulation, ...]


def history(app: Application, start: dt.date) -> Application:
    """The application as it stands on `start`: what "nobody replies" starts from.

    Events the file dates after `start` have not happened yet, so the simulation leaves them
    out; otherwise a reply or a rejection recorded ahead of time would "happen" in a
    simulation where nobody replies.
    """
    return app._replace(events=tuple(e for e in app.events if e.date <= start))


def repeats_without_limit(rec: Recommendation) -> bool:
    """A chase without max_attempts asking for another attempt: it only ends with a reply."""
    return rec.kind in CHASE_KINDS and rec.max_attempts is None and rec.attempt > 1


def done_event(rec: Recommendation, pack: Pack, day: dt.date, seq: int) -> Event:
    """The event that logs doing `rec` on `day`: with its first named recipient, so that it
    counts for this very recommendation (with `each`, its one contact)."""
    rule = next(r for r in pack.rules if r.id == rec.rule)
    fulfil = rule.action.fulfilled_by
    # the attempt's own channel (its step's) when that counts as an attempt, else one that does
    mine = [c for c in rec.channels if not fulfil.channels or c in fulfil.channels]
    channel = (mine or fulfil.channels or rec.channels or ("",))[0]
    contact = next((r.contact_id for r in rec.recipients if r.contact_id), "")
    if rec.kind in ANSWERED_KINDS:
        # Only their answer fulfils it, and nobody replies: log the question itself.
        channel = (rec.channels or ("",))[0]
        return Event(date=day, type="follow_up_sent", seq=seq, channel=channel, contact=contact)
    kind = fulfil.types[0]
    rnd = max(fulfil.round_min or 1, 1) if kind in ROUND_EVENTS else 0
    return Event(date=day, type=kind, seq=seq, channel=channel, contact=contact, round=rnd)


def simulate_application(
    pack: Pack,
    timeline: Timeline,
    app: Application,
    start: dt.date,
    until: dt.date,
    *,
    stop_at_no_limit: bool = False,
) -> AppSimulation:
    """Do every pending action of `app` on its due date (today when overdue), or the next
    business day when that day is closed, from `start` to `until`; nobody replies. With
    `stop_at_no_limit`, end ("no_limit") right after the second attempt of a chase without a
    limit instead of repeating it up to `until`: the schedule is then the beginning of the
    full one."""
    steps: list[Step] = []
    cal = BusinessCalendar(timeline.country, timeline.subdivision)
    events = list(history(app, start).events)
    day = start
    seq = FIRST_SIMULATED_SEQ
    acted: set[tuple[str, int, int, tuple[Recipient, ...]]] = set()

    def end(ending: Ending, on: dt.date | None) -> AppSimulation:
        return AppSimulation(app, tuple(steps), ending, on)

    while len(steps) < MAX_STEPS:
        current = app._replace(events=tuple(events))
        one = timeline._replace(applications=(current,))
        report = evaluate(pack, one, day, audit=False)  # the past is not what is simulated
        pending = [
            r
            for r in report.applications[0].recommendations
            if r.status in PENDING_STATUSES
            and r.due is not None
            # asked already: it waits for an answer, which never comes in a simulation
            and not (
                r.kind in ANSWERED_KINDS
                and (r.rule, r.anchor_seq, r.attempt, r.recipients) in acted
            )
        ]
        if not pending:
            return end("stops", day)
        ready = [r for r in pending if r.due is not None and r.due <= day]
        if not ready or not cal.is_business_day(day):
            # Nobody acts on a weekend or a holiday: an action is done on the first business
            # day on or after its due date (an overdue one, on the first of the simulation).
            due = day if ready else min(r.due for r in pending if r.due is not None)
            nxt = cal.roll_forward(due)
            if nxt > until:
                return end("beyond_until", nxt)
            day = nxt
            continue
        progressed = False
        for rec in ready:
            key = (rec.rule, rec.anchor_seq, rec.attempt, rec.recipients)
            if key in acted:  # doing it did not fulfil it: the pack can't move on from here
                continue
            acted.add(key)
            steps.append(Step(day, rec))
            seq += 1
            events.append(done_event(rec, pack, day, seq))
            progressed = True
            if rec.kind == "move_on":
                return end("moves_on", day)
            if stop_at_no_limit and repeats_without_limit(rec):
                return end("no_limit", day)
        if not progressed:
            return end("stuck", day)
    return end("cut_short", None)


def simulate(pack: Pack, timeline: Timeline, start: dt.date, until: dt.date) -> Simulation:
    check_until(start, until)
    apps = [simulate_application(pack, timeline, a, start, until) for a in timeline.applications]
    return Simulation(pack, start, until, tuple(apps))


def check_until(start: dt.date, until: dt.date) -> None:
    """Refuse an end before the start, or beyond the horizon (a FollowupError saying why)."""
    if until < start:
        raise FollowupError(
            f"{until} is before the start of the simulation, {start}",
            remedy="later_end",
        )
    if (until - start).days > HORIZON_DAYS:
        raise FollowupError(
            f"{until} is more than {HORIZON_DAYS // 365} years after the start of the "
            f"simulation, {start}: no follow-up advice reaches that far",
            hint=f"give a day up to {start + dt.timedelta(days=HORIZON_DAYS)}",
        )
