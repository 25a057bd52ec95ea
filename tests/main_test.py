"""followup/__main__.py: `python -m followup`, and Ctrl-C at any moment: exit 130, one line.

The interrupt is delivered deterministically at chosen points of the start-up imports (by an
import hook in the child that signals its own process), and once during the evaluation.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_support import ROOT, VERSIONS, WORKED_EXAMPLE

ARGS = ["run", str(WORKED_EXAMPLE), "--pack", "clue-wagon", "--as-of", "2026-11-21"]

# The child installs a finder that sends SIGINT to its own process as soon as MODULE is about
# to be imported, then starts the console entry point exactly as the installed script does.
CHILD = """
import os, signal, sys
MODULE = sys.argv[1]
class Trip:
    def find_spec(self, name, path=None, target=None):
        if name == MODULE:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, Trip())
del sys.argv[1]
from followup.__main__ import main
main()
"""


def test_python_dash_m_followup_runs_the_cli() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "followup", *ARGS],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"clue-wagon {VERSIONS['clue-wagon']}: ")
    version = subprocess.run(
        [sys.executable, "-m", "followup", "--version"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert version.stdout.startswith("followup, version ")


@pytest.mark.parametrize(
    "module",
    ["cli", "click", "click.core", "engine", "yaml", "engine.core.evaluate", "durable.engine",
     "engine.commands.run", "holidays"],
)  # fmt: skip
def test_ctrl_c_during_the_start_up_imports_is_exit_130_with_one_line(module: str) -> None:
    env = {**os.environ, "FOLLOWUP_NO_CACHE": "1"}  # so that `holidays` is imported too
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, module, *ARGS],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False, env=env,
    )  # fmt: skip
    assert (proc.returncode, proc.stderr) == (130, "followup: interrupted\n"), proc.stderr
    assert proc.stdout == ""


def test_ctrl_c_during_the_evaluation_is_exit_130_with_one_line(tmp_path: Path) -> None:
    text = WORKED_EXAMPLE.read_text(encoding="utf-8")
    head, _, app = text.partition("applications:\n")
    big = tmp_path / "big.yaml"
    big.write_text(
        head + "applications:\n" + "".join(app.replace("acme-pm", f"a{i}") for i in range(2000)),
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "followup", "run", str(big), "--pack", "clue-wagon",
         "--as-of", "2026-11-21"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(1.0)  # well past the imports: the 2,000 applications take several seconds
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert (proc.returncode, err, out) == (130, "followup: interrupted\n", "")
