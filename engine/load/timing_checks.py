"""Checks of a rule's timing that the schema cannot make: a part of the day it does not know
and a window before a deadline that cannot be counted (errors of the loader), and a chase with
a one-day window (a warning of the lint)."""

from __future__ import annotations

from collections.abc import Iterator

from ..io.safeyaml import Document
from ..model import Rule
from ..vocabulary import CHASE_KINDS, PARTS_OF_DAY
from . import validation
from .formats import pack_format


def time_findings(rule: Rule, doc: Document) -> Iterator[validation.Finding]:
    """`timing.at` naming no part of the day (the schema checks the form of a clock time)."""
    at = rule.raw.get("timing", {}).get("at")
    if isinstance(at, str) and ":" not in at and at not in PARTS_OF_DAY:
        hint = validation.did_you_mean(at, PARTS_OF_DAY) or (
            f" (use HH:MM or one of {', '.join(PARTS_OF_DAY)})"
        )
        yield validation.Finding(
            doc.locate((*rule.where, "timing", "at")),
            f"unknown part of the day {at!r}{hint}",
        )


def one_day_chase(rule: Rule, doc: Document) -> Iterator[validation.Finding]:
    """A chase whose `after` is a single number: its window is that one day, and the
    recommendation is overdue the day after ("{weeks: 2}" is overdue on day 15), where the
    advice usually meant "wait two weeks". Only in format 2, which has open windows to offer.
    Left alone: a same-day rule ({days: 0}, the day itself); business days, which name a day
    ("on the 3rd business day after"); and a rule with an assumption about timing.after, whose
    author has said why the wait is what it is (the built-in packs' one-day chases all are one
    of these, so a migrated built-in pack is lint-clean)."""
    if pack_format(doc.data) < 2 or rule.action.kind not in CHASE_KINDS:
        return
    if any(a.about == "timing.after" for a in rule.assumptions):
        return
    after = rule.raw.get("timing", {}).get("after", {})
    ((unit, span),) = after.items() if len(after) == 1 else (("", None),)
    if isinstance(span, int) and span > 0 and unit != "business_days":
        yield validation.Finding(
            doc.locate((*rule.where, "timing", "after", unit)),
            f"rule {rule.id!r} has a one-day window ({unit}: {span}): it is overdue the day "
            f"after (give it a range, [{span}, {span + 1}], or no end, [{span}, open])",
            "warning",
        )


def deadline_findings(rule: Rule, doc: Document) -> Iterator[validation.Finding]:
    """A window before an offer's deadline (docs/packs.md "Offers"): `before` instead of
    `after`, only counted `from: deadline`, whose anchor must be an offer that gives one; no
    repeat and no open end (a window counted back has to start somewhere)."""
    timing = rule.raw.get("timing", {})
    at = (*rule.where, "timing")
    if "before" in timing and "after" in timing:
        yield validation.Finding(
            doc.locate((*at, "before"), key=True),
            "timing has both `after` and `before`: give one (`before` counts back from the "
            "offer's deadline, with `from: deadline`; `after` counts on from the base)",
        )
    if "before" in timing and timing.get("from") != "deadline":
        yield validation.Finding(
            doc.locate((*at, "before"), key=True),
            "`before` counts back from an offer's deadline: add `from: deadline` (or count "
            "on from the base with `after`)",
        )
    if "before" in timing and rule.timing.after.high is None:
        yield validation.Finding(
            doc.locate((*at, "before")),
            "a window before the deadline needs a maximum: give it one, such as [3, 5]",
        )
    if "before" in timing and "repeat" in timing:
        yield validation.Finding(
            doc.locate((*at, "repeat"), key=True),
            "a window before the deadline does not repeat: drop `repeat` (one attempt)",
        )
    anchor = rule.anchor
    if rule.timing.base == "deadline" and (anchor.types != ("offer",) or anchor.dated is not True):
        yield validation.Finding(
            doc.locate((*at, "from")),
            "from: deadline counts from the deadline of an offer, and this rule's anchor is "
            "not an offer that gives one: write `anchor: {event: offer, dated: true}`",
        )
