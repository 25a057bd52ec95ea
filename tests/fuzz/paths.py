"""Where the repository and its tests are."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


TESTS = ROOT / "tests"
