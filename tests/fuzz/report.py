"""Reporting: figures, saved cases, explanations, minimising, digests."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

from .paths import ROOT
from .pool import Outcome, Pool
from .quoting import shell_word, visible
from .seeds import PACK_SEEDS, TIMELINE_SEEDS


@dataclass
class Figures:
    cases: int = 0
    runs: int = 0
    seconds: float = 0.0
    exit_codes: Counter[int] = field(default_factory=Counter)
    by_category: Counter[str] = field(default_factory=Counter)  # cases, not violations
    # The first few outcomes of each distinct violation, and how many cases showed it.
    distinct: dict[tuple[str, str], list[Outcome]] = field(default_factory=dict)
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    failing_cases: int = 0
    slowest: tuple[float, str] = (0.0, "")
    keep: int = 5

    def add(self, outcome: Outcome) -> None:
        self.cases += 1
        self.runs += len(outcome.runs)
        self.exit_codes[outcome.runs[0].rc] += 1
        for category in {v.category for v in outcome.violations}:
            self.by_category[category] += 1
        self.failing_cases += bool(outcome.violations)
        for key in {(v.category, v.signature) for v in outcome.violations}:
            self.counts[key] += 1
            kept = self.distinct.setdefault(key, [])
            if len(kept) < self.keep:
                kept.append(outcome)
        worst = max(r.seconds for r in outcome.runs)
        if worst > self.slowest[0]:
            self.slowest = (worst, " ".join(shell_word(a) for a in outcome.case.argv))

    @property
    def violations(self) -> int:
        return sum(self.by_category.values())

    def render(self) -> str:
        rows = [
            ("cases", self.cases),
            ("runs (with replays)", self.runs),
            ("tracebacks", self.by_category["traceback"]),
            ("exit 3", self.by_category["exit 3"]),
            ("signals", self.by_category["signal"]),
            ("timeouts", self.by_category["timeout"]),
            ("unexpected exit codes", self.by_category["unexpected exit code"]),
            ("unlocated errors", self.by_category["unlocated error"]),
            ("mislocated errors", self.by_category["mislocated error"]),
            ("changed inputs", self.by_category["changed input"]),
            ("stray files", self.by_category["stray file"]),
            ("nondeterministic outputs", self.by_category["nondeterministic output"]),
            ("control chars in stdout", self.by_category["control characters in stdout"]),
            ("control chars in stderr", self.by_category["control characters in stderr"]),
            ("unescaped markdown", self.by_category["unescaped markdown"]),
            ("echoed file content", self.by_category["echoed file content"]),
            ("invalid json", self.by_category["invalid json"]),
            ("harness errors", self.by_category["harness error"]),
            ("cases with a violation", self.failing_cases),
            ("distinct violations", len(self.distinct)),
            ("exit codes", ", ".join(f"{k}: {v}" for k, v in sorted(self.exit_codes.items()))),
            ("elapsed", f"{self.seconds:.1f} s ({self.cases / max(self.seconds, 1e-9):.0f}/s)"),
            ("slowest run", f"{self.slowest[0]:.2f} s: {self.slowest[1][:100]}"),
        ]
        return "\n".join(f"{name:<26} {value}" for name, value in rows)


def save_case(outcome: Outcome, folder: Path) -> Path:
    """The case's files, its command line (`command.sh`) and what it printed, under FOLDER."""
    folder.mkdir(parents=True, exist_ok=True)
    case = outcome.case
    for name, data in case.files:
        (folder / name).write_bytes(data)
    run = outcome.runs[0]
    (folder / "stdout").write_bytes(run.stdout)
    (folder / "stderr").write_bytes(run.stderr)
    script = f'#!/bin/bash\n# {visible(case.describe())}\ncd "$(dirname "$0")" && {case.shell()}\n'
    (folder / "command.sh").write_text(script, encoding="utf-8")
    (folder / "command.sh").chmod(0o755)
    lines = [visible(f"{v.category}: {v.signature}\n  {v.detail}") for v in outcome.violations]
    (folder / "violations.txt").write_text(
        f"{case.describe()}\nexit {run.rc}\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    return folder


def explain(outcome: Outcome, folder: Path | None = None) -> str:
    """A failing case in a few lines: what broke, and how to see it again."""
    case = outcome.case
    lines = [case.describe(), f"  exit {outcome.runs[0].rc}"]
    lines += [f"  {v.category}: {v.signature}" for v in outcome.violations]
    if folder is not None:
        lines.append(f"  repro: bash {shell_word(str(folder / 'command.sh'))}")
    lines.append(f"  command: {case.shell()}")
    err = outcome.runs[0].stderr.decode("utf-8", errors="replace").strip()
    if err:
        lines.append("  stderr: " + err[-400:].replace("\n", "\n          "))
    return visible("\n".join(lines))


def minimise(pool: Pool, outcome: Outcome, budget: int = 120) -> Outcome:
    """A smaller mutated file with the same violation: drop line chunks while it persists."""
    target = {(v.category, v.signature) for v in outcome.violations}
    case = outcome.case
    files = dict(case.files)
    lines = files[case.mutated].split(b"\n")
    best = outcome
    chunk = max(1, len(lines) // 2)
    tries = 0
    while chunk >= 1 and tries < budget:
        i = 0
        removed_any = False
        while i < len(lines) and tries < budget:
            trial_lines = lines[:i] + lines[i + chunk :]
            trial_files = tuple(
                (n, b"\n".join(trial_lines) if n == case.mutated else d) for n, d in case.files
            )
            trial = replace(case, files=trial_files, deterministic_check=False)
            tries += 1
            result = pool.run_case(trial)
            if target & {(v.category, v.signature) for v in result.violations}:
                lines, best, removed_any = trial_lines, result, True
                note = f"minimised to {len(lines)} lines"
                best.case = replace(trial, mutations=(*case.mutations, note))
            else:
                i += chunk
        if not removed_any:
            chunk //= 2
    return best


def distinct_report(
    figures: Figures, out_dir: Path | None, show: int = 3, pool: Pool | None = None
) -> str:
    """Each distinct violation once: how often, and its first cases with their reproduction."""
    parts = []
    for n, ((category, signature), outcomes) in enumerate(sorted(figures.distinct.items()), 1):
        count = figures.counts[(category, signature)]
        parts.append(visible(f"[{n}] {category}: {signature}  ({count} cases)"))
        for k, outcome in enumerate(outcomes[:show]):
            shown = outcome
            if pool is not None and k == 0:
                shown = minimise(pool, outcome)
            folder = None
            if out_dir is not None:
                slug = re.sub(r"[^a-z0-9]+", "-", f"{n}-{category}-{k}".lower()).strip("-")
                folder = save_case(shown, out_dir / slug)
            parts.append("    " + explain(shown, folder).replace("\n", "\n    "))
    return "\n".join(parts)


def repo_digest(paths: Iterable[str] = (*TIMELINE_SEEDS, *PACK_SEEDS)) -> dict[str, str]:
    """The seeds in the repository: the campaign copies them, but nothing may touch them."""
    return {p: hashlib.sha256((ROOT / p).read_bytes()).hexdigest() for p in paths}


def write_stream(stream: IO[str], text: str) -> None:
    stream.write(text + "\n")
    stream.flush()
