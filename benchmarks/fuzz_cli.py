"""The fuzz campaign of issue 8 at scale: N mutated packs and timelines through the CLI.

    .venv/bin/python benchmarks/fuzz_cli.py [--cases 10000] [--seed 0] [--jobs 2]

Uses the generators and the contract of the `tests/fuzz/` package (which `tests/fuzz_test.py` runs
a few hundred of in CI), drawing cases from a seeded `random` rather than hypothesis: case I of
seed S is the same whatever --jobs, so `--case I` repeats one. Prints the figures, then every
distinct violation with its first cases, each minimised and saved (files, `command.sh`, stdout,
stderr) under the folder it names. Exits 1 if anything broke the contract, 0 otherwise.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import fuzz as fz  # noqa: E402 - found through the path set up just above


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="how many cases (10000)")
    parser.add_argument("--seed", type=int, default=0, help="the campaign's seed (0)")
    parser.add_argument("--jobs", type=int, default=2, help="runs at a time (2)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per run (10)")
    parser.add_argument(
        "--out", type=Path, help="where failing cases are saved (default: a new temporary folder)"
    )
    parser.add_argument("--show", type=int, default=2, help="cases shown per violation (2)")
    parser.add_argument(
        "--determinism", type=float, default=0.15, help="share of cases run twice (0.15)"
    )
    parser.add_argument(
        "--near-until",
        action="store_true",
        help="keep --simulate --until within two years, as the CI test does",
    )
    parser.add_argument("--no-minimise", action="store_true", help="save cases as found")
    parser.add_argument(
        "--no-control-chars", action="store_true", help="skip the control-character checks"
    )
    parser.add_argument("--case", type=int, help="run only case CASE of --seed, and show it")
    return parser.parse_args(argv)


def _progress(figures: fz.Figures, total: int, start: float) -> None:
    elapsed = time.perf_counter() - start
    print(
        f"  {figures.cases}/{total} cases, {figures.failing_cases} with a violation, "
        f"{elapsed:.0f} s",
        file=sys.stderr,
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if args.no_control_chars:
        fz.contract.CHECK_CONTROL_CHARS = False
        fz.contract.CHECK_CONTROL_CHARS_IN_STDERR = False
    config = fz.Config(far_until=not args.near_until, determinism_rate=args.determinism)
    out = args.out or Path(tempfile.mkdtemp(prefix=f"followup-fuzz-{args.seed}-"))
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="followup-fuzz-scratch-"))
    seeds_before = fz.repo_digest()
    figures = fz.Figures(keep=max(args.show, 1))
    indexes = [args.case] if args.case is not None else range(args.cases)
    total = len(indexes)
    print(
        f"followup fuzz: {total} cases, seed {args.seed}, {args.jobs} jobs, "
        f"{args.timeout:g} s per run; failing cases go to {out}",
        file=sys.stderr,
        flush=True,
    )
    start = time.perf_counter()
    with fz.Pool(args.jobs, scratch, timeout=args.timeout) as pool:
        cases = (fz.case_number(args.seed, i, config) for i in indexes)
        for outcome in pool.outcomes(cases):
            figures.add(outcome)
            if args.case is not None:
                folder = fz.save_case(outcome, out / f"case-{args.case}")
                print(fz.explain(outcome, folder))
                print(fz.visible(outcome.runs[0].stdout.decode("utf-8", errors="replace")[:4000]))
            elif figures.cases % 1000 == 0:
                _progress(figures, total, start)
        figures.seconds = time.perf_counter() - start
        changed_seeds = sorted(
            path for path, digest in fz.repo_digest().items() if seeds_before[path] != digest
        )
        print(figures.render())
        seeds_state = f"CHANGED: {', '.join(changed_seeds)}" if changed_seeds else "unchanged"
        print(f"{'repository seeds':<26} {seeds_state}")
        if figures.distinct:
            print(f"\nDistinct violations (cases saved under {out}):")
            print(fz.distinct_report(figures, out, args.show, None if args.no_minimise else pool))
    shutil.rmtree(scratch, ignore_errors=True)
    return 1 if figures.violations or changed_seeds else 0


if __name__ == "__main__":
    sys.exit(main())
