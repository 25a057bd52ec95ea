"""The engine issue's worked example, end to end through `followup run --format json`.

Applied 2026-11-02; interviewed by the hiring manager on Tuesday 2026-11-17, who said they would
decide by Friday 2026-11-20; nothing since. America/New_York, US holidays. 2026-11-26 is
Thanksgiving; 2026-11-28 is a Saturday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import holidays
import pytest
from cli_support import pending, recommendations, run_json

APP = "acme-pm"
HEADER = """\
version: 1
candidate:
  timezone: America/New_York
  holidays: {country: US}
applications:
  - id: acme-pm
    company: Acme Corp
    role: Product Manager
    contacts:
"""
HIRING_MANAGER = "      - {id: dana, name: Dana Whitfield, role: hiring_manager}\n"
HR_CONTACT = "      - {id: priya, name: Priya Shah, role: hr}\n"
BASE_EVENTS = """\
    events:
      - {date: 2026-11-02, type: application_submitted, channel: online_form}
      - {date: 2026-11-17, type: interview, round: 1, with: WHO, channel: in_person}
      - {date: 2026-11-17, type: decision_expected, by: 2026-11-20, with: WHO}
"""
FIRST_EMAIL = "2026-11-25"
SECOND_EMAIL = "2026-12-02"


def event(date: str, kind: str, channel: str, who: str = "dana") -> str:
    return f"      - {{date: {date}, type: {kind}, channel: {channel}, with: {who}}}\n"


def email(date: str) -> str:
    return event(date, "follow_up_sent", "email")


def write_timeline(
    folder: Path,
    extra: Sequence[str] = (),
    *,
    hiring_manager: bool = True,
    hr: bool = False,
    name: str = "timeline.yaml",
) -> Path:
    contacts = (HIRING_MANAGER if hiring_manager else "") + (HR_CONTACT if hr else "")
    who = "dana" if hiring_manager else "priya"
    text = HEADER + contacts + BASE_EVENTS.replace("WHO", who) + "".join(extra)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def days(first: str, last: str) -> Iterator[dt.date]:
    day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def phone_like(rec: Mapping[str, Any]) -> bool:
    return bool({"phone", "voicemail"} & set(rec["channels"]))


def roles(rec: Mapping[str, Any]) -> set[str]:
    return {r["role"] for r in rec["recipients"]}


def only(recs: Sequence[Mapping[str, Any]], rule: str) -> Mapping[str, Any]:
    found = [r for r in recs if r["rule"] == rule]
    assert len(found) == 1, [r["rule"] for r in recs]
    return found[0]


# An oracle for US business days straight from the `holidays` package, independent of
# engine.dates.calendar and its cache.
@cache
def _us_holidays() -> holidays.HolidayBase:
    return holidays.country_holidays("US", years=range(2026, 2029))


def next_business_day(day: dt.date) -> dt.date:
    while day.weekday() >= 5 or day in _us_holidays():
        day += dt.timedelta(days=1)
    return day


def last_business_day(day: dt.date) -> dt.date:
    """`day`, or the latest business day before it: where a window ending on `day` ends."""
    while day.weekday() >= 5 or day in _us_holidays():
        day -= dt.timedelta(days=1)
    return day


# --- (a) clue-wagon as of Saturday 2026-11-21 -----------------------------------------------------


@pytest.mark.parametrize("hr", [False, True], ids=["no-hr-contact", "with-hr-contact"])
def test_a_email_the_hiring_manager_on_the_third_business_day(tmp_path: Path, hr: bool) -> None:
    report = run_json(write_timeline(tmp_path, hr=hr), "clue-wagon", "2026-11-21")
    recs = recommendations(report, APP)
    (rec,) = pending(recs)
    assert rec["rule"] == "post-interview-email"
    assert rec["kind"] == "follow_up"
    assert rec["status"] == "upcoming"
    # Fri 11-20 + 3 business days: Mon 23, Tue 24, Wed 25.
    assert rec["due"] == "2026-11-25"
    assert rec["window"] == {"start": "2026-11-25", "end": "2026-11-25"}
    assert rec["channels"] == ["email"]
    assert rec["recipients"] == [
        {"role": "hiring_manager", "contact": "dana", "name": "Dana Whitfield"}
    ]
    assert (rec["attempt"], rec["max_attempts"]) == (1, 2)
    assert rec["anchor"] == {"type": "decision_expected", "date": "2026-11-17"}
    assert "2026-11-20" in rec["why"]
    assert rec["cite"].startswith("If you’ve actually had an interview")
    for any_rec in recs:
        assert not phone_like(any_rec)
        assert "hr" not in roles(any_rec)
    assert report["applications"][0]["stage"] == "interviewing"


# --- (b) the second email ------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", [d.isoformat() for d in days("2026-11-25", "2026-12-15")])
def test_b_second_email_a_week_after_the_first(tmp_path: Path, as_of: str) -> None:
    report = run_json(write_timeline(tmp_path, [email(FIRST_EMAIL)]), "clue-wagon", as_of)
    (rec,) = pending(recommendations(report, APP))
    assert rec["rule"] == "post-interview-email"
    assert rec["due"] == "2026-12-02"  # Wed 11-25 + 7 days, a Wednesday and no holiday
    assert (rec["attempt"], rec["max_attempts"]) == (2, 2)
    assert rec["channels"] == ["email"]
    assert roles(rec) == {"hiring_manager"}
    expected = "upcoming" if as_of < "2026-12-02" else "due" if as_of == "2026-12-02" else "overdue"
    assert rec["status"] == expected


def test_b_a_reply_ends_the_chase(tmp_path: Path) -> None:
    extra = [email(FIRST_EMAIL), event("2026-11-30", "reply_received", "email")]
    report = run_json(write_timeline(tmp_path, extra), "clue-wagon", "2026-12-10")
    recs = recommendations(report, APP)
    assert pending(recs) == []
    assert only(recs, "post-interview-email")["status"] == "done"


# --- (c) no phone before two unanswered emails, never HR ------------------------------------------


SWEEP = [d.isoformat() for d in days("2026-11-17", "2027-01-31")]
MOVE_ON = "2026-12-16"


@pytest.mark.parametrize("emails", [0, 1, 2])
@pytest.mark.parametrize(
    ("hiring_manager", "hr"),
    [(True, True), (False, True)],
    ids=["manager-and-hr", "hr-only"],
)
def test_c_phone_only_after_two_emails_and_never_hr(
    tmp_path: Path, emails: int, hiring_manager: bool, hr: bool
) -> None:
    logged = [email(d) for d in (FIRST_EMAIL, SECOND_EMAIL)[:emails]]
    if not hiring_manager:
        logged = [line.replace("dana", "priya") for line in logged]
    path = write_timeline(tmp_path, logged, hiring_manager=hiring_manager, hr=hr)
    final_call_days = []
    for as_of in SWEEP:
        recs = recommendations(run_json(path, "clue-wagon", as_of), APP)
        for rec in recs:
            assert "hr" not in roles(rec), (as_of, rec)
        phones = [r for r in pending(recs) if phone_like(r)]
        # Only emails to the hiring manager are the post-interview emails (clue-wagon 2.0.0,
        # pack_format 2): two to HR never lead to the call.
        counted = emails if hiring_manager else 0
        emails_so_far = sum(1 for d in (FIRST_EMAIL, SECOND_EMAIL)[:counted] if d <= as_of)
        # From the day moving on is due (Wed 12-02 + 10 business days: Wed 12-16) the optional
        # call has expired.
        if emails_so_far < 2 or as_of >= MOVE_ON:
            assert phones == [], (as_of, phones)
            continue
        (call,) = phones
        assert (call["rule"], call["kind"], call["optional"]) == ("final-call", "final_call", True)
        assert call["channels"] == ["phone"]
        assert roles(call) == {"hiring_manager"}
        # Wed 12-02 + 5 business days: Thu 3, Fri 4, Mon 7, Tue 8, Wed 9.
        assert call["due"] == "2026-12-09"
        final_call_days.append(as_of)
    if counted == 2:
        assert final_call_days == [d for d in SWEEP if SECOND_EMAIL <= d < MOVE_ON]
    else:
        assert final_call_days == []


# --- (d) 3x3-networking right after the interview -------------------------------------------------


def test_d_thank_you_call_next_day_and_handwritten_note(tmp_path: Path) -> None:
    report = run_json(write_timeline(tmp_path), "3x3-networking", "2026-11-17")
    recs = recommendations(report, APP)
    assert {r["rule"] for r in pending(recs)} == {
        "thank-you-call",
        "handwritten-note",
        "keep-calling",
    }
    # The weekly calls are already on the calendar, a week to ten days after the next-day call.
    weekly = only(recs, "keep-calling")
    assert (weekly["status"], weekly["window"]) == (
        "upcoming",
        {"start": "2026-11-25", "end": "2026-11-27"},
    )
    call = only(recs, "thank-you-call")
    assert (call["kind"], call["status"], call["due"]) == ("thank_you", "upcoming", "2026-11-18")
    assert call["channels"] == ["phone", "voicemail"]
    assert call["recipients"] == [
        {"role": "hiring_manager", "contact": "dana", "name": "Dana Whitfield"}
    ]
    note = only(recs, "handwritten-note")
    assert (note["kind"], note["status"]) == ("thank_you", "due")
    assert note["channels"] == ["handwritten_note"]
    assert note["window"] == {"start": "2026-11-17", "end": "2026-11-18"}
    assert roles(note) == {"hiring_manager"}
    # The pre-interview cold call does not apply once there has been an interview.
    assert all(r["rule"] != "first-call" for r in recs)


# --- (e) 3x3-networking: keep calling every 7-10 days ---------------------------------------------


THANK_YOU_CALL = event("2026-11-18", "thank_you_sent", "phone")


def test_e_first_check_in_window_after_the_thank_you_call(tmp_path: Path) -> None:
    # 11-18 + 7 = Wed 11-25 (a business day); 11-18 + 10 = Sat 11-28, which ends the window on
    # the Friday before it, 11-27, never past the advice's ten days (Thanksgiving on Thu 11-26
    # lies inside the window and moves neither end).
    assert dt.date(2026, 11, 28).weekday() == 5
    assert "Thanksgiving" in str(_us_holidays().get(dt.date(2026, 11, 26)))
    path = write_timeline(tmp_path, [THANK_YOU_CALL])
    for as_of, status in [
        ("2026-11-19", "upcoming"),
        ("2026-11-25", "due"),
        ("2026-11-27", "due"),
        ("2026-11-30", "overdue"),
    ]:
        recs = recommendations(run_json(path, "3x3-networking", as_of), APP)
        assert only(recs, "thank-you-call")["status"] == "done"
        rec = only(recs, "keep-calling")
        assert rec["kind"] == "check_in"
        assert rec["status"] == status, as_of
        assert rec["window"] == {"start": "2026-11-25", "end": "2026-11-27"}
        assert rec["due"] == "2026-11-25"
        assert rec["channels"] == ["phone", "voicemail"]
        assert roles(rec) == {"hiring_manager"}
        assert (rec["attempt"], rec["max_attempts"]) == (1, None)


def test_e_each_call_on_its_due_date_opens_the_next_window(tmp_path: Path) -> None:
    logged = [THANK_YOU_CALL]
    last_call = dt.date(2026, 11, 18)
    # Enough rounds to cross Thanksgiving, Christmas and New Year.
    for attempt in range(1, 9):
        start = next_business_day(last_call + dt.timedelta(days=7))
        end = max(start, last_business_day(last_call + dt.timedelta(days=10)))
        path = write_timeline(tmp_path, logged)
        as_of = (last_call + dt.timedelta(days=1)).isoformat()
        rec = only(recommendations(run_json(path, "3x3-networking", as_of), APP), "keep-calling")
        assert rec["attempt"] == attempt
        assert rec["status"] == "upcoming"
        assert rec["window"] == {"start": start.isoformat(), "end": end.isoformat()}, attempt
        assert rec["due"] == start.isoformat()
        assert dt.date.fromisoformat(rec["due"]).weekday() < 5
        logged.append(event(start.isoformat(), "follow_up_sent", "phone"))
        last_call = start
    # The second window, spelled out: Wed 11-25 + 7 = Wed 12-02; + 10 = Sat 12-05, so it ends on
    # Fri 12-04, inside the ten days.
    path = write_timeline(tmp_path, logged[:2])
    rec = only(recommendations(run_json(path, "3x3-networking", "2026-11-25"), APP), "keep-calling")
    assert rec["window"] == {"start": "2026-12-02", "end": "2026-12-04"}
    assert rec["attempt"] == 2


@pytest.mark.parametrize("ending", ["rejection", "offer", "withdrawal"])
def test_e_calls_stop_at_a_decision(tmp_path: Path, ending: str) -> None:
    logged = [THANK_YOU_CALL, event("2026-11-25", "follow_up_sent", "phone")]
    logged.append(event("2026-12-03", ending, "email"))
    path = write_timeline(tmp_path, logged)
    before = recommendations(run_json(path, "3x3-networking", "2026-12-02"), APP)
    assert only(before, "keep-calling")["status"] == "due"
    for as_of in ("2026-12-03", "2026-12-07", "2027-01-15", "2027-06-30"):
        report = run_json(path, "3x3-networking", as_of)
        assert report["applications"][0]["stage"] == "closed"
        recs = recommendations(report, APP)
        assert pending(recs) == [], as_of
        assert only(recs, "keep-calling")["status"] == "suppressed"


@pytest.mark.parametrize("pack", ["clue-wagon", "3x3-networking"])
def test_nothing_chases_after_a_rejection(tmp_path: Path, pack: str) -> None:
    path = write_timeline(tmp_path, [event("2026-11-19", "rejection", "email")])
    for as_of in ("2026-11-19", "2026-11-25", "2026-12-31"):
        recs = recommendations(run_json(path, pack, as_of), APP)
        assert pending(recs) == [], (pack, as_of)


# --- report consistency --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ending",
    [event("2026-12-04", "rejection", "email"), event("2026-12-04", "reply_received", "email")],
    ids=["rejection", "reply"],
)
def test_attempt_never_exceeds_max_attempts(tmp_path: Path, ending: str) -> None:
    # Once fixed in c71dacb: a chase stopped after its last attempt said "attempt 3 of 2".
    path = write_timeline(tmp_path, [email(FIRST_EMAIL), email(SECOND_EMAIL), ending])
    recs = recommendations(run_json(path, "clue-wagon", "2026-12-10"), APP)
    for rec in recs:
        if rec["max_attempts"] is not None:
            assert rec["attempt"] <= rec["max_attempts"], rec
    assert only(recs, "post-interview-email")["attempt"] == 2
    assert pending(recs) == []


def test_second_interview_gets_its_own_thank_you(tmp_path: Path) -> None:
    second = event("2026-11-24", "interview", "in_person").replace("}\n", ", round: 2}\n")
    path = write_timeline(tmp_path, [THANK_YOU_CALL, second])
    recs = recommendations(run_json(path, "3x3-networking", "2026-11-24"), APP)
    call = [r for r in pending(recs) if r["rule"] == "thank-you-call"]
    assert [(r["anchor"]["date"], r["due"]) for r in call] == [("2026-11-24", "2026-11-25")]
    note = [r for r in pending(recs) if r["rule"] == "handwritten-note"]
    assert [r["anchor"]["date"] for r in note] == ["2026-11-24"]
