"""`--simulate` for people and programs: one pack's schedule (`run --simulate`) or several
side by side (`compare --simulate`), as text or as JSON (registered in present/formats.py)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Final

from ..analysis.simulate import MAX_STEPS, AppSimulation, Simulation
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


def simulation_table(sim: Simulation) -> str:
    lines = [
        f"{sim.pack.name} {sim.pack.version}: simulated from {sim.start} to {sim.until}, "
        "doing every action on its due date (or the next business day); nobody replies",
    ]
    for a in sim.applications:
        app = a.application
        lines += ["", f"{app.id}: {app.company}, {app.role}"]
        for s in a.steps:
            lines.append(f"  {s.date:%a %Y-%m-%d}  {sentence(s.rec)} [{s.rec.rule}]")
        lines.append(f"  {count(len(a.chases), 'chase')}; ends: {ending_text(a)}")
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


def simulations_table(sims: Sequence[Simulation]) -> str:
    """Per application, each pack's schedule side by side: how persistent each pack is."""
    first = sims[0]
    width = max(len(s.pack.name) for s in sims)
    lines = [
        f"{count(len(sims), 'pack')} simulated from {first.start} to {first.until}, doing every "
        "action on its due date (or the next business day); nobody replies",
    ]
    for i, app_sim in enumerate(first.applications):
        app = app_sim.application
        lines += ["", f"{app.id}: {app.company}, {app.role}"]
        for sim in sims:
            a = sim.applications[i]
            ends = f"{count(len(a.chases), 'chase')}; ends: {ending_text(a)}"
            lines.append(f"  {sim.pack.name:<{width}}  {ends}")
            for s in a.steps:
                lines.append(f"  {'':<{width}}    {s.date:%a %Y-%m-%d}  {sentence(s.rec)}")
    return lines_text(lines)


def as_json(sims: Sequence[Simulation]) -> str:
    """One pack's simulation (`run --simulate`) or several side by side (`compare --simulate`)."""
    data = simulation_dict(sims[0]) if len(sims) == 1 else simulations_dict(sims)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def as_text(sims: Sequence[Simulation]) -> str:
    return simulation_table(sims[0]) if len(sims) == 1 else simulations_table(sims)
