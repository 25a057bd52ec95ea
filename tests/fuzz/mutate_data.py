"""Data mutations: values, keys, types and prose in a seed's node graph."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import re
from collections.abc import Callable
from random import Random

import yaml

from .nodes import STR, Doc, Slot, corpus, get_slot, mappings, new_value, scalar, set_slot, walk
from .values import DATES, NASTY_STRINGS

# Keys whose values are prose: a hostile string there passes every check and reaches the
# output, which is where control characters and markup do harm.
FREE_TEXT_KEYS = frozenset(
    {"name", "cite", "reason", "about", "summary", "company", "title", "advice", "author",
     "publication", "description", "note", "notes", "email", "phone", "url", "quote"}
)  # fmt: skip


# Keys whose values are identifiers that other values refer to: renamed everywhere at once.
IDENT_KEYS = frozenset({"id", "with", "rule", "except"})


DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


# Keys whose values name things outside the file: a zone, a holiday calendar, a base pack.
# They end up in file names and library calls, where a NUL or a slash does harm.
PLACE_KEYS = frozenset({"timezone", "country", "subdivision", "extends"})


PLACE_VALUES = (
    "a\x00b", "US\x00", "../../etc/passwd", "a/b", "/etc/localtime", ".", "..", "", " ",
    "us", "XX", "GB ", "Etc/GMT+14", "Etc/GMT-15", "posixrules", "localtime", "Factory",
    "EST5EDT", "UTC/", "CON", "clue-wagon@^1.0.0", "clue-wagon@", "clue-wagon@x",
    "clue-wagon\x00@^1", "x" * 300,
)  # fmt: skip


DATA_OPS = {"text": 7, "place": 1, "ident": 2, "date": 2, "value": 3, "enum": 1, "delete": 1,
            "add": 1, "rename": 1, "seq": 1, "unquote": 1}  # fmt: skip


def _keyed_slots(doc: Doc, keys: frozenset[str]) -> list[Slot]:
    slots = []
    for node in doc.collections(yaml.MappingNode):
        for i, (key, value) in enumerate(node.value):
            scalars = isinstance(value, yaml.ScalarNode) and isinstance(key, yaml.ScalarNode)
            if scalars and key.value in keys and not value.value.startswith("FUZZRAW"):
                slots.append((node, i, 1))
    return slots


def _hostile_text(rnd: Random, old: str) -> str:
    piece = rnd.choice(NASTY_STRINGS)
    if rnd.random() < 0.5:
        return piece
    at = rnd.randint(0, len(old))
    return old[:at] + piece[:40] + old[at:]


def _mutate_prose(rnd: Random, doc: Doc, op: str) -> str | None:
    """The mutations that keep a file valid, so that hostile values get to the output."""
    if op == "text":
        slots = _keyed_slots(doc, FREE_TEXT_KEYS)
        if slots:
            slot = rnd.choice(slots)
            old = get_slot(slot).value
            new = _hostile_text(rnd, old)
            set_slot(slot, scalar(new))
            return f"text {old[:30]!r} -> {new[:60]!r}"
    if op == "place":
        slots = _keyed_slots(doc, PLACE_KEYS)
        if slots:
            slot = rnd.choice(slots)
            old = get_slot(slot).value
            new = rnd.choice(PLACE_VALUES)
            set_slot(slot, scalar(new))
            return f"{old[:30]!r} -> {new[:40]!r}"
    if op == "ident":
        slots = _keyed_slots(doc, IDENT_KEYS)
        if slots:
            old = get_slot(rnd.choice(slots)).value
            if rnd.random() < 0.5:  # still a valid identifier: do references follow it?
                new = old + rnd.choice(("-2", ".x", "_b", "9", "-" + "x" * 60))
            else:
                new = _hostile_text(rnd, old)
            for node, _depth in walk(doc.root):
                if isinstance(node, yaml.ScalarNode) and node.value == old:
                    node.value, node.tag, node.style = new, STR, None
            return f"identifier {old[:30]!r} -> {new[:60]!r} everywhere"
    if op == "date":
        nodes = [n for n, _ in walk(doc.root) if isinstance(n, yaml.ScalarNode)]
        days = [n for n in nodes if DAY.match(n.value)]
        if days:
            node = rnd.choice(days)
            old = node.value
            if rnd.random() < 0.6:
                with contextlib.suppress(ValueError, OverflowError):
                    shift = dt.timedelta(days=rnd.randint(-400, 400))
                    node.value = (dt.date.fromisoformat(old) + shift).isoformat()
            else:
                node.value = rnd.choice(DATES)
            return f"date {old} -> {node.value}"
    return None


def _data_value(rnd: Random, doc: Doc, enum: bool) -> str | None:
    slots = doc.value_slots(scalars_only=True)
    if not slots:
        return None
    slot = rnd.choice(slots)
    old = str(get_slot(slot).value)
    if enum:
        from engine import vocabulary  # the real enums: mix them up, or step just outside

        pool = [*vocabulary.EVENT_TYPES, *vocabulary.CHANNELS, *vocabulary.ROLES]
        pool += ["coffee_chat", "carrier_pigeon", "ceo", "Email", "email ", "e-mail"]
        name = rnd.choice(pool)
        set_slot(slot, scalar(name))
        return f"value {old[:30]!r} -> {name!r}"
    new, what = new_value(rnd, doc, get_slot(slot))
    set_slot(slot, new)
    return f"value {old[:30]!r} -> {what}"


def _key_name(key: yaml.Node) -> str:
    return key.value if isinstance(key, yaml.ScalarNode) else f"<{type(key).__name__}>"


def _data_delete(rnd: Random, doc: Doc) -> str | None:
    maps = [m for m in mappings(doc) if m.value]
    if not maps:
        return None
    target = rnd.choice(maps)
    key, _ = target.value.pop(rnd.randrange(len(target.value)))
    return f"deleted key {_key_name(key)!r}"


def _data_add(rnd: Random, doc: Doc) -> str | None:
    maps = mappings(doc)
    if not maps:
        return None
    target = rnd.choice(maps)
    keys = corpus()[1]
    name = rnd.choice(keys) if rnd.random() < 0.7 else rnd.choice(NASTY_STRINGS)[:30]
    value, what = new_value(rnd, doc, scalar("x"))
    target.value.insert(rnd.randint(0, len(target.value)), (scalar(name), value))
    return f"added key {name!r}: {what}"


def _data_rename(rnd: Random, doc: Doc) -> str | None:
    maps = [m for m in mappings(doc) if m.value]
    if not maps:
        return None
    target = rnd.choice(maps)
    i = rnd.randrange(len(target.value))
    key, value = target.value[i]
    old = _key_name(key)
    if rnd.random() < 0.5 and len(old) > 1:  # a typo: one character dropped
        at = rnd.randrange(len(old))
        name = old[:at] + old[at + 1 :]
    else:
        name = rnd.choice(corpus()[1])
    target.value[i] = (scalar(name), value)
    return f"renamed key {old!r} -> {name!r}"


def _data_seq(rnd: Random, doc: Doc) -> str | None:
    seqs = [n for n in doc.collections(yaml.SequenceNode) if isinstance(n, yaml.SequenceNode)]
    if not seqs:
        return None
    items = rnd.choice(seqs).value
    how = rnd.choice(("duplicate", "remove", "empty", "reverse", "repeat"))
    if how == "duplicate" and items:
        items.append(copy.deepcopy(rnd.choice(items)))
    elif how == "remove" and items:
        items.pop(rnd.randrange(len(items)))
    elif how == "empty":
        items.clear()
    elif how == "reverse":
        items.reverse()
    elif how == "repeat" and items:
        items[:] = [copy.deepcopy(items[0]) for _ in range(rnd.choice((50, 500)))]
    return f"sequence {how}"


def _data_unquote(rnd: Random, doc: Doc) -> str | None:
    # The emitter quotes a string that would read as something else unquoted; a person
    # editing the file would not: `country: NO` is the Norway problem.
    slots = [s for s in doc.value_slots(scalars_only=True) if get_slot(s).tag == STR]
    if not slots:
        return None
    slot = rnd.choice(slots)
    value = str(get_slot(slot).value)
    resolver = yaml.resolver.Resolver()
    tag: str = resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    set_slot(slot, scalar(value, tag))
    return f"unquoted {value[:30]!r} ({tag.rsplit(':', 1)[-1]})"


def mutate_data(rnd: Random, doc: Doc) -> str:
    op = rnd.choices(list(DATA_OPS), weights=list(DATA_OPS.values()))[0]
    done = _mutate_prose(rnd, doc, op)
    if done is None:  # a prose mutation finds no place for itself: change any value instead
        handlers: dict[str, Callable[[], str | None]] = {
            "delete": lambda: _data_delete(rnd, doc),
            "add": lambda: _data_add(rnd, doc),
            "rename": lambda: _data_rename(rnd, doc),
            "seq": lambda: _data_seq(rnd, doc),
            "unquote": lambda: _data_unquote(rnd, doc),
            "enum": lambda: _data_value(rnd, doc, enum=True),
        }
        done = handlers.get(op, lambda: _data_value(rnd, doc, enum=False))()
    return done or "none"
