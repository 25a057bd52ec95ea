"""The machine's own time zone and country: the defaults of the commands that write a new
timeline (`import`, `init`), which must name both.

Read without a dependency: the time zone from `TZ`, else the zone `/etc/localtime` links to
(or `/etc/timezone`, Debian's file), else UTC; the country from the locale variables, as
`LANG=en_US.UTF-8` says US. Every answer is checked: a zone that zoneinfo does not know is
skipped, and so is a locale without a country (`C`, `POSIX`, `en`).
"""

from __future__ import annotations

import contextlib
import os
import re
import zoneinfo
from collections.abc import Mapping
from pathlib import Path

__all__ = ["machine_country", "machine_timezone"]

FALLBACK_ZONE = "UTC"
LOCALTIME = Path("/etc/localtime")
TIMEZONE_FILE = Path("/etc/timezone")

# The variables that set a locale category, in the order POSIX reads them: LC_ALL overrides
# everything, LANG is the default. LC_TIME is the category nearest to a holiday calendar.
_LOCALE_VARIABLES = ("LC_ALL", "LC_TIME", "LANG")
# language[_TERRITORY][.codeset][@modifier]: only a two-letter territory is a country code.
_LOCALE = re.compile(r"[A-Za-z]{2,3}_(?P<country>[A-Za-z]{2})(?:[.@].*)?")


def _known(name: str) -> bool:
    if not name or name.startswith("/") or ".." in name:  # zoneinfo would refuse or read a file
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError, OSError):
        return False
    return True


def _from_link(localtime: Path) -> str:
    """`Europe/Berlin` from a link to `.../zoneinfo/Europe/Berlin` (or `posix/Europe/Berlin`)."""
    try:
        target = os.path.realpath(localtime)
    except OSError:
        return ""
    _, found, name = target.partition("/zoneinfo/")
    if not found:
        return ""
    return name.removeprefix("posix/").removeprefix("right/")


def machine_timezone(
    environ: Mapping[str, str] | None = None,
    localtime: Path = LOCALTIME,
    timezone_file: Path = TIMEZONE_FILE,
) -> str:
    """The IANA name of the machine's time zone, or UTC when it cannot be told."""
    env = os.environ if environ is None else environ
    tz = env.get("TZ", "").removeprefix(":")  # POSIX allows `TZ=:Europe/Berlin`
    candidates = [tz, _from_link(localtime)]
    with contextlib.suppress(OSError, UnicodeDecodeError):  # no such file: not a Debian
        candidates.append(timezone_file.read_text(encoding="utf-8").strip())
    return next((name for name in candidates if _known(name)), FALLBACK_ZONE)


def machine_country(environ: Mapping[str, str] | None = None) -> str | None:
    """The ISO 3166-1 alpha-2 country of the machine's locale (`en_GB.UTF-8`: GB), or None."""
    env = os.environ if environ is None else environ
    for variable in _LOCALE_VARIABLES:
        value = env.get(variable, "")
        if not value:
            continue  # an empty variable is unset: the next one decides
        match = _LOCALE.fullmatch(value)
        return match["country"].upper() if match else None
    return None
