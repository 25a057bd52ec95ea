"""The commands that write timelines (init, add, contact, log, import, export): the same thin
click layer as cli.py, which adds them to the `followup` group. Apart so that neither module
outgrows one screenful of options per command."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from engine.commands.completion import (
    complete_applications,
    complete_channels,
    complete_contacts,
    complete_event_types,
    complete_packs,
    complete_roles,
)
from engine.commands.guard import guarded
from engine.commands.params import (
    DAYS_HELP,
    PACK_HELP,
    DayParam,
    examples,
    output_option,
    pack_path_option,
    quiet_option,
)
from engine.present.words import or_list
from engine.vocabulary import CHANNELS, OUTCOMES, QUESTIONS, ROLES, SAYS

if TYPE_CHECKING:
    from engine.dates.days import DaySpec

__all__ = ["COMMANDS"]

_FILE = click.argument("file", metavar="FILE", type=click.Path(dir_okay=False))
_APP = click.argument("application", metavar="APP", shell_complete=complete_applications)
_DRY_RUN = click.option("--dry-run", "-n", is_flag=True, help="Show the change; write nothing.")
_QUIET = quiet_option("Print nothing: errors only.")


@click.command(epilog=examples("followup init timeline.yaml --name 'Sam Rivera' --pack clue-wagon"))
@click.argument("file", required=False, envvar="FOLLOWUP_TIMELINE", metavar="[FILE]")
@click.option("--name", help="Your name, as drafts sign it.")
@click.option("--email", default="", help="Your email address, for drafts.")
@click.option("--timezone", help="Where you live, as an IANA name (default: the machine's).")
@click.option("--country", help="Whose public holidays are not business days: US, GB, DE...")
@click.option("--subdivision", help="The state or province for holidays: IL, SCT, BY...")
@click.option(
    "--pack",
    "-p",
    help="The pack you follow, written as the timeline's `pack:`.",
    shell_complete=complete_packs,
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@_QUIET
@pack_path_option()
def init(
    file: str | None,
    name: str | None,
    email: str,
    timezone: str | None,
    country: str | None,
    subdivision: str | None,
    pack: str | None,
    force: bool,
    quiet: bool,
    pack_path: tuple[Path, ...],
) -> None:
    """Write a new timeline FILE (default: FOLLOWUP_TIMELINE, else timeline.yaml) with no
    applications yet. On a terminal it asks for what the options leave out; elsewhere the time
    zone and country default to the machine's."""
    import sys

    from engine.commands import init as cmd

    args = cmd.InitArgs(
        file or cmd.DEFAULT_FILE, name, timezone, country, subdivision, pack, email, force,
        quiet, pack_path,
    )  # fmt: skip
    from engine.commands.terminal import is_terminal

    # Questions on stderr: stdout is the timeline's with `init -`.
    ask = (lambda q, d: str(click.prompt(q, default=d, show_default=bool(d), err=True))) if (
        is_terminal(sys.stdin)
    ) else None
    guarded(lambda: cmd.execute(args, ask=ask), file=args.file == "-")  # init -: a file


@click.command(
    epilog=examples(
        "followup add timeline.yaml acme-pm --company 'Acme Corp' --role 'Product Manager'",
    ),
)
@_FILE
@click.argument("application", metavar="APP")
@click.option("--company", required=True, help="The employer.")
@click.option("--role", required=True, help="The job applied for.")
@click.option("--url", default="", help="The job posting.")
@_DRY_RUN
@_QUIET
def add(
    file: str, application: str, company: str, role: str, url: str, dry_run: bool, quiet: bool
) -> None:
    """Add the application APP (an id such as acme-pm) to the timeline FILE.

    FILE is changed in place: only the new lines are added, the rest stays byte for byte,
    and the previous version is kept as FILE~.
    """
    from engine.commands import add as cmd

    args = cmd.AddArgs(file, application, company, role, url, dry_run, quiet)
    guarded(lambda: cmd.execute(args))


@click.command(
    epilog=examples(
        "followup contact timeline.yaml acme-pm dana --role hiring_manager --name 'Dana Whitfield'",
    ),
)
@_FILE
@_APP
@click.argument("contact", metavar="ID")
@click.option(
    "--role",
    required=True,
    help=f"Their part: {or_list(list(ROLES))}.",
    shell_complete=complete_roles,
)
@click.option("--name", default="", help="Their name, as messages address them.")
@click.option("--title", default="", help="Their job title.")
@click.option("--email", default="", help="Their email address, for drafts to them.")
@click.option("--phone", default="", help="Their phone number, for calls and texts.")
@_DRY_RUN
@_QUIET
def contact(
    file: str,
    application: str,
    contact: str,
    role: str,
    name: str,
    title: str,
    email: str,
    phone: str,
    dry_run: bool,
    quiet: bool,
) -> None:
    """Add the contact ID (such as dana) to the application APP of the timeline FILE.

    FILE is changed in place: only the new lines are added, the rest stays byte for byte,
    and the previous version is kept as FILE~.
    """
    from engine.commands import contact as cmd

    args = cmd.ContactArgs(
        file, application, contact, role, name, title, email, phone, dry_run, quiet
    )
    guarded(lambda: cmd.execute(args))


@click.command(
    epilog=examples(
        "followup log timeline.yaml acme-pm interview --date 2026-11-17 --with dana",
        "followup log timeline.yaml acme-pm follow_up_sent -c email -w dana",
    ),
)
@_FILE
@_APP
@click.argument("event_type", metavar="TYPE", shell_complete=complete_event_types)
@click.option("--date", "-d", type=DayParam(), help=f"When: {DAYS_HELP} (default: today).")
@click.option("--time", "-t", default="", help="At what time of day, HH:MM (24-hour).")
@click.option(
    "--channel",
    "-c",
    default="",
    help=f"How: {or_list(list(CHANNELS))}.",
    shell_complete=complete_channels,
)
@click.option(
    "--with",
    "-w",
    "with_",
    multiple=True,
    metavar="CONTACT",
    help="With whom (repeatable).",
    shell_complete=complete_contacts,
)
@click.option("--round", "round_", type=click.IntRange(1, 20), help="An interview's round.")
@click.option(
    "--by",
    type=DayParam(),
    help="The date they said they would decide by (an offer's: its deadline).",
)
@click.option(
    "--says", default="", help=f"What a reply says: {or_list(list(SAYS))}."
)
@click.option("--outcome", default="", help=f"A call's: {or_list(list(OUTCOMES))}.")
@click.option(
    "--asked", multiple=True, help=f"What you asked at an interview: {or_list(list(QUESTIONS))}."
)
@click.option(
    "--not-by",
    multiple=True,
    metavar="CHANNEL",
    help="A reply that --says stop: only this channel is off limits (repeatable; default all).",
    shell_complete=complete_channels,
)
@click.option("--note", default="", help="A note to keep with the event.")
@click.option(
    "--pack", "-p", envvar="FOLLOWUP_PACK", help=PACK_HELP, shell_complete=complete_packs
)
@click.option(
    "--as-of", type=DayParam(), help=f"The day to show the change at: {DAYS_HELP}."
)
@pack_path_option()
@_DRY_RUN
@_QUIET
def log(
    file: str,
    application: str,
    event_type: str,
    date: DaySpec | None,
    time: str,
    channel: str,
    with_: tuple[str, ...],
    round_: int | None,
    by: DaySpec | None,
    says: str,
    outcome: str,
    asked: tuple[str, ...],
    not_by: tuple[str, ...],
    note: str,
    pack: str | None,
    as_of: DaySpec | None,
    pack_path: tuple[Path, ...],
    dry_run: bool,
    quiet: bool,
) -> None:
    """Record an event of the application APP in the timeline FILE, then show what it changed
    under the pack: the actions it did, and what is next.

    TYPE is what happened: application_submitted, interview, thank_you_sent, follow_up_sent,
    reply_received, decision_expected, rejection, offer, withdrawal, ... (docs/timeline.md).
    The event goes after the others of its day, as the engine reads same-day events in file
    order. FILE is changed in place: only the new lines are added, the rest stays byte for
    byte, and the previous version is kept as FILE~.
    """
    from engine.commands import log as cmd

    args = cmd.LogArgs(
        file, application, event_type, date, time, channel, with_, round_, by, says,
        outcome, asked, note, pack, as_of, dry_run, quiet, pack_path, not_by,
    )  # fmt: skip
    guarded(lambda: cmd.execute(args))



@click.command(
    "import",
    epilog=examples(
        "followup import tracker.csv -o timeline.yaml",
        "followup import tracker.csv --dry-run --day-first",
    ),
)
@click.argument("source", metavar="TRACKER.csv")
@output_option("the timeline", dir_okay=False)
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
@click.option(
    "--pack",
    "-p",
    metavar="PACK",
    help="The pack the timeline follows (its `pack:`).",
    shell_complete=complete_packs,
)
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
    # A timeline printed is a file (UTF-8 whatever the locale); --dry-run's is text to read.
    guarded(lambda: cmd.execute(args), file=not dry_run)


@click.command("export", epilog=examples("followup export timeline.yaml -o tracker.csv"))
@click.argument("timeline", envvar="FOLLOWUP_TIMELINE")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv"]),
    default="csv",
    show_default=True,
    help="csv: one row per application, in the columns `followup import` reads.",
)
@output_option("the tracker", dir_okay=False)
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
    guarded(lambda: cmd.execute(args), file=True)  # a CSV: UTF-8 whatever the locale


COMMANDS: list[click.Command] = [init, add, contact, log, import_, export]
