"""The output formats: one registry per kind of result (engine/present/formats.py), the same
names on every command, `text` for people everywhere and `table` still accepted for it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from cli_support import EXAMPLE_TIMELINE, POLICIES, invoke

import cli
from engine import evaluate, load_pack, load_timeline
from engine.present import formats

AS_OF = "2026-11-21"
AS_OF_DATE = dt.date(2026, 11, 21)
RUN = ["run", str(EXAMPLE_TIMELINE), "--pack", "clue-wagon", "--as-of", AS_OF]
# Each command that takes --format, with the registry of what it prints.
COMMANDS: dict[str, tuple[list[str], formats.Registry[Any]]] = {
    "run": (RUN, formats.REPORT),
    "show": (["show", "clue-wagon"], formats.PACK),
    "packs": (["packs"], formats.CATALOGUE),
    "test": (["test", "clue-wagon"], formats.PACK_TESTS),
    "validate": (["validate", str(POLICIES / "clue-wagon.yaml")], formats.FINDINGS),
    "compare": (["compare", str(EXAMPLE_TIMELINE), "--all", "--as-of", AS_OF], formats.COMPARISON),
}
SIMULATE = ["--simulate", "--until", "2026-12-31"]


@pytest.mark.parametrize("command", list(COMMANDS))
def test_the_command_offers_its_registry_s_formats_and_defaults_to_text(command: str) -> None:
    _, registry = COMMANDS[command]
    option = next(p for p in cli.main.commands[command].params if p.name == "fmt")
    assert tuple(option.type.choices) == registry.names  # type: ignore[attr-defined]
    assert option.default == registry.default == "text"
    helped = invoke([command, "--help"]).stdout
    assert f"[{'|'.join(registry.names)}]" in re.sub(r"\s+", " ", helped)
    assert not re.search(r"\btable\b", helped)  # the old name works, but is not offered


@pytest.mark.parametrize("command", list(COMMANDS))
def test_table_is_still_accepted_as_text(command: str) -> None:
    args, _ = COMMANDS[command]
    as_text = invoke([*args, "--format", "text"])
    as_table = invoke([*args, "--format", "table"])
    default = invoke(args)
    assert as_text.exit_code == as_table.exit_code == default.exit_code == 0, as_table.stderr
    assert as_text.stdout_bytes == as_table.stdout_bytes == default.stdout_bytes
    assert as_text.stdout_bytes


def test_an_unknown_format_is_a_usage_error_naming_the_current_formats() -> None:
    result = invoke([*RUN, "--format", "xml"])
    assert result.exit_code == 2
    assert "'xml' is not one of 'text', 'json', 'ics', 'markdown'" in result.stderr


def test_every_registry_uses_the_shared_names_with_one_meaning() -> None:
    registries = [registry for _, registry in COMMANDS.values()]
    offered = {name for registry in registries for name in registry.names}
    assert offered == set(formats.FORMAT_NAMES)  # no name is defined and never offered
    assert set(formats.FORMAT_NAMES) - {"text"} == formats.FILE_FORMATS
    assert all(formats.canonical(old) in formats.FORMAT_NAMES for old in formats.ALIASES)
    assert [formats.is_file_format(n) for n in ("text", "table", "json", "junit")] == [
        False,
        False,
        True,
        True,
    ]


def test_a_registry_renders_by_name_or_old_name_and_refuses_another() -> None:
    report = evaluate(load_pack("clue-wagon"), load_timeline(EXAMPLE_TIMELINE), AS_OF_DATE)
    text = formats.REPORT.render("text", report)
    assert text.startswith("clue-wagon 2.0.0: ")
    assert formats.REPORT.render("table", report) == text
    with pytest.raises(ValueError, match="no 'junit' format here"):
        formats.REPORT.render("junit", report)


@pytest.mark.parametrize("command", ["run", "compare"])
def test_simulate_prints_the_simulation_registry_s_formats(command: str) -> None:
    args = [*COMMANDS[command][0], *SIMULATE]
    outputs = {fmt: invoke([*args, "--format", fmt]) for fmt in ("text", "table", "json")}
    assert all(r.exit_code == 0 for r in outputs.values()), outputs["text"].stderr
    assert (
        outputs["text"].stdout_bytes == outputs["table"].stdout_bytes == invoke(args).stdout_bytes
    )
    assert outputs["json"].stdout.startswith("{")
    refused = invoke([*args, "--format", "markdown"])
    assert refused.exit_code == 2
    assert "--simulate prints text or json, not markdown" in refused.stderr
