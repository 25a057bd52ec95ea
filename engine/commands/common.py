"""What several subcommands check of their options, worded as the CLI's usage errors."""

from __future__ import annotations

import datetime as dt

from ..analysis.simulate import check_until as check_horizon
from ..errors import FollowupError, UsageError
from . import remedies


def check_until(as_of: dt.date, until: dt.date) -> None:
    """`--simulate --until UNTIL` from `as_of`: a usage error naming --until if it cannot be."""
    try:
        check_horizon(as_of, until)
    except FollowupError as exc:
        raise UsageError(exc.message, "--until", remedies.hint(exc)) from None
