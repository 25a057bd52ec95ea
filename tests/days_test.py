"""engine/dates/days.py: `--as-of` and `--until` as a date or a day counted from today."""

from __future__ import annotations

import datetime as dt

import pytest
from cli_support import EXAMPLE_TIMELINE, invoke, run_json
from hypothesis import given
from hypothesis import strategies as st

from engine.dates.calendar import DayError
from engine.dates.days import RelativeDay, parse_day_spec, resolve, today_in

ZONE = "America/Chicago"  # the example timeline's


@pytest.mark.parametrize(
    ("text", "days"),
    [("today", 0), ("Tomorrow", 1), ("yesterday", -1), ("+3d", 3), ("-14d", -14), ("+0d", 0)],
)
def test_words_and_offsets_are_days_from_today(text: str, days: int) -> None:
    spec = parse_day_spec(text)
    assert spec == RelativeDay(days, text)
    assert resolve(spec, ZONE) == today_in(ZONE) + dt.timedelta(days=days)


def test_a_date_is_itself_wherever_the_candidate_lives() -> None:
    day = parse_day_spec("2026-11-21")
    assert day == dt.date(2026, 11, 21)
    assert resolve(day, "Pacific/Kiritimati") == resolve(day, "Pacific/Pago_Pago") == day


def test_today_is_where_the_candidate_lives() -> None:
    # 26 hours apart: somewhere it is always a different day from the other.
    east, west = resolve(RelativeDay(0, "today"), "Pacific/Kiritimati"), resolve(
        RelativeDay(0, "today"), "Pacific/Pago_Pago"
    )
    assert (east - west).days in (1, 2)


@pytest.mark.parametrize("text", ["+3", "3d", "+3 d", "next week", "2026-2-3", "+1w", ""])
def test_anything_else_is_refused_naming_every_accepted_form(text: str) -> None:
    with pytest.raises(DayError) as caught:
        parse_day_spec(text)
    assert caught.value.message == f"{text!r} is not a day"
    assert caught.value.hint == "use YYYY-MM-DD, today, tomorrow, yesterday, +Nd or -Nd"


def test_an_impossible_date_says_so() -> None:
    with pytest.raises(DayError, match="'2026-02-30' is not a real date"):
        parse_day_spec("2026-02-30")


def test_a_day_outside_the_supported_range_says_which_day_it_was() -> None:
    with pytest.raises(DayError, match=r"'\+99999d' is 2[0-9]{3}-.*outside the supported dates"):
        resolve(parse_day_spec("+99999d"), ZONE)


@given(st.integers(min_value=-30_000, max_value=30_000))
def test_an_offset_round_trips_through_its_text(n: int) -> None:
    text = f"{n:+d}d"
    spec = parse_day_spec(text)
    assert isinstance(spec, RelativeDay) and spec.days == n


def test_run_compare_and_draft_take_a_relative_as_of() -> None:
    today = today_in(ZONE)
    report = run_json(EXAMPLE_TIMELINE, "clue-wagon", "tomorrow")
    assert report["as_of"] == (today + dt.timedelta(days=1)).isoformat()
    assert report == run_json(EXAMPLE_TIMELINE, "clue-wagon", (today + dt.timedelta(1)).isoformat())
    compared = invoke(
        ["compare", str(EXAMPLE_TIMELINE), "--all", "--as-of", "-2d", "--format", "json"]
    )
    assert compared.exit_code == 0, compared.stderr
    assert f'"as_of": "{(today - dt.timedelta(days=2)).isoformat()}"' in compared.stdout
    draft = ["draft", str(EXAMPLE_TIMELINE), "--pack", "clue-wagon", "-a", "acme-pm"]
    drafted = invoke([*draft, "--as-of", "today"])
    assert drafted.exit_code == 0, drafted.stderr
    assert f"as of {today:%a %Y-%m-%d}" in drafted.stdout


def test_simulate_until_a_relative_day_and_its_usage_errors() -> None:
    today = today_in(ZONE)
    args = ["run", str(EXAMPLE_TIMELINE), "--pack", "clue-wagon", "--simulate"]
    ok = invoke([*args, "--as-of", "today", "--until", "+20d"])
    assert ok.exit_code == 0, ok.stderr
    assert f"to {(today + dt.timedelta(days=20)).isoformat()}" in ok.stdout.splitlines()[0]
    bad = invoke([*args, "--until", "soon"])
    assert bad.exit_code == 2
    assert "Invalid value for '--until': 'soon' is not a day (use YYYY-MM-DD, today" in bad.stderr
    before = invoke([*args, "--as-of", "today", "--until", "-1d"])
    assert before.exit_code == 2 and "--until" in before.stderr and "Traceback" not in before.stderr
