"""Compare packs over one timeline: each pack's next action side by side, and where they differ.

`compare(reports, plans)` is a pure function over the packs' `Report`s (one per pack, same
timeline, same day). The one input it does not read from a report is each pack's persistence
(how many chases it asks for before it stops): `chase_plan` finds that by replaying the pack
forward with the engine itself, doing every recommended action on its due date while nobody
ever replies, and `plans` carries the result in.

`compare_dict` is what `followup compare --format json` prints (schemas/compare.schema.json);
`baseline_changes` lists what changed between two such documents, for `--fail-on-change`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import ApplicationReport, Offset, Pack, Recommendation, Report, Timeline
from ..present.reasons import reason_text, why_text
from ..present.render import KIND_VERB, attempt_note
from ..present.report import recommendation_dict
from ..vocabulary import CHANNELS, CHASE_KINDS, ROLES
from .evaluation import evaluate
from .simulate import done_event

COMPARE_FORMAT = 1
PENDING = ("upcoming", "due", "overdue")
DIMENSIONS = ("action", "channel", "recipient", "timing", "persistence", "thank_you")
MAX_STEPS = 60  # actions replayed per pack and application before a plan is called cut short

NOTHING_PENDING = "nothing pending"
NO_CHASE = "no chase"
_ROLE_LABEL = {"hr": "HR", "anchor_contact": "the contact of the event"}
_CHASE_NOUN = {"follow_up": "follow-up", "check_in": "check-in", "final_call": "final call"}


# --- the comparison, as typed data -------------------------------------------------------------


@dataclass(frozen=True)
class Chase:
    """A chase rule of a pack's plan, done `count` times before the pack stops (None: no limit)."""

    rule: str
    kind: str
    channels: tuple[str, ...]
    optional: bool
    max_attempts: int | None
    count: int | None

    def describe(self) -> str:
        noun = _chase_noun(self.kind, self.channels)
        if self.count is None:
            return f"{noun}s, no limit"
        optional = "optional " if self.optional else ""
        return f"{self.count} {optional}{noun}{'' if self.count == 1 else 's'}"


@dataclass(frozen=True)
class Persistence:
    """How many chases a pack asks for from now on if nobody replies, and how it ends.

    ending: "no_limit" (a chase without max_attempts), "moves_on" (only moving on is left),
    "stops" (nothing more to do) or "cut_short" (more than MAX_STEPS actions).
    """

    chases: tuple[Chase, ...]
    ending: str

    def describe(self) -> str:
        text = " + ".join(c.describe() for c in self.chases) or NO_CHASE
        if self.ending == "moves_on":
            text += ", then move on"
        elif self.ending == "stops" and self.chases:
            text += ", then stop"
        elif self.ending == "cut_short":
            text += f", and more (cut short after {MAX_STEPS} actions)"
        return text


@dataclass(frozen=True)
class ThankYou:
    """A pending thank-you of a pack: by which channels, and how soon (in the pack's words)."""

    rule: str
    channels: tuple[str, ...]
    timing: str  # "within 24 hours", "the next day", "2-3 days after"
    status: str
    due: dt.date | None
    window_start: dt.date | None
    window_end: dt.date | None

    def describe(self) -> str:
        when = _span(self.window_start, self.window_end)
        return f"{channels_label(self.channels)} {self.timing}" + (f" ({when})" if when else "")


@dataclass(frozen=True)
class PackView:
    """One pack's view of one application."""

    pack: str  # the pack's label in this comparison (its name, or NAME@VERSION if names clash)
    next: Recommendation | None  # the earliest pending recommendation
    nothing: str  # when next is None: "done", "suppressed" or "none"
    nothing_detail: str
    pending_rules: tuple[str, ...]
    thank_you: tuple[ThankYou, ...]  # the pending thank-yous
    has_thank_you: bool  # whether the pack gives this application any thank-you at all
    persistence: Persistence | None  # for a pack with a pending action


@dataclass(frozen=True)
class Group:
    value: str
    packs: tuple[str, ...]


@dataclass(frozen=True)
class Prohibited:
    """`pack` forbids `value` (prohibition `id`), which the next action of `used_by` uses."""

    pack: str
    id: str
    value: str
    used_by: tuple[str, ...]
    cite: str


@dataclass(frozen=True)
class Disagreement:
    dimension: str
    groups: tuple[Group, ...]
    prohibitions: tuple[Prohibited, ...] = ()

    def summary(self) -> str:
        return " vs ".join(f"{g.value} ({', '.join(g.packs)})" for g in self.groups)


@dataclass(frozen=True)
class Agreement:
    """`value` is shared by `packs`, a strict majority of the `of` packs with a pending action."""

    dimension: str
    value: str
    packs: tuple[str, ...]
    of: int


@dataclass(frozen=True)
class AppComparison:
    id: str
    company: str
    role: str
    views: tuple[PackView, ...]
    disagreements: tuple[Disagreement, ...]
    agreements: tuple[Agreement, ...]


@dataclass(frozen=True)
class PackInfo:
    label: str
    pack: Pack


@dataclass(frozen=True)
class Comparison:
    as_of: dt.date
    timeline_path: str
    timezone: str
    country: str
    subdivision: str | None
    packs: tuple[PackInfo, ...]
    applications: tuple[AppComparison, ...]


# --- labels -------------------------------------------------------------------------------------


def channels_label(channels: Iterable[str]) -> str:
    """A set of channels in the vocabulary's order: `email/phone/voicemail`."""
    chosen = set(channels)
    ordered = [c for c in CHANNELS if c in chosen] + sorted(chosen - set(CHANNELS))
    return "/".join(c.replace("_", " ") for c in ordered) or "(none)"


def role_label(role: str) -> str:
    return _ROLE_LABEL.get(role, role.replace("_", " "))


def roles_label(roles: Iterable[str]) -> str:
    chosen = set(roles)
    ordered = [r for r in ROLES if r in chosen] + sorted(chosen - set(ROLES))
    return " or ".join(role_label(r) for r in ordered) or "(nobody)"


def nothing_label(reason: str) -> str:
    """`nothing pending (suppressed)`, `nothing pending (done)`, `nothing pending (no rule)`."""
    return f"{NOTHING_PENDING} ({'no rule applies' if reason == 'none' else reason})"


def people_label(rec: Recommendation) -> str:
    names = []
    for r in rec.recipients:
        names.append(f"{r.name} ({role_label(r.role)})" if r.name else f"the {role_label(r.role)}")
    return " or ".join(names) or "-"


def action_label(rec: Recommendation) -> str:
    return KIND_VERB.get(rec.kind, rec.kind.replace("_", " ")) + attempt_note(rec)


def when_label(rec: Recommendation) -> str:
    if rec.due is None:
        return ""
    text = rec.due.isoformat()
    if rec.window_start and rec.window_end and rec.window_start != rec.window_end:
        text += f" (window {rec.window_start:%m-%d} to {rec.window_end:%m-%d})"
    return text


def _span(start: dt.date | None, end: dt.date | None) -> str:
    if start is None or end is None:
        return ""
    return str(start) if start == end else f"{start} to {end}"


def _chase_noun(kind: str, channels: tuple[str, ...]) -> str:
    chosen = set(channels)
    if chosen and chosen <= {"phone", "voicemail"}:
        return "call"
    if chosen == {"email"}:
        return "email"
    return _CHASE_NOUN.get(kind, kind.replace("_", " "))


def offset_phrase(offset: Offset) -> str:
    """How soon, in the pack's own unit: `within 24 hours`, `the next day`, `5-7 days after`."""
    unit = offset.unit.replace("_", " ")
    one = unit[:-1]
    if offset.low == offset.high == 0:
        return "the same day"
    if offset.low == offset.high == 1 and offset.unit in ("days", "business_days"):
        return f"the next {one}"
    if offset.low == 0:
        return f"within {offset.high} {one if offset.high == 1 else unit}"
    return f"{offset.describe()} after"


# --- one pack, one application ------------------------------------------------------------------


def next_action(app: ApplicationReport) -> Recommendation | None:
    """The earliest pending recommendation (the report's order breaks ties: the pack's order)."""
    pending = [r for r in app.recommendations if r.status in PENDING and r.due is not None]
    return min(pending, key=lambda r: r.due or dt.date.max, default=None)


def nothing_pending(app: ApplicationReport) -> tuple[str, str]:
    """Why a pack has nothing pending: ("suppressed" | "done" | "none", detail)."""
    suppressed = [r for r in app.recommendations if r.status == "suppressed"]
    if suppressed:
        return "suppressed", reason_text(suppressed[0])
    done = [r for r in app.recommendations if r.status == "done"]
    if done:
        last = done[-1]
        return "done", f"{last.rule}: {reason_text(last)}"
    return "none", "no rule of this pack applies"


def _thank_yous(report: Report, app: ApplicationReport) -> tuple[ThankYou, ...]:
    rules = {r.id: r for r in report.pack.rules}
    out = []
    for rec in app.recommendations:
        if rec.kind != "thank_you" or rec.status not in PENDING:
            continue
        timing = rules[rec.rule].timing
        offset = timing.repeat if rec.attempt > 1 and timing.repeat else timing.after
        out.append(
            ThankYou(
                rec.rule,
                rec.channels,
                offset_phrase(offset),
                rec.status,
                rec.due,
                rec.window_start,
                rec.window_end,
            )
        )
    return tuple(out)


def view(
    label: str, report: Report, app: ApplicationReport, persistence: Persistence | None
) -> PackView:
    nxt = next_action(app)
    nothing, detail = ("", "") if nxt is not None else nothing_pending(app)
    pending = sorted({r.rule for r in app.recommendations if r.status in PENDING})
    return PackView(
        pack=label,
        next=nxt,
        nothing=nothing,
        nothing_detail=detail,
        pending_rules=tuple(pending),
        thank_you=_thank_yous(report, app),
        has_thank_you=any(r.kind == "thank_you" for r in app.recommendations),
        persistence=persistence if nxt is not None else None,
    )


# --- persistence: replay the pack forward ------------------------------------------------------


def chase_plan(pack: Pack, timeline: Timeline, app_id: str, as_of: dt.date) -> Persistence:
    """The chases `pack` asks for in application `app_id` from `as_of` if nobody ever replies.

    Every pending action (thank-yous included: a chase may need one first) is done on its due
    date, or today when overdue, and the pack is evaluated again. The replay ends when only moving
    on is left, when nothing is pending, or at the first chase without a limit.
    """
    app = next(a for a in timeline.applications if a.id == app_id)
    events = [e for e in app.events if e.date <= as_of]  # later ones have not happened yet
    seq = max((e.seq for e in app.events), default=0) + 1_000_000
    day = as_of
    counts: dict[str, int] = {}
    seen: dict[str, Recommendation] = {}
    acted: set[tuple[str, dt.date, str, int]] = set()
    ending = "cut_short"
    for _ in range(MAX_STEPS):
        current = dataclasses.replace(app, events=tuple(events))
        one = dataclasses.replace(timeline, applications=(current,))
        recs = evaluate(pack, one, day).applications[0].recommendations
        pending = [r for r in recs if r.status in PENDING and r.due is not None]
        unlimited = [r for r in pending if r.kind in CHASE_KINDS and r.max_attempts is None]
        if unlimited:
            for rec in unlimited:
                seen.setdefault(rec.rule, rec)
            ending = "no_limit"
            break
        active = [r for r in pending if r.kind != "move_on"]
        if not active:
            ending = "moves_on" if pending else "stops"
            break
        ready = [r for r in active if r.due is not None and r.due <= day]
        if not ready:
            day = min(r.due for r in active if r.due is not None)
            continue
        fresh = [r for r in ready if (r.rule, r.anchor_date, r.anchor_type, r.attempt) not in acted]
        if not fresh:  # doing it did not fulfil it: the pack cannot move on from here
            ending = "stops"
            break
        for rec in fresh:
            acted.add((rec.rule, rec.anchor_date, rec.anchor_type, rec.attempt))
            seq += 1
            events.append(done_event(rec, pack, day, seq))
            if rec.kind in CHASE_KINDS:
                seen.setdefault(rec.rule, rec)
                counts[rec.rule] = counts.get(rec.rule, 0) + 1
    chases = tuple(
        Chase(
            rule=rule,
            kind=rec.kind,
            channels=rec.channels,
            optional=rec.optional,
            max_attempts=rec.max_attempts,
            count=None if rec.max_attempts is None else counts.get(rule, 0),
        )
        for rule, rec in seen.items()
    )
    return Persistence(chases, ending)


# --- across packs -------------------------------------------------------------------------------


def _groups(values: Sequence[tuple[str, str]]) -> tuple[Group, ...]:
    """(pack, value) pairs grouped by value: the largest group first, then first seen."""
    order: dict[str, list[str]] = {}
    for pack, value in values:
        order.setdefault(value, []).append(pack)
    firsts = list(order)
    ranked = sorted(order.items(), key=lambda kv: (-len(kv[1]), firsts.index(kv[0])))
    return tuple(Group(value, tuple(packs)) for value, packs in ranked)


def _majority(packs: Sequence[str], views: Sequence[PackView]) -> bool:
    """A strict majority, of at least two packs (one pack agreeing with itself says nothing)."""
    return len(packs) >= 2 and 2 * len(packs) > len(views)


def _scalar(
    dimension: str, views: Sequence[PackView], value: Callable[[PackView], str]
) -> tuple[list[Disagreement], list[Agreement]]:
    pairs = [(v.pack, value(v)) for v in views]
    groups = _groups(pairs)
    disagreements = [Disagreement(dimension, groups)] if len(groups) > 1 else []
    agreements = [
        Agreement(dimension, g.value, g.packs, len(views))
        for g in groups
        if _majority(g.packs, views)
    ]
    return disagreements, agreements


def _set_valued(
    dimension: str,
    views: Sequence[PackView],
    items: Callable[[PackView], set[str]],
    label: Callable[[Iterable[str]], str],
    vocabulary: Sequence[str],
) -> tuple[list[Disagreement], list[Agreement]]:
    """Disagree on the exact sets; agree on each member a strict majority of the packs offer."""
    sets = [(v.pack, items(v)) for v in views]
    groups = _groups([(pack, label(s)) for pack, s in sets])
    disagreements = [Disagreement(dimension, groups)] if len(groups) > 1 else []
    members = {m for _, s in sets for m in s}
    ordered = [m for m in vocabulary if m in members] + sorted(members - set(vocabulary))
    agreements = []
    for member in ordered:
        packs = tuple(pack for pack, s in sets if member in s)
        if _majority(packs, views):
            agreements.append(Agreement(dimension, label([member]), packs, len(views)))
    return disagreements, agreements


def _prohibitions(
    dimension: str, views: Sequence[PackView], packs: Mapping[str, Pack]
) -> tuple[Prohibited, ...]:
    """Where one pack forbids a channel or a recipient that another pack's next action offers."""
    found: list[Prohibited] = []
    for forbidder in views:
        for rule in packs[forbidder.pack].prohibitions:
            banned = rule.channels if dimension == "channel" else rule.recipients
            values: set[str] = set()
            users: list[str] = []
            for other in views:
                rec = other.next
                if other.pack == forbidder.pack or rec is None:
                    continue
                offered = (
                    set(rec.channels)
                    if dimension == "channel"
                    else {r.role for r in rec.recipients}
                )
                hits = offered & set(banned)
                if hits:
                    values |= hits
                    users.append(other.pack)
            if users:
                label = channels_label(values) if dimension == "channel" else roles_label(values)
                found.append(Prohibited(forbidder.pack, rule.id, label, tuple(users), rule.cite))
    return tuple(found)


def _thank_you_value(v: PackView) -> str:
    if v.thank_you:
        return " + ".join(t.describe() for t in v.thank_you)
    return "already done" if v.has_thank_you else "no thank-you"


def compare_application(
    views: Sequence[PackView], packs: Mapping[str, Pack]
) -> tuple[tuple[Disagreement, ...], tuple[Agreement, ...]]:
    """The disagreements (by dimension) and the majority agreements of one application."""
    acting = [v for v in views if v.next is not None]
    disagreements: list[Disagreement] = []
    agreements: list[Agreement] = []

    def kind(v: PackView) -> str:
        if v.next is None:
            return nothing_label(v.nothing)
        return KIND_VERB.get(v.next.kind, v.next.kind)

    # What to do: every pack takes part, "nothing pending" included.
    d, _ = _scalar("action", views, kind)
    disagreements += d
    _, a = _scalar("action", acting, kind)
    agreements += a
    if acting:
        d, a = _set_valued(
            "channel",
            acting,
            lambda v: set(v.next.channels) if v.next else set(),
            channels_label,
            CHANNELS,
        )
        disagreements += [
            dataclasses.replace(x, prohibitions=_prohibitions("channel", acting, packs)) for x in d
        ]
        agreements += a
        d, a = _set_valued(
            "recipient",
            acting,
            lambda v: {r.role for r in v.next.recipients} if v.next else set(),
            roles_label,
            ROLES,
        )
        disagreements += [
            dataclasses.replace(x, prohibitions=_prohibitions("recipient", acting, packs))
            for x in d
        ]
        agreements += a
        d, a = _scalar("timing", acting, lambda v: str(v.next.due) if v.next else "")
        disagreements += d
        agreements += a
        d, a = _scalar(
            "persistence",
            acting,
            lambda v: v.persistence.describe() if v.persistence else NO_CHASE,
        )
        disagreements += d
        agreements += a
        if any(v.thank_you for v in acting):
            d, a = _scalar("thank_you", acting, _thank_you_value)
            disagreements += d
            agreements += a
    return tuple(disagreements), tuple(agreements)


def labels(packs: Sequence[Pack]) -> list[str]:
    """Each pack's label: its name, or NAME@VERSION when two packs share a name."""
    names = [p.name for p in packs]
    return [p.name if names.count(p.name) == 1 else p.ref for p in packs]


def compare(
    reports: Sequence[Report],
    plans: Mapping[tuple[str, str], Persistence] | None = None,
) -> Comparison:
    """Compare the reports of several packs over the same timeline as of the same day.

    `plans` maps (pack label, application id) to that pack's persistence (see `chase_plan`);
    a missing entry reads as "no chase".
    """
    if not reports:
        raise ValueError("compare needs at least one report")
    first = reports[0]
    if any(r.as_of != first.as_of for r in reports):
        raise ValueError("the reports are not as of the same day")
    ids = [a.id for a in first.applications]
    if any([a.id for a in r.applications] != ids for r in reports):
        raise ValueError("the reports are not of the same timeline")
    names = labels([r.pack for r in reports])
    by_label = {label: r.pack for label, r in zip(names, reports, strict=True)}
    plans = plans or {}
    apps: list[AppComparison] = []
    for i, app in enumerate(first.applications):
        views = tuple(
            view(label, r, r.applications[i], plans.get((label, app.id)))
            for label, r in zip(names, reports, strict=True)
        )
        disagreements, agreements = compare_application(views, by_label)
        apps.append(AppComparison(app.id, app.company, app.role, views, disagreements, agreements))
    return Comparison(
        as_of=first.as_of,
        timeline_path=first.timeline_path,
        timezone=first.timezone,
        country=first.country,
        subdivision=first.subdivision,
        packs=tuple(PackInfo(label, r.pack) for label, r in zip(names, reports, strict=True)),
        applications=tuple(apps),
    )


# --- as plain data ------------------------------------------------------------------------------


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _next_dict(rec: Recommendation) -> dict[str, Any]:
    full = recommendation_dict(rec)
    keys = ("rule", "kind", "status", "due", "window", "channels", "recipients")
    out = {k: full[k] for k in keys}
    out.update(
        attempt=rec.attempt, max_attempts=rec.max_attempts, optional=rec.optional, why=why_text(rec)
    )
    return out


def _view_dict(v: PackView) -> dict[str, Any]:
    return {
        "pack": v.pack,
        "next": _next_dict(v.next) if v.next is not None else None,
        "nothing_pending": {"reason": v.nothing, "detail": v.nothing_detail}
        if v.next is None
        else None,
        "pending_rules": list(v.pending_rules),
        "persistence": {
            "summary": v.persistence.describe(),
            "ending": v.persistence.ending,
            "chases": [
                {
                    "rule": c.rule,
                    "kind": c.kind,
                    "channels": list(c.channels),
                    "optional": c.optional,
                    "max_attempts": c.max_attempts,
                    "count": c.count,
                }
                for c in v.persistence.chases
            ],
        }
        if v.persistence is not None
        else None,
        "thank_you": [
            {
                "rule": t.rule,
                "channels": list(t.channels),
                "timing": t.timing,
                "status": t.status,
                "due": _date(t.due),
                "window": {"start": _date(t.window_start), "end": _date(t.window_end)}
                if t.window_start and t.window_end
                else None,
            }
            for t in v.thank_you
        ],
    }


def compare_dict(comparison: Comparison) -> dict[str, Any]:
    return {
        "compare_format": COMPARE_FORMAT,
        "as_of": comparison.as_of.isoformat(),
        "timeline": {
            "path": comparison.timeline_path,
            "timezone": comparison.timezone,
            "holidays": {"country": comparison.country, "subdivision": comparison.subdivision},
        },
        "packs": [
            {
                "label": p.label,
                "name": p.pack.name,
                "version": p.pack.version,
                "title": p.pack.title,
            }
            for p in comparison.packs
        ],
        "applications": [
            {
                "id": app.id,
                "company": app.company,
                "role": app.role,
                "packs": [_view_dict(v) for v in app.views],
                "disagreements": [
                    {
                        "dimension": d.dimension,
                        "summary": d.summary(),
                        "groups": [{"value": g.value, "packs": list(g.packs)} for g in d.groups],
                        "prohibitions": [
                            {
                                "pack": p.pack,
                                "id": p.id,
                                "value": p.value,
                                "used_by": list(p.used_by),
                                "cite": p.cite,
                            }
                            for p in d.prohibitions
                        ],
                    }
                    for d in app.disagreements
                ],
                "agreements": [
                    {"dimension": a.dimension, "value": a.value, "packs": list(a.packs), "of": a.of}
                    for a in app.agreements
                ],
            }
            for app in comparison.applications
        ],
    }


# --- against a baseline -------------------------------------------------------------------------


def _decisions(view: Mapping[str, Any]) -> dict[str, str]:
    """The decisions of one pack for one application, as comparable text."""
    nxt = view.get("next")
    out: dict[str, str] = {}
    if nxt is None:
        reason = (view.get("nothing_pending") or {}).get("reason", "none")
        out["next action"] = f"{NOTHING_PENDING} ({reason})"
    else:
        out["next action"] = str(nxt["rule"])
        out["kind"] = str(nxt["kind"])
        out["status"] = str(nxt["status"])
        out["due"] = str(nxt["due"]) if nxt["due"] else "none"
        out["channels"] = "/".join(nxt["channels"]) or "none"
        people = []
        for r in nxt["recipients"]:
            who = r.get("contact") or ""
            people.append(f"{r['role']}:{who}" if who else str(r["role"]))
        out["recipients"] = ", ".join(people) or "none"
    out["pending rules"] = ", ".join(sorted(view.get("pending_rules", []))) or "none"
    return out


def _indexed(doc: Mapping[str, Any]) -> dict[str, dict[str, Mapping[str, Any]]]:
    return {app["id"]: {v["pack"]: v for v in app["packs"]} for app in doc.get("applications", [])}


def baseline_changes(baseline: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    """One readable line per decision that differs: `acme-pm / clue-wagon: due X -> Y`.

    Both are `compare_dict` documents; packs are matched by label and applications by id.
    """
    old, new = _indexed(baseline), _indexed(current)
    lines: list[str] = []
    for app_id in [*old, *(a for a in new if a not in old)]:
        if app_id not in new:
            lines.append(f"{app_id}: in the baseline, not in this comparison")
            continue
        if app_id not in old:
            lines.append(f"{app_id}: not in the baseline")
            continue
        before, after = old[app_id], new[app_id]
        for pack in [*before, *(p for p in after if p not in before)]:
            if pack not in after:
                lines.append(f"{app_id} / {pack}: in the baseline, not in this comparison")
                continue
            if pack not in before:
                lines.append(f"{app_id} / {pack}: not in the baseline")
                continue
            was, now = _decisions(before[pack]), _decisions(after[pack])
            for key in [*was, *(k for k in now if k not in was)]:
                a, b = was.get(key, "none"), now.get(key, "none")
                if a != b:
                    lines.append(f"{app_id} / {pack}: {key} {a} -> {b}")
    return lines
