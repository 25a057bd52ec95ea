"""What `followup batch` reads: files, folders (every *.yaml, *.yml and *.json under them, in
name order), JSON Lines files (*.jsonl: one timeline a line) and `-` (standard input: JSON
Lines when its first line is a JSON object, else one document). Read lazily, so that a
million-line input is never held whole: each Unit carries one timeline's bytes."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from ..errors import InputError, Location
from ..io.safeyaml import MAX_BYTES, STDIN, STDIN_NAME

__all__ = ["DOCUMENT_SUFFIXES", "LINES_SUFFIX", "Unit", "units"]

DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")
LINES_SUFFIX = ".jsonl"


class Unit(NamedTuple):
    """One timeline to evaluate: its bytes, the file it is in and, in a JSON Lines file, its
    line (0: the whole file); or, when it could not even be read, the error instead."""

    path: str
    line: int
    data: bytes
    error: InputError | None = None


def units(names: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[Unit]:
    for name in names:
        if name == STDIN:
            yield from _stdin(stdin)
            continue
        path = Path(name)
        if path.is_dir():
            yield from _folder(path)
        elif path.suffix == LINES_SUFFIX:
            yield from _lines_file(path)
        else:
            yield _file(path)


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()  # os.walk visits them in this order: the same on every machine
        kept = (*DOCUMENT_SUFFIXES, LINES_SUFFIX)
        found += [Path(root) / f for f in sorted(files) if Path(f).suffix in kept]
    return found


def _folder(folder: Path) -> Iterator[Unit]:
    for path in _walk(folder):
        if path.suffix == LINES_SUFFIX:
            yield from _lines_file(path)
        else:
            yield _file(path)


def _error(path: Path, why: str) -> Unit:
    return Unit(str(path), 0, b"", InputError(why, Location(str(path))))


def _opened(path: Path) -> BinaryIO | Unit:
    """The file open for reading, or the error Unit that takes its place: a pipe or a device
    would block or never end, so only regular files are read."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return _error(path, "not a regular file: followup batch reads files, folders and -")
        return path.open("rb")
    except FileNotFoundError:
        return _error(path, "no such file")
    except OSError as exc:
        return _error(path, f"cannot read: {exc.strerror}")


def _file(path: Path) -> Unit:
    fh = _opened(path)
    if isinstance(fh, Unit):
        return fh
    with fh:
        try:
            data = fh.read(MAX_BYTES + 1)  # the loader reports one over the limit as too big
        except OSError as exc:
            return _error(path, f"cannot read: {exc.strerror}")
    return Unit(str(path), 0, data)


def _lines_file(path: Path) -> Iterator[Unit]:
    fh = _opened(path)
    if isinstance(fh, Unit):
        yield fh
        return
    with fh:
        yield from _lines(str(path), fh)


def _lines(name: str, fh: BinaryIO, first: int = 1) -> Iterator[Unit]:
    """Each non-blank line; a line over the size limit is an error, and is skipped without
    being held (a JSON Lines file of one endless line must not fill the memory)."""
    number = first
    while line := fh.readline(MAX_BYTES + 1):
        if len(line) > MAX_BYTES and not line.endswith(b"\n"):
            while (rest := fh.readline(MAX_BYTES)) and not rest.endswith(b"\n"):
                pass
            why = f"line is longer than the {MAX_BYTES // 1024} KiB limit"
            yield Unit(name, number, b"", InputError(why, Location(name)))
        elif line.strip():
            yield Unit(name, number, line.rstrip(b"\r\n"))
        number += 1


def _stdin(stdin: BinaryIO | None) -> Iterator[Unit]:
    import sys

    stream = stdin if stdin is not None else sys.stdin.buffer
    head = stream.readline()
    if _is_json_object(head):
        yield Unit(STDIN_NAME, 1, head.rstrip(b"\r\n"))
        yield from _lines(STDIN_NAME, stream, first=2)
        return
    yield Unit(STDIN_NAME, 0, head + stream.read(MAX_BYTES + 1))


def _is_json_object(line: bytes) -> bool:
    if not line.lstrip().startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False
