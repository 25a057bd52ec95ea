"""Scoped prohibitions (engine/analysis/scopes.py, engine/load/scopes.py) and the employer's
instructions: when a prohibition holds, what the loader refuses, and what the audit says."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import oracle
import pytest
from cli_support import ROOT
from hypothesis import given
from strategies import COMMON_SETTINGS, load_timeline_doc, packs_with_scoped_bans

from engine import evaluate, load_pack, load_timeline
from engine.analysis.scopes import in_scope
from engine.core.ledger import Ledger
from engine.dates.calendar import BusinessCalendar
from engine.load.scopes import breaks
from engine.model import Application, Contact, Event, Offset, Pack, Pattern, Prohibition, Scope
from engine.present.audit_text import finding_text
from engine.present.bans import prohibition_sentence

EXAMPLE = ROOT / "tests/example-files/positive/packs/scoped-prohibitions.yaml"
D = dt.date


def _ledger(*events: tuple[str, str, dict[str, Any]]) -> Ledger:
    evs = tuple(
        Event(date=D.fromisoformat(day), type=kind, seq=k, **extra)  # type: ignore[arg-type]
        for k, (day, kind, extra) in enumerate(events)
    )
    contacts = (Contact("hm", "hiring_manager"), Contact("rec", "recruiter"))
    return Ledger(Application("a", "Acme", "PM", contacts, evs), D(2027, 1, 1))


CAL = BusinessCalendar("US", None)


def test_after_starts_and_until_ends_a_scope_and_a_later_after_starts_it_again() -> None:
    scope = Scope(after=Pattern(types=("offer",)), until=Pattern(types=("withdrawal",)))
    ledger = _ledger(
        ("2026-11-02", "follow_up_sent", {"channel": "email"}),
        ("2026-11-03", "offer", {}),
        ("2026-11-04", "follow_up_sent", {"channel": "email"}),
        ("2026-11-05", "withdrawal", {}),
        ("2026-11-06", "follow_up_sent", {"channel": "email"}),
        ("2026-11-07", "offer", {}),
        ("2026-11-08", "follow_up_sent", {"channel": "email"}),
    )
    assert [in_scope(scope, ledger, pos, CAL) for pos in (0, 2, 4, 6)] == [None, (1,), None, (5,)]


def test_stage_is_the_stage_before_the_event() -> None:
    scope = Scope(stages=("interviewing",))
    ledger = _ledger(
        ("2026-11-02", "application_submitted", {}),
        ("2026-11-03", "follow_up_sent", {"channel": "email"}),
        ("2026-11-04", "interview", {}),
        ("2026-11-05", "follow_up_sent", {"channel": "email"}),
    )
    assert in_scope(scope, ledger, 1, CAL) is None
    assert in_scope(scope, ledger, 3, CAL) == ()


@pytest.mark.parametrize(
    ("length", "day", "held"),
    [
        (Offset("days", 0, 0), "2026-11-12", True),
        (Offset("days", 0, 0), "2026-11-13", False),  # on the date itself: no longer before it
        (Offset("weeks", 1, 1), "2026-11-19", True),
        (Offset("weeks", 1, 1), "2026-11-20", False),  # a week past it, "at least a week"
    ],
)
def test_before_stated_date(length: Offset, day: str, held: bool) -> None:
    ledger = _ledger(
        ("2026-11-10", "decision_expected", {"by": D(2026, 11, 13)}),
        (day, "follow_up_sent", {"channel": "email"}),
    )
    assert (in_scope(Scope(before_stated_date=length), ledger, 1, CAL) == (0,)) is held


def test_before_stated_date_never_holds_without_a_stated_date() -> None:
    ledger = _ledger(("2026-11-10", "follow_up_sent", {"channel": "email"}))
    assert in_scope(Scope(before_stated_date=Offset("weeks", 1, 1)), ledger, 0, CAL) is None


def test_an_instruction_covers_its_channels_and_a_full_stop_every_event() -> None:
    scope = Scope(after_instruction=True)
    ledger = _ledger(
        ("2026-11-02", "reply_received", {"says": "stop", "not_by": ("phone",)}),
        ("2026-11-03", "follow_up_sent", {"channel": "email"}),
        ("2026-11-04", "follow_up_sent", {"channel": "phone"}),
        ("2026-11-05", "follow_up_sent", {}),  # no channel: only a stop of every channel
        ("2026-11-06", "reply_received", {"says": "stop"}),
        ("2026-11-07", "follow_up_sent", {}),
    )
    assert [in_scope(scope, ledger, pos, CAL) for pos in (1, 2, 3, 5)] == [None, (0,), None, (4,)]


def _rule(pack: Pack, rule_id: str) -> Any:
    return next(r for r in pack.rules if r.id == rule_id)


def test_a_rule_breaks_a_scoped_ban_only_when_every_attempt_is_inside_it() -> None:
    pack = load_pack(str(EXAMPLE))
    offer = _rule(pack, "offer-questions")
    to_hm = dataclasses.replace(offer, action=offer.action._replace(recipients=("hiring_manager",)))
    ban = Prohibition("b", recipients=("hiring_manager",), scope=Scope(after=Pattern(("offer",))))
    assert breaks(to_hm, ban) == "hiring_manager"
    assert breaks(offer, ban) == ""  # the recruiter
    assert breaks(to_hm, ban._replace(except_rules=("offer-questions",))) == ""
    # an `until`, a date or an instruction holds only at times: the audit judges each event
    later = Scope(after=Pattern(("offer",)), until=Pattern(("withdrawal",)))
    assert breaks(to_hm, ban._replace(scope=later)) == ""
    thanks = _rule(pack, "thank-the-interviewer")  # anchored on an interview, not an offer
    assert breaks(thanks, ban._replace(recipients=(), scope=Scope(after=Pattern(("offer",))))) == ""


def test_sentences_say_when_a_prohibition_holds() -> None:
    bans = {p.id: prohibition_sentence(p) for p in load_pack(str(EXAMPLE)).prohibitions}
    assert bans == {
        "offer-talk-through-the-recruiter": (
            "Never contact the hiring manager once there has been an offer."
        ),
        "not-before-a-week-past-their-date": (
            "Never follow up or send thanks before 1 week past the date the employer gave "
            "(except in thank-the-interviewer)."
        ),
        "respect-their-word": (
            "Never follow up or send thanks once they have asked you to stop following up by "
            "that channel."
        ),
    }
    scope = Scope(after=Pattern(("interview",)), until=Pattern(("offer",)), stages=("closed",))
    assert prohibition_sentence(Prohibition("x", channels=("phone",), scope=scope)) == (
        "Never use phone once there has been an interview, until there is an offer, while the "
        "application is at stage closed."
    )
    stated = Scope(before_stated_date=Offset("days", 0, 0))
    assert prohibition_sentence(Prohibition("x", scope=stated)) == (
        "Never follow up or send thanks before the date the employer gave."
    )


def _timeline(tmp_path: Path, events: str) -> Path:
    path = tmp_path / "t.yaml"
    path.write_text(
        "version: 1\ncandidate: {timezone: America/New_York, holidays: {country: US}}\n"
        "applications:\n  - id: a\n    company: Acme\n    role: PM\n    contacts:\n"
        "      - {id: hm, name: Harriet Manager, role: hiring_manager}\n"
        "      - {id: rec, name: Rick Ruiter, role: recruiter}\n    events:\n" + events,
        encoding="utf-8",
    )
    return path


def test_the_audit_says_what_put_the_prohibition_in_force(tmp_path: Path) -> None:
    path = _timeline(
        tmp_path,
        "      - {date: 2026-11-16, type: offer, with: rec}\n"
        "      - {date: 2026-11-17, type: follow_up_sent, channel: email, with: hm}\n"
        "      - {date: 2026-11-18, type: reply_received, says: stop, with: rec}\n"
        "      - {date: 2026-11-19, type: follow_up_sent, channel: email, with: rec}\n",
    )
    report = evaluate(load_pack(str(EXAMPLE)), load_timeline(str(path)), D(2026, 11, 20))
    said = [(f.rule_or_prohibition, finding_text(f)) for f in report.audit]
    assert said == [
        (
            "offer-talk-through-the-recruiter",
            "a follow-up by email to Harriet Manager (hiring manager); the pack says never "
            "contact the hiring manager once there has been an offer (since the offer on "
            "2026-11-16)",
        ),
        (
            "respect-their-word",
            "a follow-up by email to Rick Ruiter (recruiter); the pack says never follow up or "
            "send thanks once they have asked you to stop following up by that channel (since "
            "the reply on 2026-11-18)",
        ),
    ]


def _order(e: Event) -> tuple[dt.date, int]:
    return e.date, e.seq


def _banned(findings: Any) -> set[tuple[str, Any, str]]:
    return {(f.application, f.event, f.rule_or_prohibition) for f in findings if f.kind == "banned"}


def _scoped(pack: Pack) -> list[Prohibition]:
    return [p for p in pack.prohibitions if p.scope is not None]


@COMMON_SETTINGS
@given(packs_with_scoped_bans(3))
def test_a_scoped_prohibition_never_flags_an_event_outside_its_scope(case: Any) -> None:
    """Every event flagged under a scoped prohibition is inside its scope, by the oracle's own
    reading of the scope (tests/oracle.py), and dropping the scope only ever adds findings."""
    pack_doc, pack, cases = case
    bans = {p.id: p for p in _scoped(pack)}
    unscoped = dataclasses.replace(
        pack, prohibitions=tuple(p._replace(scope=None) for p in pack.prohibitions)
    )
    for doc, as_of in cases:
        timeline = load_timeline_doc(doc)
        report = evaluate(pack, timeline, as_of)
        cal = oracle.Calendar(timeline.country, timeline.subdivision)
        apps = {a.id: a for a in timeline.applications}
        for f in report.audit:
            ban = bans.get(f.rule_or_prohibition)
            if f.kind != "banned" or ban is None or ban.scope is None:
                continue
            app = apps[f.application]
            events = sorted((e for e in app.events if e.date <= as_of), key=_order)
            roles = [oracle.roles_of(app, e) for e in events]
            i = next(k for k, e in enumerate(events) if e == f.event)
            assert oracle.scope_holds(ban.scope, events, roles, i, cal), (pack_doc, doc, f)
        wider = evaluate(unscoped, timeline, as_of)
        assert _banned(report.audit) <= _banned(wider.audit), (pack_doc, doc)


def test_the_generated_packs_do_flag_events_under_scoped_prohibitions() -> None:
    """The property above is not vacuous: its cases flag events inside scopes."""
    seen = 0

    @COMMON_SETTINGS
    @given(packs_with_scoped_bans(3))
    def count(case: Any) -> None:
        nonlocal seen
        _, pack, cases = case
        ids = {p.id for p in _scoped(pack)}
        for doc, as_of in cases:
            report = evaluate(pack, load_timeline_doc(doc), as_of)
            seen += sum(f.rule_or_prohibition in ids for f in report.audit)

    count()
    assert seen >= 5
