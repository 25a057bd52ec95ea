"""One root error class: every exception class followup defines derives from FollowupError.

For those the user can cause, the CLI prints `path:line:col: error: message` and exits 2
(unreadable input) or 1 (findings). An EngineError is a bug: the CLI reports it as it reports
any other exception escaping the engine, with exit 3 and the traceback in its log file.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

# What gets the user past an error when that is a command-line option. The engine names the
# remedy, and the command layer the option (engine/commands/remedies.py): no module below the
# command line knows a flag, so a library caller never reads about one.
Remedy = Literal[
    "replace_output",  # write over the existing file after all
    "other_output",  # write to another file
    "print_output",  # print instead of writing a file
    "pack_folder",  # look for packs in another folder too
    "later_end",  # end the simulation on a later day, or start it earlier
    "save_comparison",  # save a comparison as the machine-readable document a baseline is
    "map_column",  # say which field a spreadsheet's column gives
    "day_first",  # read a spreadsheet's numeric dates day first
    "month_first",  # read them month first
    "carry_core",  # build durable-rules with the upstream fix for Python 3.13 (followup.carry)
    "reinstall_core",  # reinstall durable-rules for this Python
]


class Location(NamedTuple):
    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


class FollowupError(Exception):
    """An error in the user's input or invocation, with where it happened (but see EngineError)."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        hint: str = "",
        remedy: Remedy | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint
        self.remedy = remedy

    def format(self, hint: str | None = None) -> str:
        """`path:line:col: error: message (hint)`; `hint` replaces the error's own (the
        command line adds its wording of the remedy)."""
        where = f"{self.location}: " if self.location else ""
        said = self.hint if hint is None else hint
        return f"{where}error: {self.message}" + (f" ({said})" if said else "")

    def __str__(self) -> str:
        return self.format()


class InputError(FollowupError):
    """A file could not be read, parsed or validated (exit 2)."""


class UnknownPackError(InputError):
    """A pack reference that is a name, not a file, and names no pack (`clue-wagn`): the
    command line says so as a usage error of the option or argument that gave `ref`."""

    def __init__(self, message: str, ref: str, hint: str = "") -> None:
        super().__init__(message, Location(ref), hint)
        self.ref = ref


class WrongKindError(InputError):
    """A followup file of one kind given where the other is wanted (a timeline as a pack):
    `found` and `wanted` are "pack" or "timeline"; the command line names where it belongs."""

    def __init__(self, location: Location, found: str, wanted: str) -> None:
        hint = f"give a {wanted} file here"
        super().__init__(f"this is a {found}, not a {wanted}", location, hint)
        self.found = found
        self.wanted = wanted


class PackError(FollowupError):
    """A pack is readable but invalid (exit 2 when it is the input of `run`)."""


class UsageError(FollowupError):
    """A command-line value that cannot be used: the CLI reports it as click reports a bad
    option, naming `param` (an option such as `--until`, or an argument such as `NAME`)."""

    def __init__(self, message: str, param: str, hint: str = "") -> None:
        super().__init__(message, None, hint)
        self.param = param


class EngineError(FollowupError):
    """The matching core misbehaved: never the user's fault, always reported as a bug.

    Anything that turns a FollowupError into a message for the user must let this one through.
    """

    exit_code = 3
