"""Guidance travels only with the step the article gives it for.

wise-job-search's "very brief acknowledgement of the contact, written professionally and without
typos, signing off with your contact information" describes the thank-you note; the follow-ups
and check-ins must not repeat it (issue 11, item 17).
"""

from __future__ import annotations

from engine.load.packs import load_pack

NOTE_ONLY = ("typo", "contact information", "brief")


def _guidance(pack: str) -> dict[str, str]:
    return {rule.id: " ".join(rule.action.guidance).lower() for rule in load_pack(pack).rules}


def test_wise_job_search_keeps_the_note_advice_on_the_thank_you_note() -> None:
    guidance = _guidance("wise-job-search")
    assert all(word in guidance["thank-you-note"] for word in NOTE_ONLY)
    for rule, text in guidance.items():
        if rule != "thank-you-note":
            assert not [w for w in NOTE_ONLY if w in text], (rule, text)
