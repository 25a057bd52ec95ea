"""`followup schema`: print a bundled JSON Schema (stable `$id`s, for editors and CI), or write
them into a folder (`--write DIR`) that a repository keeps beside its packs, for editors'
modelines to point at with a relative path (engine/commands/modeline.py finds it)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..errors import InputError, Location, UsageError
from ..io import resources
from ..io.fileio import check_new_file, write_new_file


@dataclass(frozen=True)
class SchemaArgs:
    name: resources.SchemaName | None = None  # None: every schema (with `write` only)
    write: Path | None = None  # the folder to write them into, instead of printing one
    force: bool = False


def file_name(name: resources.SchemaName) -> str:
    """The file a schema is written to: `policy-pack.schema.json`, as in the project's schemas/."""
    return f"{resources.SCHEMA_FILES[name]}.schema.json"


def execute(args: SchemaArgs, out: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    if args.write is None:
        if args.name is None:
            raise UsageError("give a schema's NAME, or --write DIR", "NAME", "e.g. pack")
        out.write(resources.schema_text(args.name))
        return 0
    folder = args.write
    names = (args.name,) if args.name else resources.SCHEMA_NAMES
    if folder.exists() and not folder.is_dir():
        raise InputError("is not a folder", Location(str(folder)), "name a folder to write into")
    targets = [(folder / file_name(n), n) for n in names]
    for path, _ in targets:  # every refusal before the first write: all or none
        try:
            check_new_file(path, args.force)
        except InputError as exc:
            if exc.remedy != "print_output":
                raise
            raise InputError(exc.message, exc.location, "write into another folder") from None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", Location(str(folder))) from None
    for path, name in targets:
        write_new_file(path, resources.schema_text(name), args.force)
        out.write(f"wrote {path}\n")
    return 0
