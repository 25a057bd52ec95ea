"""3x3-networking on the example timeline, through the command line (issue 11, items 1-3).

Hooli thanked its first interviewer by email and logged no thank-you call after the second
interview; the article's weekly calls must come anyway. Globex has only applied: one call, once.
"""

from __future__ import annotations

import json
from typing import Any

from cli_support import EXAMPLE_TIMELINE, invoke, recommendations, run_json

PACK = "3x3-networking"
AS_OF = "2026-11-21"  # a Saturday
FIRST_BUSINESS_DAY = "2026-11-23"
UNTIL = "2027-01-31"


def _by_rule(app: str) -> dict[str, dict[str, Any]]:
    return {r["rule"]: r for r in recommendations(run_json(EXAMPLE_TIMELINE, PACK, AS_OF), app)}


def _simulated_steps(app: str) -> list[dict[str, Any]]:
    result = invoke(
        [
            "run",
            str(EXAMPLE_TIMELINE),
            "--pack",
            PACK,
            "--as-of",
            AS_OF,
            "--simulate",
            "--until",
            UNTIL,
            "--format",
            "json",
        ]
    )
    assert result.exit_code == 0, (result.stderr, result.exception)
    doc = json.loads(result.stdout)
    (found,) = [a for a in doc["applications"] if a["id"] == app]
    steps: list[dict[str, Any]] = found["steps"]
    return steps


def test_hooli_gets_the_weekly_calls_without_a_logged_thank_you_call() -> None:
    hooli = _by_rule("hooli-eng")
    # 8-11 days after the interview of Wed 11-04: Thu 11-12; Sun 11-15 ends it on Fri 11-13.
    weekly = hooli["keep-calling"]
    assert (weekly["status"], weekly["due"], weekly["window"]) == (
        "overdue",
        "2026-11-12",
        {"start": "2026-11-12", "end": "2026-11-13"},
    )
    assert weekly["channels"] == ["phone", "voicemail"]
    assert [r["name"] for r in weekly["recipients"]] == ["Gavin Belson"]
    # The missed next-day call is shown as past its moment, not as overdue beside the weekly one.
    assert hooli["thank-you-call"]["status"] == "expired"


def test_hooli_table_shows_the_weekly_call_after_the_missed_thank_you_call() -> None:
    result = invoke(["run", str(EXAMPLE_TIMELINE), "--pack", PACK, "--as-of", AS_OF])
    assert result.exit_code == 0
    hooli = result.stdout.split("hooli-eng:")[1].split("initech-ba:")[0]
    assert "[thank-you-call]" in hooli
    assert "[keep-calling]" in hooli
    assert "check in by phone or by voicemail to Gavin Belson (hiring manager) (attempt 1)" in hooli


def test_simulated_hooli_calls_every_week_to_ten_days_until_the_end() -> None:
    calls = [s for s in _simulated_steps("hooli-eng") if s["rule"] == "keep-calling"]
    assert [s["attempt"] for s in calls] == list(range(1, len(calls) + 1))
    assert len(calls) >= 9  # 2026-11-21 to 2027-01-31, one every 7-10 days
    # The overdue first call is made on the first business day (AS_OF is a Saturday), and the
    # expired thank-you call neither holds back nor moves the weekly calls.
    assert calls[0]["date"] == FIRST_BUSINESS_DAY
    assert calls[1]["date"] == "2026-11-30"
    assert not [s for s in _simulated_steps("hooli-eng") if s["rule"] == "thank-you-call"]


def test_globex_gets_one_call_not_a_series() -> None:
    steps = [s for s in _simulated_steps("globex-analyst") if s["rule"] == "first-call"]
    assert [(s["date"], s["attempt"], s["max_attempts"]) for s in steps] == [
        (FIRST_BUSINESS_DAY, 1, 1)
    ]
    first = _by_rule("globex-analyst")["first-call"]
    assert (first["status"], first["due"], first["max_attempts"]) == ("overdue", "2026-11-19", 1)


def test_the_source_line_names_the_writer_once_and_marks_the_title_a_paraphrase() -> None:
    # The post names no writer and the seed copy has no title: the pack must say so, not print
    # the blog twice ("Career Stimulus Program blog, ..., Career Stimulus Program blog").
    result = invoke(["packs"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    source = lines[next(i for i, x in enumerate(lines) if x.startswith(PACK)) + 1].strip()
    assert source.startswith("source: Unnamed (the writer reports Steve Rosenblum's talk")
    assert source.count("Career Stimulus Program blog") == 1
    shown = invoke(["show", PACK])
    assert "(a paraphrase of its first lines; the copy has no title)" in shown.stdout
