"""The timeline loader's event-type aliases (engine/vocabulary.py EVENT_ALIASES): the schema and
the loader accept the same names, the evaluation sees only the canonical type, `validate` notes
each alias (a warning, so --strict refuses it), and an unknown type gets a suggestion."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cli_support import ROOT, assert_one_error_line, invoke, run_json

from engine.errors import InputError
from engine.io import safeyaml
from engine.load import timelines
from engine.vocabulary import EVENT_ALIASES, EVENT_TYPES, EventAlias

SCHEMA = json.loads((ROOT / "schemas" / "timeline.schema.json").read_text(encoding="utf-8"))
CONTACTS = [{"id": "rita", "role": "recruiter"}, {"id": "dana", "role": "hiring_manager"}]


def _data(*events: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": 1,
        "candidate": {"timezone": "America/New_York", "holidays": {"country": "US"}},
        "applications": [
            {
                "id": "acme",
                "company": "Acme",
                "role": "PM",
                "contacts": CONTACTS,
                "events": [
                    {"date": "2026-11-02", "type": "application_submitted"},
                    *events,
                ],
            }
        ],
    }


def _doc(data: dict[str, Any]) -> safeyaml.Document:
    return safeyaml.loads(json.dumps(data, indent=1), "t.yaml")


def _schema_accepts(data: dict[str, Any]) -> bool:
    return jsonschema.Draft202012Validator(SCHEMA).is_valid(data)


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "t.yaml"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def _where(path: Path, text: str) -> tuple[str, str]:
    """The line and column, counted from 1, of the value `text` in the file."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if f'"{text}"' in line:
            return str(n), str(line.index(f'"{text}"') + 1)
    raise AssertionError(text)


def _with_keys_of(canonical: str) -> dict[str, Any]:
    """An event carrying every key only its canonical type may carry."""
    extra: dict[str, dict[str, Any]] = {
        "interview": {"round": 2, "asked": ["timeline"]},
        "reply_received": {"says": "not_yet", "by": "2026-11-20"},
        "decision_expected": {"by": "2026-11-20"},
    }
    return extra.get(canonical, {})


@pytest.mark.parametrize("alias", list(EVENT_ALIASES))
def test_schema_and_loader_accept_each_alias_as_its_canonical_type(alias: EventAlias) -> None:
    of = EVENT_ALIASES[alias]
    event = {"date": "2026-11-09", "type": alias, "with": "rita", **_with_keys_of(of.type)}
    data = _data(event)
    assert _schema_accepts(data)
    (app,) = timelines.timeline_from_document(_doc(data)).applications
    loaded = app.events[-1]
    assert (loaded.type, loaded.channel) == (of.type, of.channel)
    # The same event written with the canonical name loads as the same event.
    canonical = _data({**event, "type": of.type, **({"channel": of.channel} if of.channel else {})})
    assert timelines.timeline_from_document(_doc(canonical)).applications == (app,)


@pytest.mark.parametrize("alias", list(EVENT_ALIASES))
def test_schema_and_loader_refuse_keys_the_canonical_type_may_not_carry(alias: EventAlias) -> None:
    of = EVENT_ALIASES[alias]
    for key, value in [("round", 2), ("asked", ["timeline"]), ("says", "not_yet")]:
        if key in _with_keys_of(of.type):
            continue
        data = _data({"date": "2026-11-09", "type": alias, key: value})
        assert not _schema_accepts(data), (alias, key)
        with pytest.raises(InputError, match=f"key '{key}' is not allowed here"):
            timelines.timeline_from_document(_doc(data))


def test_the_events_own_channel_wins_over_the_aliass() -> None:
    data = _data({"date": "2026-11-09", "type": "phone_screen", "channel": "video_call"})
    (app,) = timelines.timeline_from_document(_doc(data)).applications
    assert (app.events[-1].type, app.events[-1].channel) == ("interview", "video_call")


def test_an_aliass_channel_lets_the_event_carry_a_calls_outcome() -> None:
    # phone_screen is a call: its outcome needs no channel written out.
    data = _data({"date": "2026-11-09", "type": "phone_screen", "outcome": "voicemail"})
    (app,) = timelines.timeline_from_document(_doc(data)).applications
    assert (app.events[-1].channel, app.events[-1].outcome) == ("phone", "voicemail")
    data = _data({"date": "2026-11-09", "type": "thank_you", "outcome": "voicemail"})
    with pytest.raises(InputError, match="outcome 'voicemail' is a call's"):
        timelines.timeline_from_document(_doc(data))


def test_the_evaluation_sees_the_canonical_type(tmp_path: Path) -> None:
    screen = {"date": "2026-11-09", "type": "phone_screen", "with": "rita"}
    aliased = run_json(_write(tmp_path, _data(screen)), "career-pivot", "2026-11-10")
    (tmp_path / "c").mkdir()
    written = _data({**screen, "type": "interview", "channel": "phone"})
    canonical = run_json(_write(tmp_path / "c", written), "career-pivot", "2026-11-10")
    assert aliased["applications"] == canonical["applications"]
    (app,) = aliased["applications"]
    assert app["stage"] == "interviewing"
    assert "thank-you-email" in {r["rule"] for r in app["recommendations"]}


def test_validate_notes_each_alias_and_strict_refuses_it(tmp_path: Path) -> None:
    path = _write(tmp_path, _data({"date": "2026-11-09", "type": "phone_screen"}))
    result = invoke(["validate", str(path)])
    assert result.exit_code == 0, result.stdout
    line, col = _where(path, "phone_screen")
    note = (
        f"{path}:{line}:{col}: warning: event type 'phone_screen' is an alias, read as "
        "`type: interview, channel: phone` (write that to say it directly)"
    )
    assert note in result.stdout.splitlines()
    assert invoke(["validate", "--strict", str(path)]).exit_code == 1
    assert invoke(["run", str(path), "--pack", "clue-wagon", "--as-of", "2026-11-10"]).stderr == ""


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("screening", "phone_screen"),
        ("recruiter_screen", "phone_screen"),
        ("reply", "reply_received"),
        ("meeting", "networking_meeting"),
        ("rejection_received", "rejection"),
        ("second_interview", "interview"),
        ("thankyou", "thank_you"),
        ("intervew", "interview"),
    ],
)
def test_an_unknown_type_gets_a_suggestion(tmp_path: Path, written: str, meant: str) -> None:
    path = _write(tmp_path, _data({"date": "2026-11-09", "type": written}))
    result = invoke(["run", str(path), "--pack", "clue-wagon", "--as-of", "2026-11-10"])
    match = assert_one_error_line(result)
    assert (match["line"], match["col"]) == _where(path, written)
    assert match["message"].startswith(f"{written!r} is not one of {', '.join(EVENT_TYPES)} (")
    assert match["message"].endswith(f"; did you mean {meant!r}?")


def test_a_type_like_nothing_gets_no_suggestion(tmp_path: Path) -> None:
    path = _write(tmp_path, _data({"date": "2026-11-09", "type": "ghosted"}))
    result = invoke(["run", str(path), "--pack", "clue-wagon", "--as-of", "2026-11-10"])
    assert "did you mean" not in assert_one_error_line(result)["message"]


def test_a_round_written_as_a_whole_float_is_the_integer() -> None:
    """JSON Schema counts 1.0 an integer; the facts durable_rules matches hold ints only, so
    `round: 2.0` used to end `followup run` with an internal error."""
    data = _data({"date": "2026-11-05", "type": "interview", "round": 2.0, "with": "dana"})
    timeline = timelines.timeline_from_document(safeyaml.loads(json.dumps(data), "t.json"))
    event = timeline.applications[0].events[1]
    assert event.round == 2 and type(event.round) is int
