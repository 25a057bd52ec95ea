"""`followup schema`: print a bundled JSON Schema (stable `$id`s, for editors and CI)."""

from __future__ import annotations

import sys
from typing import TextIO

from ..io import resources


def execute(name: resources.SchemaName, out: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    out.write(resources.schema_text(name))
    return 0
