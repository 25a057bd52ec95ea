"""`followup agenda` for a terminal (one line per action, fitted to its width, in colour when
asked) and as JSON. Every value is neutralised before any colour is added, so a name in the
timeline can never send a control sequence of its own."""

from __future__ import annotations

import json
from typing import Final, Literal, NamedTuple

from ..analysis.agenda import Agenda, AgendaItem
from ..vocabulary import Status
from .reasons import status_word
from .render import sentence
from .textsafe import neutralise

ColorChoice = Literal["auto", "always", "never"]
COLOR_CHOICES: Final[tuple[ColorChoice, ...]] = ("auto", "always", "never")
MIN_WIDTH: Final = 40  # narrower than this, lines are cut at 40 all the same
ELLIPSIS: Final = "…"

# SGR colours per status: overdue red, due yellow, upcoming cyan; each bold.
_COLOURS: Final[dict[Status, str]] = {"overdue": "1;31", "due": "1;33", "upcoming": "1;36"}
_RESET: Final = "\x1b[0m"


class AgendaView(NamedTuple):
    """What to print and how: the terminal's width, and whether to use colour."""

    agenda: Agenda
    width: int = 100
    color: bool = False


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + ELLIPSIS


def _line(item: AgendaItem, id_width: int, width: int, color: bool) -> str:
    rec = item.rec
    status = status_word(rec).upper()
    due = f"{rec.due:%a %m-%d}" if rec.due else ""
    cell = f"{status:<8}"
    rest = neutralise(f"  {due}  {item.application:<{id_width}}  {sentence(rec)}", newlines=False)
    rule = f" [{rec.rule}]"
    # The rule's id goes first when the line is too long: what to do, and to whom, stay.
    line = cell + rest + rule if len(cell + rest + rule) <= width else _fit(cell + rest, width)
    if not color or rec.status not in _COLOURS:
        return line
    shown = line[: len(cell)]
    return f"\x1b[{_COLOURS[rec.status]}m{shown}{_RESET}{line[len(cell):]}"


def agenda_text(view: AgendaView) -> str:
    """The header, then one line per action, each at most `width` characters wide."""
    report, width = view.agenda.report, max(view.width, MIN_WIDTH)
    pack = report.pack
    head = (
        f"{pack.name} {pack.version}: due by {view.agenda.until:%a %Y-%m-%d}, "
        f"as of {report.as_of:%a %Y-%m-%d} ({report.timezone})"
    )
    lines = [_fit(neutralise(head, newlines=False), width)]
    items = view.agenda.items
    if not items:
        lines.append(f"nothing to do by {view.agenda.until:%Y-%m-%d}")
    id_width = min(max((len(i.application) for i in items), default=0), 20)
    lines += [_line(item, id_width, width, view.color) for item in items]
    return "".join(line + "\n" for line in lines)


def agenda_json(view: AgendaView) -> str:
    report = view.agenda.report
    data = {
        "pack": {"name": report.pack.name, "version": report.pack.version},
        "as_of": report.as_of.isoformat(),
        "until": view.agenda.until.isoformat(),
        "timezone": report.timezone,
        "actions": [
            {
                "application": i.application,
                "company": i.company,
                "role": i.role,
                "rule": i.rec.rule,
                "kind": i.rec.kind,
                "status": i.rec.status,
                "due": i.rec.due.isoformat() if i.rec.due else None,
                "channels": list(i.rec.channels),
                "action": sentence(i.rec),
            }
            for i in view.agenda.items
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
