"""A fast answer to "is this document valid?", for the common case where it is.

jsonschema costs about ten times the rest of an evaluation per event (benchmarks/
bench_batch.py), and most documents are valid: fastjsonschema compiles the same schema into
Python code that answers in a tenth of the time. It only ever says "valid"; a document it
refuses, or one it cannot judge, goes to jsonschema (engine/load/validation.py), which finds
and places the error, so every message stays jsonschema's. Only the timeline schema is
compiled: it uses nothing draft 7 lacks besides `$defs` (a test holds it to that, and a
property holds the two validators to the same verdicts), so it is compiled as draft 7. The
pack schema uses `prefixItems` and `dependentRequired`, which draft 7 would ignore: packs
are few, and always go to jsonschema.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from ..io import resources
from ..io.resources import SchemaName

__all__ = ["FAST_SCHEMAS", "cheaper", "known_valid"]

_DRAFT_7 = "http://json-schema.org/draft-07/schema#"
FAST_SCHEMAS: frozenset[SchemaName] = frozenset({"timeline"})


# Where subschemas are: a rewrite looks nowhere else (a `const`, an `enum` or a `default` is
# data, whatever it holds). The first two kinds apply to the instance itself, the others to a
# part of it.
_SAME_ONE = ("not", "if", "then", "else")
_SAME_LIST = ("allOf", "anyOf", "oneOf")
_PART_ONE = ("additionalProperties", "items", "additionalItems", "contains", "propertyNames")
_PART_MAP = ("properties", "patternProperties", "$defs", "definitions")


def cheaper(node: Any, defs: dict[str, Any], objects: bool = False) -> Any:
    """The same schema, in forms fastjsonschema's code checks without raising: its code
    raises and catches an exception for each `if` that fails and each branch of a `oneOf`
    that does, which made an event's check cost more than its evaluation. `objects`: the
    instance is known to be an object (a schema it also meets says `type: object`).

    - on an object, `if: X, then: {}, else: {not: {required: [p]}}` says "p present implies
      X": draft 7's `dependencies: {p: X}`, checked only when p is there (on anything else
      the two differ: `required` holds of a non-object);
    - a `oneOf` whose branches are each of one JSON type, all different, can match one
      branch at most: it is an `anyOf`, which stops at the first that matches.
    """
    if not isinstance(node, dict):
        return node  # true and false are schemas too
    out = dict(node)
    same = objects or node.get("type") == "object"
    for key in _SAME_ONE:
        if key in out:
            out[key] = cheaper(out[key], defs, same)
    for key in _SAME_LIST:
        if isinstance(out.get(key), list):
            out[key] = [cheaper(n, defs, same) for n in out[key]]
    for key in _PART_ONE:
        if key in out:
            out[key] = cheaper(out[key], defs)
    for key in _PART_MAP:
        if isinstance(out.get(key), dict):
            out[key] = {name: cheaper(n, defs) for name, n in out[key].items()}
    absent = _only_absent(out.get("else"))
    if same and set(out) == {"if", "then", "else"} and out["then"] == {} and absent:
        out = {"dependencies": {absent: out["if"]}}
    if "oneOf" in out and "anyOf" not in out and isinstance(out["oneOf"], list):
        # "integer" is a kind of "number": the two are not different types
        types = [_type_of(branch, defs) for branch in out["oneOf"]]
        kinds = ["number" if t == "integer" else t for t in types]
        if None not in kinds and len(set(kinds)) == len(kinds):
            out["anyOf"] = out.pop("oneOf")
    return out


def _only_absent(node: Any) -> str | None:
    """p, when `node` is exactly `{not: {required: [p]}}`."""
    if not isinstance(node, dict) or set(node) != {"not"} or not isinstance(node["not"], dict):
        return None
    required = node["not"].get("required")
    if set(node["not"]) != {"required"} or not isinstance(required, list) or len(required) != 1:
        return None
    return required[0] if isinstance(required[0], str) else None


def _type_of(node: Any, defs: dict[str, Any]) -> str | None:
    """The one JSON type a schema admits, when it names one."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if not ref.startswith("#/$defs/") or ref in seen:
            return None
        seen.add(ref)
        node = defs.get(ref.removeprefix("#/$defs/"))
    found = node.get("type") if isinstance(node, dict) else None
    return found if isinstance(found, str) else None


@cache
def _compiled(name: SchemaName) -> Callable[[Any], Any]:
    import fastjsonschema

    given = resources.schema(name)
    schema = {**cheaper(given, given.get("$defs", {})), "$schema": _DRAFT_7}
    validate: Callable[[Any], Any] = fastjsonschema.compile(schema)
    return validate


def known_valid(data: Any, name: SchemaName) -> bool:
    """True when `data` is valid against the schema `name`; False when it may not be."""
    if name not in FAST_SCHEMAS:
        return False
    import fastjsonschema

    try:
        _compiled(name)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True
