"""What the two commands that write a new timeline (`init`, `import`) share: the checks of
where the candidate lives, the modeline, and how the pack is named."""

from __future__ import annotations

import re
import zoneinfo
from pathlib import Path

from ..dates.calendar import check_country
from ..errors import InputError, UsageError
from ..io import resources
from ..load.packs import builtin_paths, load_pack

__all__ = [
    "check_country_code",
    "check_place",
    "check_subdivision",
    "check_zone",
    "modeline",
    "pinned_pack",
]


def modeline() -> str:
    """The editor modeline a new timeline starts with: the installed schema."""
    schema = (resources.data_dir("schemas") / "timeline.schema.json").as_uri()
    return f"# yaml-language-server: $schema={schema}"


def check_place(zone: str, country: str, subdivision: str) -> None:
    """A UsageError naming the option, unless zoneinfo knows `zone` and `holidays` the
    country (an ISO 3166-1 alpha-2 code) and subdivision."""
    check_zone(zone)
    check_country_code(country)
    check_subdivision(country, subdivision)


def check_zone(zone: str) -> None:
    try:
        zoneinfo.ZoneInfo(zone)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError, OSError):
        raise UsageError(
            f"unknown time zone {zone!r}", "--timezone", "use an IANA name such as Europe/Berlin"
        ) from None


def check_country_code(country: str) -> None:
    try:
        if not re.fullmatch(r"[A-Z]{2}", country):
            raise InputError(f"{country!r} is not a country code")
        check_country(country, None, None)
    except InputError as exc:
        hint = "use an ISO 3166-1 alpha-2 code such as US, GB or DE"
        raise UsageError(exc.message, "--country", hint) from None


def check_subdivision(country: str, subdivision: str) -> None:
    """(Of a country check_country_code accepts.)"""
    if not subdivision:
        return
    try:
        check_country(country, subdivision, None)
    except InputError as exc:
        hint = f"use a subdivision the holidays of {country} know, or none"
        raise UsageError(exc.message, "--subdivision", hint) from None


def pinned_pack(ref: str, pack_path: tuple[Path, ...] = ()) -> str:
    """The pack reference to write, once it is known to load: a built-in's bare name pinned to
    its major version (`clue-wagon@^2`), so that a future major version of its advice is a
    choice, not a surprise; anything else as given."""
    pack = load_pack(ref, pack_path)
    if ref in builtin_paths():
        return f"{ref}@^{pack.version.split('.')[0]}"
    return ref
