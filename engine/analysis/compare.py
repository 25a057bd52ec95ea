"""Compare packs over one timeline: each pack's next action side by side, and where they differ.

`compare(reports, plans)` is a pure function over the packs' `Report`s (one per pack, same
timeline, same day). The one input it does not read from a report is each pack's persistence
(how many chases it asks for before it stops), which `plans` carries in: `compare_packs`
evaluates the packs and reads each persistence off the forward simulation
(engine/analysis/persistence.py), the one `followup run --simulate` prints.

Packs agree on a dimension when its values read the same: the values are the labels of
engine/present/compare_labels.py, which the reporters print too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence

from ..core.results import ApplicationReport, Report
from ..model import Pack, Timeline
from ..outcomes import Recommendation
from ..present.compare_labels import (
    action_label_of,
    channels_label,
    nothing_label,
    persistence_text,
    roles_label,
    thank_you_value,
)
from ..vocabulary import ACTION_KINDS, CHANNELS, PENDING_STATUSES, ROLES, NothingReason
from .comparison import (
    Agreement,
    AppComparison,
    Comparison,
    Dimension,
    Disagreement,
    Group,
    PackInfo,
    PackView,
    Prohibited,
    ThankYou,
)
from .evaluation import evaluate
from .persistence import Persistence, plan

# --- one pack, one application ------------------------------------------------------------------


def pending_actions(app: ApplicationReport) -> tuple[Recommendation, ...]:
    """Every pending recommendation with a due date, earliest first (the report's order breaks
    ties: the pack's order)."""
    pending = [r for r in app.recommendations if r.status in PENDING_STATUSES and r.due is not None]
    return tuple(sorted(pending, key=lambda r: r.due or dt.date.max))


def next_action(app: ApplicationReport) -> Recommendation | None:
    """The earliest pending recommendation."""
    pending = pending_actions(app)
    return pending[0] if pending else None


def nothing_pending(app: ApplicationReport) -> tuple[NothingReason, Recommendation | None]:
    """Why a pack has nothing pending, and the recommendation that shows it (the first
    suppressed one, the last one done, or else the last one expired)."""
    suppressed = [r for r in app.recommendations if r.status == "suppressed"]
    if suppressed:
        return "suppressed", suppressed[0]
    done = [r for r in app.recommendations if r.status == "done"]
    if done:
        return "done", done[-1]
    expired = [r for r in app.recommendations if r.status == "expired"]
    if expired:  # its moment passed: something applied, but nothing is owed now
        return "expired", expired[-1]
    return "none", None


def _thank_yous(report: Report, app: ApplicationReport) -> tuple[ThankYou, ...]:
    rules = {r.id: r for r in report.pack.rules}
    out = []
    for rec in app.recommendations:
        if rec.kind != "thank_you" or rec.status not in PENDING_STATUSES:
            continue
        timing = rules[rec.rule].timing
        offset = timing.repeat if rec.attempt > 1 and timing.repeat else timing.after
        window = (rec.window_start, rec.window_end)
        out.append(ThankYou(rec.rule, rec.channels, offset, rec.status, rec.due, *window))
    return tuple(out)


def view(
    label: str, report: Report, app: ApplicationReport, persistence: Persistence | None
) -> PackView:
    actions = pending_actions(app)
    nxt = actions[0] if actions else None
    nothing, because = (None, None) if nxt is not None else nothing_pending(app)
    pending = sorted({r.rule for r in app.recommendations if r.status in PENDING_STATUSES})
    return PackView(
        pack=label,
        next=nxt,
        pending=actions,
        nothing=nothing,
        nothing_rec=because,
        pending_rules=tuple(pending),
        thank_you=_thank_yous(report, app),
        thank_you_settled=tuple(
            dict.fromkeys(
                r.status
                for r in app.recommendations
                if r.kind == "thank_you" and r.status not in PENDING_STATUSES
            )
        ),
        persistence=persistence if nxt is not None else None,
        audit=tuple(f for f in report.audit if f.application == app.id),
    )


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
    dimension: Dimension, views: Sequence[PackView], value: Callable[[PackView], str]
) -> tuple[list[Disagreement], list[Agreement]]:
    groups = _groups([(v.pack, value(v)) for v in views])
    disagreements = [Disagreement(dimension, groups)] if len(groups) > 1 else []
    agreements = [
        Agreement(dimension, g.value, g.packs, len(views))
        for g in groups
        if _majority(g.packs, views)
    ]
    return disagreements, agreements


def _with_actions(groups: tuple[Group, ...], views: Sequence[PackView]) -> tuple[Group, ...]:
    """Each group with the pending actions of its packs, so that each value names its actions."""
    by_pack = {v.pack: v.pending for v in views}
    return tuple(
        dataclasses.replace(g, actions=tuple(by_pack[p] for p in g.packs)) for g in groups
    )


def _per_action(
    dimension: Dimension,
    views: Sequence[PackView],
    items: Callable[[Recommendation], set[str]],
    label: Callable[[Iterable[str]], str],
    vocabulary: Sequence[str],
    forbidders: Callable[[str], tuple[str, ...]] = lambda _: (),
) -> tuple[list[Disagreement], list[Agreement]]:
    """Over every pending action of each pack. A pack's value is the distinct labels of its
    actions in due order (`handwritten note + phone/voicemail`), and packs disagree when those
    differ (a pack with nothing pending reads as why: `nothing pending (done)`); a member (a
    kind of action, a channel, a role, a day) is agreed on when a strict majority of the packs
    offer it in some pending action, and `forbidders` names the packs that forbid it."""
    values = [
        (
            v.pack,
            " + ".join(dict.fromkeys(label(items(r)) for r in v.pending))
            or nothing_label(v),
        )
        for v in views
    ]
    groups = _with_actions(_groups(values), views)
    disagreements = [Disagreement(dimension, groups)] if len(groups) > 1 else []
    sets = [(v.pack, set().union(*(items(r) for r in v.pending))) for v in views]
    members = {m for _, s in sets for m in s}
    ordered = [m for m in vocabulary if m in members] + sorted(members - set(vocabulary))
    agreements = []
    for member in ordered:
        packs = tuple(pack for pack, s in sets if member in s)
        if _majority(packs, views):
            banned = tuple(p for p in forbidders(member) if p not in packs)
            agreements.append(Agreement(dimension, label([member]), packs, len(views), banned))
    return disagreements, agreements


def _offered(dimension: Dimension, rec: Recommendation) -> set[str]:
    return set(rec.channels) if dimension == "channel" else {r.role for r in rec.recipients}


def _offers(dimension: Dimension) -> Callable[[Recommendation], set[str]]:
    return lambda rec: _offered(dimension, rec)


def _kind(rec: Recommendation) -> set[str]:
    return {rec.kind}


def _kinds(kinds: Iterable[str]) -> str:
    return " / ".join(action_label_of(k) for k in kinds)


def _forbidders(
    dimension: Dimension, views: Sequence[PackView], packs: Mapping[str, Pack]
) -> Callable[[str], tuple[str, ...]]:
    """The packs of the comparison that forbid a channel or a role."""

    def banned_by(member: str) -> tuple[str, ...]:
        return tuple(
            v.pack
            for v in views
            if any(
                member in (rule.channels if dimension == "channel" else rule.recipients)
                for rule in packs[v.pack].prohibitions
                if rule.scope is None
            )
        )

    return banned_by


def _due(rec: Recommendation) -> set[str]:
    return {rec.due.isoformat()} if rec.due is not None else set()


def _days(days: Iterable[str]) -> str:
    return " / ".join(sorted(days))


def _prohibitions(
    dimension: Dimension, views: Sequence[PackView], packs: Mapping[str, Pack]
) -> tuple[Prohibited, ...]:
    """Where one pack forbids a channel or a recipient that a pending action of another pack
    offers (any of them, not only the next: a note first does not hide a call after it)."""
    found: list[Prohibited] = []
    for forbidder in views:
        for rule in packs[forbidder.pack].prohibitions:
            if rule.scope is not None:
                continue  # it holds at times, which the audit judges event by event
            banned = set(rule.channels if dimension == "channel" else rule.recipients)
            values: set[str] = set()
            users: list[str] = []
            offers: list[tuple[str, Recommendation]] = []
            for other in views:
                if other.pack == forbidder.pack:
                    continue
                for rec in other.pending:
                    hits = _offered(dimension, rec) & banned
                    if hits:
                        values |= hits
                        offers.append((other.pack, rec))
                        if other.pack not in users:
                            users.append(other.pack)
            if users:
                vocabulary = CHANNELS if dimension == "channel" else ROLES
                ordered = [v for v in vocabulary if v in values] + sorted(values - set(vocabulary))
                found.append(
                    Prohibited(
                        forbidder.pack,
                        rule.id,
                        tuple(ordered),
                        tuple(users),
                        rule.cite,
                        tuple(offers),
                    )
                )
    return tuple(found)


_SET_DIMENSIONS: tuple[tuple[Dimension, Sequence[str], Callable[[Iterable[str]], str]], ...] = (
    ("channel", CHANNELS, channels_label),
    ("recipient", ROLES, roles_label),
)


def compare_application(
    views: Sequence[PackView], packs: Mapping[str, Pack]
) -> tuple[tuple[Disagreement, ...], tuple[Agreement, ...]]:
    """The disagreements (by dimension) and the majority agreements of one application."""
    acting = [v for v in views if v.next is not None]
    disagreements: list[Disagreement] = []
    agreements: list[Agreement] = []
    # What to do, over every pending action as the other rows: every pack takes part in the
    # disagreement, "nothing pending" included; the agreements are of the packs that act.
    d, _ = _per_action("action", views, _kind, _kinds, ACTION_KINDS)
    disagreements += d
    _, a = _per_action("action", acting, _kind, _kinds, ACTION_KINDS)
    agreements += a
    if not acting:
        return tuple(disagreements), tuple(agreements)
    for dimension, vocabulary, label in _SET_DIMENSIONS:
        banned_by = _forbidders(dimension, views, packs)
        d, a = _per_action(dimension, acting, _offers(dimension), label, vocabulary, banned_by)
        disagreements += [
            dataclasses.replace(x, prohibitions=_prohibitions(dimension, acting, packs)) for x in d
        ]
        agreements += a
    d, a = _per_action("timing", acting, _due, _days, ())
    disagreements += d
    agreements += a
    d, a = _scalar("persistence", acting, lambda v: persistence_text(v.persistence))
    disagreements += d
    agreements += a
    if any(v.thank_you for v in acting):
        d, a = _scalar("thank_you", acting, thank_you_value)
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

    `plans` maps (pack label, application id) to that pack's persistence (see `persistence.plan`);
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
        timeline=first.timeline,
    )


def persistence_plans(
    reports: Sequence[Report], timeline: Timeline, until: dt.date | None = None
) -> dict[tuple[str, str], Persistence]:
    """The persistence of every application with something pending under each report's pack,
    simulated from the report's day up to `until` (by default the simulation's horizon)."""
    plans: dict[tuple[str, str], Persistence] = {}
    for label, report in zip(labels([r.pack for r in reports]), reports, strict=True):
        for app, result in zip(timeline.applications, report.applications, strict=True):
            if any(r.status in PENDING_STATUSES for r in result.recommendations):
                plans[(label, app.id)] = plan(report.pack, timeline, app, report.as_of, until)
    return plans


def compare_packs(
    packs: Sequence[Pack], timeline: Timeline, as_of: dt.date, until: dt.date | None = None
) -> Comparison:
    """Evaluate each pack over `timeline` as of `as_of`, simulate the persistence of every
    application with something pending (up to `until`, by default the simulation's horizon),
    and compare."""
    reports = [evaluate(pack, timeline, as_of) for pack in packs]
    return compare(reports, persistence_plans(reports, timeline, until))
