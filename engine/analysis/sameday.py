"""Warnings about a valid timeline that may not say what its owner meant (`followup validate`):
same-day events listed in an order that changes the advice, and events without a channel where
the pack counts channels. Both are read from the evaluation itself: what "changes the advice"
means is what `evaluate` gives for the timeline as it is and as it would be in the other order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import groupby

from ..io.safeyaml import Document
from ..load.validation import Finding
from ..model import Application, Event, Pack, Pattern, Timeline
from ..vocabulary import OUTREACH_EVENTS, SAME_DAY_RANK
from .evaluation import evaluate

Path_ = tuple[str | int, ...]


def advice_findings(doc: Document, timeline: Timeline, pack: Pack | None) -> list[Finding]:
    """Every warning of both kinds; without a pack, the order is judged by SAME_DAY_RANK alone
    and channels are not checked (what counts depends on the pack)."""
    found: list[Finding] = []
    for i, app in enumerate(timeline.applications):
        at: Path_ = ("applications", i, "events")
        found += order_findings(doc, at, timeline, app, pack)
        if pack is not None:
            found += channel_findings(doc, at, app, pack)
    return found


def _inversions(day: list[Event]) -> Iterator[tuple[Event, Event]]:
    """Each event with the first event after it on its day that it should come after."""
    for n, first in enumerate(day):
        later = (e for e in day[n + 1 :] if SAME_DAY_RANK[e.type] < SAME_DAY_RANK[first.type])
        found = next(later, None)
        if found is not None:
            yield first, found


def _in_order(app: Application, day: list[Event]) -> Application:
    """`app` with the events of `day` in SAME_DAY_RANK order (ties as listed), each taking the
    place in the file of the one it replaces: what the timeline would say in that order."""
    places = sorted(e.seq for e in day)
    ordered = sorted(day, key=lambda e: SAME_DAY_RANK[e.type])  # stable: ties keep file order
    moved = {e.seq: e._replace(seq=place) for e, place in zip(ordered, places, strict=True)}
    events = sorted((moved.get(e.seq, e) for e in app.events), key=lambda e: (e.date, e.seq))
    return app._replace(events=tuple(events))


Advice = tuple[tuple[object, ...], ...]


def _advice(pack: Pack, timeline: Timeline, app: Application, as_of: dt.date) -> Advice:
    """What the pack advises in `app`, as of `as_of`, without the events' places in the file
    (which the reordering changes): rule, status, timing, channels, recipients, attempt."""
    report = evaluate(pack, timeline._replace(applications=(app,)), as_of, audit=False)
    return tuple(
        (
            *(r.rule, r.anchor_type, r.anchor_date, r.status, r.due, r.window_start),
            *(r.window_end, r.channels, r.recipients, r.attempt, r.attempts_made),
        )
        for r in report.applications[0].recommendations
    )


def _changed_rules(before: Advice, after: Advice) -> list[str]:
    return sorted({str(r[0]) for r in set(before) ^ set(after)})


def order_findings(
    doc: Document, at: Path_, timeline: Timeline, app: Application, pack: Pack | None
) -> list[Finding]:
    """A warning at each event listed before a same-day event it should follow; with a pack,
    only where listing them in order changes what the pack advises (compared as of the
    application's last event, so that every event counts)."""
    found: list[Finding] = []
    last = max((e.date for e in app.events), default=None)
    for _, group in groupby(app.events, key=lambda e: e.date):
        day = list(group)
        pairs = list(_inversions(day))
        if not pairs or last is None:
            continue
        changed: list[str] = []
        if pack is not None:
            mine = _advice(pack, timeline, app, last)
            changed = _changed_rules(mine, _advice(pack, timeline, _in_order(app, day), last))
            if not changed:
                continue  # the order is unusual, but the advice is the same either way
        for first, then in pairs:
            line = doc.locate((*at, then.seq)).line
            lead = (
                f"{first.type} is listed before the {then.type} of the same day (line {line}): "
                "same-day events count in the order they are listed"
            )
            if pack is None:
                why = f"{first.type} usually comes after {then.type}, and the order can change "
                why += "the advice"
            else:
                rules = ", ".join(changed)
                why = f"in the other order {pack.name} {pack.version} advises otherwise "
                why += f"(rule {rules})"
            msg = f"{lead}; {why}: list it after the {then.type} if that is when it happened"
            found.append(Finding(doc.locate((*at, first.seq)), msg, "warning"))
    return found


def _counted_by_channel(pack: Pack) -> Iterator[tuple[str, Pattern]]:
    """Every pattern of the pack that tests a channel, with the rule, limit or prohibition it
    belongs to: an event without a channel never matches one."""
    for rule in pack.rules:
        pats = [rule.anchor, rule.action.fulfilled_by, *rule.unless, *rule.stop_when]
        pats += [c.pattern for c in rule.requires]
        pats += [rule.timing.base_pattern] if rule.timing.base_pattern else []
        yield from ((f"rule {rule.id}", p) for p in pats if p.channels)
    for limit in pack.limits:
        if limit.events.channels:
            yield f"limit {limit.id}", limit.events
    for ban in pack.prohibitions:  # the audit checks the candidate's outreach by its channel
        if ban.channels:
            yield f"prohibition {ban.id}", Pattern(types=OUTREACH_EVENTS, channels=ban.channels)


def channel_findings(doc: Document, at: Path_, app: Application, pack: Pack) -> list[Finding]:
    """A warning at each event without a channel whose type the pack counts by channel."""
    counted = list(_counted_by_channel(pack))
    found: list[Finding] = []
    for event in app.events:
        if event.channel:
            continue
        what = next(((who, p) for who, p in counted if event.type in p.types), None)
        if what is None:
            continue
        who, pattern = what
        msg = (
            f"{event.type} on {event.date} gives no channel, and {pack.name} {pack.version} "
            f"counts it by channel ({who}: {' or '.join(pattern.channels)}), so it does not "
            "count there: add `channel:`"
        )
        found.append(Finding(doc.locate((*at, event.seq)), msg, "warning"))
    return found
