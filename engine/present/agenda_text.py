"""`followup agenda` for a terminal (one line per action, fitted to its width, in colour when
asked) and as JSON. Every value is neutralised before any colour is added, so a name in the
timeline can never send a control sequence of its own."""

from __future__ import annotations

import json
from typing import Final, Literal

from ..analysis.agenda import Agenda, AgendaItem
from ..vocabulary import Status
from .fit import PLAIN, Layout, cells, cut, pad, wrap
from .reasons import status_word
from .render import sentence
from .textsafe import neutralise

ColorChoice = Literal["auto", "always", "never"]
COLOR_CHOICES: Final[tuple[ColorChoice, ...]] = ("auto", "always", "never")

# SGR colours per status: overdue red, due yellow, upcoming cyan; each bold.
_COLOURS: Final[dict[Status, str]] = {"overdue": "1;31", "due": "1;33", "upcoming": "1;36"}
_RESET: Final = "\x1b[0m"


# With less room than this beside the status, day and application, what to do goes under
# them, wrapped: beside them it would be cut to a few words.
_ROOM: Final = 30
_ID_CELLS: Final = 20  # an application id longer than this is cut, so the actions line up


def _lines(item: AgendaItem, id_width: int, width: int | None, color: bool) -> list[str]:
    rec = item.rec
    status = status_word(rec).upper()
    due = f"{rec.due:%a %m-%d}" if rec.due else ""
    cell = f"{status:<8}"
    app = pad(cut(neutralise(item.application, newlines=False), id_width), id_width)
    what = neutralise(sentence(rec), newlines=False)
    rule = f" [{rec.rule}]"
    head = f"{cell}  {due}  {app}"
    if width is None:  # a pipe or a file: the whole line, for whatever reads it
        lines = [f"{head}  {what}{rule}"]
    elif width - cells(head) - 2 < _ROOM:
        lines = [cut(head.rstrip(), width), *wrap(what + rule, width, 4)]
    else:
        line = f"{head}  {what}"
        # The rule's id goes first when the line is too long: what to do, and to whom, stay.
        lines = [line + rule if cells(line + rule) <= width else cut(line, width)]
    if not color or rec.status not in _COLOURS:
        return lines
    first = lines[0]
    coloured = f"\x1b[{_COLOURS[rec.status]}m{first[: len(cell)]}{_RESET}{first[len(cell) :]}"
    return [coloured, *lines[1:]]


def agenda_text(due: Agenda, layout: Layout = PLAIN) -> str:
    """The header, then one line per action, each at most as wide as the layout's lines
    (whole when no width is known); on a narrow terminal what to do goes under the rest,
    wrapped. Quiet: the actions only, so nothing when none is due."""
    report, width = due.report, layout.lines
    pack = report.pack
    head = (
        f"{pack.name} {pack.version}: due by {due.until:%a %Y-%m-%d}, "
        f"as of {report.as_of:%a %Y-%m-%d} ({report.timezone})"
    )
    items = due.items
    lines = [] if layout.quiet else wrap(head, width, 0, 2)
    if not items and not layout.quiet:
        lines.append(f"nothing to do by {due.until:%Y-%m-%d}")
    ids = (cells(neutralise(i.application, newlines=False)) for i in items)
    # A pipe or a file (no width) gets whole ids: whatever reads it may look them up.
    widest = max(ids, default=0)
    id_width = widest if width is None else min(widest, _ID_CELLS)
    lines += [line for item in items for line in _lines(item, id_width, width, layout.color)]
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
