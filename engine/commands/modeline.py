"""The editor modeline of a file `followup new` writes: a relative path to a copy of the schema
that the file's repository keeps (`followup schema --write DIR`), never the installation's own
copy, whose absolute path breaks on a reinstall, on another Python and on another machine."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..io import resources
from .schema import file_name

# Where a vendored schema may be, in the file's folder or any folder above it: the folder
# itself (`followup schema --write .`) or a `schemas/` in it (`followup schema --write schemas`).
_PLACES = ("", "schemas")


def vendored_schema(written: Path, name: resources.SchemaName) -> Path | None:
    """The nearest copy of schema `name` at or above `written`'s folder, up to the repository's
    root (the folder holding `.git`): only a file with that schema's `$id`."""
    wanted = resources.schema(name)["$id"]
    folder = written.absolute().parent
    for above in (folder, *folder.parents):
        for place in _PLACES:
            candidate = above / place / file_name(name)
            if _has_id(candidate, wanted):
                return candidate
        if (above / ".git").exists():
            return None
    return None


def _has_id(path: Path, wanted: str) -> bool:
    try:
        found = json.loads(path.read_text(encoding="utf-8")).get("$id")
    except (OSError, ValueError, AttributeError):  # absent, unreadable, not JSON, not an object
        return False
    return bool(found == wanted)


def modeline(written: Path, name: resources.SchemaName) -> str:
    """The file's first lines for editors: a modeline when there is a vendored schema to point
    at, else a comment saying how to get one."""
    found = vendored_schema(written, name)
    if found is not None:
        relative = Path(os.path.relpath(found, written.absolute().parent)).as_posix()
        return f"# yaml-language-server: $schema={relative}\n"
    return (
        "# For editors: no copy of the schemas was found here or above, up to the repository's\n"
        "# root. `followup schema --write schemas` writes one; then start this file with\n"
        f"# `# yaml-language-server: $schema=schemas/{file_name(name)}` (relative to this file).\n"
    )
