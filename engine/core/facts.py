"""Turn one application's events into the facts the compiled ruleset matches."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..model import Application, Event, Pattern
from ..vocabulary import TERMINAL_EVENTS, Stage
from .compiler import NOW_TYPE, Counters


def matches(pattern: Pattern, event: Event, role: str) -> bool:
    return (
        event.type in pattern.types
        and (not pattern.channels or event.channel in pattern.channels)
        and (not pattern.roles or role in pattern.roles)
        and (pattern.round_min is None or event.round >= pattern.round_min)
        and (pattern.round_max is None or event.round <= pattern.round_max)
    )


def stage_of(events: tuple[Event, ...] | list[Event]) -> Stage:
    types = {e.type for e in events}
    if types & set(TERMINAL_EVENTS):
        return "closed"
    if "interview" in types:
        return "interviewing"
    if "application_submitted" in types:
        return "applied"
    if types:
        return "networking"
    return "new"


def application_facts(
    app: Application, events: list[Event], counters: Counters, sid: str, as_of: dt.date
) -> list[dict[str, Any]]:
    """Event facts in time order, each with running counters, then the `now` sentinel last.

    `mK` says whether the event matches pattern K, `cK` counts the events matching it up to and
    including this one and `pK` those strictly before it, so "how many since the anchor" is
    `now.cK - anchor.cK`. The now fact carries the totals, `lK` (the day of the latest match)
    and `gN` (whether the stage is in the rules' Nth stage set).
    """
    totals = [0] * len(counters.patterns)
    last = [0] * len(counters.patterns)
    facts: list[dict[str, Any]] = []
    for pos, ev in enumerate(events):
        contact = app.contact(ev.contact) if ev.contact else None
        role = contact.role if contact else ""
        fact: dict[str, Any] = {
            "id": f"e{pos}",
            "sid": sid,
            "kind": "event",
            "app": "app",
            "pos": pos,
            "type": ev.type,
            "day": ev.date.toordinal(),
            "by": ev.by.toordinal() if ev.by else 0,
            "channel": ev.channel,
            "role": role,
            "round": ev.round,
            "term": "y" if ev.type in TERMINAL_EVENTS else "n",
        }
        for k, pattern in enumerate(counters.patterns):
            fact[f"p{k}"] = totals[k]
            hit = matches(pattern, ev, role)
            fact[f"m{k}"] = "y" if hit else "n"
            if hit:
                totals[k] += 1
                last[k] = fact["day"]
            fact[f"c{k}"] = totals[k]
        facts.append(fact)
    now: dict[str, Any] = {
        "id": "now",
        "sid": sid,
        "kind": "now",
        "app": "app",
        "pos": len(events),
        "type": NOW_TYPE,
        "day": as_of.toordinal(),
        "stage": stage_of(events),
    }
    for k in range(len(counters.patterns)):
        now[f"c{k}"] = totals[k]
        now[f"l{k}"] = last[k]
    for g, stages in enumerate(counters.stage_sets):
        now[f"g{g}"] = "y" if now["stage"] in stages else "n"
    facts.append(now)
    return facts
