"""`followup run --format ics` keeps a calendar true (engine/present/export.py): an action that
is no longer to do comes back cancelled under the UID it had, an overdue one moves to the day of
the run, and SEQUENCE orders every version of an event."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from cli_support import EXAMPLE_TIMELINE
from export_test import by_uid, run_text, with_lines

AFTER_GLOBEX = "      - {date: 2026-11-16, type: application_submitted, channel: online_form}\n"
AFTER_ACME = "      - {date: 2026-11-17, type: decision_expected, by: 2026-11-20, with: dana}\n"


def globex(cal: dict[str, Any]) -> tuple[str, Any]:
    """The event of clue-wagon's resume follow-up to Globex (not of the move-on after it)."""
    (found,) = [(u, e) for u, e in cal.items() if "follow up by email to Hank" in str(e["SUMMARY"])]
    return found


def test_an_action_pending_then_done_keeps_its_uid_and_is_cancelled(tmp_path: Path) -> None:
    uid, pending = globex(by_uid(run_text(EXAMPLE_TIMELINE, "clue-wagon", "ics", "2026-11-21")))
    assert "STATUS" not in pending
    email = "      - {date: 2026-11-24, type: follow_up_sent, channel: email, with: hank}\n"
    timeline = with_lines(tmp_path, (AFTER_GLOBEX, email))
    later_uid, done = globex(by_uid(run_text(timeline, "clue-wagon", "ics", "2026-11-25")))
    assert later_uid == uid
    assert done["STATUS"] == "CANCELLED"
    assert str(done["SUMMARY"]).startswith("Globex: done: follow up by email to Hank Scorpio")
    assert done.decoded("DTSTART") == dt.date(2026, 11, 24)  # the day it was done
    assert int(done["SEQUENCE"]) > int(pending["SEQUENCE"])


def test_a_cancel_on_the_same_day_outranks_the_event(tmp_path: Path) -> None:
    # export, do it, log it, export again the same day: the cancel must win
    _, pending = globex(by_uid(run_text(EXAMPLE_TIMELINE, "clue-wagon", "ics", "2026-11-23")))
    email = "      - {date: 2026-11-23, type: follow_up_sent, channel: email, with: hank}\n"
    timeline = with_lines(tmp_path, (AFTER_GLOBEX, email))
    _, done = globex(by_uid(run_text(timeline, "clue-wagon", "ics", "2026-11-23")))
    assert done["STATUS"] == "CANCELLED"
    assert int(done["SEQUENCE"]) == int(pending["SEQUENCE"]) + 2


def test_an_overdue_action_is_dated_today_and_says_since_when() -> None:
    early_uid, early = globex(by_uid(run_text(EXAMPLE_TIMELINE, "clue-wagon", "ics", "2026-11-21")))
    uid, late = globex(by_uid(run_text(EXAMPLE_TIMELINE, "clue-wagon", "ics", "2026-11-25")))
    assert uid == early_uid
    assert early.decoded("DTSTART") == dt.date(2026, 11, 23)  # upcoming: on its due day
    assert late.decoded("DTSTART") == dt.date(2026, 11, 25)  # overdue: on the day of the run
    assert late.decoded("DTEND") == dt.date(2026, 11, 26)
    assert str(late["SUMMARY"]).startswith("Globex: overdue since Mon 2026-11-23: follow up")
    assert "overdue since 2026-11-23" in str(late["DESCRIPTION"])
    assert "STATUS" not in late
    # 9 days from the application on 11-16, three per day, plus 1 for "overdue"
    assert int(late["SEQUENCE"]) == 9 * 3 + 1


def test_a_settled_action_is_cancelled_under_its_uid(tmp_path: Path) -> None:
    before = by_uid(run_text(EXAMPLE_TIMELINE, "clue-wagon", "ics", "2026-11-21"))
    rejected = "      - {date: 2026-11-23, type: rejection, channel: email, with: dana}\n"
    timeline = with_lines(tmp_path, (AFTER_ACME, rejected))
    after = by_uid(run_text(timeline, "clue-wagon", "ics", "2026-11-25"))
    (uid,) = [u for u, e in before.items() if str(e["SUMMARY"]).startswith("Acme Corp: ")]
    assert after[uid]["STATUS"] == "CANCELLED"
    assert str(after[uid]["SUMMARY"]).startswith("Acme Corp: settled: follow up by email")
    assert after[uid].decoded("DTSTART") == dt.date(2026, 11, 23)  # the rejection's day


def test_an_expired_action_is_cancelled() -> None:
    # career-pivot's thank-you email had its 24 hours after the interview on 11-17
    cal = by_uid(run_text(EXAMPLE_TIMELINE, "career-pivot", "ics", "2026-11-21"))
    expired = [e for e in cal.values() if str(e["SUMMARY"]).startswith("Acme Corp: expired: ")]
    assert [str(e["SUMMARY"]) for e in expired] == [
        "Acme Corp: expired: say thank you by email to Dana Whitfield (hiring manager)"
    ]
    assert expired[0]["STATUS"] == "CANCELLED"


def test_every_attempt_made_is_cancelled_under_its_own_uid() -> None:
    # hooli-eng: both post-interview emails of clue-wagon were sent
    cal = by_uid(run_text(EXAMPLE_TIMELINE, "clue-wagon", "ics", "2026-11-21"))
    done = sorted(
        str(e["SUMMARY"]) for e in cal.values() if str(e["SUMMARY"]).startswith("Hooli: done: ")
    )
    assert done == [
        f"Hooli: done: follow up by email to Gavin Belson (hiring manager) (attempt {n} of 2)"
        for n in (1, 2)
    ]


def test_a_chase_stopped_before_any_attempt_is_cancelled_as_stopped_not_done(
    tmp_path: Path,
) -> None:
    reply = "      - {date: 2026-11-20, type: reply_received, channel: email, with: hank}\n"
    timeline = with_lines(tmp_path, (AFTER_GLOBEX, reply))
    uid, stopped = globex(by_uid(run_text(timeline, "clue-wagon", "ics", "2026-11-21")))
    assert uid == globex(by_uid(run_text(EXAMPLE_TIMELINE, "clue-wagon", "ics", "2026-11-19")))[0]
    assert stopped["STATUS"] == "CANCELLED"
    assert str(stopped["SUMMARY"]).startswith("Globex: stopped: follow up by email to Hank")
