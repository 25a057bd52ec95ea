"""Exporters of a report: an iCalendar file of the pending actions, and Markdown notes.

Both are deterministic: the same input gives the same bytes (no wall clock, no random ids).

Calendar events are identified by what the action *is*, not by when it is due: the UID is a
digest of the pack's name, the application, the rule, the anchor event (type and date) and the
attempt number (and, for a rule with `each`, the contact). Importing the file of a later run
therefore updates the events already in the calendar (a recomputed due date moves the event)
instead of adding duplicates, and an action that has since been done, settled or has expired
comes back under its UID as STATUS:CANCELLED, so that the import can take it away. An overdue
action is dated on the evaluation day ("overdue since" its due day), so that it stays in
sight. SEQUENCE is three per day from the anchor to the evaluation day, plus the STAGE of the
event's state (0 to do, 1 overdue and moved to the day, 2 cancelled), so that a later run
supersedes an earlier one and, on one day, a cancel supersedes the event it cancels; DTSTAMP is
the start of the evaluation day in the timeline's time zone.

Neither file carries a control character from a pack or a timeline (engine/textsafe.py): every
text property of the calendar is neutralised before it is written, and the Markdown goes
through the one Markdown escaper, `md`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Final, Literal

from ..core.results import Report
from ..model import Pack, turn
from ..outcomes import Recommendation
from ..vocabulary import PENDING_STATUSES
from .reasons import STOPPED, due_text, reason_text, settled_why, status_word, why_text
from .textsafe import flat, lines_text, md, md_code, neutralise, text_output

PRODID = "-//followup//followup export//EN"
UID_DOMAIN = "followup.invalid"

# What an event of the calendar says of its action (docs/export.md, "SEQUENCE"): still to do,
# overdue and so moved to the evaluation day, or no longer to do (done, settled or expired).
EventState = Literal["to_do", "overdue", "cancelled"]
STAGE: Final[dict[EventState, int]] = {"to_do": 0, "overdue": 1, "cancelled": 2}
SEQUENCE_PER_DAY: Final = len(STAGE)


def event_uid(
    pack: str,
    application: str,
    rule: str,
    anchor_type: str,
    anchor_date: dt.date,
    attempt: int,
    contact: str = "",
) -> str:
    """The UID of an action: the same action keeps it across runs, whatever its due date.
    `contact` tells apart the instances of an `each` rule (one per person), and only those."""
    parts = [pack, application, rule, anchor_type, anchor_date.isoformat(), str(attempt)]
    parts += [contact] if contact else []
    key = "\x1f".join(["followup-uid-1", *parts])
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@{UID_DOMAIN}"


def recommendation_uid(pack: Pack, rec: Recommendation, attempt: int | None = None) -> str:
    """The UID of `rec`'s attempt `attempt` (default: the one it is at)."""
    each = any(r.id == rec.rule and r.action.each for r in pack.rules)
    who = rec.recipients[0].contact_id if each and rec.recipients else ""
    number = rec.attempt if attempt is None else attempt
    return event_uid(
        pack.name, rec.application, rec.rule, rec.anchor_type, rec.anchor_date, number, who
    )


def ranked_uid(uid: str, rank: int) -> str:
    """`uid` for the `rank`-th of the anchors that share it (the first keeps it as it is)."""
    head, _, domain = uid.partition("@")
    return f"{head}-{rank}@{domain}" if rank > 1 else uid


def sequence(report: Report, rec: Recommendation, state: EventState) -> int:
    """Higher for a later evaluation day, and on one day for a later state of the action."""
    days = max(0, (report.as_of - rec.anchor_date).days)
    return days * SEQUENCE_PER_DAY + STAGE[state]


def finished_attempts(rec: Recommendation) -> list[int]:
    """The attempts of `rec` that are no longer to do: those made, and the one it is at once it
    is settled or expired. Each had its event when it was pending, under its own UID."""
    made = rec.attempts_made
    done = set(range(1, min(made, rec.max_attempts or made) + 1))
    if rec.status not in PENDING_STATUSES:
        done.add(rec.attempt)
    return sorted(done)


def _source(pack: Pack) -> str:
    src = pack.source
    parts = [src.author, f'"{src.title}"', src.publication] + ([src.date] if src.date else [])
    return ", ".join(p for p in parts if p)


def _span(rec: Recommendation) -> str:
    when = due_text(rec)
    return f"due {when}" if when else ""


def _description(report: Report, company: str, role: str, rec: Recommendation) -> str:
    from .render import sentence

    lines = [
        sentence(rec),
        f"Status on {report.as_of.isoformat()}: {rec.status}, {_span(rec)}" + _since(rec),
        f"Why: {why_text(rec)}",
    ]
    if rec.cite:
        lines.append(f'Source: "{flat(rec.cite)}" ({_source(report.pack)})')
    if rec.guidance:
        lines.append("Guidance:")
        lines += [f"- {flat(tip)}" for tip in rec.guidance]
    lines += [f"Assumption ({a.about}): {flat(a.reason)}" for a in rec.assumptions]
    lines.append(
        f"Pack {report.pack.name} {report.pack.version}, rule {rec.rule}; "
        f"application {rec.application} ({company}, {role})"
    )
    return lines_text(lines)[:-1]  # a newline inside a value cannot add a line


def _since(rec: Recommendation) -> str:
    return f" (overdue since {rec.due.isoformat()})" if rec.status == "overdue" and rec.due else ""


def _dtstamp(report: Report) -> dt.datetime:
    """Midnight at the start of the evaluation day where the candidate lives, in UTC."""
    from zoneinfo import ZoneInfo

    local = dt.datetime.combine(report.as_of, dt.time(0), tzinfo=ZoneInfo(report.timezone))
    return local.astimezone(dt.UTC)


def calendar(report: Report) -> Any:
    """The report's pending actions as an icalendar.Calendar: one VEVENT each, all day, or timed
    in the timeline's time zone when the rule says when in the day (timing.at)."""
    from icalendar import Calendar  # only for this format: keep `run` light

    from .render import sentence

    pack = report.pack
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"followup: {pack.name}")
    cal.add("x-wr-caldesc", flat(pack.title))
    stamp = _dtstamp(report)
    anchors: dict[str, list[int]] = {}
    for app in report.applications:
        for rec in app.recommendations:
            # Two anchors of one type on one day share a UID: the second, in file order, gets
            # "-2" (and so on) on every attempt, so that each keeps its own events.
            seen = anchors.setdefault(recommendation_uid(pack, rec, 0), [])
            if rec.anchor_seq not in seen:
                seen.append(rec.anchor_seq)
            rank = seen.index(rec.anchor_seq) + 1

            def uid(attempt: int | None = None, rec: Recommendation = rec, rank: int = rank) -> str:
                return ranked_uid(recommendation_uid(pack, rec, attempt), rank)

            common = (stamp, ["followup", pack.name, app.id])
            for attempt in finished_attempts(rec):
                past = rec._replace(attempt=attempt, status="due")  # said as it was
                if rec.rotation:  # by the channel whose turn it was
                    was = rec.rotation[turn(attempt, len(rec.rotation)) - 1]
                    past = past._replace(channels=(was,))
                event = _event(uid(attempt), common, sequence(report, rec, "cancelled"))
                event.add("status", "CANCELLED")
                day = _settled_day(report, rec)
                event.add("dtstart", day)
                event.add("dtend", day + dt.timedelta(days=1))
                event.add("summary", f"{app.company}: {_finished(rec, attempt)}: {sentence(past)}")
                event.add("description", _cancel_description(report, app, rec, attempt))
                cal.add_component(event)
            if rec.status not in PENDING_STATUSES or rec.due is None:
                continue
            state: EventState = "overdue" if rec.status == "overdue" else "to_do"
            event = _event(uid(), common, sequence(report, rec, state))
            start, end = _when(report, rec)
            event.add("dtstart", start)
            event.add("dtend", end)
            late = f"overdue since {rec.due:%a %Y-%m-%d}: " if state == "overdue" else ""
            event.add("summary", f"{app.company}: {late}{sentence(rec)}")
            event.add("description", _description(report, app.company, app.role, rec))
            cal.add_component(event)
    if any(r.time is not None for a in report.applications for r in a.recommendations):
        cal.add_missing_timezones()  # a VTIMEZONE for the TZID of the timed events
    _neutralise(cal)
    return cal


def _event(uid: str, common: tuple[dt.datetime, list[str]], seq: int) -> Any:
    from icalendar import Event

    stamp, categories = common
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("sequence", seq)
    event.add("categories", categories)
    event.add("transp", "TRANSPARENT")
    return event


def _settled_day(report: Report, rec: Recommendation) -> dt.date:
    """The day a finished action's event is shown on: the event that settled it, else its last
    attempt, else the evaluation day (an expired window with no attempt)."""
    if rec.settled_by is not None:
        return rec.settled_by.date
    return rec.last_attempt or report.as_of


def _finished(rec: Recommendation, attempt: int) -> str:
    """What became of an attempt that is no longer to do, in a word or two."""
    if attempt <= rec.attempts_made:
        return "done"
    if rec.status == "done" and rec.settled in ("stop", "elapsed"):
        return STOPPED  # this attempt was never made: a stop_when event or the chase's end came
    return {"suppressed": "settled", "expired": "expired"}.get(status_word(rec), "done")


def _cancel_description(report: Report, app: Any, rec: Recommendation, attempt: int) -> str:
    if attempt <= rec.attempts_made:
        what = f"attempt {attempt} done ({rec.attempts_made} made, the last on {rec.last_attempt})"
    else:
        what = f"{status_word(rec)}, {reason_text(rec)}"
    lines = [
        f"Cancelled: no longer to do. Status on {report.as_of.isoformat()}: {what}",
        f"Pack {report.pack.name} {report.pack.version}, rule {rec.rule}; "
        f"application {rec.application} ({app.company}, {app.role})",
    ]
    return lines_text(lines)[:-1]


def _when(report: Report, rec: Recommendation) -> tuple[dt.date, dt.date]:
    """An event's start and end: the due day, all day; or, for a recommendation with a time of
    day (timing.at), that time on the due day in the timeline's time zone (DTSTART;TZID=). An
    overdue action is on the evaluation day instead: it is still to do, today."""
    from zoneinfo import ZoneInfo

    assert rec.due is not None
    day = report.as_of if rec.status == "overdue" else rec.due
    if rec.time is None:
        return day, day + dt.timedelta(days=1)
    zone = ZoneInfo(report.timezone)
    start = dt.datetime.combine(day, rec.time.start, tzinfo=zone)
    end = dt.datetime.combine(day, rec.time.end, tzinfo=zone)
    return start, end  # a datetime is a date


def _neutralise(cal: Any) -> None:
    """Neutralise every text property of the calendar, whichever code added it: newlines are
    kept in DESCRIPTION only (its lines are the exporter's), shown as `\\n` elsewhere."""
    from icalendar.prop import vCategory, vText

    for component in cal.walk():
        for name, value in list(component.items()):
            if isinstance(value, vCategory):
                cats = [neutralise(str(c), newlines=False) for c in value.cats]
                if cats != [str(c) for c in value.cats]:
                    component[name] = vCategory(cats)
            elif isinstance(value, str):  # vText, and any other text value
                clean = neutralise(str(value), newlines=name == "DESCRIPTION")
                if clean != value:
                    component[name] = vText(clean)


def as_ics(report: Report) -> str:
    """The iCalendar text (CRLF line ends, as RFC 5545 requires)."""
    data: bytes = calendar(report).to_ical()
    # The calendar's text is neutralised already; this keeps any control character that a
    # serialiser might still let through out of the file (CRLF ends its lines, RFC 5545).
    lines = data.decode("utf-8").split("\r\n")
    return lines_text(lines[:-1] if lines[-1] == "" else lines, end="\r\n")


@text_output
def as_markdown(report: Report) -> list[str]:
    """Notes: a heading per application, a bullet per recommendation (all text through `md`)."""
    from .render import sentence

    pack = report.pack
    where = report.country + (f"-{report.subdivision}" if report.subdivision else "")
    lines = [
        f"# Follow-ups: {md(pack.name)} {pack.version}",
        "",
        md(pack.title, line_start=True),
        "",
        f"Source: {md(_source(pack))}.",
        f"As of {report.as_of:%a %Y-%m-%d} ({report.timezone}; business days skip {where} "
        "holidays).",
    ]
    for app in report.applications:
        lines += ["", f"## {md(app.company)}: {md(app.role)}", ""]
        lines += [f"Application {md_code(app.id)}, stage: {app.stage}.", ""]
        if not app.recommendations:
            lines.append("- Nothing to do under this pack.")
        for rec in app.recommendations:
            status = f"**{status_word(rec).capitalize()}**"
            if rec.status in PENDING_STATUSES:
                lines.append(f"- {status}, {_span(rec)}: {md(sentence(rec))}")
                why = why_text(rec)
            else:
                lines.append(f"- {status} ({md(reason_text(rec))}): {md(sentence(rec))}")
                why = settled_why(rec)
            if why:
                lines.append(f"  - Why: {md(why)} (rule {md_code(rec.rule)})")
            else:
                lines.append(f"  - Rule {md_code(rec.rule)}.")
            if rec.status not in PENDING_STATUSES:
                continue
            if rec.cite:
                lines.append(f'  - Source: "{md(rec.cite)}"')
            if rec.guidance:
                lines.append("  - Guidance:")
                lines += [f"    - {md(tip)}" for tip in rec.guidance]
            lines += [f"  - Assumption ({md(a.about)}): {md(a.reason)}" for a in rec.assumptions]
    return lines
