"""Quoting for display: shell words and visible text."""

from __future__ import annotations

import re
import shlex

from .rules import UNSAFE_CHARS


def shell_word(arg: str) -> str:
    """ARG quoted for bash; control characters spelled as $'\\xNN', so that printing the
    command line cannot do to the terminal what the fuzzer checks the CLI never does."""
    if not re.search(r"[\x00-\x1f\x7f-\x9f]", arg):
        return shlex.quote(arg)
    body = "".join(
        f"\\x{ord(c):02x}" if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F else
        "\\" + c if c in "\\'" else c
        for c in arg
    )  # fmt: skip
    return f"$'{body}'"


def visible(text: str) -> str:
    """TEXT with its control characters (but newlines) escaped, for the campaign's reports."""
    return UNSAFE_CHARS.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else
                            f"\\u{ord(m[0]):04x}", text)  # fmt: skip
