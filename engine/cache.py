"""A small on-disk cache in the user's cache folder, for work that outlives one process.

Everything cached is a pure function of its key, so a stale or deleted entry only costs time.
Set FOLLOWUP_NO_CACHE=1 to turn it off; an unwritable folder turns it off silently.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(*parts: str) -> Path | None:
    if os.environ.get("FOLLOWUP_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "followup", *parts)


def read(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write(path: Path | None, text: str) -> None:
    """Write atomically (a reader never sees half a file); failures are ignored."""
    if path is None:
        return
    import tempfile  # only on a cache miss: it pulls in random and shutil

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError:
        pass
