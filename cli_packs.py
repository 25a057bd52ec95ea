"""The commands for pack authors (test, validate, new, migrate, compile, schema): the same thin
click layer as cli.py, which adds them to the `followup` group. Apart so that no module
outgrows its size."""

from __future__ import annotations

from pathlib import Path

import click

from engine.commands.completion import complete_packs
from engine.commands.guard import guarded
from engine.commands.params import (
    check_quiet,
    examples,
    format_option,
    output_option,
    pack_path_option,
    quiet_option,
)
from engine.io.resources import SCHEMA_NAMES, SchemaName
from engine.present import formats

__all__ = ["COMMANDS"]


@click.command(
    "test",
    epilog=examples(
        "followup test my-pack.yaml --require-tests",
        "followup test --pack-path packs packs/*.yaml --format junit",
    ),
)
@click.argument("packs", nargs=-1, shell_complete=complete_packs)
@click.option(
    "--require-tests",
    is_flag=True,
    help="Fail when a rule lacks a positive or a negative case (a derived pack's own and "
    "overridden rules; its base's tests cover the inherited ones).",
)
@click.option(
    "--require-tests-inherited",
    "inherited",
    is_flag=True,
    help="Like --require-tests, and count a derived pack's inherited rules too.",
)
@format_option(formats.PACK_TESTS)
@pack_path_option()
@quiet_option("Print only failures (and coverage gaps with --require-tests); nothing if all pass.")
def test_(
    packs: tuple[str, ...],
    require_tests: bool,
    inherited: bool,
    fmt: str,
    pack_path: tuple[Path, ...],
    quiet: bool,
) -> None:
    """Run the test cases of PACKS (names or files; default: every built-in pack).

    Every pack is tested, even after one that cannot be loaded (its error goes to stderr).
    Exit codes: 0 all pass; 1 a case fails, or a rule is not covered with --require-tests;
    2 a pack that cannot be read or is not valid.
    """
    from engine.commands import test as cmd

    check_quiet(quiet, fmt)
    args = cmd.TestArgs(packs, require_tests, fmt, pack_path, quiet, inherited)
    guarded(lambda: cmd.execute(args), fmt)


@click.command(
    epilog=examples(
        "followup validate packs/*.yaml timelines/*.yaml",
        "followup validate --strict --pack-path packs my-pack.yaml",
    ),
)
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@format_option(formats.FINDINGS)
@click.option("--strict", is_flag=True, help="Fail on warnings too (a rule without a cite...).")
@pack_path_option("A folder to look for the packs that packs extend (repeatable).")
@quiet_option("Print only the findings that fail (errors; warnings too with --strict), no summary.")
@click.option(
    "--pack",
    "-p",
    help="Judge the timelines' advice under this pack (default: each timeline's `pack:`).",
    shell_complete=complete_packs,
)
def validate(
    files: tuple[str, ...],
    fmt: str,
    strict: bool,
    pack_path: tuple[Path, ...],
    quiet: bool,
    pack: str | None,
) -> None:
    """Check packs and timelines: every schema, semantic and lint finding, with line and column.

    Exit codes: 0 valid (warnings allowed); 1 errors, or warnings with --strict; 2 a file that
    cannot be read or parsed.
    """
    from engine.commands import validate as cmd

    check_quiet(quiet, fmt)
    args = cmd.ValidateArgs(files, fmt, strict, pack_path, quiet, pack)
    guarded(lambda: cmd.execute(args), fmt)


@click.command(
    epilog=examples(
        "followup new my-pack",
        "followup new my-wagon --extends clue-wagon",
    ),
)
@click.argument("name")
@click.option(
    "--extends",
    "base",
    metavar="PACK",
    help="Build on this pack (name or file).",
    shell_complete=complete_packs,
)
@output_option("the pack (default: NAME.yaml)", dir_okay=False, dash=True)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@pack_path_option()
def new(
    name: str, base: str | None, output: Path | None, force: bool, pack_path: tuple[Path, ...]
) -> None:
    """Scaffold a custom pack NAME.yaml with one example rule and its test cases."""
    from engine.commands import new as cmd

    guarded(lambda: cmd.execute(cmd.NewArgs(name, base, output, force, pack_path)))


@click.command(
    epilog=examples(
        "followup migrate my-pack.yaml --diff",
        "followup migrate packs/*.yaml",
    ),
)
@click.argument("packs", nargs=-1, required=True, metavar="PACK...")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a pack needs migrating.")
@click.option("--diff", is_flag=True, help="Print the changes as a diff; write nothing.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Write the migrated pack here (- for standard output) instead of in place.",
)
@click.option("--force", is_flag=True, help="Replace --output, or an old backup, if it exists.")
@pack_path_option()
def migrate(
    packs: tuple[str, ...],
    check: bool,
    diff: bool,
    output: Path | None,
    force: bool,
    pack_path: tuple[Path, ...],
) -> None:
    """Rewrite format-1 PACKs as pack_format 2, meaning unchanged.

    In place by default, keeping the original as PACK.bak; comments, key order and quoting are
    kept. The rewritten pack is checked to build the same rules and tests before it is written.
    Exit codes: 0 done (or nothing to do); 1 with --check or --diff, a pack needs migrating;
    2 a pack that cannot be read or is not valid.
    """
    from engine.commands import migrate as cmd

    guarded(lambda: cmd.execute(cmd.MigrateArgs(packs, output, check, diff, force, pack_path)))


@click.command(
    "compile",
    epilog=examples(
        "followup compile clue-wagon",
        "followup compile my-pack.yaml > rulesets.json",
    ),
)
@click.argument("pack", shell_complete=complete_packs)
@pack_path_option()
def compile_(pack: str, pack_path: tuple[Path, ...]) -> None:
    """Print the durable_rules rulesets PACK compiles to, as JSON: what actually runs."""
    from engine.commands import compile as cmd

    guarded(lambda: cmd.execute(cmd.CompileArgs(pack, pack_path)), "json")


@click.command(
    epilog=examples(
        "followup schema pack > policy-pack.schema.json",
        "followup schema --write schemas",
    ),
)
@click.argument("name", type=click.Choice(SCHEMA_NAMES), required=False)
@click.option(
    "--write",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Write the schema files (all of them, or NAME's) into DIR instead of printing one.",
)
@click.option("--force", is_flag=True, help="With --write, replace schema files already there.")
def schema(name: SchemaName | None, write: Path | None, force: bool) -> None:
    """Print the JSON Schema of packs, timelines, reports, comparisons, batch records or
    batch summaries; or write them into a folder, for editors (`followup new` points its
    modeline at them)."""
    from engine.commands import schema as cmd

    guarded(lambda: cmd.execute(cmd.SchemaArgs(name, write, force)), "json")


COMMANDS: list[click.Command] = [test_, validate, new, migrate, compile_, schema]
