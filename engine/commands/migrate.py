"""`followup migrate`: rewrite format-1 packs as format 2, meaning unchanged
(engine/load/migrate.py)."""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..errors import InputError, Location, UsageError
from ..io import safeyaml
from ..io.fileio import check_new_file, write_new_file
from ..load.migrate import Migration, migrate_text
from ..load.packs import builtin_paths
from ..present.textsafe import neutralise
from .terminal import is_terminal

BACKUP_SUFFIX = ".bak"


def _one_line(text: str) -> str:
    return neutralise(text, newlines=False)


@dataclass(frozen=True)
class MigrateArgs:
    packs: tuple[str, ...]
    output: Path | None = None  # "-" is standard output
    check: bool = False
    diff: bool = False
    force: bool = False
    pack_path: tuple[Path, ...] = ()


def _source(ref: str, args: MigrateArgs) -> Path:
    """The file a PACK argument names: a path, or a built-in pack's file when it may only be
    read (a built-in is not the user's to edit in place)."""
    path = Path(ref)
    if path.exists() or ("/" in ref or ref.endswith((".yaml", ".yml", ".json"))):
        return path
    builtin = builtin_paths().get(ref)
    if builtin is None:
        raise InputError("no such file or built-in pack", Location(ref))
    if args.output is None and not (args.check or args.diff):
        raise UsageError(
            f"{ref!r} is a built-in pack, which followup never edits",
            "PACK",
            f"write a migrated copy: followup migrate {ref} --output {ref}.yaml",
        )
    return builtin


def execute(args: MigrateArgs, out: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    if args.output is not None and len(args.packs) != 1:
        raise UsageError("--output takes one PACK", "--output", "migrate one pack at a time")
    if args.check and args.diff:
        raise UsageError("--check and --diff do not go together", "--diff", "choose one")
    if args.output is not None and (args.check or args.diff):
        raise UsageError("--output writes a file; --check and --diff write none", "--output")
    pending = 0
    for ref in args.packs:
        path = _source(ref, args)
        text = safeyaml.read_text(path)
        migration = migrate_text(text, str(path), args.pack_path)
        pending += migration.changed
        if args.check:
            out.write(_checked(migration))
        elif args.diff:
            out.write(_diff(migration))
        else:
            _write(migration, path, args, out)
    return 1 if pending and (args.check or args.diff) else 0


def _checked(m: Migration) -> str:
    where = _one_line(m.path)
    if not m.changed:
        return f"{where}: up to date\n"
    return f"{where}: would migrate ({len(m.changes)} change{'s' * (len(m.changes) != 1)})\n"


def _diff(m: Migration) -> str:
    lines = difflib.unified_diff(
        m.before.splitlines(keepends=True),
        m.after.splitlines(keepends=True),
        m.path,
        f"{m.path} (pack_format 2)",
    )
    return neutralise("".join(lines))


def _write(m: Migration, path: Path, args: MigrateArgs, out: TextIO) -> None:
    where = _one_line(m.path)
    if args.output is not None and str(args.output) == "-":
        out.write(neutralise(m.after) if is_terminal(out) else m.after)
        return
    if args.output is not None:
        write_new_file(args.output, m.after, args.force)
        target = _one_line(str(args.output))
        out.write(f"wrote {target}: {where} at pack_format 2\n" + _changes(m))
        return
    if not m.changed:
        out.write(f"{where}: up to date\n")
        return
    real = path.resolve()  # a link to a pack: edit the pack, keep the link
    check_new_file(real, force=True)  # a regular file, or refuse before the backup
    backup = real.with_name(real.name + BACKUP_SUFFIX)
    write_new_file(backup, m.before, args.force)
    write_new_file(real, m.after, force=True)
    shown = backup if path.is_symlink() else path.with_name(backup.name)  # as the user named it
    out.write(f"migrated {where} (backup: {_one_line(str(shown))})\n" + _changes(m))


def _changes(m: Migration) -> str:
    return "".join(f"  {_one_line(line)}\n" for line in m.changes)
