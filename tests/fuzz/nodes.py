"""The YAML node graph of a seed: composing it, walking it, and new values for its slots."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from functools import cache
from random import Random
from typing import Any

import yaml

from .paths import ROOT, TESTS
from .seeds import PACK_SEEDS, TIMELINE_SEEDS, Seed
from .values import DATES, NASTY_STRINGS, RAW_STRINGS, TYPED_SCALARS


@cache
def corpus() -> tuple[tuple[str, ...], tuple[str, ...], tuple[yaml.Node, ...]]:
    """Scalars, keys and subtrees of every example file, valid and broken: values that are
    meaningful somewhere (an event type, a rule id, a channel) make mutations that get past the
    schema into the engine."""
    scalars: set[str] = set()
    keys: set[str] = set()
    subtrees: list[yaml.Node] = []
    files = [ROOT / p for p in (*TIMELINE_SEEDS, *PACK_SEEDS)]
    files += sorted((TESTS / "example-files" / "negative").rglob("*.yaml"))
    for path in files:
        try:
            root = yaml.compose(path.read_bytes(), Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            continue
        for node, _depth in walk(root) if root is not None else ():
            if isinstance(node, yaml.ScalarNode) and len(node.value) < 200:
                scalars.add(node.value)
            elif isinstance(node, yaml.MappingNode):
                keys.update(k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode))
                subtrees.append(node)
            elif isinstance(node, yaml.SequenceNode):
                subtrees.append(node)
    return tuple(sorted(scalars)), tuple(sorted(keys)), tuple(subtrees[:2000])


STR = "tag:yaml.org,2002:str"


SEQ = "tag:yaml.org,2002:seq"


MAP = "tag:yaml.org,2002:map"


def scalar(value: str, tag: str = STR) -> yaml.ScalarNode:
    return yaml.ScalarNode(
        tag if tag.startswith(("tag:", "!")) else f"tag:yaml.org,2002:{tag}", value
    )


def walk(root: yaml.Node) -> Iterator[tuple[yaml.Node, int]]:
    """Every node once (aliases make a graph, possibly with cycles), with its depth."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node, depth
        if isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.append((value, depth + 1))
                stack.append((key, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in reversed(node.value))


# A place in the graph: (the collection, the index in it, 0 = key / 1 = value / -1 = item).
Slot = tuple[yaml.Node, int, int]


def _slots(root: yaml.Node) -> list[Slot]:
    slots: list[Slot] = []
    for node, _depth in walk(root):
        if isinstance(node, yaml.MappingNode):
            for i in range(len(node.value)):
                slots.extend([(node, i, 0), (node, i, 1)])
        elif isinstance(node, yaml.SequenceNode):
            slots.extend((node, i, -1) for i in range(len(node.value)))
    return slots


def get_slot(slot: Slot) -> yaml.Node:
    parent, i, part = slot
    item = parent.value[i]
    return item if part < 0 else item[part]  # type: ignore[no-any-return]


def set_slot(slot: Slot, node: yaml.Node) -> None:
    parent, i, part = slot
    if part < 0:
        parent.value[i] = node
    else:
        key, value = parent.value[i]
        parent.value[i] = (node, value) if part == 0 else (key, node)


class Doc:
    """A seed's node graph being mutated, emitted back as YAML text at the end."""

    def __init__(self, root: yaml.Node) -> None:
        self.root = root
        # Text spliced in after emitting, for what the emitter cannot write: YAML escapes of
        # lone surrogates, nesting deeper than its recursion allows.
        self.raw: dict[str, str] = {}
        self.dump_options: dict[str, Any] = {"allow_unicode": True}
        self.extra_documents: list[str] = []

    def placeholder(self, text: str) -> yaml.ScalarNode:
        token = f"FUZZRAW{len(self.raw)}X"
        self.raw[token] = text
        return scalar(token)

    def collections(self, kind: type[yaml.Node] | None = None) -> list[yaml.Node]:
        want = kind or (yaml.MappingNode, yaml.SequenceNode)
        return [n for n, _ in walk(self.root) if isinstance(n, want)]

    def value_slots(self, scalars_only: bool = False) -> list[Slot]:
        slots = [s for s in _slots(self.root) if s[2] != 0]
        if scalars_only:
            slots = [s for s in slots if isinstance(get_slot(s), yaml.ScalarNode)]
        return slots

    def emit(self) -> str:
        try:
            text = yaml.serialize(self.root, Dumper=yaml.CSafeDumper, **self.dump_options)
        except (UnicodeEncodeError, yaml.YAMLError, RecursionError):  # emitter limits: try Python's
            text = yaml.serialize(self.root, Dumper=yaml.SafeDumper, **self.dump_options)
        text = str(text)
        for token, raw in self.raw.items():
            text = text.replace(token, raw)
        return text + "".join(self.extra_documents)


def compose(seed: Seed) -> yaml.Node | None:
    try:
        return yaml.compose(seed.data, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return None


def new_value(rnd: Random, doc: Doc, old: yaml.Node) -> tuple[yaml.Node, str]:
    scalars, _keys, subtrees = corpus()
    roll = rnd.random()
    if roll < 0.30:
        text = rnd.choice(NASTY_STRINGS)
        return scalar(text), f"string {text[:40]!r}"
    if roll < 0.40 and isinstance(old, yaml.ScalarNode):
        text = rnd.choice(NASTY_STRINGS)[:20]
        at = rnd.randint(0, len(old.value))
        value = old.value[:at] + text + old.value[at:]
        return scalar(value), f"string {value[:40]!r}"
    if roll < 0.55:
        day = rnd.choice(DATES)
        tag = "timestamp" if rnd.random() < 0.7 else STR
        return scalar(day, tag), f"date {day}"
    if roll < 0.70:
        tag, value = rnd.choice(TYPED_SCALARS)
        return scalar(value, tag), f"{tag} {value[:30]}"
    if roll < 0.85:
        value = rnd.choice(scalars)
        return scalar(value), f"corpus value {value[:40]!r}"
    if roll < 0.90:
        raw = rnd.choice(RAW_STRINGS)
        return doc.placeholder(raw), f"escaped {raw}"
    if roll < 0.95:
        tree = copy.deepcopy(rnd.choice(subtrees))
        return tree, f"subtree {type(tree).__name__}"
    empty: yaml.Node = rnd.choice(
        [yaml.SequenceNode(SEQ, []), yaml.MappingNode(MAP, []), yaml.SequenceNode(SEQ, [old])]
    )
    return empty, f"collection {type(empty).__name__}"


def mappings(doc: Doc) -> list[yaml.MappingNode]:
    return [m for m in doc.collections(yaml.MappingNode) if isinstance(m, yaml.MappingNode)]
