"""A pack document's rules and prohibitions, from their raw mappings to the model.

The schema has already accepted the mappings, so every key read here is there or optional.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from ..io.safeyaml import Document
from ..model import (
    Action,
    Assumption,
    Condition,
    Offset,
    Pattern,
    Prohibition,
    Rule,
    Scope,
    Step,
    TimeOfDay,
    Timing,
    Unit,
)
from ..vocabulary import (
    ANSWERED_KINDS,
    CLOCK_TIME_MINUTES,
    DEFAULT_FULFILMENT,
    PART_OF_DAY_HOURS,
    PARTS_OF_DAY,
    ActionKind,
    Channel,
    DueDay,
)
from .draft_block import draft_template
from .formats import OPEN, PackFormat, pack_format, uses_hours
from .steps import build_steps, union


def _as_tuple(value: Any) -> tuple[Any, ...]:
    """A one-or-many field as a tuple. Its items are typed by the field they fill (an event
    type, a channel, a role): the schema has checked that each is one of its vocabulary's."""
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


def pattern(raw: Any) -> Pattern:
    if isinstance(raw, str | list):
        return Pattern(types=_as_tuple(raw))
    rnd = raw.get("round", {})
    return Pattern(
        types=_as_tuple(raw["event"]),
        channels=_as_tuple(raw.get("channel")),
        roles=_as_tuple(raw.get("role")),
        round_min=rnd.get("min"),
        round_max=rnd.get("max"),
        says=_as_tuple(raw.get("says")),
        dated=raw.get("dated"),
        asked=_as_tuple(raw.get("asked")),
        not_asked=_as_tuple(raw.get("not_asked")),
        stops=_as_tuple(raw.get("stops")),
    )


def default_fulfilment(kind: ActionKind, channels: tuple[Channel, ...]) -> Pattern:
    """What fulfils an action of `kind` when the pack does not say: the candidate's message by
    one of its channels, or for an answered kind (ask_timeline), the employer's answer, an
    event that states a date, by whatever channel it came."""
    if kind in ANSWERED_KINDS:
        return Pattern(types=DEFAULT_FULFILMENT[kind], dated=True)
    return Pattern(types=DEFAULT_FULFILMENT[kind], channels=channels)


def _condition(raw: Any) -> Condition:
    if isinstance(raw, str | list):
        return Condition(pattern(raw))
    return Condition(
        pattern({k: v for k, v in raw.items() if k not in ("before", "min", "max")}),
        before=raw.get("before", False),
        min=raw.get("min", 1 if "max" not in raw else 0),
        max=raw.get("max"),
    )


def offset(raw: dict[str, Any]) -> Offset:
    ((unit, span),) = raw.items()
    low, high = (span, span) if isinstance(span, int) else span
    return Offset(unit=cast(Unit, unit), low=low, high=None if high == OPEN else high)


def back(raw: dict[str, Any]) -> Offset:
    """`timing.before`: the offset counted back from its base (an offer's deadline)."""
    return offset(raw)._replace(before=True)


def time_of_day(text: str) -> TimeOfDay | None:
    """`timing.at`: a clock time HH:MM (the schema has checked its form) or a part of the day;
    None for a name that is neither (the loader reports it, with did-you-mean)."""
    for part in PARTS_OF_DAY:
        if text == part:
            first, last = PART_OF_DAY_HOURS[part]
            return TimeOfDay(dt.time.fromisoformat(first), dt.time.fromisoformat(last), part)
    if ":" not in text:
        return None
    moment = dt.datetime.combine(dt.date.min, dt.time.fromisoformat(text))
    until = moment + dt.timedelta(minutes=CLOCK_TIME_MINUTES)
    # A late clock time ends at midnight, on its own day.
    return TimeOfDay(moment.time(), until.time() if until.date() == moment.date() else dt.time.max)


def _times(raw: Any) -> tuple[TimeOfDay | None, ...]:
    """`timing.at`, one time or a list (pack_format 2): each item as time_of_day reads it."""
    return tuple(time_of_day(text) for text in _as_tuple(raw))


def build_rule(
    doc: Document,
    where: tuple[str | int, ...],
    raw: dict[str, Any],
    origin: str,
    formats: dict[str, PackFormat] | None = None,
) -> Rule:
    """The rule `raw`, found at `where` in `doc`; `origin` says which pack(s) it comes from.
    `formats`: for an overridden rule, the pack format each of its top-level keys was written
    in (its own pack's, or the overriding pack's for the keys it replaces): the defaults of
    `timing` and `action` are those of the format they were written in."""
    when, timing, action = raw["when"], raw["timing"], raw["action"]
    base = timing.get("from", "anchor")
    repeat = timing.get("repeat")
    max_attempts = timing.get("max_attempts", None if repeat else 1)
    kind = action["kind"]
    draft = draft_template(doc, (*where, "action", "draft"), action.get("draft"))
    who = action.get("recipient")
    chain = isinstance(who, dict)  # {first_of: [...]}: a fallback chain
    own = Step(
        _as_tuple(action.get("channel")),
        _as_tuple(who["first_of"] if chain else who),
        tuple(action.get("guidance", ())),
        draft,
    )
    steps = build_steps(doc, (*where, "action", "steps"), action.get("steps"), own)
    # With steps, the rule's channels are all its steps' (by default, each counts as an attempt)
    channels, recipients = union(steps, own)[:2]
    fulfilled = action.get("fulfilled_by")
    doc_fmt = pack_format(doc.data)
    timing_fmt = (formats or {}).get("timing", doc_fmt)
    # Format 2 counts only attempts with a recipient; format 1 any attempt (docs/packs.md).
    match_default = (formats or {}).get("action", doc_fmt) >= 2
    return Rule(
        id=raw["id"],
        summary=raw.get("summary", ""),
        anchor=pattern(when["anchor"]),
        stages=tuple(when.get("stage", ())),
        requires=tuple(_condition(c) for c in when.get("requires", [])),
        unless=tuple(pattern(p) for p in when.get("unless", [])),
        every_anchor=when.get("every_anchor", False),
        stop_when=tuple(pattern(p) for p in raw.get("stop_when", [])),
        timing=Timing(
            # `before` (from: deadline) is an offset counted back; the loader refuses both.
            after=offset(timing["after"]) if "after" in timing else back(timing["before"]),
            base="last" if isinstance(base, dict) else base,
            base_pattern=pattern(base["last"]) if isinstance(base, dict) else None,
            align=timing.get("align"),
            expires=timing.get("expires", False),
            repeat=offset(repeat["every"]) if repeat else None,
            repeat_for=offset(repeat["for"]) if repeat and "for" in repeat else None,
            max_attempts=max_attempts,
            # Format 2 changed the default: an early attempt does not count (docs/packs.md).
            count_early=timing.get("count_early", timing_fmt == 1),
            # The rule's own choice, else that of the pack it is written (or overridden) in.
            due=cast(DueDay, timing.get("due", doc.data.get("due", "start"))),
            at=_times(timing.get("at"))[0] if "at" in timing else None,
            # (an unknown part of the day is left out here: the loader refuses it)
            times=tuple(t for t in _times(timing["at"]) if t is not None)
            if isinstance(timing.get("at"), list)
            else (),
            # Format 1 counted hours in whole days; format 2 counts from a timed event's time
            # (a rule without hours is the same in both: migrate leaves it alone).
            hours_from=timing.get(
                "hours_from", "event_time" if timing_fmt == 2 and uses_hours(raw) else "event_day"
            ),
        ),
        action=Action(
            kind=kind,
            channels=channels,
            recipients=recipients,
            fulfilled_by=pattern(fulfilled) if fulfilled else default_fulfilment(kind, channels),
            optional=action.get("optional", False),
            guidance=own.guidance,
            draft=draft,
            steps=steps,
            first_of=chain,
            each=action.get("each", False),
            match_recipient=action.get("match_recipient", match_default),
            ranked=action.get("ranked", False),
            rotate=action.get("rotate", False),
        ),
        cite=raw.get("cite", ""),
        assumptions=tuple(
            Assumption(a["about"], a["reason"].strip()) for a in raw.get("assumptions", [])
        ),
        location=doc.locate(where),
        origin=origin,
        raw=raw,
        document=doc,
        where=where,
    )


def build_prohibition(raw: dict[str, Any]) -> Prohibition:
    return Prohibition(
        id=raw["id"],
        summary=raw.get("summary", ""),
        channels=tuple(raw.get("channels", ())),
        recipients=tuple(raw.get("recipients", ())),
        except_rules=tuple(raw.get("except", ())),
        cite=raw["cite"],
        scope=_scope(raw["scope"]) if "scope" in raw else None,
    )


def _scope(raw: dict[str, Any]) -> Scope:
    stated = raw.get("before_stated_date")
    return Scope(
        after=pattern(raw["after"]) if "after" in raw else None,
        until=pattern(raw["until"]) if "until" in raw else None,
        stages=tuple(raw.get("stage", ())),
        before_stated_date=offset(stated) if stated is not None else None,
        after_instruction=bool(raw.get("after_instruction", False)),
    )
