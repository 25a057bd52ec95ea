"""GitHub Actions workflow commands (`--format github` of validate and test): one
`::error file=PATH,line=L,col=C,title=TITLE::MESSAGE` (or `::warning`) per annotation, which
a workflow step's log turns into an annotation on the file and line.

Escaped as GitHub's toolkit does (actions/toolkit, packages/core/src/command.ts): `%`, `\\r` and
`\\n` in the message; also `:` and `,` in the properties. Messages quote the pack and the
timeline, untrusted text: control characters other than the newline are neutralised first, so
that none reaches the log.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from .annotations import Annotation, relative_path
from .textsafe import neutralise

_DATA: Final = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_PROPERTY: Final = {**_DATA, ":": "%3A", ",": "%2C"}


def escape_data(text: str) -> str:
    return "".join(_DATA.get(c, c) for c in text)


def escape_property(text: str) -> str:
    return "".join(_PROPERTY.get(c, c) for c in text)


def command(a: Annotation) -> str:
    """One annotation, as a workflow command line (without its newline)."""
    properties = {
        "file": relative_path(a.location.path),
        "line": str(a.location.line),
        "col": str(a.location.col),
        "title": a.title,
    }
    listed = ",".join(f"{k}={escape_property(neutralise(v))}" for k, v in properties.items())
    return f"::{a.level} {listed}::{escape_data(neutralise(a.message))}"


def as_github(annotations: Sequence[Annotation]) -> str:
    """One workflow command per line; nothing when there is nothing to say (the exit code says
    the run passed)."""
    return "".join(command(a) + "\n" for a in annotations)
