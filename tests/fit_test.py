"""Text output fitted to a width (engine/present/fit.py): the helpers, and every text output of
the command line at 60 and 80 columns, for every built-in pack. A width comes from COLUMNS
(engine/commands/terminal.py); with none, the output is what it always was."""

from __future__ import annotations

import json
from functools import cache

import pytest
from cli_support import EXAMPLE_TIMELINE, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import builtin_pack_names
from engine.present.fit import MAX_WIDTH, MIN_WIDTH, Layout, cells, cut, pad, wrap, wrap_line

AS_OF = "2026-11-21"
TIMELINE = str(EXAMPLE_TIMELINE)
SIMULATE = ("--simulate", "--until", "2027-01-01")
NOTHING_SET = {"COLUMNS": None, "FOLLOWUP_PACK": None, "FOLLOWUP_TIMELINE": None}


def _commands(pack: str) -> dict[str, list[str]]:
    """Every text output of one pack (run --explain prints all that run prints, and more)."""
    run = ["run", TIMELINE, "--pack", pack, "--as-of", AS_OF]
    return {
        "run": [*run, "--explain"],
        "simulate": [*run, *SIMULATE],
        "agenda": ["agenda", TIMELINE, "--pack", pack, "--as-of", AS_OF, "--days", "60"],
        "show": ["show", pack],
        "test": ["test", pack],
    }


COMPARE = ["compare", TIMELINE, "--all", "--as-of", AS_OF]


@cache
def _out(columns: int | None, *args: str) -> str:
    env = {**NOTHING_SET, "COLUMNS": None if columns is None else str(columns)}
    result = invoke(list(args), env=env)
    assert result.exit_code == 0, (args, result.stderr, result.exception)
    return result.stdout


def _longest(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def _words(text: str) -> str:
    """The text without its whitespace: what wrapping must keep (a long word may be broken)."""
    return "".join(text.split())


# --- the helpers ---------------------------------------------------------------------------------


def test_a_layout_fits_lines_to_the_width_and_prose_to_at_most_max_width() -> None:
    assert (Layout().lines, Layout().prose) == (None, None)
    assert (Layout(80).lines, Layout(80).prose) == (80, 80)
    assert (Layout(200).lines, Layout(200).prose) == (200, MAX_WIDTH)
    assert (Layout(10).lines, Layout(10).prose) == (MIN_WIDTH, MIN_WIDTH)


def test_wrap_keeps_every_word_within_the_width_under_its_hanging_indent() -> None:
    text = "follow up by email to Dana Whitfield (hiring manager) " * 4 + "x" * 70
    lines = wrap(text, 40, 2, 6)
    assert max(len(line) for line in lines) <= 40
    assert lines[0].startswith("  follow") and not lines[0].startswith("   ")
    assert all(line.startswith(" " * 6) for line in lines[1:])
    assert _words("\n".join(lines)) == _words(text)  # the 70 x's broken, nothing lost
    assert wrap(text, None, 2) == ["  " + text]  # no width: whole
    assert wrap_line("    quoted " + "word " * 20, 40)[1].startswith(" " * 6 + "word")


def test_a_control_character_is_measured_as_the_escape_that_is_printed() -> None:
    text = "\x1b" * 30 + " end"  # each printed as \x1b, four characters
    lines = wrap(text, 40)
    assert "\x1b" not in "".join(lines)
    assert max(len(line) for line in lines) <= 40
    assert "".join(lines).replace(" ", "").count("\\x1b") == 30


def test_cut_ends_a_cut_line_with_an_ellipsis() -> None:
    assert cut("abcdef", 4) == "abc…"
    assert cut("abcd", 4) == cut("abcd", None) == "abcd"


# --- every output, fitted ------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [60, 80])
def test_no_line_of_any_text_output_is_wider_than_columns(columns: int) -> None:
    widest = {}
    for pack in builtin_pack_names():
        for name, args in _commands(pack).items():
            widest[f"{name} {pack}"] = _longest(_out(columns, *args))
    widest["compare"] = _longest(_out(columns, *COMPARE))
    widest["compare --simulate"] = _longest(_out(columns, *COMPARE, *SIMULATE))
    widest["packs"] = _longest(_out(columns, "packs"))
    assert max(widest.values()) <= columns, {k: v for k, v in widest.items() if v > columns}
    unfitted = _longest(_out(None, *COMPARE))
    assert unfitted > 200  # the lines that were fitted were long ones


@pytest.mark.parametrize("pack", builtin_pack_names())
def test_fitting_only_moves_line_breaks(pack: str) -> None:
    for name in ("run", "simulate", "show"):
        args = _commands(pack)[name]
        assert _words(_out(60, *args)) == _words(_out(None, *args)), name


def test_a_wide_terminal_wraps_prose_at_100_and_keeps_the_compare_table() -> None:
    for pack in builtin_pack_names():
        for name in ("run", "show"):
            assert _longest(_out(200, *_commands(pack)[name])) <= MAX_WIDTH, (name, pack)
    wide = _out(200, *COMPARE).splitlines()
    assert any(line.split() == ["pack", "next", "action", "status", "when", "channel", "to",
                                "whom"] for line in wide)  # fmt: skip
    assert 100 < _longest(_out(200, *COMPARE)) <= 200  # the table, across the terminal


def test_compare_is_stacked_when_its_table_does_not_fit() -> None:
    narrow = _out(80, *COMPARE)
    assert "  pack  " not in narrow  # no header row
    data = json.loads(_out(None, *COMPARE, "--format", "json"))
    for app in data["applications"]:
        block = narrow.split(f"\n{app['id']}: ", 1)[1].split("\n\n", 1)[0]
        for pack in builtin_pack_names():
            assert f"\n  {pack}: " in block, (app["id"], pack)  # each pack's action, by name
    assert "\n    to whom: " in narrow


def test_other_formats_do_not_depend_on_the_width() -> None:
    for args in (
        ["run", TIMELINE, "--pack", "clue-wagon", "--as-of", AS_OF, "--format", "json"],
        ["run", TIMELINE, "--pack", "clue-wagon", "--as-of", AS_OF, "--format", "markdown"],
        ["run", TIMELINE, "--pack", "clue-wagon", "--as-of", AS_OF, "--format", "ics"],
        [*COMPARE, "--format", "markdown"],
        ["show", "clue-wagon", "--format", "json"],
    ):
        assert _out(40, *args) == _out(None, *args), args


def test_cells_count_wide_characters_twice_and_marks_not_at_all() -> None:
    assert (cells("コンニチハ"), cells("cafe\u0301"), cells("👍")) == (10, 4, 2)
    assert cut("コンニチハ", 6) == "コン…"  # the third would straddle the cut: left out whole
    assert all(cells(line) <= 13 for line in wrap("コンニチハ " * 4, 13))
    assert pad("コ", 4) == "コ  " and pad("abc", 2) == "abc"


# Names with characters two cells wide, none (combining marks), and of the ambiguous kind.
_WIDE_TEXT = st.lists(
    st.sampled_from(["コ", "ン", "漢", "字", "👍", "e\u0301", "a", " ", "Ω", "é"]),
    min_size=1,
    max_size=24,
).map("".join).filter(lambda s: s.strip() != "")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(company=_WIDE_TEXT, name=_WIDE_TEXT, columns=st.integers(min_value=40, max_value=120))
def test_no_line_is_wider_than_the_terminal_in_cells_whatever_the_names(
    company: str, name: str, columns: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    text = EXAMPLE_TIMELINE.read_text(encoding="utf-8")
    text = text.replace("Acme Corp", json.dumps(company, ensure_ascii=False))
    text = text.replace("Dana Whitfield", json.dumps(name, ensure_ascii=False))
    path = tmp_path_factory.mktemp("wide") / "t.yaml"
    path.write_text(text, encoding="utf-8")
    env = {**NOTHING_SET, "COLUMNS": str(columns)}
    for args in (
        ["run", str(path), "--pack", "clue-wagon", "--as-of", AS_OF],
        ["agenda", str(path), "--pack", "clue-wagon", "--as-of", AS_OF, "--days", "60"],
        ["compare", str(path), "--all", "--as-of", AS_OF],
    ):
        result = invoke(args, env=env)
        assert result.exit_code == 0, result.stderr
        wide = [line for line in result.stdout.splitlines() if cells(line) > columns]
        assert not wide, (args[0], columns, wide)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(st.sampled_from("ab -(),.x\t\n"), max_size=200),
    width=st.integers(min_value=10, max_value=90),
    indent=st.integers(min_value=0, max_value=8),
)
def test_ascii_wraps_as_cell_counting_wraps_it(text: str, width: int, indent: int) -> None:
    import textwrap

    import wcwidth

    first, rest = " " * indent, " " * (indent + 2)
    kwargs = {"initial_indent": first, "subsequent_indent": rest}
    # as fit.wrap hands them over: a tab as one space (the two expand tabs differently), and at
    # least 10 cells after the indent (below that the two differ on a trailing space)
    text = text.replace("\t", " ")
    width = max(width, len(first) + 10, len(rest) + 10)
    assert textwrap.wrap(text, width, break_on_hyphens=False, **kwargs) == wcwidth.wrap(
        text, width, break_on_hyphens=False, **kwargs
    )
