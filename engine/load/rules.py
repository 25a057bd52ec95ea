"""A pack document's rules and prohibitions, from their raw mappings to the model.

The schema has already accepted the mappings, so every key read here is there or optional.
"""

from __future__ import annotations

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
    Timing,
    Unit,
)
from ..vocabulary import ANSWERED_KINDS, DEFAULT_FULFILMENT, ActionKind, Channel
from .draft_block import draft_template


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


def _offset(raw: dict[str, Any]) -> Offset:
    ((unit, span),) = raw.items()
    low, high = (span, span) if isinstance(span, int) else span
    return Offset(unit=cast(Unit, unit), low=low, high=high)


def build_rule(
    doc: Document, where: tuple[str | int, ...], raw: dict[str, Any], origin: str
) -> Rule:
    """The rule `raw`, found at `where` in `doc`; `origin` says which pack(s) it comes from."""
    when, timing, action = raw["when"], raw["timing"], raw["action"]
    base = timing.get("from", "anchor")
    repeat = timing.get("repeat")
    max_attempts = timing.get("max_attempts", None if repeat else 1)
    kind = action["kind"]
    channels = _as_tuple(action.get("channel"))
    fulfilled = action.get("fulfilled_by")
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
            after=_offset(timing["after"]),
            base="last" if isinstance(base, dict) else base,
            base_pattern=pattern(base["last"]) if isinstance(base, dict) else None,
            align=timing.get("align"),
            repeat=_offset(repeat["every"]) if repeat else None,
            max_attempts=max_attempts,
        ),
        action=Action(
            kind=kind,
            channels=channels,
            recipients=_as_tuple(action.get("recipient")),
            fulfilled_by=pattern(fulfilled) if fulfilled else default_fulfilment(kind, channels),
            optional=action.get("optional", False),
            guidance=tuple(action.get("guidance", ())),
            draft=draft_template(doc, (*where, "action", "draft"), action.get("draft")),
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
    )
