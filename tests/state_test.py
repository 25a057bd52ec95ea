"""engine/core/state.py and the employer's word: a reply's new date re-anchors what counts from
the stated date, and a reply that says "not yet" never stops a rule that stops at a decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from strategies import COMMON_SETTINGS, load_pack_doc, load_timeline_doc

from engine import evaluate
from engine.dates.calendar import BusinessCalendar
from engine.dates.timing import window
from engine.model import Offset, Unit

START = dt.date(2026, 1, 5)
UNITS: tuple[Unit, ...] = ("days", "business_days", "weeks")


def _pack_of(*rules: dict[str, Any]) -> Any:
    return load_pack_doc(
        {
            "pack_format": 2,
            "name": "word",
            "version": "1.0.0",
            "title": "The employer's word",
            "source": {"author": "A", "title": "T", "publication": "P"},
            "rules": list(rules),
        }
    )


def _pack(after: dict[str, Any]) -> Any:
    return _pack_of(
        {
            "id": "on-their-date",
            "when": {"anchor": "decision_expected"},
            "timing": {"from": "stated_date", "after": after},
            "stop_when": [{"event": "reply_received", "says": "decision"}],
            "action": {"kind": "follow_up", "channel": "phone", "recipient": "hr"},
            "cite": "Call on the date they give you.",
        },
        {
            "id": "weekly",
            "when": {"anchor": "interview"},
            "timing": {"after": {"weeks": 1}, "repeat": {"every": {"weeks": 1}}},
            "stop_when": [{"event": "reply_received", "says": "decision"}],
            "action": {"kind": "check_in", "channel": "email", "recipient": "hr"},
            "cite": "Keep checking in until they decide.",
        },
    )


def _timeline(events: list[dict[str, Any]]) -> Any:
    return load_timeline_doc(
        {
            "version": 1,
            "candidate": {"timezone": "Europe/London", "holidays": {"country": "GB"}},
            "applications": [{"id": "a", "company": "C", "role": "R", "events": events}],
        }
    )


def _day(n: int) -> str:
    return (START + dt.timedelta(days=n)).isoformat()


# (days after START of the interview and decision date, days to the date they state, of the
# replies after it: (days after the decision date, days to its new date or None, says or None))
REPLY = st.tuples(
    st.integers(0, 20), st.none() | st.integers(0, 30), st.sampled_from((None, "not_yet"))
)
OFFSET = st.tuples(st.sampled_from(UNITS), st.integers(0, 10))


@COMMON_SETTINGS
@given(st.integers(0, 300), st.integers(0, 20), st.lists(REPLY, max_size=4), OFFSET)
def test_the_latest_new_date_is_what_the_window_counts_from(
    start: int,
    wait: int,
    replies: list[tuple[int, int | None, str | None]],
    offset: tuple[Unit, int],
) -> None:
    unit, n = offset
    events = [
        {"date": _day(start), "type": "interview"},
        {"date": _day(start), "type": "decision_expected", "by": _day(start + wait)},
    ]
    stated = START + dt.timedelta(days=start + wait)
    for after, new, says in sorted(replies, key=lambda r: r[0]):
        reply: dict[str, Any] = {"date": _day(start + after), "type": "reply_received"}
        if new is not None:
            reply["by"] = _day(start + after + new)
            stated = START + dt.timedelta(days=start + after + new)
        if says is not None or new is None:
            reply["says"] = "not_yet"  # never the decision: the chase must go on
        events.append(reply)
    as_of = START + dt.timedelta(days=start + 25)
    report = evaluate(_pack({unit: n}), _timeline(events), as_of)
    recs = {r.rule: r for r in report.applications[0].recommendations}
    call = recs["on-their-date"]
    cal = BusinessCalendar("GB", None)
    assert call.basis == "stated_date" and call.basis_date == stated
    assert call.window_start == window(stated, Offset(unit, n, n), cal).start
    # "not yet", with or without a new date, never stops a rule that stops at a decision
    assert recs["weekly"].settled != "stop" and call.settled != "stop"


def test_a_reply_without_says_or_by_is_the_decision() -> None:
    events = [
        {"date": _day(0), "type": "interview"},
        {"date": _day(0), "type": "decision_expected", "by": _day(5)},
        {"date": _day(3), "type": "reply_received"},
    ]
    report = evaluate(_pack({"days": 1}), _timeline(events), START + dt.timedelta(days=10))
    assert {r.rule: r.settled for r in report.applications[0].recommendations} == {
        "on-their-date": "stop",
        "weekly": "stop",
    }


def test_a_new_date_after_an_attempt_moves_the_next_attempt_to_it() -> None:
    # mason-group's reach-out-when-told: reached out after their date, then "we need until the
    # 3rd": the next follow-up counts from the new date, not a week from the one sent.
    pack = _pack_of(
        {
            "id": "chase",
            "when": {"anchor": "decision_expected"},
            "timing": {
                "from": "stated_date",
                "after": {"business_days": 1},
                "repeat": {"every": {"weeks": 1}},
                "max_attempts": 3,
            },
            "stop_when": [{"event": "reply_received", "says": "decision"}],
            "action": {"kind": "check_in", "channel": "email", "recipient": "hr"},
            "cite": "Reach out if you have not heard back by their date.",
        }
    )
    events: list[dict[str, Any]] = [
        {"date": "2026-03-10", "type": "decision_expected", "by": "2026-03-13"},
        {"date": "2026-03-16", "type": "follow_up_sent", "channel": "email"},
    ]
    as_of = dt.date(2026, 3, 18)
    (rec,) = evaluate(pack, _timeline(events), as_of).applications[0].recommendations
    assert (rec.basis, rec.window_start, rec.attempt) == (
        "previous_attempt",
        dt.date(2026, 3, 23),
        2,
    )  # without a new date, a week after the follow-up
    events.append({"date": "2026-03-17", "type": "reply_received", "by": "2026-04-01"})
    (rec,) = evaluate(pack, _timeline(events), as_of).applications[0].recommendations
    assert (rec.basis, rec.basis_date, rec.window_start, rec.attempt) == (
        "stated_date",
        dt.date(2026, 4, 1),
        dt.date(2026, 4, 2),
        2,
    )


def _chase(timing: dict[str, Any], anchor: str = "interview") -> Any:
    return _pack_of(
        {
            "id": "chase",
            "when": {"anchor": anchor},
            "timing": timing,
            "stop_when": ["reply_received"],
            "action": {"kind": "follow_up", "channel": "email", "recipient": "hr"},
            "cite": "Call or email weekly for another week or two, then move on.",
        }
    )


WEEKLY = {"after": {"days": [7, 9]}, "repeat": {"every": {"days": [7, 9]}, "for": {"weeks": 2}}}


def _only(pack: Any, events: list[dict[str, Any]], as_of: int) -> Any:
    report = evaluate(pack, _timeline(events), START + dt.timedelta(days=as_of))
    (rec,) = report.applications[0].recommendations
    return rec


def test_a_chase_ends_its_length_after_the_first_attempts_base() -> None:
    pack = _chase(WEEKLY)  # START is Mon 2026-01-05: the chase's last day is Mon 01-19
    rec = _only(pack, [{"date": _day(0), "type": "interview"}], 3)
    assert (rec.status, rec.chase.last, rec.chase.basis) == ("upcoming", _date(14), "anchor")
    # The second attempt's window (7-9 days after day 8) would open on day 15: past the end.
    events = [{"date": _day(0), "type": "interview"}, _sent(8)]
    rec = _only(pack, events, 9)
    assert (rec.status, rec.settled, rec.attempt, rec.window_start) == ("done", "elapsed", 2, None)


def test_past_the_chase_end_an_attempt_not_made_is_done_not_overdue() -> None:
    pack = _chase(WEEKLY)
    rec = _only(pack, [{"date": _day(0), "type": "interview"}], 14)
    assert rec.status == "overdue"  # its window was days 7-9; the chase still runs
    rec = _only(pack, [{"date": _day(0), "type": "interview"}], 15)
    assert (rec.status, rec.settled, rec.attempts_made) == ("done", "elapsed", 0)


def test_a_window_is_cut_at_the_chase_end() -> None:
    rec = _only(_chase(WEEKLY), [{"date": _day(0), "type": "interview"}, _sent(7)], 8)
    assert (rec.window_start, rec.window_end, rec.due) == (_date(14), _date(14), _date(14))


def test_max_attempts_still_applies_inside_the_chase() -> None:
    rec = _only(_chase({**WEEKLY, "max_attempts": 1}), [{"date": _day(0), "type": "interview"},
                                                         _sent(7)], 9)  # fmt: skip
    assert (rec.status, rec.settled) == ("done", "limit")


def test_a_chase_from_the_stated_date_ends_its_length_after_that_date() -> None:
    pack = _chase({**WEEKLY, "from": "stated_date"}, "decision_expected")
    events = [{"date": _day(0), "type": "decision_expected", "by": _day(10)}]
    rec = _only(pack, events, 3)
    assert (rec.chase.basis, rec.chase.base, rec.chase.last) == ("stated_date", _date(10),
                                                                _date(24))  # fmt: skip


def _date(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def _sent(n: int) -> dict[str, Any]:
    return {"date": _day(n), "type": "follow_up_sent", "channel": "email"}
