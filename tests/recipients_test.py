"""engine/core/recipients.py: whom an instance of a rule is for, and which attempts count.

Properties over random packs and timelines (the strategies' format-2 packs use `most_contacted`,
`first_of`, `each` and `match_recipient`), and the cases the docs spell out.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import oracle
from hypothesis import given
from strategies import (
    COMMON_SETTINGS,
    Case,
    load_pack_doc,
    load_timeline_doc,
    packs_with_timelines,
    timeline_docs_with_as_of,
)

from engine import evaluate
from engine.core.ledger import Ledger
from engine.core.recipients import UNKNOWN_PEOPLE, most_contacted
from engine.model import Application, Contact, Event, Pack
from engine.outcomes import Recommendation
from engine.present.export import recommendation_uid
from engine.vocabulary import ROLES, ROUND_EVENTS

Doc = dict[str, Any]
STRANGER = "stranger"


def _key(rec: Recommendation) -> tuple[object, ...]:
    return (rec.rule, rec.anchor_seq, rec.recipients)


def _attempt_to(pack: Pack, rec: Recommendation, as_of: dt.date, role: str) -> Doc:
    """An event that does the rec's action, on `as_of`, with the stranger of `role`."""
    rule = next(r for r in pack.rules if r.id == rec.rule)
    fulfil = rule.action.fulfilled_by
    kind = fulfil.types[0]
    ev: Doc = {"date": as_of.isoformat(), "type": kind, "with": STRANGER}
    channel = (fulfil.channels or rec.channels or ("",))[0]
    if channel:
        ev["channel"] = channel
    if kind in ROUND_EVENTS:
        ev["round"] = max(fulfil.round_min or 1, 1)
    if kind == "decision_expected":
        ev["by"] = as_of.isoformat()
    return ev


@COMMON_SETTINGS
@given(packs_with_timelines(1, formats=(2,)))
def test_an_attempt_to_someone_else_never_changes_an_instances_attempts(
    case: tuple[Doc, Pack, list[Case]],
) -> None:
    """Format 2: an attempt with a contact who is not a recipient is not one of its attempts."""
    _, pack, [(doc, as_of)] = case
    before = evaluate(pack, load_timeline_doc(doc), as_of)
    for app_doc, app in zip(doc["applications"], before.applications, strict=True):
        for rec in app.recommendations:
            rule = next(r for r in pack.rules if r.id == rec.rule)
            others = [r for r in ROLES if r not in rule.action.recipients]
            unknown = any(not r.contact_id and r.role in UNKNOWN_PEOPLE for r in rec.recipients)
            if not rule.action.match_recipient or not rule.action.recipients or unknown:
                continue  # every attempt counts for it
            if not others or rec.anchor_date > as_of:
                continue
            changed = copy.deepcopy(doc)
            mine = next(a for a in changed["applications"] if a["id"] == app_doc["id"])
            mine.setdefault("contacts", []).append({"id": STRANGER, "role": others[0]})
            mine["events"].append(_attempt_to(pack, rec, as_of, others[0]))
            after = evaluate(pack, load_timeline_doc(changed), as_of)
            same = [
                r
                for a in after.applications
                if a.id == app.id
                for r in a.recommendations
                if _key(r) == _key(rec)
            ]
            for r in same:  # gone: the new event superseded or stopped it, which is fine
                assert (r.attempts_made, r.last_attempt) == (rec.attempts_made, rec.last_attempt)


EACH_PACK = load_pack_doc(
    {
        "pack_format": 2,
        "name": "each",
        "version": "1.0.0",
        "title": "Thank each person you met",
        "source": {"author": "A", "title": "T", "publication": "P"},
        "rules": [
            {
                "id": "thank-each",
                "when": {"anchor": "interview", "every_anchor": True},
                "timing": {"after": {"days": 1}},
                "action": {
                    "kind": "thank_you",
                    "channel": "email",
                    "recipient": "anchor_contact",
                    "each": True,
                },
                "cite": "Thank each of them.",
            }
        ],
    }
)


@COMMON_SETTINGS
@given(timeline_docs_with_as_of())
def test_each_makes_one_instance_per_distinct_contact_on_the_anchor(case: Case) -> None:
    doc, as_of = case
    report = evaluate(EACH_PACK, load_timeline_doc(doc), as_of)
    timeline = load_timeline_doc(doc)
    for app, result in zip(timeline.applications, report.applications, strict=True):
        for ev in app.events:
            if ev.type != "interview" or ev.date > as_of:
                continue
            mine = [r for r in result.recommendations if r.anchor_seq == ev.seq]
            assert len(mine) == max(1, len(set(ev.contacts)))
            assert {r.recipients[0].contact_id for r in mine} == (set(ev.contacts) or {""})


def _app(*events: Event) -> Application:
    contacts = (Contact("a", "interviewer"), Contact("b", "hr"), Contact("c", "recruiter"))
    return Application("x", "Co", "Role", contacts, events)


DAY = dt.date(2026, 3, 2)


def test_most_contacted_counts_up_to_the_anchor_and_a_tie_goes_to_the_first_met() -> None:
    events = (
        Event(DAY, "networking_meeting", 0, contact="b"),
        Event(DAY, "introduction_call", 1, contact="a", also=("b",)),
        Event(DAY + dt.timedelta(days=1), "follow_up_sent", 2, contact="a"),
        Event(DAY + dt.timedelta(days=2), "follow_up_sent", 3, contact="a"),
    )
    ledger = Ledger(_app(*events), DAY + dt.timedelta(days=9))
    first = most_contacted(ledger, 2)  # b: 2, a: 2; b was met first
    assert first is not None and first.id == "b"
    later = most_contacted(ledger, 3)
    assert later is not None and later.id == "a"
    assert most_contacted(Ledger(_app(Event(DAY, "interview", 0)), DAY), 0) is None


def test_the_oracle_and_the_ledger_agree_that_any_contacts_role_matches() -> None:
    pattern = load_pack_doc(
        {
            "pack_format": 2,
            "name": "p",
            "version": "1.0.0",
            "title": "T",
            "source": {"author": "A", "title": "T", "publication": "P"},
            "rules": [
                {
                    "id": "r",
                    "when": {"anchor": {"event": "interview", "role": "hr"}},
                    "timing": {"after": {"days": 1}},
                    "action": {"kind": "thank_you", "channel": "email", "recipient": "hr"},
                    "cite": "Q.",
                }
            ],
        }
    ).rules[0]
    both = Event(DAY, "interview", 0, contact="a", also=("b",))
    app = _app(both)
    ledger = Ledger(app, DAY)
    assert ledger.roles[0] == {"interviewer", "hr"}
    assert oracle.matches(pattern.anchor, both, oracle.roles_of(app, both))


def test_each_instance_has_its_own_calendar_uid() -> None:
    contacts = (Contact("a", "interviewer"), Contact("b", "hiring_manager"))
    app = Application("x", "Co", "Role", contacts)
    timeline = load_timeline_doc(
        {
            "version": 1,
            "candidate": {"timezone": "America/New_York", "holidays": {"country": "US"}},
            "applications": [
                {
                    "id": app.id,
                    "company": app.company,
                    "role": app.role,
                    "contacts": [{"id": c.id, "role": c.role} for c in contacts],
                    "events": [{"date": DAY.isoformat(), "type": "interview", "with": ["a", "b"]}],
                }
            ],
        }
    )
    recs = evaluate(EACH_PACK, timeline, DAY).applications[0].recommendations
    assert [r.recipients[0].contact_id for r in recs] == ["a", "b"]
    assert len({recommendation_uid(EACH_PACK, r) for r in recs}) == 2
