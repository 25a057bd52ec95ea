"""What `followup add`, `contact` and `log` share: insert one item into the timeline file,
then write it (or, with --dry-run, show the change as a diff and write nothing)."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TextIO

from ..edit.session import Edited, TimelineFile
from ..present.fit import wrap_line
from ..present.textsafe import lines_text, neutralise
from .items import Insertion
from .terminal import layout

__all__ = ["apply", "say", "shown", "written"]


def shown(path: Path | str) -> str:
    return neutralise(str(path), newlines=False)


def apply(
    file: TimelineFile, insertion: Insertion, dry_run: bool, out: TextIO
) -> tuple[Edited, Path | None]:
    """The edited file, and where its previous version went (None with `dry_run`, which
    prints the diff instead of writing)."""
    edited = file.insert(
        insertion.where,
        insertion.position,
        insertion.item,
        flow=insertion.flow,
        before_key=insertion.before_key,
    )
    if dry_run:
        name = str(file.path)
        diff = difflib.unified_diff(
            file.text.splitlines(keepends=True),
            edited.text.splitlines(keepends=True),
            name,
            f"{name} (after)",
        )
        out.write(neutralise("".join(diff)))
        return edited, None
    return edited, file.write(edited)


def written(path: Path, line: int, backup: Path | None) -> str:
    """" (timeline.yaml line 24; previous version: timeline.yaml~)", or the dry run's words."""
    if backup is None:
        return f" (dry run: {shown(path)} not changed)"
    return f" ({shown(path)} line {line}; previous version: {shown(backup)})"


def say(out: TextIO, lines: list[str], fitted: list[str] | None = None) -> None:
    """Print `lines` wrapped to the terminal's width (each line's continuation two spaces
    further in), then `fitted`, lines a reporter has already fitted to it."""
    width = layout(out).prose
    out.write(lines_text([part for line in lines for part in wrap_line(line, width)]))
    out.write(lines_text(fitted or []))
