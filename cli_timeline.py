"""The commands that write timelines (init, add, contact, log, import, export): the same thin
click layer as cli.py, which adds them to the `followup` group. Apart so that neither module
outgrows one screenful of options per command."""

from __future__ import annotations

from pathlib import Path

import click

from engine.commands.guard import guarded

__all__ = ["COMMANDS"]

COMMANDS: list[click.Command] = []


# Import and export print files (a timeline, a CSV): stdout is UTF-8 whatever the locale, as
# for every file format (engine/commands/guard.py reads this name in present/formats.py).
_FILE_OUTPUT = "json"


@click.command("import")
@click.argument("source", metavar="TRACKER.csv")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write the timeline to FILE (atomically) instead of printing it.",
)
@click.option("--force", is_flag=True, help="Replace the --output file if it exists.")
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Read COLUMN as FIELD (repeatable), e.g. --map 'Applied On=date_applied'; "
    "FIELD `ignore` leaves a column out. The fields are listed in docs/import.md.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Show what each column and row will become, and every problem; write nothing.",
)
@click.option(
    "--day-first", is_flag=True, help="Read 02/11/2026 as 2 November, not February 11."
)
@click.option("--timezone", metavar="ZONE", help="Your IANA time zone (default: the machine's).")
@click.option(
    "--country",
    metavar="CODE",
    help="The country whose public holidays count, e.g. US (default: from the locale).",
)
@click.option("--subdivision", metavar="CODE", help="A state or province whose holidays count too.")
@click.option("--name", metavar="NAME", help="Your name, for the timeline's candidate.")
@click.option("--pack", "-p", metavar="PACK", help="The pack the timeline follows (its `pack:`).")
def import_(
    source: str,
    output: Path | None,
    force: bool,
    mapping: tuple[str, ...],
    dry_run: bool,
    day_first: bool,
    timezone: str | None,
    country: str | None,
    subdivision: str | None,
    name: str | None,
    pack: str | None,
) -> None:
    """Read a spreadsheet job tracker saved as CSV (`-`: standard input) into a new timeline.

    Columns are matched by their headers (Company, Role, Date Applied, Status, Status Date,
    Interview Date, Contact Name, Contact Email, Contact Role, Notes, URL, and common other
    names); the status says which events each row records (docs/import.md). Every problem is
    reported as FILE:ROW:COLUMN, and then nothing is written.

    Exit codes: 0 done; 2 a problem in the file or the options.
    """
    from engine.commands import import_tracker as cmd

    if force and output is None:
        raise click.UsageError("--force goes with --output FILE")
    if dry_run and output is not None:
        raise click.UsageError("--dry-run writes nothing: leave out --output")
    args = cmd.ImportArgs(
        source, output, mapping, dry_run, day_first, timezone, country, subdivision, name, pack,
        force,
    )  # fmt: skip
    guarded(lambda: cmd.execute(args), "text" if dry_run else _FILE_OUTPUT)


@click.command("export")
@click.argument("timeline", envvar="FOLLOWUP_TIMELINE")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv"]),
    default="csv",
    show_default=True,
    help="csv: one row per application, in the columns `followup import` reads.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write to FILE (atomically) instead of printing it.",
)
@click.option("--force", is_flag=True, help="Replace the --output file if it exists.")
def export(timeline: str, fmt: str, output: Path | None, force: bool) -> None:
    """Write TIMELINE's applications (default: FOLLOWUP_TIMELINE; `-` reads standard input) as
    a spreadsheet tracker: company, role, dates, latest status, first contact, notes, URL.

    Cells a spreadsheet would run as formulas are written with a leading ' (docs/import.md).
    """
    from engine.commands import export_tracker as cmd

    if force and output is None:
        raise click.UsageError("--force goes with --output FILE")
    args = cmd.ExportArgs(timeline, "csv", output, force)
    guarded(lambda: cmd.execute(args), _FILE_OUTPUT)


COMMANDS += [import_, export]
