"""`followup packs`: the built-in packs, with version and source."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

from ..load.packs import builtin_paths, load_pack_file
from ..present.formats import CATALOGUE
from .terminal import layout


@dataclass(frozen=True)
class PacksArgs:
    format: str = CATALOGUE.default


def execute(args: PacksArgs, out: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    packs = [load_pack_file(path, builtin=True) for path in builtin_paths().values()]
    out.write(CATALOGUE.render(args.format, packs, layout(out)))
    return 0
