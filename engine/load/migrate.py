"""Rewrite a format-1 pack as format 2 without changing what it means (`followup migrate`).

The text is edited, not regenerated (engine/io/roundtrip.py): comments, order and quoting stay.
`pack_format` becomes 2 and each rule gets the keys of formats.FORMAT_1_MEANING it leaves out,
with the value that keeps its format-1 meaning. The result is checked before anyone sees it: it
must load, and build the same rules, prohibitions and tests as the original.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import EngineError, FollowupError
from ..io import roundtrip, safeyaml
from ..model import Pack
from . import validation
from .formats import CURRENT_FORMAT, FORMAT_1_MEANING, pack_format
from .packs import pack_from_document


class Migration(NamedTuple):
    path: str
    before: str
    after: str  # == before when there was nothing to do
    changes: tuple[str, ...]  # one line per change, for the summary

    @property
    def changed(self) -> bool:
        return self.after != self.before


def migrate_text(text: str, path: str, search_path: tuple[Path, ...] = ()) -> Migration:
    """The pack in `text` at the current format, or unchanged if it is at it already."""
    doc = safeyaml.loads(text, path)
    validation.check(doc, "pack")
    original = pack_from_document(doc, search_path=search_path)
    if pack_format(doc.data) == CURRENT_FORMAT:
        return Migration(path, text, text, ())
    data = roundtrip.load(text)
    changes = [f"pack_format: {pack_format(doc.data)} -> {CURRENT_FORMAT}"]
    data["pack_format"] = CURRENT_FORMAT
    # A rule's own keys, and the keys an override replaces (an override's `timing` is read in
    # the format of the pack it is written in: engine/load/inherit.py).
    for section in ("rules", "override"):
        for i, rule in enumerate(data.get(section) or []):
            for kept in FORMAT_1_MEANING:
                if (kept.applies is None or kept.applies(rule)) and _set_missing(
                    rule, kept.path, kept.value
                ):
                    key = ".".join(kept.path)
                    changes.append(
                        f"{section}[{i}] {rule['id']}: {key}: {_plain(kept.value)} ({kept.why})"
                    )
    after = roundtrip.dump(data)
    _check_same_meaning(original, after, path, search_path)
    return Migration(path, text, after, tuple(changes))


def _set_missing(rule: Any, path: tuple[str, ...], value: Any) -> bool:
    node = rule
    for key in path[:-1]:
        if not isinstance(node, dict) or key not in node:
            return False  # the schema requires the parents this table names: not a rule
        node = node[key]
    if not isinstance(node, dict) or path[-1] in node:
        return False
    node[path[-1]] = value
    return True


def _plain(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _meaning(pack: Pack) -> tuple[Any, ...]:
    """What a pack says, apart from its format and where it was read."""
    tests = pack.document.data.get("tests") if pack.document is not None else None
    rules = tuple(dataclasses.replace(r, location=None) for r in pack.rules)  # lines move
    return (pack.name, pack.version, pack.title, pack.source, rules, pack.prohibitions,
            pack.description, pack.not_encoded, pack.extends, tests)  # fmt: skip


def _check_same_meaning(
    original: Pack, after: str, path: str, search_path: tuple[Path, ...]
) -> None:
    try:
        migrated = pack_from_document(safeyaml.loads(after, path), search_path=search_path)
    except FollowupError as exc:  # our own output refused: a bug of migrate, never the user's
        raise EngineError(f"the migrated pack does not load: {exc}") from exc
    if _meaning(migrated) != _meaning(original):
        raise EngineError(f"{path}: the migrated pack would mean something else")
