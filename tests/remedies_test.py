"""The engine names no command-line flag: its errors carry a Remedy, which the command layer
words with the option (engine/commands/remedies.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import get_args

import pytest
from cli_support import EXAMPLE_TIMELINE, invoke

from engine.commands import remedies
from engine.errors import InputError, PackError, Remedy
from engine.io.fileio import check_new_file, refuse_inputs
from engine.load.packs import load_pack


def test_every_remedy_has_the_command_line_s_words() -> None:
    assert set(remedies.REMEDIES) == set(get_args(Remedy))


def test_a_library_caller_reads_no_flag(tmp_path: Path) -> None:
    existing = tmp_path / "report.txt"
    existing.write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as exists:
        check_new_file(existing, force=False)
    with pytest.raises(InputError) as same:
        refuse_inputs(existing, [existing])
    pack = tmp_path / "mine.yaml"
    pack.write_text(
        "pack_format: 1\nname: mine\nversion: 0.1.0\nextends: nothing-like-it@^1.0.0\n",
        encoding="utf-8",
    )
    with pytest.raises(PackError) as base:
        load_pack(pack)
    errors = [exists.value, same.value, base.value]
    assert [e.remedy for e in errors] == ["replace_output", "other_output", "pack_folder"]
    assert all("--" not in str(e) for e in errors), [str(e) for e in errors]
    assert [remedies.hint(e) for e in errors] == [
        "use --force to replace it",
        "choose another --output",
        "give --pack-path the folder that holds it",
    ]


def test_the_command_line_words_the_remedy_after_the_engine_s_hint(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    try:
        os.mkfifo(fifo)
    except (AttributeError, OSError):
        pytest.skip("no named pipes here")
    args = ["run", str(EXAMPLE_TIMELINE), "--pack", "clue-wagon", "--as-of", "2026-11-21"]
    result = invoke([*args, "--output", str(fifo)])
    assert result.exit_code == 2
    assert result.stderr.endswith("(name a new file; to print the output, leave out --output)\n")
