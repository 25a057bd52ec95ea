"""Lint for `override` (docs/custom-packs.md, "What is inherited, and how to change it"): what an
override drops without saying so, and inherited words it leaves describing the old behaviour.

An override replaces each key it gives whole (engine/load/inherit.py), so overriding `timing`
with `{after: ...}` alone drops the inherited `from`, `repeat` and `max_attempts`. That is the
documented meaning and existing packs rely on it, so it stays; this lint names every key so
dropped, at the override. It also flags an inherited `cite` or `summary` that quotes a length
the old timing had and the new one does not ("third business day" after `business_days: 5`).
Both are warnings: the pack means what it says, it may just not say what its author meant.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import FollowupError
from ..io.safeyaml import Document
from ..model import Offset, Pack, Rule, Timing
from .duplicate_lint import duplicate_findings
from .inherit import overridden
from .packs import load_pack
from .validation import Finding

# Number words, cardinal and ordinal: "two weeks", "the third business day".
_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "fourteenth": 14,
    "fifteenth": 15, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
_NUMBER = r"(?P<n>\d+(?:st|nd|rd|th)?|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + ")"
_UNIT = r"(?P<unit>business[ -]days?|working[ -]days?|weekdays?|days?|weeks?|fortnights?|hours?)"
# "3 business days", "the third business day", "two weeks", "one week later", "a 5-day wait".
_LENGTH = re.compile(rf"\b{_NUMBER}[ -]{_UNIT}\b", re.IGNORECASE)

# A length as (amount, unit) with weeks in days: "one week" and `repeat: {every: {days: 7}}`
# are the same length.
Length = tuple[int, str]


def lengths_in(text: str) -> dict[Length, str]:
    """The lengths a text names, each with the words that name it first."""
    found: dict[Length, str] = {}
    for m in _LENGTH.finditer(text):
        word = m["n"].lower()
        amount = int(re.sub(r"\D", "", word)) if word[0].isdigit() else _WORDS[word]
        unit = m["unit"].lower()
        if unit.startswith(("business", "working", "weekday")):
            length = (amount, "business_days")
        elif unit.startswith("fortnight"):
            length = (14 * amount, "days")
        elif unit.startswith("week"):
            length = (7 * amount, "days")
        elif unit.startswith("hour"):
            length = (amount, "hours")
        else:
            length = (amount, "days")
        found.setdefault(length, m[0])
    return found


def _offset_lengths(offset: Offset | None) -> set[Length]:
    if offset is None:
        return set()
    scale, unit = (7, "days") if offset.unit == "weeks" else (1, offset.unit)
    ends = {offset.low} if offset.high is None else {offset.low, offset.high}
    return {(scale * n, unit) for n in ends}


def timing_lengths(timing: Timing) -> set[Length]:
    """Every length a timing states: its window's ends and its repeat's."""
    return _offset_lengths(timing.after) | _offset_lengths(timing.repeat)


def authoring_findings(
    pack: Pack, doc: Document, search_path: tuple[Path, ...] = ()
) -> Iterator[Finding]:
    """The lint for pack authors: overrides (with the base found as the loader found it) and
    rules that repeat another."""
    if pack.extends and doc.data.get("override"):
        yield from override_findings(pack, load_pack(pack.extends, search_path), doc)
    yield from duplicate_findings(pack, doc)


def override_findings(pack: Pack, base: Pack, doc: Document) -> Iterator[Finding]:
    """Findings for each `override` entry of `doc`, the pack built from it over `base`."""
    inherited = {r.id: r for r in base.rules}
    built = {r.id: r for r in pack.rules}
    for j, patch in enumerate(doc.data.get("override", [])):
        old, new = inherited.get(patch["id"]), built.get(patch["id"])
        if old is None or new is None:  # pragma: no cover - the loader refused it
            continue
        yield from _dropped(old, patch, doc, j)
        yield from _stale_words(old, new, patch, doc, j)


_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def flow(value: Any) -> str:
    """A value read from YAML as YAML flow style: `{every: {days: 7}}`, `[a, b]`, `true`, with
    strings quoted unless plain words (a time such as "09:00" stays a string)."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float) or (isinstance(value, str) and _PLAIN.fullmatch(value)):
        return str(value)
    return json.dumps(str(value))


def _matters(
    old: Rule, doc: Document, j: int, patch: Mapping[str, Any], where: tuple[str, str]
) -> bool:
    """Whether restating the inherited `key: {sub: ...}` in the override changes the rule: a
    format-1 pack dropping `count_early: true` keeps format 1's default, which is the same."""
    key, sub = where
    restated = {**patch, key: {**patch[key], sub: old.raw[key][sub]}}
    try:
        as_given = overridden(old, doc, j, dict(patch), "")
        return overridden(old, doc, j, restated, "") != as_given
    except (FollowupError, LookupError, TypeError, ValueError):  # pragma: no cover
        return True  # the restated key does not fit the new ones: it does matter


def _dropped(old: Rule, patch: Mapping[str, Any], doc: Document, j: int) -> Iterator[Finding]:
    """The keys of an inherited mapping (`when`, `timing`, `action`) an override leaves out.
    Nested mappings are not compared: `after: {days: 3}` over `after: {business_days: 5}`
    swaps a unit, it does not drop one."""
    for key, given in patch.items():
        was = old.raw.get(key)
        if key == "id" or not isinstance(given, Mapping) or not isinstance(was, Mapping):
            continue
        lost = [k for k in was if k not in given and _matters(old, doc, j, patch, (key, k))]
        if key == "timing" and given.get("max_attempts") == 1 and "repeat" in lost:
            lost.remove("repeat")  # one attempt in all: dropping the repeat is the point
        if not lost:
            continue
        listed = ", ".join(f"{k}: {flow(was[k])}" for k in lost)
        them = "it" if len(lost) == 1 else "them"
        yield Finding(
            doc.locate(("override", j, key)),
            f"the override of rule {old.id!r} drops its inherited {key} "
            f"{'key' if len(lost) == 1 else 'keys'} {listed}: an override replaces {key} "
            f"whole, keys are not merged (restate {them} in the override's {key} to keep "
            f"{them})",
            "warning",
        )


def _stale_words(
    old: Rule, new: Rule, patch: Mapping[str, Any], doc: Document, j: int
) -> Iterator[Finding]:
    if "timing" not in patch:
        return
    before, after = timing_lengths(old.timing), timing_lengths(new.timing)
    # An assumption about the timing is how a pack says why it departs from its quote.
    explained = any(
        str(a.get("about", "")).startswith("timing") for a in patch.get("assumptions", [])
    )
    for key in ("cite", "summary"):
        if key in patch or (key == "cite" and explained):
            continue
        text: str = getattr(old, key)
        stale = [words for length, words in lengths_in(text).items()
                 if length in before and length not in after]  # fmt: skip
        if not stale:
            continue
        quoted = ", ".join(f'"{w}"' for w in stale)
        now = new.timing.after.describe()
        if new.timing.repeat is not None:
            now += f", then every {new.timing.repeat.describe()}"
        yield Finding(
            doc.locate(("override", j, "timing")),
            f"rule {old.id!r} keeps its inherited {key}, which says {quoted}, but its timing "
            f"is overridden to {now} (override {key} too, with words that match the new "
            "timing"
            + (", or add an assumption about timing that says why" if key == "cite" else "")
            + ")",
            "warning",
        )
