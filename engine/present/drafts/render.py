"""Drafts as text for the terminal: every line neutralised, since packs and timelines are
untrusted."""

from __future__ import annotations

import datetime as dt

from ...model import Application, Pack
from ..textsafe import lines_text
from .compose import Draft


def render(pack: Pack, as_of: dt.date, app: Application, drafts: list[Draft]) -> str:
    lines = [
        f"Drafts for {app.id}: {app.company}, {app.role}",
        f"under {pack.name} {pack.version}, as of {as_of:%a %Y-%m-%d}. Edit before you send: "
        "[brackets] mark what only you can fill in.",
    ]
    for d in drafts:
        lines += [
            "",
            "=" * 78,
            f"{d.status.upper()}  {d.action}  [{d.rule}]",
            f"  {d.when}",
            f"  facts: {'; '.join(d.facts)}",
            "",
            f"{d.title}" + (f" to {d.to}" if d.to else ""),
        ]
        if d.subject:
            lines.append(f"Subject: {d.subject}")
        # Not splitlines: a U+2028 in a fact stays in its line, for lines_text to neutralise.
        lines += ["", *d.body.rstrip("\n").split("\n")]
        if d.checklist:
            lines += ["", "Checklist, from the pack's guidance:"]
            lines += [f"  [ ] {item}" for item in d.checklist]
        if d.cite:
            lines += ["", f'Source: "{d.cite}"']
    return lines_text(lines)
