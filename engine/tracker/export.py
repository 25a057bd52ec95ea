"""A timeline's applications as a spreadsheet tracker: one row per application, with the
columns `followup import` reads, so that exporting and importing again gives back each
application's id, company, role, url, notes, first contact, date applied, interview date and
latest status. The other events (follow-ups, thank-yous, replies) have no column.

Spreadsheet-safe: a cell that a spreadsheet would run as a formula (it starts with `=`, `+`,
`-`, `@`, a tab or a carriage return) is written with a `'` before it, which spreadsheets show
as text and import reads back without it (rows.py `unquote`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any, Final

from ..model import Application, Timeline
from ..vocabulary import TerminalEvent
from .fields import FIELDS, HEADERS, STATUS_HEADINGS, Field, Status
from .rows import FORMULA_START

_STATUS_OF: Final[dict[TerminalEvent, Status]] = {
    "rejection": "rejected",
    "offer": "offer",
    "withdrawal": "withdrawn",
}


def spreadsheet_safe(cell: str) -> str:
    """`cell`, with a `'` before it when a spreadsheet would run it, or when it already starts
    with one that import would take away (`'=x` stays `'=x` through export and import)."""
    quoted = cell.startswith("'") and cell[1:2].startswith(FORMULA_START)
    return "'" + cell if cell.startswith(FORMULA_START) or quoted else cell


def _row(app: Application, raw: Mapping[str, Any]) -> dict[Field, str]:
    def first(kind: str, last: bool = False) -> str:
        days = [e.date for e in app.events if e.type == kind]
        return (max(days) if last else min(days)).isoformat() if days else ""

    terminal = [e for e in app.events if e.type in _STATUS_OF]
    status: Status | None = None
    status_date = ""
    if terminal:
        status = _STATUS_OF[terminal[-1].type]  # type: ignore[index]
        status_date = terminal[-1].date.isoformat()
    elif any(e.type == "interview" for e in app.events):
        status = "interviewing"
    elif any(e.type == "application_submitted" for e in app.events):
        status = "applied"
    contact = app.contacts[0] if app.contacts else None
    row: dict[Field, str] = {
        "id": app.id,
        "company": app.company,
        "role": app.role,
        "date_applied": first("application_submitted"),
        "status": STATUS_HEADINGS[status] if status is not None else "",
        "status_date": status_date,
        "interview_date": first("interview", last=True),
        "contact_name": contact.name if contact else "",
        "contact_email": contact.email if contact else "",
        "contact_role": contact.role.replace("_", " ") if contact else "",
        "notes": str(raw.get("notes", "")),
        "url": app.url,
    }
    return row


def tracker_csv(timeline: Timeline, data: Mapping[str, Any]) -> str:
    """The CSV text of `timeline`, whose document `data` is (for what the model leaves out)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)  # RFC 4180: commas, CRLF, quotes only where needed
    writer.writerow([HEADERS[f] for f in FIELDS])
    raws = data.get("applications", [])
    for app, raw in zip(timeline.applications, raws, strict=True):
        row = _row(app, raw)
        writer.writerow([spreadsheet_safe(row[f]) for f in FIELDS])
    return out.getvalue()
