"""`followup test`: run packs' own test cases; report pass/fail, diffs and rule coverage."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..analysis.packtests import PackTestRun, run_pack_tests
from ..load.packs import builtin_paths, load_pack
from ..present.formats import PACK_TESTS
from .terminal import layout


@dataclass(frozen=True)
class TestArgs:
    packs: tuple[str, ...] = ()
    require_tests: bool = False
    format: str = PACK_TESTS.default
    pack_path: tuple[Path, ...] = ()
    quiet: bool = False  # --quiet: only the failures, and nothing when every case passes


def collect(args: TestArgs) -> PackTestRun:
    refs = args.packs or tuple(builtin_paths())
    outcomes = tuple(run_pack_tests(load_pack(ref, args.pack_path)) for ref in refs)
    return PackTestRun(outcomes, args.require_tests)


def execute(args: TestArgs, out: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    run = collect(args)
    out.write(PACK_TESTS.render(args.format, run, layout(out, quiet=args.quiet)))
    return 0 if run.passed else 1
