"""followup/carry.py builds durable-rules 2.0.28 with the upstream fix for Python 3.13: it
applies that change and only that, checked by checksums, and refuses anything else."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from followup import carry


def test_a_file_other_than_the_one_the_fix_was_made_against_is_refused() -> None:
    with pytest.raises(carry.CarryError, match=r"not the 2\.0\.28 file"):
        carry.patched(b"result = PyEval_CallObject(callback, arglist);\n")


def test_nothing_to_do_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as stop:
        carry.main([])
    assert stop.value.code == 2


@pytest.mark.skipif(sys.version_info >= (3, 13), reason="builds and installs on 3.13")
def test_before_3_13_there_is_nothing_to_carry(capsys: pytest.CaptureFixture[str]) -> None:
    assert carry.main(["--install"]) == 0
    assert "nothing to carry" in capsys.readouterr().out


def test_the_real_sdist_builds_with_exactly_the_fix(tmp_path: Path) -> None:
    """The sdist from the index, checked and patched: the checksums in carry.py are those of
    the real files (built here for this Python with --force; .ci/run installs it on 3.13)."""
    fetch = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q",
             "-d", str(tmp_path / "probe"), f"durable-rules=={carry.VERSION}"]  # fmt: skip
    try:
        fetched = subprocess.run(fetch, capture_output=True, check=False, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.skip("the package index does not answer: there is no durable-rules sdist to build")
    if fetched.returncode != 0:
        pytest.skip("no package index reachable: there is no durable-rules sdist to build")
    assert carry.main(["--force", "--wheel-dir", str(tmp_path / "wheels")]) == 0
    (wheel,) = (tmp_path / "wheels").glob(f"durable_rules-{carry.VERSION}-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    assert any(n.startswith("durable_rules_engine") and n.endswith(".so") for n in names)


def test_a_wheel_dir_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    """(From a review: it was a traceback.) Said before anything is fetched."""
    blocker = tmp_path / "wheels"
    blocker.write_text("a file", encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        carry.main(["--force", "--wheel-dir", str(blocker)])
    assert stop.value.code == 2
