"""The draft template language: one line of text with `{placeholder}` names from a fixed set.

A pack's `action.draft` lines are untrusted. Each is parsed once, when the pack loads, into its
literal text and the placeholder names between; filling one is a lookup in a flat table of
strings, never an evaluation: `str.format` would let `{contact.__class__}` reach into objects,
and `string.Template` has no place to say which names exist. `{{` and `}}` write a brace.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from .errors import FollowupError
from .vocabulary import PLACEHOLDERS, Placeholder


class TemplateError(FollowupError, ValueError):
    """A template line that cannot be parsed: a stray brace or an unknown name. The loader
    turns it into a finding at the line's position (engine/load/draft_block.py)."""

    def __init__(self, message: str, name: str | None = None) -> None:
        super().__init__(message)
        self.name = name  # the unknown placeholder's name, for a suggestion


class Template(NamedTuple):
    """One parsed line: `literals[0] names[0] literals[1] ... names[-1] literals[-1]`."""

    text: str
    literals: tuple[str, ...]
    names: tuple[Placeholder, ...]

    def fill(self, values: Mapping[Placeholder, str]) -> str:
        out = [self.literals[0]]
        for name, literal in zip(self.names, self.literals[1:], strict=True):
            out += [values[name], literal]
        return "".join(out)


class DraftTemplate(NamedTuple):
    """A pack's own wording for an action's message; what it leaves out is the default's."""

    subject: Template | None = None  # an email's or a message's subject
    body: tuple[Template, ...] = ()  # the paragraphs between the greeting and the signature
    script: tuple[Template, ...] = ()  # a phone script's lines between hello and call-back


def parse(text: str) -> Template:
    """`text` as a template, or a TemplateError saying what is wrong with it."""
    literals: list[str] = []
    names: list[Placeholder] = []
    literal: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in ("{{", "}}"):
            literal.append(pair[0])
            i += 2
            continue
        if text[i] == "}":
            raise TemplateError("a '}' without its '{' (write '}}' for a brace)")
        if text[i] != "{":
            literal.append(text[i])
            i += 1
            continue
        end = text.find("}", i + 1)
        name = text[i + 1 : end]
        if end == -1 or "{" in name:
            raise TemplateError("a '{' without its '}' (write '{{' for a brace)")
        if name not in PLACEHOLDERS:
            raise TemplateError("unknown placeholder", name)
        literals.append("".join(literal))
        literal = []
        names.append(name)
        i = end + 1
    literals.append("".join(literal))
    return Template(text, tuple(literals), tuple(names))
