"""An action's `draft` block, read into a DraftTemplate: every line parsed, every name known.

The schema has already checked the block's shape; what it cannot say is which `{names}` exist,
so a typo is reported here, at its line, with the nearest placeholder as a suggestion.
"""

from __future__ import annotations

from typing import Any

from ..errors import PackError
from ..io.safeyaml import Document
from ..template import DraftTemplate, Template, TemplateError, parse
from ..vocabulary import PLACEHOLDERS
from .validation import did_you_mean, excerpt

Where = tuple[str | int, ...]


def draft_template(doc: Document, where: Where, raw: dict[str, Any] | None) -> DraftTemplate | None:
    """The template of the `draft` block at `where` (the action's `draft`), or None without one."""
    if raw is None:
        return None
    subject = _line(doc, (*where, "subject"), raw["subject"]) if "subject" in raw else None
    return DraftTemplate(
        subject=subject,
        body=tuple(_line(doc, (*where, "body", i), t) for i, t in enumerate(raw.get("body", []))),
        script=tuple(
            _line(doc, (*where, "script", i), t) for i, t in enumerate(raw.get("script", []))
        ),
    )


def _line(doc: Document, where: Where, text: str) -> Template:
    try:
        return parse(text)
    except TemplateError as exc:
        message = exc.message
        if exc.name is not None:  # untrusted, maybe long: quoted and cut short
            known = [f"{{{p}}}" for p in PLACEHOLDERS]
            message += f" {excerpt(f'{{{exc.name}}}')}"
            hint = did_you_mean(f"{{{exc.name}}}", known)
            message += hint or f" (the placeholders are {', '.join(known)})"
        raise PackError(message, doc.locate(where)) from None
