"""An imported tracker as a timeline document: the YAML the timeline format documents, checked
by the timeline loader before anyone writes it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import yaml

from ..errors import InputError
from ..io import safeyaml
from ..load.timelines import timeline_from_document
from ..model import Timeline
from .columns import Columns, match_columns
from .rows import PlannedApplication, problems_in_order, read_rows
from .table import Table, read_table


class Candidate(NamedTuple):
    timezone: str
    country: str
    subdivision: str = ""
    name: str = ""
    pack: str = ""


class TrackerImport(NamedTuple):
    table: Table
    columns: Columns
    applications: tuple[PlannedApplication, ...]
    problems: tuple[InputError, ...]  # every problem of the file, in file order


def read_tracker(
    path: str, mapping: Sequence[tuple[str, str]] = (), day_first: bool = False
) -> TrackerImport:
    """What a tracker file says, and every problem in it. An InputError for a file that is no
    table at all; a MappingError (columns.py) for a mapping that does not fit it."""
    table = read_table(path)
    columns, problems = match_columns(table, mapping)
    if problems:  # without its columns, no row can be read as meant
        return TrackerImport(table, columns, (), tuple(problems_in_order(problems)))
    applications, found = read_rows(table, columns, day_first)
    return TrackerImport(table, columns, tuple(applications), tuple(problems_in_order(found)))


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key (`  - id: ...`), as the examples are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _application(app: PlannedApplication) -> dict[str, Any]:
    out: dict[str, Any] = {"id": app.id, "company": app.company, "role": app.role}
    if app.url:
        out["url"] = app.url
    if app.notes:
        out["notes"] = app.notes
    if app.contact is not None:
        contact: dict[str, str] = {"id": app.contact.id}
        if app.contact.name:
            contact["name"] = app.contact.name
        contact["role"] = app.contact.role
        if app.contact.email:
            contact["email"] = app.contact.email
        out["contacts"] = [contact]
    # a date object, so that the date is written plain (2026-11-02), as the examples write it
    out["events"] = [{"date": e.date, "type": e.type} for e in app.events]
    return out


def timeline_data(imported: TrackerImport, candidate: Candidate) -> dict[str, Any]:
    holidays = {"country": candidate.country}
    if candidate.subdivision:
        holidays["subdivision"] = candidate.subdivision
    who: dict[str, Any] = {"name": candidate.name} if candidate.name else {}
    who |= {"timezone": candidate.timezone, "holidays": holidays}
    data: dict[str, Any] = {"version": 1}
    if candidate.pack:
        data["pack"] = candidate.pack
    data["candidate"] = who
    data["applications"] = [_application(app) for app in imported.applications]
    return data


def timeline_yaml(data: dict[str, Any]) -> str:
    """The document as YAML: nested mappings of plain values on one line, like the examples.

    PyYAML quotes every string YAML 1.1 would read as something else (`NO`, `1e3`, `~`), which
    is what safeyaml reads timelines as."""
    text: str = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=None,
        allow_unicode=True,
        width=100,
    )
    return text


def checked(text: str, shown: str) -> Timeline:
    """The timeline `text` is, as `followup run` would load it: an InputError otherwise."""
    return timeline_from_document(safeyaml.loads(text, shown))
