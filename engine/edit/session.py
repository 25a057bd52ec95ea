"""One edit of a timeline file: read it once, add an item, check the result, write it safely.

Safe means: the new text is loaded again and must hold exactly the old data plus the item and
be a valid timeline, or nothing is written; the file is replaced atomically (a reader, or a
crash, sees the old file or the new one), its previous version is kept as `FILE~`, and the
edit is refused when the file changed on disk since it was read (an editor saved it meanwhile)
or another followup command is editing it (`FILE.lock`, as git's `index.lock`).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, Location, UsageError
from ..io import safeyaml
from ..io.fileio import check_new_file, write_new_file
from ..io.yamledit import LayoutError, insert_item, plain_data
from ..load.timelines import timeline_from_document
from ..model import Timeline

__all__ = ["BACKUP_SUFFIX", "LOCK_SUFFIX", "Edited", "TimelineFile"]

BACKUP_SUFFIX = "~"  # as Emacs and many editors keep the previous version
LOCK_SUFFIX = ".lock"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Edited:
    """The text the edit makes, the timeline it reads as, the line the new item starts, and
    the document (for positions of what a warning is about)."""

    text: str
    timeline: Timeline
    line: int
    document: safeyaml.Document


@dataclass(frozen=True)
class TimelineFile:
    """A timeline file as read for editing: its path, text, the digest of its bytes, and the
    timeline it holds (valid: a file that is not is refused before any edit)."""

    path: Path
    text: str
    digest: str
    document: safeyaml.Document
    timeline: Timeline

    @classmethod
    def read(cls, name: str | Path) -> TimelineFile:
        if str(name) == safeyaml.STDIN:
            raise UsageError(
                "cannot edit standard input", "FILE", "name the timeline file to change"
            )
        path = Path(name)
        where = Location(str(path))
        try:
            mode = path.stat().st_mode
            if stat.S_ISDIR(mode):
                raise InputError("is a directory", where, "name a timeline file")
            if not stat.S_ISREG(mode):
                raise InputError("not a regular file: followup edits only regular files", where)
            raw = path.read_bytes()
        except FileNotFoundError:
            raise InputError("no such file", where, "create it with: followup init FILE") from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", where) from None
        text = safeyaml.decode(raw, str(path))  # the limits and the UTF-8 check of any input
        document = safeyaml.loads(text, str(path))
        return cls(path, text, _digest(raw), document, timeline_from_document(document))

    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.document.data
        return data

    def insert(
        self,
        where: tuple[str | int, ...],
        index: int,
        item: Mapping[str, Any],
        *,
        flow: bool,
        before_key: str = "",
    ) -> Edited:
        """The file with `item` at `index` of the list at `where`, checked as a whole."""
        try:
            text = insert_item(self.text, where, index, item, flow=flow, before_key=before_key)
        except LayoutError as exc:
            raise self._layout(exc.message) from None
        expected = copy.deepcopy(self.data())
        holder: Any = expected
        for step in where[:-1]:
            holder = holder[step]
        holder.setdefault(where[-1], []).insert(index, plain_data(dict(item)))
        try:
            document = safeyaml.loads(text, str(self.path))
        except InputError as exc:  # the splice misread the layout: never the user's error
            raise self._layout(f"the edited file would not parse: {exc.message}") from None
        if document.data != expected:
            raise self._layout("the edited file would not read back as intended")
        line = _first_changed_line(self.text, text)
        try:
            timeline = timeline_from_document(document)
        except InputError as exc:
            # The new text is not on disk: say what is wrong where the item would have gone.
            raise InputError(
                f"not written: the change would make the timeline invalid: {exc.message}",
                Location(str(self.path), line),
                exc.hint,
            ) from None
        return Edited(text, timeline, line, document)

    def _layout(self, why: str) -> InputError:
        return InputError(
            f"cannot add to this file without changing what is around it ({why})",
            Location(str(self.path)),
            "add it by hand, or send the file to the issue tracker",
        )

    def write(self, edited: Edited) -> Path:
        """Replace the file with `edited.text`, keeping the old one as FILE~ (returned)."""
        real = self.path.resolve()  # a link to a timeline: edit the timeline, keep the link
        check_new_file(real, force=True)  # a regular file, or refuse before anything is written
        backup = real.with_name(real.name + BACKUP_SUFFIX)
        with self._locked(real):
            try:
                now = real.read_bytes()
            except OSError as exc:
                raise InputError(f"cannot read: {exc.strerror or exc}", self._where()) from None
            mode = stat.S_IMODE(real.stat().st_mode)
            if not mode & 0o222 or not os.access(real, os.W_OK):  # root may write anything
                raise InputError(
                    "the file is read-only: nothing written",
                    self._where(),
                    f"make it writable (chmod u+w {real.name}) if you mean to change it",
                )
            if _digest(now) != self.digest:
                raise InputError(
                    "the file changed since followup read it: nothing written",
                    self._where(),
                    "run the command again",
                )
            # The backup is the old file: it keeps its mode (a private timeline stays private).
            write_new_file(backup, now, force=True, mode=mode)
            write_new_file(real, edited.text, force=True)
        return backup if self.path.is_symlink() else self.path.with_name(backup.name)

    def _where(self) -> Location:
        return Location(str(self.path))

    @contextlib.contextmanager
    def _locked(self, real: Path) -> Iterator[None]:
        lock = real.with_name(real.name + LOCK_SUFFIX)
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            raise InputError(
                f"another followup command is editing this file ({lock.name} exists)",
                self._where(),
                f"wait for it, or delete {lock} if none is running",
            ) from None
        except OSError as exc:
            raise InputError(f"cannot lock: {exc.strerror or exc}", self._where()) from None
        try:
            os.close(fd)
            yield
        finally:
            with contextlib.suppress(OSError):
                os.unlink(lock)


def _first_changed_line(old: str, new: str) -> int:
    """The 1-based line of `new` where it first differs from `old`."""
    same = 0
    for a, b in zip(old, new, strict=False):
        if a != b:
            break
        same += 1
    return new.count("\n", 0, same) + 1
