"""The static half of the adapter's contract (engine/core/adapter.py, docs/durable-rules.md):
what a ruleset and a session's facts must be before durable_rules sees them. Pure checks on
data; the adapter calls them, and only the adapter touches durable_rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..errors import EngineError
from ..vocabulary import ROUND_EVENTS

Json = dict[str, Any]
NOW_TYPE = "__now__"
SENTINEL_RULE = "__end__"
MAX_RULES = 4096
MAX_PATTERNS_PER_TYPE = 60  # one fact in more than about 64 patterns fails (error 303)
MAX_NAMED_FACTS = 16
MAX_FACT_PROPERTIES = 254
_FORBIDDEN_OPS = ("$div", "$mt", "$imt")


class ContractViolation(EngineError):
    """The compiler emitted something outside the safe subset: a bug, never user error."""


def _is_ref(value: Any) -> bool:
    """A reference to another fact's property looks like {"a": "prop"} (one key, not `$`)."""
    return (
        isinstance(value, dict)
        and len(value) == 1
        and not next(iter(value)).startswith("$")
        and isinstance(next(iter(value.values())), str)
    )


def _walk(expr: Any) -> Iterable[tuple[str, Any]]:
    if isinstance(expr, dict):
        for key, value in expr.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(expr, list):
        for item in expr:
            yield from _walk(item)


def _has_ref(expr: Any) -> bool:
    if isinstance(expr, dict):
        for key, value in expr.items():
            if key in ("$l", "$r") and _is_ref(value):
                return True
            if not key.startswith("$") and _is_ref(value):
                return True
            if _has_ref(value):
                return True
    elif isinstance(expr, list):
        return any(_has_ref(item) for item in expr)
    return False


def _tests_now(expr: Any) -> bool:
    if isinstance(expr, dict):
        if expr.get("type") == NOW_TYPE:
            return True
        return any(_tests_now(item) for item in expr.get("$and", []))
    return False


def _reads(test: Any, field: str) -> bool:
    """Whether a test compares the fact's `field` (`{field: v}` or `{"$op": {field: v}}`)."""
    if not isinstance(test, dict) or len(test) != 1:
        return False
    ((key, value),) = test.items()
    return key == field or (key.startswith("$") and isinstance(value, dict) and field in value)


def fact_types(rule: Json) -> dict[str, int]:
    """How many patterns of a durable rule test for each fact type (the `now` type included).

    A pattern with a round test and no type test is about interviews: only they have a round
    (the compiler leaves the type test out there, as it would be implied).
    """
    out: dict[str, int] = {}
    for pattern in rule.get("all", ()):
        for expr in pattern.values():
            tests = expr.get("$and", [expr]) if isinstance(expr, dict) else []
            types = [
                t["type"] for t in tests if isinstance(t, dict) and isinstance(t.get("type"), str)
            ]
            if not types and any(_reads(t, "round") for t in tests):
                types = list(ROUND_EVENTS)
            for fact_type in types:
                out[fact_type] = out.get(fact_type, 0) + 1
    return out


def check_ruleset(ruleset: dict[str, Json]) -> None:
    """Refuse anything outside the subset that the notes verified as safe."""
    if SENTINEL_RULE not in ruleset:
        raise ContractViolation("no sentinel rule: delete_state would free uninitialised memory")
    if len(ruleset) > MAX_RULES:
        raise ContractViolation(f"{len(ruleset)} rules; durable_rules allows {MAX_RULES}")
    load: dict[str, int] = {}
    for rule in ruleset.values():
        for fact_type, n in fact_types(rule).items():
            load[fact_type] = load.get(fact_type, 0) + n
    for fact_type, n in load.items():
        if n > MAX_PATTERNS_PER_TYPE:
            raise ContractViolation(
                f"{n} patterns test for {fact_type!r} facts; split the ruleset (error 303 beyond)"
            )
    for name, rule in ruleset.items():
        patterns = rule.get("all")
        if not isinstance(patterns, list) or not patterns or set(rule) - {"all", "pri"}:
            raise ContractViolation(f"rule {name}: only 'all' (and 'pri') are used")
        if len(patterns) > MAX_NAMED_FACTS:
            raise ContractViolation(f"rule {name}: more than {MAX_NAMED_FACTS} named facts")
        seen_now = False
        others = 0  # positive patterns besides the first and `now`
        bound: set[str] = set()  # their event types
        for i, pattern in enumerate(patterns):
            ((label, expr),) = pattern.items()
            if label.endswith("$not"):
                if i == 0 or not seen_now:
                    raise ContractViolation(
                        f"rule {name}: '{label}' must come after the now sentinel"
                    )
                if others:
                    raise ContractViolation(
                        f"rule {name}: '{label}' must come before the other joined facts "
                        "(after one, it misses their events)"
                    )
            elif _tests_now(expr) and not seen_now:
                seen_now = True
            elif i > 0:
                others += 1
                types = set(fact_types({"all": [pattern]}))
                if bound & types:
                    raise ContractViolation(
                        f"rule {name}: '{label}' could bind the same fact as another pattern "
                        "(durable_rules binds a fact once per rule, and misses the match)"
                    )
                bound |= types
            for key, value in _walk(expr):
                if key in _FORBIDDEN_OPS:
                    raise ContractViolation(f"rule {name}: operator {key} is not allowed")
                if key == "$or":
                    raise ContractViolation(f"rule {name}: $or loses matches next to joins")
                if _is_ref(value) and next(iter(value.values())) in ("id", "sid"):
                    raise ContractViolation(f"rule {name}: joins on id/sid read freed memory")
                if isinstance(value, float | bool):
                    raise ContractViolation(f"rule {name}: only int and str constants")
            joined = i > 0 and not label.endswith("$not") and not _tests_now(expr)
            if joined and not _joins_one(expr):
                raise ContractViolation(
                    f"rule {name}: '{label}' pairs with every fact of its kind (a cross "
                    "product): join it by equality on a running count"
                )
            if _has_ref(expr):
                last = expr["$and"][-1] if "$and" in expr else expr
                ok = (
                    isinstance(last, dict)
                    and len(last) == 1
                    and not next(iter(last)).startswith("$")
                    and _is_ref(next(iter(last.values())))
                )
                if not ok:
                    raise ContractViolation(
                        f"rule {name}: a join must end with an equality on an ordinary field"
                    )


_COUNT = re.compile(r"^[cp]\d+$")


def _joins_one(expr: Json) -> bool:
    """Whether a joined pattern meets one fact of its kind, not all of them: it has an
    equality on a running count (`cK`, `pK`), which one matching event alone has."""
    tests = expr.get("$and", [expr])
    return any(
        isinstance(t, dict) and len(t) == 1 and bool(_COUNT.match(next(iter(t)))) for t in tests
    )


# Facts keep these whatever the rules read: check_facts holds ids unique and sessions whole
# by them, and finds the sentinel by its type. (MAX_FACT_PROPERTIES is checked on the facts
# as narrowed: what durable_rules is given.)
CONTRACT_FIELDS = frozenset({"id", "sid", "type"})


def fields_read(ruleset: dict[str, Json]) -> frozenset[str]:
    """Every name a ruleset's patterns hold, as a key or as a string value: a superset of the
    fact properties its rules test or join on. A fact narrowed to these (and
    CONTRACT_FIELDS) matches as the whole fact would, since a rule can only read what it
    names; durable_rules serialises and parses every property of every fact it is given."""
    names: set[str] = set(CONTRACT_FIELDS)
    stack: list[Any] = [rule.get(part) for rule in ruleset.values() for part in ("all", "any")]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            names.update(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str):
            names.add(node)
    return frozenset(names)


def check_facts(facts: list[Json], sid: str) -> None:
    if not facts or facts[-1].get("type") != NOW_TYPE:
        raise ContractViolation("a session must end with the now sentinel")
    ids: set[str] = set()
    for fact in facts:
        if fact.get("sid") != sid:
            raise ContractViolation("every fact of a session carries its sid")
        if fact["id"] in ids:
            raise ContractViolation(f"duplicate fact id {fact['id']!r}")
        ids.add(fact["id"])
        if len(fact) > MAX_FACT_PROPERTIES:
            raise ContractViolation(f"fact has more than {MAX_FACT_PROPERTIES} properties")
        if not _PLAIN.issuperset(map(type, fact.values())):  # else the slower, exact test
            for key, value in fact.items():
                if isinstance(value, bool) or not isinstance(value, int | str):
                    raise ContractViolation(f"fact property {key!r} must be an int or a str")


_PLAIN = frozenset({int, str})
