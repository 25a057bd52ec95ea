"""The error guard: an EngineError is a FollowupError, yet the CLI reports it as a bug (exit 3).

Each case makes a piece of the engine raise one and checks the apology line and the log, so that
no handler meant for the user's mistakes (exit 1 or 2, a finding) takes it first.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from cli_support import POLICIES, WORKED_EXAMPLE, invoke
from click.testing import Result

import engine
from engine.commands import guard
from engine.core.contract import ContractViolation
from engine.dates.calendar import DayError
from engine.errors import EngineError, FollowupError

RUN = ["run", str(WORKED_EXAMPLE), "--pack", "clue-wagon", "--as-of", "2026-11-21"]


def _raiser(error: type[EngineError]) -> object:
    def broken(*args: object, **kwargs: object) -> None:
        raise error("simulated engine bug")

    return broken


def _assert_reported_as_bug(result: Result, error: type[Exception], cache: Path) -> None:
    assert result.exit_code == 3, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(
        f"followup: internal error ({error.__name__}: simulated engine bug). Sorry, this is a bug"
    ), lines[0]
    assert guard.ISSUES_URL in lines[0]
    log = cache / "followup" / "followup.log"
    assert f"the traceback is in {log};" in lines[0]
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert f"{error.__name__}: error: simulated engine bug" in text


def test_every_error_class_derives_from_the_root() -> None:
    defined: set[type[BaseException]] = set()
    for module in pkgutil.walk_packages(engine.__path__, "engine."):
        for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__.startswith("engine."):
                defined.add(cls)
    assert {EngineError, ContractViolation, DayError} <= defined  # the walk found them
    assert [c.__qualname__ for c in defined if not issubclass(c, FollowupError)] == []
    assert EngineError.exit_code == 3


@pytest.mark.parametrize("error", [EngineError, ContractViolation])
def test_an_engine_error_during_run_is_a_bug(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, error: type[EngineError]
) -> None:
    from engine.commands import run as run_command

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(run_command, "evaluate", _raiser(error))
    _assert_reported_as_bug(invoke(RUN), error, tmp_path)


def test_an_engine_error_while_linting_is_not_a_finding(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from engine.load import check

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(check, "lint_findings", _raiser(EngineError))
    result = invoke(["validate", str(POLICIES / "clue-wagon.yaml")])
    _assert_reported_as_bug(result, EngineError, tmp_path)


def test_an_engine_error_while_building_a_pack_is_not_a_finding(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from engine.load import packs

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(packs, "build_rule", _raiser(EngineError))
    result = invoke(["validate", str(POLICIES / "clue-wagon.yaml")])
    _assert_reported_as_bug(result, EngineError, tmp_path)
