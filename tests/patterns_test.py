"""engine/core/patterns.py: a pattern's compiled tests match exactly the events it names, and a
union of patterns is single-type patterns matching the same events, none inside another one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from engine.core.ledger import matches
from engine.core.patterns import any_of, covers, role_flag, variants
from engine.model import Event, Pattern
from engine.vocabulary import CHANNELS, EVENT_TYPES, ROLES, ROUND_EVENTS

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
    return {"type": event.type, "channel": event.channel, "round": rnd, **flags}


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
    return Pattern(types, channels, roles, low, high)


@st.composite
def _events(draw: st.DrawFn) -> tuple[Event, frozenset[str]]:
    """An event and the roles of its contacts: none, one, or several people on it."""
    kind = draw(st.sampled_from(EVENT_TYPES))
    channel = draw(st.sampled_from(("", *CHANNELS)))
    rnd = draw(st.integers(1, 5)) if kind in ROUND_EVENTS else 0
    roles = frozenset(draw(st.lists(st.sampled_from(ROLES), max_size=3)))
    people = tuple(f"c{i}" for i in range(len(roles)))
    return Event(DAY, kind, 0, channel, people[0] if people else "", rnd, also=people[1:]), roles


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
