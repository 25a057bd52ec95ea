"""The words of `followup compare`: how channels, roles, actions, persistence and thank-yous read.

The comparison groups packs by these labels (two packs agree when they read the same), and
every compare reporter (table, Markdown, JSON) prints them, so each is written once, here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from ..analysis.comparison import Dimension, Disagreement, PackView, ThankYou
from ..analysis.persistence import Chase, Persistence
from ..analysis.simulate import HORIZON_DAYS, MAX_STEPS
from ..model import Offset
from ..outcomes import Recommendation
from ..vocabulary import CHANNELS, ROLES, Status
from .reasons import reason_text, span, status_word, window_note
from .render import KIND_VERB, attempt_note
from .words import ROLE_LABEL, count, person

NOTHING_PENDING: Final = "nothing pending"
NO_CHASE: Final = "no chase"
# a pack without a thank-you is silent on it (clue-wagon lists it under not_encoded), not
# against it
NO_THANK_YOU: Final = "says nothing of a thank-you"
DIMENSION_LABEL: Final[dict[Dimension, str]] = {
    "action": "action",
    "channel": "channel",
    "recipient": "recipient",
    "timing": "timing",
    "persistence": "persistence",
    "thank_you": "thank-you",
}
_CHASE_NOUN = {"follow_up": "follow-up", "check_in": "check-in", "final_call": "final call"}


def channels_label(channels: Iterable[str]) -> str:
    """A set of channels in the vocabulary's order: `email/phone/voicemail`."""
    chosen = set(channels)
    ordered = [c for c in CHANNELS if c in chosen] + sorted(chosen - set(CHANNELS))
    return "/".join(c.replace("_", " ") for c in ordered) or "(none)"


# looked up by the plain strings of a set of roles
_ROLE_LABEL: Final[dict[str, str]] = {str(k): v for k, v in ROLE_LABEL.items()}


def role_label(role: str) -> str:
    return _ROLE_LABEL.get(role, role.replace("_", " "))


def roles_label(roles: Iterable[str]) -> str:
    chosen = set(roles)
    ordered = [r for r in ROLES if r in chosen] + sorted(chosen - set(ROLES))
    return " or ".join(role_label(r) for r in ordered) or "(nobody)"


def nothing_label(v: PackView) -> str:
    """`nothing pending (suppressed)`, `nothing pending (done)`, `nothing pending (stopped)`,
    `nothing pending (no rule applies)`."""
    if v.nothing in (None, "none"):
        return f"{NOTHING_PENDING} (no rule applies)"
    return f"{NOTHING_PENDING} ({nothing_status(v).lower()})"


def nothing_status(v: PackView) -> str:
    """The status column of a pack with nothing pending: `DONE`, `STOPPED` (a rule stopped
    before any attempt, as `run` says it), `SUPPRESSED`, `EXPIRED`, or `-` when no rule applies."""
    if v.nothing in (None, "none"):
        return "-"
    if v.nothing == "done" and v.nothing_rec is not None:
        return status_word(v.nothing_rec).upper()
    return str(v.nothing).upper()


def nothing_detail(v: PackView) -> str:
    """Why a pack has nothing pending, in a few words: `rejection on 2026-11-19`."""
    rec = v.nothing_rec
    if v.nothing == "suppressed" and rec is not None:
        return reason_text(rec)
    if v.nothing in ("done", "expired") and rec is not None:
        return f"{rec.rule}: {reason_text(rec)}"
    return "no rule of this pack applies"


def people_label(rec: Recommendation) -> str:
    """`Dana Whitfield (hiring manager) or HR`: as run names them (words.person)."""
    return " or ".join(person(r, rec.anchor_type) for r in rec.recipients) or "-"


def action_label(rec: Recommendation) -> str:
    """The next action with its attempt: `check in (attempt 1 of 3)`."""
    return KIND_VERB.get(rec.kind, rec.kind.replace("_", " ")) + attempt_note(rec)


def action_label_of(kind: str) -> str:
    """What a kind of action reads as, attempts aside: `follow up`, `say thank you`."""
    verbs: dict[str, str] = {str(k): v for k, v in KIND_VERB.items()}
    return verbs.get(kind, kind.replace("_", " "))


def when_label(rec: Recommendation) -> str:
    if rec.due is None:
        return ""
    return rec.due.isoformat() + window_note(rec, "%m-%d")


def offset_phrase(offset: Offset) -> str:
    """How soon, in the pack's own unit: `within 24 hours`, `the next day`, `5-7 days after`."""
    unit = offset.unit.replace("_", " ")
    one = unit[:-1]
    if offset.low == offset.high == 0:
        return "the same day"
    if offset.low == offset.high == 1 and offset.unit in ("days", "business_days"):
        return f"the next {one}"
    if offset.low == 0 and offset.high is not None:
        return f"within {offset.high} {one if offset.high == 1 else unit}"
    return f"{offset.describe()} after"


def thank_you_text(t: ThankYou) -> str:
    """`email within 24 hours (2026-11-17 to 2026-11-18)`."""
    text = f"{channels_label(t.channels)} {offset_phrase(t.offset)}"
    if t.window_start is None:
        return text
    return f"{text} ({span(t.window_start, t.window_end)})"


def thank_you_value(v: PackView) -> str:
    if v.thank_you:
        return " + ".join(thank_you_text(t) for t in v.thank_you)
    if not v.thank_you_settled:
        return NO_THANK_YOU
    return " + ".join(_SETTLED_THANK_YOU[status] for status in v.thank_you_settled)


# A pack's thank-you that is no longer pending, by its status.
_SETTLED_THANK_YOU: Final[dict[Status, str]] = {
    "done": "already done",
    "expired": "its moment has passed",
    "suppressed": "stopped",
}


def _chase_noun(kind: str, channels: tuple[str, ...]) -> str:
    chosen = set(channels)
    if chosen and chosen <= {"phone", "voicemail"}:
        return "call"
    if chosen == {"email"}:
        return "email"
    return _CHASE_NOUN.get(kind, kind.replace("_", " "))


def chase_text(c: Chase) -> str:
    """`2 emails`, `1 optional call`, `calls, no limit`."""
    noun = _chase_noun(c.kind, c.channels)
    if c.count is None:
        return f"{noun}s, no limit"
    return count(c.count, ("optional " if c.optional else "") + noun)


def persistence_text(p: Persistence | None) -> str:
    """`2 emails + 1 optional call, then move on`, `calls, no limit`, `no chase`."""
    if p is None:
        return NO_CHASE
    text = " + ".join(chase_text(c) for c in p.chases) or NO_CHASE
    if p.ending == "moves_on":
        text += ", then move on"
    elif p.ending == "stops" and p.chases:
        text += ", then stop"
    elif p.ending == "stuck":
        text += ", then stuck (doing a due action does not fulfil it)"
    elif p.ending == "beyond_until":
        text += f", and more after {HORIZON_DAYS // 365} years"
    elif p.ending == "cut_short":
        text += f", and more (cut short after {MAX_STEPS} actions)"
    return text


def action_ref(rec: Recommendation) -> str:
    """Which pending action a value was read from: `thank-you-call: say thank you,
    phone/voicemail, 2026-11-18`."""
    due = rec.due.isoformat() if rec.due is not None else "no date"
    verb = action_label_of(rec.kind)
    return f"{rec.rule}: {verb}, {channels_label(rec.channels)}, {due}"


def pack_ref(pack: str, actions: Iterable[Recommendation]) -> str:
    """`clue-wagon [post-interview-email: follow up, email, 2026-11-25]`."""
    refs = "; ".join(action_ref(r) for r in actions)
    return f"{pack} [{refs}]" if refs else pack


def summary_text(d: Disagreement) -> str:
    """`email (clue-wagon [...]) vs phone/voicemail (3x3-networking [...])`, largest group
    first; each pack with the pending actions its value was read from, when the dimension
    weighs every pending action."""
    parts = []
    for g in d.groups:
        actions = g.actions or tuple(() for _ in g.packs)
        packs = ", ".join(pack_ref(p, a) for p, a in zip(g.packs, actions, strict=True))
        parts.append(f"{g.value} ({packs})")
    return " vs ".join(parts)


def prohibited_label(dimension: Dimension, values: Iterable[str]) -> str:
    """What a prohibition forbids, as the dimension shows it: `phone/voicemail`, `HR`."""
    return channels_label(values) if dimension == "channel" else roles_label(values)
