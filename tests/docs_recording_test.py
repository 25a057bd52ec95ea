"""docs/timeline.md's "how to record" table, row by row: each recording, read from the table
itself, loads, and the built-in packs do with it what the row's last column says.

Every row must have a scenario here (and every scenario a row), so a row added to the docs
without a test, or reworded away from its test, fails."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_support import PENDING, ROOT, run_json

from engine.load import timelines
from engine.vocabulary import CHASE_KINDS as CHASES
from engine.vocabulary import EVENT_ALIASES

DOC = ROOT / "docs" / "timeline.md"
EXAMPLE_PACKS = ROOT / "tests" / "example-files" / "positive" / "packs"
CHANNELS_ACTIONS = str(EXAMPLE_PACKS / "channels-actions.yaml")
CONTACTS = [
    {"id": "dana", "role": "hiring_manager", "name": "Dana Whitfield"},
    {"id": "ian", "role": "interviewer"},
    {"id": "rita", "role": "recruiter"},
    {"id": "hana", "role": "hr"},
    {"id": "lee", "role": "other"},
]
FILL = {
    "<manager>": "dana",
    "<interviewer>": "ian",
    "<recruiter>": "rita",
    "<who told you>": "hana",
    "<contact>": "lee",
    "<that Friday>": "2026-11-20",
    "<the new date>": "2026-11-27",
}
APPLIED = {"date": "2026-11-02", "type": "application_submitted", "channel": "online_form"}
INTERVIEW = {"date": "2026-11-09", "type": "interview", "with": "ian", "channel": "in_person"}

Rec = dict[str, Any]
App = dict[str, Any]


def _section(heading: str, until: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(heading)
    return text[start : text.index(until, start)]


def _rows(section: str) -> dict[str, list[str]]:
    """The table's rows: first cell -> the other cells (header and rule lines left out)."""
    rows: dict[str, list[str]] = {}
    for line in section.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            first, *rest = (cell.strip() for cell in line.strip("|").split(" | "))
            rows[first] = rest
    return rows


ROWS = {
    k: v
    for k, v in _rows(_section("How to record common things", "### Aliases")).items()
    if k != "you..."
}


def _recordings(cell: str) -> list[dict[str, Any]]:
    """Each `type: ...` code span of a record cell, as an event (placeholders filled in)."""
    found = []
    for span in re.findall(r"`(type: [^`]*)`", cell):
        for placeholder, value in FILL.items():
            span = span.replace(placeholder, value)
        event = yaml.safe_load("{" + span + "}")
        assert isinstance(event, dict), span
        # YAML reads a plain date as one; a timeline reads it as text.
        found.append({k: str(v) if isinstance(v, dt.date) else v for k, v in event.items()})
    assert found, cell
    return found


def _app(tmp_path: Path, events: list[dict[str, Any]], pack: str, as_of: str) -> App:
    data = {
        "version": 1,
        "candidate": {"timezone": "America/New_York", "holidays": {"country": "US"}},
        "applications": [
            {"id": "acme", "company": "Acme", "role": "PM", "contacts": CONTACTS, "events": events}
        ],
    }
    path = tmp_path / f"{len(list(tmp_path.iterdir()))}.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")
    (app,) = run_json(path, pack, as_of)["applications"]
    assert isinstance(app, dict)
    return app


def _recs(app: App, kind: str, status: tuple[str, ...] = PENDING) -> list[Rec]:
    return [r for r in app["recommendations"] if r["kind"] == kind and r["status"] in status]


def _contacts(rec: Rec) -> set[str]:
    return {r["contact"] for r in rec["recipients"]}


def _anchored(recs: list[Rec], event_type: str) -> list[Rec]:
    return [r for r in recs if r["anchor"]["type"] == event_type]


@dataclass(frozen=True)
class Scenario:
    """The recording, dated `date` and listed after `before`, evaluated with each pack."""

    date: str
    packs: dict[str, Callable[[App], object]]
    as_of: str
    before: list[dict[str, Any]] = field(default_factory=list)


def _closed(app: App) -> bool:
    return app["stage"] == "closed" and not [
        r for r in app["recommendations"] if r["status"] in PENDING
    ]


SCENARIOS: dict[str, Scenario] = {
    "applied through a careers site": Scenario(
        "2026-11-02",
        {
            "clue-wagon": lambda a: _anchored(_recs(a, "follow_up"), "application_submitted"),
            "career-pivot": lambda a: _anchored(_recs(a, "follow_up"), "application_submitted"),
        },
        "2026-11-03",
    ),
    "emailed the hiring manager to ask about your application": Scenario(
        "2026-11-09",
        {"clue-wagon": lambda a: _recs(a, "follow_up", ("done",))},
        "2026-11-10",
        [APPLIED],
    ),
    "phoned to follow up and spoke to them": Scenario(
        "2026-11-09",
        {
            "career-pivot": lambda a: [
                r for r in _recs(a, "follow_up", ("done",)) if r["attempt"] == 1
            ]
        },
        "2026-11-10",
        [APPLIED],
    ),
    "phoned to follow up and left a voicemail": Scenario(
        "2026-11-09",
        {
            "career-pivot": lambda a: [
                r for r in _recs(a, "follow_up", ("done",)) if r["attempt"] == 1
            ]
        },
        "2026-11-10",
        [APPLIED],
    ),
    "called the day after an interview to say thank you": Scenario(
        "2026-11-10",
        {
            "3x3-networking": lambda a: (
                [r for r in _recs(a, "thank_you", ("done",)) if "phone" in r["channels"]]
                and _recs(a, "check_in")
            )
        },
        "2026-11-11",
        [APPLIED, INTERVIEW],
    ),
    "made that thank-you call and got their voicemail": Scenario(
        "2026-11-10",
        {
            "3x3-networking": lambda a: (
                [r for r in _recs(a, "thank_you", ("done",)) if "phone" in r["channels"]]
                and _recs(a, "check_in")
            )
        },
        "2026-11-11",
        [APPLIED, INTERVIEW],
    ),
    "emailed a thank-you after an interview": Scenario(
        "2026-11-09",
        {
            "career-pivot": lambda a: [
                r for r in _recs(a, "thank_you", ("done",)) if r["channels"] == ["email"]
            ]
        },
        "2026-11-10",
        [APPLIED, INTERVIEW],
    ),
    "mailed a handwritten thank-you": Scenario(
        "2026-11-10",
        {
            "3x3-networking": lambda a: [
                r for r in _recs(a, "thank_you", ("done",)) if r["channels"] == ["handwritten_note"]
            ]
        },
        "2026-11-10",
        [APPLIED, INTERVIEW],
    ),
    "had a recruiter's phone screen": Scenario(
        "2026-11-05",
        {
            "career-pivot": lambda a: (
                a["stage"] == "interviewing"
                and [
                    r
                    for r in _recs(a, "thank_you")
                    if _contacts(r) == {"rita"} and r["window"]["end"] == "2026-11-06"
                ]
                and not _anchored(_recs(a, "follow_up"), "application_submitted")
            )
        },
        "2026-11-05",
        [APPLIED],
    ),
    "had a second-round interview": Scenario(
        "2026-11-09",
        {
            "mason-group": lambda a: [
                r
                for r in _recs(a, "check_in")
                if r["anchor"]["date"] == "2026-11-09" and r["window"]["start"] == "2026-11-16"
            ]
        },
        "2026-11-10",
        [APPLIED, {**INTERVIEW, "date": "2026-11-04"}],
    ),
    "had a panel interview": Scenario(
        "2026-11-09",
        {
            "career-pivot": lambda a: (
                {"dana", "ian"} <= {c for r in _recs(a, "thank_you") for c in _contacts(r)}
            )
        },
        "2026-11-09",
        [APPLIED],
    ),
    "asked for their card and their timeline at the end of an interview": Scenario(
        "2026-11-09",
        {
            CHANNELS_ACTIONS: lambda a: (
                not _recs(a, "ask_timeline")
                and not _recs(a, "ask_next_steps")
                and [
                    r
                    for r in _recs(a, "thank_you")
                    if r["channels"] == ["linkedin_connection_request"]
                ]
            )
        },
        "2026-11-10",
    ),
    "had an informational interview": Scenario(
        "2026-11-09",
        {
            "3x3-networking": lambda a: (
                {
                    ch
                    for r in _recs(a, "thank_you")
                    if _contacts(r) == {"lee"}
                    for ch in r["channels"]
                }
                >= {"phone", "handwritten_note"}
            )
        },
        "2026-11-09",
    ),
    "had a networking meeting": Scenario(
        "2026-11-09",
        {
            "wise-job-search": lambda a: [
                r
                for r in _anchored(_recs(a, "follow_up"), "networking_meeting")
                if _contacts(r) == {"lee"} and r["window"]["start"] >= "2026-11-16"
            ]
        },
        "2026-11-10",
    ),
    "they answered your follow-up, short of an offer or a rejection": Scenario(
        "2026-11-12",
        {
            pack: lambda a: (
                a["stage"] != "closed"
                and not [
                    r
                    for r in a["recommendations"]
                    if r["status"] in PENDING and r["kind"] in CHASES
                ]
            )
            for pack in (
                "clue-wagon",
                "career-pivot",
                "3x3-networking",
                "mason-group",
                "wise-job-search",
            )
        },
        "2026-11-13",
        [
            APPLIED,
            {"date": "2026-11-09", "type": "follow_up_sent", "channel": "email", "with": "dana"},
        ],
    ),
    "had a first call with someone at the company": Scenario(
        "2026-11-09",
        {
            "wise-job-search": lambda a: [
                r
                for r in _anchored(_recs(a, "follow_up"), "introduction_call")
                if _contacts(r) == {"lee"} and r["window"]["start"] >= "2026-11-16"
            ]
        },
        "2026-11-10",
    ),
    'were told "we\'ll decide by Friday"': Scenario(
        "2026-11-17",
        {
            "clue-wagon": lambda a: [r for r in _recs(a, "follow_up") if r["due"] == "2026-11-25"],
            # 1-3 business days after Friday 2026-11-20
            "career-pivot": lambda a: [
                r for r in _recs(a, "follow_up") if r["window"]["start"] == "2026-11-23"
            ],
            "mason-group": lambda a: [r for r in _recs(a, "check_in") if r["due"] == "2026-11-23"],
        },
        "2026-11-21",
        [APPLIED, {**INTERVIEW, "date": "2026-11-17", "with": "dana"}],
    ),
    'they replied "we need another week"': Scenario(
        "2026-11-23",
        {
            # the business day after Friday 2026-11-27 (the day after Thanksgiving)
            "career-pivot": lambda a: [
                r for r in _recs(a, "follow_up") if r["window"]["start"] == "2026-11-30"
            ],
            "mason-group": lambda a: [r for r in _recs(a, "check_in") if r["due"] == "2026-11-30"],
            "clue-wagon": lambda a: not _recs(a, "follow_up"),
            "3x3-networking": lambda a: _recs(a, "check_in"),
            "wise-job-search": lambda a: _recs(a, "check_in"),
        },
        "2026-11-24",
        [
            APPLIED,
            {**INTERVIEW, "date": "2026-11-17", "with": "dana"},
            {"date": "2026-11-17", "type": "decision_expected", "by": "2026-11-20", "with": "dana"},
        ],
    ),
    'they replied "still deciding", with no date (by email, say)': Scenario(
        "2026-11-19",
        {
            pack: lambda a: [r for r in _recs(a, "check_in") if r["attempt"] == 1]
            for pack in ("mason-group", "3x3-networking", "wise-job-search")
        },
        "2026-11-19",
        [APPLIED, INTERVIEW],
    ),
    "they asked you not to follow up (or not to call)": Scenario(
        "2026-11-19",
        {
            **{
                pack: lambda a: [r for r in _recs(a, "check_in") if r["attempt"] == 1]
                for pack in ("mason-group", "3x3-networking", "wise-job-search")
            },
            "clue-wagon": lambda a: not _recs(a, "follow_up"),
        },
        "2026-11-19",
        [APPLIED, INTERVIEW],
    ),
    "were turned down": Scenario(
        "2026-11-16",
        {
            "career-pivot": lambda a: (
                a["stage"] == "closed"
                and [_contacts(r) for r in a["recommendations"] if r["status"] in PENDING]
                == [{"hana"}]
                and _recs(a, "reply_to_rejection")
            )
        },
        "2026-11-16",
        [APPLIED, INTERVIEW],
    ),
    "sent that last message after the rejection": Scenario(
        "2026-11-17",
        {"career-pivot": lambda a: _recs(a, "reply_to_rejection", ("done",))},
        "2026-11-18",
        [APPLIED, INTERVIEW, {"date": "2026-11-16", "type": "rejection", "with": "hana"}],
    ),
    "got an offer": Scenario(
        "2026-11-12", {"clue-wagon": _closed, "career-pivot": _closed}, "2026-11-20", [APPLIED]
    ),
    "withdrew, or decided to move on": Scenario(
        "2026-11-20",
        {"clue-wagon": lambda a: _closed(a) and _recs(a, "move_on", ("suppressed",))},
        "2026-11-20",
        [
            APPLIED,
            {"date": "2026-11-09", "type": "follow_up_sent", "channel": "email", "with": "dana"},
        ],
    ),
    "sent a LinkedIn connection request": Scenario(
        "2026-11-09",
        {
            "clue-wagon": lambda a: _recs(a, "follow_up") and not _recs(a, "follow_up", ("done",)),
            "career-pivot": lambda a: (
                _recs(a, "follow_up") and not _recs(a, "follow_up", ("done",))
            ),
        },
        "2026-11-10",
        [APPLIED],
    ),
}


def test_every_row_has_a_scenario_and_every_scenario_a_row() -> None:
    assert set(ROWS) == set(SCENARIOS)


@pytest.mark.parametrize("row", list(SCENARIOS))
def test_the_row_loads_and_does_what_it_says(row: str, tmp_path: Path) -> None:
    scenario = SCENARIOS[row]
    record = ROWS[row][0]
    recordings = _recordings(record)
    # "A voicemail is `channel: voicemail`; ... `channel: phone, outcome: voicemail`, which the
    # built-in packs read the same way."
    recordings += [
        {**e, "channel": "phone", "outcome": "voicemail"}
        for e in recordings
        if e.get("channel") == "voicemail"
    ]
    for event in recordings:
        events = [*scenario.before, {"date": scenario.date, **event}]
        for pack, check in scenario.packs.items():
            app = _app(tmp_path, events, pack, scenario.as_of)
            assert check(app), (row, event, pack, app["recommendations"])


def test_the_reply_still_deciding_is_not_their_decision() -> None:
    (event,) = _recordings(ROWS['they replied "still deciding", with no date (by email, say)'][0])
    assert event["says"] == "not_yet"


def test_what_you_asked_is_on_the_interview(tmp_path: Path) -> None:
    row = "asked for their card and their timeline at the end of an interview"
    (event,) = _recordings(ROWS[row][0])
    doc = json.dumps(
        {
            "version": 1,
            "candidate": {"timezone": "UTC", "holidays": {"country": "US"}},
            "applications": [
                {
                    "id": "a",
                    "company": "A",
                    "role": "R",
                    "events": [{"date": "2026-11-09", **event}],
                }
            ],
        }
    )
    path = tmp_path / "t.yaml"
    path.write_text(doc, encoding="utf-8")
    (app,) = timelines.load_timeline(path).applications
    assert app.events[0].asked == ("contact_info", "timeline")


def test_a_thank_you_call_to_voicemail_is_recorded_one_way() -> None:
    # The conflict the table had: a voicemail on a thank-you call read as a follow-up.
    voicemails = [
        (row, event)
        for row, cells in ROWS.items()
        for event in _recordings(cells[0])
        if event.get("channel") == "voicemail"
    ]
    thanks = [event["type"] for row, event in voicemails if "thank" in row]
    assert thanks == ["thank_you_sent"]
    assert all(event["type"] == "follow_up_sent" for row, event in voicemails if "thank" not in row)


def test_the_alias_table_is_the_vocabularys() -> None:
    rows = _rows(_section("### Aliases", "`reply` is not an alias"))
    table = {
        k.strip("`"): (v[0].strip("`"), v[1].strip("`") if v[1].startswith("`") else "")
        for k, v in rows.items()
        if k != "alias"
    }
    assert table == {name: (of.type, of.channel) for name, of in EVENT_ALIASES.items()}
