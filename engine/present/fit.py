"""How wide text output may be, and the helpers that fit lines to it.

The command finds the width once (engine/commands/terminal.py: COLUMNS, else the terminal's)
and hands it to the reporter in a Layout: reporters never read the environment, so the same
input and the same width always give the same bytes.

Two widths come out of one Layout:
* `lines`: for what is read across, one item a line (the agenda, the compare table): the whole
  terminal, however wide, but never under MIN_WIDTH.
* `prose`: where sentences wrap: the terminal's width up to MAX_WIDTH, since longer lines are
  hard to read whatever the terminal (a wide terminal never makes the output worse).

With no width (not a terminal and no COLUMNS: a pipe or a file), lines are what they always
were, so that what scripts and diffs read does not change: `run` wraps its details at
MAX_WIDTH and the agenda cuts at MAX_WIDTH, as they did; other lines are left whole.

Widths are counted in characters after neutralising (textsafe.neutralise), since an escaped
control character is printed several characters wide.
"""

from __future__ import annotations

import textwrap
from typing import Final, NamedTuple

from .textsafe import neutralise

MAX_WIDTH: Final = 100  # prose wraps here at the most; also the width when none is known
MIN_WIDTH: Final = 40  # narrower than this, lines are fitted to 40 all the same
ELLIPSIS: Final = "…"


class Layout(NamedTuple):
    """How a text reporter prints: the width to fit (None: unknown), whether it may use colour,
    and `quiet` (--quiet): only what needs the reader, nothing when all is well."""

    width: int | None = None
    color: bool = False
    quiet: bool = False

    @property
    def lines(self) -> int | None:
        """The width of a line read across (a table row, an agenda line); None: unknown."""
        return None if self.width is None else max(self.width, MIN_WIDTH)

    @property
    def prose(self) -> int | None:
        """The width sentences wrap at; None: unknown."""
        return None if self.lines is None else min(self.lines, MAX_WIDTH)


PLAIN: Final = Layout()  # no known width, no colour, not quiet: what a pipe or a file gets


def cut(text: str, width: int | None) -> str:
    """`text` cut to `width` characters, its end replaced by an ellipsis when cut."""
    if width is None or len(text) <= width:
        return text
    return text[: width - 1] + ELLIPSIS


def wrap(text: str, width: int | None, indent: int = 0, hang: int | None = None) -> list[str]:
    """`text` as lines of at most `width` characters, each whitespace character a space: the
    first indented by `indent` spaces, the others by `hang` (default `indent`). A word longer
    than a line is broken; a hyphenated one is not broken at its hyphen. One line when `width`
    is None: the text indented, whole."""
    # neutralised before it is measured; newlines and tabs are left for textwrap to make spaces
    text = neutralise(text)
    first = " " * indent
    if width is None:
        return [first + text]
    rest = " " * (indent if hang is None else hang)
    # never a line of indentation only: at least 10 characters of text after it
    width = max(width, len(first) + 10, len(rest) + 10)
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def wrap_line(line: str, width: int | None, hang: int = 2) -> list[str]:
    """A line that carries its own indentation, wrapped with the others `hang` spaces further in."""
    body = line.lstrip(" ")
    indent = len(line) - len(body)
    return wrap(body, width, indent, indent + hang)
