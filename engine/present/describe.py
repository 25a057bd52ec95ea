"""Packs in plain language: one sentence per rule, for `followup show`.

`describe` returns lines of untrusted text; `as_text`, the reporter, neutralises each line
(textsafe.lines_text). `as_json` is the same description as data.
"""

from __future__ import annotations

import json

from ..model import Condition, Offset, Pack, Pattern, Rule
from ..vocabulary import ANSWERED_KINDS, ActionKind, Channel, EventType, Stage
from .report import source_dict
from .textsafe import flat, lines_text
from .words import (
    NOUN,
    bare,
    filters,
    or_list,
    pattern_text,
    plural_text,
    prohibition_sentence,
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
    lead = f"{offset_text(t.after)} after {base}"
    if t.align == "start_of_week":
        lead += " (aiming for the start of a week)"
    return lead[0].upper() + lead[1:]


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


def _recipients(rule: Rule) -> str:
    return or_list([recipient(r, rule.anchor.types) for r in rule.action.recipients]) or "them"


def rule_sentence(rule: Rule) -> str:
    a = rule.action
    if a.kind == "move_on":
        doing = "stop chasing and move on"
    else:
        who = _recipients(rule)
        verbs = [_CHANNEL_VERB[c] for c in a.channels] or ["contact {who}"]
        plain = [v for v in verbs if v.endswith("{who}")]
        placed = [v for v in verbs if not v.endswith("{who}")]
        ways = [or_list([v.removesuffix(" {who}") for v in plain]) + " " + who] if plain else []
        ways += [v.format(who=who) for v in placed]
        doing = f"{or_list(ways)} {_PURPOSE[a.kind]}"
    text = f"{_timing(rule)}, {doing}"
    if a.optional:
        text += " (optional)"
    text += "."
    t = rule.timing
    if t.repeat is not None and t.max_attempts != 1:
        text += f" Then again {offset_text(t.repeat)} after each attempt"
        text += f", {t.max_attempts} times in all." if t.max_attempts else ", with no limit."
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
    lines += ["", "Rules"]
    for rule in pack.rules:
        lines.append(f"  {rule.id}: {rule_sentence(rule)}")
        if pack.extends:
            lines.append(f"    from: {rule.origin}")
        if rule.cite:
            lines.append(f'    "{flat(rule.cite)}"')
        else:
            lines.append("    (no quote)")
        for tip in rule.action.guidance:
            lines.append(f"    - {flat(tip)}")
        for a in rule.assumptions:
            lines.append(f"    assumption ({a.about}): {a.reason}")
    if pack.not_encoded:
        lines += ["", "Not encoded"]
        for n in pack.not_encoded:
            lines.append(f"  {n.advice} ({n.reason})")
    return lines


def as_text(pack: Pack) -> str:
    return lines_text(describe(pack))  # every line neutralised: packs are untrusted


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
        "rules": [
            {
                "id": r.id,
                "origin": r.origin,
                "sentence": rule_sentence(r),
                "cite": r.cite,
                "guidance": list(r.action.guidance),
                "assumptions": [{"about": a.about, "reason": a.reason} for a in r.assumptions],
            }
            for r in pack.rules
        ],
        "not_encoded": [{"advice": n.advice, "reason": n.reason} for n in pack.not_encoded],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
