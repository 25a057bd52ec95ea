"""Lint: two rules of a pack that recommend the same thing on the same day.

A derived pack that adds a rule its base already has (the same anchor, conditions, timing and
action) shows every application two identical recommendations. The check is structural and
conservative: the two rules must be equal in everything that decides whether, when and what
they recommend, field by field (docs/custom-packs.md, "Two rules that say the same"). Only
their words may differ: id, summary, cite, assumptions, guidance and drafts. And
`timing.count_early`, which only matters once an attempt came before the window opened: until
then the two are due the same day.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from ..io.safeyaml import Document
from ..model import Action, Pack, Rule, Step
from .validation import Finding


def _step(step: Step) -> Step:
    fallback = step.fallback._replace(guidance=(), draft=None) if step.fallback else None
    return step._replace(guidance=(), draft=None, fallback=fallback)


def _deed(action: Action) -> Action:
    """The action without its words."""
    return action._replace(guidance=(), draft=None, steps=tuple(_step(s) for s in action.steps))


def same_recommendation(a: Rule, b: Rule) -> bool:
    """Whether `a` and `b` differ in their words at most (and in count_early)."""

    def bare(rule: Rule) -> Rule:
        return dataclasses.replace(
            rule,
            id="",
            summary="",
            cite="",
            assumptions=(),
            location=None,
            origin="",
            timing=rule.timing._replace(count_early=True),
            action=_deed(rule.action),
        )

    return bare(a) == bare(b)


def duplicate_findings(pack: Pack, doc: Document) -> Iterator[Finding]:
    """A warning at each rule written in `doc` that repeats an earlier rule of the pack, its own
    or inherited (or at an inherited one an own rule repeats, when only that one is in `doc`)."""
    written = [r for r in pack.rules if not r.fallback_of]  # derived rules follow their own
    for i, later in enumerate(written):
        for earlier in written[:i]:
            if not same_recommendation(earlier, later):
                continue
            mine = later if later.document is doc else earlier if earlier.document is doc else None
            if mine is None:
                continue  # both the base's: its own lint reports them
            other = earlier if mine is later else later
            inherited = other.document is not doc
            fix = (
                f"remove rule {mine.id!r}, or `disable` {other.id!r}"
                if inherited
                else f"remove one of them, or change when {mine.id!r} applies"
            )
            channels = "/".join(later.action.channels) or "any channel"
            yield Finding(
                doc.locate(mine.where),
                f"rule {mine.id!r} recommends what {'inherited ' if inherited else ''}rule "
                f"{other.id!r} does: {later.action.kind} by {channels}, from the same event, "
                "under the same conditions and on the same day, so every application that "
                f"gets one gets both ({fix})",
                "warning",
            )
            break
