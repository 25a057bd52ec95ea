"""A fast answer to "is this document valid?", for the common case where it is.

jsonschema costs about ten times the rest of an evaluation per event (benchmarks/
bench_batch.py), and most documents are valid: fastjsonschema compiles the same schema into
Python code that answers in a tenth of the time. It only ever says "valid"; a document it
refuses, or one it cannot judge, goes to jsonschema (engine/load/validation.py), which finds
and places the error, so every message stays jsonschema's. Only the timeline schema is
compiled: it uses nothing draft 7 lacks besides `$defs` (a test holds it to that, and a
property holds the two validators to the same verdicts), so it is compiled as draft 7. The
pack schema uses `prefixItems` and `dependentRequired`, which draft 7 would ignore: packs
are few, and always go to jsonschema.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from ..io import resources
from ..io.resources import SchemaName

__all__ = ["FAST_SCHEMAS", "known_valid"]

_DRAFT_7 = "http://json-schema.org/draft-07/schema#"
FAST_SCHEMAS: frozenset[SchemaName] = frozenset({"timeline"})


@cache
def _compiled(name: SchemaName) -> Callable[[Any], Any]:
    import fastjsonschema

    schema = {**resources.schema(name), "$schema": _DRAFT_7}
    validate: Callable[[Any], Any] = fastjsonschema.compile(schema)
    return validate


def known_valid(data: Any, name: SchemaName) -> bool:
    """True when `data` is valid against the schema `name`; False when it may not be."""
    if name not in FAST_SCHEMAS:
        return False
    import fastjsonschema

    try:
        _compiled(name)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True
