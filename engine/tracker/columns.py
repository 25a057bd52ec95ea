"""Which field each column of a tracker gives: by its header, compared without case, spaces
or punctuation and with the common synonyms (fields.py), or as the user mapped it."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import NamedTuple

from ..errors import FollowupError, InputError, Location
from ..vocabulary import Role
from .fields import FIELDS, HEADER_KEYS, HEADER_NAMES, IGNORE, IMPLIED_ROLES, REQUIRED, Field, key
from .table import Table


class MappingError(FollowupError):
    """A mapping that names a column the file does not have, or a field that does not exist."""


class Column(NamedTuple):
    number: int  # 1-based, as errors give it
    header: str
    field: Field | None  # None: ignored
    role: Role | None = None  # the contact role the header says ("Recruiter")
    mapped: bool = False  # the user said so
    note: InputError | None = None  # why it is ignored, when that needs saying


class Columns(NamedTuple):
    columns: tuple[Column, ...]

    def of(self, field: Field) -> Column | None:
        return next((c for c in self.columns if c.field == field), None)


def parse_field(text: str) -> Field | None:
    """The field a mapping names (`date_applied`, or a header word for it: `Applied On`), None
    for `ignore`; a MappingError otherwise."""
    if key(text) == key(IGNORE) or text.strip() == "-":
        return None
    found = HEADER_KEYS.get(key(text))
    if found is None:
        close = difflib.get_close_matches(text.strip(), FIELDS, n=1, cutoff=0.6)
        raise MappingError(
            f"{text!r} is not a field" + (f"; did you mean {close[0]!r}?" if close else ""),
            hint=f"the fields are {', '.join(FIELDS)}, or {IGNORE}",
        )
    return found


def _closest(header: str) -> str | None:
    """The known header name closest to `header` (`Compnay`: `Company`), if one is close."""
    names = {key(name): name for name in HEADER_NAMES}
    close = difflib.get_close_matches(key(header), list(names), n=1, cutoff=0.75)
    return names[close[0]] if close else None


def _near(header: str) -> Field | None:
    name = _closest(header) if header.strip() else None
    return HEADER_NAMES[name] if name is not None else None


def _suggest(header: str) -> str:
    """ "did you mean" for a header close to a known one."""
    name = _closest(header)
    return f"; did you mean {name!r} ({HEADER_NAMES[name]})?" if name is not None else ""


def _ignored(table: Table, number: int, why: str) -> InputError:
    where = Location(table.path, table.header.line, number)
    return InputError(why, where, remedy="map_column")


def _mapped(table: Table, mapping: Sequence[tuple[str, str]]) -> dict[int, Field | None]:
    headers = table.header.cells
    out: dict[int, Field | None] = {}
    for column, target in mapping:
        field = parse_field(target)
        exact = [i for i, h in enumerate(headers) if h.strip() == column.strip()]
        loose = [i for i, h in enumerate(headers) if key(h) == key(column)]
        found = exact or loose
        if not found:
            close = difflib.get_close_matches(column, [h for h in headers if h.strip()], n=1)
            raise MappingError(
                f"no column {column!r} in {table.path}"
                + (f"; did you mean {close[0]!r}?" if close else ""),
                hint="its columns: " + ", ".join(repr(h) for h in headers if h.strip()),
            )
        if found[0] in out:  # the last would silently win: say so instead
            raise MappingError(
                f"column {headers[found[0]]!r} is mapped twice",
                hint="map each column once",
            )
        out[found[0]] = field
    return out


def match_columns(
    table: Table, mapping: Sequence[tuple[str, str]] = ()
) -> tuple[Columns, list[InputError]]:
    """Each column's field, and the header's problems: a field given by two columns, a required
    field by none."""
    mapped = _mapped(table, mapping)
    claimed = {f for f in mapped.values() if f is not None}
    columns: list[Column] = []
    problems: list[InputError] = []
    taken: dict[Field, Column] = {}
    for index, header in enumerate(table.header.cells):
        number = index + 1
        if index in mapped:
            field = mapped[index]
            column = Column(number, header, field, IMPLIED_ROLES.get(key(header)), mapped=True)
            if field is None:
                column = column._replace(role=None)
        else:
            field = HEADER_KEYS.get(key(header)) if header.strip() else None
            if field in claimed:  # a mapped column gives it: this one steps aside
                why = f"column {header!r} is not read: another column is mapped to {field}"
                column = Column(number, header, None, note=_ignored(table, number, why))
            elif field is None:
                why = (
                    f"column {header!r} is not read: no field has that name{_suggest(header)}"
                    if header.strip()
                    else "a column without a header is not read"
                )
                column = Column(number, header, None, note=_ignored(table, number, why))
            else:
                column = Column(number, header, field, IMPLIED_ROLES.get(key(header)))
        if column.field is not None and column.field in taken:
            first = taken[column.field]
            clash = InputError(
                f"columns {first.header!r} ({first.number}) and {header!r} ({number}) both "
                f"give {column.field}",
                Location(table.path, table.header.line, number),
                "map one of them to another field, or to ignore",
                remedy="map_column",
            )
            problems.append(clash)
            column = column._replace(field=None, note=clash)  # what --dry-run says of it
        if column.field is not None:
            taken[column.field] = column
        columns.append(column)
    for field in REQUIRED:
        if field not in taken:
            near = [c for c in columns if c.field is None and _near(c.header) == field]
            said = f"; is it column {near[0].header!r} ({near[0].number})?" if near else ""
            problems.append(
                InputError(
                    f"no column gives the {field} (every row needs a company and a role){said}",
                    Location(table.path, table.header.line, near[0].number if near else 1),
                    remedy="map_column",
                )
            )
    return Columns(tuple(columns)), problems
