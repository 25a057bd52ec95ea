"""Pack formats: what each `pack_format` may say, and what its rules mean by default.

Format 1 is the language the five built-in packs were first written in. Format 2 adds the keys
listed in FORMAT_2 (docs/packs.md says what each does) and changes two defaults, which
`followup migrate` writes out explicitly when it rewrites a format-1 pack, so that its meaning
does not change. A format-1 pack loads and means what it always did; one that uses a format-2
key is told to declare `pack_format: 2`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final, Literal, get_args

from ..io.safeyaml import Document
from .validation import Finding

PackFormat = Literal[1, 2]
PACK_FORMATS: Final[tuple[PackFormat, ...]] = get_args(PackFormat)
CURRENT_FORMAT: Final[PackFormat] = 2

# Where a key new in format 2 may appear: a path of keys from the document's root, `*` for any
# item of a list. The first that a format-1 document uses is its error.
_RULE_SECTIONS: Final = ("rules", "override")
# Where a rule has event patterns, and the pattern keys of the employer's word (docs/packs.md,
# "Replies that carry a date", "Channels and actions").
_PATTERN_PLACES: Final[tuple[tuple[str, ...], ...]] = (
    ("when", "anchor"),
    ("when", "requires", "*"),
    ("when", "unless", "*"),
    ("stop_when", "*"),
    ("action", "fulfilled_by"),
    ("timing", "from", "last"),
)
_WORD_KEYS: Final = ("says", "dated", "asked", "not_asked")
FORMAT_2: Final[tuple[tuple[str, ...], ...]] = (
    *(
        (section, "*", *place, key)
        for section in _RULE_SECTIONS
        for place in _PATTERN_PLACES
        for key in _WORD_KEYS
    ),
)
# Values new in format 2 at a path (a key format 1 has, a value it did not): the first used is
# its error, as for a key.
FORMAT_2_VALUES: Final[tuple[tuple[tuple[str, ...], str], ...]] = tuple(
    ((section, "*", "action", "kind"), "ask_timeline") for section in _RULE_SECTIONS
)


def pack_format(data: Any) -> PackFormat:
    """The document's declared format (the schema has checked it is one of PACK_FORMATS)."""
    value = data.get("pack_format", 1) if isinstance(data, dict) else 1
    return 2 if value == 2 else 1


def _uses(
    node: Any, path: tuple[str, ...], where: tuple[str | int, ...]
) -> Iterator[tuple[str | int, ...]]:
    if not path:
        yield where
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(node, list):
            for i, item in enumerate(node):
                yield from _uses(item, rest, (*where, i))
    elif isinstance(node, dict) and head in node:
        yield from _uses(node[head], rest, (*where, head))


def _value_at(node: Any, where: tuple[str | int, ...]) -> Any:
    for step in where:
        node = node[step]
    return node


def format_findings(doc: Document) -> Iterator[Finding]:
    """A format-2 key in a format-1 pack, each with where it is and the fix."""
    if pack_format(doc.data) >= CURRENT_FORMAT:
        return
    fix = (
        "this pack declares pack_format 1: set `pack_format: 2` (or run `followup migrate` "
        "on the pack first)"
    )
    for path in FORMAT_2:
        for where in _uses(doc.data, path, ()):
            key = str(where[-1])
            yield Finding(doc.locate(where, key=True), f"{key!r} is new in pack_format 2; {fix}")
    for path, value in FORMAT_2_VALUES:
        for where in _uses(doc.data, path, ()):
            if _value_at(doc.data, where) == value:
                yield Finding(doc.locate(where), f"{value!r} is new in pack_format 2; {fix}")
