"""Simulate a pack forward: do every recommended action on its due date, nobody ever replies.

Shows how persistent a pack is: the schedule of actions it asks for per application, and
where (or whether) it stops. Each step is an ordinary evaluation at the next due date with the
actions done so far logged as events, so the simulation uses exactly the engine's semantics.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from ..errors import FollowupError
from ..model import Application, Event, Pack, Recommendation, Timeline
from .evaluation import evaluate

PENDING = ("upcoming", "due", "overdue")
MAX_STEPS = 500  # per application: a pack that asks for more is reported as cut short
# Follow-up advice spans weeks or months; a bounded horizon keeps every simulation to a bounded
# number of evaluations however often a pack repeats itself.
HORIZON_DAYS = 2 * 365


@dataclass(frozen=True)
class Step:
    date: dt.date
    rec: Recommendation


@dataclass
class AppSimulation:
    application: Application
    steps: list[Step] = field(default_factory=list)
    ending: str = ""


@dataclass
class Simulation:
    pack: Pack
    start: dt.date
    until: dt.date
    applications: list[AppSimulation]


def done_event(rec: Recommendation, pack: Pack, day: dt.date, seq: int) -> Event:
    """The event that logs doing `rec` on `day`."""
    rule = next(r for r in pack.rules if r.id == rec.rule)
    fulfil = rule.action.fulfilled_by
    channel = (fulfil.channels or rec.channels or ("",))[0]
    contact = next((r.contact_id for r in rec.recipients if r.contact_id), "")
    return Event(date=day, type=fulfil.types[0], seq=seq, channel=channel, contact=contact)


def simulate_application(
    pack: Pack, timeline: Timeline, app: Application, start: dt.date, until: dt.date
) -> AppSimulation:
    sim = AppSimulation(app)
    events = list(app.events)
    day = start
    seq = 1_000_000  # after every event of the file on the same day
    acted: set[tuple[str, dt.date, str, int]] = set()
    while len(sim.steps) < MAX_STEPS:
        current = dataclasses.replace(app, events=tuple(events))
        one = dataclasses.replace(timeline, applications=(current,))
        report = evaluate(pack, one, day, audit=False)  # the past is not what is simulated
        pending = [r for r in report.applications[0].recommendations if r.status in PENDING]
        if not pending:
            sim.ending = f"the pack has nothing more to do after {day}"
            return sim
        ready = [r for r in pending if r.due is not None and r.due <= day]
        if not ready:
            nxt = min(r.due for r in pending if r.due is not None)
            if nxt > until:
                sim.ending = f"next action due {nxt}, after the end of the simulation"
                return sim
            day = nxt
            continue
        progressed = False
        for rec in ready:
            key = (rec.rule, rec.anchor_date, rec.anchor_type, rec.attempt)
            if key in acted:  # doing it did not fulfil it: the pack can't move on from here
                continue
            acted.add(key)
            sim.steps.append(Step(day, rec))
            seq += 1
            events.append(done_event(rec, pack, day, seq))
            progressed = True
            if rec.kind == "move_on":
                sim.ending = f"the pack says to move on on {day}"
                return sim
        if not progressed:
            sim.ending = f"stuck on {day}: doing the due actions does not fulfil them"
            return sim
    sim.ending = f"cut short after {MAX_STEPS} actions"
    return sim


def simulate(pack: Pack, timeline: Timeline, start: dt.date, until: dt.date) -> Simulation:
    check_until(start, until)
    apps = [simulate_application(pack, timeline, a, start, until) for a in timeline.applications]
    return Simulation(pack, start, until, apps)


def simulation_dict(sim: Simulation) -> dict[str, object]:
    from ..present.report import recommendation_dict

    return {
        "simulation_format": 1,
        "pack": {"name": sim.pack.name, "version": sim.pack.version},
        "from": sim.start.isoformat(),
        "until": sim.until.isoformat(),
        "assumes": "every recommended action is done on its due date and nobody replies",
        "applications": [
            {
                "id": a.application.id,
                "company": a.application.company,
                "role": a.application.role,
                "steps": [
                    {"date": s.date.isoformat(), **recommendation_dict(s.rec)} for s in a.steps
                ],
                "chases": sum(
                    s.rec.kind in ("follow_up", "check_in", "final_call") for s in a.steps
                ),
                "ending": a.ending,
            }
            for a in sim.applications
        ],
    }


def simulation_table(sim: Simulation) -> str:
    from ..present.render import sentence
    from ..present.textsafe import lines_text

    lines = [
        f"{sim.pack.name} {sim.pack.version}: simulated from {sim.start} to {sim.until}, "
        "doing every action on its due date; nobody replies",
    ]
    for a in sim.applications:
        app = a.application
        lines += ["", f"{app.id}: {app.company}, {app.role}"]
        for s in a.steps:
            lines.append(f"  {s.date:%a %Y-%m-%d}  {sentence(s.rec)} [{s.rec.rule}]")
        chases = sum(s.rec.kind in ("follow_up", "check_in", "final_call") for s in a.steps)
        lines.append(f"  {chases} chases; ends: {a.ending}")
    return lines_text(lines)  # each line neutralised: no control character, no forged line


FORMATS = ("table", "json")


def render(sims: list[Simulation], fmt: str) -> str:
    """One pack's simulation (`run --simulate`) or several side by side (`compare --simulate`)."""
    import json

    if fmt == "json":
        data = simulation_dict(sims[0]) if len(sims) == 1 else simulations_dict(sims)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "table":
        return simulation_table(sims[0]) if len(sims) == 1 else simulations_table(sims)
    raise FollowupError(f"a simulation prints {' or '.join(FORMATS)}, not {fmt}")


def check_until(start: dt.date, until: dt.date) -> None:
    """Refuse an end before the start, or beyond the horizon (a FollowupError saying why)."""
    if until < start:
        raise FollowupError(
            f"{until} is before the start of the simulation, {start}",
            hint="give a later day, or an earlier --as-of",
        )
    if (until - start).days > HORIZON_DAYS:
        raise FollowupError(
            f"{until} is more than {HORIZON_DAYS // 365} years after the start of the "
            f"simulation, {start}: no follow-up advice reaches that far",
            hint=f"give a day up to {start + dt.timedelta(days=HORIZON_DAYS)}",
        )


def simulations_dict(sims: list[Simulation]) -> dict[str, object]:
    """Several packs' simulations of one timeline (`followup compare --simulate`)."""
    first = sims[0]
    return {
        "simulations_format": 1,
        "from": first.start.isoformat(),
        "until": first.until.isoformat(),
        "packs": [simulation_dict(sim) for sim in sims],
    }


def simulations_table(sims: list[Simulation]) -> str:
    """Per application, each pack's schedule side by side: how persistent each pack is."""
    from ..present.render import sentence
    from ..present.textsafe import lines_text

    first = sims[0]
    width = max(len(s.pack.name) for s in sims)
    lines = [
        f"{len(sims)} packs simulated from {first.start} to {first.until}, doing every action on "
        "its due date; nobody replies",
    ]
    for i, app_sim in enumerate(first.applications):
        app = app_sim.application
        lines += ["", f"{app.id}: {app.company}, {app.role}"]
        for sim in sims:
            a = sim.applications[i]
            chases = sum(s.rec.kind in ("follow_up", "check_in", "final_call") for s in a.steps)
            lines.append(f"  {sim.pack.name:<{width}}  {chases} chases; ends: {a.ending}")
            for s in a.steps:
                lines.append(f"  {'':<{width}}    {s.date:%a %Y-%m-%d}  {sentence(s.rec)}")
    return lines_text(lines)
