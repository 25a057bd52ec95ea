"""`followup init [FILE]`: a new, valid timeline with no applications yet, ready for `add`."""

from __future__ import annotations

import sys
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import yaml

from ..dates.calendar import check_country
from ..dates.machine import machine_country, machine_timezone
from ..errors import InputError, UsageError
from ..io import resources, safeyaml
from ..io.fileio import check_new_file, write_new_file
from ..load.packs import builtin_paths, load_pack
from ..load.timelines import timeline_from_document
from .editing import say, shown

DEFAULT_FILE = "timeline.yaml"

# Asks the person at the terminal for a value: (question, default) -> answer.
Ask = Callable[[str, str], str]


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


def _filled(args: InitArgs, ask: Ask | None) -> InitArgs:
    """The values not given, asked for on a terminal, else the machine's."""

    def value(given: str | None, question: str, default: str) -> str:
        if given is not None:
            return given
        return ask(question, default).strip() if ask else default

    country = args.country
    if country is None:
        country = value(None, "Country for public holidays (ISO code)", machine_country() or "")
    if not country:
        raise UsageError(
            "no country for the public holidays", "--country", "give --country US, GB, DE..."
        )
    return InitArgs(
        args.file,
        value(args.name, "Your name (for drafts; may be empty)", ""),
        value(args.timezone, "Time zone", machine_timezone()),
        country.upper(),
        value(args.subdivision, "State or province for holidays (may be empty)", ""),
        value(args.pack, "Pack you follow (followup packs lists them; may be empty)", ""),
        args.email,
        args.force,
        args.quiet,
        args.pack_path,
    )


def _pinned(ref: str, pack_path: tuple[Path, ...]) -> str:
    """The pack reference to write: a built-in's bare name pinned to its major version
    (`clue-wagon@^2`), so that a future major version of its advice is a choice, not a
    surprise; anything else as given, once it is known to load."""
    pack = load_pack(ref, pack_path)
    if ref in builtin_paths():
        return f"{ref}@^{pack.version.split('.')[0]}"
    return ref


def render(args: InitArgs) -> str:
    """The new timeline's text, for the filled-in `args`."""
    schema = (resources.data_dir("schemas") / "timeline.schema.json").as_uri()
    name = shown(args.file)
    holidays = f"country: {_scalar(args.country or '')}"
    if args.subdivision:
        holidays += f", subdivision: {_scalar(args.subdivision)}"
    lines = [
        f"# yaml-language-server: $schema={schema}",
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


def execute(args: InitArgs, out: TextIO | None = None, ask: Ask | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    path = Path(args.file)
    check_new_file(path, args.force)  # before any question: an answer would be wasted
    args = _filled(args, ask)
    try:
        zoneinfo.ZoneInfo(args.timezone or "")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"unknown time zone {args.timezone!r}", "--timezone", "an IANA name: Europe/Berlin"
        ) from None
    try:
        check_country(args.country or "", args.subdivision or None, None)
    except InputError as exc:
        raise UsageError(exc.message, "--country", exc.hint) from None
    if args.pack:
        args = InitArgs(**{**args.__dict__, "pack": _pinned(args.pack, args.pack_path)})
    text = render(args)
    timeline_from_document(safeyaml.loads(text, str(path)))  # what it writes, it can read
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
