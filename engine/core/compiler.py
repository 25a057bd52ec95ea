"""Compile a pack into a durable_rules ruleset (plain JSON-like data, no callables).

Each pack rule becomes one durable rule that finds the anchors it applies to, plus one rule per
stop condition that finds what ended it. Only the safe subset described in
`docs/durable-rules.md` is emitted, and `durable_core.check_ruleset` re-checks it:

* every rule that tests absence puts the `now` sentinel before its `$not` patterns;
* every pattern that refers to another fact ends with an equality join on `app`;
* counts ("two emails since the interview") are never pairs of facts of one type (O(N^2)):
  each event fact carries running counters, so a count since the anchor is `now.cK - a.cK`;
* days are integers (`date.toordinal()`), ids are unique and never joined on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Location, PackError
from ..model import Pack, Pattern, Rule

NOW_TYPE = "__now__"
CLOSED_RULE = "__closed__"
SENTINEL_RULE = "__end__"
MAX_COUNTERS = 70  # three properties each on a fact; durable_rules allows 254 in all
CHUNK_RULES = 48  # rules per durable ruleset; one fact may complete about 64 joins

Json = dict[str, Any]


@dataclass
class Counters:
    """One flag and running counter per distinct event pattern the pack uses."""

    patterns: list[Pattern] = field(default_factory=list)
    stage_sets: list[tuple[str, ...]] = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict)

    def stage_set(self, stages: tuple[str, ...]) -> int:
        """The index of the `gN` flag the now fact carries for "stage is one of these"."""
        key = tuple(sorted(stages))
        if key not in self.stage_sets:
            self.stage_sets.append(key)
        return self.stage_sets.index(key)

    def of(self, pattern: Pattern) -> int:
        key = pattern.key()
        if key not in self._index:
            self._index[key] = len(self.patterns)
            self.patterns.append(pattern)
        return self._index[key]


@dataclass
class CompiledPack:
    pack: Pack
    # (name, ruleset) pairs; the name is unique per pack content, since durable_rules
    # registers a name once per host.
    rulesets: list[tuple[str, dict[str, Json]]]
    counters: Counters


def ruleset_name(pack: Pack) -> str:
    return f"{pack.name}@{pack.version}#{pack.digest[:16]}"


def alpha(pattern: Pattern, counters: Counters) -> list[Json]:
    """Tests on one event fact alone: its precomputed membership flag for the pattern.

    durable_rules drops matches when an `$or` sits in a pattern that also joins (a `$not` with
    two event types never matched), so patterns are never compiled to `$or`: each event fact
    carries `mK: "y"` when it matches pattern K (see facts.py).
    """
    return [{"kind": "event"}, {f"m{counters.of(pattern)}": "y"}]


def _join_app() -> Json:
    return {"app": {"a": "app"}}


def _after_anchor(pattern: Pattern, counters: Counters) -> Json:
    return {"$and": [*alpha(pattern, counters), {"$gt": {"pos": {"a": "pos"}}}, _join_app()]}


def _plus(counter: str, n: int) -> Json:
    return {"$add": {"$l": {"a": counter}, "$r": n}}


def compile_rule(index: int, rule: Rule, counters: Counters) -> dict[str, Json]:
    anchor_tests = alpha(rule.anchor, counters)
    now_tests: list[Json] = [{"type": NOW_TYPE}]
    if rule.stages:
        now_tests.append({f"g{counters.stage_set(rule.stages)}": "y"})
    for cond in rule.requires:
        k = counters.of(cond.pattern)
        if cond.before:
            if cond.min > 0:
                anchor_tests.append({"$gte": {f"p{k}": cond.min}})
            if cond.max is not None:
                anchor_tests.append({"$lte": {f"p{k}": cond.max}})
        else:
            if cond.min > 0:
                now_tests.append({"$gte": {f"c{k}": _plus(f"c{k}", cond.min)}})
            if cond.max is not None:
                now_tests.append({"$lte": {f"c{k}": _plus(f"c{k}", cond.max)}})
    # Counters the evaluator reads from the match: attempts so far and the timing base.
    counters.of(rule.action.fulfilled_by)
    if rule.timing.base_pattern is not None:
        counters.of(rule.timing.base_pattern)
    now_tests.append(_join_app())
    patterns: list[Json] = [{"a": {"$and": anchor_tests}}, {"n": {"$and": now_tests}}]
    absent = list(rule.unless)
    if not rule.every_anchor:
        absent.append(rule.anchor)  # a later anchor supersedes this one
    patterns += [{f"x{j}$not": _after_anchor(p, counters)} for j, p in enumerate(absent)]
    out: dict[str, Json] = {f"r{index}": {"all": patterns}}
    for j, stop in enumerate(rule.stop_when):
        out[f"r{index}s{j}"] = {
            "all": [
                {"a": {"$and": alpha(rule.anchor, counters)}},
                {"s": _after_anchor(stop, counters)},
            ]
        }
    return out


def compile_pack(pack: Pack) -> CompiledPack:
    counters = Counters()
    sentinel = {SENTINEL_RULE: {"all": [{"n": {"type": NOW_TYPE}}]}}
    closed = {CLOSED_RULE: {"all": [{"t": {"$and": [{"kind": "event"}, {"term": "y"}]}}]}}
    groups = [compile_rule(i, rule, counters) for i, rule in enumerate(pack.rules)]
    if len(counters.patterns) > MAX_COUNTERS:
        raise PackError(
            f"the pack uses more than {MAX_COUNTERS} distinct event patterns",
            Location(pack.path),
            "merge rules that count the same events",
        )
    # durable_rules fails with error 303 when one fact completes more than about 64 joining
    # rules at once, and the `now` sentinel joins every pack rule: so a large pack is split
    # into several rulesets, each asserted as its own session, and the matches merged.
    rulesets: list[dict[str, Json]] = [{**sentinel, **closed}]
    for group in groups:
        if len(rulesets[-1]) + len(group) > CHUNK_RULES:
            rulesets.append(dict(sentinel))
        rulesets[-1].update(group)
    base = ruleset_name(pack)
    names = [base if k == 0 else f"{base}/{k}" for k in range(len(rulesets))]
    return CompiledPack(pack, list(zip(names, rulesets, strict=True)), counters)
