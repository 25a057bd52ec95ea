"""What a campaign may try (`Config`) and one case of it (`Case`)."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from .paths import ROOT
from .quoting import shell_word


@dataclass(frozen=True)
class Config:
    """What a campaign may try; the CI test stays within what is fixed or cheap."""

    # --until more than a few years ahead, up to 9999-12-31 (issue 8 item 11: may never end).
    far_until: bool = False
    max_until_days: int = 2 * 366 + 30
    # A share of cases is run twice, in two processes, to compare the bytes.
    determinism_rate: float = 0.25
    # Non-UTF-8 stdout (PYTHONIOENCODING=ascii, a Latin-1 locale): issue 8 item 3.
    other_encodings: bool = True
    # A share of cases run over a cache tampered with after a warm-up run: issue 8 item 5.
    tamper_rate: float = 0.04
    # A share of first runs in a new interpreter (0.3 s each) instead of a fork (milliseconds).
    fresh_rate: float = 0.02


@dataclass(frozen=True)
class Case:
    argv: tuple[str, ...]  # after `followup`
    files: tuple[tuple[str, bytes], ...]  # the case folder's contents, the inputs of the run
    command: str
    fmt: str
    mutated: str  # the file name of the mutated input
    seed: str
    level: str
    mutations: tuple[str, ...]
    encoding: str = "utf-8"
    timezones: tuple[str, str] = ("UTC", "UTC")  # the machine's TZ in the first and second run
    deterministic_check: bool = False
    output_file: str | None = None  # `-o FILE` naming a new file: allowed to appear
    label: str = ""  # how the campaign names the case (seed and index)
    env_vars: tuple[tuple[str, str], ...] = ()  # for both runs (COLUMNS...)
    replay_env: tuple[tuple[str, str], ...] = ()  # for the second run only (no cache...)
    # Tamper with the cache between a warm-up run and the run checked (seeds the tampering);
    # the second run, in another worker, says what the output should have been.
    tamper: int | None = None
    odd_names: bool = False  # the input files have hostile names
    stdout_to: str = "file"  # or "full" (/dev/full) or "closed" (a pipe nobody reads)
    fresh_process: bool = False  # the first run in a new interpreter rather than a fork

    def env(self, run: int = 0) -> dict[str, str]:
        env = {"TZ": self.timezones[run], **dict(self.env_vars)}
        if run:
            env.update(self.replay_env)
        if self.encoding != "utf-8":
            env["PYTHONIOENCODING"] = self.encoding
        return env

    def shell(self, python: str = sys.executable) -> str:
        """The command line (bash) that repeats the case from its saved folder."""
        env = " ".join(f"{k}={shell_word(v)}" for k, v in self.env().items())
        args = " ".join(shell_word(a) for a in self.argv)
        redirect = {"file": "", "full": " > /dev/full", "closed": " | head -c 0"}[self.stdout_to]
        command = f"{python} -m followup {args}{redirect}"
        return f"env PYTHONPATH={shell_word(str(ROOT))} {env} {command}"

    def describe(self) -> str:
        extra = " (run after tampering with a warm cache)" * (self.tamper is not None)
        return (
            f"{self.label or 'case'}: seed {self.seed}, level {self.level}, "
            f"mutations: {'; '.join(self.mutations) or 'none'}{extra}"
        )
