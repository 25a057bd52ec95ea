"""`followup packs`: the built-in packs, with version and source."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import TextIO

from ..load.packs import builtin_paths, load_pack_file
from ..present.report import source_dict


@dataclass(frozen=True)
class PacksArgs:
    format: str = "table"


def execute(args: PacksArgs, out: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    packs = [load_pack_file(path, builtin=True) for path in builtin_paths().values()]
    if args.format == "json":
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
        out.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return 0
    width = max((len(p.name) for p in packs), default=4)
    for p in packs:
        date = f", {p.source.date}" if p.source.date else ""
        out.write(f"{p.name:<{width}}  {p.version:<7}  {len(p.rules)} rules  {p.title}\n")
        out.write(f"{'':<{width}}  source: {p.source.author}, {p.source.publication}{date}\n")
    return 0
