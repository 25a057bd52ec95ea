"""Load a timeline: parse safely, validate, then check dates and references."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path
from typing import Any

from ..dates.calendar import DayError, check_country, parse_day
from ..errors import EngineError, FollowupError, InputError
from ..io import safeyaml
from ..io.fastjson import json_document
from ..io.safeyaml import Document
from ..model import Application, Contact, Event, Timeline
from ..vocabulary import OUTCOME_CHANNELS, AliasOf, Channel, alias
from . import validation


def load_timeline(path: str | Path) -> Timeline:
    return timeline_from_document(safeyaml.load_file(path))


def timeline_from_text(text: str, path: str) -> Timeline:
    """The timeline of a document's text, as timeline_from_document(safeyaml.loads(...))
    gives it, without the valid-text disk cache (for texts seen once, as in a batch).

    JSON is read by the C parser when safeyaml would read it to the same data; any error in
    that reading is found again the slow way, with its position, so that every message is
    the loader's.
    """
    fast = json_document(text, path)
    if fast is not None:
        try:
            return timeline_from_document(fast)
        except EngineError:
            raise
        except FollowupError:
            pass
    document = safeyaml.loads(text, path)
    document.text = None  # not looked up in, nor added to, the cache of texts known valid
    return timeline_from_document(document)


def parse_date(text: str, doc: Document, where: tuple[str | int, ...]) -> dt.date:
    try:
        return parse_day(text)
    except DayError as exc:
        raise InputError(exc.message, doc.locate(where), exc.hint) from None


def timeline_from_document(doc: Document) -> Timeline:
    """A valid timeline, or an InputError for its first problem."""
    validation.check(doc, "timeline")
    problems: list[InputError] = []
    timeline = _build(doc, problems)
    if problems:
        raise problems[0]
    return timeline


def check_document(doc: Document) -> tuple[Timeline | None, list[validation.Finding]]:
    """Every problem of a timeline document (for `followup validate`), and the timeline if none.

    Schema violations come first, most relevant first; the checks a schema cannot make run only
    on a document the schema accepts, and are listed in file order.
    """
    schema = list(validation.findings(doc, "timeline"))
    if schema:
        return None, schema
    problems: list[InputError] = []
    notes: list[validation.Finding] = []
    timeline = _build(doc, problems, notes)
    found = [
        validation.Finding(
            p.location or doc.locate(()), f"{p.message} ({p.hint})" if p.hint else p.message
        )
        for p in problems
    ]
    return (None if problems else timeline), found + notes


def _alias_note(name: str, read_as: AliasOf, given: str) -> str:
    """What `followup validate` says of an alias: what it was read as (a warning, so that
    --strict can hold a timeline to the canonical names)."""
    reading = f"type: {read_as.type}"
    if read_as.channel and not given:
        reading += f", channel: {read_as.channel}"
    return f"event type {name!r} is an alias, read as `{reading}` (write that to say it directly)"


def _date(
    text: str, doc: Document, where: tuple[str | int, ...], problems: list[InputError]
) -> dt.date | None:
    try:
        return parse_date(text, doc, where)
    except InputError as exc:
        problems.append(exc)
        return None


def _contacts(
    doc: Document,
    raw: str | list[str] | None,
    ids: list[str],
    at: tuple[str | int, ...],
    problems: list[InputError],
) -> tuple[str, ...]:
    """The contacts of an event's `with` (one id or a list of distinct ids), each known."""
    if raw is None:
        return ()
    listed = isinstance(raw, list)
    items = raw if isinstance(raw, list) else [raw]
    out: list[str] = []
    for n, who in enumerate(items):
        where = (*at, n) if listed else at
        if who in out:
            problems.append(InputError(f"contact {who!r} is listed twice", doc.locate(where)))
        elif who not in ids:
            problems.append(
                InputError(
                    f"event refers to unknown contact {who!r}{validation.did_you_mean(who, ids)}",
                    doc.locate(where),
                    "add it under this application's contacts",
                )
            )
        else:
            out.append(who)
    return tuple(out)


def _build(
    doc: Document, problems: list[InputError], notes: list[validation.Finding] | None = None
) -> Timeline:
    """The timeline of a schema-valid document; what a schema cannot check goes to `problems`,
    and each event type given by an alias (read as its canonical type) to `notes`.

    Problems are appended in file order, so the first is the one a user meets first.
    """
    data: dict[str, Any] = doc.data
    cand = data["candidate"]
    tz = cand["timezone"]
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        problems.append(
            InputError(
                f"unknown time zone {tz!r}",
                doc.locate(("candidate", "timezone")),
                "use an IANA name such as America/Chicago or Europe/Berlin",
            )
        )
    hol = cand["holidays"]
    try:
        check_country(hol["country"], hol.get("subdivision"), doc.locate(("candidate", "holidays")))
    except InputError as exc:
        problems.append(exc)
    apps: list[Application] = []
    seen_apps: set[str] = set()
    for i, raw in enumerate(data["applications"]):
        at: tuple[str | int, ...] = ("applications", i)
        if raw["id"] in seen_apps:
            problems.append(
                InputError(f"duplicate application id {raw['id']!r}", doc.locate((*at, "id")))
            )
        seen_apps.add(raw["id"])
        contacts: list[Contact] = []
        for j, c in enumerate(raw.get("contacts", [])):
            if any(c["id"] == other.id for other in contacts):
                problems.append(
                    InputError(
                        f"duplicate contact id {c['id']!r}",
                        doc.locate((*at, "contacts", j, "id")),
                    )
                )
            contacts.append(
                Contact(
                    id=c["id"],
                    role=c["role"],
                    name=c.get("name", ""),
                    title=c.get("title", ""),
                    email=c.get("email", ""),
                    phone=c.get("phone", ""),
                )
            )
        ids = [c.id for c in contacts]
        events: list[Event] = []
        for k, e in enumerate(raw["events"]):
            ev_at = (*at, "events", k)
            read_as = alias(e["type"])
            if read_as is not None:
                if notes is not None:
                    where = doc.locate((*ev_at, "type"))
                    note = _alias_note(e["type"], read_as, e.get("channel", ""))
                    notes.append(validation.Finding(where, note, "warning"))
                e = {**e, "type": read_as.type}
                if read_as.channel:
                    e.setdefault("channel", read_as.channel)
            who = _contacts(doc, e.get("with"), ids, (*ev_at, "with"), problems)
            date = _date(e["date"], doc, (*ev_at, "date"), problems)
            by = _date(e["by"], doc, (*ev_at, "by"), problems) if "by" in e else None
            if by is not None and date is not None and by < date:
                problems.append(
                    InputError(
                        f"the offer's deadline {by} is before the day it came ({date})",
                        doc.locate((*ev_at, "by")),
                        "give the date they need your answer by, on or after the offer's date",
                    )
                    if e["type"] == "offer"
                    else InputError(
                        f"decision date {by} is before the day it was stated ({date})",
                        doc.locate((*ev_at, "by")),
                    )
                )
            if "outcome" in e and e.get("channel") not in OUTCOME_CHANNELS:
                problems.append(
                    InputError(
                        f"outcome {e['outcome']!r} is a call's, and this event's channel is "
                        f"{e.get('channel', 'not given')}",
                        doc.locate((*ev_at, "outcome")),
                        f"give it channel {' or '.join(OUTCOME_CHANNELS)}, or drop the outcome",
                    )
                )
            says = e.get("says", "")
            if e["type"] == "reply_received" and not says:
                says = "not_yet" if "by" in e else "decision"
            elif says == "decision" and "by" in e:
                problems.append(
                    InputError(
                        "a reply that gives a new date is not the decision",
                        doc.locate((*ev_at, "says")),
                        "say not_yet, or leave `says` out; a decision date goes in a "
                        "decision_expected event",
                    )
                )
            if says == "stop" and by is not None:
                problems.append(
                    InputError(
                        "a reply asking you to stop following up gives no date",
                        doc.locate((*ev_at, "by")),
                        "drop `by`, or say not_yet if they gave a new date instead",
                    )
                )
            if date is None:
                continue  # reported above; the timeline is not returned
            events.append(
                Event(
                    date=date,
                    type=e["type"],
                    seq=k,
                    channel=e.get("channel", ""),
                    contact=who[0] if who else "",
                    # int(): JSON Schema counts 1.0 an integer, and the facts hold ints only.
                    round=int(e.get("round", 1 if e["type"] == "interview" else 0)),
                    by=by,
                    note=e.get("note", ""),
                    also=who[1:],
                    outcome=e.get("outcome", ""),
                    # The schema has checked HH:MM on a 24-hour clock.
                    time=dt.time.fromisoformat(e["time"]) if "time" in e else None,
                    says=says,
                    not_by=_channels(e.get("not_by")),
                    asked=tuple(e.get("asked", ())),
                )
            )
        events.sort(key=lambda ev: (ev.date, ev.seq))
        apps.append(
            Application(
                id=raw["id"],
                company=raw["company"],
                role=raw["role"],
                contacts=tuple(contacts),
                events=tuple(events),
                url=raw.get("url", ""),
            )
        )
    return Timeline(
        timezone=tz,
        country=hol["country"],
        subdivision=hol.get("subdivision"),
        applications=tuple(apps),
        candidate_name=cand.get("name", ""),
        candidate_email=cand.get("email", ""),
        candidate_phone=cand.get("phone", ""),
        path=doc.path,
        pack=doc.data.get("pack", ""),
    )


def _channels(raw: Any) -> tuple[Channel, ...]:
    """A reply's `not_by`: a channel or a list of them (the schema has checked each)."""
    if raw is None:
        return ()
    return tuple(raw) if isinstance(raw, list) else (raw,)
