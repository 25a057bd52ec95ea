"""Hypothesis strategies for random valid packs and timelines, as documents and as loaded objects.

Everything generated goes through the real loaders (schema plus semantic checks), so a strategy
that drifts out of the formats fails loudly instead of testing something no user can write.
Documents are serialised as JSON, which is YAML too: PyYAML's pure-Python dumper would cost more
than the evaluation under test.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, assume, settings
from hypothesis import strategies as st

from engine.io import safeyaml
from engine.load.packs import pack_from_document
from engine.load.timelines import timeline_from_document
from engine.model import Pack, Pattern, Timeline
from engine.vocabulary import (
    ACTION_KINDS,
    ALIGNS,
    CHANNELS,
    CHASE_KINDS,
    DUE_DAYS,
    EVENT_TYPES,
    OUTCOME_CHANNELS,
    OUTCOMES,
    PARTS_OF_DAY,
    QUESTIONS,
    ROLES,
    SAYS,
    STAGES,
    TERMINAL_EVENTS,
)

Doc = dict[str, Any]
Draw = st.DrawFn

RECIPIENTS = (*ROLES, "anchor_contact")
RECIPIENTS_2 = (*RECIPIENTS, "most_contacted")  # pack_format 2 only
# The settings of the engine's property tests (tests/properties_test.py, persistence_test.py).
COMMON_SETTINGS = settings(
    max_examples=25,
    derandomize=True,  # the same cases on every run: CI must not flake
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

UNITS = ("days", "business_days", "weeks", "months", "hours")
YEAR_START = dt.date(2026, 1, 1)
# Holidays near these places and dates (New Year, Easter, Thanksgiving, Christmas) are where
# roll-forward and week alignment get interesting.
PLACES: tuple[tuple[str, str | None, str], ...] = (
    ("US", None, "America/New_York"),
    ("US", "IL", "America/Chicago"),
    ("US", "CA", "America/Los_Angeles"),
    ("US", "NY", "America/New_York"),
    ("GB", None, "Europe/London"),
    ("GB", "SCT", "Europe/London"),
    ("DE", None, "Europe/Berlin"),
    ("DE", "BY", "Europe/Berlin"),
)


def load_pack_doc(doc: Doc) -> Pack:
    return pack_from_document(safeyaml.loads(json.dumps(doc), "<generated pack>"))


def load_timeline_doc(doc: Doc) -> Timeline:
    return timeline_from_document(safeyaml.loads(json.dumps(doc), "<generated timeline>"))


def _some(values: tuple[str, ...], max_size: int = 3) -> st.SearchStrategy[str | list[str]]:
    """One value or a list of them: the two spellings the formats accept."""
    many = st.lists(st.sampled_from(values), min_size=1, max_size=max_size, unique=True)
    return st.sampled_from(values) | many


# Strategies are built once: constructing (and validating) them inside every draw costs more
# than the draws themselves.
SOME_TYPES = _some(EVENT_TYPES)
SOME_CHANNELS = _some(CHANNELS)
SOME_ROLES = _some(ROLES)
ACTION_CHANNELS = _some(CHANNELS, 2)
ACTION_RECIPIENTS = _some(RECIPIENTS, 2)
# pack_format 2: also most_contacted, and fallback chains
ACTION_RECIPIENTS_2 = _some(RECIPIENTS_2, 2) | st.lists(
    st.sampled_from(RECIPIENTS_2), min_size=1, max_size=3, unique=True
).map(lambda chain: {"first_of": chain})
SMALL_ROUND = st.integers(0, 4)


@st.composite
def _round_range(draw: Draw) -> dict[str, int]:
    out: dict[str, int] = {}
    if draw(st.booleans()):
        out["min"] = draw(SMALL_ROUND)
    if not out or draw(st.booleans()):
        out["max"] = draw(SMALL_ROUND)
    return out


ROUND_RANGES = _round_range()


@st.composite
def _filters(draw: Draw) -> Doc:
    """The optional narrowing of a pattern object: channel, contact role, round."""
    out: Doc = {}
    if draw(st.integers(0, 3)) == 0:
        out["channel"] = draw(SOME_CHANNELS)
    if draw(st.integers(0, 3)) == 0:
        out["role"] = draw(SOME_ROLES)
    if draw(st.integers(0, 3)) == 0:
        out["round"] = draw(ROUND_RANGES)
    return out


FILTERS = _filters()
SOME_SAYS = _some(SAYS, 2)
SOME_QUESTIONS = _some(QUESTIONS)


@st.composite
def _word_filters(draw: Draw) -> Doc:
    """The format-2 narrowing by the employer's word and the questions asked: rare each, and
    often on a type that cannot have it, which must then match nothing."""
    out: Doc = draw(FILTERS)
    if draw(st.integers(0, 4)) == 0:
        out["says"] = draw(SOME_SAYS)
    if draw(st.integers(0, 4)) == 0:
        out["dated"] = draw(st.booleans())
    if draw(st.integers(0, 4)) == 0:
        out["asked"] = draw(SOME_QUESTIONS)
    if draw(st.integers(0, 4)) == 0:
        out["not_asked"] = draw(SOME_QUESTIONS)
    if draw(st.integers(0, 5)) == 0:
        out["stops"] = draw(SOME_CHANNELS)
    return out


WORD_FILTERS = _word_filters()
# Types that carry the employer's word, more often than chance, under the word filters.
WORD_TYPES = _some(("reply_received", "interview", "decision_expected", *EVENT_TYPES))


@st.composite
def _pattern(draw: Draw, fmt: int = 1) -> Any:
    """A pattern in any of its three spellings: a name, a list of names, or an object; in a
    format-2 pack, sometimes with the employer's word (`says`, `dated`, `asked`)."""
    form = draw(st.integers(0, 3 if fmt == 2 else 2))
    if form == 0:
        return draw(st.sampled_from(EVENT_TYPES))
    if form == 1:
        return draw(st.lists(st.sampled_from(EVENT_TYPES), min_size=1, max_size=3, unique=True))
    if form == 3:
        return {"event": draw(WORD_TYPES), **draw(WORD_FILTERS)}
    return {"event": draw(SOME_TYPES), **draw(FILTERS)}


PATTERNS = _pattern()
PATTERNS_2 = _pattern(2)


def pattern_types(raw: Any) -> set[str]:
    if isinstance(raw, str):
        return {raw}
    if isinstance(raw, list):
        return set(raw)
    return pattern_types(raw["event"])


@st.composite
def _condition(draw: Draw, fmt: int = 1) -> Any:
    if draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from(EVENT_TYPES))
    if fmt == 2 and draw(st.integers(0, 2)) == 0:
        out: Doc = {"event": draw(WORD_TYPES), **draw(WORD_FILTERS)}
    else:
        out = {"event": draw(SOME_TYPES), **draw(FILTERS)}
    before = draw(st.integers(0, 3))  # absent, false, or (twice as often) true
    if before:
        out["before"] = before > 1
    if draw(st.booleans()):
        out["min"] = draw(st.sampled_from((0, 1, 1, 2, 3)))
    if draw(st.booleans()):
        out["max"] = out.get("min", 0) + draw(st.integers(0, 2))
    return out


CONDITIONS = _condition()
CONDITIONS_2 = _condition(2)


def condition_min(raw: Any) -> int:
    """The minimum a condition document means (the loader's default, restated)."""
    if isinstance(raw, str):
        return 1
    return int(raw.get("min", 1 if "max" not in raw else 0))


# Mostly short spans, where weekends and holidays matter; sometimes the schema's extremes.
_SMALL = {
    unit: st.sampled_from((0, 1, 23, 24, 25, 47, 48, 72, 100))
    if unit == "hours"
    else st.integers(0, 3)
    if unit == "months"
    else st.integers(0, 12)
    for unit in UNITS
}
_WIDTH = st.integers(0, 15)


@st.composite
def _offset(draw: Draw, positive: bool) -> Doc:
    unit = draw(st.sampled_from(UNITS))
    top = 24 if unit == "months" else 365  # the schema's maximum
    low = draw(_SMALL[unit]) if draw(st.integers(0, 3)) else draw(st.integers(0, top))
    span: int | list[int]
    if draw(st.booleans()):
        width = draw(_WIDTH) if draw(st.integers(0, 3)) else draw(st.integers(0, top))
        span = [low, max(min(low + width, top), 1 if positive else 0)]
    else:
        span = max(low, 1 if positive else 0)
    if isinstance(span, list) and draw(st.integers(0, 4)) == 0:
        span = [span[0], "open"]  # pack_format 2: no end (pack_docs declares the format)
    return {unit: span}


# timing.at: a part of the day, or a clock time (half-hourly, so that ties with events occur).
_AT = st.sampled_from(PARTS_OF_DAY) | st.integers(0, 47).map(
    lambda n: f"{n // 2:02}:{30 * (n % 2):02}"
)
OFFSETS = _offset(False)
POSITIVE_OFFSETS = _offset(True)
_DECISION = st.sampled_from(("decision_expected", ["decision_expected"]))
STATED_ANCHORS = _DECISION | FILTERS.map(lambda f: {"event": "decision_expected", **f})
# In format 2 a reply may be the anchor too, and a reply's new date moves the stated date.
_DATED = st.sampled_from(("reply_received", ["decision_expected", "reply_received"]))
STATED_ANCHORS_2 = (
    STATED_ANCHORS | _DATED | WORD_FILTERS.map(lambda f: {"event": "reply_received", **f})
)
STAGE_LISTS = st.lists(st.sampled_from(STAGES), min_size=1, max_size=3, unique=True)
_KINDS_2_ONLY = ("ask_timeline", "acknowledge_offer", "ask_for_time")
KINDS_1 = tuple(k for k in ACTION_KINDS if k not in _KINDS_2_ONLY)  # new in format 2
KINDS = {1: KINDS_1, 2: ACTION_KINDS}
CHASE_FREE_KINDS = {f: tuple(k for k in KINDS[f] if k not in CHASE_KINDS) for f in (1, 2)}


def _sometimes(
    items: st.SearchStrategy[Any], max_size: int, nones: int = 2
) -> st.SearchStrategy[list[Any]]:
    # Mostly none: every extra condition makes a random rule less likely to fire at all, and a
    # rule that never fires tests nothing.
    none: st.SearchStrategy[list[Any]] = st.just([])
    return st.one_of(*[none] * nones, st.lists(items, min_size=1, max_size=max_size))


STEP_CHANNELS = ("phone", "email", "video_call", "linkedin")


@st.composite
def step_lists(draw: Draw, cap: int | None) -> list[Doc]:
    """A rule's `steps` (pack_format 2) the loader accepts: one channel each, no step past
    max_attempts, and one fallback (or none) per call channel, shared by its steps."""
    n = draw(st.integers(1, min(cap or 3, 3)))
    fallbacks: dict[str, Doc | None] = {}
    for channel in OUTCOME_CHANNELS:
        if draw(st.booleans()):
            fallbacks[channel] = {
                "outcome": draw(
                    st.lists(st.sampled_from(OUTCOMES), min_size=1, max_size=3, unique=True)
                ),
                "channel": draw(st.sampled_from(("email", "text_message", "phone"))),
            }
    steps: list[Doc] = []
    for _ in range(n):
        channel = draw(st.sampled_from(STEP_CHANNELS))
        step: Doc = {"channel": channel}
        if draw(st.booleans()):
            step["guidance"] = [f"Step {len(steps) + 1}."]
        fallback = fallbacks.get(channel)
        if fallback is not None:
            step["fallback"] = fallback
        steps.append(step)
    return steps


@st.composite
def rule_docs(draw: Draw, rule_id: str, pack_format: int = 1, offer: bool = False) -> Doc:
    """A valid rule; with `offer` (format 2), one counted from an offer's deadline."""
    fmt = pack_format
    patterns = PATTERNS_2 if fmt == 2 else PATTERNS
    stated = draw(st.integers(0, 4)) == 0 and not offer
    # Format 2: from an offer's deadline (docs/packs.md "Offers"), mostly counted back from it.
    deadline = offer or (fmt == 2 and not stated and draw(st.integers(0, 5)) == 0)
    # from: stated_date needs an anchor that carries `by`: decision_expected or a reply.
    anchor = draw((STATED_ANCHORS_2 if fmt == 2 else STATED_ANCHORS) if stated else patterns)
    if deadline:
        # (no round test: an offer has none, and the rule would never fire)
        narrow = {k: v for k, v in draw(FILTERS).items() if k != "round"}
        anchor = {"event": "offer", "dated": True, **narrow}
    when: Doc = {"anchor": anchor}
    if draw(st.integers(0, 3)) == 0:
        when["stage"] = draw(STAGE_LISTS)
        if deadline and "closed" not in when["stage"]:  # an offer closes the application
            when["stage"].append("closed")
    requires = draw(_sometimes(CONDITIONS_2 if fmt == 2 else CONDITIONS, 3, nones=1))
    if requires:
        when["requires"] = requires
    unless = draw(_sometimes(patterns, 2))
    if unless:
        when["unless"] = unless
    if draw(st.booleans()):
        when["every_anchor"] = draw(st.booleans())

    # A chase triggered by a reply is refused by the loader: pick another kind instead.
    triggers = pattern_types(anchor).union(
        *(pattern_types(c) for c in requires if condition_min(c) > 0)
    )
    kinds = CHASE_FREE_KINDS[fmt] if "reply_received" in triggers else KINDS[fmt]
    kind = draw(st.sampled_from(kinds))
    action: Doc = {"kind": kind}
    if kind != "move_on" or draw(st.booleans()):
        action["channel"] = draw(ACTION_CHANNELS)
        action["recipient"] = draw(ACTION_RECIPIENTS if pack_format == 1 else ACTION_RECIPIENTS_2)
    if pack_format == 2:  # who: one instance per recipient contact; the format-1 fulfilment
        if draw(st.integers(0, 2)) == 0:
            action["each"] = draw(st.booleans())
        if draw(st.integers(0, 4)) == 0:
            action["match_recipient"] = draw(st.booleans())
    if draw(st.integers(0, 2)) == 0:
        action["fulfilled_by"] = draw(patterns)
    if draw(st.integers(0, 3)) == 0:
        action["optional"] = draw(st.booleans())
    if draw(st.integers(0, 3)) == 0:
        action["guidance"] = ["Be brief."]

    timing: Doc = {"after": draw(OFFSETS)}
    before = deadline and draw(st.integers(0, 3)) > 0
    if before:
        # A window counted back needs an end: an open one is refused.
        ((unit, span),) = timing.pop("after").items()
        if isinstance(span, list) and span[1] == "open":
            span = [span[0], span[0]]
        timing["before"] = {unit: span}
    if stated:
        timing["from"] = "stated_date"
    elif deadline:
        timing["from"] = "deadline"
    else:
        base = draw(st.integers(0, 2))
        if base == 1:
            timing["from"] = "anchor"
        elif base == 2:
            timing["from"] = {"last": draw(patterns)}
    if draw(st.integers(0, 3)) == 0:
        timing["align"] = draw(st.sampled_from(ALIGNS)) if fmt == 2 else "start_of_week"
    if not before and draw(st.booleans()):  # a window before the deadline does not repeat
        timing["repeat"] = {"every": draw(POSITIVE_OFFSETS)}
        if fmt == 2 and draw(st.integers(0, 2)) == 0:
            timing["repeat"]["for"] = draw(_chase_lengths(timing["after"]))
        if draw(st.integers(0, 3)) > 0:
            timing["max_attempts"] = draw(st.integers(1, 4))
    elif draw(st.booleans()):
        timing["max_attempts"] = 1
    if draw(st.integers(0, 4)) == 0:
        timing["due"] = draw(st.sampled_from(DUE_DAYS))
    if draw(st.integers(0, 3)) == 0:
        timing["at"] = draw(_AT)
    if draw(st.integers(0, 5)) == 0:
        timing["hours_from"] = draw(st.sampled_from(("event_time", "event_day")))

    steps_ok = pack_format == 2 and kind != "move_on" and "fulfilled_by" not in action
    if steps_ok and not isinstance(action.get("recipient"), dict) and draw(st.integers(0, 3)) == 0:
        action["recipient"] = action.get("recipient", "hiring_manager")
        cap = timing.get("max_attempts", None if "repeat" in timing else 1)
        action["steps"] = draw(step_lists(cap))

    if pack_format == 2:
        _channel_preference(draw, timing, action)

    rule: Doc = {"id": rule_id, "when": when, "timing": timing, "action": action}
    stop = draw(_sometimes(patterns, 2))
    if stop:
        rule["stop_when"] = stop
    if draw(st.booleans()):
        rule["summary"] = f"rule {rule_id}"
    rule["cite"] = "A quote."
    if draw(st.integers(0, 4)) == 0:
        rule["assumptions"] = [{"about": "timing.after", "reason": "Generated."}]
    return rule


# The fewest calendar days `n` of a unit spans (as the loader compares lengths in two units).
_LEAST_DAYS = {"days": 1, "weeks": 7, "months": 28, "business_days": 1}


@st.composite
def _chase_lengths(draw: Draw, after: Doc) -> Doc:
    """A `repeat.for` the loader accepts: one length, no shorter than `after`'s minimum; in
    its unit mostly, sometimes in days."""
    ((unit, span),) = after.items()
    low = span if isinstance(span, int) else span[0]
    top = 24 if unit == "months" else 365
    least = -(-low // 24) if unit == "hours" else _LEAST_DAYS[unit] * low
    if draw(st.integers(0, 3)) or least > 365:  # (over a year: only its own unit can say it)
        return {unit: min(top, max(1, low + draw(st.integers(0, 20))))}
    return {"days": min(365, max(1, least + draw(st.integers(0, 20))))}
_ROTATIONS = st.lists(st.sampled_from(CHANNELS), min_size=2, max_size=3, unique=True)


def _channel_preference(draw: Draw, timing: Doc, action: Doc) -> None:
    """Format 2's channel preference and rotation, and varied times, where the loader takes
    them: `ranked` or `rotate` on a list of 2+ channels without steps, `rotate` and an `at`
    list only on a rule that makes more than one attempt, an `at` list never with an hours
    wait counted from the event's time."""
    channels = action.get("channel")
    many = isinstance(channels, list) and len(channels) > 1 and "steps" not in action
    turns = "repeat" in timing and timing.get("max_attempts") != 1
    mine = "channel" in action and "steps" not in action and action["kind"] != "move_on"
    if turns and mine and draw(st.integers(0, 2)) == 0:
        # rotating attempts: lists of 2 and of 3, so that the turns wrap round (1, 2, 1; 1, 2, 3)
        action["channel"] = draw(_ROTATIONS)
        action["rotate"] = True
    elif many and draw(st.booleans()):
        action["ranked"] = True
    spans = (timing.get("after", timing.get("before")), timing.get("repeat", {}).get("every"))
    hours = any(isinstance(x, dict) and "hours" in x for x in spans)
    timed = not hours or timing.get("hours_from") == "event_day"
    if turns and timed and draw(st.integers(0, 3)) == 0:
        timing["at"] = draw(st.lists(_AT, min_size=2, max_size=3))


_RULES = {fmt: [rule_docs(f"r{i}", fmt) for i in range(200)] for fmt in (1, 2)}


def uses_format_2(rules: list[Doc]) -> bool:
    """Whether a rule says something only pack_format 2 can: an open span, due, at, hours_from."""
    keys = ("due", "at", "hours_from")
    return "'open'" in repr(rules) or any(k in r["timing"] for r in rules for k in keys)


def _channels_of(rule: Doc) -> set[str]:
    action = rule["action"]
    raws = [action.get("channel", [])]
    for step in action.get("steps", []):
        raws += [step["channel"], step.get("fallback", {}).get("channel", [])]
    return {c for raw in raws for c in ([raw] if isinstance(raw, str) else raw)}


_OUTREACH = st.sampled_from(
    ("follow_up_sent", "thank_you_sent", ["follow_up_sent", "thank_you_sent"])
)


@st.composite
def _limit_events(draw: Draw) -> Any:
    """An outreach pattern: what a limit may count."""
    types = draw(_OUTREACH)
    if draw(st.booleans()):
        return types
    raw: Doc = {"event": types}
    if draw(st.booleans()):
        raw["channel"] = draw(SOME_CHANNELS)
    if draw(st.integers(0, 3)) == 0:
        raw["role"] = draw(SOME_ROLES)
    return raw


@st.composite
def limit_docs(draw: Draw, limit_id: str) -> Doc:
    """A valid limit (pack_format 2): at most N per a length, or not before the stated date."""
    limit: Doc = {"id": limit_id, "cite": "Don't overdo it."}
    if draw(st.booleans()):
        limit["events"] = draw(_limit_events())
    if draw(st.integers(0, 2)):
        unit = draw(st.sampled_from(UNITS))
        n = draw(
            st.sampled_from((1, 23, 24, 25, 48, 200))
            if unit == "hours"
            else st.integers(1, 3 if unit == "months" else 10)
        )
        limit["at_most"] = draw(st.integers(1, 3))
        limit["per"] = {unit: n}
    else:
        limit["not_before"] = "stated_date"
    return limit


@st.composite
def scoped_ban_docs(draw: Draw, rules: list[Doc], ban_id: str = "scoped") -> Doc:
    """A scoped prohibition (pack_format 2) that the rules may well break: on channels they use,
    on roles, or on every follow-up and thank-you; with any mix of the scope's keys. One whose
    scope holds for every attempt of a rule (only `after` and `stage`) excepts every rule, since
    the loader refuses a rule that always breaks it."""
    ban: Doc = {"id": ban_id, "cite": "Not then."}
    what = draw(st.integers(0, 2))
    used = sorted(set().union(*(_channels_of(r) for r in rules)))
    if what == 0:
        ban["channels"] = draw(st.lists(st.sampled_from(used or list(CHANNELS)), min_size=1,
                                        max_size=2, unique=True))  # fmt: skip
    elif what == 1:
        ban["recipients"] = draw(st.lists(st.sampled_from(ROLES), min_size=1, max_size=2,
                                          unique=True))  # fmt: skip
    scope: Doc = {}
    while not scope:
        if draw(st.integers(0, 2)) == 0:
            scope["after"] = draw(PATTERNS_2)
        if draw(st.integers(0, 3)) == 0:
            scope["until"] = draw(PATTERNS_2)
        if draw(st.integers(0, 3)) == 0:
            scope["stage"] = draw(st.lists(st.sampled_from(STAGES), min_size=1, max_size=3,
                                           unique=True))  # fmt: skip
        if draw(st.integers(0, 3)) == 0:
            unit = draw(st.sampled_from(("days", "business_days", "weeks")))
            scope["before_stated_date"] = {unit: draw(st.integers(0, 10))}
        if draw(st.integers(0, 3)) == 0:
            scope["after_instruction"] = True
    ban["scope"] = scope
    if set(scope) <= {"after", "stage"}:
        ban["except"] = [r["id"] for r in rules]
    elif draw(st.booleans()):
        ban["except"] = [draw(st.sampled_from([r["id"] for r in rules]))]
    return ban


@st.composite
def pack_docs(draw: Draw, max_rules: int = 5, formats: tuple[int, ...] = (1, 2)) -> Doc:
    """A valid pack of 1 to `max_rules` rules, of one of `formats`, sometimes with a
    prohibition it respects; in format 2 sometimes with limits, and each rule sometimes says
    whether early attempts count."""
    n = draw(st.integers(1, max_rules))
    fmt = draw(st.sampled_from(formats))
    rules = [draw(_RULES[fmt][i]) for i in range(n)]
    if uses_format_2(rules):  # timing that only format 2 has (its rules mean the same in it)
        assume(2 in formats)
        fmt = 2
    if fmt == 2:
        for r in rules:
            if draw(st.integers(0, 2)) == 0:
                r["timing"] = {**r["timing"], "count_early": draw(st.booleans())}
    if draw(st.integers(0, 9)) == 0:
        # A large pack, which the compiler splits into several durable rulesets (about 64
        # joins per fact is durable's limit). Copies share their patterns, so the pack stays
        # under the limit on distinct patterns while the rule count grows.
        copies = draw(st.integers(8, 200 // n))
        rules = [{**r, "id": f"{r['id']}-{k}"} for k in range(copies) for r in rules]
    doc: Doc = {
        "pack_format": fmt,
        "name": "generated",
        "version": "1.0.0",
        "title": "A generated pack",
        "source": {"author": "Hypothesis", "title": "Random advice", "publication": "tests"},
        "rules": rules,
    }
    if draw(st.integers(0, 3)) == 0:
        # A prohibition the rules respect: on a channel nobody uses, excepting rules that do.
        used = set().union(*(_channels_of(r) for r in rules))
        free = [c for c in CHANNELS if c not in used]
        ban: Doc = {"id": "no-spam", "cite": "Don't.", "channels": free[:1] or ["other"]}
        if not free:
            ban["except"] = [r["id"] for r in rules if "other" in _channels_of(r)]
        doc["prohibitions"] = [ban]
    if fmt == 2 and draw(st.integers(0, 2)) == 0:
        doc["prohibitions"] = [*doc.get("prohibitions", []), draw(scoped_ban_docs(rules))]
    if fmt == 2 and draw(st.booleans()):
        doc["limits"] = [draw(limit_docs(f"lim{k}")) for k in range(draw(st.integers(1, 3)))]
    if fmt == 2 and draw(st.booleans()):
        doc["due"] = draw(st.sampled_from(DUE_DAYS))
    return doc


@st.composite
def deadline_pack_docs(draw: Draw) -> Doc:
    """A format-2 pack of rules counted from an offer's deadline (docs/packs.md "Offers"),
    sometimes with an ordinary rule besides."""
    rules = [draw(rule_docs(f"d{i}", 2, offer=True)) for i in range(draw(st.integers(1, 3)))]
    if draw(st.booleans()):
        rules.append(draw(rule_docs("other", 2)))
    return {
        "pack_format": 2,
        "name": "generated",
        "version": "1.0.0",
        "title": "A generated pack",
        "source": {"author": "Hypothesis", "title": "Random advice", "publication": "tests"},
        "rules": rules,
    }


def packs(max_rules: int = 5) -> st.SearchStrategy[Pack]:
    return pack_docs(max_rules).map(load_pack_doc)


# ---------------------------------------------------------------- timelines


@dataclass(frozen=True)
class Focus:
    """The event types and channels a pack mentions: timelines for it use them more often.

    Independent random timelines rarely contain, say, exactly two emails before a phone
    interview, so most rules would never fire and most of the compiler would go untested.
    """

    types: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()


def focus_of(pack: Pack) -> Focus:
    patterns: list[Pattern] = []
    for rule in pack.rules:
        patterns += [rule.anchor, rule.action.fulfilled_by, *rule.unless, *rule.stop_when]
        patterns += [c.pattern for c in rule.requires]
        if rule.timing.base_pattern is not None:
            patterns.append(rule.timing.base_pattern)
    for ban in pack.prohibitions:  # what starts and ends a scope, and the outreach it judges
        scope = ban.scope
        if scope is not None:
            patterns += [p for p in (scope.after, scope.until) if p is not None]
            if scope.after_instruction:
                patterns.append(Pattern(types=("reply_received",)))
            if scope.before_stated_date is not None:
                patterns.append(Pattern(types=("decision_expected",)))
            patterns.append(Pattern(types=("follow_up_sent", "thank_you_sent")))
    # Terminal types only where a rule is anchored on them: `move_on` is fulfilled by a
    # withdrawal, and settling every application would silence the rest of the pack.
    anchored = sorted({t for rule in pack.rules for t in rule.anchor.types})
    types = {t for p in patterns for t in p.types if t not in TERMINAL_EVENTS or t in anchored}
    if any(rule.timing.base == "stated_date" for rule in pack.rules):
        types.add("reply_received")  # a reply's new date moves what counts from the stated one
    channels = {c for p in patterns for c in p.channels}
    # Anchors three times over: a rule without its anchor event has nothing to say.
    return Focus((*anchored, *sorted(types), *anchored), tuple(sorted(channels)))


# Terminal events suppress every chase, so they are rarer than the rest: with all twelve types
# equally likely most applications would be settled and most rules would have nothing to say.
WEIGHTED_TYPES = tuple(t for t in EVENT_TYPES for _ in range(1 if t in TERMINAL_EVENTS else 4))
_EVENT = st.tuples(
    st.integers(0, 40),  # days after the application's first day: same-day events are common
    st.sampled_from(WEIGHTED_TYPES),
    st.integers(0, 30),  # a type the pack mentions instead, when below 20
    st.integers(0, 13),  # the channel: none, one the pack mentions, or any
    st.integers(0, 5),  # the contact, or none
    st.integers(0, 4),  # interview round; 0 = unstated (the loader's default is 1)
    st.integers(0, 20),  # days until a stated decision
    st.integers(0, 5),  # a note, sometimes
    st.integers(0, 4),  # a call's outcome (OUTCOMES[n - 1]), when its channel can have one
    st.integers(0, 95),  # a time of day, half-hourly, when below 48
    st.integers(0, 15),  # a reply's new date and what it says; an interview's questions asked
)
_EVENTS = {n: st.lists(_EVENT, min_size=min(n, 3), max_size=n) for n in (3, 12)}
_ROLE_LISTS = st.lists(st.sampled_from(ROLES), max_size=3)
_SEASON = st.integers(0, 364)
_STAGGER = st.integers(0, 30)


def _application(draw: Draw, app_id: str, max_events: int, focus: Focus, season: dt.date) -> Doc:
    # A plain function, not a composite: building strategies per draw costs more than drawing.
    roles = draw(_ROLE_LISTS)
    contacts = [{"id": f"c{i}", "role": r} for i, r in enumerate(roles)]
    start = season + dt.timedelta(days=draw(_STAGGER))
    events: list[Doc] = []
    many = _EVENTS.get(max_events)
    drawn = draw(many if many is not None else st.lists(_EVENT, max_size=max_events))
    for offset, kind, focused, channel, who, rnd, wait, note, outcome, clock, word in drawn:
        day = start + dt.timedelta(days=offset)
        if focus.types and focused < 20:
            kind = focus.types[focused % len(focus.types)]
        ev: Doc = {"date": day.isoformat(), "type": kind}
        if channel > 2:
            ev["channel"] = CHANNELS[channel - 3]
        elif channel > 0 and focus.channels:
            ev["channel"] = focus.channels[channel % len(focus.channels)]
        if who < len(contacts):
            ev["with"] = contacts[who]["id"]
        elif who > 3 and len(contacts) > 1:  # several people on one event
            ids = [c["id"] for c in contacts]
            ev["with"] = ids if who == 5 else ids[1::-1]
        if kind == "interview" and rnd:
            ev["round"] = rnd
        if kind == "decision_expected" or (kind in ("reply_received", "offer") and word < 8):
            ev["by"] = (day + dt.timedelta(days=wait)).isoformat()  # an offer's: its deadline
        if kind == "reply_received" and word in (12, 15):
            # "please don't follow up": by any channel, or (15) not by one of them
            ev["says"] = "stop"
            if word == 15:
                some = focus.channels or CHANNELS
                ev["not_by"] = some[offset % len(some)]
        elif kind == "reply_received" and word % 3 == 0:
            # said outright: "not yet", with or without a date; the decision, only without one
            ev["says"] = "not_yet" if word < 8 or word % 2 else "decision"
        if kind == "interview" and word < 8:
            ev["asked"] = [q for i, q in enumerate(QUESTIONS) if word >> i & 1]
        if note == 0:
            ev["note"] = "noted"
        if 0 < outcome <= len(OUTCOMES) and ev.get("channel") in OUTCOME_CHANNELS:
            ev["outcome"] = OUTCOMES[outcome - 1]
        if clock < 48:
            ev["time"] = f"{clock // 2:02}:{30 * (clock % 2):02}"
        events.append(ev)
    app: Doc = {"id": app_id, "company": f"Company {app_id}", "role": "Engineer", "events": events}
    if contacts:
        app["contacts"] = contacts
    return app


def _timeline(draw: Draw, max_apps: int, max_events: int, focus: Focus) -> Doc:
    country, subdivision, tz = draw(st.sampled_from(PLACES))
    holidays: Doc = {"country": country}
    if subdivision:
        holidays["subdivision"] = subdivision
    n = draw(st.integers(1, max_apps))
    # One job search: the applications start within a month of each other, so that one as_of
    # day is interesting for all of them.
    season = YEAR_START + dt.timedelta(days=draw(_SEASON))
    apps = [_application(draw, f"a{i}", max_events, focus, season) for i in range(n)]
    return {"version": 1, "candidate": {"timezone": tz, "holidays": holidays}, "applications": apps}


def _as_of(draw: Draw, doc: Doc) -> dt.date:
    """A day around the timeline's events: sometimes before some of them, often well after."""
    days = [dt.date.fromisoformat(e["date"]) for a in doc["applications"] for e in a["events"]]
    low = min(days, default=YEAR_START) - dt.timedelta(days=5)
    span = (max(days, default=YEAR_START) - low).days + 60
    return low + dt.timedelta(days=draw(st.integers(0, span)))


@st.composite
def timeline_docs_with_as_of(
    draw: Draw, max_apps: int = 4, max_events: int = 12, focus: Focus = Focus()
) -> tuple[Doc, dt.date]:
    """Several applications with events of every type, in one of a few countries, and a day."""
    doc = _timeline(draw, max_apps, max_events, focus)
    return doc, _as_of(draw, doc)


def timelines_with_as_of(
    max_apps: int = 4, max_events: int = 12, focus: Focus = Focus()
) -> st.SearchStrategy[tuple[Timeline, dt.date]]:
    return timeline_docs_with_as_of(max_apps, max_events, focus).map(
        lambda pair: (load_timeline_doc(pair[0]), pair[1])
    )


Case = tuple[Doc, dt.date]


@st.composite
def packs_with_timelines(
    draw: Draw, timelines: int, formats: tuple[int, ...] = (1, 2)
) -> tuple[Doc, Pack, list[Case]]:
    """A random pack, loaded, and `timelines` timelines (with as_of days) that exercise it."""
    doc = draw(pack_docs(formats=formats))
    pack = load_pack_doc(doc)
    return doc, pack, _cases(draw, pack, timelines, 4)


@st.composite
def packs_with_scoped_bans(draw: Draw, timelines: int) -> tuple[Doc, Pack, list[Case]]:
    """A random format-2 pack with a scoped prohibition, loaded, and timelines that exercise it."""
    doc = draw(pack_docs(formats=(2,)))
    more = draw(scoped_ban_docs(doc["rules"], "scoped-too"))
    doc["prohibitions"] = [*doc.get("prohibitions", []), more]
    pack = load_pack_doc(doc)
    return doc, pack, _cases(draw, pack, timelines, 3)


def _cases(draw: Draw, pack: Pack, timelines: int, max_apps: int) -> list[Case]:
    """`timelines` timelines (with as_of days) of up to `max_apps` applications that exercise
    the pack: their events are of the types and channels its rules and scopes mention."""
    focus = focus_of(pack)
    cases = []
    for _ in range(timelines):
        timeline = _timeline(draw, max_apps, 12, focus)
        cases.append((timeline, _as_of(draw, timeline)))
    return cases
