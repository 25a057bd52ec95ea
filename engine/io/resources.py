"""Find the built-in packs and schemas, in a wheel install and in a source checkout alike.

The wheel carries them inside the package (`engine/_data/...`, see pyproject's force-include);
a source checkout or an editable install keeps them at the project root.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, Final, Literal, get_args

# The bundled JSON Schemas by short name (`followup schema NAME`).
SchemaName = Literal[
    "pack", "timeline", "report", "compare", "batch", "population", "simulation", "simulations"
]
SCHEMA_NAMES: Final[tuple[SchemaName, ...]] = get_args(SchemaName)

_HERE = Path(__file__).resolve().parent.parent  # engine/, where _data/ is in a wheel


def data_dir(name: str) -> Path:
    for candidate in (_HERE / "_data" / name, _HERE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"followup's {name}/ folder is missing from the installation")


@cache
def schema_text(name: SchemaName) -> str:
    """A bundled JSON Schema's source by short name (SCHEMA_NAMES)."""
    path = data_dir("schemas") / f"{SCHEMA_FILES[name]}.schema.json"
    return path.read_text(encoding="utf-8")


@cache
def schema(name: SchemaName) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text(name))
    return loaded


SCHEMA_FILES: Final[dict[SchemaName, str]] = {
    "pack": "policy-pack",
    "timeline": "timeline",
    "report": "report",
    "compare": "compare",
    "batch": "batch",
    "population": "population",
    "simulation": "simulation",
    "simulations": "simulations",
}
