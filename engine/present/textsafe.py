"""Text safety at the presentation boundary: the one sanitiser and the one Markdown escaper.

Packs and timelines are untrusted: any string in them may hold terminal control sequences
(`ESC [2J` clears the screen, `ESC ]0;...BEL` retitles the window, a bare CR rewinds the line so
that what follows overwrites it). JSON output escapes them by itself; every human-readable
output goes through `neutralise`, which replaces each dangerous character with a visible,
ASCII-only escape in Python's spelling: `\\x1b`, `\\r`, `\\x9b`, `\\u202e` (docs/export.md,
"Untrusted text"). The replacement is printable, so neutralising twice changes nothing.

Reporters return their lines (`lines_text`, or the `text_output` decorator): each line is
neutralised with its newlines escaped too, so a value holding `\\n` cannot forge a line of the
report, and only the newlines the reporter itself puts between lines reach the output.

`md` escapes text for Markdown (every Markdown writer uses it); `md_code` quotes it as a code span;
`flat` puts text on one line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import ParamSpec

P = ParamSpec("P")

# What is neutralised:
# * C0 controls U+0000-U+001F (ESC starts every terminal sequence, CR rewinds a line, BS and
#   VT/FF move the cursor, BEL rings), DEL U+007F, and C1 controls U+0080-U+009F (U+009B is
#   CSI and U+009D OSC on terminals that read 8-bit controls; U+0085 is a line break). Newline
#   and tab are kept where the caller says so: a tab only moves to the next tab stop.
# * U+2028 and U+2029, the line and paragraph separators: editors, browsers and some terminals
#   break lines there, so they could forge a line as a newline would.
# * The bidirectional embeddings and overrides U+202A-U+202E and the isolates U+2066-U+2069:
#   they reorder how the rest of a line is displayed ("Trojan Source", CVE-2021-42574), so a
#   date, a status or a quote could read differently from what the file says. The plain marks
#   LRM, RLM and ALM (U+200E, U+200F, U+061C) are left alone: they occur in real Hebrew and
#   Arabic text and cannot reorder anything beyond the characters next to them.
# * Lone surrogates U+D800-U+DFFF (a JSON file can spell one, "\ud800"): no encoding can print
#   them, so they would crash the output or be replaced blindly.
_RANGES = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069\ud800-\udfff"


@functools.cache  # compiled when first needed: a run prints one or two of the four variants
def _unsafe(newlines: bool, tabs: bool) -> re.Pattern[str]:
    return re.compile(f"[{'' if tabs else chr(9)}{'' if newlines else chr(10)}{_RANGES}]")


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def neutralise(text: str, *, newlines: bool = True, tabs: bool = True) -> str:
    """`text` with every control character, line or paragraph separator, bidi override or
    isolate and lone surrogate replaced by its visible escape (`\\x1b`, `\\r`, `\\u202e`);
    newlines and tabs are kept unless `newlines` or `tabs` is False. Printable text is
    returned unchanged, and neutralise(neutralise(t)) == neutralise(t)."""
    pattern = _unsafe(newlines, tabs)
    if pattern.search(text) is None:  # the common case: nothing to do, no copy
        return text
    return pattern.sub(_escape, text)


def lines_text(lines: Iterable[str], end: str = "\n") -> str:
    """A human-readable output from its lines: each neutralised, a newline inside one shown
    as `\\n` (no value can add a line), each followed by `end`."""
    return "".join(neutralise(line, newlines=False) + end for line in lines)


def text_output(render: Callable[P, Iterable[str]]) -> Callable[P, str]:
    """A reporter returning its lines, made one returning the safe text (`lines_text`)."""

    @functools.wraps(render)
    def text(*args: P.args, **kwargs: P.kwargs) -> str:
        return lines_text(render(*args, **kwargs))

    return text


# Markdown: every ASCII punctuation character that can start or end markup, escaped with a
# backslash (CommonMark renders `\X` as X for any ASCII punctuation). `_` only at a word's edge,
# since `snake_case` inside a word never emphasises; `#` only where it can open or close a
# heading (at the start, or after a space); `&` only where it would start an entity (`&lt;`,
# `&#60;`). `<` would open HTML or an autolink, `[` `]` a link, `|` a table cell, `~` a
# strikethrough.
_MD_SPECIAL = re.compile(r"[\\`*\[\]<>|~]|&(?=#?[0-9A-Za-z]+;)|(?<!\S)#|(?<!\w)_|_(?!\w)")
# What opens a block at the start of a line: a list item (`-`, `+`, `1.`, `1)`), a setext
# underline (`=`); `#`, `>`, `*` and `_` are escaped wherever they are.
_MD_BLOCK = re.compile(r"^(?:([-+=])|([0-9]{1,9})([.)]))")


def flat(text: str) -> str:
    """`text` on one line: every run of whitespace, newlines included, as one space."""
    return " ".join(text.split())


def md(text: str, *, line_start: bool = False) -> str:
    """Inline Markdown text: whitespace (newlines included) flattened to single spaces, the
    characters that would format it, link it or open HTML escaped, and then neutralised.
    `line_start`: the text begins a line, so what would open a list or heading is escaped too."""
    out = _MD_SPECIAL.sub(lambda m: "\\" + m.group(), flat(text))
    if line_start:
        out = _MD_BLOCK.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", out)
    return neutralise(out, newlines=False, tabs=False)


def md_code(text: str) -> str:
    """`text` as a Markdown code span (shown verbatim, never interpreted): neutralised, and
    fenced with more backticks than it holds in a row."""
    body = neutralise(text, newlines=False, tabs=False) or " "
    fence = "`" * (max((len(run) for run in re.findall("`+", body)), default=0) + 1)
    if body.startswith("`") or body.endswith("`") or (body[:1] == body[-1:] == " "):
        body = f" {body} "  # CommonMark strips one space on each side
    return f"{fence}{body}{fence}"
