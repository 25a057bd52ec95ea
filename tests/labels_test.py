"""One English name per vocabulary value (engine/present/words.py), the same in every output."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import pytest
from cli_support import EXAMPLE_TIMELINE, invoke

from engine.present import words
from engine.vocabulary import (
    ACTION_KINDS,
    CHANNELS,
    EVENT_TYPES,
    QUESTIONS,
    RECIPIENTS,
    ROLES,
    SAYS,
    STATUSES,
)

AS_OF = "2026-11-21"
PACKS = ["clue-wagon", "career-pivot", "mason-group", "3x3-networking", "wise-job-search"]
APPS = ["acme-pm", "globex-analyst", "hooli-eng", "initech-ba", "umbrella-network"]


@pytest.mark.parametrize(
    ("table", "vocabulary"),
    [
        (words.NOUN, EVENT_TYPES),
        (words.PLURAL, EVENT_TYPES),
        (words.CHANNEL_NAME, CHANNELS),
        (words.ROLE_NAME, ROLES),
        (words.RECIPIENT, ROLES),
        (words.KIND_VERB, ACTION_KINDS),
        (words.SAYS_PHRASE, SAYS),
        (words.QUESTION_PHRASE, QUESTIONS),
    ],
)
def test_every_value_of_a_vocabulary_has_its_name(
    table: Mapping[str, str], vocabulary: tuple[str, ...]
) -> None:
    assert tuple(table) == vocabulary


def test_every_recipient_reads_as_english_whatever_the_anchor() -> None:
    for role in RECIPIENTS:
        for anchor in EVENT_TYPES:
            said = words.recipient(role, (anchor,))
            assert said and "_" not in said, (role, anchor)


def _stdout(args: list[str]) -> str:
    result = invoke(args)
    assert result.exit_code == 0, (args, result.stderr)
    return result.stdout


_TITLES = ("Email", "Message", "Handwritten note", "Phone script", "Talking points", "Nothing")


def _engine_prose(pack: str) -> dict[str, list[str]]:
    """What followup itself writes about a pack's advice, not the pack's own text (its quotes,
    guidance and assumptions may name the file format's words on purpose)."""
    base = ["run", str(EXAMPLE_TIMELINE), "--pack", pack, "--as-of", AS_OF]
    report = json.loads(_stdout([*base, "--format", "json"]))
    said: dict[str, list[str]] = {"json": []}
    for app in report["applications"]:
        said["json"] += [f"{r['reason']}; {r['why']}" for r in app["recommendations"]]
        said["json"] += [f["what"] for f in app["audit"]]
    md = _stdout([*base, "--format", "markdown"]).splitlines()
    said["markdown"] = [line for line in md if line.startswith(("- **", "  - Why:"))]
    text = _stdout([*base, "--explain"]).splitlines()
    said["text"] = [line for line in text if line.lstrip().startswith(STATUS_WORDS)]
    said["explain"] = []
    for i in [i for i, line in enumerate(text) if line == "  Explain"]:
        block = text[i + 1 :]
        said["explain"] += block[: block.index("")] if "" in block else block
    said["drafts"] = []
    for app in APPS:
        args = ["draft", str(EXAMPLE_TIMELINE), "--pack", pack, "-a", app, "--as-of", AS_OF]
        said["drafts"] += [
            line
            for line in _stdout(args).splitlines()
            if line.startswith((*_TITLES, *STATUS_WORDS, "  facts:"))
        ]
    rules = re.compile(r"^  [a-z0-9-]+: ")
    said["show"] = [line for line in _stdout(["show", pack]).splitlines() if rules.match(line)]
    return said


STATUS_WORDS = tuple(s.upper() for s in STATUSES)

# A value of a vocabulary as the files spell it: a word with an underscore (hiring_manager,
# follow_up_sent), or a role in lower case after a name ("Marge Bouvier (hr)").
_RAW = re.compile(
    "|".join(rf"\b{re.escape(v)}\b" for v in (*EVENT_TYPES, *CHANNELS, *RECIPIENTS) if "_" in v)
    + r"|\((hr|other)\)"
)


@pytest.mark.parametrize("pack", PACKS)
def test_no_output_for_people_spells_a_value_as_the_files_do(pack: str) -> None:
    for name, lines in _engine_prose(pack).items():
        assert lines, name  # each kind of output was looked at
        for line in lines:
            assert _RAW.search(line) is None, (name, line)


def test_hr_reads_the_same_in_run_markdown_drafts_and_show() -> None:
    said = _engine_prose("career-pivot")
    assert any("reply to the rejection by email to Nina Gold (HR)" in x for x in said["text"])
    assert any("reply to the rejection by email to Nina Gold (HR)" in x for x in said["markdown"])
    assert "Email to Nina Gold (HR) [email address not in the timeline]" in said["drafts"]
    assert any("Never contact HR." in x for x in _engine_prose("clue-wagon")["show"])
