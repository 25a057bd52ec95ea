"""The facts as a person writes them, and every placeholder's value
(engine/present/drafts/phrases.py)."""

from __future__ import annotations

import datetime as dt

from engine.present.drafts.facts import Facts
from engine.present.drafts.phrases import values
from engine.vocabulary import PLACEHOLDERS


def _facts(**known: object) -> Facts:
    empty: dict[str, object] = {
        "company": "Acme Corp",
        "role": "Product Manager",
        "candidate_name": "",
        "candidate_email": "",
        "candidate_phone": "",
        "recipient": "",
        "recipient_role": "",
        "recipient_email": "",
        "recipient_phone": "",
        "alternatives": (),
        "context": "application",
        "anchor_date": dt.date(2026, 11, 2),
        "applied": None,
        "interview": None,
        "interviewer": "",
        "decision_by": None,
        "meeting": None,
        "rejection": None,
    }
    return Facts(**(empty | known))  # type: ignore[arg-type]


def test_every_placeholder_has_a_value_even_when_the_timeline_is_silent() -> None:
    table = values(_facts())
    assert list(table) == list(PLACEHOLDERS)
    assert all(table.values())
    assert table["interview_date"] == "[the date of the interview]"
    assert table["next_steps"].startswith("[Next steps:")


def test_the_values_of_a_known_interview_and_decision() -> None:
    table = values(
        _facts(
            context="interview",
            recipient="Dana Whitfield",
            interview=dt.date(2026, 11, 17),
            decision_by=dt.date(2026, 11, 20),
        )
    )
    assert table["contact"] == "Dana Whitfield"
    assert table["anchor_date"] == "Monday, November 2"
    assert table["occasion"] == (
        "my interview on Tuesday, November 17 for the Product Manager position"
    )
    assert table["next_steps"] == (
        "I understand the next step is your decision by Friday, November 20, "
        "and I look forward to hearing from you."
    )
