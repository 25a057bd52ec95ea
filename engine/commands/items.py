"""What `followup log`, `add` and `contact` insert, and where: built from the command line's
values, each checked against the timeline first so that a mistake is named by the option that
made it (with a "did you mean"), not by a line of a file that was never written."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from ..edit.session import TimelineFile
from ..errors import UsageError
from ..io.yamledit import plain_data
from ..load.validation import did_you_mean, item_errors
from ..vocabulary import (
    ASKED_EVENTS,
    BY_EVENTS,
    CHANNELS,
    EVENT_ALIAS_NAMES,
    EVENT_TYPES,
    ID_PATTERN,
    OUTCOME_CHANNELS,
    OUTCOMES,
    QUESTIONS,
    ROLES,
    ROUND_EVENTS,
    SAYS,
    SAYS_EVENTS,
    TIME_PATTERN,
    alias,
)

__all__ = [
    "EventValues",
    "Insertion",
    "application_index",
    "new_application",
    "new_contact",
    "new_event",
]

_ID = re.compile(ID_PATTERN)
_TIME = re.compile(TIME_PATTERN)
_ID_HINT = "letters, digits, '.', '_' or '-', starting with a letter or digit, at most 64"


class Insertion(NamedTuple):
    """An item and the place of the list it goes to."""

    where: tuple[str | int, ...]
    position: int
    item: dict[str, Any]
    flow: bool  # written as one `{...}` line when its list has no item to take the style of
    before_key: str = ""  # a new list's key goes before this one


class EventValues(NamedTuple):
    """`followup log`'s values, as given (the day already resolved)."""

    type: str
    date: dt.date
    time: str = ""
    channel: str = ""
    with_: tuple[str, ...] = ()
    round: int | None = None
    by: dt.date | None = None
    says: str = ""
    outcome: str = ""
    asked: tuple[str, ...] = ()
    note: str = ""
    not_by: tuple[str, ...] = ()


def _a_or_an(word: str) -> str:
    """`word` (an event type) with its article, by its first letter: "an interview"."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def _choice(value: str, choices: Sequence[str], param: str, what: str) -> None:
    if value not in choices:
        hint = did_you_mean(value, choices, by_part=True).removeprefix("; ")
        raise UsageError(f"{value!r} is not {what}", param, hint or f"one of {', '.join(choices)}")


def _check_fields(definition: str, item: dict[str, Any], options: dict[str, str]) -> None:
    """A UsageError naming the option of the first field the timeline schema refuses."""
    for error in item_errors("timeline", definition, plain_data(item)):
        if error.field in options:
            raise UsageError(error.message, options[error.field])


def _check_id(value: str, param: str) -> None:
    if not _ID.fullmatch(value):
        raise UsageError(f"{value!r} is not an id", param, _ID_HINT)


def application_index(file: TimelineFile, app_id: str) -> int:
    ids = [app.id for app in file.timeline.applications]
    if app_id in ids:
        return ids.index(app_id)
    hint = did_you_mean(app_id, ids).removeprefix("; ")
    known = f"the timeline has {', '.join(ids)}" if ids else "the timeline has none yet"
    raise UsageError(
        f"no application {app_id!r}", "APP", hint or f"{known}; add one with followup add"
    )


def _event_type(given: str) -> str:
    _choice(given, (*EVENT_TYPES, *EVENT_ALIAS_NAMES), "TYPE", "an event type")
    of = alias(given)
    return of.type if of else given


def new_event(file: TimelineFile, app_id: str, values: EventValues) -> Insertion:
    """The event, placed after every event of its day or earlier (after those of its time,
    when both say one): the order the engine reads same-day events in is the file's."""
    index = application_index(file, app_id)
    app = file.timeline.applications[index]
    kind = _event_type(values.type)
    item: dict[str, Any] = {"date": values.date, "type": values.type}
    if values.round is not None:
        if kind not in ROUND_EVENTS:
            raise UsageError(
                f"{_a_or_an(values.type)} has no round", "--round", "only interviews do"
            )
        item["round"] = values.round
    if values.channel:
        _choice(values.channel, CHANNELS, "--channel", "a channel")
        item["channel"] = values.channel
    if values.with_:
        known = [c.id for c in app.contacts]
        for contact in values.with_:
            if contact not in known:
                hint = did_you_mean(contact, known).removeprefix("; ")
                raise UsageError(
                    f"{app_id} has no contact {contact!r}",
                    "--with",
                    hint or f"add one with: followup contact FILE {app_id} ID --role ROLE",
                )
        item["with"] = values.with_[0] if len(values.with_) == 1 else list(values.with_)
    _dated(item, kind, values)
    _extras(item, kind, values)
    _check_fields("event", item, {"note": "--note"})
    # A position in the file's list (Event.seq), which need not be in date order: just after
    # the last event that comes before the new one, so the engine reads it after all of them.
    place = max((e.seq + 1 for e in app.events if not _after(e.date, e.time, values)), default=0)
    return Insertion(("applications", index, "events"), place, item, flow=True)


def _after(date: dt.date, time: dt.time | None, values: EventValues) -> bool:
    """Whether an event on `date` at `time` goes after the new one."""
    if date != values.date:
        return date > values.date
    return time is not None and bool(values.time) and time.strftime("%H:%M") > values.time


def _dated(item: dict[str, Any], kind: str, values: EventValues) -> None:
    if values.by is not None:
        if kind not in BY_EVENTS:
            raise UsageError(
                f"{_a_or_an(values.type)} states no date",
                "--by",
                "only a decision_expected, a reply or an offer (its deadline)",
            )
        if values.by < values.date:
            raise UsageError(
                f"{values.by} is before the event's day ({values.date})",
                "--by",
                "give the day they said they would decide or reply by",
            )
        item["by"] = values.by
    elif kind == "decision_expected":
        raise UsageError(
            "a decision_expected needs the date they said they would decide by", "--by"
        )
    if values.says:
        if kind not in SAYS_EVENTS:
            raise UsageError(f"{_a_or_an(values.type)} says nothing", "--says", "only a reply does")
        _choice(values.says, SAYS, "--says", "what a reply can say")
        if values.says == "decision" and values.by is not None:
            raise UsageError(
                "a reply that gives a new date is not the decision",
                "--says",
                "say not_yet, or leave --says out; a decision date goes in a decision_expected",
            )
        item["says"] = values.says
    if values.not_by:
        if values.says != "stop":
            raise UsageError(
                "only a reply that says stop has channels not to use", "--not-by",
                "add --says stop, or drop --not-by",
            )  # fmt: skip
        for channel in values.not_by:
            _choice(channel, CHANNELS, "--not-by", "a channel")
        item["not_by"] = list(dict.fromkeys(values.not_by))


def _extras(item: dict[str, Any], kind: str, values: EventValues) -> None:
    if values.outcome:
        _choice(values.outcome, OUTCOMES, "--outcome", "a call's outcome")
        of = alias(values.type)
        if item.get("channel", of.channel if of else "") not in OUTCOME_CHANNELS:
            raise UsageError(
                "only a call has an outcome", "--outcome", "give --channel phone or video_call"
            )
        item["outcome"] = values.outcome
    if values.asked:
        if kind not in ASKED_EVENTS:
            raise UsageError(
                f"{_a_or_an(values.type)} asks nothing", "--asked", "only an interview"
            )
        for question in values.asked:
            _choice(question, QUESTIONS, "--asked", "a question")
        item["asked"] = list(dict.fromkeys(values.asked))
    if values.time:
        if not _TIME.fullmatch(values.time):
            raise UsageError(f"{values.time!r} is not a time", "--time", "use HH:MM, 24-hour")
        item["time"] = values.time
    if values.note:
        item["note"] = values.note


def new_application(
    file: TimelineFile, app_id: str, company: str, role: str, url: str = ""
) -> Insertion:
    _check_id(app_id, "APP")
    if any(app.id == app_id for app in file.timeline.applications):
        raise UsageError(f"the timeline already has an application {app_id!r}", "APP")
    item: dict[str, Any] = {"id": app_id, "company": company, "role": role}
    if url:
        item["url"] = url
    _check_fields("application", item, {"company": "--company", "role": "--role", "url": "--url"})
    item["events"] = []
    place = len(file.timeline.applications)
    return Insertion(("applications",), place, item, flow=False)


def new_contact(
    file: TimelineFile,
    app_id: str,
    contact_id: str,
    role: str,
    details: dict[str, str],
) -> Insertion:
    """A contact with `details` (name, title, email, phone: the ones given)."""
    index = application_index(file, app_id)
    _check_id(contact_id, "ID")
    _choice(role, ROLES, "--role", "a contact's role")
    app = file.timeline.applications[index]
    if any(c.id == contact_id for c in app.contacts):
        raise UsageError(f"{app_id} already has a contact {contact_id!r}", "ID")
    item: dict[str, Any] = {"id": contact_id}
    item.update((k, v) for k, v in details.items() if k == "name" and v)
    item["role"] = role
    item.update((k, v) for k, v in details.items() if k != "name" and v)
    _check_fields("contact", item, {k: f"--{k}" for k in ("name", "title", "email", "phone")})
    where = ("applications", index, "contacts")
    return Insertion(where, len(app.contacts), item, flow=True, before_key="events")
