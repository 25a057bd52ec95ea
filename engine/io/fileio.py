"""Writing the files the user asks for: atomically, and never over a file unless forced to."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, Location

STDOUT = "-"  # the output name that means standard output, as in most command-line tools


def _default_mode() -> int:
    """The mode `open()` would give a new file (mkstemp's is 0600, too strict for a report)."""
    umask = os.umask(0o022)  # reading the umask means setting it: put it straight back
    os.umask(umask)
    return 0o666 & ~umask


def refuse_inputs(path: Path, inputs: Iterable[str | Path]) -> None:
    """An output file must not be one of the command's input files, forced or not."""
    for given in inputs:
        if not given:
            continue
        with contextlib.suppress(OSError):
            if Path(given).exists() and path.exists() and os.path.samefile(path, given):
                raise InputError(
                    "refusing to write over an input file",
                    Location(str(path)),
                    remedy="other_output",
                )


def check_new_file(path: Path, force: bool) -> None:
    """Fail early (InputError) when `path` could not be written without `force`.

    Only a regular file is ever replaced, forced or not: replacing a device, a FIFO or a
    socket by a file (as root, `-o /dev/null --force` would destroy /dev/null) is never what
    was meant.
    """
    where = Location(str(path))
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", where) from None
    if stat.S_ISDIR(mode):
        raise InputError("is a directory", where, "name a file to write")
    if not stat.S_ISREG(mode):
        raise InputError(
            f"is a {_kind(mode)}, not a regular file: followup writes only regular files",
            where,
            "name a new file",
            remedy="print_output",
        )
    if not force:
        raise InputError("file already exists", where, remedy="replace_output")


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISFIFO, "named pipe"),
        (stat.S_ISSOCK, "socket"),
    ):
        if test(mode):
            return name
    return "special file"


def write_new_file(path: Path, text: str | bytes, force: bool, mode: int | None = None) -> None:
    """Write `text` (UTF-8) to `path` atomically: readers see the old file or the new one.

    Without `force` an existing file is left alone (InputError, exit 2), even one created while
    this runs: the new file is linked into place, which fails if the name exists. With `force`
    it is replaced, keeping its permissions; `mode` gives the new file's instead.
    """
    with new_file(path, force, mode) as fh:
        try:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
        except OSError as exc:
            raise InputError(f"cannot write: {exc.strerror or exc}", Location(str(path))) from None


@contextlib.contextmanager
def new_file(path: Path, force: bool, mode: int | None = None) -> Iterator[BinaryIO]:
    """A file to write `path`'s new content to as it comes (a batch's records): a temporary
    file beside it, put in place when the block ends, as write_new_file does; removed when
    the block fails or is interrupted, so `path` is the old file or the whole new one."""
    where = Location(str(path))
    check_new_file(path, force)
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except OSError:
            mode = _default_mode()
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", where) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh  # an error of the caller's block is the caller's: not a write error
            _placed(fh, tmp, path, force, mode)
        tmp = ""
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _placed(fh: BinaryIO, tmp: str, path: Path, force: bool, mode: int) -> None:
    where = Location(str(path))
    try:
        fh.flush()
        os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if force:
            os.replace(tmp, path)
        else:
            _link_into_place(tmp, path)
    except FileExistsError:
        raise InputError("file already exists", where, remedy="replace_output") from None
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", where) from None


def _link_into_place(tmp: str, path: Path) -> None:
    """Move `tmp` to `path` unless `path` exists (FileExistsError), atomically where possible."""
    try:
        os.link(tmp, path)  # fails with FileExistsError if the name is taken, even by a race
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then rename
        if path.exists():
            raise FileExistsError(str(path)) from None
        os.replace(tmp, path)
        return
    with contextlib.suppress(OSError):  # the new file is in place; a stray name is harmless
        os.unlink(tmp)
