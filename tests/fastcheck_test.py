"""engine/load/fastcheck.py: the compiled validator says "valid" exactly when jsonschema does,
so skipping jsonschema for a valid document never lets an invalid one through."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest
from cli_support import EXAMPLE_TIMELINE, POLICIES, WORKED_EXAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.io import resources, safeyaml
from engine.io.resources import SchemaName
from engine.load.fastcheck import FAST_SCHEMAS, cheaper, known_valid

# What 2019-09 and 2020-12 added that draft 7 would silently ignore.
_NEWER = {"prefixItems", "unevaluatedItems", "unevaluatedProperties", "dependentRequired",
          "dependentSchemas", "$dynamicRef", "$dynamicAnchor", "$anchor", "minContains",
          "maxContains", "$recursiveRef"}  # fmt: skip


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in _keys(v)}
    if isinstance(node, list):
        return {k for v in node for k in _keys(v)}
    return set()


def _refs_with_siblings(node: Any) -> list[Any]:
    if isinstance(node, dict):
        here = [node] if "$ref" in node and set(node) - {"$ref", "description", "title"} else []
        return here + [x for v in node.values() for x in _refs_with_siblings(v)]
    if isinstance(node, list):
        return [x for v in node for x in _refs_with_siblings(v)]
    return []


@pytest.mark.parametrize("name", sorted(FAST_SCHEMAS))
def test_the_compiled_schemas_mean_the_same_in_draft_7(name: SchemaName) -> None:
    schema = resources.schema(name)
    assert not _keys(schema) & _NEWER
    assert not _refs_with_siblings(schema)  # draft 7 ignores a $ref's siblings


def _jsonschema_valid(data: Any, name: SchemaName) -> bool:
    schema = resources.schema(name)
    return not any(jsonschema.validators.validator_for(schema)(schema).iter_errors(data))


def _paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [at]
    if isinstance(node, dict):
        out += [p for k, v in node.items() for p in _paths(v, (*at, k))]
    elif isinstance(node, list):
        out += [p for i, v in enumerate(node) for p in _paths(v, (*at, i))]
    return out


_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 30), st.sampled_from(
        ["", "x", "email", "interview", "2026-11-02", "2026-02-30", "25:00", "09:30", "hr",
         "US", "a" * 300, "bad id!", "decision", "reached"]
    ),
    st.just([]), st.just({}), st.just([{"date": "2026-11-02", "type": "offer"}]),
)
_DOCS = {
    "timeline": [safeyaml.load_file(p).data for p in (EXAMPLE_TIMELINE, WORKED_EXAMPLE)],
    "pack": [safeyaml.load_file(p).data for p in sorted(POLICIES.glob("*.yaml"))],
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(_DOCS)),
    pick=st.integers(0, 10),
    edits=st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(["set", "drop", "add"]),
                             _VALUES), min_size=1, max_size=3),
)
def test_both_validators_agree_on_mutated_documents(
    kind: SchemaName, pick: int, edits: list[tuple[int, str, Any]]
) -> None:
    docs = _DOCS[kind]
    data = copy.deepcopy(docs[pick % len(docs)])
    for where, how, value in edits:
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = paths[where % len(paths)]
        holder: Any = data
        for step in path[:-1]:
            holder = holder[step]
        if how == "set":
            holder[path[-1]] = copy.deepcopy(value)
        elif how == "drop":
            del holder[path[-1]]
        elif isinstance(holder, dict):
            holder["extra_key"] = copy.deepcopy(value)
        else:
            holder.append(copy.deepcopy(value))
    data = json.loads(json.dumps(data, default=str))  # as a JSON input would give it
    if kind in FAST_SCHEMAS:
        assert known_valid(data, kind) == _jsonschema_valid(data, kind)
    else:  # not compiled: never said valid, always left to jsonschema
        assert not known_valid(data, kind)


@pytest.mark.parametrize("kind", sorted(FAST_SCHEMAS))
def test_the_examples_are_known_valid(kind: SchemaName) -> None:
    for data in _DOCS[kind]:
        assert known_valid(json.loads(json.dumps(data, default=str)), kind)


_EVENTS = [
    {"date": "2026-11-03", "type": "interview", "by": "2026-11-09"},  # by: dated events only
    {"date": "2026-11-03", "type": "decision_expected", "by": "2026-11-09"},
    {"date": "2026-11-03", "type": "decision_expected"},  # by is required
    {"date": "2026-11-03", "type": "reply_received", "by": "2026-11-09", "says": "not_yet"},
    {"date": "2026-11-03", "type": "interview", "says": "decision"},  # says: replies only
    {"date": "2026-11-03", "type": "offer", "asked": ["timeline"]},  # asked: interviews only
    {"date": "2026-11-03", "type": "phone_screen", "asked": ["timeline"], "round": 2},
    {"date": "2026-11-03", "type": "thank_you_sent", "round": 1},  # round: interviews only
    {"date": "2026-11-03", "type": "interview", "with": ["rita", "dana"]},
    {"date": "2026-11-03", "type": "interview", "with": "rita"},
    {"date": "2026-11-03", "type": "interview", "with": 7},
    {"date": "2026-11-03", "type": "interview", "with": []},
    {"date": "2026-11-03", "type": "interview", "with": ["rita", 7]},
]


@pytest.mark.parametrize("event", _EVENTS)
def test_the_cheaper_forms_of_the_event_rules_mean_the_same(event: dict[str, Any]) -> None:
    """fastcheck compiles the `if`/`else not required` rules as `dependencies` and the
    `with` oneOf as an anyOf (the same meaning, without exceptions): each verdict is
    jsonschema's, valid or not."""
    data = copy.deepcopy(_DOCS["timeline"][0])
    app = data["applications"][0]
    app["contacts"] = [{"id": "rita", "role": "recruiter"}, {"id": "dana", "role": "hr"}]
    app["events"] = [event]
    data = json.loads(json.dumps(data, default=str))
    assert known_valid(data, "timeline") == _jsonschema_valid(data, "timeline")


_UNLESS_P = {"not": {"required": ["p"]}}
_CASES: list[tuple[str, Any, list[Any]]] = [
    ("if-on-a-non-object", {"if": {"type": "object"}, "then": {}, "else": _UNLESS_P},
     [5, "x", {}, {"p": 1}]),
    ("if-in-an-anyof", {"anyOf": [{"type": "string"}, {"if": {"minimum": 3}, "then": {},
                                                        "else": {"not": {"required": ["p"]}}}]},
     [1, 5, {"p": 1}]),
    ("if-on-an-object", {"type": "object", "allOf": [
        {"if": {"properties": {"t": {"const": 1}}}, "then": {}, "else": _UNLESS_P}
    ]}, [{}, {"p": 1}, {"p": 1, "t": 1}, {"t": 2, "p": 0}, 3]),
    ("oneof-beside-anyof", {"anyOf": [{"type": "string", "minLength": 3}, {"type": "integer"}],
                            "oneOf": [{"type": "string"}, {"type": "integer"}]}, ["a", "abc", 1]),
    ("a-property-named-if", {"type": "object", "properties": {
        "if": {"const": 1}, "then": {}, "else": {"not": {"required": ["p"]}}}},
     [{"if": 2}, {"if": 1}, {"else": {"p": 1}}]),
    ("a-const-like-a-schema", {"const": {"if": 1, "then": {}, "else": _UNLESS_P}},
     [{"if": 1, "then": {}, "else": {"not": {"required": ["p"]}}}]),
    ("an-enum-like-a-schema", {"enum": [{"oneOf": [{"type": "string"}, {"type": "null"}]}]},
     [{"oneOf": [{"type": "string"}, {"type": "null"}]}]),
    ("a-boolean-else", {"if": {"type": "string"}, "then": {}, "else": False}, ["a", 1]),
    ("a-ref-cycle", {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
                     "oneOf": [{"$ref": "#/$defs/b"}, {"type": "string"}]}, []),
    ("boolean-and-integer", {"oneOf": [{"type": "boolean"}, {"type": "integer"}]}, [True, 1, "x"]),
    ("integer-and-number", {"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 0}]},
     [1, 1.5, -1]),
    ("one-type-twice", {"oneOf": [{"type": "string"}, {"type": "string", "minLength": 1}]},
     ["a", ""]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "schema", "instances"), _CASES, ids=[c[0] for c in _CASES])
def test_the_cheaper_schema_means_what_the_schema_means(
    name: str, schema: Any, instances: list[Any]
) -> None:
    """Any schema, not only the timeline's: each rewrite applies only where it is exact, and
    looks only where subschemas are (from a review, which found each of these cases)."""
    import fastjsonschema

    cheap = cheaper(schema, schema.get("$defs", {}))
    fast = fastjsonschema.compile({**cheap, "$schema": "http://json-schema.org/draft-07/schema#"})
    reference = jsonschema.Draft202012Validator(schema)
    for instance in instances:
        try:
            fast(instance)
            verdict = True
        except fastjsonschema.JsonSchemaException:
            verdict = False
        assert verdict == reference.is_valid(instance), (name, instance)
