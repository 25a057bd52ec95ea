"""Where the width and colour of text output come from (engine/commands/terminal.py): COLUMNS,
else the terminal written to, else none; colour as --color and NO_COLOR say."""

from __future__ import annotations

import io

import pytest

from engine.commands.terminal import layout, use_color, width


class FakeTerminal(io.StringIO):
    """A stream that says it is a terminal but has no file descriptor to measure."""

    def isatty(self) -> bool:
        return True


def test_columns_gives_the_width_whatever_the_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "72")
    assert width(io.StringIO()) == width(FakeTerminal()) == 72
    assert layout(io.StringIO(), quiet=True) == (72, False, True)


@pytest.mark.parametrize("columns", ["", "0", "-5", "wide", "\uff18\uff10"])
def test_without_a_usable_columns_a_pipe_has_no_width(
    monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    assert width(io.StringIO()) is None
    assert width(FakeTerminal()) is None  # a terminal that cannot be measured: none either


def test_colour_as_asked_and_auto_only_on_a_terminal_without_no_color(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color("always", io.StringIO()) and not use_color("never", FakeTerminal())
    assert use_color("auto", FakeTerminal()) and not use_color("auto", io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color("auto", FakeTerminal())
    assert layout(FakeTerminal(), color=True).color
