"""`followup show`: a pack in plain language, with its quotes and assumptions."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..load.packs import load_pack
from ..present.formats import PACK
from .terminal import layout


@dataclass(frozen=True)
class ShowArgs:
    pack: str
    format: str = PACK.default
    pack_path: tuple[Path, ...] = ()


def execute(args: ShowArgs, out: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    out.write(PACK.render(args.format, load_pack(args.pack, args.pack_path), layout(out)))
    return 0
