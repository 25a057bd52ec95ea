"""What the html page shows, as plain data for its template (templates/page.html.j2).

Everything is read off a comparison (for `run`, the comparison of its one pack): each pack's
lane is the simulated schedule its persistence was read from, the highlighted disagreements
and prohibitions are the comparison's own, the audit findings are the evaluation's. Nothing here
decides what the advice means; it only places it and words it with the other reporters' words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Final, Literal, NamedTuple

from ..analysis.comparison import AppComparison, Comparison, Dimension, PackView
from ..analysis.persistence import Persistence
from ..dates.calendar import BusinessCalendar
from ..model import Application
from ..outcomes import AuditFinding, Recommendation
from . import html_chart as chart
from .audit_text import finding_text
from .compare_labels import (
    DIMENSION_LABEL,
    channels_label,
    nothing_label,
    people_label,
    persistence_text,
    prohibited_label,
)
from .html_chart import Axis, Shade, Tick
from .reasons import why_text
from .render import sentence
from .words import CHANNEL_NAME, event_phrase

_SLUG: Final = re.compile(r"[^a-z0-9]+")
# How the page says each way a simulated schedule ends (persistence_text says it per chase).
ENDING: Final[dict[str, str]] = {
    "stops": "then nothing more",
    "moves_on": "then move on",
    "no_limit": "repeats until someone replies",
    "beyond_until": "goes on past the simulation",
    "stuck": "stuck: doing the due action does not fulfil it",
    "cut_short": "cut short: too many actions",
}
Flag = Literal["", "forbidden", "audit"]


class Detail(NamedTuple):
    """What one `<details>` holds: the quote behind a mark, and how to act on it."""

    rule: str
    why: str
    cite: str
    guidance: tuple[str, ...] = ()
    assumptions: tuple[tuple[str, str], ...] = ()


class Row(NamedTuple):
    """One line of a chart's table: the same facts as one mark."""

    id: str
    day: str
    what: str
    channel: str
    to: str
    note: str
    flag: Flag
    detail: Detail | None


class Mark(NamedTuple):
    x: float
    y: float
    row: str  # the id of its row in the table
    label: str  # the channels' letters, or the event's
    to: str  # the recipients' letters
    title: str  # the tooltip
    kind: Literal["action", "move-on", "event", "audit"]
    flag: Flag


class Lane(NamedTuple):
    pack: str
    y: float
    marks: tuple[Mark, ...]
    ending: str  # how the schedule ends, or why there is none
    persistence: str
    repeats_x: float | None  # where the "and so on" arrow starts, for a schedule without end
    rows: tuple[Row, ...]


class Cell(NamedTuple):
    value: str
    group: int  # which value of the dimension (0: the largest group); -1: nothing to compare


class DiffRow(NamedTuple):
    dimension: str
    cells: tuple[Cell, ...]  # one per pack, in the comparison's order


class AppPage(NamedTuple):
    id: str
    app_id: str
    company: str
    role: str
    start: str
    end: str
    height: int
    shades: tuple[Shade, ...]
    ticks: tuple[Tick, ...]
    today_x: float
    events: tuple[Mark, ...]
    event_rows: tuple[Row, ...]
    lanes: tuple[Lane, ...]
    diffs: tuple[DiffRow, ...]
    prohibitions: tuple[str, ...]
    agreements: tuple[str, ...]


class Ids:
    """Stable, unique html ids from the timeline's and the packs' ids: lower-case letters,
    digits and dashes only, and a number added when two ids read the same once slugged."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, *parts: str) -> str:
        base = "-".join(_SLUG.sub("-", p.lower()).strip("-") or "x" for p in parts)
        found, n = base, 1
        while found in self._taken:
            n += 1
            found = f"{base}-{n}"
        self._taken.add(found)
        return found


def _detail(rec: Recommendation) -> Detail:
    assumptions = tuple((a.about, a.reason) for a in rec.assumptions)
    return Detail(rec.rule, why_text(rec), rec.cite, rec.guidance, assumptions)


# (pack, rule) -> the prohibitions of other packs its pending action runs into:
# (forbidding pack, prohibition id, dimension, what it forbids that the action offers)
Forbidden = dict[tuple[str, str], list[tuple[str, str, Dimension, frozenset[str]]]]


def _offered(dimension: Dimension, rec: Recommendation) -> frozenset[str]:
    if dimension == "channel":
        return frozenset(rec.channels)
    return frozenset(r.role for r in rec.recipients)


def _forbidden(app: AppComparison) -> Forbidden:
    """The comparison's prohibitions, by the (pack, rule) of each pending action they are set
    against."""
    found: Forbidden = {}
    for d in app.disagreements:
        for p in d.prohibitions:
            for pack, rec in p.offers:
                hit = _offered(d.dimension, rec) & frozenset(p.values)
                found.setdefault((pack, rec.rule), []).append((p.pack, p.id, d.dimension, hit))
    return found


def _forbidders(pack: str, rec: Recommendation, forbidden: Forbidden) -> list[str]:
    """`clue-wagon forbids phone (never-phone)` for each prohibition a step runs into: the
    pending action the comparison found forbidden, or a later attempt of its rule that offers
    the same forbidden channels or recipients."""
    said = []
    for by, pid, dimension, values in forbidden.get((pack, rec.rule), []):
        hit = _offered(dimension, rec) & values
        if hit:
            said.append(f"{by} forbids {prohibited_label(dimension, hit)} ({pid})")
    return said


def _step_note(rec: Recommendation, day: dt.date, as_of: dt.date) -> str:
    if rec.due is None or rec.due == day:
        return ""
    if rec.due < as_of:
        return f"overdue: was due {rec.due:%a %Y-%m-%d}"
    return f"due {rec.due:%a %Y-%m-%d}, a closed day: done on the next business day"


def _lane(
    v: PackView,
    index: int,
    a: Axis,
    ids: Ids,
    base: str,
    as_of: dt.date,
    forbidden: Forbidden,
) -> Lane:
    y = chart.lane_y(index)
    lane_id = ids.take(base, v.pack)
    marks: list[Mark] = []
    rows: list[Row] = []
    p: Persistence | None = v.persistence
    steps = p.steps if p is not None else ()
    audits: list[Row] = []  # the past first: the findings, then the schedule
    for n, f in enumerate(v.audit, 1):
        row = f"{lane_id}-audit-{n}"
        what = f"{finding_text(f)} [{f.rule_or_prohibition}]"
        detail = Detail(f.rule_or_prohibition, "", f.cite)
        audits.append(Row(row, f"{f.date:%a %Y-%m-%d}", what, "", "", "", "audit", detail))
        title = f"{v.pack} advises against this, {f.date:%a %Y-%m-%d}: {what}"
        marks.append(Mark(a.x(f.date), y, row, "!", "", title, "audit", "audit"))
    for n, step in enumerate(steps, 1):
        rec = step.rec
        row = f"{lane_id}-{n}"
        said = _forbidders(v.pack, rec, forbidden)
        flag: Flag = "forbidden" if said else ""
        note = "; ".join(x for x in (_step_note(rec, step.date, as_of), *said) if x)
        what = sentence(rec)
        channel = channels_label(rec.channels) if rec.channels else "-"
        rows.append(
            Row(row, f"{step.date:%a %Y-%m-%d}", what, channel, people_label(rec), note, flag,
                _detail(rec))
        )  # fmt: skip
        title = f"{v.pack}, {step.date:%a %Y-%m-%d}: {what}" + (f" ({note})" if note else "")
        kind: Literal["action", "move-on"] = "move-on" if rec.kind == "move_on" else "action"
        roles = [r.role for r in rec.recipients]
        marks.append(
            Mark(a.x(step.date), y, row, chart.channel_mark(rec.channels) or "stop",
                 chart.role_mark(roles), title, kind, flag)
        )  # fmt: skip
    ending = nothing_label(v) if p is None else ENDING[p.ending]
    endless = p is not None and p.ending == "no_limit" and bool(steps)
    repeats = marks[-1].x if endless else None  # the last mark is the last step
    rows = audits + rows
    return Lane(v.pack, y, tuple(marks), ending, persistence_text(p), repeats, tuple(rows))


def _findings_by_event(views: Iterable[PackView]) -> dict[int, list[tuple[str, AuditFinding]]]:
    found: dict[int, list[tuple[str, AuditFinding]]] = {}
    for v in views:
        for f in v.audit:
            if f.event is not None:
                found.setdefault(f.event.seq, []).append((v.pack, f))
    return found


def _events(app: Application, a: Axis, ids: Ids, base: str, as_of: dt.date,
            views: Iterable[PackView]) -> tuple[tuple[Mark, ...], tuple[Row, ...]]:  # fmt: skip
    """The timeline's events up to the page's day (later ones have not happened yet)."""
    past = [e for e in app.events if e.date <= as_of]
    audits = _findings_by_event(views)
    lane = ids.take(base, "timeline")
    y = chart.lane_y(0)
    xs = chart.spread([a.x(e.date) for e in past], 16)
    marks, rows = [], []
    for n, (event, x) in enumerate(zip(past, xs, strict=True), 1):
        row = f"{lane}-{n}"
        what = event_phrase(event, app.contact(event.contact))
        said = "answer by" if event.type == "offer" else "they said by"  # an offer's deadline
        notes = [f"{said} {event.by:%a %Y-%m-%d}"] if event.by is not None else []
        notes += [f"{pack} advises against it ({f.rule_or_prohibition})" for pack, f in
                  audits.get(event.seq, [])]  # fmt: skip
        if event.note:
            notes.append(f"note: {event.note}")
        flag: Flag = "audit" if event.seq in audits else ""
        channel = CHANNEL_NAME[event.channel] if event.channel else "-"
        day = f"{event.date:%a %Y-%m-%d}"
        rows.append(Row(row, day, what, channel, "", "; ".join(notes), flag, None))
        label = chart.EVENT_MARK[event.type]
        label += str(event.round) if event.type == "interview" else ""
        marks.append(Mark(x, y, row, label, "", f"{day}: {what}", "event", flag))
    return tuple(marks), tuple(rows)


def _diffs(app: AppComparison, packs: tuple[str, ...]) -> tuple[DiffRow, ...]:
    out = []
    for d in app.disagreements:
        cells = []
        for pack in packs:
            group = next((i for i, g in enumerate(d.groups) if pack in g.packs), -1)
            cells.append(Cell(d.groups[group].value if group >= 0 else "-", group))
        out.append(DiffRow(DIMENSION_LABEL[d.dimension], tuple(cells)))
    return tuple(out)


def _prohibitions(app: AppComparison) -> tuple[str, ...]:
    out = []
    for d in app.disagreements:
        for p in d.prohibitions:
            offers = "; ".join(f"{pack} ({rec.rule})" for pack, rec in p.offers)
            what = prohibited_label(d.dimension, p.values)
            out.append(f"{p.pack} forbids {what} ({p.id}), which {offers} offers: “{p.cite}”")
    return tuple(out)


def _agreements(app: AppComparison) -> tuple[str, ...]:
    return tuple(
        f"{DIMENSION_LABEL[a.dimension]}: {a.value} ({len(a.packs)} of {a.of}: "
        f"{', '.join(a.packs)})" + "".join(f"; {p} forbids it" for p in a.forbidden_by)
        for a in app.agreements
    )


def app_page(c: Comparison, app: AppComparison, source: Application, ids: Ids,
         cal: BusinessCalendar) -> AppPage:  # fmt: skip
    dates = [c.as_of, *(e.date for e in source.events if e.date <= c.as_of)]
    for v in app.views:
        dates += [s.date for s in (v.persistence.steps if v.persistence else ())]
        dates += [f.date for f in v.audit]
    a = chart.axis(dates)
    base = ids.take(app.id)
    events, event_rows = _events(source, a, ids, base, c.as_of, app.views)
    forbidden = _forbidden(app)
    lanes = tuple(_lane(v, i, a, ids, base, c.as_of, forbidden) for i, v in enumerate(app.views, 1))
    packs = tuple(v.pack for v in app.views)
    return AppPage(
        base, app.id, app.company, app.role, f"{a.start:%a %Y-%m-%d}", f"{a.end:%a %Y-%m-%d}",
        chart.height(len(lanes) + 1), chart.shades(a, cal), chart.ticks(a), a.x(c.as_of),
        events, event_rows, lanes, _diffs(app, packs), _prohibitions(app), _agreements(app),
    )  # fmt: skip
