"""`followup contact`: a contact line among the others; roles and ids checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import EXAMPLE_TIMELINE, invoke


@pytest.fixture
def timeline(tmp_path: Path) -> Path:
    path = tmp_path / "timeline.yaml"
    path.write_bytes(EXAMPLE_TIMELINE.read_bytes())
    return path


def test_contact_adds_one_flow_line_after_the_others(timeline: Path) -> None:
    old = timeline.read_text()
    args = ["contact", str(timeline), "acme-pm", "lee", "--role", "recruiter", "--name", "Lee O"]
    result = invoke([*args, "--email", "lee@acme.example", "--title", "Talent Partner"])
    assert result.exit_code == 0, result.output
    line = (
        "      - {id: lee, name: Lee O, role: recruiter, title: Talent Partner, "
        "email: lee@acme.example}\n"
    )
    anchor = "      - {id: acme-hr, name: Priya Shah, role: hr}\n"
    assert timeline.read_text() == old.replace(anchor, anchor + line, 1)
    assert result.stdout.startswith("added lee (Lee O, recruiter) to acme-pm (")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["acme-pm", "dana", "--role", "hr"], "already has a contact 'dana'"),
        (["acme-pm", "x", "--role", "hiring manager"], "did you mean 'hiring_manager'?"),
        (["nope", "x", "--role", "hr"], "no application 'nope'"),
    ],
)
def test_a_bad_contact_is_refused(timeline: Path, args: list[str], said: str) -> None:
    old = timeline.read_bytes()
    result = invoke(["contact", str(timeline), *args])
    assert result.exit_code == 2 and said in result.stderr, result.output
    assert timeline.read_bytes() == old


def test_a_name_too_long_for_the_schema_is_named_by_its_option(timeline: Path) -> None:
    old = timeline.read_bytes()
    args = ["acme-pm", "pat", "--role", "hr", "--name", "n" * 201]
    result = invoke(["contact", str(timeline), *args])
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--name': longer than 200 characters" in result.stderr
    assert timeline.read_bytes() == old
