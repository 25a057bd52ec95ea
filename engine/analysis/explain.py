"""`followup run --explain`: for every rule and application, whether the rule fired, and why.

explain() re-checks each rule's conditions in plain Python (engine/replay.py, from the written
semantics) instead of asking durable_rules, and then cross-checks its verdicts against the
report the durable path produced: the same rules must fire, for the same anchors, with the same
kind of status (settled by a terminal event, done, or pending). A disagreement is a bug in one
of the two, reported as an EngineError rather than printed as a misleading explanation.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections import Counter
from dataclasses import replace

from ..core.facts import matches
from ..errors import EngineError
from ..model import (
    Application,
    ApplicationReport,
    Pack,
    Pattern,
    Recommendation,
    Report,
    Rule,
    RuleExplanation,
    Timeline,
)
from ..present.describe import pattern_text
from .replay import Instance, Replay, condition_text, noun, plural_text

__all__ = ["RuleExplanation", "explain", "explained"]

_CATEGORY = {
    "suppressed": "suppressed",
    "stopped": "done",
    "capped": "done",
    "pending": "pending",
    "done": "done",
    "upcoming": "pending",
    "due": "pending",
    "overdue": "pending",
}


def explain(
    pack: Pack, timeline: Timeline, as_of: dt.date, report: Report
) -> dict[str, tuple[RuleExplanation, ...]]:
    """Per application id (in timeline order), one explanation per rule of the pack, in order.

    Raises EngineError when the explanation and the report disagree on what fired.
    """
    if len(timeline.applications) != len(report.applications):
        raise EngineError(
            f"the report has {len(report.applications)} applications, the timeline "
            f"{len(timeline.applications)}"
        )
    out: dict[str, tuple[RuleExplanation, ...]] = {}
    for app, result in zip(timeline.applications, report.applications, strict=True):
        if app.id != result.id:
            raise EngineError(f"the report lists application {result.id!r} where {app.id!r} is")
        out[app.id] = _application(pack, app, as_of, result)
    return out


def explained(pack: Pack, timeline: Timeline, as_of: dt.date, report: Report) -> Report:
    """`report` with each application's explanations attached (what `run --explain` prints)."""
    table = explain(pack, timeline, as_of, report)
    apps = tuple(replace(a, explain=table[a.id]) for a in report.applications)
    return replace(report, applications=apps)


def _application(
    pack: Pack, app: Application, as_of: dt.date, result: ApplicationReport
) -> tuple[RuleExplanation, ...]:
    rp = Replay(app, as_of)
    end = len(rp.events)
    pool = list(result.recommendations)
    out = [_rule(rp, rule, end, pool) for rule in pack.rules]
    if pool:
        rec = pool[0]
        raise EngineError(
            f"{app.id}: the report recommends {rec.rule} ({rec.status}) for the "
            f"{rec.anchor_type} on {rec.anchor_date}, which the explanation says does not apply"
        )
    fired = {e.rule for e in out if e.fired}
    reported = {r.rule for r in result.recommendations}
    if fired != reported:  # unreachable after the per-anchor matching; kept as the contract
        raise EngineError(f"{app.id}: fired {sorted(fired)}, reported {sorted(reported)}")
    return tuple(out)


def _rule(rp: Replay, rule: Rule, end: int, pool: list[Recommendation]) -> RuleExplanation:
    reasons: list[str] = []
    stage = rp.stage(end)
    if rule.stages and stage not in rule.stages:
        reasons.append(f"stage is {stage}, rule needs {' or '.join(rule.stages)}")
    anchors = rp.anchors(rule, end)
    if not anchors:
        reasons.append(_no_anchor(rp, rule))
    fired = False
    for pos in anchors:
        label = rp.label(pos)
        if rp.applies(rule, pos, end):
            fired = True
            inst = rp.instance(rule, pos, end)
            rec = _take(pool, rp, rule, inst)
            reasons.append(f"{label}: {_state(rp, rule, inst, rec)}")
        else:
            reasons += [f"{label}: {why}" for why in _failures(rp, rule, pos, end)]
    return RuleExplanation(rule.id, fired, tuple(reasons))


def _no_anchor(rp: Replay, rule: Rule) -> str:
    p = rule.anchor
    text = f"needs {pattern_text(p)}, but none is recorded"
    near = Counter(e.type for e in rp.events if e.type in p.types)
    if near:  # events of the right type that the pattern's channel, role or round rule out
        have = " and ".join(
            f"{n} {noun(t) if n == 1 else plural_text(Pattern((t,)))}"
            for t, n in sorted(near.items())
        )
        text = f"needs {pattern_text(p)}, but none is recorded ({have} recorded, none that match)"
    later = sum(1 for e in rp.later if matches(p, e, rp.role(e)))
    if later:
        text += f" ({later} dated after {rp.as_of} not counted)"
    return text


def _failures(rp: Replay, rule: Rule, pos: int, end: int) -> list[str]:
    """Why the anchor at `pos` does not apply, the stage aside (reported once per rule)."""
    newer = rp.superseded_by(rule, pos, end)
    if newer is not None:
        return [f"superseded by {rp.label(newer)}"]
    out = []
    for cond in rule.requires:
        n = rp.count(cond, pos, end)
        if not rp.holds(cond, n):
            side = "before" if cond.before else "after"
            out.append(f"needs {condition_text(cond)} {side} it (found {n or 'none'})")
    for p in rule.unless:
        found = rp.hits(p, pos + 1, end)
        if found:
            out.append(f"not after {rp.label(found[0])} (unless {pattern_text(p)})")
    return out


def _take(pool: list[Recommendation], rp: Replay, rule: Rule, inst: Instance) -> Recommendation:
    """The report's recommendation for this instance, removed from `pool`; EngineError if none."""
    anchor = rp.events[inst.anchor]
    key = (rule.id, anchor.date, anchor.type)
    same = [i for i, rec in enumerate(pool) if (rec.rule, rec.anchor_date, rec.anchor_type) == key]
    for i in same:
        if _CATEGORY[pool[i].status] == _CATEGORY[inst.status]:
            return pool.pop(i)
    if same:
        raise EngineError(
            f"{rp.app.id}: rule {rule.id} at {rp.label(inst.anchor)} is {pool[same[0]].status} "
            f"in the report but {inst.status} in the explanation"
        )
    raise EngineError(
        f"{rp.app.id}: rule {rule.id} applies to {rp.label(inst.anchor)} but the report has no "
        "recommendation for it"
    )


def _span(rec: Recommendation) -> str:
    text = str(rec.due)
    if rec.window_start and rec.window_end and rec.window_start != rec.window_end:
        text += f" (window {rec.window_start} to {rec.window_end})"
    return text


def _state(rp: Replay, rule: Rule, inst: Instance, rec: Recommendation) -> str:
    made = len(inst.attempts)
    last = rp.events[inst.attempts[-1]].date if made else None
    cap = rule.timing.max_attempts
    if inst.status in ("suppressed", "stopped") and inst.settled_by is not None:
        by = rp.events[inst.settled_by]
        return f"{inst.status} by the {noun(by.type)} on {by.date}"
    if inst.status == "capped":
        return f"{made} of {cap} attempts made, last on {last}"
    when = {
        "upcoming": f"due {_span(rec)}, not yet",
        "due": f"due {_span(rec)}, now",
        "overdue": f"was due {_span(rec)}, not done",
    }[rec.status]
    if cap == 1 and not made:
        return when
    text = f"{when} (attempt {made + 1}" + (f" of {cap}" if cap else ", no limit")
    return text + (f", after {made} made, the last on {last})" if made else ")")


def explain_lines(app: ApplicationReport) -> list[str]:
    """The table report's Explain block of one application (none without --explain)."""
    if app.explain is None:
        return []
    wrap = textwrap.TextWrapper(
        width=100, initial_indent="", subsequent_indent=" " * 15, break_on_hyphens=False
    )
    lines = ["  Explain"]
    for e in app.explain:
        head = f"    {'fired' if e.fired else 'not fired':<9}  {e.rule}"
        lines += wrap.wrap(f"{head}: {'; '.join(e.reasons)}" if e.reasons else head)
    return lines
