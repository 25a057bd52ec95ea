"""A tracker's rows as applications: each row's company, role, contact and the events its
dates and status say, or every problem of every row, each at its cell (docs/import.md)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from typing import Final, NamedTuple

from ..errors import InputError, Location, Remedy
from ..load.validation import did_you_mean
from ..vocabulary import ID_PATTERN, EventType, Role
from .columns import Column, Columns
from .fields import (
    HEADERS,
    MAX_LENGTH,
    ROLE_WORDS,
    STATUS_WORDS,
    Field,
    Status,
    words,
)
from .sheetdates import SheetDateError, parse_sheet_date
from .table import Row, Table

_ID = re.compile(ID_PATTERN)
_MAX_ID = 64
# Spreadsheet-safe CSV (followup export, and other tools) puts a quote before a cell that a
# spreadsheet would run as a formula: such a cell is read back without it.
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
# The event a settled status records on the status date.
_TERMINAL: Final[dict[Status, EventType]] = {
    "rejected": "rejection",
    "offer": "offer",
    "withdrawn": "withdrawal",
}
# The date field the event of each status needs.
NEEDS: Final[dict[Status, Field]] = {
    "applied": "date_applied",
    "interviewing": "interview_date",
    "rejected": "status_date",
    "offer": "status_date",
    "withdrawn": "status_date",
}


class PlannedEvent(NamedTuple):
    date: dt.date
    type: EventType


class PlannedContact(NamedTuple):
    id: str
    role: Role
    name: str = ""
    email: str = ""


class PlannedApplication(NamedTuple):
    line: int
    id: str
    company: str
    role: str
    events: tuple[PlannedEvent, ...]
    contact: PlannedContact | None = None
    url: str = ""
    notes: str = ""
    status: Status | None = None


def unquote(cell: str) -> str:
    """A cell as written before spreadsheet-safe CSV quoted it: `'=x` is `=x`."""
    if cell.startswith("'") and cell[1:2] and cell[1] in "".join(FORMULA_START):
        return cell[1:]
    return cell


def slug(text: str, fallback: str) -> str:
    """An id from a name: `Acme Corp Product Manager` is `acme-corp-product-manager`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    made = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:_MAX_ID].rstrip("-")
    return made or fallback


def unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`... the first not in `taken` (and at most 64 characters)."""
    made, n = base, 1
    while made in taken:
        n += 1
        suffix = f"-{n}"
        made = base[: _MAX_ID - len(suffix)].rstrip("-") + suffix
    return made


class _RowReader:
    """One row's cells by field, collecting the row's problems instead of stopping at one."""

    def __init__(self, table: Table, columns: Columns, row: Row, day_first: bool) -> None:
        self.table, self.columns, self.row, self.day_first = table, columns, row, day_first
        self.problems: list[InputError] = []

    def at(self, number: int) -> Location:
        return Location(self.table.path, self.row.line, number)

    def error(
        self, column: Column | int, message: str, hint: str = "", remedy: Remedy | None = None
    ) -> None:
        number = column if isinstance(column, int) else column.number
        self.problems.append(InputError(message, self.at(number), hint, remedy))

    def text(self, field: Field) -> str:
        column = self.columns.of(field)
        if column is None or column.number > len(self.row.cells):
            return ""
        value = unquote(self.row.cells[column.number - 1].strip())
        limit = MAX_LENGTH.get(field)
        if limit is not None and len(value) > limit:
            self.error(column, f"{column.header!r} is longer than {limit} characters")
        return value

    def date(self, field: Field) -> dt.date | None:
        value = self.text(field)
        column = self.columns.of(field)
        if not value or column is None:
            return None
        try:
            return parse_sheet_date(value, self.day_first)
        except SheetDateError as exc:
            self.error(column, f"{column.header}: {exc.message}", exc.hint, remedy=exc.remedy)
            return None

    def extra_cells(self) -> None:
        width = len(self.table.header.cells)
        extra = [i for i, cell in enumerate(self.row.cells[width:], width + 1) if cell.strip()]
        if extra:
            self.error(
                extra[0],
                f"a value past the last column (the header has {width} columns)",
                "give the column a header, or remove the value",
            )


def _status(reader: _RowReader) -> Status | None:
    cell = reader.text("status")
    column = reader.columns.of("status")
    if not cell or column is None:
        return None
    found = STATUS_WORDS.get(words(cell))
    if found is None:
        near = did_you_mean(words(cell), STATUS_WORDS)
        reader.error(
            column,
            f"unknown status {cell!r}{near}",
            "use applied, interviewing, rejected, offer, withdrawn, ghosted or saved; "
            "docs/import.md lists every word read",
        )
    return found


def _contact(reader: _RowReader) -> PlannedContact | None:
    name, email = reader.text("contact_name"), reader.text("contact_email")
    role_cell = reader.text("contact_role")
    role_column = reader.columns.of("contact_role")
    if not (name or email):
        if role_cell and role_column is not None:
            reader.error(role_column, "a contact role without a contact name or email")
        return None
    named = reader.columns.of("contact_name")
    role: Role = (named.role if named is not None else None) or "other"
    if role_cell and role_column is not None:
        found = ROLE_WORDS.get(words(role_cell))
        if found is None:
            near = did_you_mean(words(role_cell), ROLE_WORDS)
            reader.error(
                role_column,
                f"unknown contact role {role_cell!r}{near}",
                "use recruiter, hr, hiring manager, interviewer or other",
            )
        role = found or role
    contact_id = slug(name or email.partition("@")[0], "contact")
    return PlannedContact(contact_id, role, name, email)


def _events(reader: _RowReader, status: Status | None) -> tuple[PlannedEvent, ...]:
    applied = reader.date("date_applied")
    interview = reader.date("interview_date")
    settled = reader.date("status_date")
    events = []
    if applied is not None:
        events.append(PlannedEvent(applied, "application_submitted"))
    if interview is not None:
        events.append(PlannedEvent(interview, "interview"))
    terminal = _TERMINAL.get(status) if status is not None else None
    if terminal is not None and settled is not None:
        events.append(PlannedEvent(settled, terminal))
    given = {"date_applied": applied, "interview_date": interview, "status_date": settled}
    needed = NEEDS.get(status) if status is not None else None
    if needed is not None and given[needed] is None:
        _missing_date(reader, status, needed)
    return tuple(sorted(events, key=lambda e: e.date))  # stable: same-day events keep order


def _missing_date(reader: _RowReader, status: Status | None, needed: Field) -> None:
    column = reader.columns.of(needed)
    status_column = reader.columns.of("status")
    said = reader.text("status")
    if column is not None:
        here = reader.at(column.number)
        if not reader.text(needed) and all(p.location != here for p in reader.problems):
            reader.error(column, f"status {said!r} needs the date here ({column.header})")
        return
    where = status_column.number if status_column is not None else 1
    reader.error(
        where,
        f"status {said!r} needs a date, and no column gives the {needed}",
        f"add a column {HEADERS[needed]!r}",
        remedy="map_column",
    )


def read_rows(
    table: Table, columns: Columns, day_first: bool = False
) -> tuple[list[PlannedApplication], list[InputError]]:
    """Every row as an application, and every problem of every row, in file order."""
    problems: list[InputError] = []
    taken: set[str] = set()
    id_column = columns.of("id")
    given_ids: dict[int, str] = {}
    for row in table.rows:  # explicit ids first: a generated id never takes one of them
        if id_column is not None and id_column.number <= len(row.cells):
            given = row.cells[id_column.number - 1].strip()
            if given:
                given_ids[row.line] = given
    explicit = set(given_ids.values())
    planned: list[PlannedApplication] = []
    for row in table.rows:
        reader = _RowReader(table, columns, row, day_first)
        reader.extra_cells()
        company, role = reader.text("company"), reader.text("role")
        for field, value in (("company", company), ("role", role)):
            column = columns.of(field)  # type: ignore[arg-type]
            if not value and column is not None:
                reader.error(column, f"{column.header!r} is empty (every row needs a {field})")
        app_id = given_ids.get(row.line, "")
        if app_id and id_column is not None:
            if not _ID.fullmatch(app_id):
                reader.error(
                    id_column,
                    f"{app_id!r} is not an id",
                    "letters, digits, '.', '_' and '-', starting with a letter or digit; "
                    "at most 64 characters",
                )
            elif app_id in taken:
                reader.error(id_column, f"id {app_id!r} is taken by an earlier row")
        else:
            app_id = unique(slug(f"{company} {role}", "application"), taken | explicit)
        taken.add(app_id)
        status = _status(reader)
        contact = _contact(reader)
        events = _events(reader, status)
        url, notes = reader.text("url"), reader.text("notes")
        problems += reader.problems
        planned.append(
            PlannedApplication(row.line, app_id, company, role, events, contact, url, notes, status)
        )
    return planned, problems


def problems_in_order(found: Sequence[InputError]) -> list[InputError]:
    """Problems by line, then column: the order a reader of the file meets them."""
    return sorted(found, key=lambda p: (p.location.line, p.location.col) if p.location else (0, 0))
