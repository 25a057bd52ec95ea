"""Insert one item into a list of a YAML or JSON file the user keeps, changing nothing else.

`followup log`, `add` and `contact` add an event, an application or a contact to a timeline a
person also edits by hand, so every byte outside the new item stays as it was: comments, key
order, quoting, flow or block style, blank lines. This is done on the text, not by re-dumping a
parsed tree (a round-trip dumper still re-indents and re-spaces what it does not recognise):
the new item is rendered in the style of its neighbours (a `{...}` line among `{...}` lines,
a block among blocks, the same indentation) and spliced in at the end of the line before its
place. JSON, which people rarely format by hand, is re-dumped with its own indentation.

The caller loads the result again and checks it holds exactly the old data plus the item
(engine/edit/session.py), so a layout this module misreads is refused, never written.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

import yaml

from ..errors import FollowupError
from . import safeyaml

__all__ = ["LayoutError", "insert_item", "plain_data"]

Path_ = tuple[str | int, ...]
_WIDE = 1 << 16  # never fold a long note over lines
_JSON_INDENT = re.compile(r"\n([ \t]+)\S")


class LayoutError(FollowupError):
    """The file's layout is one this module cannot splice into safely."""


def plain_data(value: Any) -> Any:
    """`value` as the timeline loader reads it back: dates as YYYY-MM-DD strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: plain_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_data(v) for v in value]
    return value


def insert_item(
    text: str,
    where: Path_,
    index: int,
    item: Mapping[str, Any],
    *,
    flow: bool,
    before_key: str = "",
) -> str:
    """`text` with `item` inserted at `index` of the list at `where` (created, with the item
    alone in it, when the mapping that should hold it lacks the key: before `before_key` when
    the mapping has that key). `flow` says how to write the item when it has no neighbour to
    take the style of."""
    if _is_json(text):
        return _insert_json(text, where, index, item)
    if "\r\n" in text and text.count("\r\n") == text.count("\n"):  # saved on Windows
        lf = insert_item(text.replace("\r\n", "\n"), where, index, item, flow=flow,
                         before_key=before_key)  # fmt: skip
        return lf.replace("\n", "\r\n")
    root = safeyaml.compose(text)
    parent = _node_at(root, where[:-1])
    if not isinstance(parent, yaml.MappingNode) or not isinstance(where[-1], str):
        raise LayoutError(f"no mapping to hold {where[-1]!r}")
    seq = _value_of(parent, where[-1])
    if seq is not None and seq.start_mark.index < _key_of(parent, where[-1]).end_mark.index:
        raise LayoutError(f"{where[-1]!r} is an alias of a list written elsewhere")
    if seq is None:
        return _add_key(text, parent, where[-1], item, flow, before_key)
    if not isinstance(seq, yaml.SequenceNode):
        raise LayoutError(f"{where[-1]!r} is not a list")
    if seq.flow_style and not seq.value and not parent.flow_style:
        return _unfold_empty(text, parent, seq, item, flow)
    if seq.flow_style:
        return _insert_flow(text, seq, index, item)
    return _insert_block(text, seq, index, item, flow)


# --- YAML ---------------------------------------------------------------------------------


def _node_at(node: yaml.Node, where: Path_) -> yaml.Node:
    for step in where:
        if isinstance(step, int) and isinstance(node, yaml.SequenceNode):
            node = node.value[step]
            continue
        found = _value_of(node, step) if isinstance(step, str) else None
        if found is None:
            raise LayoutError(f"no {step!r} in the file")
        node = found
    return node


def _value_of(node: yaml.Node, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            found: yaml.Node = v
            return found
    return None


def _key_of(node: yaml.MappingNode, key: str) -> yaml.Node:
    return next(k for k, _ in node.value if isinstance(k, yaml.ScalarNode) and k.value == key)


def _end(text: str, node: yaml.Node) -> int:
    """Where the node's own text ends: after its last character, not after the blank lines
    and comments that a block node's end mark runs on over."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return _end(text, node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _end(text, node.value[-1])
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _line_after(text: str, pos: int) -> int:
    newline = text.find("\n", pos)
    return len(text) if newline < 0 else newline + 1


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _splice(text: str, pos: int, new: str) -> str:
    """`new` (whole lines) inserted at line start `pos`, ending the file's last line first
    when it has no newline."""
    if pos == len(text) and text and not text.endswith("\n"):
        new = "\n" + new
    return text[:pos] + new + text[pos:]


def _flow(item: Mapping[str, Any]) -> str:
    dumped = yaml.safe_dump(
        dict(item), default_flow_style=True, sort_keys=False, allow_unicode=True, width=_WIDE
    )
    return dumped.rstrip("\n")


def _block(item: Mapping[str, Any], dash: int, key: int) -> str:
    """The item as `- key: value` lines, the dash at column `dash` and the keys at `key`; a
    list of values on its key's line (`asked: [next_steps]`), as the examples write them."""
    lines: list[str] = []
    for k, v in item.items():
        style = None if isinstance(v, list | dict) and v else False  # None: `k: [a, b]`
        dumped = yaml.safe_dump(
            {k: v}, default_flow_style=style, sort_keys=False, allow_unicode=True, width=_WIDE
        )
        lines += dumped.splitlines()
    first = " " * dash + "-" + " " * (key - dash - 1) + lines[0]
    # A blank line inside a multi-line scalar is a line break: indenting it would only leave
    # trailing spaces (which editors strip, and diffs show).
    rest = [" " * key + line if line.strip() else "" for line in lines[1:]]
    return "".join(line + "\n" for line in [first, *rest])


def _insert_block(
    text: str, seq: yaml.SequenceNode, index: int, item: Mapping[str, Any], flow: bool
) -> str:
    items = seq.value
    dashes = {_dash_column(text, node) for node in items}
    if len(dashes) != 1:
        raise LayoutError("a list whose items are not each `- ` at the start of a line")
    dash = dashes.pop()
    near = items[min(index, len(items) - 1)] if items else None
    if near is not None:
        flow = not isinstance(near, yaml.MappingNode) or bool(near.flow_style)
    key = near.start_mark.column if near is not None and not flow else dash + 2
    rendered = f"{' ' * dash}- {_flow(item)}\n" if flow else _block(item, dash, key)
    if index == 0:
        return _splice(text, _line_start(text, items[0].start_mark.index), rendered)
    pos = _line_after(text, _end(text, items[index - 1]))
    if index == len(items) and index >= 2:
        gap = text[_line_after(text, _end(text, items[-2])) : _line_start(text, _dash(items[-1]))]
        if any(not line.strip() for line in gap.splitlines()):
            rendered = "\n" + rendered  # the items are set apart by blank lines: so is this one
    return _splice(text, pos, rendered)


def _dash(node: yaml.Node) -> int:
    return node.start_mark.index


_ITEM_START = re.compile(r"( *)- +")


def _dash_column(text: str, node: yaml.Node) -> int:
    """The column of the `-` that starts a block list's item, or -1 when the item does not
    start its own line that way (`- - x`, an anchor or a tag before it, a comment between)."""
    start = node.start_mark.index
    found = _ITEM_START.fullmatch(text, _line_start(text, start), start)
    return len(found.group(1)) if found else -1


def _insert_flow(text: str, seq: yaml.SequenceNode, index: int, item: Mapping[str, Any]) -> str:
    items = seq.value
    if not items:
        close = seq.end_mark.index - 1
        return text[:close] + _flow(item) + text[close:]
    if index == 0:
        at = items[0].start_mark.index
        return text[:at] + _flow(item) + ", " + text[at:]
    at = _end(text, items[index - 1])
    return text[:at] + ", " + _flow(item) + text[at:]


def _unfold_empty(
    text: str, mapping: yaml.MappingNode, seq: yaml.SequenceNode, item: Mapping[str, Any],
    flow: bool,
) -> str:
    """`key: []` in a block mapping becomes `key:` and a block list holding the item, so that
    the next item added finds block neighbours (an `init`ed timeline's `applications: []`)."""
    start, end = seq.start_mark.index, seq.end_mark.index
    before = text[:start].rstrip(" \t")
    if not before.endswith(":"):
        raise LayoutError("an empty list that is not the value of its key's line")
    rest = text[end:]
    text = before + rest
    col = mapping.start_mark.column
    rendered = f"{' ' * (col + 2)}- {_flow(item)}\n" if flow else _block(item, col + 2, col + 4)
    return _splice(text, _line_after(text, len(before)), rendered)


def _add_key(
    text: str,
    mapping: yaml.MappingNode,
    key: str,
    item: Mapping[str, Any],
    flow: bool,
    before_key: str,
) -> str:
    if mapping.flow_style or not mapping.value:
        close = mapping.end_mark.index - 1
        if text[close] != "}":
            raise LayoutError(f"cannot add {key!r} here")
        sep = ", " if mapping.value else ""
        return text[:close] + f"{sep}{key}: [{_flow(item)}]" + text[close:]
    col = mapping.start_mark.column
    line = " " * col + key + ":\n"
    rendered = f"{' ' * (col + 2)}- {_flow(item)}\n" if flow else _block(item, col + 2, col + 4)
    later = [k.start_mark.index for k, _ in mapping.value if k.value == before_key]
    if later and text[_line_start(text, later[0]) : later[0]] == " " * col:
        return _splice(text, _line_start(text, later[0]), line + rendered)
    return _splice(text, _line_after(text, _end(text, mapping)), line + rendered)


# --- JSON ---------------------------------------------------------------------------------


def _is_json(text: str) -> bool:
    if not text.lstrip().startswith("{"):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False  # YAML in flow style: spliced as YAML
    return True


def _insert_json(text: str, where: Path_, index: int, item: Mapping[str, Any]) -> str:
    data = json.loads(text)
    holder: Any = data
    for step in where[:-1]:
        holder = holder[step]
    last = where[-1]
    seq: Any = holder.setdefault(last, [])
    if not isinstance(seq, list):
        raise LayoutError(f"{last!r} is not a list")
    seq.insert(index, plain_data(copy.deepcopy(dict(item))))
    found = _JSON_INDENT.search(text)
    indent: str | int | None = found.group(1) if found else None
    dumped = json.dumps(
        data, indent=indent, ensure_ascii=_ascii_only(text), separators=_separators(indent)
    )
    return dumped + ("\n" if text.endswith("\n") else "")


def _ascii_only(text: str) -> bool:
    """Keep `\\u00e9` escapes in a file that writes them so, UTF-8 in one that does not."""
    return text.isascii() and "\\u" in text


def _separators(indent: str | int | None) -> tuple[str, str] | None:
    return None if indent is not None else (", ", ": ")

