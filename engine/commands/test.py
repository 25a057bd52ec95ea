"""`followup test`: run packs' own test cases; report pass/fail, diffs and rule coverage.

A pack that cannot be loaded (or whose cases cannot be read) does not stop the others: its
error is written to stderr, the other packs are tested and reported, and the exit code is the
worst: 0 all pass, 1 a case fails or (with --require-tests) a rule is not covered, 2 a pack
could not be loaded. A pack name that names no pack is a usage error before any is run."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..analysis.packtests import PackOutcome, PackTestRun, run_pack_tests
from ..errors import EngineError, FollowupError, UnknownPackError
from ..load.packs import builtin_paths, load_pack
from ..present.formats import PACK_TESTS
from .guard import error_line
from .misplaced import reworded
from .terminal import layout


@dataclass(frozen=True)
class TestArgs:
    packs: tuple[str, ...] = ()
    require_tests: bool = False
    format: str = PACK_TESTS.default
    pack_path: tuple[Path, ...] = ()
    quiet: bool = False  # --quiet: only the failures, and nothing when every case passes
    # --require-tests-inherited: a derived pack's inherited rules need cases too
    inherited: bool = False


def collect(args: TestArgs) -> tuple[PackTestRun, list[FollowupError]]:
    """The outcomes of the packs that could be tested, and the errors of those that could
    not, each in the order given."""
    refs = args.packs or tuple(builtin_paths())
    outcomes: list[PackOutcome] = []
    errors: list[FollowupError] = []
    for ref in refs:
        try:
            pack = load_pack(ref, args.pack_path)
            outcomes.append(run_pack_tests(pack, args.inherited))
        except EngineError:  # a bug: the guard reports it
            raise
        except UnknownPackError:  # a usage error: nothing is run
            raise
        except FollowupError as exc:
            errors.append(exc)
    require = args.require_tests or args.inherited
    return PackTestRun(tuple(outcomes), require), errors


def execute(args: TestArgs, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    err = err or sys.stderr
    run, errors = collect(args)
    if run.outcomes or not errors:  # with no pack tested, the errors say it all
        out.write(PACK_TESTS.render(args.format, run, layout(out, quiet=args.quiet)))
        out.flush()  # the report, then the errors of the packs it lacks
    for exc in errors:
        err.write(error_line(reworded(exc)) + "\n")
    worst = max((exc.exit_code for exc in errors), default=0)
    return max(worst, 0 if run.passed else 1)
