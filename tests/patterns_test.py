"""engine/core/patterns.py: a pattern's compiled tests match exactly the events it names, and a
union of patterns is single-type patterns matching the same events, none inside another one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from engine.core.ledger import matches, says_of
from engine.core.patterns import any_of, asked_field, covers, role_flag, variants
from engine.load.lint import can_match, within
from engine.model import Event, Pattern
from engine.vocabulary import (
    CHANNELS,
    DATED_EVENTS,
    EVENT_TYPES,
    QUESTIONS,
    ROLES,
    ROUND_EVENTS,
    SAYS,
)

Json = dict[str, Any]
DAY = dt.date(2026, 3, 2)


def _passes(test: Json, fact: Json) -> bool:
    """One compiled test on one fact, as durable_rules reads it (the operators patterns use)."""
    ((key, value),) = test.items()
    if key == "$neq":
        ((name, v),) = value.items()
        return bool(fact.get(name) != v)
    if key in ("$gte", "$lte"):
        ((name, v),) = value.items()
        if name not in fact:
            return False
        return bool(fact[name] >= v if key == "$gte" else fact[name] <= v)
    assert not key.startswith("$"), test
    return bool(fact.get(key) == value)


def _fact(event: Event, roles: frozenset[str]) -> Json:
    rnd = event.round if event.type in ROUND_EVENTS else 0
    flags = {role_flag(r): int(r in roles) for r in ROLES}
    fact: Json = {"type": event.type, "channel": event.channel, "round": rnd, **flags}
    fact["says"] = says_of(event)
    fact["dated"] = int(event.type in DATED_EVENTS and event.by is not None)
    fact.update({asked_field(q): int(q in event.asked) for q in QUESTIONS})
    return fact


def _compiled_match(pattern: Pattern, event: Event, roles: frozenset[str]) -> bool:
    fact = _fact(event, roles)
    return any(all(_passes(t, fact) for t in tests) for tests in variants(pattern))


@st.composite
def _patterns(draw: st.DrawFn) -> Pattern:
    types = tuple(draw(st.lists(st.sampled_from(EVENT_TYPES), min_size=1, max_size=3, unique=True)))
    channels = tuple(draw(st.lists(st.sampled_from(CHANNELS), max_size=4, unique=True)))
    roles = tuple(draw(st.lists(st.sampled_from(ROLES), max_size=3, unique=True)))
    low = draw(st.none() | st.integers(0, 4))
    high = draw(st.none() | st.integers(0, 4))
    says = tuple(draw(st.lists(st.sampled_from(SAYS), max_size=2, unique=True)))
    dated = draw(st.none() | st.booleans())
    asked = tuple(draw(st.lists(st.sampled_from(QUESTIONS), max_size=2, unique=True)))
    not_asked = tuple(draw(st.lists(st.sampled_from(QUESTIONS), max_size=2, unique=True)))
    return Pattern(
        types, channels, roles, low, high, says=says, dated=dated, asked=asked, not_asked=not_asked
    )


@st.composite
def _events(draw: st.DrawFn) -> tuple[Event, frozenset[str]]:
    """An event and the roles of its contacts: none, one, or several people on it."""
    kind = draw(st.sampled_from(EVENT_TYPES))
    channel = draw(st.sampled_from(("", *CHANNELS)))
    rnd = draw(st.integers(1, 5)) if kind in ROUND_EVENTS else 0
    roles = frozenset(draw(st.lists(st.sampled_from(ROLES), max_size=3)))
    people = tuple(f"c{i}" for i in range(len(roles)))
    dated = kind == "decision_expected" or (kind in DATED_EVENTS and draw(st.booleans()))
    by = DAY if dated else None
    says = draw(st.sampled_from(("", *SAYS))) if kind == "reply_received" else ""
    if says == "decision" and by is not None:
        says = "not_yet"  # the timeline loader refuses a decision that gives a new date
    asked = tuple(draw(st.lists(st.sampled_from(QUESTIONS), unique=True)))
    asked = asked if kind == "interview" else ()
    event = Event(
        DAY,
        kind,
        0,
        channel,
        people[0] if people else "",
        rnd,
        by=by,
        also=people[1:],
        says=says,
        asked=asked,
    )
    return event, roles


@given(_patterns(), st.lists(_events(), min_size=1, max_size=20))
def test_compiled_tests_match_what_the_pattern_names(
    pattern: Pattern, events: list[tuple[Event, frozenset[str]]]
) -> None:
    for event, role in events:
        assert _compiled_match(pattern, event, role) == matches(pattern, event, role)


@given(st.lists(_patterns(), min_size=1, max_size=4), st.lists(_events(), min_size=1, max_size=30))
def test_any_of_matches_what_the_union_matches(
    patterns: list[Pattern], events: list[tuple[Event, frozenset[str]]]
) -> None:
    merged = any_of(patterns)
    for event, role in events:
        union = any(matches(p, event, role) for p in patterns)
        assert any(matches(p, event, role) for p in merged) == union
    assert all(len(p.types) == 1 for p in merged)
    for i, p in enumerate(merged):
        assert not any(covers(q, p) for j, q in enumerate(merged) if j != i)


def test_a_round_bound_stands_for_the_interview_type() -> None:
    assert variants(Pattern(("interview",), round_min=2)) == [[{"$gte": {"round": 2}}]]
    assert variants(Pattern(("interview",), round_max=1)) == [[{"round": 1}]]
    assert variants(Pattern(("interview",), round_min=1)) == [[{"type": "interview"}]]
    assert variants(Pattern(("interview",), round_min=3, round_max=2)) == []
    assert variants(Pattern(("reply_received",), round_min=1)) == []  # its round is 0


def test_adjacent_round_ranges_are_one_pattern_and_a_pattern_inside_another_goes() -> None:
    late = Pattern(("interview",), round_min=2)
    first = Pattern(("application_submitted", "interview"), round_max=1)
    assert any_of([late, first]) == [
        Pattern(("interview",), round_min=1),
        Pattern(("application_submitted",)),
    ]
    email = Pattern(("follow_up_sent",), channels=("email",))
    assert any_of([email, Pattern(("follow_up_sent",))]) == [Pattern(("follow_up_sent",))]


@given(_patterns(), _patterns(), st.lists(_events(), min_size=1, max_size=30))
def test_the_lint_reasons_soundly_about_the_employers_word(
    inner: Pattern, outer: Pattern, events: list[tuple[Event, str]]
) -> None:
    """`can_match` false: nothing matches; `within` true: every match of inner matches outer."""
    for event, role in events:
        if matches(inner, event, role):
            assert can_match(inner)
            if within(inner, outer):
                assert matches(outer, event, role)


def test_a_says_test_is_one_value_per_variant_and_decides_the_type() -> None:
    decided = Pattern(("reply_received",), says=("decision",))
    # only replies say something: the says test decides the type, as a round test does
    assert variants(decided) == [[{"says": "decision"}]]
    either = Pattern(("reply_received",), says=SAYS)
    assert variants(either) == [[{"type": "reply_received"}]]  # every reply says one of them
    assert variants(Pattern(("interview",), says=("decision",))) == []
    assert not can_match(Pattern(("interview",), says=("decision",)))
    missed = Pattern(("interview",), not_asked=("contact_info",))
    assert variants(missed) == [[{"type": "interview"}, {"asked_contact_info": 0}]]
    assert variants(Pattern(("decision_expected",), dated=False)) == []
