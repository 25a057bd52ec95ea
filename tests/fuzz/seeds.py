"""The seed files (example timelines and packs) that cases mutate."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .paths import ROOT

TIMELINE_SEEDS = (
    "examples/timeline.yaml",
    "examples/worked-example.yaml",
    "tests/example-files/positive/timelines/all-event-types.yaml",
    "tests/example-files/positive/timelines/anchors-and-aliases.yaml",
    "tests/example-files/positive/timelines/germany.yaml",
    "tests/example-files/positive/timelines/json-timeline.json",
    "tests/example-files/positive/timelines/no-applications.yaml",
    "tests/example-files/positive/timelines/norway-quoted.yaml",
    "tests/example-files/positive/timelines/with-bom.yaml",
)


PACK_SEEDS = (
    "policies/3x3-networking.yaml",
    "policies/career-pivot.yaml",
    "policies/clue-wagon.yaml",
    "policies/mason-group.yaml",
    "policies/wise-job-search.yaml",
    "tests/example-files/positive/packs/every-feature.yaml",
    "tests/example-files/positive/packs/example-pack.yaml",
)


# A derived pack (extends, disable, override) from the guide, where no example file has one.
DOC_PACK_SEEDS = (("docs/custom-packs.md", "## Extending a pack"),)


BUILTIN_PACKS = ("3x3-networking", "career-pivot", "clue-wagon", "mason-group", "wise-job-search")


@dataclass(frozen=True)
class Seed:
    path: str  # relative to ROOT
    kind: str  # "timeline" or "pack"
    data: bytes
    app_ids: tuple[str, ...] = ()
    rule_ids: tuple[str, ...] = ()
    last_day: dt.date = dt.date(2026, 11, 21)  # the latest date in a timeline: as-of near it

    @property
    def suffix(self) -> str:
        suffix = Path(self.path).suffix
        return suffix if suffix in (".yaml", ".yml", ".json") else ".yaml"


def _plain(data: bytes) -> Any:
    return yaml.load(data.decode("utf-8-sig"), Loader=yaml.CSafeLoader)


def _dates_in(value: Any) -> Iterator[dt.date]:
    if isinstance(value, dt.date):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _dates_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _dates_in(item)
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            yield dt.date.fromisoformat(value)


def _doc_block(path: str, heading: str) -> bytes | None:
    """The first YAML block after HEADING in a Markdown file, if the guide still has one."""
    text = (ROOT / path).read_text(encoding="utf-8")
    match = re.search(re.escape(heading) + r".*?```yaml\n(.*?)```", text, re.S)
    return match[1].encode("utf-8") if match else None


def _load_seed(path: str, kind: str, data: bytes | None = None) -> Seed:
    data = (ROOT / path).read_bytes() if data is None else data
    doc = _plain(data) or {}
    if kind == "timeline":
        apps = tuple(str(a.get("id")) for a in doc.get("applications") or [])
        days = [d for d in _dates_in(doc) if 1900 < d.year < 2100]
        return Seed(
            path, kind, data, app_ids=apps, last_day=max(days, default=dt.date(2026, 11, 21))
        )
    rules = tuple(str(r.get("id")) for r in doc.get("rules") or [] if isinstance(r, dict))
    return Seed(path, kind, data, rule_ids=rules)


@cache
def seeds() -> tuple[Seed, ...]:
    found = [_load_seed(p, "timeline") for p in TIMELINE_SEEDS]
    found += [_load_seed(p, "pack") for p in PACK_SEEDS]
    for path, heading in DOC_PACK_SEEDS:
        block = _doc_block(path, heading)
        if block is not None:
            found.append(_load_seed(f"{path} ({heading.strip('# ')})", "pack", block))
    return tuple(found)


def seeds_of(kind: str) -> tuple[Seed, ...]:
    return tuple(s for s in seeds() if s.kind == kind)


def seed_named(path: str) -> Seed:
    return next(s for s in seeds() if s.path == path)
