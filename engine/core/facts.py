"""Turn one application's events into the facts the compiled ruleset matches."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ..model import Event
from ..vocabulary import BY_EVENTS, CHANNELS, QUESTIONS, ROLES
from .compiler import Counters
from .contract import NOW_TYPE
from .ledger import Ledger, round_of, says_of, stops_by
from .patterns import asked_field, role_flag, stop_flag


def application_facts(
    ledger: Ledger, counters: Counters, sid: str, fields: Collection[str] | None = None
) -> list[dict[str, Any]]:
    """Event facts in time order, then the `now` sentinel last; with `fields`, each fact
    holds only those of its properties (what the ruleset reads, contract.fields_read).

    An event fact carries its own fields, which the rules test (`type`, `channel`, a flag
    `r_ROLE` per role, `round`, `outcome`, `says`, `dated`, a 1/0 `asked_Q` per question and
    `stop_C` per channel, `pos`), and for each counted pattern K `cK`, the events matching it up
    to and including this one, and `pK`, those strictly before it: "how many since the anchor"
    is `now.cK - anchor.cK`. The now fact carries the totals and the application's stage.
    """
    n = len(ledger)
    # prefix[k][i]: events matching pattern K among the first i
    prefix: list[list[int]] = []
    for pattern in counters.patterns:
        row = [0] * (n + 1)
        for pos in ledger.hits(pattern):
            row[pos + 1] = 1
        for i in range(n):
            row[i + 1] += row[i]
        prefix.append(row)
    # Only the properties the ruleset reads are computed (in the order of the whole fact):
    # an application's facts are built once per ruleset, for every event.
    def kept(name: str) -> bool:
        return fields is None or name in fields

    own = [name for name in _OWN if kept(name)]
    asked = [(name, q) for name, q in _ASKED if kept(name)]
    stops = [(name, c) for name, c in _STOPS if kept(name)]
    roles = [(name, role) for name, role in _ROLE_FLAGS if kept(name)]
    counts = [
        (row, f"p{k}" if kept(f"p{k}") else "", f"c{k}" if kept(f"c{k}") else "")
        for k, row in enumerate(prefix)
    ]
    facts: list[dict[str, Any]] = []
    for pos, ev in enumerate(ledger.events):
        fact: dict[str, Any] = {}
        for name in own:
            fact[name] = _own(name, ev, pos, sid)
        for name, q in asked:
            fact[name] = int(q in ev.asked)
        for name, c in stops:
            fact[name] = int(stops_by(ev, c))
        # One flag per role, always there: whether any contact of the event has it (a role
        # test is on the flag, so an interview with two people matches either's role).
        for name, role in roles:
            fact[name] = 1 if role in ledger.roles[pos] else 0
        for row, before, upto in counts:
            if before:
                fact[before] = row[pos]
            if upto:
                fact[upto] = row[pos + 1]
        facts.append(fact)
    now: dict[str, Any] = {
        "id": "now",
        "sid": sid,
        "app": "app",
        "pos": n,
        "type": NOW_TYPE,
        "stage": ledger.stages[n],
    }
    for k, row in enumerate(prefix):
        now[f"c{k}"] = row[n]
    facts.append(now if fields is None else {k: now[k] for k in now if k in fields})
    return facts


_OWN = ("id", "sid", "app", "pos", "type", "channel", "round", "outcome", "says", "dated")
_ASKED = tuple((asked_field(q), q) for q in QUESTIONS)
_ROLE_FLAGS = tuple((role_flag(role), role) for role in ROLES)
_STOPS = tuple((stop_flag(c), c) for c in CHANNELS)


def _own(name: str, ev: Event, pos: int, sid: str) -> Any:
    """An event fact's own property `name` (one of _OWN)."""
    match name:
        case "id":
            return f"e{pos}"
        case "sid":
            return sid
        case "app":
            return "app"
        case "pos":
            return pos
        case "type":
            return ev.type
        case "channel":
            return ev.channel
        case "round":
            return round_of(ev)
        case "outcome":
            return ev.outcome
        case "says":
            return says_of(ev)
        case _:
            return int(ev.type in BY_EVENTS and ev.by is not None)
