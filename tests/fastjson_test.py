"""engine/io/fastjson.py: whatever the C parser is trusted with, the YAML loader reads to the
same data; and a timeline read that way is the timeline the loader gives, errors included."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cli_support import EXAMPLE_TIMELINE, WORKED_EXAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import InputError
from engine.io import resources, safeyaml
from engine.io.fastjson import json_document
from engine.load.timelines import timeline_from_document, timeline_from_text

# Strings from every corner that matters: YAML's line breaks and non-printables, escapes,
# quotes, emoji, and what reads as YAML syntax.
_TRICKY = st.sampled_from(
    ["\u2028", "\u2029", "\x85", "\x7f", "\x00", "\t", "\ufeff", "\ufffe", "é", "😀", '"', "\\",
     "/", ": ", "#", "- ", "&a", "*a", "!!str", "'", "\r\n", "{", "]", "\u00a0", " "]
)  # fmt: skip
_TEXT = st.lists(st.one_of(st.text(max_size=4), _TRICKY), max_size=4).map("".join)
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), _TEXT,
    st.sampled_from(["true", "null", "1e3", "0x1F", "2026-01-01", "<<", "~", "yes"]),
)  # fmt: skip
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)
    ),
    max_leaves=20,
)


def _dump(value: dict[str, Any], indent: int | None, compact: bool, ascii_only: bool) -> str:
    separators = (",", ":") if compact else (", ", ": ")
    return json.dumps(value, indent=indent, separators=separators, ensure_ascii=ascii_only)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(_TEXT, _VALUES, max_size=5),
    st.sampled_from([None, 0, 2]),
    st.booleans(),
    st.booleans(),
)
def test_what_the_c_parser_takes_the_loader_reads_the_same(
    value: dict[str, Any], indent: int | None, compact: bool, ascii_only: bool
) -> None:
    text = _dump(value, indent, compact, ascii_only)
    fast = json_document(text, "t.json")
    if fast is None:
        return
    assert fast.data == safeyaml.loads(text, "t.json").data


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1.5}',  # YAML 1.1 reads some floats as strings
        '{"a": 1e3}',
        '{"a": NaN}',
        '{"a": "\\ud83d\\ude00"}',  # an escaped surrogate pair
        '{"a": "\u2028"}',
        '{"a": "\x7f"}',
        '{"a":\t1}',
        '{"a"\n: 1}',  # a key on one line, its colon on the next: a YAML syntax error
        '{"a"' + " " * 1100 + ": 1}",  # a colon over 1024 characters after its key's start
        '{"a": 1, "a": 2}',
        "[1, 2]",
        "a: 1",
        '{"a": 1} {"b": 2}',
    ],
)
def test_what_the_loader_might_read_otherwise_is_left_to_it(text: str) -> None:
    assert json_document(text, "t.json") is None


def test_more_values_than_the_loader_takes_are_left_to_it() -> None:
    text = json.dumps({"a": [0] * (safeyaml.MAX_NODES + 1)})
    assert json_document(text, "t.json") is None
    with pytest.raises(InputError, match="values in one file"):
        safeyaml.loads(text, "t.json")


def _depth(node: Any, defs: dict[str, Any], seen: tuple[str, ...] = ()) -> int:
    """How deeply a value valid against `node` can nest (a scalar: 0); a recursive schema
    fails the test, as it would bound nothing."""
    if not isinstance(node, dict):
        return 0
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        assert name not in seen, f"the timeline schema is recursive at {name}"
        return _depth(defs[name], defs, (*seen, name))
    if node.get("type") == "object" or "properties" in node:
        assert node.get("additionalProperties") is False, node
        assert all(len(key) <= 1024 for key in node["properties"])
        return 1 + max((_depth(v, defs, seen) for v in node["properties"].values()), default=0)
    if node.get("type") == "array":
        assert "items" in node, node
        return 1 + _depth(node["items"], defs, seen)
    branches = [*node.get("oneOf", ()), *node.get("anyOf", ())]
    return max((_depth(b, defs, seen) for b in branches), default=0)


def test_the_timeline_schema_bounds_what_fastjson_leaves_unmeasured() -> None:
    """fastjson measures neither nesting nor key lengths: the closed timeline schema bounds
    both below the loader's limits, so a document past them is never valid."""
    schema = resources.schema("timeline")
    assert _depth(schema, schema["$defs"]) < safeyaml.MAX_DEPTH


@pytest.mark.parametrize("path", [EXAMPLE_TIMELINE, WORKED_EXAMPLE])
def test_a_json_timeline_reads_as_the_loader_reads_it(path: Any) -> None:
    data = safeyaml.load_file(path).data
    for text in (json.dumps(data), json.dumps(data, indent=2, ensure_ascii=False)):
        assert json_document(text, "t.json") is not None
        slow = timeline_from_document(safeyaml.loads(text, "t.json"))
        assert timeline_from_text(text, "t.json") == slow


def test_an_error_in_a_json_timeline_has_the_loaders_position() -> None:
    data = safeyaml.load_file(EXAMPLE_TIMELINE).data
    data["applications"][0]["events"][0]["date"] = "2026-02-30"
    text = json.dumps(data, indent=2)
    with pytest.raises(InputError) as slow:
        timeline_from_document(safeyaml.loads(text, "t.json"))
    with pytest.raises(InputError) as fast:
        timeline_from_text(text, "t.json")
    assert fast.value.location == slow.value.location
    assert fast.value.location is not None and fast.value.location.line > 1
    assert fast.value.message == slow.value.message


def test_a_timeline_yaml_refuses_is_refused_the_same_way() -> None:
    """(From a review: a key 1,100 spaces before its colon was read by the C parser alone.)"""
    data = safeyaml.load_file(EXAMPLE_TIMELINE).data
    text = json.dumps(data).replace('"version":', '"version"' + " " * 1100 + ":", 1)
    with pytest.raises(InputError) as slow:
        safeyaml.loads(text, "t.json")
    with pytest.raises(InputError) as fast:
        timeline_from_text(text, "t.json")
    assert (fast.value.location, fast.value.message) == (slow.value.location, slow.value.message)
