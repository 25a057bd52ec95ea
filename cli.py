"""The `followup` command line: a thin click layer that fills an args object and executes it.

Exit codes (engine/commands/guard.py): 0 ok; 1 findings; 2 usage or unreadable input; 3 internal
error; 130 Ctrl-C.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cli_packs import COMMANDS as PACK_COMMANDS
from cli_timeline import COMMANDS as TIMELINE_COMMANDS
from engine.commands.completion import complete_applications, complete_channels, complete_packs
from engine.commands.guard import guarded
from engine.commands.params import (
    DAYS_HELP,
    PACK_HELP,
    DayParam,
    check_quiet,
    examples,
    format_option,
    output_option,
    pack_path_option,
    quiet_option,
)
from engine.present import formats

if TYPE_CHECKING:
    from engine.dates.days import DaySpec

_EVALUATE_AT = f"The day to evaluate at: {DAYS_HELP} (default: today where you live)."
_COMPARE_AT = f"The day to compare at: {DAYS_HELP} (default: the baseline's, or today)."


def _check_simulation_format(simulate: bool, fmt: str) -> None:
    if not simulate:
        return
    names = formats.SIMULATION.names
    if formats.canonical(fmt) not in names:
        raise click.BadParameter(
            f"--simulate prints {' or '.join(names)}, not {fmt}", param_hint="'--format'"
        )


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=examples("followup run examples/timeline.yaml --pack clue-wagon", "followup run --help"),
)
@click.version_option(package_name="followup", prog_name="followup")
def main() -> None:
    """Turn job-search follow-up advice into dated, explained recommendations.

    Text output is fitted to the terminal's width (COLUMNS, else the terminal's); sentences
    wrap at 100 columns at most.
    """


@main.command(epilog=examples("followup packs", "followup packs --format json"))
@format_option(formats.CATALOGUE)
def packs(fmt: str) -> None:
    """List the built-in packs with their version and source."""
    from engine.commands import packs as cmd

    guarded(lambda: cmd.execute(cmd.PacksArgs(format=fmt)), fmt)


@main.command(
    epilog=examples(
        "followup run examples/timeline.yaml --pack clue-wagon --as-of 2026-11-21",
        "followup run timeline.yaml --explain",
    ),
)
@click.argument("timeline", envvar="FOLLOWUP_TIMELINE")
@click.option(
    "--pack", "-p", envvar="FOLLOWUP_PACK", help=PACK_HELP, shell_complete=complete_packs
)
@click.option("--as-of", type=DayParam(), help=_EVALUATE_AT)
@format_option(
    formats.REPORT,
    help="ics is an iCalendar file of the pending actions, markdown notes, html a page.",
)
@pack_path_option()
@click.option(
    "--simulate",
    is_flag=True,
    help="Do every action on its due date, nobody replies: list the schedule (needs --until).",
)
@click.option(
    "--until", type=DayParam(), help="Where --simulate stops: a date, or a day from today (+30d)."
)
@click.option(
    "--explain", is_flag=True, help="For every rule and application: fired or not, and why."
)
@output_option()
@click.option("--force", is_flag=True, help="Replace the --output file if it exists.")
def run(
    timeline: str,
    pack: str | None,
    as_of: DaySpec | None,
    fmt: str,
    pack_path: tuple[Path, ...],
    simulate: bool,
    until: DaySpec | None,
    explain: bool,
    output: Path | None,
    force: bool,
) -> None:
    """Evaluate TIMELINE (default: FOLLOWUP_TIMELINE; `-` reads standard input) against a
    pack: what to do next, when, how, to whom, and why."""
    from engine.commands import run as cmd

    if simulate and until is None:
        raise click.UsageError("--simulate needs --until DATE")
    _check_simulation_format(simulate, fmt)
    if until is not None and not simulate:
        raise click.UsageError("--until goes with --simulate")
    if explain and simulate:
        raise click.UsageError("--explain does not go with --simulate")
    if force and output is None:
        raise click.UsageError("--force goes with --output FILE")
    args = cmd.RunArgs(
        timeline, pack, as_of, fmt, pack_path, simulate_until=until, explain=explain,
        output=output, force=force,
    )  # fmt: skip
    guarded(lambda: cmd.execute(args), fmt)


@main.command(
    epilog=examples(
        "followup show clue-wagon",
        "followup show my-pack.yaml --format json",
    ),
)
@click.argument("pack", shell_complete=complete_packs)
@format_option(formats.PACK)
@pack_path_option()
def show(pack: str, fmt: str, pack_path: tuple[Path, ...]) -> None:
    """Show PACK in plain language: one sentence per rule, with its quote and assumptions."""
    from engine.commands import show as cmd

    guarded(lambda: cmd.execute(cmd.ShowArgs(pack, fmt, pack_path)), fmt)


@main.command(
    epilog=examples(
        "followup compare timeline.yaml --all",
        "followup compare timeline.yaml -p clue-wagon -p mason-group --format html -o compare.html",
    ),
)
@click.argument("timeline", envvar="FOLLOWUP_TIMELINE")
@click.option(
    "--pack",
    "-p",
    "packs",
    multiple=True,
    help="A pack to compare (repeatable): name or file.",
    shell_complete=complete_packs,
)
@click.option("--all", "all_packs", is_flag=True, help="Compare every built-in pack.")
@click.option("--as-of", type=DayParam(), help=_COMPARE_AT)
@format_option(formats.COMPARISON, help="html is a page to open in a browser.")
@pack_path_option()
@click.option("--baseline", metavar="FILE", help="A saved `compare --format json` to diff against.")
@click.option(
    "--fail-on-change", is_flag=True, help="Exit 1 when a decision differs from --baseline."
)
@click.option(
    "--simulate",
    is_flag=True,
    help="Each pack's schedule if every action is done when due and nobody replies.",
)
@click.option(
    "--until", type=DayParam(), help="Where --simulate stops: a date, or a day from today (+30d)."
)
@output_option()
@click.option("--force", is_flag=True, help="Replace the --output file if it exists.")
def compare(
    timeline: str,
    packs: tuple[str, ...],
    all_packs: bool,
    as_of: DaySpec | None,
    fmt: str,
    pack_path: tuple[Path, ...],
    baseline: str | None,
    fail_on_change: bool,
    simulate: bool,
    until: DaySpec | None,
    output: Path | None,
    force: bool,
) -> None:
    """Compare packs over TIMELINE: each application's next action side by side, and where the
    packs disagree (channel, recipient, timing, persistence, thank-you).

    Exit codes: 0 ok; 1 a decision differs from --baseline (with --fail-on-change); 2 usage error
    or unreadable input.
    """
    from engine import builtin_pack_names
    from engine.commands import compare as cmd

    if len(packs) + (len(builtin_pack_names()) if all_packs else 0) < 2:
        raise click.UsageError("compare needs at least two packs: --pack A --pack B, or --all")
    if fail_on_change and baseline is None:
        raise click.UsageError("--fail-on-change needs --baseline FILE")
    if simulate and until is None:
        raise click.UsageError("--simulate needs --until DATE")
    _check_simulation_format(simulate, fmt)
    if until is not None and not simulate:
        raise click.UsageError("--until goes with --simulate")
    if simulate and baseline is not None:
        raise click.UsageError("--simulate does not take --baseline")
    if force and output is None:
        raise click.UsageError("--force goes with --output FILE")
    args = cmd.CompareArgs(
        timeline, packs, all_packs, as_of, fmt, pack_path, baseline, fail_on_change, until,
        output=output, force=force,
    )  # fmt: skip
    guarded(lambda: cmd.execute(args), fmt)


@main.command(
    epilog=examples(
        "followup draft timeline.yaml",
        "followup draft timeline.yaml -a acme-pm --channel email",
    ),
)
@click.argument("timeline", envvar="FOLLOWUP_TIMELINE")
@click.option(
    "--pack", "-p", envvar="FOLLOWUP_PACK", help=PACK_HELP, shell_complete=complete_packs
)
@click.option(
    "--application",
    "-a",
    metavar="ID",
    help="The application's id (default: every application with something due or overdue).",
    shell_complete=complete_applications,
)
@click.option("--as-of", type=DayParam(), help=_EVALUATE_AT)
@click.option("--rule", metavar="RULE", help="Only the recommendation of this rule.")
@click.option(
    "--channel",
    metavar="CHANNEL",
    help="Draft for this channel (default: the pack's first).",
    shell_complete=complete_channels,
)
@pack_path_option()
def draft(
    timeline: str,
    pack: str | None,
    application: str | None,
    as_of: DaySpec | None,
    rule: str | None,
    channel: str | None,
    pack_path: tuple[Path, ...],
) -> None:
    """Draft the messages of an application's pending recommendations (email, phone script,
    note), filling the pack's guidance with the timeline's facts. Offline and deterministic.
    Without --application: every recommendation due or overdue now, in every application.
    """
    from engine.commands import draft as cmd

    args = cmd.DraftArgs(timeline, pack, application, as_of, rule, channel, pack_path)
    guarded(lambda: cmd.execute(args))


@main.command(
    epilog=examples(
        "followup agenda timeline.yaml",
        "followup agenda timeline.yaml --days 14 --as-of tomorrow",
    ),
)
@click.argument("timeline", envvar="FOLLOWUP_TIMELINE")
@click.option(
    "--pack", "-p", envvar="FOLLOWUP_PACK", help=PACK_HELP, shell_complete=complete_packs
)
@click.option("--as-of", type=DayParam(), help=_EVALUATE_AT)
@click.option(
    "--days",
    type=int,
    default=14,
    show_default=True,
    help="How many days ahead to look: actions due by then are listed.",
)
@format_option(formats.AGENDA)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the statuses: auto colours a terminal unless NO_COLOR is set.",
)
@pack_path_option()
@quiet_option("Print the actions only: no header, and nothing when none is due.")
def agenda(
    timeline: str,
    pack: str | None,
    as_of: DaySpec | None,
    days: int,
    fmt: str,
    color: str,
    pack_path: tuple[Path, ...],
    quiet: bool,
) -> None:
    """Every pending action across TIMELINE's applications (default: FOLLOWUP_TIMELINE), one
    line each, overdue first, then by date, fitted to the terminal's width (COLUMNS)."""
    from engine.commands import agenda as cmd

    check_quiet(quiet, fmt)
    chosen: Any = color  # one of COLOR_CHOICES: click checked it
    args = cmd.AgendaArgs(timeline, pack, as_of, days, fmt, chosen, pack_path, quiet)
    guarded(lambda: cmd.execute(args), fmt)


@main.command(
    epilog=examples(
        "followup batch timelines/ --pack clue-wagon -o records.jsonl",
        "followup batch timelines/ --all --summary",
    ),
)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--pack", "-p", "packs", multiple=True, help="A pack to evaluate with (repeatable).",
    shell_complete=complete_packs,
)  # fmt: skip
@click.option("--all", "all_packs", is_flag=True, help="Every built-in pack.")
@click.option("--as-of", type=DayParam(), help=_EVALUATE_AT)
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: one per CPU)."
)
@output_option("the records", dir_okay=False)
@click.option("--force", is_flag=True, help="Replace the --output file if it exists.")
@click.option("--fail-fast", is_flag=True, help="Stop after the first input that fails.")
@click.option(
    "--summary",
    is_flag=True,
    help="Print counts across the inputs instead of the records (which go to --output only):"
    " per pack, pending actions by status and applications with nothing pending, and where"
    " the packs disagree.",
)
@format_option(formats.POPULATION, help="The --summary's format.")
@pack_path_option()
def batch(
    inputs: tuple[str, ...],
    packs: tuple[str, ...],
    all_packs: bool,
    as_of: DaySpec | None,
    jobs: int | None,
    output: Path | None,
    force: bool,
    fail_fast: bool,
    summary: bool,
    fmt: str,
    pack_path: tuple[Path, ...],
) -> None:
    """Evaluate many timelines: files, folders (every *.yaml, *.yml, *.json and *.jsonl under
    them), JSON Lines files (one timeline a line) or - (standard input). Writes JSON Lines, one
    record per timeline and pack in input order: the report `run --format json` prints, or an
    error record (path, line, col, message); `followup schema batch` prints their schema.

    Exit codes: 0 ok; 1 an input failed (the others are still reported); 2 usage error;
    3 followup met a bug on an input (its record says so; the others are still reported).
    """
    from engine.commands import batch as cmd

    if force and output is None:
        raise click.UsageError("--force goes with --output FILE")
    given = click.get_current_context().get_parameter_source("fmt")
    if given is click.core.ParameterSource.COMMANDLINE and not summary:
        raise click.UsageError("--format goes with --summary (the records are JSON Lines)")
    args = cmd.BatchArgs(
        inputs, packs, all_packs, as_of, jobs, output, force, fail_fast, pack_path, summary, fmt
    )
    guarded(lambda: cmd.execute(args), file=True)


for _command in (*PACK_COMMANDS, *TIMELINE_COMMANDS):
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    main()
