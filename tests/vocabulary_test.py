"""The closed vocabularies are defined once (engine/vocabulary.py); the JSON Schemas, which cannot
import them, must spell each one exactly as it does, and every narrower set must fall inside."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from cli_support import ROOT

from engine import vocabulary as v

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "EVENT_TYPES": v.EVENT_TYPES,
    "CHANNELS": v.CHANNELS,
    "ROLES": v.ROLES,
    "RECIPIENTS": v.RECIPIENTS,
    "ACTION_KINDS": v.ACTION_KINDS,
    "STAGES": v.STAGES,
    "STATUSES": v.STATUSES,
    "PENDING_STATUSES": v.PENDING_STATUSES,
    # SAYS has two values: too few for the overlap test above to find its enums
    "QUESTIONS": v.QUESTIONS,
    "EVENT_ALIAS_NAMES": v.EVENT_ALIAS_NAMES,
    # the names of an interview: the keys only an interview may carry depend on them
    "INTERVIEW_NAMES": ("interview", *v.aliases_of("interview")),
    "NOTHING_REASONS": v.NOTHING_REASONS,
    # the names of the events that may carry `by`, each with its aliases
    "BY_NAMES": tuple(n for t in v.BY_EVENTS for n in (t, *v.aliases_of(t))),
}


def _enums(node: Any, where: str) -> Iterator[tuple[str, list[Any]]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "enum":
                yield where, value
            else:
                yield from _enums(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _enums(value, f"{where}/{i}")


def _schema_enums() -> list[tuple[str, list[Any]]]:
    found = []
    for path in sorted((ROOT / "schemas").glob("*.json")):
        found += list(_enums(json.loads(path.read_text(encoding="utf-8")), path.name))
    return found


def test_every_schema_enum_of_a_vocabulary_spells_it_as_the_engine_does() -> None:
    # An enum sharing three or more values with a vocabulary is a copy of one: it must be one
    # exactly, in order.
    used: set[str] = set()
    for where, enum in _schema_enums():
        near = [name for name, vocab in VOCABULARIES.items() if len(set(enum) & set(vocab)) >= 3]
        if not near:
            continue
        same = [name for name in near if tuple(enum) == VOCABULARIES[name]]
        assert same, f"{where}: {enum} is not any of {near} as engine/vocabulary.py spells it"
        used.update(same)
    # Each vocabulary is in a schema: otherwise the check above would pass without checking it.
    assert used == set(VOCABULARIES)


@pytest.mark.parametrize(
    ("narrow", "wide"),
    [
        (v.TERMINAL_EVENTS, v.EVENT_TYPES),
        (v.ROUND_EVENTS, v.EVENT_TYPES),
        (v.CHASE_KINDS, v.ACTION_KINDS),
        (v.PENDING_STATUSES, v.STATUSES),
        (v.ROLES, v.RECIPIENTS),
        (tuple(t for ts in v.DEFAULT_FULFILMENT.values() for t in ts), v.EVENT_TYPES),
        (v.DATED_EVENTS, v.EVENT_TYPES),
        (v.SAYS_EVENTS, v.DATED_EVENTS),
        (v.ASKED_EVENTS, v.EVENT_TYPES),
        (v.ANSWERED_KINDS, v.ACTION_KINDS),
        (tuple(a.type for a in v.EVENT_ALIASES.values()), v.EVENT_TYPES),
        (tuple(a.channel for a in v.EVENT_ALIASES.values() if a.channel), v.CHANNELS),
    ],
)
def test_narrower_sets_fall_inside_their_vocabulary(
    narrow: tuple[str, ...], wide: tuple[str, ...]
) -> None:
    assert narrow
    assert set(narrow) <= set(wide)


def test_every_action_kind_has_a_default_fulfilment() -> None:
    assert tuple(v.DEFAULT_FULFILMENT) == v.ACTION_KINDS


def test_aliases_are_a_table_of_their_own_names_and_never_an_event_type() -> None:
    assert tuple(v.EVENT_ALIASES) == v.EVENT_ALIAS_NAMES
    assert not set(v.EVENT_ALIAS_NAMES) & set(v.EVENT_TYPES)
    assert not set(v.EVENT_ALIAS_NAMES) & set(v.CHANNELS)


def test_the_id_and_time_forms_are_the_timeline_schemas() -> None:
    from engine.io import resources
    from engine.vocabulary import ID_PATTERN, TIME_PATTERN

    defs = resources.schema("timeline")["$defs"]
    assert defs["id"]["pattern"] == f"^{ID_PATTERN}$(?!\\n)"
    assert defs["event"]["properties"]["time"]["pattern"] == f"^{TIME_PATTERN}$(?!\\n)"
