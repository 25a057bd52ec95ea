"""engine/tracker/: a CSV tracker's headers, rows, statuses, contacts and ids, read into the
applications of a timeline; every problem at its row and column."""

from __future__ import annotations

import pytest

from engine.errors import InputError
from engine.tracker.columns import MappingError, match_columns, parse_field
from engine.tracker.document import Candidate, checked, timeline_data, timeline_yaml
from engine.tracker.rows import read_rows, slug, unique, unquote
from engine.tracker.table import MAX_ROWS, parse_table

HEAD = "Company,Role,Date Applied,Status,Status Date,Interview Date,Contact Name,Contact Role\n"
CANDIDATE = Candidate("America/Chicago", "US", "IL")


def _read(text: str, mapping: list[tuple[str, str]] | None = None, day_first: bool = False):  # type: ignore[no-untyped-def]
    table = parse_table(text, "t.csv")
    columns, problems = match_columns(table, mapping or [])
    assert problems == []
    return read_rows(table, columns, day_first)


def _errors(found: list[InputError]) -> list[str]:
    return [str(p) for p in found]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Company", "company"), ("EMPLOYER", "company"), ("Organization", "company"),
        ("Role", "role"), ("Title", "role"), ("Position", "role"), ("job_title", "role"),
        ("Job Title", "role"), ("Date Applied", "date_applied"), ("Applied", "date_applied"),
        ("applied on:", "date_applied"), ("Status", "status"), ("Stage", "status"),
        ("Contact", "contact_name"), ("Contact Name", "contact_name"),
        ("Recruiter", "contact_name"), ("Contact Email", "contact_email"),
        ("E-mail", "contact_email"), ("Contact Role", "contact_role"),
        ("Interview Date", "interview_date"), ("Interview", "interview_date"),
        ("Notes", "notes"), ("URL", "url"), ("Link", "url"), ("Job Link", "url"),
        ("Posting", "url"), ("Status Date", "status_date"), ("Last Updated", "status_date"),
    ],
)  # fmt: skip
def test_headers_match_without_case_or_punctuation_and_by_synonym(header: str, field: str) -> None:
    other = "Role" if field == "company" else "Company"
    extra = "" if field in ("company", "role") else ",Role"
    table = parse_table(f"{header},{other}{extra}\nx,y,z\n", "t.csv")
    columns, problems = match_columns(table)
    assert problems == []
    assert columns.columns[0].field == field


def test_an_unknown_column_is_ignored_with_a_suggestion_for_a_near_miss() -> None:
    table = parse_table("Company,Role,Salary,Stauts\n", "t.csv")
    columns, _ = match_columns(table)
    salary, stauts = columns.columns[2:]
    assert salary.field is None and stauts.field is None
    assert salary.note is not None and "did you mean" not in salary.note.message
    assert stauts.note is not None and "did you mean 'Status' (status)?" in stauts.note.message


def test_a_mapping_names_the_field_of_any_column_and_wins_over_the_headers() -> None:
    text = "Firma,Stelle,Date,Beworben am\nAcme,PM,2026-11-20,2026-11-02\n"
    apps, problems = _read(
        text, [("Firma", "company"), ("stelle", "Role"), ("Beworben am", "applied on")]
    )
    assert problems == []
    assert apps[0].company == "Acme" and apps[0].role == "PM"
    assert [(e.date.isoformat(), e.type) for e in apps[0].events] == [
        ("2026-11-02", "application_submitted")
    ]  # `Date` would read as the date applied, but a mapped column gives it


def test_a_column_mapped_to_ignore_is_not_read() -> None:
    apps, _ = _read("Company,Role,Notes\nAcme,PM,secret\n", [("Notes", "ignore")])
    assert apps[0].notes == ""


def test_a_mapping_to_an_unknown_column_or_field_is_refused_with_a_suggestion() -> None:
    table = parse_table("Company,Role,Applied On\n", "t.csv")
    with pytest.raises(MappingError, match=r"no column 'Aplied On' in t\.csv; did you mean"):
        match_columns(table, [("Aplied On", "date_applied")])
    with pytest.raises(MappingError, match="did you mean 'date_applied'"):
        parse_field("date_aplied")


def test_a_field_given_twice_and_a_missing_required_field_are_header_errors() -> None:
    table = parse_table("Compnay,Email,Contact Email\n", "t.csv")
    _, problems = match_columns(table)
    assert _errors(problems) == [
        "t.csv:1:3: error: columns 'Email' (2) and 'Contact Email' (3) both give contact_email "
        "(map one of them to another field, or to ignore)",
        "t.csv:1:1: error: no column gives the company (every row needs a company and a role); "
        "is it column 'Compnay' (1)?",
        "t.csv:1:1: error: no column gives the role (every row needs a company and a role)",
    ]


@pytest.mark.parametrize(
    ("status", "events"),
    [
        # Every date given makes its event, whatever the status says.
        ("Applied", ["2026-11-02 application_submitted", "2026-11-17 interview"]),
        ("interviewing", ["2026-11-02 application_submitted", "2026-11-17 interview"]),
        ("Phone screen", ["2026-11-02 application_submitted", "2026-11-17 interview"]),
        ("Rejected", ["2026-11-02 application_submitted", "2026-11-17 interview",
                          "2026-11-20 rejection"]),
        ("declined", ["2026-11-02 application_submitted", "2026-11-17 interview",
                          "2026-11-20 rejection"]),
        ("Offer", ["2026-11-02 application_submitted", "2026-11-17 interview",
                       "2026-11-20 offer"]),
        ("Withdrawn", ["2026-11-02 application_submitted", "2026-11-17 interview",
                           "2026-11-20 withdrawal"]),
        ("Ghosted", ["2026-11-02 application_submitted", "2026-11-17 interview"]),
        ("no response", ["2026-11-02 application_submitted", "2026-11-17 interview"]),
        ("", ["2026-11-02 application_submitted", "2026-11-17 interview"]),
    ],
)  # fmt: skip
def test_status_words_make_events(status: str, events: list[str]) -> None:
    apps, problems = _read(HEAD + f"Acme,PM,2026-11-02,{status},2026-11-20,2026-11-17,,\n")
    assert problems == []
    assert [f"{e.date} {e.type}" for e in apps[0].events] == events


def test_a_status_without_the_date_its_event_needs_is_an_error_at_that_cell() -> None:
    text = (
        "Company,Role,Date Applied,Status,Interview Date\n"
        "A,PM,,Applied,\nB,PM,,Interviewing,\nC,PM,,Offer,\n"
    )
    _, problems = _read(text)
    assert _errors(problems) == [
        "t.csv:2:3: error: status 'Applied' needs the date here (Date Applied)",
        "t.csv:3:5: error: status 'Interviewing' needs the date here (Interview Date)",
        "t.csv:4:4: error: status 'Offer' needs a date, and no column gives the status_date "
        "(add a column 'Status Date')",
    ]


@pytest.mark.parametrize(
    ("header", "cell", "role"),
    [
        ("Contact Name", "recruiter", "recruiter"), ("Contact Name", "HR", "hr"),
        ("Contact Name", "Human Resources", "hr"),
        ("Contact Name", "Hiring Manager", "hiring_manager"),
        ("Contact Name", "hiring_manager", "hiring_manager"),
        ("Contact Name", "Interviewer", "interviewer"),
        ("Contact Name", "", "other"), ("Recruiter", "", "recruiter"),
        ("Hiring Manager", "", "hiring_manager"), ("Recruiter", "HR", "hr"),
    ],
)  # fmt: skip
def test_contact_roles(header: str, cell: str, role: str) -> None:
    apps, problems = _read(f"Company,Role,{header},Contact Role\nAcme,PM,Dana Whitfield,{cell}\n")
    assert problems == []
    contact = apps[0].contact
    assert contact is not None and (contact.id, contact.role) == ("dana-whitfield", role)


def test_ids_are_slugs_of_company_and_role_unique_and_never_an_explicit_one() -> None:
    text = (
        "ID,Company,Role\n,Acme,Product Manager\n,Acme,Product Manager\n"
        "acme-product-manager-3,X,Y\n,Acme,Product Manager\n,Zürich AG,Ingénieur\n,東京,株式会社\n"
    )
    apps, problems = _read(text)
    assert problems == []
    assert [a.id for a in apps] == [
        "acme-product-manager", "acme-product-manager-2", "acme-product-manager-3",
        "acme-product-manager-4", "zurich-ag-ingenieur", "application",
    ]  # fmt: skip


def test_slugs_fit_the_id_pattern() -> None:
    long = slug("x" * 100, "a")
    assert len(long) == 64 and len(unique(long, {long})) == 64
    assert unique(long, {long}).endswith("-2")
    assert slug("--", "contact") == "contact"


def test_an_explicit_id_is_checked() -> None:
    _, problems = _read("ID,Company,Role\n-bad,A,B\nok,A,B\nok,A,B\n")
    assert [p.message for p in problems] == [
        "'-bad' is not an id",
        "id 'ok' is taken by an earlier row",
    ]


def test_rows_are_numbered_by_their_line_in_the_file_even_after_a_multi_line_cell() -> None:
    text = 'Company,Role,Notes,Date Applied\nA,B,"one\ntwo\nthree",2026-11-02\n\nC,D,,someday\n'
    apps, problems = _read(text)
    assert [a.line for a in apps] == [2, 6]
    assert _errors(problems) == [
        "t.csv:6:4: error: Date Applied: 'someday' is not a date "
        "(write YYYY-MM-DD, MM/DD/YYYY, 2 Nov 2026 or Nov 2, 2026)"
    ]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_dialect_is_sniffed(delimiter: str) -> None:
    text = f'Company{delimiter}Role{delimiter}Notes\nAcme{delimiter}PM{delimiter}"a, b; c"\n'
    table = parse_table(text, "t.csv")
    assert table.delimiter == delimiter
    assert table.rows[0].cells == ("Acme", "PM", "a, b; c")


def test_a_value_past_the_last_column_is_an_error() -> None:
    _, problems = _read("Company,Role\nA,B,,lost\n")
    assert _errors(problems) == [
        "t.csv:2:4: error: a value past the last column (the header has 2 columns) "
        "(give the column a header, or remove the value)"
    ]


def test_too_many_rows_and_too_long_values() -> None:
    with pytest.raises(InputError, match=f"more than {MAX_ROWS} rows"):
        parse_table("Company,Role\n" + "A,B\n" * (MAX_ROWS + 1), "t.csv")
    parse_table("Company,Role\n" + "A,B\n" * MAX_ROWS, "t.csv")
    _, problems = _read(f"Company,Role\n{'x' * 201},B\n")
    assert [str(p) for p in problems] == [
        "t.csv:2:1: error: 'Company' is longer than 200 characters"
    ]


def test_formula_quotes_are_taken_away() -> None:
    assert [unquote(c) for c in ("'=1+1", "'@x", "'-3", "'plain", "=1")] == [
        "=1+1",
        "@x",
        "-3",
        "'plain",
        "=1",
    ]


def test_the_timeline_document_loads_with_awkward_values() -> None:
    text = 'Company,Role,Notes,Date Applied\nNO,yes,"null\x1b[2J",2026-11-02\n~,1e3,"a: b # c",\n'
    table = parse_table(text, "t.csv")
    columns, _ = match_columns(table)
    apps, problems = read_rows(table, columns)
    assert problems == []
    from engine.tracker.document import TrackerImport

    data = timeline_data(TrackerImport(table, columns, tuple(apps), ()), CANDIDATE)
    timeline = checked(timeline_yaml(data), "out.yaml")
    assert [(a.company, a.role) for a in timeline.applications] == [("NO", "yes"), ("~", "1e3")]
