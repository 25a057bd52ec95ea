"""Reporters of the built-in packs' list (`followup packs`): text and JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..model import Pack
from .fit import PLAIN, Layout, wrap
from .report import source_dict
from .textsafe import text_output
from .words import count


@text_output
def as_text(packs: Sequence[Pack], layout: Layout = PLAIN) -> list[str]:
    """Two lines a pack, or more when fitted to a width: the next lines of each go under its
    version, the second line's under its start."""
    width = max((len(p.name) for p in packs), default=4)
    lines = []
    for p in packs:
        date = f", {p.source.date}" if p.source.date else ""
        head = f"{p.name:<{width}}  {p.version:<7}  {count(len(p.rules), 'rule')}  {p.title}"
        source = f"source: {p.source.author}, {p.source.publication}{date}"
        lines += wrap(head, layout.prose, 0, width + 2)
        lines += wrap(source, layout.prose, width + 2, width + 4)
    return lines


def as_json(packs: Sequence[Pack]) -> str:
    rows = [
        {
            "name": p.name,
            "version": p.version,
            "title": p.title,
            "rules": len(p.rules),
            "source": source_dict(p),
        }
        for p in packs
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
