"""Checks of a rule's channel preference and rotation (`action.ranked`, `action.rotate`) and
of varied times (`timing.at` as a list), pack_format 2, that the schema cannot make (docs/
packs.md, "Channel preference and rotation"). Format 1 never gets here with them: the format
check refuses the keys first."""

from __future__ import annotations

from collections.abc import Iterator

from ..io.safeyaml import Document
from ..model import Rule
from ..vocabulary import PARTS_OF_DAY
from . import validation

_MORE = "give timing a repeat (and max_attempts above 1)"


def _turns(rule: Rule) -> bool:
    """Whether the rule can make more than one attempt, for anything to take turns."""
    return rule.timing.repeat is not None and rule.timing.max_attempts != 1


def channel_findings(rule: Rule, doc: Document) -> Iterator[validation.Finding]:
    """`rotate` and `ranked` where they cannot mean anything, and `at` lists likewise."""
    Finding = validation.Finding
    action, at = rule.action, (*rule.where, "action")
    raw = rule.raw.get("action") or {}
    if action.rotate:
        where = doc.locate((*at, "rotate"), key=True)
        if action.steps:
            yield Finding(
                where,
                "`rotate` cannot go with `steps`: steps already give each attempt its own "
                "channel (drop rotate, or the steps)",
            )
        elif len(action.channels) < 2:
            yield Finding(
                where,
                "`rotate` needs at least 2 channels to take turns: list them in action.channel "
                "(or drop rotate)",
            )
        if not _turns(rule):
            yield Finding(where, f"`rotate` needs more than one attempt: {_MORE}, or drop rotate")
        if action.ranked:
            yield Finding(
                doc.locate((*at, "ranked"), key=True),
                "`ranked` and `rotate` disagree: a rotating attempt offers one channel, a ranked "
                "one all of them, best first (drop one of the two)",
            )
    elif raw.get("ranked") is True:
        lists = [s.channels for s in action.steps] or [action.channels]
        if max(len(c) for c in lists) < 2:
            yield Finding(
                doc.locate((*at, "ranked"), key=True),
                f"rule {rule.id!r} ranks a single channel: `ranked` orders a list of 2 or more "
                "(add the others to action.channel, or drop ranked)",
                "warning",
            )
    yield from _time_list_findings(rule, doc)


def _time_list_findings(rule: Rule, doc: Document) -> Iterator[validation.Finding]:
    Finding = validation.Finding
    items = (rule.raw.get("timing") or {}).get("at")
    if not isinstance(items, list):
        return
    at = (*rule.where, "timing", "at")
    for j, text in enumerate(items):
        if isinstance(text, str) and ":" not in text and text not in PARTS_OF_DAY:
            hint = validation.did_you_mean(text, PARTS_OF_DAY) or (
                f" (use HH:MM or one of {', '.join(PARTS_OF_DAY)})"
            )
            yield Finding(doc.locate((*at, j)), f"unknown part of the day {text!r}{hint}")
    if not _turns(rule):
        yield Finding(
            doc.locate(at, key=True),
            f"a list of times needs more than one attempt: {_MORE}, or give one time",
        )
    t = rule.timing
    hours = t.after.unit == "hours" or (t.repeat is not None and t.repeat.unit == "hours")
    if hours and t.hours_from == "event_time":
        yield Finding(
            doc.locate(at, key=True),
            "a list of times cannot go with an hours wait counted from the event's time: each "
            "attempt's window would hang on its own time (give one time, or count in days)",
        )
