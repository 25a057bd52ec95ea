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

__all__ = [
    "DOCUMENT_SUFFIXES", "LINES_SUFFIX", "Unit", "file_unit", "line_units", "opened", "units",
    "walk",
]  # fmt: skip

DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")
LINES_SUFFIX = ".jsonl"


class Unit(NamedTuple):
    """One timeline to evaluate: its bytes, the file it is in and, in a JSON Lines file, its
    line (0: the whole file); or, when it could not even be read, the error instead."""

    path: str
    line: int
    data: bytes
    error: InputError | None = None


def units(
    names: Iterable[str], stdin: BinaryIO | None = None, skip: Path | None = None
) -> Iterator[Unit]:
    """The timelines `names` hold, in order; a folder's files but `skip` (the batch's own
    output file, which a folder given as input may hold: it is no timeline)."""
    skipped = _identity(skip) if skip is not None else None
    for name in names:
        if name == STDIN:
            yield from _stdin(stdin)
            continue
        path = Path(name)
        if path.is_dir():
            yield from _folder(path, skipped)
        elif path.suffix == LINES_SUFFIX:
            yield from line_units(path)
        else:
            yield file_unit(path)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def walk(folder: Path) -> list[Path | Unit]:
    """The folder's timeline files in name order, and in their place an error for each
    subfolder that cannot be read (never skipped unsaid)."""
    found: list[Path | Unit] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else folder
        found.append(_error(where, f"cannot read folder: {exc.strerror}"))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs.sort()  # os.walk visits them in this order: the same on every machine
        kept = (*DOCUMENT_SUFFIXES, LINES_SUFFIX)
        found += [Path(root) / f for f in sorted(files) if Path(f).suffix in kept]
    return found


def _folder(folder: Path, skipped: tuple[int, int] | None) -> Iterator[Unit]:
    for path in walk(folder):
        if isinstance(path, Unit):
            yield path
        elif skipped is not None and _identity(path) == skipped:
            continue
        elif path.suffix == LINES_SUFFIX:
            yield from line_units(path)
        else:
            yield file_unit(path)


def _error(path: Path, why: str) -> Unit:
    return Unit(str(path), 0, b"", InputError(why, Location(str(path))))


def opened(path: Path) -> BinaryIO | Unit:
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


def file_unit(path: Path) -> Unit:
    fh = opened(path)
    if isinstance(fh, Unit):
        return fh
    with fh:
        try:
            data = fh.read(MAX_BYTES + 1)  # the loader reports one over the limit as too big
        except OSError as exc:
            return _error(path, f"cannot read: {exc.strerror}")
    return Unit(str(path), 0, data)


def line_units(
    path: Path, offset: int = 0, first: int = 1, count: int | None = None
) -> Iterator[Unit]:
    """The Units of a JSON Lines file, or of the `count` lines (None: all) that start at byte
    `offset`, the first of them being line `first`: a cluster's worker reads its block of a
    file so, given where the block starts (engine/batch/cluster.py)."""
    fh = opened(path)
    if isinstance(fh, Unit):
        yield fh
        return
    with fh:
        fh.seek(offset)
        yield from _lines(str(path), fh, first, count)


def _lines(name: str, fh: BinaryIO, first: int = 1, count: int | None = None) -> Iterator[Unit]:
    """Each non-blank line; a line over the size limit is an error, and is skipped without
    being held (a JSON Lines file of one endless line must not fill the memory). A read that
    fails (a disk error, a file truncated under us) is the last Unit, an error."""
    try:
        yield from _read_lines(name, fh, first, count)
    except OSError as exc:
        yield Unit(name, 0, b"", InputError(f"cannot read: {exc.strerror or exc}", Location(name)))


def _read_lines(name: str, fh: BinaryIO, first: int, count: int | None) -> Iterator[Unit]:
    number = first
    end = None if count is None else first + count
    while number != end and (line := fh.readline(MAX_BYTES + 1)):
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
    head = stream.readline(MAX_BYTES + 1)
    if len(head) > MAX_BYTES and not head.endswith(b"\n"):
        # Over the limit whatever it is: JSON Lines go on after it, a document cannot.
        jsonl = head.lstrip().startswith(b"{")
        while (rest := stream.readline(MAX_BYTES)) and not rest.endswith(b"\n"):
            pass
        limit = f"the {MAX_BYTES // 1024} KiB limit"
        why = f"line is longer than {limit}" if jsonl else f"input is larger than {limit}"
        yield Unit(STDIN_NAME, 1, b"", InputError(why, Location(STDIN_NAME)))
        if jsonl:
            yield from _lines(STDIN_NAME, stream, first=2)
        return
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
