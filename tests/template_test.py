"""The draft template language (engine/template.py)."""

from __future__ import annotations

import pytest

from engine.template import TemplateError, parse
from engine.vocabulary import PLACEHOLDERS


def test_literals_and_names_alternate() -> None:
    line = parse("Dear {contact}, about {position}.")
    assert line.literals == ("Dear ", ", about ", ".")
    assert line.names == ("contact", "position")
    assert parse("no names").names == ()


def test_fill_is_a_lookup_and_never_reads_a_value_as_a_template() -> None:
    line = parse("{company}: {role}")
    table = dict.fromkeys(PLACEHOLDERS, "")
    table |= {"company": "{role}", "role": "{{x}} {company.__class__}"}
    assert line.fill(table) == "{role}: {{x}} {company.__class__}"


def test_doubled_braces_are_braces() -> None:
    line = parse("{{not a name}} and {{{company}}}")
    assert line.names == ("company",)
    assert line.fill(dict.fromkeys(PLACEHOLDERS, "Acme")) == "{not a name} and {Acme}"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("{compny}", "compny"),
        ("{contact.__class__}", "contact.__class__"),  # no attribute access
        ("{company!r}", "company!r"),  # no conversions
        ("{0}", "0"),  # no positions
        ("{}", ""),
        ("{ company }", " company "),
    ],
)
def test_only_the_fixed_names_are_placeholders(text: str, name: str) -> None:
    with pytest.raises(TemplateError) as caught:
        parse(text)
    assert (caught.value.message, caught.value.name) == ("unknown placeholder", name)


@pytest.mark.parametrize("text", ["a { b", "a } b", "{company", "{a{company}}", "}}}"])
def test_a_stray_brace_is_an_error(text: str) -> None:
    with pytest.raises(TemplateError) as caught:
        parse(text)
    assert caught.value.name is None
    assert "without its" in caught.value.message
