"""Compile a pack into durable_rules rulesets (plain JSON-like data, no callables).

durable_rules decides what matches: every pattern of a pack becomes tests on the event fact's
own fields (`type`, `channel`, `role`, `round`, `pos`), and every absence (`unless`, a later
anchor) is a `$not` pattern in the Rete network. Python precomputes only genuine aggregates:
the running count of each counted pattern (`cK`, `pK`), which `requires` compares, and the
application's stage on the `now` fact. The safe subset of docs/durable-rules.md is kept, and
`adapter.check_ruleset` re-checks it:

* a set of values is never an `$or` (next to a join it drops matches): a pattern matching any of
  several types, channels or roles is expanded into its variants, one value of each. A positive
  pattern with variants becomes one durable rule per variant (a union of rules); an absent one
  becomes one `$not` per variant (no event of any variant);
* every rule that tests absence puts the `now` sentinel before its `$not` patterns;
* every pattern that refers to another fact ends with an equality join on `app`;
* no cross product of two facts of one type fires: a stop rule fires once per anchor and stop
  variant, for the first stop after the anchor (a `$not` excludes earlier ones);
* days are integers, ids are unique and never joined on.

Rule names say where they come from: `r3v1` is pack rule 3, variant 1 (of its anchor and stage);
`r3v1s0` its stop rule for stop variant 0; `__closed__0` the terminal event of type 0.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import Location, PackError
from ..model import Pack, Pattern, Rule
from ..vocabulary import ROUND_EVENTS, TERMINAL_EVENTS
from .adapter import MAX_NAMED_FACTS, NOW_TYPE, SENTINEL_RULE

CLOSED_RULE = "__closed__"
MAX_COUNTERS = 80  # two properties each on a fact; durable_rules allows 254 in all
CHUNK_RULES = 48  # rules per durable ruleset; one fact may complete about 64 joins
MAX_VARIANTS = 64  # durable rules one pack rule may expand to
RULE_NAME = re.compile(r"^r(\d+)v(\d+)(?:s(\d+))?$")

Json = dict[str, Any]


@dataclass
class Counters:
    """The patterns whose running counts the facts carry: those of `requires` conditions."""

    patterns: list[Pattern] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)

    def of(self, pattern: Pattern) -> int:
        key = pattern.key()
        if key not in self.index:
            self.index[key] = len(self.patterns)
            self.patterns.append(pattern)
        return self.index[key]


@dataclass
class CompiledPack:
    pack: Pack
    # (name, ruleset) pairs; the name is unique per pack content, since durable_rules
    # registers a name once per host.
    rulesets: list[tuple[str, dict[str, Json]]]
    counters: Counters


def ruleset_name(pack: Pack) -> str:
    return f"{pack.name}@{pack.version}#{pack.digest[:16]}"


def variants(pattern: Pattern) -> list[list[Json]]:
    """The pattern as alternatives of conjunctive tests on one event fact's own fields.

    Only interviews have a round (every other event has round 0, docs/packs.md), so a round
    bound on another type is decided here: it drops the variant or needs no test.
    """
    out: list[list[Json]] = []
    for event_type in pattern.types:
        rounds: list[Json] = []
        if event_type in ROUND_EVENTS:
            if pattern.round_min is not None:
                rounds.append({"$gte": {"round": pattern.round_min}})
            if pattern.round_max is not None:
                rounds.append({"$lte": {"round": pattern.round_max}})
        elif (pattern.round_min or 0) > 0 or (pattern.round_max or 0) < 0:
            continue  # its round is 0: outside the bounds, it never matches
        for channel, role in itertools.product(pattern.channels or ("",), pattern.roles or ("",)):
            tests: list[Json] = [{"type": event_type}]
            if channel:
                tests.append({"channel": channel})
            if role:
                tests.append({"role": role})
            out.append(tests + rounds)
    return out


def _join_app() -> Json:
    return {"app": {"a": "app"}}


def _after_anchor(tests: list[Json]) -> Json:
    return {"$and": [*tests, {"$gt": {"pos": {"a": "pos"}}}, _join_app()]}


def _plus(counter: str, n: int) -> Json:
    return {"$add": {"$l": {"a": counter}, "$r": n}}


def _counts(rule: Rule, counters: Counters) -> tuple[list[Json], list[Json]]:
    """The `requires` tests: on the anchor (counts before it) and on `now` (counts since)."""
    on_anchor: list[Json] = []
    on_now: list[Json] = []
    for cond in rule.requires:
        k = counters.of(cond.pattern)
        if cond.before:
            if cond.min > 0:
                on_anchor.append({"$gte": {f"p{k}": cond.min}})
            if cond.max is not None:
                on_anchor.append({"$lte": {f"p{k}": cond.max}})
        else:
            if cond.min > 0:
                on_now.append({"$gte": {f"c{k}": _plus(f"c{k}", cond.min)}})
            if cond.max is not None:
                on_now.append({"$lte": {f"c{k}": _plus(f"c{k}", cond.max)}})
    return on_anchor, on_now


def compile_rule(index: int, rule: Rule, counters: Counters) -> dict[str, Json]:
    """Pack rule `index` as durable rules: one per anchor variant and stage, plus stop rules."""
    on_anchor, on_now = _counts(rule, counters)
    absent = [tests for p in rule.unless for tests in variants(p)]
    anchors = variants(rule.anchor)
    if not rule.every_anchor:
        absent += anchors  # a later anchor supersedes this one
    stops = [tests for p in rule.stop_when for tests in variants(p)]
    named = 2 + max(len(absent), 1 + len(stops))
    if named > MAX_NAMED_FACTS:
        raise PackError(
            f"rule '{rule.id}' needs {named} facts in one durable rule (at most "
            f"{MAX_NAMED_FACTS}): its unless, anchor and stop_when patterns have too many "
            "types, channels and roles",
            rule.location,
            "split the rule, or list fewer values",
        )
    stages: list[str | None] = list(rule.stages) or [None]
    if len(anchors) * len(stages) > MAX_VARIANTS:
        raise PackError(
            f"rule '{rule.id}' expands to {len(anchors) * len(stages)} durable rules (at most "
            f"{MAX_VARIANTS}): one per anchor type, channel, role and stage",
            rule.location,
            "split the rule, or list fewer values",
        )
    out: dict[str, Json] = {}
    for v, (anchor, stage) in enumerate(itertools.product(anchors, stages)):
        now: list[Json] = [{"type": NOW_TYPE}]
        if stage is not None:
            now.append({"stage": stage})
        patterns: list[Json] = [
            {"a": {"$and": anchor + on_anchor}},
            {"n": {"$and": [*now, *on_now, _join_app()]}},
        ]
        patterns += [{f"x{j}$not": _after_anchor(tests)} for j, tests in enumerate(absent)]
        out[f"r{index}v{v}"] = {"all": patterns}
        if stage is not None and stage != stages[0]:
            continue  # stops do not depend on the stage: one set per anchor variant
        for s, stop in enumerate(stops):
            # The first stop after the anchor, of any variant: an earlier one excludes it.
            earlier = [
                {f"y{j}$not": {"$and": [*tests, {"$gt": {"pos": {"a": "pos"}}},
                                        {"$lt": {"pos": {"s": "pos"}}}, _join_app()]}}
                for j, tests in enumerate(stops)
            ]  # fmt: skip
            out[f"r{index}v{v}s{s}"] = {
                "all": [
                    {"a": {"$and": list(anchor)}},
                    {"n": {"$and": [{"type": NOW_TYPE}, _join_app()]}},
                    {"s": _after_anchor(stop)},
                    *earlier,
                ]
            }
    return out


def closed_rules() -> dict[str, Json]:
    """One rule per terminal event type: the events that settle the application."""
    return {
        f"{CLOSED_RULE}{k}": {"all": [{"t": {"type": event_type}}]}
        for k, event_type in enumerate(TERMINAL_EVENTS)
    }


def compile_pack(pack: Pack) -> CompiledPack:
    counters = Counters()
    sentinel = {SENTINEL_RULE: {"all": [{"n": {"type": NOW_TYPE}}]}}
    groups = [compile_rule(i, rule, counters) for i, rule in enumerate(pack.rules)]
    if len(counters.patterns) > MAX_COUNTERS:
        raise PackError(
            f"the pack counts more than {MAX_COUNTERS} distinct event patterns",
            Location(pack.path),
            "merge rules that count the same events",
        )
    # durable_rules fails with error 303 when one fact completes more than about 64 joining
    # rules at once, and the `now` sentinel joins every pack rule: so a large pack is split
    # into several rulesets, each asserted as its own session, and the matches merged.
    rulesets: list[dict[str, Json]] = [{**sentinel, **closed_rules()}]
    for group in groups:
        for name, rule in group.items():
            if len(rulesets[-1]) >= CHUNK_RULES:
                rulesets.append(dict(sentinel))
            rulesets[-1][name] = rule
    base = ruleset_name(pack)
    names = [base if k == 0 else f"{base}/{k}" for k in range(len(rulesets))]
    return CompiledPack(pack, list(zip(names, rulesets, strict=True)), counters)
