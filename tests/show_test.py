"""`followup show`: a pack in plain language, one sentence per rule, with quotes and assumptions.

The sentences are checked on small custom packs written into tmp_path, one rule at a time.
Sentences that read badly are marked xfail(strict=True): each such test asserts only that the
bad wording is gone, so any fix makes it pass (and then the marker must go).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_support import POLICIES, assert_one_error_line, invoke
from click.testing import Result

SOURCE = {"author": "Sam Rivera", "title": "My plan", "publication": "personal notes"}
EMAIL_HM = {"kind": "follow_up", "channel": "email", "recipient": "hiring_manager"}


def make_rule(rule_id: str = "r", **over: Any) -> dict[str, Any]:
    """A valid rule; `when`, `timing` and `action` overrides are merged into the defaults."""
    rule: dict[str, Any] = {
        "id": rule_id,
        "when": {"anchor": "application_submitted"},
        "timing": {"after": {"business_days": 3}},
        "action": dict(EMAIL_HM),
        "cite": "A quote.",
    }
    for key, value in over.items():
        if key in ("when", "timing", "action"):
            rule[key] = {**rule[key], **value}
        elif value is None:
            rule.pop(key, None)
        else:
            rule[key] = value
    return rule


def write_pack(tmp_path: Path, rules: list[dict[str, Any]], **top: Any) -> Path:
    pack: dict[str, Any] = {
        "pack_format": 1,
        "name": top.pop("name", "probe"),
        "version": "0.1.0",
        "title": "Probe pack",
        "source": dict(SOURCE),
        **top,
        "rules": rules,
    }
    path = tmp_path / f"{pack['name']}.yaml"
    path.write_text(yaml.safe_dump(pack, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def show(*args: str) -> Result:
    result = invoke(["show", *args])
    assert "Traceback" not in result.stdout + result.stderr
    return result


def show_json(path: Path) -> dict[str, Any]:
    result = show(str(path), "--format", "json")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def sentence(tmp_path: Path, **over: Any) -> str:
    """The sentence `followup show` gives for one rule, checked to match the text output."""
    path = write_pack(tmp_path, [make_rule(**over)])
    text: str = show_json(path)["rules"][0]["sentence"]
    plain = show(str(path))
    assert plain.exit_code == 0, plain.stderr
    assert f"  r: {text}" in plain.stdout.splitlines()
    return text


def prohibition(tmp_path: Path, **ban: Any) -> str:
    """The sentence for one prohibition, next to a rule (r: email the hiring manager)."""
    path = write_pack(tmp_path, [make_rule()], prohibitions=[{"id": "p", "cite": "No.", **ban}])
    text: str = show_json(path)["prohibitions"][0]["sentence"]
    return text


THEN = ", email the hiring manager to follow up."


# --- timing: base, unit, window, align ---------------------------------------------------------


@pytest.mark.parametrize(
    ("over", "expected"),
    [
        pytest.param({}, "3 business days after you apply" + THEN, id="anchor"),
        pytest.param(
            {"when": {"anchor": "interview"}, "timing": {"after": {"days": 2}}},
            "2 days after an interview" + THEN,
            id="anchor-noun",
        ),
        pytest.param(
            {
                "when": {"anchor": "decision_expected"},
                "timing": {"from": "stated_date", "after": {"business_days": 3}},
            },
            "3 business days after the decision date the employer gave" + THEN,
            id="stated-date",
        ),
        pytest.param(
            {
                "when": {"anchor": "interview"},
                "timing": {
                    "from": {"last": {"event": "follow_up_sent", "channel": "email"}},
                    "after": {"weeks": 1},
                },
            },
            "1 week after your last follow-up by email" + THEN,
            id="last-with-channel",
        ),
        pytest.param(
            {"when": {"anchor": "interview"}, "timing": {"from": {"last": "interview"}}},
            "3 business days after your last interview" + THEN,
            id="last-type",
        ),
        pytest.param(
            {"timing": {"from": {"last": {"event": "follow_up_sent", "role": "hr"}}}},
            "3 business days after your last follow-up with HR" + THEN,
            id="last-with-role",
        ),
        pytest.param(
            {"timing": {"after": {"days": 0}}}, "On the day you apply" + THEN, id="same-day-you"
        ),
        pytest.param(
            {"when": {"anchor": "interview"}, "timing": {"after": {"days": 0}}},
            "On the day of an interview" + THEN,
            id="same-day-noun",
        ),
        pytest.param(
            {"when": {"anchor": "interview"}, "timing": {"after": {"business_days": 0}}},
            "On the day of an interview" + THEN,
            id="same-business-day",
        ),
        pytest.param(
            {
                "when": {"anchor": "interview"},
                "timing": {"from": {"last": "follow_up_sent"}, "after": {"days": 0}},
            },
            "On the day of your last follow-up" + THEN,
            id="same-day-last",
        ),
        pytest.param(
            {"when": {"anchor": "withdrawal"}, "timing": {"after": {"days": 1}}},
            "1 day after you withdraw" + THEN,
            id="withdraw",
        ),
    ],
)
def test_timing_bases(tmp_path: Path, over: dict[str, Any], expected: str) -> None:
    assert sentence(tmp_path, **over) == expected


@pytest.mark.parametrize(
    ("after", "lead"),
    [
        ({"business_days": 1}, "1 business day"),
        ({"business_days": 3}, "3 business days"),
        ({"business_days": [1, 3]}, "1-3 business days"),
        ({"days": 1}, "1 day"),
        ({"days": 3}, "3 days"),
        ({"days": [7, 10]}, "7-10 days"),
        ({"days": [0, 1]}, "0-1 days"),
        ({"weeks": 1}, "1 week"),
        ({"weeks": 2}, "2 weeks"),
        ({"hours": 1}, "1 hour"),
        ({"hours": 24}, "24 hours"),
    ],
    ids=lambda v: json.dumps(v) if isinstance(v, dict) else None,
)
def test_offsets_in_business_days_days_weeks_and_hours(
    tmp_path: Path, after: dict[str, Any], lead: str
) -> None:
    assert sentence(tmp_path, timing={"after": after}) == f"{lead} after you apply{THEN}"


def test_align_start_of_week(tmp_path: Path) -> None:
    got = sentence(tmp_path, timing={"after": {"days": [1, 2]}, "align": "start_of_week"})
    assert got == "1-2 days after you apply (aiming for the start of a week)" + THEN


@pytest.mark.parametrize(
    ("anchor", "phrase"),
    [
        ({"event": "interview", "round": {"min": 2}}, "an interview (round 2 or later)"),
        ({"event": "interview", "round": {"max": 1}}, "an interview (round 1 or earlier)"),
        ({"event": "interview", "round": {"min": 2, "max": 3}}, "an interview (round 2-3)"),
        ({"event": "interview", "round": {"min": 2, "max": 2}}, "an interview (round 2)"),
        ({"event": "interview", "role": "hiring_manager"}, "an interview with the hiring manager"),
        (
            {"event": "interview", "role": ["hr", "recruiter"]},
            "an interview with HR or the recruiter",
        ),
        ({"event": "interview", "channel": "phone"}, "an interview by phone"),
        (
            ["interview", "informational_interview", "networking_meeting"],
            "an interview, an informational interview or a networking meeting",
        ),
    ],
    ids=lambda v: json.dumps(v) if not isinstance(v, str) else None,
)
def test_anchor_patterns(tmp_path: Path, anchor: Any, phrase: str) -> None:
    got = sentence(tmp_path, when={"anchor": anchor}, timing={"after": {"days": 1}})
    assert got == f"1 day after {phrase}{THEN}"


# --- repeat, optional ---------------------------------------------------------------------------


def test_repeat_with_max_attempts(tmp_path: Path) -> None:
    got = sentence(tmp_path, timing={"repeat": {"every": {"days": 7}}, "max_attempts": 2})
    assert (
        got == f"3 business days after you apply{THEN} Then again 7 days after each attempt, "
        "2 times in all."
    )


def test_repeat_without_max_attempts(tmp_path: Path) -> None:
    got = sentence(tmp_path, timing={"repeat": {"every": {"days": [7, 10]}}})
    assert got == (
        f"3 business days after you apply{THEN} Then again 7-10 days after each attempt, "
        "with no limit."
    )


def test_no_repeat_says_nothing_about_attempts(tmp_path: Path) -> None:
    got = sentence(tmp_path, timing={"max_attempts": 1})
    assert got == f"3 business days after you apply{THEN}"


def test_optional(tmp_path: Path) -> None:
    got = sentence(
        tmp_path,
        action={"kind": "final_call", "channel": "phone", "optional": True},
    )
    assert (
        got
        == "3 business days after you apply, phone the hiring manager one final time (optional)."
    )


# --- requires, stage, unless, stop_when --------------------------------------------------------


@pytest.mark.parametrize(
    ("requires", "tail"),
    [
        pytest.param(
            [{"event": "interview", "before": True}],
            "Only with an interview before it.",
            id="before",
        ),
        pytest.param(["interview"], "Only with an interview since.", id="after-plain"),
        pytest.param(
            [{"event": "follow_up_sent", "channel": "email", "min": 1}],
            "Only with a follow-up by email since.",
            id="after-min-1",
        ),
        pytest.param(
            [{"event": "follow_up_sent", "max": 0}], "Only with no follow-up since.", id="max-0"
        ),
        pytest.param(
            [{"event": "follow_up_sent", "channel": "email", "max": 0}],
            "Only with no follow-up by email since.",
            id="max-0-channel",
        ),
        pytest.param(
            [{"event": "application_submitted", "before": True, "max": 0}],
            "Only with no application before it.",
            id="before-max-0",
        ),
        pytest.param(
            [{"event": "interview", "before": True}, {"event": "thank_you_sent", "max": 0}],
            "Only with an interview before it; no thank-you since.",
            id="two",
        ),
    ],
)
def test_requires(tmp_path: Path, requires: list[Any], tail: str) -> None:
    got = sentence(
        tmp_path,
        when={"anchor": "decision_expected", "requires": requires},
        timing={"from": "stated_date", "after": {"business_days": 3}},
    )
    assert got == f"3 business days after the decision date the employer gave{THEN} {tail}"


def test_stage_after_a_requirement(tmp_path: Path) -> None:
    got = sentence(
        tmp_path,
        when={"anchor": "interview", "requires": ["thank_you_sent"], "stage": ["new", "closed"]},
        timing={"after": {"days": 1}},
    )
    assert got == (
        f"1 day after an interview{THEN} Only with a thank-you since. "
        "Only while nothing has happened yet or the application is settled."
    )


def test_stop_when(tmp_path: Path) -> None:
    got = sentence(tmp_path, stop_when=["reply_received"])
    assert got == f"3 business days after you apply{THEN} Stop at a reply."
    got = sentence(tmp_path, stop_when=["reply_received", {"event": "offer"}, "rejection"])
    assert got.endswith(" Stop at a reply, an offer or a rejection.")


def test_unless_stop_when_and_requires_come_in_a_fixed_order(tmp_path: Path) -> None:
    got = sentence(
        tmp_path,
        when={"anchor": "interview", "requires": ["thank_you_sent"], "unless": ["offer"]},
        stop_when=["reply_received"],
        timing={"repeat": {"every": {"weeks": 1}}, "max_attempts": 3},
    )
    only, unless, stop = got.index(" Only with "), got.index(" Not "), got.index(" Stop at ")
    then = got.index(" Then again 1 week after each attempt, 3 times in all.")
    assert then < only < unless < stop
    assert got.startswith("3 business days after an interview, email the hiring manager")
    assert got.endswith(" Not if there has been an offer since. Stop at a reply.")


# --- recipients, channels, purposes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("recipient", "who"),
    [
        ("hiring_manager", "the hiring manager"),
        ("hr", "HR"),
        ("recruiter", "the recruiter"),
        ("interviewer", "the interviewer"),
        ("other", "your contact"),
        (["hiring_manager", "hr"], "the hiring manager or HR"),
        (["hiring_manager", "hr", "recruiter"], "the hiring manager, HR or the recruiter"),
    ],
    ids=str,
)
def test_recipients(tmp_path: Path, recipient: Any, who: str) -> None:
    got = sentence(tmp_path, action={"recipient": recipient})
    assert got == f"3 business days after you apply, email {who} to follow up."


def test_anchor_contact_after_a_meeting_is_the_person_you_met(tmp_path: Path) -> None:
    got = sentence(
        tmp_path,
        when={"anchor": ["interview", "networking_meeting"]},
        timing={"after": {"days": [0, 1]}},
        action={"kind": "thank_you", "channel": "handwritten_note", "recipient": "anchor_contact"},
    )
    assert got == (
        "0-1 days after an interview or a networking meeting, "
        "send a handwritten note to the person you met to thank them."
    )


@pytest.mark.parametrize(
    ("channel", "verb"),
    [
        ("email", "email the hiring manager"),
        ("phone", "phone the hiring manager"),
        ("voicemail", "leave a voicemail for the hiring manager"),
        ("handwritten_note", "send a handwritten note to the hiring manager"),
        ("letter", "send a letter to the hiring manager"),
        ("text_message", "text the hiring manager"),
        ("video_call", "video-call the hiring manager"),
        ("in_person", "meet the hiring manager"),
        ("online_form", "write to the hiring manager through the online form"),
        ("other", "contact the hiring manager"),
        (["email", "phone"], "email or phone the hiring manager"),
        (["phone", "voicemail"], "phone or leave a voicemail for the hiring manager"),
    ],
    ids=str,
)
def test_channel_verbs(tmp_path: Path, channel: Any, verb: str) -> None:
    got = sentence(tmp_path, action={"channel": channel})
    assert got == f"3 business days after you apply, {verb} to follow up."


@pytest.mark.parametrize(
    ("kind", "anchor", "doing"),
    [
        ("follow_up", "interview", "email the hiring manager to follow up"),
        ("check_in", "interview", "email the hiring manager to check in"),
        ("final_call", "interview", "email the hiring manager one final time"),
        ("thank_you", "interview", "email the hiring manager to thank them"),
        (
            "ask_next_steps",
            "interview",
            "email the hiring manager to ask about the next steps and their timeline",
        ),
        ("reply_to_rejection", "rejection", "email the hiring manager to reply to the rejection"),
    ],
)
def test_action_kinds(tmp_path: Path, kind: str, anchor: str, doing: str) -> None:
    got = sentence(
        tmp_path, when={"anchor": anchor}, timing={"after": {"days": 1}}, action={"kind": kind}
    )
    article = "an" if anchor[0] in "aeiou" else "a"
    assert got == f"1 day after {article} {anchor}, {doing}."


def test_move_on(tmp_path: Path) -> None:
    rule = make_rule(
        when={"anchor": "interview", "requires": [{"event": "follow_up_sent", "min": 1}]},
        timing={"from": {"last": "follow_up_sent"}, "after": {"business_days": 5}},
    )
    rule["action"] = {"kind": "move_on"}
    data = show_json(write_pack(tmp_path, [rule]))
    assert data["rules"][0]["sentence"] == (
        "5 business days after your last follow-up, stop chasing and move on. "
        "Only with a follow-up since."
    )


# --- prohibitions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ban", "expected"),
    [
        ({"recipients": ["hr"]}, "Never contact HR."),
        ({"recipients": ["hr", "recruiter"]}, "Never contact HR or the recruiter."),
        ({"channels": ["phone"], "recipients": ["hr"]}, "Never use phone or contact HR."),
        ({"channels": ["text_message"]}, "Never use text messages."),
        (
            {"channels": ["phone", "voicemail"], "except": ["r"]},
            "Never use phone or voicemail (except in r).",
        ),
    ],
    ids=str,
)
def test_prohibitions(tmp_path: Path, ban: dict[str, Any], expected: str) -> None:
    assert prohibition(tmp_path, **ban) == expected


# --- the whole text layout ----------------------------------------------------------------------


def _full_pack(tmp_path: Path) -> Path:
    rules = [
        make_rule(
            "nudge",
            action={"guidance": ["Be brief.", "Name the role."]},
            cite="Follow up three business days after applying.",
            assumptions=[
                {"about": "timing.after", "reason": "The article gives no delay."},
                {"about": "action.recipient", "reason": "Nobody else reads it."},
            ],
        ),
        make_rule(
            "uncited", when={"anchor": "interview"}, timing={"after": {"days": 1}}, cite=None
        ),
    ]
    return write_pack(
        tmp_path,
        rules,
        source={**SOURCE, "date": "2026-11-01"},
        prohibitions=[
            {"id": "no-phone", "channels": ["phone"], "cite": "Never phone."},
            {"id": "no-hr", "recipients": ["hr"], "except": ["nudge"], "cite": "HR is a wall."},
        ],
        not_encoded=[
            {"advice": "Connect on LinkedIn.", "reason": "Not tied to a date."},
            {"advice": "Dress well.", "reason": "Not a follow-up.", "cite": "Dress well."},
        ],
    )


def test_text_layout(tmp_path: Path) -> None:
    path = _full_pack(tmp_path)
    result = show(str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "probe 0.1.0: Probe pack",
        'Source: Sam Rivera, "My plan", personal notes, 2026-11-01',
        "",
        "Prohibitions",
        "  no-phone: Never use phone.",
        '    "Never phone."',
        "  no-hr: Never contact HR (except in nudge).",
        '    "HR is a wall."',
        "",
        "Rules",
        "  nudge: 3 business days after you apply" + THEN,
        '    "Follow up three business days after applying."',
        "    - Be brief.",
        "    - Name the role.",
        "    assumption (timing.after): The article gives no delay.",
        "    assumption (action.recipient): Nobody else reads it.",
        "  uncited: 1 day after an interview" + THEN,
        "    (no quote)",
        "",
        "Not encoded",
        "  Connect on LinkedIn. (Not tied to a date.)",
        "  Dress well. (Not a follow-up.)",
    ]


def test_text_layout_without_optional_sections(tmp_path: Path) -> None:
    result = show(str(write_pack(tmp_path, [make_rule()])))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "probe 0.1.0: Probe pack",
        'Source: Sam Rivera, "My plan", personal notes',
        "",
        "Rules",
        "  r: 3 business days after you apply" + THEN,
        '    "A quote."',
    ]


def test_json_structure(tmp_path: Path) -> None:
    data = show_json(_full_pack(tmp_path))
    assert data == {
        "name": "probe",
        "version": "0.1.0",
        "title": "Probe pack",
        "extends": None,
        "source": {**SOURCE, "date": "2026-11-01"},
        "prohibitions": [
            {"id": "no-phone", "sentence": "Never use phone.", "cite": "Never phone."},
            {
                "id": "no-hr",
                "sentence": "Never contact HR (except in nudge).",
                "cite": "HR is a wall.",
            },
        ],
        "rules": [
            {
                "id": "nudge",
                "origin": "probe@0.1.0",
                "sentence": "3 business days after you apply" + THEN,
                "cite": "Follow up three business days after applying.",
                "guidance": ["Be brief.", "Name the role."],
                "assumptions": [
                    {"about": "timing.after", "reason": "The article gives no delay."},
                    {"about": "action.recipient", "reason": "Nobody else reads it."},
                ],
            },
            {
                "id": "uncited",
                "origin": "probe@0.1.0",
                "sentence": "1 day after an interview" + THEN,
                "cite": "",
                "guidance": [],
                "assumptions": [],
            },
        ],
        "not_encoded": [
            {"advice": "Connect on LinkedIn.", "reason": "Not tied to a date."},
            {"advice": "Dress well.", "reason": "Not a follow-up."},
        ],
    }


def test_json_and_text_give_the_same_sentences(tmp_path: Path) -> None:
    path = _full_pack(tmp_path)
    data = show_json(path)
    text = show(str(path)).stdout.splitlines()
    for rule in data["rules"]:
        assert f"  {rule['id']}: {rule['sentence']}" in text
    for ban in data["prohibitions"]:
        assert f"  {ban['id']}: {ban['sentence']}" in text


def test_show_finds_a_pack_by_name_on_the_pack_path(tmp_path: Path) -> None:
    write_pack(tmp_path, [make_rule()], name="mine")
    result = show("mine", "--pack-path", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("mine 0.1.0: Probe pack\n")
    assert show("mine@0.1.0", "--pack-path", str(tmp_path)).exit_code == 0
    match = assert_one_error_line(show("mine@9.9.9", "--pack-path", str(tmp_path)))
    assert "is at version 0.1.0, not 9.9.9" in match["message"]


# --- built-in clue-wagon, errors ----------------------------------------------------------------

CLUE_WAGON_POST_INTERVIEW = (
    "3 business days after the decision date the employer gave, email the hiring manager to "
    "follow up. Then again 7 days after each attempt, 2 times in all."
)


def test_show_clue_wagon_has_the_post_interview_sentence_and_its_quote() -> None:
    with (POLICIES / "clue-wagon.yaml").open(encoding="utf-8") as fh:
        source = yaml.safe_load(fh)
    (rule,) = [r for r in source["rules"] if r["id"] == "post-interview-email"]
    result = show("clue-wagon")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("clue-wagon 2.0.0: ")
    (at,) = [i for i, x in enumerate(lines) if x.startswith("  post-interview-email: ")]
    assert CLUE_WAGON_POST_INTERVIEW in lines[at]
    assert lines[at + 1] == f'    "{rule["cite"]}"'
    for other in source["rules"]:
        assert sum(x.startswith(f"  {other['id']}: ") for x in lines) == 1


def test_show_clue_wagon_json() -> None:
    result = show("clue-wagon", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    (rule,) = [r for r in data["rules"] if r["id"] == "post-interview-email"]
    assert rule["sentence"].startswith(CLUE_WAGON_POST_INTERVIEW)
    assert rule["cite"].startswith("If you’ve actually had an interview")


def test_show_is_deterministic() -> None:
    assert show("clue-wagon").stdout == show("clue-wagon").stdout


@pytest.mark.parametrize("name", ["no-such-pack", "clue-wagn"])
def test_an_unknown_pack_name_is_a_usage_error(name: str) -> None:
    result = show(name)
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: ")
    assert f"Error: Invalid value for 'PACK': no pack named {name!r}" in result.stderr


def test_a_near_miss_pack_name_gets_a_suggestion() -> None:
    assert "(did you mean 'clue-wagon'?)" in show("clue-wagn").stderr


def test_an_invalid_pack_file_is_one_error_line(tmp_path: Path) -> None:
    path = write_pack(tmp_path, [make_rule(action={"chanel": "email"})])
    match = assert_one_error_line(show(str(path)))
    assert match["path"] == str(path)
    assert "did you mean 'channel'?" in match["message"]


def test_a_missing_pack_file_is_one_error_line(tmp_path: Path) -> None:
    match = assert_one_error_line(show(str(tmp_path / "nope.yaml")))
    assert "no such file" in match["message"]


# --- sentences that used to read badly -----------------------------------------------



@pytest.mark.parametrize(
    ("over", "bad"),
    [
        pytest.param(
            {"when": {"anchor": "decision_expected"}, "timing": {"after": {"days": 0}}},
            "On the day of the employer says",
            id="same-day-decision-expected",
        ),
        pytest.param(
            {
                "when": {"anchor": "decision_expected"},
                "timing": {"from": "stated_date", "after": {"days": 0}},
            },
            "On the day of the decision date",
            id="same-day-stated-date",
        ),
        pytest.param(
            {"when": {"anchor": ["application_submitted", "introduction_call"]}},
            "after you apply or an introduction call",
            id="anchor-clause-and-noun",
        ),
        pytest.param(
            {
                "when": {"anchor": ["application_submitted", "interview"]},
                "timing": {"after": {"days": 0}},
            },
            "The day you apply or an interview",
            id="same-day-clause-and-noun",
        ),
        pytest.param(
            {"when": {"anchor": {"event": "interview", "channel": "video_call"}}},
            "video_call",
            id="pattern-raw-channel-id",
        ),
        pytest.param(
            {"timing": {"repeat": {"every": {"days": 7}}, "max_attempts": 1}},
            "1 times",
            id="repeat-max-1",
        ),
        pytest.param(
            {"when": {"requires": [{"event": "follow_up_sent", "min": 2}]}},
            "times a follow-up",
            id="requires-min-2",
        ),
        pytest.param(
            {"when": {"requires": [{"event": "follow_up_sent", "max": 2}]}},
            "0-2 times",
            id="requires-max-2",
        ),
        pytest.param(
            {"when": {"requires": [{"event": "follow_up_sent", "min": 1, "max": 3}]}},
            "times a follow-up",
            id="requires-min-max",
        ),
        pytest.param(
            {"when": {"requires": [{"event": ["interview", "introduction_call"], "max": 0}]}},
            "no interview or an introduction call",
            id="requires-max-0-two-types",
        ),
        pytest.param(
            {"when": {"stage": ["new"]}},
            "Only with while",
            id="stage-alone",
        ),
        pytest.param(
            {"when": {"requires": ["interview"], "stage": ["applied"]}},
            "the application is applied for",
            id="stage-applied",
        ),
        pytest.param(
            {"when": {"unless": ["interview"]}},
            "Not once there has been",
            id="unless",
        ),
        pytest.param(
            {"when": {"anchor": "interview", "unless": ["decision_expected"]}},
            "the employer says",
            id="decision-expected-as-noun-unless",
        ),
        pytest.param(
            {"when": {"anchor": "interview"}, "stop_when": ["decision_expected"]},
            "the employer says",
            id="decision-expected-as-noun-stop-when",
        ),
        pytest.param(
            {"timing": {"from": {"last": ["follow_up_sent", "thank_you_sent"]}}},
            "your last follow-up or a thank-you",
            id="last-two-types",
        ),
        pytest.param(
            {"action": {"channel": "linkedin"}},
            "message on LinkedIn the hiring manager",
            id="linkedin",
        ),
        pytest.param(
            {
                "when": {"anchor": "rejection"},
                "timing": {"after": {"days": [0, 2]}},
                "action": {"kind": "reply_to_rejection", "recipient": "anchor_contact"},
            },
            "the person you met",
            id="anchor-contact-rejection",
        ),
    ],
)
def test_bad_rule_sentences(tmp_path: Path, over: dict[str, Any], bad: str) -> None:
    assert bad not in sentence(tmp_path, **over)


@pytest.mark.parametrize(
    ("channels", "bad"),
    [
        pytest.param(
            ["handwritten_note"],
            "use handwritten note",
            id="handwritten-note",
        ),
        pytest.param(
            ["letter"], "use letter", id="letter"
        ),
        pytest.param(
            ["video_call", "in_person", "online_form"],
            "_",
            id="raw-ids",
        ),
        pytest.param(
            ["linkedin"],
            "linkedin",
            id="linkedin",
        ),
    ],
)
def test_bad_prohibition_sentences(tmp_path: Path, channels: list[str], bad: str) -> None:
    assert bad not in prohibition(tmp_path, channels=channels)


SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def test_clue_wagon_explains_itself_without_the_pack_language() -> None:
    """What `show` and `run` print of clue-wagon's assumptions and not_encoded reasons is for
    the job seeker: no pack keys in backticks, no file paths, no rule ids."""
    data = json.loads(show("clue-wagon", "--format", "json").stdout)
    ids = [r["id"] for r in data["rules"]] + [p["id"] for p in data["prohibitions"]]
    texts = [a["reason"] for r in data["rules"] for a in r["assumptions"]]
    texts += [e["reason"] for e in data["not_encoded"]]
    assert len(texts) > 10
    for text in texts:
        assert "`" not in text, text
        assert "docs/" not in text, text
        assert not [i for i in ids if i in text], text


@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs the seed articles")
def test_clue_wagon_does_not_name_a_blog_its_copy_does_not_give() -> None:
    """The article is a guest post by the author of the blog Clue Wagon, on a blog the copy does
    not name: its first line ("Manufacturing Blog: Partnerships Are The Future At Rockwell
    Automation Fair") reads as another post's title, and its date is the copy's. So the
    publication says it is unknown, names neither that line nor Clue Wagon as the host, and the
    copy's date is not printed as the publication date."""
    data = json.loads(show("clue-wagon", "--format", "json").stdout)
    src = data["source"]
    with (POLICIES / "clue-wagon.yaml").open(encoding="utf-8") as fh:
        seed = yaml.safe_load(fh)["source"]["seed"]
    article = (SEEDS / seed).read_text(encoding="utf-8")
    first_line, dated = article.splitlines()[:2]
    assert dated == "Saturday, December 14, 2019"
    guest = "unknown: a guest post by the author of the blog Clue Wagon"
    assert src["publication"].startswith(guest)
    assert "the copy is dated 2019-12-14" in src["publication"]
    assert first_line.split(":")[0] not in src["publication"]
    assert src["date"] is None
    assert f"written by {src['author']}, author of the blog Clue Wagon" in article.replace("’", "")
    text = show("clue-wagon").stdout.splitlines()
    assert text[1] == f'Source: {src["author"]}, "{src["title"]}", {src["publication"]}'
    assert not any(", Clue Wagon" in line for line in text)



def test_wise_job_search_says_whom_to_follow_up_in_plain_words() -> None:
    """After an introduction call, a networking meeting or an informational interview, the
    follow-up goes to that person, said as a job seeker would say it."""
    data = json.loads(show("wise-job-search", "--format", "json").stdout)
    (contact,) = [r for r in data["rules"] if r["id"] == "follow-up-contact"]
    assert "phone or email the person you spoke to or met to follow up." in contact["sentence"]
    with (POLICIES / "wise-job-search.yaml").open(encoding="utf-8") as fh:
        summaries = {r["id"]: r["summary"] for r in yaml.safe_load(fh)["rules"]}
    for rule in data["rules"]:
        for text in (summaries[rule["id"]], rule["sentence"], *rule["guidance"]):
            for word in ("at that step", "anchor", "stop_when", "decision_expected", "the event"):
                assert word not in text, (rule["id"], text)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs the seed articles")
def test_wise_job_search_names_its_source_as_the_copy_shows_it() -> None:
    """The seed copy has no headline: the title is its opening words and says so. The copy is a
    Job-Hunt page whose author bio says he writes a blog called The Wise Job Search; the
    publication is Job-Hunt, not that blog."""
    data = json.loads(show("wise-job-search", "--format", "json").stdout)
    src = data["source"]
    with (POLICIES / "wise-job-search.yaml").open(encoding="utf-8") as fh:
        seed = yaml.safe_load(fh)["source"]["seed"]
    article = (SEEDS / seed).read_text(encoding="utf-8")
    assert article.startswith("Following up, after an introduction call")
    assert src["title"] == "Following up (its opening words; the copy has no title)"
    assert "Read the Job-Hunt Privacy Policy" in article
    assert "writes a blog for Job Seekers called The Wise Job Search" in article
    assert src["publication"] == "Job-Hunt (by the author of the blog The Wise Job Search)"
    text = show("wise-job-search").stdout.splitlines()
    assert text[1] == f'Source: {src["author"]}, "{src["title"]}", {src["publication"]}'



def test_wise_job_search_says_it_has_no_rule_for_a_stated_date() -> None:
    """The article gives no rule for a date the employer states; the pack says so, and that its
    cadence does not move for one."""
    data = json.loads(show("wise-job-search", "--format", "json").stdout)
    (entry,) = [e for e in data["not_encoded"] if "date the employer states" in e["advice"]]
    assert "The article gives no rule for a date the employer states" in entry["reason"]
    assert "does not move the weekly follow-ups or check-ins" in entry["reason"]
    assert "Follow up on a date the employer states" in show("wise-job-search").stdout


def _builtin_rules(name: str) -> dict[str, dict[str, Any]]:
    result = show(name, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {r["id"]: r for r in json.loads(result.stdout)["rules"]}


def _about(rule: dict[str, Any], key: str) -> str:
    return " ".join(a["reason"] for a in rule["assumptions"] if a["about"] == key)


def test_extensions_beyond_the_articles_words_are_declared_assumptions() -> None:
    """Issue 11, items 4 and 16: what a pack reads into its article is said where users see it."""
    x3 = _builtin_rules("3x3-networking")
    for rule in ("thank-you-call", "handwritten-note"):
        assert "networking meeting" in _about(x3[rule], "when.anchor"), rule
    early = _builtin_rules("mason-group")["early-check-in"]
    assert "first interview" in _about(early, "when.anchor")
    assert "Early on" in _about(early, "when.anchor")


def test_career_pivot_gives_no_guidance_the_article_does_not() -> None:
    """Issue 11, item 11: "Missed it? Ask in your thank-you email." is not McAdams's advice."""
    text = show("career-pivot").stdout
    assert "Missed it?" not in text
    guidance = _builtin_rules("career-pivot")["ask-next-steps"]["guidance"]
    assert "decision_expected" not in " ".join(guidance)


# --- pack_format 2: same weekday, a chase that ends after a time -------------------------------


def _sentence_2(tmp_path: Path, **over: Any) -> str:
    path = write_pack(tmp_path, [make_rule(**over)], pack_format=2)
    text: str = show_json(path)["rules"][0]["sentence"]
    return text


def test_align_same_weekday(tmp_path: Path) -> None:
    got = _sentence_2(
        tmp_path,
        when={"anchor": "interview"},
        timing={"after": {"days": [5, 9]}, "align": "same_weekday"},
    )
    assert got == "5-9 days after an interview (on the same weekday as the interview)" + THEN


def test_repeat_for(tmp_path: Path) -> None:
    got = _sentence_2(
        tmp_path,
        when={"anchor": "interview"},
        timing={
            "after": {"days": [7, 9]},
            "repeat": {"every": {"days": [7, 9]}, "for": {"weeks": 2}},
            "align": "same_weekday",
        },
    )
    assert got == (
        "7-9 days after an interview (on the same weekday as the interview)"
        f"{THEN} Then again 7-9 days after each attempt (on the same weekday), with no limit. "
        "Only for 2 weeks after the interview: then move on."
    )
