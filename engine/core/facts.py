"""Turn one application's events into the facts the compiled ruleset matches."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ..vocabulary import DATED_EVENTS, QUESTIONS, ROLES
from .compiler import Counters
from .contract import NOW_TYPE
from .ledger import Ledger, round_of, says_of
from .patterns import asked_field, role_flag


def application_facts(
    ledger: Ledger, counters: Counters, sid: str, fields: Collection[str] | None = None
) -> list[dict[str, Any]]:
    """Event facts in time order, then the `now` sentinel last; with `fields`, each fact
    holds only those of its properties (what the ruleset reads, adapter.fields_read).

    An event fact carries its own fields, which the rules test (`type`, `channel`, a flag
    `r_ROLE` per role, `round`, `outcome`, `says`, `dated`, a 1/0 `asked_Q` per question,
    `pos`), and for each counted pattern K `cK`, the events matching it up to and including this
    one, and `pK`, those strictly before it: "how many since the anchor" is `now.cK - anchor.cK`.
    The now fact carries the totals and the application's stage.
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
    facts: list[dict[str, Any]] = []
    for pos, ev in enumerate(ledger.events):
        fact: dict[str, Any] = {
            "id": f"e{pos}",
            "sid": sid,
            "app": "app",
            "pos": pos,
            "type": ev.type,
            "channel": ev.channel,
            "round": round_of(ev),
            "outcome": ev.outcome,
            "says": says_of(ev),
            "dated": int(ev.type in DATED_EVENTS and ev.by is not None),
            **{asked_field(q): int(q in ev.asked) for q in QUESTIONS},
        }
        # One flag per role, always there: whether any contact of the event has it (a role
        # test is on the flag, so an interview with two people matches either's role).
        for role in ROLES:
            fact[role_flag(role)] = 1 if role in ledger.roles[pos] else 0
        for k, row in enumerate(prefix):
            fact[f"p{k}"] = row[pos]
            fact[f"c{k}"] = row[pos + 1]
        facts.append(fact if fields is None else {k: fact[k] for k in fact if k in fields})
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
