"""`followup add`: a new application after the others, in their layout; ids checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import EXAMPLE_TIMELINE, invoke

from engine.io import safeyaml


@pytest.fixture
def timeline(tmp_path: Path) -> Path:
    path = tmp_path / "timeline.yaml"
    path.write_bytes(EXAMPLE_TIMELINE.read_bytes())
    return path


def test_add_appends_a_block_application_set_apart_like_the_others(timeline: Path) -> None:
    old = timeline.read_text()
    args = ["add", str(timeline), "wayne-cto", "--company", "Wayne: Enterprises", "--role", "CTO"]
    result = invoke([*args, "--url", "https://wayne.example/jobs/1"])
    assert result.exit_code == 0, result.output
    assert timeline.read_text() == old + (
        "\n  - id: wayne-cto\n    company: 'Wayne: Enterprises'\n    role: CTO\n"
        "    url: https://wayne.example/jobs/1\n    events: []\n"
    )
    assert result.stdout.startswith("added wayne-cto (Wayne: Enterprises, CTO) (")
    assert "next: followup log " in result.stdout


@pytest.mark.parametrize(
    ("app", "said"),
    [("acme-pm", "already has an application 'acme-pm'"), ("-x", "is not an id")],
)
def test_a_taken_or_malformed_id_is_refused(timeline: Path, app: str, said: str) -> None:
    old = timeline.read_bytes()
    result = invoke(["add", str(timeline), "--company", "C", "--role", "R", "--", app])
    assert result.exit_code == 2 and said in result.stderr, result.output
    assert timeline.read_bytes() == old


def test_the_new_application_takes_events_and_contacts(timeline: Path) -> None:
    assert invoke(["add", str(timeline), "w", "--company", "W", "--role", "R", "-q"]).exit_code == 0
    args = ["contact", str(timeline), "w", "lucius", "--role", "hiring_manager", "--name", "L F"]
    assert invoke([*args, "-q"]).exit_code == 0
    assert invoke(["log", str(timeline), "w", "application_submitted", "-w", "lucius", "-q"]
                  ).exit_code == 0  # fmt: skip
    app = safeyaml.load_file(timeline).data["applications"][-1]
    assert list(app) == ["id", "company", "role", "contacts", "events"]
    assert app["contacts"] == [{"id": "lucius", "name": "L F", "role": "hiring_manager"}]
    assert [e["type"] for e in app["events"]] == ["application_submitted"]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--company", "", "--role", "PM"], "Invalid value for '--company': the value is empty"),
        (["--company", "C", "--role", "x" * 201], "'--role': longer than 200 characters (it has"),
        (["--company", "C", "--role", "PM", "--url", "u" * 2001], "'--url': longer than 2000"),
    ],
)
def test_a_value_the_schema_refuses_is_named_by_its_option(
    timeline: Path, args: list[str], said: str
) -> None:
    old = timeline.read_bytes()
    result = invoke(["add", str(timeline), "new-app", *args])
    assert result.exit_code == 2, result.output
    assert said in result.stderr and f"{timeline}:" not in result.stderr
    assert timeline.read_bytes() == old
