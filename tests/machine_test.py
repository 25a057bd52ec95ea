"""engine/dates/machine.py: the machine's time zone and country, the defaults of the commands
that write a new timeline."""

from __future__ import annotations

import zoneinfo
from pathlib import Path

import pytest

from engine.dates.machine import FALLBACK_ZONE, machine_country, machine_timezone

NOWHERE = Path("/nonexistent/followup-test")


def _link(tmp_path: Path, target: str) -> Path:
    zone_file = tmp_path / "usr/share/zoneinfo" / target
    zone_file.parent.mkdir(parents=True)
    zone_file.write_bytes(b"TZif")
    link = tmp_path / "localtime"
    link.symlink_to(zone_file)
    return link


def test_tz_wins_and_may_start_with_a_colon() -> None:
    assert machine_timezone({"TZ": "Europe/Berlin"}, NOWHERE, NOWHERE) == "Europe/Berlin"
    assert machine_timezone({"TZ": ":Asia/Tokyo"}, NOWHERE, NOWHERE) == "Asia/Tokyo"


def test_the_zone_localtime_links_to(tmp_path: Path) -> None:
    link = _link(tmp_path, "America/Chicago")
    assert machine_timezone({}, link, NOWHERE) == "America/Chicago"
    posix = _link(tmp_path / "p", "posix/Europe/Paris")
    assert machine_timezone({}, posix, NOWHERE) == "Europe/Paris"


def test_debian_s_timezone_file(tmp_path: Path) -> None:
    named = tmp_path / "timezone"
    named.write_text("Australia/Sydney\n", encoding="utf-8")
    assert machine_timezone({}, NOWHERE, named) == "Australia/Sydney"


@pytest.mark.parametrize(
    "tz", ["Mars/Olympus", "/etc/passwd", "../../etc/passwd", "", "EST5EDT,M3"]
)
def test_an_unknown_or_unsafe_zone_is_skipped(tz: str) -> None:
    assert machine_timezone({"TZ": tz}, NOWHERE, NOWHERE) == FALLBACK_ZONE


def test_the_real_machine_gives_a_zone_zoneinfo_knows() -> None:
    zoneinfo.ZoneInfo(machine_timezone())


@pytest.mark.parametrize(
    ("environ", "country"),
    [
        ({"LANG": "en_US.UTF-8"}, "US"),
        ({"LANG": "de_DE@euro"}, "DE"),
        ({"LANG": "en_GB"}, "GB"),
        ({"LC_ALL": "fr_CA.UTF-8", "LANG": "en_US.UTF-8"}, "CA"),
        ({"LC_TIME": "nb_NO.UTF-8", "LANG": "en_US.UTF-8"}, "NO"),
        ({"LC_ALL": "", "LANG": "pt_BR.UTF-8"}, "BR"),  # empty is unset
        ({"LC_ALL": "C", "LANG": "en_US.UTF-8"}, None),  # LC_ALL decides, and says nothing
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "POSIX"}, None),
        ({"LANG": "en"}, None),
        ({}, None),
    ],
)
def test_the_country_of_the_locale(environ: dict[str, str], country: str | None) -> None:
    assert machine_country(environ) == country
