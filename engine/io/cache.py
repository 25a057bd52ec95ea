"""A small on-disk cache in the user's cache folder, for work that outlives one process.

Everything cached is a pure function of its key, so a missing, stale, corrupt or tampered entry
must only cost time: each entry is an envelope naming the cache format, followup's version, the
key it answers and a SHA-256 of its payload, and a reader that finds anything else (or a file
too large, or JSON too deep to parse) drops the entry and recomputes. Set FOLLOWUP_NO_CACHE=1 to
turn the cache off; an unwritable folder turns it off silently.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ..version import __version__

FORMAT = 2  # bump when the envelope or any payload's shape changes
MAX_ENTRY_BYTES = 256 * 1024  # far above any real entry; a larger file is not ours


def base_dir() -> Path:
    """followup's folder in the user's cache location (XDG_CACHE_HOME on Linux)."""
    # What platformdirs reads: asked again only when one of these changes (a batch asks for
    # every timeline, and platformdirs costs a tenth of a millisecond a call).
    return _base_dir(os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"),
                     os.environ.get("LOCALAPPDATA"))  # fmt: skip


@functools.lru_cache(maxsize=8)
def _base_dir(*_env: str | None) -> Path:
    import platformdirs  # deferred: only a cache lookup or a crash report needs it

    return Path(platformdirs.user_cache_dir("followup", appauthor=False))


def cache_dir(*parts: str) -> Path | None:
    if os.environ.get("FOLLOWUP_NO_CACHE"):
        return None
    return base_dir().joinpath(*parts)


def _digest(payload: Any) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def read(path: Path | None, key: str) -> Any | None:
    """The payload stored under `key` at `path`, or None (an unusable entry is removed)."""
    if path is None:
        return None
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    try:
        if len(raw) > MAX_ENTRY_BYTES:
            raise ValueError("too large")
        entry = json.loads(raw.decode("utf-8"))
        if (
            isinstance(entry, dict)
            and entry.get("format") == FORMAT
            and entry.get("followup") == __version__
            and entry.get("key") == key
            and entry.get("sha256") == _digest(entry.get("payload"))
        ):
            return entry["payload"]
    except (ValueError, RecursionError):  # RecursionError: "[[[[..." nested past the C stack
        pass
    drop(path)
    return None


def drop(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def write(path: Path | None, key: str, payload: Any) -> None:
    """Store `payload` (JSON data) under `key`, atomically; failures are ignored."""
    if path is None:
        return
    import tempfile  # only on a cache miss: it pulls in random and shutil

    entry = {
        "format": FORMAT,
        "followup": __version__,
        "key": key,
        "sha256": _digest(payload),
        "payload": payload,
    }
    tmp = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(entry, fh, sort_keys=True)
        os.replace(tmp, path)
        tmp = ""
    except OSError:
        pass
    finally:
        if tmp:
            drop(Path(tmp))
