"""The click parameter types and options that cli.py and cli_timeline.py share: one place for
how a day, a format and a pack folder are read from the command line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..io.fileio import STDOUT
from ..present import formats

__all__ = [
    "DAYS_HELP",
    "PACK_HELP",
    "DayParam",
    "FormatParam",
    "check_quiet",
    "examples",
    "format_option",
    "output_option",
    "pack_path_option",
    "quiet_option",
]

F = TypeVar("F", bound=Callable[..., Any])

PACK_HELP = (
    "Built-in name, NAME@VERSION, NAME@RANGE or a pack file (default: FOLLOWUP_PACK, "
    "else the timeline's `pack:`)."
)
DAYS_HELP = "YYYY-MM-DD, today, tomorrow, yesterday, +Nd or -Nd"


class DayParam(click.ParamType):  # type: ignore[type-arg]
    """A day: YYYY-MM-DD, or today, tomorrow, yesterday, +Nd, -Nd (resolved in the timeline's
    time zone once it is read: engine/dates/days.py)."""

    name = "DAY"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from ..dates.calendar import DayError
        from ..dates.days import parse_day_spec

        if isinstance(value, dt.date):
            value = value.isoformat()
        try:
            return parse_day_spec(str(value))
        except DayError as exc:
            self.fail(f"{exc.message} ({exc.hint})", param, ctx)


class FormatParam(click.Choice):  # type: ignore[type-arg]
    """A --format choice: a registry's names (engine/present/formats.py). An old name, `table`,
    is still accepted as the format it stands for, but --help offers the current names only."""

    def __init__(self, registry: formats.Registry[Any]) -> None:
        super().__init__(registry.names)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return super().convert(formats.canonical(value), param, ctx)


def format_option(registry: formats.Registry[Any], **extra: Any) -> Callable[[F], F]:
    extra.setdefault("help", f"How to print the output (default: {registry.default}).")
    return click.option(
        "--format", "fmt", type=FormatParam(registry), default=registry.default, **extra
    )


def examples(*commands: str) -> str:
    """A command's epilog: the commands of its examples, shown under --help as written (`\b`
    keeps click from rewrapping them into one line)."""
    return "\b\nExamples:\n" + "\n".join(f"  {command}" for command in commands)


def quiet_option(help: str) -> Callable[[F], F]:
    """--quiet/-q: the same meaning wherever it is offered: print only what needs the reader
    (nothing when all is well), so that the exit code and an empty output say the rest."""
    return click.option("--quiet", "-q", is_flag=True, help=help)


def check_quiet(quiet: bool, fmt: str) -> None:
    """--quiet leaves lines out of the text for people; other formats are data, kept whole."""
    if quiet and formats.canonical(fmt) != "text":
        raise click.UsageError(f"--quiet goes with --format text, not {fmt}")


def pack_path_option(
    help: str = "A folder to look for custom packs in (repeatable).",
) -> Callable[[F], F]:
    return click.option(
        "--pack-path",
        type=click.Path(file_okay=False, path_type=Path),
        multiple=True,
        help=help,
    )


def _stdout_is_none(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    return None if value is not None and str(value) == STDOUT else value


def output_option(
    what: str = "the output", dir_okay: bool = True, metavar: str = "FILE", dash: bool = False
) -> Callable[[F], F]:
    """--output/-o FILE: written atomically instead of printed; `-o -` prints it, as in most
    tools (never a file named `-`): given as None, as if there were no -o, unless `dash` (a
    command that writes a file by default gets STDOUT)."""
    return click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=dir_okay, allow_dash=True, path_type=Path),
        callback=None if dash else _stdout_is_none,
        metavar=metavar,
        help=f"Write {what} to {metavar} (atomically) instead of to standard output (- for it).",
    )
