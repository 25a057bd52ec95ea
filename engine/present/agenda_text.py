"""`followup agenda` for a terminal (one line per action, fitted to its width, in colour when
asked) and as JSON. Every value is neutralised before any colour is added, so a name in the
timeline can never send a control sequence of its own."""

from __future__ import annotations

import json
from typing import Final, Literal

from ..analysis.agenda import Agenda, AgendaItem
from ..vocabulary import Status
from .fit import MAX_WIDTH, PLAIN, Layout, cut
from .reasons import status_word
from .render import sentence
from .textsafe import neutralise

ColorChoice = Literal["auto", "always", "never"]
COLOR_CHOICES: Final[tuple[ColorChoice, ...]] = ("auto", "always", "never")

# SGR colours per status: overdue red, due yellow, upcoming cyan; each bold.
_COLOURS: Final[dict[Status, str]] = {"overdue": "1;31", "due": "1;33", "upcoming": "1;36"}
_RESET: Final = "\x1b[0m"


def _line(item: AgendaItem, id_width: int, width: int, color: bool) -> str:
    rec = item.rec
    status = status_word(rec).upper()
    due = f"{rec.due:%a %m-%d}" if rec.due else ""
    cell = f"{status:<8}"
    rest = neutralise(f"  {due}  {item.application:<{id_width}}  {sentence(rec)}", newlines=False)
    rule = f" [{rec.rule}]"
    # The rule's id goes first when the line is too long: what to do, and to whom, stay.
    line = cell + rest + rule if len(cell + rest + rule) <= width else cut(cell + rest, width)
    if not color or rec.status not in _COLOURS:
        return line
    shown = line[: len(cell)]
    return f"\x1b[{_COLOURS[rec.status]}m{shown}{_RESET}{line[len(cell):]}"


def agenda_text(due: Agenda, layout: Layout = PLAIN) -> str:
    """The header, then one line per action, each at most as wide as the layout's lines (cut
    at MAX_WIDTH when no width is known). Quiet: the actions only, so nothing when none is due."""
    report, width = due.report, layout.lines or MAX_WIDTH
    pack = report.pack
    head = (
        f"{pack.name} {pack.version}: due by {due.until:%a %Y-%m-%d}, "
        f"as of {report.as_of:%a %Y-%m-%d} ({report.timezone})"
    )
    items = due.items
    lines = [] if layout.quiet else [cut(neutralise(head, newlines=False), width)]
    if not items and not layout.quiet:
        lines.append(f"nothing to do by {due.until:%Y-%m-%d}")
    id_width = min(max((len(i.application) for i in items), default=0), 20)
    lines += [_line(item, id_width, width, layout.color) for item in items]
    return "".join(line + "\n" for line in lines)


def agenda_json(due: Agenda) -> str:
    report = due.report
    data = {
        "pack": {"name": report.pack.name, "version": report.pack.version},
        "as_of": report.as_of.isoformat(),
        "until": due.until.isoformat(),
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
            for i in due.items
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
