"""A pack's persistence: how many chases it asks for if nobody replies, and how it ends.

Read off the forward simulation (engine/analysis/simulate.py), the same one `followup run
--simulate` prints, over a bounded horizon: compare never simulates on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import Application, Pack, Timeline
from .simulate import HORIZON_DAYS, AppSimulation, Ending, Step, simulate_application


@dataclass(frozen=True)
class Chase:
    """A chase rule of the schedule, done `count` times (None: it repeats without a limit)."""

    rule: str
    kind: str
    channels: tuple[str, ...]
    optional: bool
    max_attempts: int | None
    count: int | None


@dataclass(frozen=True)
class Persistence:
    """The chases of a simulated schedule, per rule in the order first done, and its ending."""

    chases: tuple[Chase, ...]
    ending: Ending
    # The schedule it was read from, and the day of its ending (AppSimulation.ended), for the
    # reporters that draw it (the html page): what persistence means is the chases and ending.
    steps: tuple[Step, ...] = field(default=(), compare=False)
    ended: dt.date | None = field(default=None, compare=False)


def persistence(sim: AppSimulation) -> Persistence:
    """What `sim`'s schedule says about persistence: its chases counted per rule, its ending.

    When the schedule ends because a chase without a limit came back ("no_limit"), that rule's
    count is None: the simulation stopped it, the pack would not.
    """
    steps: dict[str, list[Step]] = {}
    for step in sim.chases:
        steps.setdefault(step.rec.rule, []).append(step)
    endless = sim.steps[-1].rec.rule if sim.ending == "no_limit" else None
    chases = []
    for rule, done in steps.items():
        first = done[0].rec
        count = None if rule == endless else len(done)
        # every attempt's channels: with steps, each attempt may use its own
        channels = tuple(dict.fromkeys(c for step in done for c in step.rec.channels))
        chases.append(Chase(rule, first.kind, channels, first.optional, first.max_attempts, count))
    return Persistence(tuple(chases), sim.ending, sim.steps, sim.ended)


def horizon(start: dt.date) -> dt.date:
    """The last day a persistence simulation from `start` reaches."""
    return start + dt.timedelta(days=HORIZON_DAYS)


def plan(
    pack: Pack, timeline: Timeline, app: Application, start: dt.date, until: dt.date | None = None
) -> Persistence:
    """The persistence of `pack` for `app` from `start`, up to `until` (default: the horizon).

    A chase without a limit ends the simulation at its second attempt: repeating it for two
    years would say nothing more, at the cost of a hundred evaluations.
    """
    end = horizon(start) if until is None else until
    sim = simulate_application(pack, timeline, app, start, end, stop_at_no_limit=True)
    return persistence(sim)
