"""The `followup` command line: a thin click layer that fills an args object and executes it.

Exit codes: 0 ok; 1 findings; 2 usage or unreadable input; 3 internal error.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from engine.errors import FollowupError

ISSUES_URL = "https://github.com/followup-engine/followup/issues"


class _Date(click.ParamType):  # type: ignore[type-arg]
    name = "YYYY-MM-DD"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a real date in YYYY-MM-DD form", param, ctx)


def _guarded(run: Callable[[], int]) -> None:
    """Turn every failure into one line on stderr and the documented exit code."""
    try:
        code = run()
    except FollowupError as exc:
        click.echo(exc.format(), err=True)
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(130)
    except Exception as exc:  # a bug: never show a traceback to a user
        click.echo(
            f"followup: internal error ({type(exc).__name__}: {exc}). Sorry: this is a bug. "
            f"Please report it with the command you ran at {ISSUES_URL}",
            err=True,
        )
        sys.exit(3)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="followup", prog_name="followup")
def main() -> None:
    """Turn job-search follow-up advice into dated, explained recommendations."""


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def packs(fmt: str) -> None:
    """List the built-in packs with their version and source."""
    from engine.commands import packs as cmd

    _guarded(lambda: cmd.execute(cmd.PacksArgs(format=fmt)))


@main.command()
@click.argument("timeline")
@click.option("--pack", "-p", required=True, help="Built-in name, NAME@VERSION, or a pack file.")
@click.option(
    "--as-of", type=_Date(), help="The day to evaluate at (default: today where you live)."
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option(
    "--pack-path",
    type=click.Path(file_okay=False, path_type=Path),
    multiple=True,
    help="A folder to look for custom packs in (repeatable).",
)
@click.option(
    "--simulate",
    is_flag=True,
    help="Do every action on its due date, nobody replies: list the schedule (needs --until).",
)
@click.option("--until", type=_Date(), help="Where --simulate stops.")
def run(
    timeline: str,
    pack: str,
    as_of: dt.date | None,
    fmt: str,
    pack_path: tuple[Path, ...],
    simulate: bool,
    until: dt.date | None,
) -> None:
    """Evaluate TIMELINE against a pack: what to do next, when, how, to whom, and why."""
    from engine.commands import run as cmd

    if simulate and until is None:
        raise click.UsageError("--simulate needs --until DATE")
    if until is not None and not simulate:
        raise click.UsageError("--until goes with --simulate")
    args = cmd.RunArgs(timeline, pack, as_of, fmt, pack_path, simulate_until=until)
    _guarded(lambda: cmd.execute(args))


@main.command("test")
@click.argument("packs", nargs=-1)
@click.option(
    "--require-tests", is_flag=True, help="Fail when a rule lacks a positive or a negative case."
)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit"]), default="text")
@click.option("--pack-path", type=click.Path(file_okay=False, path_type=Path), multiple=True)
def test_(
    packs: tuple[str, ...], require_tests: bool, fmt: str, pack_path: tuple[Path, ...]
) -> None:
    """Run the test cases of PACKS (names or files; default: every built-in pack)."""
    from engine.commands import test as cmd

    _guarded(lambda: cmd.execute(cmd.TestArgs(packs, require_tests, fmt, pack_path)))


@main.command()
@click.argument("pack")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--pack-path", type=click.Path(file_okay=False, path_type=Path), multiple=True)
def show(pack: str, fmt: str, pack_path: tuple[Path, ...]) -> None:
    """Show PACK in plain language: one sentence per rule, with its quote and assumptions."""
    from engine.commands import show as cmd

    _guarded(lambda: cmd.execute(cmd.ShowArgs(pack, fmt, pack_path)))


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--strict", is_flag=True, help="Fail on warnings too (a rule without a cite...).")
@click.option(
    "--pack-path",
    type=click.Path(file_okay=False, path_type=Path),
    multiple=True,
    help="A folder to look for the packs that packs extend (repeatable).",
)
def validate(files: tuple[str, ...], fmt: str, strict: bool, pack_path: tuple[Path, ...]) -> None:
    """Check packs and timelines: every schema, semantic and lint finding, with line and column.

    Exit codes: 0 valid (warnings allowed); 1 errors, or warnings with --strict; 2 a file that
    cannot be read or parsed.
    """
    from engine.commands import validate as cmd

    _guarded(lambda: cmd.execute(cmd.ValidateArgs(files, fmt, strict, pack_path)))


@main.command()
@click.argument("name")
@click.option("--extends", "base", metavar="PACK", help="Build on this pack (name or file).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--pack-path", type=click.Path(file_okay=False, path_type=Path), multiple=True)
def new(
    name: str, base: str | None, output: Path | None, force: bool, pack_path: tuple[Path, ...]
) -> None:
    """Scaffold a custom pack NAME.yaml with one example rule and its test cases."""
    from engine.commands import new as cmd

    _guarded(lambda: cmd.execute(cmd.NewArgs(name, base, output, force, pack_path)))


@main.command()
@click.argument("name", type=click.Choice(["pack", "timeline", "report"]))
def schema(name: str) -> None:
    """Print the JSON Schema of packs, timelines or reports."""
    from engine.commands import schema as cmd

    _guarded(lambda: cmd.execute(name))


if __name__ == "__main__":  # pragma: no cover
    main()
