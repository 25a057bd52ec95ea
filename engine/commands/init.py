"""`followup init [FILE]`: a new, valid timeline with no applications yet, ready for `add`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

import yaml

from ..dates.machine import machine_country, machine_timezone
from ..errors import EngineError, FollowupError, UsageError
from ..io import safeyaml
from ..io.fileio import STDOUT, check_new_file, write_new_file
from ..load.timelines import timeline_from_document
from ..present.textsafe import neutralise
from .editing import say, shown
from .newtimeline import (
    check_country_code,
    check_place,
    check_subdivision,
    check_zone,
    modeline,
    pinned_pack,
)

DEFAULT_FILE = "timeline.yaml"

# Asks the person at the terminal for a value: (question, default) -> answer.
Ask = Callable[[str, str], str]
Check = Callable[[str], object] | None  # raises UsageError for an answer to ask again


@dataclass(frozen=True)
class InitArgs:
    file: str = DEFAULT_FILE
    name: str | None = None  # None: not given (asked on a terminal); "" is no name
    timezone: str | None = None
    country: str | None = None
    subdivision: str | None = None
    pack: str | None = None
    email: str = ""
    force: bool = False
    quiet: bool = False
    pack_path: tuple[Path, ...] = ()


def _scalar(value: str) -> str:
    """`value` as a YAML scalar on one line, quoted only where it must be."""
    return yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=1 << 16)[
        1:-2
    ]


def _filled(args: InitArgs, ask: Ask | None, err: TextIO) -> InitArgs:
    """The values not given, asked for on a terminal (again after a bad answer, as a wrong
    option would be refused), else the machine's; in the order a form would ask them."""

    def value(given: str | None, question: str, default: str, check: Check = None) -> str:
        if given is not None:
            if check is not None:
                check(given)  # as soon as what it depends on is known (a subdivision's country)
            return given
        if ask is None:
            return default
        while True:
            answer = ask(question, default).strip()
            try:
                if check is not None:
                    check(answer)
                return answer
            except FollowupError as exc:
                if isinstance(exc, EngineError):  # a bug, not an answer to ask again
                    raise
                hint = f" ({exc.hint})" if exc.hint else ""
                err.write(neutralise(f"error: {exc.message}{hint}", newlines=False) + "\n")

    # A wrong option is refused before any question: the answers would be wasted.
    if args.timezone is not None:
        check_zone(args.timezone)
    if args.country is not None:
        check_country_code(args.country.upper())
        if args.subdivision is not None:
            check_subdivision(args.country.upper(), args.subdivision)
    if args.pack:
        pinned_pack(args.pack, args.pack_path)
    name = value(args.name, "Your name (for drafts; may be empty)", "")
    zone = value(args.timezone, "Time zone", machine_timezone(), check_zone)
    country = value(
        args.country,
        "Country for public holidays (ISO code)",
        machine_country() or "",
        lambda answer: check_country_code(answer.upper()),
    ).upper()
    if not country:
        raise UsageError(
            "no country for the public holidays", "--country", "give --country US, GB, DE..."
        )
    subdivision = value(
        args.subdivision,
        "State or province for holidays (may be empty)",
        "",
        lambda answer: check_subdivision(country, answer),
    )
    pack = value(
        args.pack,
        "Pack you follow (followup packs lists them; may be empty)",
        "",
        lambda answer: answer and pinned_pack(answer, args.pack_path),
    )
    return replace(
        args, name=name, timezone=zone, country=country, subdivision=subdivision, pack=pack
    )


def render(args: InitArgs) -> str:
    """The new timeline's text, for the filled-in `args`."""
    name = "FILE" if args.file == STDOUT else shown(args.file)
    holidays = f"country: {_scalar(args.country or '')}"
    if args.subdivision:
        holidays += f", subdivision: {_scalar(args.subdivision)}"
    lines = [
        modeline(),
        "# A job search, kept current with followup (docs/timeline.md):",
        f"#   followup add {name} APP --company COMPANY --role ROLE",
        f"#   followup log {name} APP TYPE --channel CHANNEL --with CONTACT",
        f"#   followup agenda {name}",
        "version: 1",
        *([f"pack: {_scalar(args.pack)}"] if args.pack else []),
        "candidate:",
        *([f"  name: {_scalar(args.name)}"] if args.name else []),
        *([f"  email: {_scalar(args.email)}"] if args.email else []),
        f"  timezone: {_scalar(args.timezone or '')}",
        f"  holidays: {{{holidays}}}",
        "",
        "applications: []",
    ]
    return "".join(line + "\n" for line in lines)


def execute(
    args: InitArgs, out: TextIO | None = None, ask: Ask | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    err = err or sys.stderr
    to_stdout = args.file == STDOUT
    path = Path(args.file)
    if not to_stdout:
        check_new_file(path, args.force)  # before any question: an answer would be wasted
    args = _filled(args, ask, err)
    check_place(args.timezone or "", args.country or "", args.subdivision or "")
    if args.pack:
        args = replace(args, pack=pinned_pack(args.pack, args.pack_path))
    text = render(args)
    timeline_from_document(safeyaml.loads(text, str(path)))  # what it writes, it can read
    if to_stdout:  # `init - > somewhere`, or piped on: the timeline is the output
        out.write(text)
        return 0
    write_new_file(path, text, args.force)
    if not args.quiet:
        where = f"{args.country}-{args.subdivision}" if args.subdivision else args.country
        pack = f"; pack {shown(args.pack)}" if args.pack else ""
        say(
            out,
            [
                f"wrote {shown(path)} ({shown(args.timezone or '')}; holidays of {where}{pack})",
                f"next: followup add {shown(path)} APP --company COMPANY --role ROLE",
            ],
        )
    return 0
