"""`followup compile PACK`: the exact durable_rules rulesets a pack compiles to."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from cli_support import ROOT, invoke

from engine import builtin_pack_names, load_pack
from engine.core.evaluate import compiled


def _compiled(pack: str) -> dict[str, Any]:
    result = invoke(["compile", pack])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _tests(rules: dict[str, Any]) -> set[str]:
    """Every field name a compiled test reads."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if not key.startswith("$") and not (
                    isinstance(inner, dict)
                    and len(inner) == 1
                    and not next(iter(inner)).startswith("$")
                ):
                    found.add(key)
                walk(inner)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(rules)
    return found


def test_clue_wagon_tests_type_and_channel_in_the_network() -> None:
    data = _compiled("clue-wagon")
    assert data["pack"] == {"name": "clue-wagon", "version": "2.0.0"}
    fields = set().union(*(_tests(rs) for rs in data["rulesets"].values()))
    assert {"type", "channel"} <= fields
    assert not any(re.fullmatch(r"m\d+", f) for f in fields)  # no precomputed match flags


@pytest.mark.parametrize("name", builtin_pack_names())
def test_what_is_printed_is_what_runs(name: str) -> None:
    data = _compiled(name)
    registered = compiled(load_pack(name)).rulesets
    assert data["rulesets"] == dict(registered)
    rule_ids = {r.id for r in load_pack(name).rules}
    assert set(data["sources"].values()) == rule_ids


def test_the_documented_example_is_what_clue_wagon_compiles_to() -> None:
    text = (ROOT / "docs" / "durable-rules.md").read_text(encoding="utf-8")
    section = text[text.index("## How a pack compiles") : text.index("## Changing the compiler")]
    (block,) = re.findall(r"```json\n(.*?)```", section, re.S)
    (ruleset,) = _compiled("clue-wagon")["rulesets"].values()
    assert _compiled("clue-wagon")["sources"]["r3v0"] == "final-call"
    assert json.loads(block) == ruleset["r3v0"]
    counters = 'counter 2 is "a follow-up by email"; counter 3, "a follow-up by email with HR, the'
    assert counters in " ".join(section.split())
    assert _compiled("clue-wagon")["counters"] == {
        "c0": "an interview",
        "c1": "a decision date",
        "c2": "a follow-up by email",
        "c3": "a follow-up by email with HR, the recruiter, the interviewer or your contact",
    }


def test_stop_rules_test_one_fact_and_say_whose_they_are() -> None:
    data = _compiled("mason-group")
    assert data["stops"] == {
        "s0": {
            "events": "a reply with their decision",
            "rules": ["early-check-in", "later-round-check-in", "reach-out-when-told", "move-on"],
        }
    }
    (ruleset,) = data["rulesets"].values()
    assert ruleset["s0w0"] == {
        # only a reply says something, so the says test needs no type test beside it
        "all": [{"s": {"$and": [{"says": "decision"}]}}]
    }


def test_a_round_test_stands_for_the_interview_type() -> None:
    (ruleset,) = _compiled("mason-group")["rulesets"].values()
    # later-round-check-in: {event: interview, round: {min: 2}}, a later one supersedes it
    assert ruleset["r1v0"]["all"][0] == {"a": {"$and": [{"$gte": {"round": 2}}]}}
    # early-check-in: unless a round 2+ interview, superseded by a round-1 one: any interview
    absences = [p for p in ruleset["r0v1"]["all"] if next(iter(p)).endswith("$not")]
    interview = [p for p in absences if {"type": "interview"} in next(iter(p.values()))["$and"]]
    assert len(interview) == 1
    assert ruleset["r0v1"]["all"][0] == {"a": {"$and": [{"round": 1}]}}


def test_an_unknown_pack_is_a_usage_error() -> None:
    result = invoke(["compile", "no-such-pack"])
    assert result.exit_code == 2
    assert "no-such-pack" in result.stderr and "Traceback" not in result.stderr
