"""What the terminal a command prints to can show: how wide a line may be, and colour. The one
place that reads COLUMNS and asks the terminal; reporters get the answer in a Layout
(engine/present/fit.py) and never look themselves."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TextIO

from ..present.fit import Layout

if TYPE_CHECKING:
    from ..present.agenda_text import ColorChoice

__all__ = ["is_terminal", "layout", "use_color", "width"]


def is_terminal(stream: TextIO) -> bool:
    """Whether `stream` is a terminal (a person reads it: no raw control characters)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def width(out: TextIO) -> int | None:
    """COLUMNS when it is a positive number, else the width of the terminal `out` is, else None
    (a pipe or a file: there is nothing to fit)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit() and int(columns) > 0:
        return int(columns)
    if not is_terminal(out):
        return None
    try:
        return os.get_terminal_size(out.fileno()).columns or None
    except (AttributeError, ValueError, OSError):  # no file descriptor, or not a terminal after all
        return None


def use_color(choice: ColorChoice, out: TextIO) -> bool:
    """--color: `auto` colours a terminal unless NO_COLOR is set (https://no-color.org)."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    return is_terminal(out)


def layout(out: TextIO, *, color: bool = False, quiet: bool = False) -> Layout:
    """The Layout of text written to `out`."""
    return Layout(width(out), color, quiet)
