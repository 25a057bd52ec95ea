"""The command line's words for the remedy of an error: the engine says what gets the user past
it (engine/errors.py Remedy), and this module names the option that does."""

from __future__ import annotations

import shlex
import sys
from typing import Final

from ..errors import FollowupError, Remedy

REMEDIES: Final[dict[Remedy, str]] = {
    "replace_output": "use --force to replace it",
    "other_output": "choose another --output",
    "print_output": "to print the output, leave out --output",
    "pack_folder": "give --pack-path the folder that holds it",
    "later_end": "give a later day, or an earlier --as-of",
    "save_comparison": "save one with followup compare ... --format json",
    "map_column": "name a column's field with --map COLUMN=FIELD",
    "day_first": "if the file writes the day first, use --day-first",
    "month_first": "if the file writes the month first, leave out --day-first",
    # {python}: this interpreter, the one the fix is for
    "carry_core": "run `{python} -m followup.carry --install`",
    "reinstall_core": "run `{python} -m pip install --force-reinstall durable-rules==2.0.28`",
}


def hint(exc: FollowupError) -> str:
    """The error's hint, and its remedy in the command line's words."""
    python = shlex.quote(sys.executable)  # a path with spaces stays one word when pasted
    remedy = REMEDIES[exc.remedy].format(python=python) if exc.remedy is not None else ""
    said = [exc.hint, remedy]
    return "; ".join(part for part in said if part)


def worded(exc: FollowupError) -> str:
    """The error's one line as the command line prints it."""
    return exc.format(hint(exc))
