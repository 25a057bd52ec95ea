"""JSON Schema validation whose findings point at a line and column and suggest a fix."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple, get_args

from ..errors import InputError, Location, WrongKindError
from ..io import cache as disk_cache
from ..io import resources
from ..io.resources import SchemaName
from ..io.safeyaml import Document
from ..vocabulary import EVENT_TYPES, alias
from .fastcheck import known_valid

if TYPE_CHECKING:  # jsonschema is imported only when a document is not known to be valid
    import jsonschema
    from jsonschema.exceptions import ValidationError


Severity = Literal["error", "warning"]

# The kinds of file a user writes, told apart by their top-level keys (kind_of).
DocumentKind = Literal["pack", "timeline"]
DOCUMENT_KINDS: Final[tuple[DocumentKind, ...]] = get_args(DocumentKind)


class Finding(NamedTuple):
    location: Location
    message: str
    severity: Severity = "error"

    def format(self) -> str:
        return f"{self.location}: {self.severity}: {self.message}"


@cache
def _validator(name: SchemaName) -> jsonschema.protocols.Validator:
    import jsonschema

    schema = resources.schema(name)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


class FieldError(NamedTuple):
    """A schema error in one field of an item: the field, what is wrong, in words."""

    field: str
    message: str


def item_errors(name: SchemaName, definition: str, item: dict[str, Any]) -> list[FieldError]:
    """What the schema `name` finds wrong in `item`, an instance of its `$defs/definition`:
    checked before an item is written into a file, so that the command's option can be named."""
    errors = sorted(_item_validator(name, definition).iter_errors(item), key=lambda e: e.path)
    found: list[FieldError] = []
    for error in errors:
        field = str(error.path[0]) if error.path else ""
        limit = error.validator_value
        if error.validator == "minLength":
            message = "the value is empty" if limit == 1 else f"shorter than {limit} characters"
        elif error.validator == "maxLength":
            message = f"longer than {limit} characters (it has {len(str(error.instance))})"
        else:
            message = error.message
        found.append(FieldError(field, message))
    return found


@cache
def _item_validator(name: SchemaName, definition: str) -> jsonschema.protocols.Validator:
    import jsonschema

    schema = resources.schema(name)
    cls = jsonschema.validators.validator_for(schema)
    return cls({"$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"})


def did_you_mean(word: str, choices: Iterable[str], by_part: bool = False) -> str:
    """"; did you mean 'x'?" for the closest choice, or "". With `by_part`, a word is matched by
    its parts too, first exactly (`recruiter_screen` to `phone_screen`), and when it is close
    to no choice as a whole, nearly (`screening` to `phone_screen`)."""
    import difflib

    # Case, hyphens and spaces are how people misspell a name most (`HR`, `Phone-Screen`):
    # words are compared without them, and the suggestion is the choice as it is spelled.
    spelled: dict[str, str] = {}
    for name in choices:
        spelled.setdefault(_plain(name), name)  # in the choices' order, which matters below
    text = _plain(str(word))
    options = list(spelled)
    parts: dict[str, str] = {}
    for name in options:
        for part in name.split("_"):
            if len(part) > 3:  # "you", "up": too short to say what was meant
                parts.setdefault(part, name)
    parts.update({name: name for name in options if name in parts})  # `interview` itself
    pieces = text.split("_") if by_part else []
    close = [parts[piece] for piece in pieces if piece in parts][:1]
    close = close or difflib.get_close_matches(text, options, n=1, cutoff=0.6)
    for piece in pieces:
        if close:
            break
        close = [parts[p] for p in difflib.get_close_matches(piece, list(parts), n=1, cutoff=0.8)]
    return f"; did you mean {spelled[close[0]]!r}?" if close else ""


def _plain(name: str) -> str:
    return name.lower().replace("-", "_").replace(" ", "_")


def _is_enum_choice(error: ValidationError) -> bool:
    """An anyOf of enums (event types and their aliases): one set of names, told as one."""
    return error.validator == "anyOf" and all(
        e.validator == "enum" and e.absolute_path == error.absolute_path for e in error.context
    )


def _relevance(error: ValidationError) -> Any:
    from jsonschema.exceptions import relevance

    return relevance(error)


def _enum_of(error: ValidationError) -> list[Any]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    return list(schema.get("enum", []))


def _leaf(error: ValidationError) -> ValidationError:
    """Descend through oneOf/anyOf to the sub-error that explains the most."""
    while error.context and not _is_enum_choice(error):
        # Prefer the branch that got furthest into the instance: it is the one the author meant.
        deepest = max(len(e.absolute_path) for e in error.context)
        if deepest <= len(error.absolute_path):
            same_type = [e for e in error.context if e.validator != "type"]
            if not same_type:
                break
            error = min(same_type, key=_relevance)
            if error.validator in ("enum", "const"):
                break
            continue
        error = min((e for e in error.context if len(e.absolute_path) == deepest), key=_relevance)
    return error


def _describe(error: ValidationError, doc: Document) -> Finding:
    where = tuple(error.absolute_path)
    v = error.validator
    # jsonschema types these as possibly unset; on a reported error they are always set.
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    rule: Any = error.validator_value
    instance: Any = error.instance
    if v == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        extra = sorted(k for k in instance if k not in allowed)
        key = extra[0]
        msg = f"unknown key {key!r}{did_you_mean(key, allowed)}"
        if not did_you_mean(key, allowed):
            msg += f" (allowed here: {', '.join(allowed)})"
        return Finding(doc.locate((*where, key), key=True), msg)
    if v == "required":
        missing = next(k for k in rule if k not in instance)
        return Finding(doc.locate(where), f"missing required key {missing!r}")
    if v == "enum":
        choices = [str(c) for c in rule]
        hint = did_you_mean(str(instance), choices)
        meant = alias(instance) if tuple(choices) == EVENT_TYPES else None
        if meant is not None:  # a pack naming an event as a timeline may
            hint = f"; did you mean {meant.type!r}? (only a timeline may say {instance!r})"
        msg = f"{instance!r} is not one of {', '.join(choices)}{hint}"
        return Finding(doc.locate(where), msg)
    if _is_enum_choice(error):
        # The first enum is the names themselves, the others their aliases.
        branches = sorted(error.context, key=lambda e: list(e.relative_schema_path))
        first, *others = ([str(c) for c in _enum_of(e)] for e in branches)
        rest = [c for names in others for c in names]
        hint = did_you_mean(str(instance), first + rest, by_part=True)
        also = f" (or an alias: {', '.join(rest)})"
        msg = f"{instance!r} is not one of {', '.join(first)}{also}{hint}"
        return Finding(doc.locate(where), msg)
    if v == "const":
        return Finding(doc.locate(where), f"must be {rule!r}, not {error.instance!r}")
    if v == "pattern":
        what = schema.get("description", "").split(",")[0].rstrip(".")
        detail = f" ({what})" if what else f" (expected to match {rule})"
        return Finding(doc.locate(where), f"{instance!r} is not valid here{detail}")
    if v == "not" and isinstance(rule, dict) and "required" in rule:
        key = rule["required"][0]
        return Finding(doc.locate((*where, key), key=True), f"key {key!r} is not allowed here")
    if v == "dependentRequired" and isinstance(rule, dict):
        for key, needs in rule.items():
            missing = [n for n in needs if key in instance and n not in instance]
            if missing:
                return Finding(
                    doc.locate((*where, key), key=True),
                    f"{key!r} needs {missing[0]!r}: add one, or remove {key!r}",
                )
    if v == "type":
        expected: str = " or ".join(rule) if isinstance(rule, list) else str(rule)
        return Finding(doc.locate(where), f"expected {expected}, got {type_name(error.instance)}")
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
        return f"string {excerpt(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


EXCERPT_CHARS = 24


def excerpt(text: str) -> str:
    """A short quoted excerpt of untrusted text: never a whole file echoed back to a terminal."""
    short = text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + "..."
    return repr(short)  # repr escapes control characters


def kind_of(data: Any) -> DocumentKind | None:
    """Which kind of followup file `data` is, by its top-level keys (None: neither): a mapping
    with `pack_format` is a pack, one with `applications` or `candidate` a timeline."""
    if not isinstance(data, dict):
        return None
    if "pack_format" in data:
        return "pack"
    if "applications" in data or "candidate" in data:
        return "timeline"
    return None


def findings(doc: Document, schema_name: SchemaName) -> Iterator[Finding]:
    """Every schema violation, the most relevant first."""
    kind = kind_of(doc.data)
    if kind is not None and kind != schema_name and schema_name in DOCUMENT_KINDS:
        wrong = WrongKindError(doc.locate(()), kind, schema_name)
        yield Finding(doc.locate(()), f"{wrong.message} ({wrong.hint})")
        return
    if not isinstance(doc.data, dict):
        # Not even a mapping: most likely not a followup file at all (`--pack /etc/passwd`), so
        # nothing of its content is quoted back.
        found = "text" if isinstance(doc.data, str) else type_name(doc.data)
        yield Finding(
            doc.locate(()),
            f"expected a mapping at the top, got {found}: this is not a followup {schema_name}",
        )
        return
    from jsonschema.exceptions import relevance

    errors = sorted(_validator(schema_name).iter_errors(doc.data), key=relevance)
    seen: set[str] = set()
    for error in errors:
        finding = _describe(_leaf(error), doc)
        if finding.format() not in seen:
            seen.add(finding.format())
            yield finding


def marker_of(doc: Document, schema_name: SchemaName) -> str | None:
    """Names "this exact text is valid against this exact schema" in the disk cache."""
    if doc.text is None:
        return None
    digest = hashlib.sha256(resources.schema_text(schema_name).encode())
    digest.update(b"\0")
    digest.update(doc.text.encode())
    return digest.hexdigest()


def check(doc: Document, schema_name: SchemaName) -> None:
    """Raise the best-matching schema violation as an InputError.

    A document already seen valid is not validated again: jsonschema's import and a full
    validation cost more than the rest of a `followup run`.
    """
    kind = kind_of(doc.data)
    if kind is not None and kind != schema_name and schema_name in DOCUMENT_KINDS:
        raise WrongKindError(doc.locate(()), kind, schema_name)
    marker = marker_of(doc, schema_name)
    folder = disk_cache.cache_dir("valid") if marker else None
    path = folder / marker if folder is not None and marker else None
    key = f"valid {marker}"
    if path is not None and disk_cache.read(path, key) == schema_name:
        return
    if known_valid(doc.data, schema_name):
        disk_cache.write(path, key, schema_name)
        return
    first = next(findings(doc, schema_name), None)
    if first is not None:
        raise InputError(first.message, first.location)
    disk_cache.write(path, key, schema_name)
