"""What the CLI's contract says: exit codes, error-line shapes, characters no terminal gets."""

from __future__ import annotations

import re

TRACEBACK = "Traceback (most recent call last)"


# `path:line:col: error: message` (or `warning:`); the path may itself hold colons.
LOCATED = re.compile(
    r"^(?P<path>.+):(?P<line>[0-9]+):(?P<col>[0-9]+): (?P<severity>error|warning): (?P<msg>.*)$"
)


OPTION_ERROR = "followup: error: "


# The characters issue 8 item 8 names (ESC, BEL, a bare CR, the other C0 controls), plus those
# that act the same on some terminal or editor: DEL, the C1 controls (U+009B is CSI on 8-bit
# terminals), the line and paragraph separators and the bidirectional overrides and isolates.
# Written out here rather than imported from the engine: an oracle must not share the code it
# checks.
UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]")


# Human-readable formats, per subcommand: what a person reads in a terminal.
HUMAN_FORMATS = frozenset({"table", "markdown", "text"})


# ...and those scanned for control characters: an ICS file is read by people through their
# calendar, and RFC 5545 allows no control character but HTAB in a value.
SCANNED = HUMAN_FORMATS | {"ics"}


# What each subcommand may exit with (README, `followup COMMAND --help`): 1 is for findings.
ALLOWED_EXIT = {
    "run": {0, 2},
    "compare": {0, 2},
    "draft": {0, 2},
    "show": {0, 2},
    "validate": {0, 1, 2},
    "test": {0, 1, 2},
}


ALLOWED_EXIT_FAIL_ON_CHANGE = {0, 1, 2}
