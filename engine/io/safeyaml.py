"""Load untrusted YAML or JSON into plain data, remembering where every value came from.

Packs and timelines come from strangers, so this loader builds values itself from the composed
node tree instead of trusting a constructor: only the core JSON-compatible tags are accepted
(a `!!python/...` tag is an error, never a call), dates stay strings (so an impossible date is
reported with its position instead of raising inside PyYAML), duplicate keys are errors, and
size, depth, alias uses and total nodes are capped so that alias bombs fail fast in bounded
memory.
"""

from __future__ import annotations

import contextlib
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Location

try:  # libyaml is several times faster; positions are the same.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 48
MAX_ALIASES = 64
MAX_NODES = 100_000

Path_ = tuple[str | int, ...]


class _NoTimestampLoader(_BaseLoader):
    """Resolves scalars like the safe loader but leaves dates as strings."""


_NoTimestampLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


class _PurePythonLoader(yaml.SafeLoader):
    """The same resolvers in pure Python: slower, but bound by no nesting limit of libyaml's."""


_PurePythonLoader.yaml_implicit_resolvers = _NoTimestampLoader.yaml_implicit_resolvers

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_constructor = yaml.constructor.SafeConstructor()


@dataclass
class Document:
    """Plain data plus the source position of every value and mapping key."""

    path: str
    data: Any
    text: str | None = None  # the source, when the document came from text
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def graft(self, data: Any, moves: list[tuple[Path_, Path_]]) -> Document:
        """A document holding `data` whose values at `new + rest` were at `old + rest` here.

        Lets a fragment embedded in one file (a pack's test timeline) be validated as a whole
        document of another kind while its errors still point into the original file.
        """
        out = Document(self.path, data)
        for old, new in moves:
            n = len(old)
            for table, target in (
                (self.positions, out.positions),
                (self.key_positions, out.key_positions),
            ):
                for where, pos in table.items():
                    if where[:n] == old:
                        target[(*new, *where[n:])] = pos
        return out

    def locate(self, where: Path_ = (), *, key: bool = False) -> Location:
        """The nearest known position of `where` (walking up to a parent if needed)."""
        table = self.key_positions if key else self.positions
        probe = tuple(where)
        while True:
            if probe in table:
                line, col = table[probe]
                return Location(self.path, line, col)
            if probe in self.positions:
                line, col = self.positions[probe]
                return Location(self.path, line, col)
            if not probe:
                return Location(self.path, 1, 1)
            probe = probe[:-1]


STDIN = "-"  # the file name that means standard input, as in most command-line tools
STDIN_NAME = "<stdin>"  # how messages name it


def shown_name(path: str | Path) -> str:
    """The name messages give a file: `<stdin>` for `-`."""
    return STDIN_NAME if str(path) == STDIN else str(path)


def read_text(path: str | Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 file (`-`: standard input) with a size cap; every failure is an
    InputError at 1:1."""
    shown = shown_name(path)
    p = Path(path)
    try:
        if str(path) == STDIN:
            raw = sys.stdin.buffer.read(max_bytes + 1)
        elif p.is_dir():
            raise InputError("is a directory, not a file", Location(shown))
        else:
            with p.open("rb") as fh:
                raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file", Location(shown), "check the path") from None
    except PermissionError:
        raise InputError("permission denied", Location(shown)) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", Location(shown)) from None
    return decode(raw, shown, max_bytes=max_bytes)


def decode(raw: bytes, shown: str, *, max_bytes: int = MAX_BYTES) -> str:
    """The text of a file's bytes (`shown` names it in errors): the same size cap and UTF-8
    check as read_text, for a caller that needs the bytes too."""
    if len(raw) > max_bytes:
        raise InputError(f"file is larger than the {max_bytes // 1024} KiB limit", Location(shown))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError("file is not valid UTF-8 text", Location(shown, line, 1)) from None


def load_file(path: str | Path) -> Document:
    return loads(read_text(path), shown_name(path))


def loads(text: str, path: str = "<string>") -> Document:
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise InputError(f"input is larger than the {MAX_BYTES // 1024} KiB limit", Location(path))
    try:
        _prescan(text, path)
        nodes = list(yaml.compose_all(text, Loader=_NoTimestampLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"YAML syntax: {problem}", Location(path, line, col)) from None
    except yaml.reader.ReaderError as exc:  # a control character: no mark, only an offset
        line = text[: exc.position].count("\n") + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise InputError(
            f"YAML syntax: control character #x{exc.character:04x} is not allowed",
            Location(path, line, col),
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML syntax: {str(exc).splitlines()[0]}", Location(path)) from None
    if not nodes:
        raise InputError("the file is empty", Location(path), "expected a mapping")
    if len(nodes) > 1:
        second = nodes[1].start_mark
        raise InputError(
            "more than one YAML document in the file",
            Location(path, second.line + 1, second.column + 1),
        )
    doc = Document(path, None, text)
    builder = _Builder(doc)
    doc.data = builder.build(nodes[0], (), 0)
    return doc


def compose(text: str) -> yaml.Node:
    """The node tree of `text`, which `loads` has accepted, with each node's start and end as
    offsets into `text` (the pure-Python composer's marks count characters): for editing the
    text in place (engine/io/yamledit.py)."""
    node = yaml.compose(text, Loader=_PurePythonLoader)
    if node is None:
        raise InputError("the file is empty", Location("<string>"), "expected a mapping")
    return node


def _at(path: str, event: yaml.Event) -> Location:
    mark = event.start_mark
    return Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)


def _prescan(text: str, path: str) -> None:
    """Refuse deep nesting and alias floods from the event stream, before any tree is built.

    libyaml's composer recurses once per level: a few thousand nested brackets overflow the C
    stack and kill the process, so the depth must be known before composing. Some libyaml
    builds (PyYAML 6.0.4's wheels) have a nesting limit of their own in the scanner, which
    reads a whole line of brackets ahead and so fails before the first event reaches us: when
    the fast scan fails, the pure-Python parser, which has no such limit, looks again, so that
    this project's limits and messages hold whichever libyaml is installed.
    """
    try:
        _scan_events(text, path, _NoTimestampLoader)
    except yaml.YAMLError:
        # Raises InputError if one of this project's limits comes first; a genuine syntax
        # error is then reported as libyaml worded it.
        # The pure-Python scanner fails on some inputs with plain exceptions where libyaml
        # reported a located error (`"\\U00110000"`: ValueError from chr()).
        with contextlib.suppress(yaml.YAMLError, ValueError, OverflowError):
            _scan_events(text, path, _PurePythonLoader)
        raise


def _scan_events(
    text: str, path: str, loader: type[_NoTimestampLoader] | type[_PurePythonLoader]
) -> None:
    depth = 0
    aliases = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(f"nesting deeper than {MAX_DEPTH} levels", _at(path, event))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise InputError(f"more than {MAX_ALIASES} YAML alias uses", _at(path, event))


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.nodes = 0
        self.aliases = 0
        self.seen: set[int] = set()

    def _error(self, node: yaml.Node, message: str, hint: str = "") -> InputError:
        mark = node.start_mark
        return InputError(message, Location(self.doc.path, mark.line + 1, mark.column + 1), hint)

    def build(self, node: yaml.Node, where: Path_, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._error(node, f"more than {MAX_NODES} values in one file")
        if depth > MAX_DEPTH:
            raise self._error(node, f"nesting deeper than {MAX_DEPTH} levels")
        if isinstance(node, yaml.CollectionNode):
            # The composer shares one node object between an anchor and its aliases.
            if id(node) in self.seen:
                self.aliases += 1
                if self.aliases > MAX_ALIASES:
                    raise self._error(node, f"more than {MAX_ALIASES} YAML alias uses")
            self.seen.add(id(node))
        mark = node.start_mark
        self.doc.positions[where] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                raise self._error(node, f"unsupported YAML tag {node.tag!r}", "remove the tag")
            return [self.build(item, (*where, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP_TAG:
                raise self._error(node, f"unsupported YAML tag {node.tag!r}", "remove the tag")
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if (
                    not isinstance(key_node, yaml.ScalarNode)
                    or key_node.tag == "tag:yaml.org,2002:merge"
                ):
                    raise self._error(key_node, "mapping keys must be plain strings")
                key = self._scalar(key_node)
                if not isinstance(key, str):
                    key = (
                        str(key)
                        if isinstance(key, int | float) and not isinstance(key, bool)
                        else None
                    )
                    if key is None:
                        raise self._error(key_node, "mapping keys must be plain strings")
                if key in out:
                    raise self._error(key_node, f"duplicate key {key!r}")
                km = key_node.start_mark
                self.doc.key_positions[(*where, key)] = (km.line + 1, km.column + 1)
                out[key] = self.build(value_node, (*where, key), depth + 1)
            return out
        raise self._error(node, "unsupported YAML node")  # pragma: no cover

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise self._error(
                node,
                f"unsupported YAML tag {node.tag!r}: packs and timelines hold plain data only",
                "remove the tag",
            )
        try:
            value = _constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, KeyError, TypeError, OverflowError) as exc:
            # An explicit tag on a value it cannot hold (`!!bool date`, `!!int x`): PyYAML's
            # constructors raise whatever their parsing raises.
            raise self._error(node, f"invalid {node.tag.rsplit(':', 1)[-1]}: {exc}") from None
        if isinstance(value, float) and not math.isfinite(value):
            raise self._error(node, "numbers must be finite")
        return value
