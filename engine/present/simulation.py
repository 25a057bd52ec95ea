"""`--simulate` for people and programs: one pack's schedule (`run --simulate`) or several
side by side (`compare --simulate`), as text or as JSON (registered in present/formats.py)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Final

from ..analysis.simulate import MAX_STEPS, AppSimulation, Simulation
from .fit import PLAIN, Layout, wrap, wrap_line
from .render import sentence
from .report import recommendation_dict
from .textsafe import lines_text
from .words import count

ASSUMES: Final = (
    "every recommended action is done on its due date, or the next business day when that is "
    "a weekend or a holiday, and nobody replies"
)


def ending_text(a: AppSimulation) -> str:
    """How the simulation of one application ended, in a sentence."""
    if a.ending == "stops":
        return f"the pack has nothing more to do after {a.ended}"
    if a.ending == "moves_on":
        return f"the pack says to move on on {a.ended}"
    if a.ending == "no_limit":
        return f"{a.steps[-1].rec.rule} has no limit: it goes on until someone replies"
    if a.ending == "beyond_until":
        return f"next action due {a.ended}, after the end of the simulation"
    if a.ending == "stuck":
        return f"stuck on {a.ended}: doing the due actions does not fulfil them"
    return f"cut short after {MAX_STEPS} actions"


def simulation_dict(sim: Simulation) -> dict[str, object]:
    return {
        "simulation_format": 1,
        "pack": {"name": sim.pack.name, "version": sim.pack.version},
        "from": sim.start.isoformat(),
        "until": sim.until.isoformat(),
        "assumes": ASSUMES,
        "applications": [
            {
                "id": a.application.id,
                "company": a.application.company,
                "role": a.application.role,
                "steps": [
                    {"date": s.date.isoformat(), **recommendation_dict(s.rec)} for s in a.steps
                ],
                "chases": len(a.chases),
                "ending": ending_text(a),
                "ends": a.ending,
                "ends_on": a.ended.isoformat() if a.ended is not None else None,
            }
            for a in sim.applications
        ],
    }


DATE_WIDTH: Final = len("Wed 2026-11-25  ")  # a step's date and the gap after it


def simulation_table(sim: Simulation, layout: Layout = PLAIN) -> str:
    width = layout.prose
    lines = wrap_line(
        f"{sim.pack.name} {sim.pack.version}: simulated from {sim.start} to {sim.until}, "
        "doing every action on its due date (or the next business day); nobody replies",
        width,
    )
    for a in sim.applications:
        app = a.application
        lines += ["", *wrap_line(f"{app.id}: {app.company}, {app.role}", width)]
        for s in a.steps:
            step = f"{s.date:%a %Y-%m-%d}  {sentence(s.rec)} [{s.rec.rule}]"
            lines += wrap(step, width, 2, 2 + DATE_WIDTH)
        lines += wrap(f"{count(len(a.chases), 'chase')}; ends: {ending_text(a)}", width, 2, 4)
    return lines_text(lines)  # each line neutralised: no control character, no forged line


def simulations_dict(sims: Sequence[Simulation]) -> dict[str, object]:
    """Several packs' simulations of one timeline (`followup compare --simulate`)."""
    first = sims[0]
    return {
        "simulations_format": 1,
        "from": first.start.isoformat(),
        "until": first.until.isoformat(),
        "packs": [simulation_dict(sim) for sim in sims],
    }


def simulations_table(sims: Sequence[Simulation], layout: Layout = PLAIN) -> str:
    """Per application, each pack's schedule side by side: how persistent each pack is. Where
    the column of pack names would leave the steps too little room, each pack's name heads its
    schedule instead, and the steps go under it."""
    first, width = sims[0], layout.prose
    names = max(len(s.pack.name) for s in sims)
    beside = width is None or width - (names + 6 + DATE_WIDTH) >= 30
    lines = wrap_line(
        f"{count(len(sims), 'pack')} simulated from {first.start} to {first.until}, doing every "
        "action on its due date (or the next business day); nobody replies",
        width,
    )
    for i, app_sim in enumerate(first.applications):
        app = app_sim.application
        lines += ["", *wrap_line(f"{app.id}: {app.company}, {app.role}", width)]
        for sim in sims:
            a = sim.applications[i]
            ends = f"{count(len(a.chases), 'chase')}; ends: {ending_text(a)}"
            if beside:
                lines += wrap(f"{sim.pack.name:<{names}}  {ends}", width, 2, names + 4)
                step_indent = names + 6
            else:
                lines += wrap(f"{sim.pack.name}: {ends}", width, 2, 6)
                step_indent = 4
            for s in a.steps:
                step = f"{s.date:%a %Y-%m-%d}  {sentence(s.rec)}"
                lines += wrap(step, width, step_indent, step_indent + DATE_WIDTH)
    return lines_text(lines)


def as_json(sims: Sequence[Simulation]) -> str:
    """One pack's simulation (`run --simulate`) or several side by side (`compare --simulate`)."""
    data = simulation_dict(sims[0]) if len(sims) == 1 else simulations_dict(sims)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def as_text(sims: Sequence[Simulation], layout: Layout = PLAIN) -> str:
    return simulation_table(sims[0], layout) if len(sims) == 1 else simulations_table(sims, layout)
