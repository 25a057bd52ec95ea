"""The error guard around every subcommand: each failure becomes one line and its exit code.

0 ok; 1 findings; 2 usage or unreadable input (and a full disk); 3 a bug, with the traceback
written to followup.log in the cache folder, which the line names; 130 Ctrl-C. It also sets up
stdout: UTF-8 for file formats whatever the locale, replacements for terminal text.
"""

from __future__ import annotations

import errno
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import click

from ..errors import EngineError, FollowupError, UsageError
from ..present.formats import is_file_format
from ..present.textsafe import neutralise
from . import remedies
from .misplaced import reworded

ISSUES_URL = "https://github.com/followup-engine/followup/issues"

# OSErrors that say the machine, not followup, is at fault: reported in one line, exit 2.
_ENVIRONMENT_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS, errno.EFBIG, errno.ENXIO}
)


def _prepare_stdout(is_file: bool) -> None:
    """UTF-8 for file formats (present/formats.py says which), whatever the locale; for text,
    what the terminal can show (others replaced)."""
    stream = sys.stdout
    if not isinstance(stream, io.TextIOWrapper):  # CliRunner or an embedder's stream
        return
    if is_file:
        stream.reconfigure(encoding="utf-8", errors="strict")
    else:
        stream.reconfigure(errors="replace")


def _log_crash(exc: BaseException) -> str:
    """Write the traceback of a bug to followup's log file; return where it went."""
    import traceback

    return log_bug("".join(traceback.format_exception(exc)))


def log_bug(details: str) -> str:
    """Write what a bug report needs (the version, the command, `details`: a traceback) to
    followup's log file; return where it went."""
    import tempfile

    from ..io.cache import base_dir
    from ..version import __version__

    report = (
        f"followup {__version__} on Python {sys.version.split()[0]}\n"
        f"command: {' '.join(sys.argv)}\n" + details
    )
    for folder in (base_dir, lambda: Path(tempfile.gettempdir())):
        try:  # any failure here would hide the bug being reported: try the next place
            path = folder() / "followup.log"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(report, encoding="utf-8")
            return str(path)
        except Exception:
            continue
    return "nowhere (no writable folder)"


def guarded(run: Callable[[], int], fmt: str = "text", *, file: bool | None = None) -> None:
    """Turn every failure into one line on stderr and the documented exit code."""
    _prepare_stdout(is_file_format(fmt) if file is None else file)
    try:
        code = run()
        sys.stdout.flush()  # a full disk shows here, not in Python's shutdown
    except EngineError as exc:  # a FollowupError too, but a bug: never the one-line exit 2
        _internal_error(exc)
    except UsageError as exc:
        _usage_error(exc)
    except FollowupError as exc:
        said = reworded(exc)
        if isinstance(said, UsageError):  # a pack name that names no pack
            _usage_error(said)
        click.echo(error_line(said), err=True)
        sys.exit(said.exit_code)
    except KeyboardInterrupt:
        click.echo("followup: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:  # the reader went away (`| head`): nothing more to say to it
        _silence_stdout()
        sys.exit(0)
    except UnicodeEncodeError as exc:
        click.echo(
            f"followup: error: the output cannot be shown in this terminal's encoding "
            f"({exc.encoding}): use --format json, or a UTF-8 locale",
            err=True,
        )
        sys.exit(2)
    except OSError as exc:
        if exc.errno not in _ENVIRONMENT_ERRNOS:
            _internal_error(exc)
        _silence_stdout()
        click.echo(f"followup: error: cannot write the output: {exc.strerror or exc}", err=True)
        sys.exit(2)
    except Exception as exc:  # a bug: never show a traceback to a user
        _internal_error(exc)
    sys.exit(code)


def _usage_error(exc: UsageError) -> NoReturn:
    hint = remedies.hint(exc)
    ctx = click.get_current_context(silent=True)
    said = neutralise(exc.message + (f" ({hint})" if hint else ""), newlines=False)
    bad = click.BadParameter(said, ctx=ctx, param_hint=f"'{exc.param}'")
    bad.show()
    sys.exit(bad.exit_code)


def error_line(exc: FollowupError) -> str:
    """A user's error as its one line on stderr."""
    # File names and quoted values come from untrusted input: one line, no control codes.
    return neutralise(remedies.worded(exc), newlines=False)


def _internal_error(exc: Exception) -> NoReturn:
    log = _log_crash(exc)
    # A FollowupError's str() is the user-error line ("error: ..."): a bug report wants the message.
    bare = exc.message if isinstance(exc, FollowupError) else str(exc)
    said = neutralise(bare, newlines=False)[:200]
    click.echo(f"followup: internal error ({type(exc).__name__}: {said}). {sorry(log)}", err=True)
    sys.exit(3)


def sorry(log: str) -> str:
    """What a user is told of a bug, whose traceback is in the file `log`."""
    return (
        f"Sorry, this is a bug: the traceback is in {log}; please report it, with that file, "
        f"at {ISSUES_URL}"
    )


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that Python's final flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass
