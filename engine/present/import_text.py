"""`followup import --dry-run`: what the import understood of a tracker, for a person to check
before anything is written. Which field each column gives (and why one is not read), then per
row the application, its contact and the events it will make. Every value is from the file:
all of it is neutralised (lines_text)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..errors import FollowupError
from ..tracker.columns import Column
from ..tracker.document import TrackerImport
from ..tracker.fields import STATUS_HEADINGS
from ..tracker.rows import PlannedApplication
from .fit import cells, pad
from .textsafe import text_output

_DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _column(column: Column, width: int, hint: Callable[[FollowupError], str]) -> str:
    shown = repr(column.header) if column.header.strip() else "(no header)"
    head = f"  {column.number:>3}  {pad(shown, width)}  "
    if column.field is None:
        why = column.note.message if column.note is not None else "not read (mapped to ignore)"
        said = hint(column.note) if column.note is not None else ""
        return (
            head
            + why.removeprefix(f"column {column.header!r} is ")
            + (f" ({said})" if said else "")
        )
    how = " (mapped)" if column.mapped else ""
    role = f", a {column.role.replace('_', ' ')}" if column.role else ""
    return head + f"{column.field}{how}{role}"


def _application(app: PlannedApplication) -> Iterator[str]:
    status = f"  [{STATUS_HEADINGS[app.status]}]" if app.status else ""
    yield f"  line {app.line}: {app.id}  {app.company}, {app.role}{status}"
    for event in app.events:
        yield f"      {event.date.isoformat()}  {event.type}"
    if not app.events:
        yield "      no events"
    if app.contact is not None:
        c = app.contact
        email = f" <{c.email}>" if c.email else ""
        yield f"      contact {c.id} ({c.role}): {c.name}{email}".rstrip(": ")


@text_output
def dry_run_text(imported: TrackerImport, hint: Callable[[FollowupError], str]) -> Iterator[str]:
    table = imported.table
    delimiter = _DELIMITERS.get(table.delimiter, repr(table.delimiter))
    yield (
        f"{table.path}: {_plural(len(table.rows), 'row')} under a header on line "
        f"{table.header.line}, columns separated by {delimiter}"
    )
    yield "columns:"
    width = max((cells(repr(c.header)) for c in imported.columns.columns), default=0)
    for column in imported.columns.columns:
        yield _column(column, min(width, 30), hint)
    if imported.applications:
        yield "rows:"
    for app in imported.applications:
        yield from _application(app)
    problems = len(imported.problems)
    verdict = f"{_plural(problems, 'problem')} (listed on standard error)" if problems else "ok"
    yield (
        f"{_plural(len(imported.applications), 'application')}, "
        f"{_plural(sum(len(a.events) for a in imported.applications), 'event')}: {verdict}"
    )
