"""How wide text output may be, and the helpers that fit lines to it.

The command finds the width once (engine/commands/terminal.py: COLUMNS, else the terminal's)
and hands it to the reporter in a Layout: reporters never read the environment, so the same
input and the same width always give the same bytes.

Two widths come out of one Layout:
* `lines`: for what is read across, one item a line (the agenda, the compare table): the whole
  terminal, however wide, but never under MIN_WIDTH.
* `prose`: where sentences wrap: the terminal's width up to MAX_WIDTH, since longer lines are
  hard to read whatever the terminal (a wide terminal never makes the output worse).

With no width (not a terminal and no COLUMNS: a pipe or a file), nothing is cut: what reads
it gets every word (as git and gh give a pipe whole lines). `run` still wraps its details at
MAX_WIDTH, as it always did, so that what scripts and diffs read does not change.

Widths are counted in terminal cells (wcwidth: a CJK character or an emoji takes two, a
combining mark none) after neutralising (textsafe.neutralise), since an escaped control
character is printed several cells wide.
"""

from __future__ import annotations

import textwrap
from typing import Final, NamedTuple

import wcwidth

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


def cells(text: str) -> int:
    """How many terminal cells `text` (neutralised: no control character) takes."""
    return int(wcwidth.width(text))


def pad(text: str, width: int) -> str:
    """`text` with spaces after it up to `width` cells (as `str.ljust`, counting cells)."""
    return text + " " * max(0, width - cells(text))


def cut(text: str, width: int | None) -> str:
    """`text` cut to `width` cells, its end replaced by an ellipsis when cut (a wide
    character that would straddle the cut is left out whole)."""
    if width is None or cells(text) <= width:
        return text
    kept = str(wcwidth.clip(text, 0, width - 1, fillchar=""))
    return kept + ELLIPSIS


def wrap(text: str, width: int | None, indent: int = 0, hang: int | None = None) -> list[str]:
    """`text` as lines of at most `width` cells, each whitespace character a space: the
    first indented by `indent` spaces, the others by `hang` (default `indent`). A word longer
    than a line is broken; a hyphenated one is not broken at its hyphen. One line when `width`
    is None: the text indented, whole."""
    # neutralised before it is measured; newlines are left for wrap to make spaces, and a tab
    # is one space here (textwrap would expand it to up to 8, wcwidth's wrap differently)
    text = neutralise(text).replace("\t", " ")
    first = " " * indent
    if width is None:
        return [first + text]
    rest = " " * (indent if hang is None else hang)
    # never a line of indentation only: at least 10 cells of text after it
    width = max(width, len(first) + 10, len(rest) + 10)
    # One cell per character in ASCII, where the standard library's wrap gives the same lines
    # five times faster (most text is ASCII, and a report wraps hundreds of sentences).
    wrapper = textwrap.wrap if text.isascii() else wcwidth.wrap
    lines: list[str] = wrapper(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
    )
    return lines or [first.rstrip()]


def wrap_line(line: str, width: int | None, hang: int = 2) -> list[str]:
    """A line that carries its own indentation, wrapped with the others `hang` spaces further in."""
    body = line.lstrip(" ")
    indent = len(line) - len(body)
    return wrap(body, width, indent, indent + hang)
