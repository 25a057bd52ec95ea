"""Node-graph mutations: anchors, aliases, nesting, duplicate keys, tags, styles."""

from __future__ import annotations

import copy
from collections.abc import Callable
from random import Random
from typing import Any

import yaml

from .nodes import MAP, SEQ, Doc, get_slot, mappings, new_value, scalar, set_slot, walk
from .values import ODD_TAGS


def _graph_alias(rnd: Random, doc: Doc) -> str | None:
    slots = doc.value_slots()
    if len(slots) < 2:
        return None
    source, target = rnd.sample(slots, 2)
    node = get_slot(source)
    set_slot(target, node)
    return f"alias of a {type(node).__name__} elsewhere"


def _graph_recursive(rnd: Random, doc: Doc) -> str | None:
    colls = doc.collections()
    if not colls:
        return None
    node = rnd.choice(colls)
    if isinstance(node, yaml.SequenceNode):
        node.value.append(node)
    else:
        node.value.append((scalar("self"), node))
    return f"recursive {type(node).__name__}"


def _graph_bomb(rnd: Random, doc: Doc) -> str | None:
    slots = doc.value_slots()
    if not slots:
        return None
    width, depth = rnd.choice(((9, 9), (10, 4), (2, 30), (64, 2), (3, 12)))
    node: yaml.Node = scalar("lol")
    for _ in range(depth):
        node = yaml.SequenceNode(SEQ, [node] * width)
    set_slot(rnd.choice(slots), node)
    return f"alias bomb {width}^{depth}"


def _graph_deep(rnd: Random, doc: Doc) -> str | None:
    slots = doc.value_slots()
    if not slots:
        return None
    # Around the loader's limit (48), and far past what a recursive emitter or parser survives.
    n = rnd.choice((10, 47, 48, 49, 64, 200, 1000, 5000, 100_000))
    style = rnd.choice(("seq", "map", "mixed"))
    if style == "seq":
        text = "[" * n + "x" + "]" * n
    elif style == "map":
        text = "{a: " * n + "x" + "}" * n
    else:
        text = "[{a: " * (n // 2) + "x" + "}]" * (n // 2)
    set_slot(rnd.choice(slots), doc.placeholder(text))
    return f"nesting {n} deep ({style})"


def _graph_duplicate(rnd: Random, doc: Doc) -> str | None:
    maps = [m for m in mappings(doc) if m.value]
    if not maps:
        return None
    target = rnd.choice(maps)
    key, value = rnd.choice(target.value)
    twin = value if rnd.random() < 0.5 else new_value(rnd, doc, value)[0]
    target.value.insert(rnd.randint(0, len(target.value)), (copy.deepcopy(key), twin))
    return f"duplicate key {getattr(key, 'value', '?')!r}"


def _graph_tag(rnd: Random, doc: Doc) -> str | None:
    node = rnd.choice([n for n, _ in walk(doc.root)])
    node.tag = rnd.choice(ODD_TAGS)
    return f"tag {node.tag} on a {type(node).__name__}"


def _graph_merge(rnd: Random, doc: Doc) -> str | None:
    maps = mappings(doc)
    if not maps:
        return None
    target = rnd.choice(maps)
    # Mostly a mapping, as YAML means it; sometimes a sequence, which it does not allow.
    source = rnd.choice(doc.collections()) if rnd.random() < 0.3 else rnd.choice(maps)
    target.value.insert(0, (scalar("<<", "merge"), source))
    return f"merge key from a {type(source).__name__}"


def _graph_key(rnd: Random, doc: Doc) -> str | None:
    maps = mappings(doc)
    if not maps:
        return None
    key: yaml.Node = rnd.choice(
        [
            yaml.SequenceNode(SEQ, [scalar("a"), scalar("b")]),
            yaml.MappingNode(MAP, [(scalar("a"), scalar("b"))]),
            scalar("~", "null"),
            scalar("1", "int"),
            scalar("1.5", "float"),
            scalar("on", "bool"),
            scalar("2026-11-21", "timestamp"),
        ]
    )
    rnd.choice(maps).value.append((key, scalar("x")))
    return f"{key.tag.rsplit(':', 1)[-1]} key"


def _graph_documents(rnd: Random, doc: Doc) -> str | None:
    extra = rnd.choice(("---\n", "---\nversion: 1\n", "--- [1, 2]\n", "...\n", "--- !!str x\n"))
    doc.extra_documents.append(extra)
    doc.dump_options["explicit_start"] = True
    return f"another document {extra!r}"


def _graph_style(rnd: Random, doc: Doc) -> str | None:
    options: dict[str, Any] = rnd.choice(
        [
            {"canonical": True},
            {"flow": True},
            {"width": 8},
            {"indent": 9},
            {"allow_unicode": False},
            {"explicit_start": True, "explicit_end": True},
            {"version": (1, 1)},
            {"tags": {"!e!": "tag:example.com,2000:"}},
        ]
    )
    if options.pop("flow", False):  # every collection in flow style, `{a: [b, c]}`
        for node in doc.collections():
            if isinstance(node, yaml.CollectionNode):
                node.flow_style = True
    doc.dump_options.update(options)
    return f"emitted with {options or 'flow style'}"


def _graph_root(rnd: Random, doc: Doc) -> str | None:
    doc.root = rnd.choice(
        [
            scalar("just a string"),
            scalar("~", "null"),
            yaml.SequenceNode(SEQ, [doc.root]),
            yaml.MappingNode(MAP, []),
            yaml.SequenceNode(SEQ, []),
        ]
    )
    return f"root replaced by a {type(doc.root).__name__}"


GRAPH_OPS: dict[str, Callable[[Random, Doc], str | None]] = {
    "alias": _graph_alias,
    "recursive": _graph_recursive,
    "bomb": _graph_bomb,
    "deep": _graph_deep,
    "duplicate": _graph_duplicate,
    "tag": _graph_tag,
    "merge": _graph_merge,
    "key": _graph_key,
    "documents": _graph_documents,
    "style": _graph_style,
    "root": _graph_root,
}


def mutate_graph(rnd: Random, doc: Doc) -> str:
    return GRAPH_OPS[rnd.choice(list(GRAPH_OPS))](rnd, doc) or "none"
