"""Packs in plain language: one sentence per rule, for `followup show`.

`describe` returns lines of untrusted text; `as_text`, the reporter, fits each line to the
layout's prose width, its next lines 2 spaces further in (whole when no width is known), and
neutralises it (textsafe.lines_text). `as_json` is the same description as data.
"""

from __future__ import annotations

import json

from ..model import Condition, Offset, Pack, Pattern, Rule, Step
from ..vocabulary import ANSWERED_KINDS, ActionKind, Channel, EventType, RecipientRole, Stage
from .bans import prohibition_sentence
from .channel_words import in_turn, or_else
from .fit import PLAIN, Layout, wrap_line
from .reasons import time_text
from .report import source_dict
from .textsafe import flat, lines_text
from .words import (
    EARLY_COUNTS,
    NOUN,
    OUTCOME_CLAUSE,
    bare,
    each_recipient,
    filters,
    limit_sentence,
    or_list,
    ordinal,
    pattern_text,
    plural_text,
    recipient,
)

_CLAUSE: dict[EventType, str] = {  # "3 days after ___"
    "application_submitted": "you apply",
    "decision_expected": "the employer says when they will decide",
    "withdrawal": "you withdraw",
}
# How to do it, with {who} for the recipient.
_CHANNEL_VERB: dict[Channel, str] = {
    "email": "email {who}",
    "phone": "phone {who}",
    "voicemail": "leave a voicemail for {who}",
    "handwritten_note": "send a handwritten note to {who}",
    "letter": "send a letter to {who}",
    "linkedin": "message {who} on LinkedIn",
    "linkedin_message": "message {who} on LinkedIn",
    "linkedin_connection_request": "send {who} a LinkedIn connection request",
    "text_message": "text {who}",
    "video_call": "video-call {who}",
    "in_person": "meet {who}",
    "online_form": "write to {who} through the online form",
    "other": "contact {who}",
}
_PURPOSE: dict[ActionKind, str] = {
    "follow_up": "to follow up",
    "check_in": "to check in",
    "final_call": "one final time",
    "thank_you": "to thank them",
    "reply_to_rejection": "to reply to the rejection",
    "ask_next_steps": "to ask about the next steps and their timeline",
    "ask_timeline": "to ask when they expect to decide",
    "acknowledge_offer": "to confirm you received the offer, without committing",
    "ask_for_time": "to ask for more time to decide",
}
_STAGE: dict[Stage, str] = {
    "new": "nothing has happened yet",
    "networking": "you are networking",
    "applied": "you have applied",
    "interviewing": "you are interviewing",
    "closed": "the application is settled",
}


def _after(p: Pattern) -> str:
    """What follows "3 days after": a clause or a noun per event type."""
    if not any(t in _CLAUSE for t in p.types):
        return pattern_text(p)
    return " or after ".join(_CLAUSE.get(t, NOUN[t]) for t in p.types) + filters(p)


def offset_text(o: Offset) -> str:
    return o.describe()


def _timing(rule: Rule) -> str:
    t = rule.timing
    same_day = t.after.high == 0
    if t.base == "stated_date":
        if same_day:
            return "On the decision date the employer gave"
        base = "the decision date the employer gave"
    elif t.base == "deadline":
        # The anchor is an offer that gives a deadline: "the deadline of an offer by email".
        base = f"the deadline of {pattern_text(rule.anchor._replace(dated=None))}"
    elif t.base == "last" and t.base_pattern is not None:
        last = t.base_pattern
        base = f"your last {or_list([bare(NOUN[k]) for k in last.types])}{filters(last)}"
    elif same_day:
        a = rule.anchor
        if len(a.types) == 1 and a.types[0] in _CLAUSE:
            return f"On the day {_CLAUSE[a.types[0]]}{filters(a)}"
        return f"On the day of {pattern_text(a)}"
    else:
        base = _after(rule.anchor)
    if same_day:
        return f"On the day of {base}"
    lead = f"{offset_text(t.after)} {t.after.relation()} {base}"
    if t.align == "start_of_week":
        lead += " (aiming for the start of a week)"
    if t.align == "same_weekday":
        lead += f" (on the same weekday as {base_noun(rule)})"
    return lead[0].upper() + lead[1:]


def base_noun(rule: Rule) -> str:
    """What the first attempt counts from, as a noun: "the interview", "the decision date" (whose
    weekday `align: same_weekday` aims at, and what `repeat.for` counts from)."""
    t = rule.timing
    if t.base == "stated_date":
        return "the decision date"
    if t.base == "deadline":
        return "the deadline"
    if t.base == "last" and t.base_pattern is not None:
        return f"your last {or_list([bare(NOUN[k]) for k in t.base_pattern.types])}"
    return or_list([f"the {bare(NOUN[k])}" for k in rule.anchor.types])


def _day_and_time(rule: Rule) -> str:
    """Which day of its window, and when in the day: " (on the window's last day), mid-morning
    (10:00-11:00)", " (no deadline)" for an open window; "" for the defaults (its first day,
    any time)."""
    t, text = rule.timing, ""
    if t.after.high is None:
        text += " (no deadline)"
    elif t.due == "end" and t.after.high is not None and t.after.high != t.after.low:
        text += " (on the window's last day)"
    if t.times:  # "at varied calling times"
        text += ", " + ", then ".join(time_text(x) for x in t.times) + ", by turns"
    elif t.at is not None:
        text += f", {time_text(t.at)}"
    if t.expires:
        text += " (then or not at all: it expires with its window)"
    return text


def _condition(c: Condition) -> str:
    where = "before it" if c.before else "since"
    if c.max == 0:
        nouns = or_list([bare(NOUN[t]) for t in c.pattern.types])
        return f"no {nouns}{filters(c.pattern)} {where}"
    if c.min <= 1 and c.max is None:
        return f"{pattern_text(c.pattern)} {where}"
    if c.max is None:
        count = f"at least {c.min}"
    elif c.min == 0:
        count = f"at most {c.max}"
    else:
        count = f"{c.min}-{c.max}" if c.min != c.max else f"exactly {c.min}"
    return f"{count} {plural_text(c.pattern)} {where}"


def _recipients(rule: Rule, roles: tuple[RecipientRole, ...] | None = None) -> str:
    """ "the hiring manager or HR"; "each person the interview was with"; "the recruiter, or
    else the person you met" (a first_of chain). `roles`: a step's own, when it names them."""
    a, types = rule.action, rule.anchor.types
    own = roles is None or roles == a.recipients
    say = each_recipient if a.each and own else recipient
    said = [say(r, types) for r in roles or a.recipients]
    if a.first_of and own:
        return ", or else ".join(said)
    return or_list(said) or "them"


def _ways(channels: tuple[Channel, ...], who: str) -> str:
    """ "phone or email the hiring manager", "leave a voicemail for HR"."""
    verbs = [_CHANNEL_VERB[c] for c in channels] or ["contact {who}"]
    plain = [v for v in verbs if v.endswith("{who}")]
    placed = [v for v in verbs if not v.endswith("{who}")]
    ways = [or_list([v.removesuffix(" {who}") for v in plain]) + " " + who] if plain else []
    ways += [v.format(who=who) for v in placed]
    return or_list(ways)


def _ways_of(rule: Rule, channels: tuple[Channel, ...], who: str) -> str:
    """ "phone or email the hiring manager"; a ranked list, "contact the hiring manager by
    handwritten note, or else email"; a rotating one, "contact the hiring manager by email,
    then phone, in turn"."""
    if len(channels) > 1 and rule.action.rotate:
        return f"contact {who} by {in_turn(channels)}, in turn,"
    if len(channels) > 1 and rule.action.ranked:
        return f"contact {who} {or_else(channels)},"
    return _ways(channels, who)


def _step_text(rule: Rule, step: Step) -> str:
    """What one step does: "phone the hiring manager", and its fallback when it has one."""
    text = _ways_of(rule, step.channels, _recipients(rule, step.recipients)).rstrip(",")
    fb = step.fallback
    if fb is not None:
        outcomes = or_list([OUTCOME_CLAUSE[o] for o in fb.outcomes if o in OUTCOME_CLAUSE])
        who = _recipients(rule, fb.recipients or step.recipients)
        text += f"; if {outcomes}, {_ways(fb.channels, who)} as well, the same day"
    return text


def steps_text(rule: Rule) -> str:
    """ "1st attempt: phone the hiring manager; 2nd and later: email the hiring manager"."""
    steps = rule.action.steps
    cap = rule.timing.max_attempts
    parts = []
    for n, step in enumerate(steps, start=1):
        which = f"{ordinal(n)} attempt" if n == 1 else ordinal(n)
        if n == len(steps) and (cap is None or cap > n):
            which += " and later"
        parts.append(f"{which}: {_step_text(rule, step)}")
    return "; ".join(parts)


def rule_sentence(rule: Rule) -> str:
    a = rule.action
    if a.kind == "move_on":
        doing = "stop chasing and move on"
    elif a.steps:
        doing = f"{a.kind.replace('_', ' ')} ({steps_text(rule)})"
    else:
        doing = f"{_ways_of(rule, a.channels, _recipients(rule))} "
        doing += _PURPOSE[a.kind]
    text = f"{_timing(rule)}{_day_and_time(rule)}, {doing}"
    if a.optional:
        text += " (optional)"
    text += "."
    t = rule.timing
    if t.repeat is not None and t.max_attempts != 1:
        text += f" Then again {offset_text(t.repeat)} after each attempt"
        text += " (on the same weekday)" if t.align == "same_weekday" else ""
        text += f", {t.max_attempts} times in all." if t.max_attempts else ", with no limit."
        if t.repeat_for is not None:
            text += f" Only for {offset_text(t.repeat_for)} after {base_noun(rule)}: then move on."
    conds = [_condition(c) for c in rule.requires]
    if conds:
        text += " Only with " + "; ".join(conds) + "."
    if rule.stages:
        text += " Only while " + or_list([_STAGE[s] for s in rule.stages]) + "."
    if rule.every_anchor:
        text += " For every such event, not only the latest."
    if rule.unless:
        since = or_list([pattern_text(p) for p in rule.unless])
        text += f" Not if there has been {since} since."
    if rule.stop_when:
        text += " Stop at " + or_list([pattern_text(p) for p in rule.stop_when]) + "."
    if rule.fallback_of:
        text += f" The same-day fallback of step {rule.fallback_step} of {rule.fallback_of}."
    if a.kind in ANSWERED_KINDS:
        # Asking does not do it: their answer does, and the reader must know to record it.
        text += f" Done when their answer comes: {pattern_text(a.fulfilled_by)}."
    return text


def describe(pack: Pack) -> list[str]:
    """The pack as readable lines (not yet neutralised: see the module's docstring)."""
    src = pack.source
    lines = [
        f"{pack.name} {pack.version}: {pack.title}",
        f'Source: {src.author}, "{src.title}", {src.publication}'
        + (f", {src.date}" if src.date else ""),
    ]
    if pack.extends:
        lines.append(f"Extends: {pack.extends} (each rule says which pack it comes from)")
    if pack.prohibitions:
        lines += ["", "Prohibitions"]
        for p in pack.prohibitions:
            lines += [f"  {p.id}: {prohibition_sentence(p)}", f'    "{flat(p.cite)}"']
    if pack.limits:
        lines += ["", "Limits (checked by the audit, never recommended)"]
        for lim in pack.limits:
            lines += [f"  {lim.id}: {limit_sentence(lim)}", f'    "{flat(lim.cite)}"']
    lines += ["", "Rules"]
    for rule in pack.rules:
        lines.append(f"  {rule.id}: {rule_sentence(rule)}")
        if pack.extends:
            lines.append(f"    from: {rule.origin}")
        if rule.cite:
            lines.append(f'    "{flat(rule.cite)}"')
        else:
            lines.append("    (no quote)")
        if rule.action.steps:
            for k, step in enumerate(rule.action.steps, start=1):
                lines += [f"    step {k}: - {flat(tip)}" for tip in step.guidance]
        else:
            lines += [f"    - {flat(tip)}" for tip in rule.action.guidance]
        for a in rule.assumptions:
            lines.append(f"    assumption ({a.about}): {a.reason}")
        if pack.format == 2 and rule.timing.count_early:  # format 2's default is not to
            lines.append(f"    {EARLY_COUNTS}")
    if pack.not_encoded:
        lines += ["", "Not encoded"]
        for n in pack.not_encoded:
            lines.append(f"  {n.advice} ({n.reason})")
    return lines


def _steps_dict(rule: Rule) -> dict[str, object]:
    """A rule's steps, only for a rule that has them (other packs' json keeps its bytes)."""
    if not rule.action.steps:
        return {}
    return {
        "steps": [
            {
                "channels": list(st.channels),
                "recipients": list(st.recipients),
                "guidance": list(st.guidance),
                "fallback": None
                if st.fallback is None
                else {
                    "outcomes": list(st.fallback.outcomes),
                    "channels": list(st.fallback.channels),
                },
            }
            for st in rule.action.steps
        ]
    }


def as_text(pack: Pack, layout: Layout = PLAIN) -> str:
    fitted = [part for line in describe(pack) for part in wrap_line(line, layout.prose)]
    return lines_text(fitted)  # every line neutralised: packs are untrusted


def as_json(pack: Pack) -> str:
    data = {
        "name": pack.name,
        "version": pack.version,
        "title": pack.title,
        "extends": pack.extends or None,
        "source": source_dict(pack),
        "prohibitions": [
            {"id": p.id, "sentence": prohibition_sentence(p), "cite": p.cite}
            for p in pack.prohibitions
        ],
        **(
            {
                "limits": [
                    {"id": lim.id, "sentence": limit_sentence(lim), "cite": lim.cite}
                    for lim in pack.limits
                ]
            }
            if pack.limits
            else {}
        ),
        "rules": [
            {
                "id": r.id,
                "origin": r.origin,
                "sentence": rule_sentence(r),
                "cite": r.cite,
                "guidance": list(r.action.guidance),
                "assumptions": [{"about": a.about, "reason": a.reason} for a in r.assumptions],
                **_steps_dict(r),
            }
            for r in pack.rules
        ],
        "not_encoded": [{"advice": n.advice, "reason": n.reason} for n in pack.not_encoded],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
