"""Offers (docs/packs.md "Offers"): a timeline offer's deadline (`by`), a window counted back
from it (`timing.before`, `from: deadline`), the kinds acknowledge_offer and ask_for_time, and
what show, run, --explain and draft say of them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cli_support import ROOT, invoke
from strategies import load_timeline_doc

from engine.core.ledger import word_matches
from engine.dates.calendar import BusinessCalendar
from engine.dates.timing import window, window_before
from engine.model import Offset, Pattern
from engine.vocabulary import CHASE_KINDS, DEFAULT_FULFILMENT

D = dt.date
US = BusinessCalendar("US")
PACK = ROOT / "tests" / "example-files" / "positive" / "packs" / "offers.yaml"
ASK = "ask-for-more-time"
ACK = "acknowledge-the-offer"


def back(unit: str, low: int, high: int) -> Offset:
    return Offset(unit, low, high, before=True)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("deadline", "offset", "expected"),
    [
        # Friday 11 December: 5 business days before is Friday the 4th, 3 is Tuesday the 8th.
        (D(2026, 12, 11), back("business_days", 3, 5), (D(2026, 12, 4), D(2026, 12, 8))),
        # Tuesday 1 December, counting back over Thanksgiving (Thursday 26 November).
        (D(2026, 12, 1), back("business_days", 3, 5), (D(2026, 11, 23), D(2026, 11, 25))),
        # From a Saturday, the 1st business day before is the Friday.
        (D(2026, 12, 12), back("business_days", 1, 1), (D(2026, 12, 11), D(2026, 12, 11))),
        # 0 business days before a closed deadline (Christmas) is the business day before it.
        (D(2026, 12, 25), back("business_days", 0, 0), (D(2026, 12, 24), D(2026, 12, 24))),
        # Calendar days: 3-6 days before Wednesday 9 December is Thursday 3 to Sunday 6: the
        # end moves back to Friday 4, never later than the advice's minimum before it.
        (D(2026, 12, 9), back("days", 3, 6), (D(2026, 12, 3), D(2026, 12, 4))),
        # ... and a start on a Saturday moves forward, inside the window.
        (D(2026, 12, 11), back("days", 1, 6), (D(2026, 12, 7), D(2026, 12, 10))),
        # No business day inside (Saturday 26 and Sunday 27 December): the nearest before it,
        # Thursday 24 (Friday 25 is Christmas).
        (D(2026, 12, 28), back("days", 1, 2), (D(2026, 12, 24), D(2026, 12, 24))),
        # A month before 31 March is the last day of February.
        (D(2027, 3, 31), back("months", 1, 1), (D(2027, 2, 26), D(2027, 2, 26))),
        # Hours are whole days: 25-48 hours before is 2 days before.
        (D(2026, 12, 10), back("hours", 25, 48), (D(2026, 12, 8), D(2026, 12, 8))),
    ],
)
def test_a_window_counted_back_from_a_deadline(
    deadline: dt.date, offset: Offset, expected: tuple[dt.date, dt.date]
) -> None:
    assert window_before(deadline, offset, US) == expected
    start, end = expected
    assert (window(deadline, offset, US).start, window(deadline, offset, US).due) == (start, start)
    assert window(deadline, offset, US, due="end").due == end
    assert end <= deadline and US.is_business_day(start) and US.is_business_day(end)


def test_the_window_never_ends_later_than_its_minimum_before_the_deadline() -> None:
    for n in range(400):
        deadline = D(2026, 1, 1) + dt.timedelta(days=n)
        for unit in ("days", "business_days", "weeks"):
            start, end = window_before(deadline, back(unit, 1, 3), US)
            latest = deadline - dt.timedelta(days=7 if unit == "weeks" else 1)
            assert start <= end <= latest, (deadline, unit)


def test_the_kinds_do_not_chase_and_are_fulfilled_by_your_message() -> None:
    for kind in ("acknowledge_offer", "ask_for_time"):
        assert kind not in CHASE_KINDS
        assert DEFAULT_FULFILMENT[kind] == ("follow_up_sent",)


TIMELINE = """\
version: 1
candidate:
  name: Sam Candidate
  email: sam@example.com
  timezone: America/New_York
  holidays: {country: US}
applications:
  - id: acme-pm
    company: Acme Corp
    role: Product Manager
    contacts:
      - {id: rita, name: Rita Chen, role: recruiter}
    events:
      - {date: 2026-11-17, type: interview, with: rita, channel: video_call}
      - {date: 2026-12-01, type: offer, BY with: rita, channel: email}
"""


def _timeline(tmp_path: Path, by: str = "by: 2026-12-11,", extra: str = "") -> Path:
    path = tmp_path / "timeline.yaml"
    path.write_text(TIMELINE.replace("BY ", f"{by} ") + extra)
    return path


def test_an_offer_with_a_deadline_is_dated() -> None:
    doc = {
        "version": 1,
        "candidate": {"timezone": "America/New_York", "holidays": {"country": "US"}},
        "applications": [
            {
                "id": "a",
                "company": "A",
                "role": "R",
                "events": [
                    {"date": "2026-12-01", "type": "offer", "by": "2026-12-11"},
                    {"date": "2026-12-02", "type": "offer_received"},
                ],
            }
        ],
    }
    dated, undated = load_timeline_doc(doc).applications[0].events
    assert dated.by == D(2026, 12, 11) and undated.by is None
    pattern = Pattern(types=("offer",), dated=True)
    assert word_matches(pattern, dated) and not word_matches(pattern, undated)


def test_show_says_before_the_deadline() -> None:
    result = invoke(["show", str(PACK)])
    assert result.exit_code == 0, result.stderr
    assert (
        "ask-for-more-time: 3-5 business days before the deadline of an offer, email the "
        "recruiter to ask for more time to decide." in result.stdout
    )
    assert (
        "acknowledge-the-offer: 0-1 business days after an offer, email the recruiter to "
        "confirm you received the offer, without committing." in result.stdout
    )


def test_run_and_explain_count_back_from_the_deadline(tmp_path: Path) -> None:
    ack = "      - {date: 2026-12-01, type: follow_up_sent, with: rita, channel: email}\n"
    path = _timeline(tmp_path, extra=ack)
    args = ["run", str(path), "--pack", str(PACK), "--as-of", "2026-12-04", "--explain"]
    result = invoke(args)
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert (
        "DUE ask for more time to decide by email to Rita Chen (recruiter) Fri 2026-12-04 "
        "(window Fri 12-04 to Tue 12-08); 3-5 business days before the deadline 2026-12-11 of "
        "the offer on 2026-12-01 [ask-for-more-time]" in text
    )
    assert (
        "DONE confirm you received the offer, without committing by email to Rita Chen "
        "(recruiter)" in text
    )
    assert (
        "fired ask-for-more-time: the offer on 2026-12-01: due 2026-12-04 (window 2026-12-04 to "
        "2026-12-08), now; the attempt on 2026-12-01 was made before its window opened and does "
        "not count" in text
    )


def test_simulate_asks_on_the_windows_first_day(tmp_path: Path) -> None:
    path = _timeline(tmp_path)
    args = ["run", str(path), "--pack", str(PACK), "--as-of", "2026-12-02"]
    result = invoke([*args, "--simulate", "--until", "2026-12-12"])
    assert result.exit_code == 0, result.stderr
    assert "Fri 2026-12-04  ask for more time to decide by email to Rita Chen" in result.stdout


def _draft(path: Path, rule: str, as_of: str) -> str:
    args = ["draft", str(path), "--pack", str(PACK), "-a", "acme-pm", "--as-of", as_of]
    result = invoke([*args, "--rule", rule])
    assert result.exit_code == 0, result.stderr
    return " ".join(result.stdout.split())


def test_the_default_drafts(tmp_path: Path) -> None:
    path = _timeline(tmp_path)
    ack = _draft(path, ACK, "2026-12-01")
    assert "Subject: Your offer: Product Manager" in ack
    assert (
        "I am writing to confirm that I have received it, and that you need my answer by "
        "Friday, December 11." in ack
    )
    assert "accept" not in ack  # without committing
    ask = _draft(path, ASK, "2026-12-04")
    assert "You asked for my answer by Friday, December 11." in ask
    assert "offer to answer by 2026-12-11" in ask  # the facts it used


def test_the_deadline_placeholder(tmp_path: Path) -> None:
    pack = tmp_path / "own.yaml"
    text = PACK.read_text().replace(
        "      kind: acknowledge_offer\n",
        "      kind: acknowledge_offer\n      draft:\n        body: [\"Answer by {deadline}.\"]\n",
    )
    pack.write_text(text)
    for by, said in (("by: 2026-12-11,", "Friday, December 11"),
                     ("", "[the date they need your answer by]")):  # fmt: skip
        path = _timeline(tmp_path, by)
        args = ["draft", str(path), "--pack", str(pack), "-a", "acme-pm", "--as-of", "2026-12-01"]
        result = invoke([*args, "--rule", ACK])
        assert result.exit_code == 0, result.stderr
        assert f"Answer by {said}." in result.stdout


def test_an_offer_without_a_deadline_asks_for_no_time(tmp_path: Path) -> None:
    path = _timeline(tmp_path, "")
    result = invoke(["run", str(path), "--pack", str(PACK), "--as-of", "2026-12-01"])
    assert result.exit_code == 0, result.stderr
    assert "[acknowledge-the-offer]" in result.stdout
    assert "[ask-for-more-time]" not in result.stdout


def test_log_records_an_offers_deadline(tmp_path: Path) -> None:
    path = _timeline(tmp_path, "")
    args = ["log", str(path), "acme-pm", "offer", "--date", "2026-12-02", "--by", "2026-12-14"]
    result = invoke(args)
    assert result.exit_code == 0, result.stderr
    assert "by: 2026-12-14" in path.read_text()


def test_a_window_before_the_deadline_may_expire(tmp_path: Path) -> None:
    pack = tmp_path / "expires.yaml"
    pack.write_text(
        PACK.read_text().replace(
            "      before: {business_days: [3, 5]}\n",
            "      before: {business_days: [3, 5]}\n      expires: true\n",
        )
    )
    path = _timeline(tmp_path)
    args = ["run", str(path), "--pack", str(pack), "--format", "json"]
    statuses = {}
    for as_of in ("2026-12-08", "2026-12-09"):
        result = invoke([*args, "--as-of", as_of])
        assert result.exit_code == 0, result.stderr
        (app,) = json.loads(result.stdout)["applications"]
        statuses[as_of] = {r["rule"]: r["status"] for r in app["recommendations"]}[ASK]
    assert statuses == {"2026-12-08": "due", "2026-12-09": "expired"}
