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

__all__ = ["FAST_SCHEMAS", "known_valid"]

_DRAFT_7 = "http://json-schema.org/draft-07/schema#"
FAST_SCHEMAS: frozenset[SchemaName] = frozenset({"timeline"})


def _cheaper(node: Any, defs: dict[str, Any]) -> Any:
    """The same schema, in forms fastjsonschema's code checks without raising: its code
    raises and catches an exception for each `if` that fails and each branch of a `oneOf`
    that does, which made an event's check cost more than its evaluation.

    - `if: X, then: {}, else: {not: {required: [p]}}` says "p present implies X": draft 7's
      `dependencies: {p: X}`, checked only when p is there;
    - a `oneOf` whose branches are of different JSON types can match one branch at most: it
      is an `anyOf`, which stops at the first that matches.
    """
    if isinstance(node, list):
        return [_cheaper(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _cheaper(value, defs) for key, value in node.items()}
    if set(out) == {"if", "then", "else"} and out["then"] == {}:
        absent = out["else"].get("not", {}).get("required", [])
        if out["else"] == {"not": {"required": absent}} and len(absent) == 1:
            out = {"dependencies": {absent[0]: out["if"]}}
    if "oneOf" in out:
        # "integer" is a kind of "number": the two are not different types
        types = [_type_of(branch, defs) for branch in out["oneOf"]]
        types = [("number" if t == "integer" else t) for t in types]
        if None not in types and len(set(types)) == len(types):
            out["anyOf"] = out.pop("oneOf")
    return out


def _type_of(node: Any, defs: dict[str, Any]) -> str | None:
    """The one JSON type a schema admits, when it names one."""
    while isinstance(node, dict) and "$ref" in node and node["$ref"].startswith("#/$defs/"):
        node = defs.get(node["$ref"].removeprefix("#/$defs/"))
    found = node.get("type") if isinstance(node, dict) else None
    return found if isinstance(found, str) else None


@cache
def _compiled(name: SchemaName) -> Callable[[Any], Any]:
    import fastjsonschema

    given = resources.schema(name)
    schema = {**_cheaper(given, given.get("$defs", {})), "$schema": _DRAFT_7}
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
