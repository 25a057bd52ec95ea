"""Round-trip YAML editing: change a few keys of a file the user wrote and keep the rest of it
(comments, key order, quoting, flow mappings) as it was.

The only module that imports ruamel.yaml. It edits only text that engine/io/safeyaml.py has
already loaded under its limits and the schema has accepted: ruamel.yaml's round-trip loader
builds plain mappings, lists and scalars, never objects, but the limits on size, depth and
aliases are safeyaml's.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

__all__ = ["Mapping", "dump", "load", "new_mapping"]

Mapping = CommentedMap


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long quote
    # The layout the built-in packs and `followup new` use: `  - id: ...` under a key.
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(text: str) -> Any:
    data = _yaml().load(text)
    _keep_anchors(data)
    return data


def _keep_anchors(node: Any) -> None:
    """ruamel.yaml writes an anchor back only where an alias uses it: keep the others too (an
    author may have named a block to reuse later)."""
    anchor = getattr(node, "anchor", None)
    if anchor is not None and getattr(anchor, "value", None):
        anchor.always_dump = True
    if isinstance(node, dict):
        for value in node.values():
            _keep_anchors(value)
    elif isinstance(node, list):
        for item in node:
            _keep_anchors(item)


def dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def new_mapping(items: dict[str, Any], *, flow: bool) -> CommentedMap:
    """A mapping to insert; `flow` writes it on one line, `{a: 1}`."""
    made = CommentedMap(items)
    if flow:
        made.fa.set_flow_style()
    return made
