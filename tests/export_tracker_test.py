"""`followup export --format csv`: a timeline's applications as a tracker that `followup import`
reads back to the same applications, and that a spreadsheet never runs as formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import yaml
from cli_support import EXAMPLE_TIMELINE, invoke
from hypothesis import given
from hypothesis import strategies as st
from strategies import COMMON_SETTINGS

from engine.io import safeyaml
from engine.load.timelines import load_timeline, timeline_from_document
from engine.tracker.columns import match_columns
from engine.tracker.export import spreadsheet_safe, tracker_csv
from engine.tracker.fields import HEADERS
from engine.tracker.rows import read_rows
from engine.tracker.table import parse_table

WHERE = ["--timezone", "America/Chicago", "--country", "US"]


def test_the_example_timeline_exports_one_row_per_application() -> None:
    result = invoke(["export", str(EXAMPLE_TIMELINE)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(HEADERS.values())
    assert len(rows) == len(load_timeline(EXAMPLE_TIMELINE).applications)
    acme = rows[0]
    assert (acme["ID"], acme["Company"], acme["Status"], acme["Interview Date"]) == (
        "acme-pm", "Acme Corp", "Interviewing", "2026-11-17",
    )  # fmt: skip
    assert (acme["Contact Name"], acme["Contact Role"]) == ("Dana Whitfield", "hiring manager")


def test_export_then_import_gives_the_example_s_applications_back(tmp_path: Path) -> None:
    out, back = tmp_path / "t.csv", tmp_path / "t.yaml"
    assert invoke(["export", str(EXAMPLE_TIMELINE), "-o", str(out)]).exit_code == 0
    assert invoke(["export", str(EXAMPLE_TIMELINE), "-o", str(out)]).exit_code == 2  # exists
    assert invoke(["import", str(out), "-o", str(back), *WHERE]).exit_code == 0
    before = load_timeline(EXAMPLE_TIMELINE).applications
    after = load_timeline(back).applications
    assert [(a.id, a.company, a.role, a.url) for a in after] == [
        (a.id, a.company, a.role, a.url) for a in before
    ]


def test_formulas_are_neutralised_and_read_back() -> None:
    cells = ['=HYPERLINK("x")', "+1", "-1", "@SUM(A1)", "\tx", "'=quoted", "plain", "'plain"]
    safe = [spreadsheet_safe(c) for c in cells]
    assert safe == ["'=HYPERLINK(\"x\")", "'+1", "'-1", "'@SUM(A1)", "'\tx", "''=quoted",
                    "plain", "'plain"]  # fmt: skip


def test_export_refuses_an_output_that_is_its_input_and_bad_timelines(tmp_path: Path) -> None:
    copy = tmp_path / "t.yaml"
    copy.write_bytes(EXAMPLE_TIMELINE.read_bytes())
    result = invoke(["export", str(copy), "-o", str(copy), "--force"])
    assert result.exit_code == 2 and "refusing to write over an input file" in result.stderr
    copy.write_text("version: 2\n", encoding="utf-8")
    result = invoke(["export", str(copy)])
    assert result.exit_code == 2 and result.stderr.startswith(f"{copy}:1:")
    assert "Traceback" not in result.output


_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12
).map(str.strip)
_NAMED = _TEXT.filter(bool)
_DAY = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))


@st.composite
def _applications(draw: st.DrawFn) -> list[dict[str, Any]]:
    apps = []
    for n in range(draw(st.integers(1, 4))):
        events = []
        applied = draw(st.none() | _DAY)
        if applied:
            events.append({"date": applied.isoformat(), "type": "application_submitted"})
        interview = draw(st.none() | _DAY)
        if interview:
            events.append({"date": interview.isoformat(), "type": "interview"})
        end = draw(st.none() | st.sampled_from(["rejection", "offer", "withdrawal"]))
        if end:
            events.append({"date": draw(_DAY).isoformat(), "type": end})
        app: dict[str, Any] = {
            "id": f"app-{n}", "company": draw(_NAMED), "role": draw(_NAMED), "events": events,
        }  # fmt: skip
        for key in ("url", "notes"):
            if value := draw(_TEXT):
                app[key] = value
        if draw(st.booleans()):
            contact = {"id": "c", "role": draw(st.sampled_from(["hr", "recruiter", "other"]))}
            contact["name"] = draw(_NAMED)
            if email := draw(_TEXT):
                contact["email"] = email
            app["contacts"] = [contact]
        apps.append(app)
    return apps


def _summary(app: Any, notes: str) -> tuple[Any, ...]:
    def days(kind: str) -> list[dt.date]:
        return sorted(e.date for e in app.events if e.type == kind)

    ends = [(e.type, e.date) for e in app.events if e.type in ("rejection", "offer", "withdrawal")]
    contact = app.contacts[0] if app.contacts else None
    return (
        app.id, app.company, app.role, app.url, notes, days("application_submitted")[:1],
        days("interview")[-1:], ends[-1:],
        (contact.name, contact.email, contact.role) if contact else None,
    )  # fmt: skip


@COMMON_SETTINGS
@given(_applications())
def test_export_import_round_trips_what_the_columns_hold(apps: list[dict[str, Any]]) -> None:
    data = {
        "version": 1,
        "candidate": {"timezone": "UTC", "holidays": {"country": "US"}},
        "applications": apps,
    }
    doc = safeyaml.loads(yaml.safe_dump(data, allow_unicode=True), "t.yaml")
    timeline = timeline_from_document(doc)
    text = tracker_csv(timeline, doc.data)
    table = parse_table(text, "t.csv")
    columns, problems = match_columns(table)
    assert problems == []
    planned, problems = read_rows(table, columns)
    assert problems == [], [str(p) for p in problems]
    for before, raw, after in zip(timeline.applications, apps, planned, strict=True):
        events = [(e.type, e.date) for e in after.events]
        ends = [e for e in events if e[0] in ("rejection", "offer", "withdrawal")]
        contact = after.contact
        assert _summary(before, raw.get("notes", "")) == (
            after.id, after.company, after.role, after.url, after.notes,
            [d for t, d in events if t == "application_submitted"],
            [d for t, d in events if t == "interview"], ends,
            (contact.name, contact.email, contact.role) if contact else None,
        )  # fmt: skip
