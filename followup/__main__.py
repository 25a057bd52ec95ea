"""The `followup` console command and `python -m followup`.

Ctrl-C must end the command with one line and exit 130 at any moment, including while click
and the engine are still being imported (about 50 ms), before cli.py's own guard exists: so the
SIGINT handler goes up first, in this module, which imports nothing heavy.
"""

from __future__ import annotations

import importlib
import signal
import sys
from types import FrameType, ModuleType

INTERRUPTED = 130


class Interrupted(BaseException):
    """Ctrl-C. A BaseException, so that nothing on the way up mistakes it for an error (click
    turns a KeyboardInterrupt into "Aborted!" and exit 1), while `finally` blocks still run."""


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    raise Interrupted


def _cli() -> ModuleType:
    try:  # installed: cli.py lives inside this package
        return importlib.import_module(f"{__package__ or 'followup'}.cli")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__ or 'followup'}.cli":
            raise
    return importlib.import_module("cli")  # a source checkout: cli.py at the project root


def main() -> None:
    signal.signal(signal.SIGINT, _on_sigint)
    try:
        _cli().main(prog_name="followup")
    except Interrupted:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt this
        try:
            sys.stderr.write("followup: interrupted\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
        sys.exit(INTERRUPTED)


if __name__ == "__main__":
    main()
