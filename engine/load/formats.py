"""Pack formats: what each `pack_format` may say, and what its rules mean by default.

Format 1 is the language the five built-in packs were first written in. Format 2 adds the keys
listed in FORMAT_2 (docs/packs.md says what each does) and changes two defaults, which
`followup migrate` writes out explicitly when it rewrites a format-1 pack, so that its meaning
does not change. A format-1 pack loads and means what it always did; one that uses a format-2
key is told to declare `pack_format: 2`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Final, Literal, NamedTuple, get_args

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
_WORD_KEYS: Final = ("says", "dated", "asked", "not_asked", "stops")
FORMAT_2: Final[tuple[tuple[str, ...], ...]] = (
    ("limits",),
    ("prohibitions", "*", "scope"),
    ("due",),
    *(
        (section, "*", "timing", key)
        for section in _RULE_SECTIONS
        for key in ("count_early", "due", "at", "hours_from", "before")
    ),
    *(
        (section, "*", "action", *key)
        for section in _RULE_SECTIONS
        for key in (
            ("each",),
            ("match_recipient",),
            ("recipient", "first_of"),
            ("steps",),
            ("ranked",),
            ("rotate",),
        )
    ),
    *((section, "*", "timing", "repeat", "for") for section in _RULE_SECTIONS),
    ("tests", "*", "expect", "*", "contact"),
    ("tests", "*", "absent", "*", "contact"),
    *(
        (section, "*", *place, key)
        for section in _RULE_SECTIONS
        for place in _PATTERN_PLACES
        for key in _WORD_KEYS
    ),
)
# Values new in format 2 at a path (a key format 1 has, a value it did not): the first used is
# its error, as for a key.
FORMAT_2_VALUES: Final[tuple[tuple[tuple[str, ...], str], ...]] = (
    *(
        ((section, "*", "action", "recipient", *tail), "most_contacted")
        for section in _RULE_SECTIONS
        for tail in ((), ("*",), ("first_of", "*"))
    ),
    *(((section, "*", "action", "kind"), "ask_timeline") for section in _RULE_SECTIONS),
    *(((section, "*", "timing", "align"), "same_weekday") for section in _RULE_SECTIONS),
    # Offers (docs/packs.md "Offers"): the deadline to count back from, and what to do.
    *(
        ((section, "*", *path), value)
        for section in _RULE_SECTIONS
        for path, value in (
            (("timing", "from"), "deadline"),
            (("action", "kind"), "acknowledge_offer"),
            (("action", "kind"), "ask_for_time"),
        )
    ),
)
OPEN: Final = "open"  # a span's maximum that is no maximum (`[1, open]`): format 2 only


class Kept(NamedTuple):
    """A key whose absence format 2 reads differently from format 1: `followup migrate` writes
    it, with `value`, into each rule of a format-1 pack that does not set it, so that the rule
    means what it meant."""

    path: tuple[str, ...]  # under the rule, e.g. ("action", "match_recipient")
    value: Any
    why: str  # what format 2 would do instead, for the migration's summary
    # Which rules it applies to, from their raw mappings (None: every rule).
    applies: Callable[[Any], bool] | None = None


def uses_hours(rule: Any) -> bool:
    """Whether a rule's `after` or `repeat.every` is in hours."""
    timing = (rule.get("timing") or {}) if isinstance(rule, dict) else {}
    spans = [timing.get("after"), (timing.get("repeat") or {}).get("every")]
    return any(isinstance(s, dict) and "hours" in s for s in spans)


FORMAT_1_MEANING: Final[tuple[Kept, ...]] = (
    Kept(
        ("timing", "count_early"),
        True,
        "format 2 does not count an attempt made before its window opened",
    ),
    Kept(
        ("action", "match_recipient"),
        False,
        "format 2 counts only attempts made to the rule's recipients",
    ),
    Kept(
        ("timing", "hours_from"),
        "event_day",
        "format 2 counts hours from a timed event's time",
        uses_hours,
    ),
)


def pack_format(data: Any) -> PackFormat:
    """The document's declared format (the schema has checked it is one of PACK_FORMATS)."""
    value = data.get("pack_format", 1) if isinstance(data, dict) else 1
    return 2 if value == 2 else 1


def _uses(
    node: Any, path: tuple[str, ...], where: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    if not path:
        yield where, node
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(node, list):
            for i, item in enumerate(node):
                yield from _uses(item, rest, (*where, i))
    elif isinstance(node, dict) and head in node:
        yield from _uses(node[head], rest, (*where, head))


def _open_spans(node: Any, where: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    """Every `[n, open]` span: a value inside a span, so not a key path FORMAT_2 can name."""
    if isinstance(node, list):
        if len(node) == 2 and node[1] == OPEN and "timing" in where:
            yield where
            return
        for i, item in enumerate(node):
            yield from _open_spans(item, (*where, i))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _open_spans(value, (*where, key))


def format_findings(doc: Document) -> Iterator[Finding]:
    """A format-2 key in a format-1 pack, each with where it is and the fix."""
    if pack_format(doc.data) >= CURRENT_FORMAT:
        return
    fix = (
        "this pack declares pack_format 1: set `pack_format: 2` (or run `followup migrate` "
        "on the pack first)"
    )
    for path in FORMAT_2:
        for where, _ in _uses(doc.data, path, ()):
            key = str(where[-1])
            yield Finding(doc.locate(where, key=True), f"{key!r} is new in pack_format 2; {fix}")
    for path, value in FORMAT_2_VALUES:
        for where, found in _uses(doc.data, path, ()):
            if found == value:
                yield Finding(doc.locate(where), f"{value!r} is new in pack_format 2; {fix}")
    for where in _open_spans(doc.data, ()):
        yield Finding(
            doc.locate(where),
            "an open window ([n, open]) is new in pack_format 2; this pack declares "
            "pack_format 1: set `pack_format: 2`, or give the window a maximum",
        )
