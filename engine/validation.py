"""JSON Schema validation whose findings point at a line and column and suggest a fix."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError, relevance

from . import resources
from .errors import InputError, Location
from .safeyaml import Document


@dataclass(frozen=True, order=True)
class Finding:
    location: Location
    message: str
    severity: str = "error"

    def format(self) -> str:
        return f"{self.location}: {self.severity}: {self.message}"


@cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = resources.schema(name)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _leaf(error: ValidationError) -> ValidationError:
    """Descend through oneOf/anyOf to the sub-error that explains the most."""
    while error.context:
        # Prefer the branch that got furthest into the instance: it is the one the author meant.
        deepest = max(len(e.absolute_path) for e in error.context)
        if deepest <= len(error.absolute_path):
            same_type = [e for e in error.context if e.validator != "type"]
            if not same_type:
                break
            error = min(same_type, key=relevance)
            if error.validator in ("enum", "const"):
                break
            continue
        error = min((e for e in error.context if len(e.absolute_path) == deepest), key=relevance)
    return error


def _describe(error: ValidationError, doc: Document) -> Finding:
    where = tuple(error.absolute_path)
    v = error.validator
    if v == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed)
        key = extra[0]
        msg = f"unknown key {key!r}{did_you_mean(key, allowed)}"
        if not did_you_mean(key, allowed):
            msg += f" (allowed here: {', '.join(allowed)})"
        return Finding(doc.locate((*where, key), key=True), msg)
    if v == "required":
        missing = next(k for k in error.validator_value if k not in error.instance)
        return Finding(doc.locate(where), f"missing required key {missing!r}")
    if v == "enum":
        choices = [str(c) for c in error.validator_value]
        value = error.instance
        msg = f"{value!r} is not one of {', '.join(choices)}{did_you_mean(str(value), choices)}"
        return Finding(doc.locate(where), msg)
    if v == "const":
        return Finding(doc.locate(where), f"must be {error.validator_value!r}, not {error.instance!r}")
    if v == "pattern":
        what = error.schema.get("description", "").split(",")[0].rstrip(".")
        extra = f" ({what})" if what else f" (expected to match {error.validator_value})"
        return Finding(doc.locate(where), f"{error.instance!r} is not valid here{extra}")
    if v == "not" and "required" in error.validator_value:
        key = error.validator_value["required"][0]
        return Finding(doc.locate((*where, key), key=True), f"key {key!r} is not allowed here")
    if v == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return Finding(
            doc.locate(where), f"expected {expected}, got {type_name(error.instance)}"
        )
    return Finding(doc.locate(where), error.message)


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return f"integer {value}"
    if isinstance(value, float):
        return f"number {value}"
    if isinstance(value, str):
        return f"string {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def findings(doc: Document, schema_name: str) -> Iterator[Finding]:
    """Every schema violation, the most relevant first."""
    if not isinstance(doc.data, dict):
        yield Finding(doc.locate(()), f"expected a mapping at the top, got {type_name(doc.data)}")
        return
    errors = sorted(_validator(schema_name).iter_errors(doc.data), key=relevance)
    seen: set[str] = set()
    for error in errors:
        finding = _describe(_leaf(error), doc)
        if finding.format() not in seen:
            seen.add(finding.format())
            yield finding


def check(doc: Document, schema_name: str) -> None:
    """Raise the best-matching schema violation as an InputError."""
    first = next(findings(doc, schema_name), None)
    if first is not None:
        raise InputError(first.message, first.location)
