"""Checks of a rule's timing that the schema cannot make: a part of the day it does not know
and a `repeat.for` that is a window or ends before the first attempt, and a window before a
deadline that cannot be counted (errors of the loader); a chase with a one-day window, and one
whose `for` ends before it could repeat (warnings of the lint)."""

from __future__ import annotations

from collections.abc import Iterator

from ..io.safeyaml import Document
from ..model import Offset, Rule
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
    yield from _chase_length(rule, doc)


def days_between(offset: Offset, n: int) -> tuple[int, int]:
    """The fewest and most calendar days `n` of the offset's unit can span: a month is 28 to
    31 days, a business day one day or more (at most a week per five, and a week of holidays
    besides), hours whole days. Lengths in different units are compared by these bounds."""
    if offset.unit == "business_days":
        return n, 7 * (-(-n // 5)) + 7
    if offset.unit == "months":
        return 28 * n, 31 * n
    per = {"days": 1, "weeks": 7}.get(offset.unit)
    days = per * n if per is not None else -(-n // 24)
    return days, days


def shorter(length: Offset, other: Offset, low: int) -> bool:
    """Whether `length` is shorter than `low` of `other`'s unit, whatever the calendar: the
    same unit compared as numbers, different units by their bounds in days."""
    if length.unit == other.unit:
        return length.low < low
    return days_between(length, length.low)[1] < days_between(other, low)[0]


def _chase_length(rule: Rule, doc: Document) -> Iterator[validation.Finding]:
    """`repeat.for`: one length (as a limit's `per`), at least 1, and no shorter than `after`'s
    minimum: a chase that ends before its first window opens could never recommend."""
    raw = (rule.raw.get("timing", {}).get("repeat") or {}).get("for")
    if not isinstance(raw, dict) or len(raw) != 1:
        return
    where = doc.locate((*rule.where, "timing", "repeat", "for"))
    ((unit, span),) = raw.items()
    if not isinstance(span, int):
        most = span[1] if isinstance(span[1], int) else span[0]
        yield validation.Finding(
            where,
            "`for` is one length, not a window: the chase ends that long after what its "
            f"first attempt counts from (write `{{{unit}: {most}}}`)",
        )
        return
    length, after = rule.timing.repeat_for, rule.timing.after
    if span < 1 or length is None:
        yield validation.Finding(where, "`for` must be at least 1")
    elif shorter(length, after, after.low):
        yield validation.Finding(
            where,
            f"`for` ({length.describe()}) is shorter than `after`'s minimum "
            f"({Offset(after.unit, after.low, after.low).describe()}): the first attempt "
            "could never be recommended (make `for` at least as long as `after`)",
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


def chase_never_repeats(rule: Rule, doc: Document) -> Iterator[validation.Finding]:
    """A `repeat.for` shorter than `after`'s minimum and `repeat.every`'s together: the second
    attempt's window could never open before the chase ends, so the repeat says nothing."""
    t = rule.timing
    length, after, every = t.repeat_for, t.after, t.repeat
    if length is None or every is None or t.max_attempts == 1:
        return
    if length.unit == after.unit == every.unit:
        short = length.low < after.low + every.low
    else:
        least = days_between(after, after.low)[0] + days_between(every, every.low)[0]
        short = days_between(length, length.low)[1] < least
    if short and not shorter(length, after, after.low):  # that one is the loader's error
        yield validation.Finding(
            doc.locate((*rule.where, "timing", "repeat", "for")),
            f"rule {rule.id!r} ends its chase {length.describe()} after what the first attempt "
            "counts from, before a second attempt's window could open (`after`'s minimum and "
            "`repeat.every`'s together): it never repeats (lengthen `for`, or drop `repeat`)",
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
