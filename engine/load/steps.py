"""A rule's `action.steps` (pack_format 2): what each attempt uses, and the rules their
same-day fallbacks become.

A step inherits the rule's channel, recipient, guidance and draft for whatever it leaves out.
A step's `fallback` ("call, and if you reach no one, send a brief email the same day") is not a
second evaluator: the loader derives an ordinary rule from it, `RULE.fallbackN` for step N,
anchored on the attempts that trigger it (the parent's attempts by the step's channel with one
of the fallback's outcomes, an event field durable_rules tests like any other) after one of the
parent's anchors, due that day (`{days: 0}`), fulfilled by an event of the fallback's channel
after it, and stopped by what stops or blocks the parent. The fallback's event is not another
attempt of the parent (engine/core/state.py `attempts`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..io.safeyaml import Document
from ..model import Action, Condition, Fallback, Offset, Rule, Step, Timing
from ..vocabulary import OUTCOME_CHANNELS, OUTCOMES
from .draft_block import draft_template
from .validation import Finding, did_you_mean

Where = tuple[str | int, ...]


def _many(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


def build_steps(
    doc: Document, where: Where, raw: list[Any] | None, default: Step
) -> tuple[Step, ...]:
    """The steps at `where` (the action's `steps`), each filled in from the rule's `default`."""
    out: list[Step] = []
    for i, item in enumerate(raw or ()):
        at = (*where, i)
        fallback = None
        if "fallback" in item:
            fb = item["fallback"]
            fallback = Fallback(
                outcomes=tuple(fb["outcome"]),  # checked by step_findings, with did-you-mean
                channels=_many(fb["channel"]),
                recipients=_many(fb.get("recipient")),  # () : the step's
                guidance=tuple(fb.get("guidance", ())),
                draft=draft_template(doc, (*at, "fallback", "draft"), fb.get("draft")),
            )
        out.append(
            Step(
                channels=_many(item.get("channel")) or default.channels,
                recipients=_many(item.get("recipient")) or default.recipients,
                guidance=tuple(item["guidance"]) if "guidance" in item else default.guidance,
                draft=draft_template(doc, (*at, "draft"), item["draft"])
                if "draft" in item
                else default.draft,
                fallback=fallback,
            )
        )
    return tuple(out)


def union(steps: tuple[Step, ...], default: Step) -> Step:
    """The channels and recipients of all the steps, in order (what the rule recommends over all
    its attempts: prohibitions are checked against it, and attempts default to it)."""
    if not steps:
        return default
    channels = tuple(dict.fromkeys(c for s in steps for c in s.channels))
    recipients = tuple(dict.fromkeys(r for s in steps for r in s.recipients))
    return default._replace(channels=channels, recipients=recipients)


def fallback_rule(parent: Rule, number: int) -> Rule:
    """The rule step `number` (1-based) of `parent` gets for its fallback."""
    action = parent.action
    step = action.steps[number - 1]
    assert step.fallback is not None
    fb = step.fallback
    return Rule(
        id=f"{parent.id}.fallback{number}",
        summary=f"the same-day fallback of step {number} of {parent.id}",
        anchor=action.trigger(step),
        # the parent's reading of an early attempt, so that `show` says nothing of its own
        timing=Timing(
            after=Offset("days", 0, 0), max_attempts=1, count_early=parent.timing.count_early
        ),
        action=Action(
            kind=action.kind,
            channels=fb.channels,
            recipients=fb.recipients or step.recipients,
            fulfilled_by=action.answer(fb),
            optional=action.optional,
            guidance=fb.guidance,
            draft=fb.draft,
        ),
        stages=parent.stages,
        requires=(Condition(parent.anchor, before=True),),
        stop_when=parent.stop_when + parent.unless,
        every_anchor=True,
        cite=parent.cite,
        location=parent.location,
        origin=parent.origin,
        document=parent.document,
        where=(*parent.where, "action", "steps", number - 1, "fallback"),
        fallback_of=parent.id,
        fallback_step=number,
    )


def with_fallbacks(rules: list[Rule]) -> list[Rule]:
    """`rules`, each rule with steps followed by the rules of its steps' fallbacks. Derived
    rules already there (a base pack's) are derived again from their parent as it now is: a
    fallback goes with its parent (disable or override the parent to change it)."""
    out: list[Rule] = []
    for rule in rules:
        if rule.fallback_of:
            continue
        out.append(rule)
        for n, step in enumerate(rule.action.steps, start=1):
            if step.fallback is not None:
                out.append(fallback_rule(rule, n))
    return out


def step_findings(rule: Rule, doc: Document) -> Iterator[Finding]:
    """What the schema cannot say about a rule's steps: outcomes, unusable steps and fallbacks."""
    steps = rule.action.steps
    at: Where = (*rule.where, "action", "steps")
    cap = rule.timing.max_attempts
    fulfilled = rule.action.fulfilled_by.channels
    raw_steps = (rule.raw.get("action") or {}).get("steps") or []
    for i, step in enumerate(steps):
        n = i + 1
        named = (
            isinstance(raw_steps[i], dict) and "recipient" in raw_steps[i]
            if i < len(raw_steps)
            else False
        )
        if rule.action.each and named:
            yield Finding(
                doc.locate((*at, i, "recipient")),
                f"step {n} names its own recipient, but the rule's `each` makes one instance "
                "per recipient of the rule: drop the step's recipient, or `each`",
            )
        if cap is not None and n > cap:
            yield Finding(
                doc.locate((*at, i)),
                f"step {n} is never used: the rule makes at most {cap} "
                f"attempt{'s' if cap != 1 else ''} (raise timing.max_attempts or drop the step)",
            )
        if fulfilled and not set(step.channels) & set(fulfilled):
            yield Finding(
                doc.locate((*at, i)),
                f"step {n}'s channel ({', '.join(step.channels)}) never counts as an attempt: "
                f"action.fulfilled_by counts only {', '.join(fulfilled)}",
            )
        fb = step.fallback
        if fb is None:
            continue
        for j, outcome in enumerate(fb.outcomes):
            if outcome not in OUTCOMES:
                yield Finding(
                    doc.locate((*at, i, "fallback", "outcome", j)),
                    f"unknown outcome {outcome!r}"
                    + (did_you_mean(outcome, OUTCOMES) or f" (outcomes: {', '.join(OUTCOMES)})"),
                )
        if not set(step.channels) & set(OUTCOME_CHANNELS):
            yield Finding(
                doc.locate((*at, i, "fallback")),
                f"step {n}'s channel ({', '.join(step.channels)}) has no outcome to fall back "
                f"on: only a call ({' or '.join(OUTCOME_CHANNELS)}) is answered or not",
            )
        for k, other in enumerate(steps):
            shared = set(other.channels) & set(step.channels) & set(OUTCOME_CHANNELS)
            if k != i and shared and other.fallback != fb and (k > i or other.fallback is None):
                yield Finding(
                    doc.locate((*at, k)),
                    f"steps {n} and {k + 1} both use {', '.join(sorted(shared))} with different "
                    f"fallbacks: a fallback follows every {sorted(shared)[0]} attempt with its "
                    "outcome, whichever step it was for; give them the same fallback",
                )
