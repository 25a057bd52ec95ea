"""Event patterns as tests on one event fact's own fields, for the compiler.

A pattern of a pack names a set of events (types, channels, contact roles, a round range;
a role test holds when any of the event's contacts has the role). Here it
becomes alternatives of conjunctive durable_rules tests (`variants`), and a union of patterns
becomes fewer single-type patterns (`any_of`), leaving out the redundant tests it can see: a
type implied by a round test, a range next to another, a pattern inside another one. The
mutation test (tests/mutation_test.py) holds each test of the built-in packs to changing a
match; a pattern inside the union of several others (email, phone, and email-or-phone to HR)
is not found here and stays, harmlessly.
"""

from __future__ import annotations

import itertools
from typing import Any

from ..model import Pattern
from ..vocabulary import (
    ASKED_EVENTS,
    BY_EVENTS,
    CHANNELS,
    OUTCOMES,
    QUESTIONS,
    ROUND_EVENTS,
    SAYS,
    SAYS_EVENTS,
)

Json = dict[str, Any]


def one_of(name: str, values: tuple[str, ...], vocabulary: tuple[str, ...]) -> list[list[Json]]:
    """Alternatives of tests for "field `name` is one of `values`" (no value: no test).

    A short list is expanded (one alternative per value); a long one, from a closed vocabulary,
    is one alternative that rules out every other value (`""`, none given, included), so that
    no pack multiplies into hundreds of durable rules.
    """
    if not values:
        return [[]]
    if len(values) <= 2:
        return [[{name: v}] for v in values]
    return [[{"$neq": {name: v}} for v in ("", *vocabulary) if v not in values]]


def role_flag(role: str) -> str:
    """The event fact's field that says whether any of its contacts has `role`."""
    return f"r_{role}"


def asked_field(question: str) -> str:
    """The event fact's 1/0 flag for one question the candidate may ask at an interview: a
    flag each, so that "did not ask" is an equality test like "asked", never a `$not`."""
    return f"asked_{question}"


def stop_flag(channel: str) -> str:
    """The event fact's 1/0 flag for whether it is a reply asking you to stop following up by
    `channel` (a stop without `not_by` covers every channel): a flag each, as for roles."""
    return f"stop_{channel}"


def word_tests(pattern: Pattern, event_type: str) -> list[list[Json]] | None:
    """The alternatives of tests of the employer's word (`says`, `dated`) and of the questions
    asked at an interview, for an event of `event_type`; None when no such event matches.

    Only replies say something (every reply says one of SAYS), and only a reply saying stop
    stops anything (`stops`, a flag per channel); only BY_EVENTS carry a date
    (a decision_expected always does); only interviews have questions asked. A test that holds
    for every event of the type is left out, one that holds for none drops the type.
    """
    tests: list[Json] = []
    says: list[list[Json]] = [[]]
    if pattern.says:
        if event_type not in SAYS_EVENTS:
            return None
        if set(pattern.says) != set(SAYS):
            says = one_of("says", pattern.says, SAYS)
    if pattern.dated is not None:
        if event_type == "decision_expected":
            if not pattern.dated:
                return None
        elif event_type in BY_EVENTS:
            tests.append({"dated": int(pattern.dated)})
        elif pattern.dated:
            return None
    if pattern.asked or pattern.not_asked:
        if event_type not in ASKED_EVENTS or set(pattern.asked) & set(pattern.not_asked):
            return None
        tests += [{asked_field(q): 1} for q in QUESTIONS if q in pattern.asked]
        tests += [{asked_field(q): 0} for q in QUESTIONS if q in pattern.not_asked]
    stops: list[list[Json]] = [[]]
    if pattern.stops:
        if event_type not in SAYS_EVENTS or (pattern.says and "stop" not in pattern.says):
            return None
        stops = [[{stop_flag(c): 1}] for c in pattern.stops]
    return [[*alt, *stop, *tests] for alt in says for stop in stops]


def variants(pattern: Pattern) -> list[list[Json]]:
    """The pattern as alternatives of conjunctive tests on one event fact's own fields.

    Only interviews have a round (1 or more; every other event has round 0, docs/packs.md), so
    a round bound on another type is decided here: it drops the variant or needs no test. For
    the same reason a round test says "interview" on its own: with one, a type test would be
    redundant, and a redundant test is one the mutation test can't tell is load-bearing.
    """
    out: list[list[Json]] = []
    channels = one_of("channel", pattern.channels, CHANNELS)
    # An event may be with several people: "a contact of one of these roles" is one variant
    # per role on its flag, never a set of exclusions (engine/core/facts.py).
    roles: list[list[Json]] = [[{role_flag(r): 1}] for r in pattern.roles] or [[]]
    outcomes = one_of("outcome", pattern.outcomes, OUTCOMES)
    for event_type in pattern.types:
        kind: list[Json] = [{"type": event_type}]
        if event_type in ROUND_EVENTS:
            low, high = max(pattern.round_min or 1, 1), pattern.round_max
            if high is not None and high < low:
                continue
            rounds: list[Json] = []
            if low == high:
                rounds.append({"round": low})
            elif low > 1 or high is not None:
                rounds.append({"$gte": {"round": low}})
            if high is not None and high != low:
                rounds.append({"$lte": {"round": high}})
            if rounds and len(ROUND_EVENTS) == 1:
                kind = rounds
            else:
                kind += rounds
        elif (pattern.round_min or 0) > 0 or (pattern.round_max or 0) < 0:
            continue  # its round is 0: outside the bounds, it never matches
        words = word_tests(pattern, event_type)
        if words is None:
            continue
        for channel, role, outcome, word in itertools.product(channels, roles, outcomes, words):
            # A test of what a reply says holds only for a reply (every other event says ""),
            # so with it a type test would be redundant, as for a round test above.
            says = len(SAYS_EVENTS) == 1 and any("says" in test for test in word)
            out.append([*([] if says else kind), *channel, *role, *outcome, *word])
    return out


def single_types(pattern: Pattern) -> list[Pattern]:
    """The pattern as one pattern per event type, with a round range only where it bounds."""
    out: list[Pattern] = []
    for event_type in pattern.types:
        if word_tests(pattern, event_type) is None:
            continue
        if event_type in ROUND_EVENTS:
            low, high = max(pattern.round_min or 1, 1), pattern.round_max
            if high is not None and high < low:
                continue
            out.append(pattern._replace(types=(event_type,), round_min=low, round_max=high))
        elif (pattern.round_min or 0) <= 0 and (pattern.round_max or 0) >= 0:
            out.append(pattern._replace(types=(event_type,), round_min=None, round_max=None))
    return out


def within(inner: tuple[str, ...], outer: tuple[str, ...]) -> bool:
    """Whether a value set (empty: any value) is inside another."""
    return not outer or (bool(inner) and set(inner) <= set(outer))


def covers(general: Pattern, specific: Pattern) -> bool:
    """Whether every event of `specific` is one of `general` (both single-type)."""
    if general.types != specific.types:
        return False
    if not within(specific.channels, general.channels):
        return False
    if not within(specific.roles, general.roles):
        return False
    if not within(specific.outcomes, general.outcomes):
        return False
    if not within(specific.says, general.says):
        return False
    if not within(specific.stops, general.stops):
        return False
    if general.dated is not None and specific.dated != general.dated:
        return False
    if not (set(general.asked) <= set(specific.asked)):
        return False
    if not (set(general.not_asked) <= set(specific.not_asked)):
        return False
    low, high = general.round_min or 0, general.round_max
    return (specific.round_min or 0) >= low and (
        high is None or (specific.round_max is not None and specific.round_max <= high)
    )


def inside(pattern: Pattern, outer: list[Pattern]) -> bool:
    """Whether every event of `pattern` is also an event of one of `outer`."""
    singles = [o for pat in outer for o in single_types(pat)]
    return all(any(covers(o, p) for o in singles) for p in single_types(pattern))


def any_of(patterns: list[Pattern]) -> list[Pattern]:
    """The fewest single-type patterns matching the events any of `patterns` matches.

    Patterns of one type that differ only in adjacent round ranges are one range (an `unless`
    of rounds 2+ and a later anchor of round 1 are "any later interview"); a pattern inside
    another one is dropped. Not found: a pattern inside the union of several others.
    """
    parts = [s for p in patterns for s in single_types(p)]
    merged = True
    while merged:
        merged = False
        for i, j in itertools.combinations(range(len(parts)), 2):
            a, b = parts[i], parts[j]
            if a._replace(round_min=None, round_max=None) != b._replace(
                round_min=None, round_max=None
            ):
                continue
            if a.round_min is None or b.round_min is None:
                continue  # no round: one covers the other, dropped below
            a_high = a.round_max if a.round_max is not None else 1 << 30
            b_high = b.round_max if b.round_max is not None else 1 << 30
            if b.round_min <= a_high + 1 and a.round_min <= b_high + 1:
                high = None if a.round_max is None or b.round_max is None else max(a_high, b_high)
                parts[i] = a._replace(round_min=min(a.round_min, b.round_min), round_max=high)
                del parts[j]
                merged = True
                break
    kept: list[Pattern] = []
    for i, p in enumerate(parts):
        # inside another; of two equal ones, the first is kept
        if any(covers(q, p) and (j < i or not covers(p, q)) for j, q in enumerate(parts) if j != i):
            continue
        kept.append(p)
    return kept
