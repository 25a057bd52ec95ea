"""`followup run --explain`: for every rule and application, whether the rule fired, and why.

It reads the evaluation's verdicts (engine/core/trace.py): what durable_rules fired, each
condition with what was found, the recommendation of each fired anchor. Nothing is re-derived.
The report it explains must still be the one the verdicts made: every recommendation of a fired
verdict must be in the report with the same status, and nothing else; a difference (a report
changed after the evaluation, or a bug) is an EngineError, never a misleading explanation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ..core.ledger import Ledger, matches
from ..core.results import ApplicationReport, Report
from ..core.state import Check
from ..core.trace import AppTrace
from ..errors import EngineError
from ..model import Event, Pattern, Rule
from ..outcomes import Recommendation, RuleExplanation
from ..vocabulary import ANSWERED_KINDS, PENDING_STATUSES
from .reasons import (
    after_attempts,
    done_count,
    early_text,
    ended_text,
    span,
    step_text,
    time_text,
    timing_notes,
    why_text,
    window_note,
)
from .words import (
    OUTCOME_PAST,
    condition_text,
    event_label,
    event_on,
    noun,
    or_list,
    pattern_text,
    person,
    plural_text,
)

__all__ = ["RuleExplanation", "explain", "explained"]


def explain(report: Report) -> dict[str, tuple[RuleExplanation, ...]]:
    """Per application id (in report order), one explanation per rule of the pack, in order.

    Raises EngineError when the report is not the one its verdicts made.
    """
    return {app.id: _application(report, app) for app in report.applications}


def explained(report: Report) -> Report:
    """`report` with each application's explanations attached (what `run --explain` prints)."""
    table = explain(report)
    apps = tuple(replace(a, explain=table[a.id]) for a in report.applications)
    return replace(report, applications=apps)


def _application(report: Report, app: ApplicationReport) -> tuple[RuleExplanation, ...]:
    trace = app.trace
    if trace is None:
        raise EngineError(f"{app.id}: the report carries no evaluation to explain")
    pool = list(app.recommendations)
    out = [_rule(trace, rule, i, pool) for i, rule in enumerate(report.pack.rules)]
    if pool:
        rec = pool[0]
        raise EngineError(
            f"{app.id}: the report recommends {rec.rule} ({rec.status}) for the "
            f"{rec.anchor_type} on {rec.anchor_date}, which the evaluation did not fire"
        )
    return tuple(out)


def _rule(trace: AppTrace, rule: Rule, index: int, pool: list[Recommendation]) -> RuleExplanation:
    ledger = trace.ledger
    mine = [v for v in trace.verdicts if v.rule == index]
    reasons: list[str] = []
    stage = ledger.stages[len(ledger)]
    if rule.stages and stage not in rule.stages:
        reasons.append(f"stage is {stage}, rule needs {' or '.join(rule.stages)}")
    if not mine:
        reasons.append(_no_anchor(ledger, rule))
    for v in mine:
        label = event_label(ledger.events[v.anchor])
        if v.fired:
            for made in v.recommendations:
                rec = _take(pool, ledger, rule, made, label)
                # (a move_on may say `each` and name nobody: it has no one to be "to")
                each = rule.action.each and rec.recipients
                to = f", to {person(rec.recipients[0], rec.anchor_type)}" if each else ""
                why = _moved(rec) + timing_notes(rec, rule.timing.align) + _elsewhere(ledger, rec)
                why += _why_step(rec, ledger.events[v.anchor])
                reasons.append(f"{label}{to}: {_state(rec)}{why}")
        else:
            reasons += [f"{label}: {why}" for why in _failures(ledger, rule, v.checks)]
    return RuleExplanation(rule.id, any(v.fired for v in mine), tuple(reasons))


def _why_step(rec: Recommendation, anchor: Event) -> str:
    """What a rule's steps add: the step this attempt uses, or what triggered a fallback."""
    if rec.fallback_of and anchor.outcome:
        return (
            f"; fallback of step {rec.step} of {rec.fallback_of}: {event_label(anchor)} "
            f"{OUTCOME_PAST[anchor.outcome]}"
        )
    text = step_text(rec)
    return f"; {text}" if text else ""


def _no_anchor(ledger: Ledger, rule: Rule) -> str:
    p = rule.anchor
    text = f"needs {pattern_text(p)}, but none is recorded"
    near = Counter(e.type for e in ledger.events if e.type in p.types)
    if near:  # events of the right type that the pattern's channel, role or round rule out
        have = " and ".join(
            f"{n} {noun(t) if n == 1 else plural_text(Pattern((t,)))}"
            for t, n in sorted(near.items())
        )
        text = f"needs {pattern_text(p)}, but none is recorded ({have} recorded, none that match)"
    later = sum(1 for e in ledger.later if matches(p, e, ledger.roles_of(e)))
    if later:
        text += f" ({later} dated after {ledger.as_of} not counted)"
    return text


def _failures(ledger: Ledger, rule: Rule, found: tuple[Check, ...]) -> list[str]:
    """Why an anchor does not apply, the stage aside (reported once per rule)."""
    out = []
    for c in found:
        if c.ok or c.kind == "stage":
            continue
        if c.kind == "superseded" and c.event is not None:
            return [f"superseded by {event_label(ledger.events[c.event])}"]
        if c.kind == "requires":
            cond = rule.requires[c.which]
            side = "before" if cond.before else "after"
            out.append(f"needs {condition_text(cond)} {side} it (found {c.found or 'none'})")
        elif c.kind == "unless" and c.event is not None:
            p = rule.unless[c.which]
            out.append(
                f"not after {event_label(ledger.events[c.event])} (unless {pattern_text(p)})"
            )
    return out


def _elsewhere(ledger: Ledger, rec: Recommendation) -> str:
    """The events that would have fulfilled it but went to someone else, if any."""
    if not rec.elsewhere:
        return ""
    by_seq = {e.seq: e for e in ledger.events}
    told = []
    for ref in rec.elsewhere:
        people = [ledger.app.contact(c) for c in by_seq[ref.seq].contacts]
        names = or_list([c.display() for c in people if c is not None])
        told.append(f"{event_on(ref.type, ref.date)} (to {names})")
    whom = or_list([person(r, rec.anchor_type) for r in rec.recipients])
    return f"; not counted, as not to {whom}: " + ", ".join(told)


def _take(
    pool: list[Recommendation], ledger: Ledger, rule: Rule, made: Recommendation, label: str
) -> Recommendation:
    """The report's recommendation `made`, removed from `pool`; EngineError if none."""
    key = (rule.id, made.anchor_seq, made.recipients)
    same = [i for i, rec in enumerate(pool) if (rec.rule, rec.anchor_seq, rec.recipients) == key]
    for i in same:
        if pool[i].status == made.status:
            return pool.pop(i)
    if same:
        raise EngineError(
            f"{ledger.app.id}: rule {rule.id} at {label} is {pool[same[0]].status} "
            f"in the report but {made.status} in the evaluation"
        )
    raise EngineError(
        f"{ledger.app.id}: rule {rule.id} applies to {label} but the report has no "
        "recommendation for it"
    )


def _span(rec: Recommendation) -> str:
    text = str(rec.due) + (f" {time_text(rec.time)}" if rec.time is not None else "")
    return text + window_note(rec)


def _moved(rec: Recommendation) -> str:
    """When a later reply's new date, not the anchor's, is what the window counts from."""
    by = rec.stated_by
    if rec.status not in PENDING_STATUSES or by is None or by.seq == rec.anchor_seq:
        return ""
    return f" ({why_text(rec)})"


def _state(rec: Recommendation) -> str:
    text = _progress(rec)
    if rec.early_attempts and rec.settled not in ("terminal", "stop"):
        text += f"; {early_text(rec.early_attempts)}"
    return text


def _progress(rec: Recommendation) -> str:
    made, last, cap = rec.attempts_made, rec.last_attempt, rec.max_attempts
    if rec.settled == "elapsed":
        return ended_text(rec) + after_attempts(rec) + ": the advice is to move on"
    if rec.settled == "limit" and rec.kind in ANSWERED_KINDS:
        return f"answered on {last}"  # its attempts are their answers, not your messages
    if rec.settled in ("terminal", "stop") and rec.settled_by is not None:
        word = "suppressed" if rec.settled == "terminal" else "stopped"
        on = f"{word} by the {noun(rec.settled_by.type)} on {rec.settled_by.date}"
        return on + after_attempts(rec)
    if rec.settled == "limit":
        return f"{done_count(made, cap, 'attempts made')}, last on {last}"
    if rec.status == "expired" and rec.window_start is not None:
        return f"its moment has passed ({span(rec.window_start, rec.window_end)}), not done"
    when = {
        "upcoming": f"due {_span(rec)}, not yet",
        "due": f"due {_span(rec)}, now",
        "overdue": f"was due {_span(rec)}, not done",
    }[rec.status]
    if cap == 1 and not made:
        return when
    text = f"{when} (attempt {made + 1}" + (f" of {cap}" if cap else ", no limit")
    return text + (f", after {made} made, the last on {last})" if made else ")")
