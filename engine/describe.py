"""Packs in plain language: one sentence per rule, for `followup show`."""

from __future__ import annotations

from .model import Condition, Offset, Pack, Pattern, Prohibition, Rule

_EVENT = {
    "application_submitted": "you apply",
    "introduction_call": "an introduction call",
    "networking_meeting": "a networking meeting",
    "informational_interview": "an informational interview",
    "interview": "an interview",
    "decision_expected": "the employer says when they will decide",
    "thank_you_sent": "a thank-you",
    "follow_up_sent": "a follow-up",
    "reply_received": "a reply",
    "rejection": "a rejection",
    "offer": "an offer",
    "withdrawal": "you withdraw",
}
_NOUN = {**_EVENT, "application_submitted": "an application", "withdrawal": "a withdrawal"}
_CHANNEL_VERB = {
    "email": "email",
    "phone": "phone",
    "voicemail": "leave a voicemail for",
    "handwritten_note": "send a handwritten note to",
    "letter": "send a letter to",
    "linkedin": "message on LinkedIn",
    "text_message": "text",
    "video_call": "video-call",
    "in_person": "meet",
    "online_form": "write through the online form to",
    "other": "contact",
}
_CHANNEL_NOUN = {"handwritten_note": "handwritten note", "text_message": "text message"}
_RECIPIENT = {
    "hiring_manager": "the hiring manager",
    "hr": "HR",
    "recruiter": "the recruiter",
    "interviewer": "the interviewer",
    "anchor_contact": "the person you met",
    "other": "your contact",
}
_PURPOSE = {
    "follow_up": "to follow up",
    "check_in": "to check in",
    "final_call": "one final time",
    "thank_you": "to thank them",
    "reply_to_rejection": "to reply to the rejection",
    "ask_next_steps": "to ask about the next steps and their timeline",
}
_STAGE = {
    "new": "new",
    "networking": "networking",
    "applied": "applied for",
    "interviewing": "interviewing",
    "closed": "closed",
}


def _or(items: list[str]) -> str:
    if len(items) <= 2:
        return " or ".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def pattern_text(p: Pattern, *, noun: bool = True) -> str:
    table = _NOUN if noun else _EVENT
    text = _or([table[t] for t in p.types])
    if p.round_min is not None or p.round_max is not None:
        lo, hi = p.round_min, p.round_max
        if lo is not None and hi is not None:
            text += f" (round {lo}-{hi})" if lo != hi else f" (round {lo})"
        elif lo is not None:
            text += f" (round {lo} or later)"
        else:
            text += f" (round {hi} or earlier)"
    if p.channels:
        text += " by " + _or([_CHANNEL_NOUN.get(c, c) for c in p.channels])
    if p.roles:
        text += " with " + _or([_RECIPIENT[r] for r in p.roles])
    return text


def offset_text(o: Offset) -> str:
    return o.describe()


def _timing(rule: Rule) -> str:
    t = rule.timing
    if t.base == "stated_date":
        base = "the decision date the employer gave"
    elif t.base == "last" and t.base_pattern is not None:
        base = f"your last {pattern_text(t.base_pattern).removeprefix('a ').removeprefix('an ')}"
    else:
        base = pattern_text(rule.anchor, noun=False)
    if t.after.high == 0:
        return f"The day {base}" if base.startswith("you ") else f"On the day of {base}"
    lead = f"{offset_text(t.after)} after {base}"
    if t.align == "start_of_week":
        lead += " (aiming for the start of a week)"
    return lead[0].upper() + lead[1:]


def _condition(c: Condition) -> str:
    what = pattern_text(c.pattern)
    where = "before it" if c.before else "since"
    if c.max == 0:
        return f"no {what.split(' ', 1)[1] if what.startswith(('a ', 'an ')) else what} {where}"
    if c.min <= 1 and c.max is None:
        return f"{what} {where}"
    count = f"at least {c.min}" if c.max is None else f"{c.min}-{c.max}"
    return f"{count} times {what} {where}"


def rule_sentence(rule: Rule) -> str:
    a = rule.action
    if a.kind == "move_on":
        doing = "stop chasing and move on"
    else:
        verbs = _or([_CHANNEL_VERB[c] for c in a.channels]) or "contact"
        who = _or([_RECIPIENT[r] for r in a.recipients]) or "them"
        doing = f"{verbs} {who} {_PURPOSE[a.kind]}"
    text = f"{_timing(rule)}, {doing}"
    if a.optional:
        text += " (optional)"
    text += "."
    t = rule.timing
    if t.repeat is not None:
        text += f" Then again {offset_text(t.repeat)} after each attempt"
        text += f", {t.max_attempts} times in all." if t.max_attempts else ", with no limit."
    conds = [_condition(c) for c in rule.requires]
    if rule.stages:
        conds.append("while the application is " + _or([_STAGE[s] for s in rule.stages]))
    if conds:
        text += " Only with " + "; ".join(conds) + "."
    if rule.unless:
        text += " Not once there has been " + _or([pattern_text(p) for p in rule.unless]) + "."
    if rule.stop_when:
        text += " Stop at " + _or([pattern_text(p) for p in rule.stop_when]) + "."
    return text


def prohibition_sentence(p: Prohibition) -> str:
    parts = []
    if p.channels:
        parts.append("use " + _or([_CHANNEL_NOUN.get(c, c) for c in p.channels]))
    if p.recipients:
        parts.append("contact " + _or([_RECIPIENT[r] for r in p.recipients]))
    text = "Never " + " or ".join(parts)
    if p.except_rules:
        text += f" (except in {', '.join(p.except_rules)})"
    return text + "."


def describe(pack: Pack) -> list[str]:
    """The pack as readable lines."""
    src = pack.source
    lines = [
        f"{pack.name} {pack.version}: {pack.title}",
        f'Source: {src.author}, "{src.title}", {src.publication}'
        + (f", {src.date}" if src.date else ""),
    ]
    if pack.prohibitions:
        lines += ["", "Prohibitions"]
        for p in pack.prohibitions:
            lines += [f"  {p.id}: {prohibition_sentence(p)}", f'    "{p.cite}"']
    lines += ["", "Rules"]
    for rule in pack.rules:
        lines.append(f"  {rule.id}: {rule_sentence(rule)}")
        if rule.cite:
            lines.append(f'    "{rule.cite}"')
        else:
            lines.append("    (no quote)")
        for tip in rule.action.guidance:
            lines.append(f"    - {tip}")
        for a in rule.assumptions:
            lines.append(f"    assumption ({a.about}): {a.reason}")
    if pack.not_encoded:
        lines += ["", "Not encoded"]
        for n in pack.not_encoded:
            lines.append(f"  {n.advice} ({n.reason})")
    return lines
