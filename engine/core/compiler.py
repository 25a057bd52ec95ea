"""Compile a pack into durable_rules rulesets (plain JSON-like data, no callables).

durable_rules decides what matches: every pattern of a pack becomes tests on the event fact's
own fields (`type`, `channel`, a flag `r_ROLE` per contact role, `round`, `pos`), and every
absence (`unless`, a later anchor) is a `$not` pattern in the Rete network. Python precomputes
only genuine aggregates: the running count of each counted pattern (`cK`, `pK`), which
`requires` compares, and the application's stage on the `now` fact. The safe subset of
docs/durable-rules.md is kept, and `contract.check_ruleset` re-checks it (the adapter runs it):

* a set of values is never an `$or` (next to a join it drops matches): a pattern matching any of
  several types, channels or roles is expanded into its variants, one value of each. A positive
  pattern with variants becomes one durable rule per variant (a union of rules); an absent one
  becomes one `$not` per variant (no event of any variant);
* every rule that tests absence puts the `now` sentinel before its `$not` patterns;
* every pattern that refers to another fact ends with an equality join on `app`;
* no cross product of two facts of one type: a `requires` event is joined to the anchor by an
  equality on a running count, so each anchor meets one event of it; a stop rule tests one
  fact and joins nothing;
* days are integers, ids are unique and never joined on.

Rule names say where they come from: `r3v1` is pack rule 3, variant 1 (of its anchor and stage);
`s2w1` the stop rule for the pack's stop_when pattern 2, variant 1; `__closed__0` terminal event
type 0.
"""

from __future__ import annotations

import itertools
import re
from typing import Any, NamedTuple

from ..errors import Location, PackError
from ..model import Pack, Pattern, Rule
from ..vocabulary import STAGES, TERMINAL_EVENTS
from .contract import MAX_NAMED_FACTS, NOW_TYPE, SENTINEL_RULE, fact_types, fields_read
from .patterns import any_of, inside, variants

CLOSED_RULE = "__closed__"
MAX_COUNTERS = 80  # two properties each on a fact; durable_rules allows 254 in all
CHUNK_PATTERNS = 48  # patterns one fact type may meet in one ruleset (error 303 past ~64)
MAX_VARIANTS = 64  # durable rules one pack rule may expand to
RULE_NAME = re.compile(r"^r(\d+)v(\d+)$")
STOP_RULE_PREFIX = "s"
STOP_RULE = re.compile(r"^s(\d+)w(\d+)$")

Json = dict[str, Any]


class Counters:
    """The patterns whose running counts the facts carry: those of `requires` conditions, and
    of absences that no longer fit as `$not` patterns."""

    # Plain classes and NamedTuples here, not dataclasses: each of those costs about 1 ms to
    # define, on every start of `followup run`.
    def __init__(self) -> None:
        self.patterns: list[Pattern] = []
        self.index: dict[str, int] = {}

    def of(self, pattern: Pattern) -> int:
        key = pattern.key()
        if key not in self.index:
            self.index[key] = len(self.patterns)
            self.patterns.append(pattern)
        return self.index[key]


class CompiledPack(NamedTuple):
    pack: Pack
    # (name, ruleset) pairs; the name is unique per pack content, since durable_rules
    # registers a name once per host.
    rulesets: list[tuple[str, dict[str, Json]]]
    counters: Counters
    # the distinct stop_when patterns (stop rule `s{j}w..` fires on events of stops[j]), and
    # for each pack rule the indices of its own
    stops: list[Pattern]
    stops_of: list[tuple[int, ...]]
    # for each ruleset, the fact properties its rules can read (facts carry no others)
    fields: list[frozenset[str]]


def ruleset_name(pack: Pack) -> str:
    return f"{pack.name}@{pack.version}#{pack.digest[:16]}"


def _join_app() -> Json:
    return {"app": {"a": "app"}}


def _after_anchor(tests: list[Json]) -> Json:
    return {"$and": [*tests, {"$gt": {"pos": {"a": "pos"}}}, _join_app()]}


def _plus(counter: str, n: int) -> Json:
    return {"$add": {"$l": {"a": counter}, "$r": n}}


def _nth(k: int, n: int) -> Json:
    """The event with `n` matches of counted pattern K between the anchor and itself."""
    return {f"p{k}": {"a": f"c{k}"} if n == 0 else _plus(f"c{k}", n)}


def _before(k: int, n: int) -> list[Json]:
    """The `n`th match of counted pattern K (the match with n - 1 before it), before the
    anchor. `p`, not `c == n`: any event up to the next match has that `c`."""
    return [{f"p{k}": n - 1}, {"$lt": {"pos": {"a": "pos"}}}]


class _Plan:
    """The patterns of one pack rule's durable rules, within durable_rules' limits."""

    def __init__(self, anchors: list[list[Json]]) -> None:
        self.anchors = anchors
        self.positives: list[list[list[Json]]] = []  # each: its alternatives
        self.absent: list[list[Json]] = []  # one `$not` each
        self.on_anchor: list[Json] = []  # counted, when a pattern does not fit
        self.on_now: list[Json] = []
        self.required_types: set[str] = set()

    def named(self) -> int:
        return 2 + len(self.positives) + len(self.absent)

    def rules(self) -> int:
        n = len(self.anchors)
        for alternatives in self.positives:
            n *= len(alternatives)
        return n

    def need(self, alternatives: list[list[Json]], types: tuple[str, ...]) -> bool:
        """Add a pattern that must be there, unless it no longer fits; say whether it did.

        durable_rules binds a fact to one pattern of a rule: two required events that could be
        the same event (their types overlap) would miss it, so the second is counted instead.
        """
        if self.named() + 1 > MAX_NAMED_FACTS or self.rules() * len(alternatives) > MAX_VARIANTS:
            return False
        if self.required_types & set(types):
            return False
        self.positives.append(alternatives)
        self.required_types |= set(types)
        return True

    def exclude(self, tests: list[list[Json]]) -> bool:
        """Add patterns that must be absent (one `$not` each), unless they no longer fit."""
        if self.named() + len(tests) > MAX_NAMED_FACTS:
            return False
        self.absent += tests
        return True


def _plan(rule: Rule, counters: Counters) -> _Plan:
    """Which conditions durable_rules tests as patterns, and which (past its limits) by count.

    A `requires` condition is a pattern too, on the counted pattern's running count, so that
    one event, not a set of them, stands for it: "at least 2 after the anchor" is the event
    with one match between the anchor and itself (`p == a.c + 1`); "at most 1" is the absence
    of that event; "before" conditions are the Nth match overall (`p == N - 1`), before it.
    """
    plan = _Plan(variants(rule.anchor))
    for cond in rule.requires:
        k = counters.of(cond.pattern)
        alternatives = variants(cond.pattern)
        if cond.min > 0:
            test = _before(k, cond.min) if cond.before else [_nth(k, cond.min - 1)]
            if cond.before and not rule.every_anchor and inside(cond.pattern, [rule.anchor]):
                # An earlier anchor-like event ("an interview before this interview"): the
                # anchor is the latest of its kind and durable_rules binds a fact to one
                # pattern of a rule, so any other match is before it; a `pos` test would be
                # one that decides nothing (the mutation test finds such tests).
                test = test[:1]
            elif cond.before and inside(cond.pattern, list(rule.unless)):
                # "An interview before the anchor" beside `unless: [interview]`: any match
                # after the anchor already stops the rule, so the Nth match, if the rule
                # applies, is before it; the `pos` test would decide nothing.
                test = test[:1]
            required = [[*t, *test, _join_app()] for t in alternatives]
            if not plan.need(required, cond.pattern.types):
                if cond.before:
                    plan.on_anchor.append({"$gte": {f"p{k}": cond.min}})
                else:
                    plan.on_now.append({"$gte": {f"c{k}": _plus(f"c{k}", cond.min)}})
        if cond.max is not None:
            test = _before(k, cond.max + 1) if cond.before else [_nth(k, cond.max)]
            if not plan.exclude([[*t, *test, _join_app()] for t in alternatives]):
                if cond.before:
                    plan.on_anchor.append({"$lte": {f"p{k}": cond.max}})
                else:
                    plan.on_now.append({"$lte": {f"c{k}": _plus(f"c{k}", cond.max)}})
    absent_patterns = list(rule.unless)
    if not rule.every_anchor:
        absent_patterns.append(rule.anchor)  # a later anchor supersedes this one
    for pattern in any_of(absent_patterns):
        after = [_after_anchor(t)["$and"] for t in variants(pattern)]
        if not plan.exclude(after):
            # Counted instead: as many up to now as up to the anchor, none since.
            k = counters.of(pattern)
            plan.on_now.append({f"c{k}": {"a": f"c{k}"}})
    return plan


def compile_rule(index: int, rule: Rule, counters: Counters) -> dict[str, Json]:
    """Pack rule `index` as durable rules: one per variant of its anchor and required events."""
    plan = _plan(rule, counters)
    now: list[Json] = [{"type": NOW_TYPE}]
    if len(rule.stages) == 1:
        now.append({"stage": rule.stages[0]})
    elif rule.stages:  # the now fact has one stage: rule out the others
        now += [{"$neq": {"stage": s}} for s in STAGES if s not in rule.stages]
    out: dict[str, Json] = {}
    for v, (anchor, *required) in enumerate(itertools.product(plan.anchors, *plan.positives)):
        patterns: list[Json] = [{"a": {"$and": anchor + plan.on_anchor}}]
        if len(now) > 1 or plan.on_now or plan.absent:  # else `now` would test nothing
            patterns.append({"n": {"$and": [*now, *plan.on_now, _join_app()]}})
        patterns += [{f"x{j}$not": {"$and": tests}} for j, tests in enumerate(plan.absent)]
        # Last: a `$not` after a positive pattern of the same event type missed events of
        # that type (the oracle found it).
        patterns += [{f"q{j}": {"$and": tests}} for j, tests in enumerate(required)]
        out[f"r{index}v{v}"] = {"all": patterns}
    return out


def stop_rules(stops: list[Pattern]) -> dict[str, Json]:
    """One rule per variant of each distinct `stop_when` pattern j (`s{j}w{w}`): it fires on
    every stop event, whatever the rule or anchor. The first stop after an anchor is the first
    of these firings past it (a bisection in evaluate, like the running counts); a join to the
    anchor would repeat the anchor's tests, which decide nothing there."""
    return {
        f"{STOP_RULE_PREFIX}{j}w{w}": {"all": [{"s": {"$and": tests}}]}
        for j, stop in enumerate(stops)
        for w, tests in enumerate(variants(stop))
    }


def closed_rules() -> dict[str, Json]:
    """One rule per terminal event type: the events that settle the application."""
    return {
        f"{CLOSED_RULE}{k}": {"all": [{"t": {"type": event_type}}]}
        for k, event_type in enumerate(TERMINAL_EVENTS)
    }


def _stops(pack: Pack) -> tuple[list[Pattern], list[tuple[int, ...]]]:
    stops: list[Pattern] = []
    index: dict[str, int] = {}
    of: list[tuple[int, ...]] = []
    for rule in pack.rules:
        for stop in rule.stop_when:
            index.setdefault(stop.key(), len(stops))
            if len(stops) < len(index):
                stops.append(stop)
        of.append(tuple(dict.fromkeys(index[s.key()] for s in rule.stop_when)))
    return stops, of


def compile_pack(pack: Pack) -> CompiledPack:
    counters = Counters()
    sentinel = {SENTINEL_RULE: {"all": [{"n": {"type": NOW_TYPE}}]}}
    groups = [compile_rule(i, rule, counters) for i, rule in enumerate(pack.rules)]
    stops, stops_of = _stops(pack)
    groups.append(stop_rules(stops))
    if len(counters.patterns) > MAX_COUNTERS:
        raise PackError(
            f"the pack counts more than {MAX_COUNTERS} distinct event patterns",
            Location(pack.path),
            "merge rules that count the same events",
        )
    # durable_rules fails with error 303 when one fact takes part in more than about 64
    # patterns of one ruleset at once: the `now` sentinel is in every pack rule, and an event
    # type in as many patterns as the variants that name it. So a large pack is split into
    # several rulesets, each asserted as its own session, and the matches merged.
    rulesets: list[dict[str, Json]] = [{**sentinel, **closed_rules()}]
    load: dict[str, int] = {}
    for group in groups:
        for name, rule in group.items():
            need = fact_types(rule)
            if any(load.get(t, 0) + n > CHUNK_PATTERNS for t, n in need.items()):
                rulesets.append(dict(sentinel))
                load = {}
            rulesets[-1][name] = rule
            for t, n in need.items():
                load[t] = load.get(t, 0) + n
    base = ruleset_name(pack)
    names = [base if k == 0 else f"{base}/{k}" for k in range(len(rulesets))]
    fields = [fields_read(ruleset) for ruleset in rulesets]
    named = list(zip(names, rulesets, strict=True))
    return CompiledPack(pack, named, counters, stops, stops_of, fields)
