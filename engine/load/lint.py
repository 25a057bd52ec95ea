"""Semantic lint for packs: rules that can never give a pending recommendation, and dead settings.

The loader (packs.semantic_findings) refuses what is malformed; this module reports what is
well-formed but pointless, for `followup validate`. It never changes what `followup run` accepts.
Every check here is sound: it reports only what holds for every possible timeline, reasoning
from lower bounds (an anchor or a required event must exist) and from pattern containment
(every event one pattern matches, another matches too). Errors are rules that can never fire,
or fire only to be suppressed or stopped; warnings are settings that never take effect.
Each message says what is wrong and ends with the fix, in parentheses.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..io.safeyaml import Document
from ..model import Condition, Offset, Pack, Pattern, Rule
from ..vocabulary import (
    ASKED_EVENTS,
    BY_EVENTS,
    QUESTIONS,
    SAYS,
    SAYS_EVENTS,
    STAGES,
    TERMINAL_EVENTS,
    EventType,
)
from .timing_checks import chase_never_repeats, one_day_chase
from .validation import Finding

Where = tuple[str | int, ...]

# Interview rounds are 1-20 (the timeline schema); every other event has round 0.
_ROUND_LOW, _ROUND_HIGH = 1, 20

# The stage an application is at least in once it has an event of this type (facts.stage_of).
_FLOOR: dict[EventType, int] = {
    **{t: 4 for t in TERMINAL_EVENTS},
    "interview": 3,
    "application_submitted": 2,
}
_RANK: dict[str, int] = {stage: i for i, stage in enumerate(STAGES)}  # new 0 ... closed 4


# Why a pattern matches nothing, whatever the timeline.
_ONLY = (
    "only interviews have a round (1-20, every other event has round 0) or questions asked, "
    "only replies say something, only decision dates, replies and offers state a date"
)


def _floor(types: tuple[EventType, ...]) -> int:
    """The lowest stage rank an application can be at with an event of one of these types."""
    return min((_FLOOR.get(t, 1) for t in types), default=0)


def _round_range(p: Pattern) -> tuple[float, float]:
    return (p.round_min or 0, float("inf") if p.round_max is None else p.round_max)


def _rounds(p: Pattern, event_type: EventType) -> tuple[float, float] | None:
    """The rounds an event of this type matching `p` can have, or None when it cannot match."""
    lo, hi = _round_range(p)
    tlo, thi = (_ROUND_LOW, _ROUND_HIGH) if event_type == "interview" else (0, 0)
    lo, hi = max(lo, tlo), min(hi, thi)
    return (lo, hi) if lo <= hi else None


# What an event says, whether it states a date, and what was asked at it: every combination
# an event of a type can have (a decision_expected always states one; only replies say, only
# interviews have questions asked). Few enough to check patterns against all of them.
Word = tuple[str, bool, frozenset[str]]


def _words(event_type: EventType) -> list[Word]:
    says = list(SAYS) if event_type in SAYS_EVENTS else [""]
    dated = (
        [True]
        if event_type == "decision_expected"
        else [False, True]
        if event_type in BY_EVENTS
        else [False]
    )
    asked: list[frozenset[str]] = [frozenset()]
    if event_type in ASKED_EVENTS:
        asked = [frozenset(q for i, q in enumerate(QUESTIONS) if n >> i & 1) for n in range(8)]
    return [(w, d, a) for w in says for d in dated for a in asked]


def _word_fits(p: Pattern, word: Word, event_type: EventType) -> bool:
    says, dated, asked = word
    if p.says and says not in p.says:
        return False
    if p.stops and says != "stop":  # only a reply saying stop stops anything
        return False
    if p.dated is not None and dated != p.dated:
        return False
    if (p.asked or p.not_asked) and event_type not in ASKED_EVENTS:
        return False
    return set(p.asked) <= asked and not set(p.not_asked) & asked


def _word_sets(p: Pattern, event_type: EventType) -> set[Word]:
    return {w for w in _words(event_type) if _word_fits(p, w, event_type)}


def can_match(p: Pattern) -> bool:
    """Whether some event of some timeline matches `p`."""
    return any(_rounds(p, t) is not None and _word_sets(p, t) for t in p.types)


def within(inner: Pattern, outer: Pattern) -> bool:
    """Whether every event matching `inner` also matches `outer`."""
    if not set(inner.types) <= set(outer.types):
        return False
    for mine, theirs in ((inner.channels, outer.channels), (inner.roles, outer.roles)):
        if theirs and not (mine and set(mine) <= set(theirs)):
            return False
    for t in inner.types:
        mine_rounds, theirs_rounds = _rounds(inner, t), _rounds(outer, t)
        mine_words = _word_sets(inner, t)
        if mine_rounds is None or not mine_words:
            continue  # no event of this type matches `inner` at all
        if not mine_words <= _word_sets(outer, t):
            return False
        if theirs_rounds is None:
            return False
        if not (theirs_rounds[0] <= mine_rounds[0] and mine_rounds[1] <= theirs_rounds[1]):
            return False
    return True


def show(p: Pattern) -> str:
    """A pattern as its author wrote it, roughly: `follow_up_sent by email with hr`."""
    text = " or ".join(p.types)
    if p.channels:
        text += " by " + "/".join(p.channels)
    if p.roles:
        text += " with " + "/".join(p.roles)
    if p.round_min is not None or p.round_max is not None:
        lo, hi = p.round_min, p.round_max
        if lo is not None and hi is not None:
            text += f" round {lo}" if lo == hi else f" round {lo}-{hi}"
        else:
            text += f" round {lo}+" if lo is not None else f" round <= {hi}"
    if p.says:
        text += " saying " + "/".join(p.says)
    if p.dated is not None:
        text += " dated" if p.dated else " undated"
    if p.asked:
        text += " asked " + "/".join(p.asked)
    if p.not_asked:
        text += " not asked " + "/".join(p.not_asked)
    return text


def _count(c: Condition) -> str:
    if c.max is None:
        return f"at least {c.min}"
    if c.min == 0:
        return f"at most {c.max}"
    return f"{c.min}-{c.max}"


def lint_findings(pack: Pack, doc: Document) -> Iterator[Finding]:
    """Lint findings for the rules written in `doc` (inherited ones belong to their own pack)."""
    for rule in pack.rules:
        if rule.document is doc or rule.document is None:
            yield from _rule(rule, doc)
            yield from _repeat_over_limits(pack, rule, doc)
            yield from one_day_chase(rule, doc)
            yield from chase_never_repeats(rule, doc)


def _rule(rule: Rule, doc: Document) -> Iterator[Finding]:
    at: Where = rule.where

    def error(path: Where, message: str) -> Finding:
        return Finding(doc.locate((*at, *path)), f"rule {rule.id!r} {message}")

    def warning(path: Where, message: str) -> Finding:
        return Finding(doc.locate((*at, *path)), f"rule {rule.id!r} {message}", "warning")

    # 1. An anchor or a required event that no timeline can contain.
    if not can_match(rule.anchor):
        yield error(
            ("when", "anchor"),
            f"can never fire: no event matches its anchor ({show(rule.anchor)}); {_ONLY} "
            "(fix the pattern or the event types)",
        )
    for j, cond in enumerate(rule.requires):
        if cond.min > 0 and not can_match(cond.pattern):
            yield error(
                ("when", "requires", j),
                f"can never fire: no event matches requires condition {j + 1} "
                f"({show(cond.pattern)}); {_ONLY} (fix the pattern or the event types)",
            )

    # 2. Terminal events suppress every rule not anchored on one.
    anchored_on_terminal = any(t in TERMINAL_EVENTS for t in rule.anchor.types)
    suppressed = False  # said once is enough: the stage check below would repeat it
    if not anchored_on_terminal:
        for j, cond in enumerate(rule.requires):
            if cond.min > 0 and all(t in TERMINAL_EVENTS for t in cond.pattern.types):
                side = "before" if cond.before else "after"
                suppressed = True
                yield error(
                    ("when", "requires", j),
                    f"is always suppressed: it requires {show(cond.pattern)} {side} its "
                    f"{show(rule.anchor)} anchor, and a rejection, offer or withdrawal "
                    "suppresses every rule not anchored on one (anchor the rule on "
                    f"{show(cond.pattern)} instead, or drop the condition)",
                )

    # 3. Stages the rule's own events rule out.
    if rule.stages:
        floor = max(
            [_floor(rule.anchor.types)]
            + [_floor(c.pattern.types) for c in rule.requires if c.min > 0]
        )
        possible = [s for s in rule.stages if _RANK[s] >= floor]
        listed = "[" + ", ".join(rule.stages) + "]"
        if not possible:
            yield error(
                ("when", "stage"),
                f"can never fire: its stage {listed} never holds, because the events it "
                f"needs put the application at stage {STAGES[floor]} or later "
                f"(list {STAGES[floor]}{' or a later stage' if floor < 4 else ''}, "
                "or drop stage)",
            )
        elif possible == ["closed"] and not anchored_on_terminal and not suppressed:
            yield error(
                ("when", "stage"),
                f"is always suppressed: its stage {listed} holds only once there is a "
                "rejection, offer or withdrawal, which suppresses every rule not anchored on "
                "one (anchor the rule on the terminal event, or drop closed from stage)",
            )
        elif possible != ["closed"] or anchored_on_terminal:
            for s in rule.stages:
                if s not in possible:
                    yield warning(
                        ("when", "stage"),
                        f"lists stage {s!r}, which never holds for it: the events it needs "
                        f"put the application at stage {STAGES[floor]} or later "
                        f"(remove {s!r} from stage)",
                    )

    # 4. A required event that `unless` or `stop_when` also matches.
    for j, cond in enumerate(rule.requires):
        if cond.before or cond.min == 0:
            continue
        for k, p in enumerate(rule.unless):
            if within(cond.pattern, p):
                yield error(
                    ("when", "unless", k),
                    f"can never fire: unless {show(p)} matches the {show(cond.pattern)} that "
                    f"requires condition {j + 1} demands after the anchor (remove it from "
                    "unless or from requires)",
                )
        for k, p in enumerate(rule.stop_when):
            if within(cond.pattern, p):
                yield error(
                    ("stop_when", k),
                    f"is never pending: stop_when {show(p)} matches the {show(cond.pattern)} "
                    f"that requires condition {j + 1} demands after the anchor, so it is "
                    "stopped as soon as it applies (remove it from stop_when or from requires)",
                )

    # 5. Two conditions on the same events that cannot both hold.
    for j, low in enumerate(rule.requires):
        for k, high in enumerate(rule.requires):
            if j == k or low.before != high.before or high.max is None:
                continue
            if low.min > high.max and within(low.pattern, high.pattern):
                later = max(j, k)
                yield error(
                    ("when", "requires", later),
                    f"can never fire: requires condition {j + 1} wants "
                    f"{_count(low)} {show(low.pattern)} but condition {k + 1} allows "
                    f"{_count(high)} {show(high.pattern)} (remove or loosen one of them)",
                )

    # 6. Settings that never take effect.
    absences: tuple[tuple[str, tuple[Pattern, ...]], ...] = (
        ("unless", rule.unless),
        ("stop_when", rule.stop_when),
    )
    for section, missable in absences:
        for k, absent in enumerate(missable):
            if not can_match(absent):
                yield warning(
                    (*(("when",) if section == "unless" else ()), section, k),
                    f"has {section} {show(absent)}, which no event matches: {_ONLY} "
                    f"(fix the pattern, or remove it from {section})",
                )
    for j, cond in enumerate(rule.requires):
        if cond.min == 0 and cond.max is None:
            yield warning(
                ("when", "requires", j),
                f"has a requires condition {j + 1} that always holds, with min 0 and no max "
                "(remove it, or give it a min or a max)",
            )
    timing = rule.timing
    if timing.repeat is not None and (timing.max_attempts or 2) > 1:
        for p in rule.stop_when:
            if within(rule.action.fulfilled_by, p):
                yield warning(
                    ("timing", "repeat"),
                    f"never repeats: stop_when {show(p)} matches its own attempts "
                    f"({show(rule.action.fulfilled_by)}), so the first attempt stops it "
                    "(narrow stop_when, or drop timing.repeat)",
                )
                break

    # 7. Attempts that are anchors of the rule itself: each one starts it again. Only when
    # nothing else can end it (a condition, an `unless`, a stage, a stop its attempts meet),
    # so that the warning is never wrong.
    fulfil = rule.action.fulfilled_by
    ends = rule.requires or rule.unless or rule.stages
    if (
        not ends
        and within(fulfil, rule.anchor)
        and can_match(fulfil)
        and not any(within(fulfil, p) for p in rule.stop_when)
    ):
        yield warning(
            ("action", "fulfilled_by"),
            f"starts again with each attempt: its attempts ({show(fulfil)}) "
            f"are also its anchor ({show(rule.anchor)}), so every attempt asks for another"
            + (" the same day" if timing.after.low == 0 else "")
            + ", and only a stop or a decision ends it (narrow the anchor or fulfilled_by)",
        )


def _days(length: Offset, high: bool) -> int | None:
    """A calendar length in days, when it is one (days or weeks): None for the others, and for
    an open window's maximum."""
    n = length.high if high else length.low
    if n is None:
        return None
    return {"days": n, "weeks": 7 * n}.get(length.unit)


def _repeat_over_limits(pack: Pack, rule: Rule, doc: Document) -> Iterator[Finding]:
    """Lint: a rule whose repeats all break a limit of its own pack (its attempts are counted by
    the limit, at most 1 per a span longer than the repeat's longest wait), so following the
    pack is what its audit flags. Only days and weeks are compared: they are exact."""
    repeat = rule.timing.repeat
    if repeat is None or rule.timing.max_attempts == 1:
        return
    wait = _days(repeat, high=True)
    for lim in pack.limits:
        per = _days(lim.per, high=False) if lim.per is not None else None
        if wait is None or per is None or lim.at_most != 1 or wait >= per:
            continue
        if within(rule.action.fulfilled_by, lim.events):
            yield Finding(
                doc.locate((*rule.where, "timing", "repeat", "every")),
                f"rule {rule.id!r} repeats every {repeat.describe()}, which limit {lim.id!r} "
                f"forbids (at most 1 within {lim.per.describe() if lim.per else ''}): its audit "
                "would flag every repeat the pack recommends (lengthen repeat.every, or the "
                "limit's per)",
                "warning",
            )
