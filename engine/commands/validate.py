"""`followup validate`: every problem of packs and timelines, not just the first
(engine/load/check.py finds them). The exit code is the worst file's: 0 valid (warnings
allowed), 1 findings (warnings too, with --strict), 2 a file that cannot be read or parsed."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..load.check import check_files
from ..present.formats import FINDINGS
from .terminal import layout


@dataclass(frozen=True)
class ValidateArgs:
    files: tuple[str, ...]
    format: str = FINDINGS.default
    strict: bool = False
    pack_path: tuple[Path, ...] = ()
    quiet: bool = False  # --quiet: only the findings that fail, no summary


def execute(args: ValidateArgs, out: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    checks = check_files(args.files, args.strict, args.pack_path)
    out.write(FINDINGS.render(args.format, checks, layout(out, quiet=args.quiet)))
    return checks.exit_code()
