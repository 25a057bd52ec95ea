"""What several subcommands check of their options, worded as the CLI's usage errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..analysis.simulate import check_until as check_horizon
from ..dates.days import DaySpec, resolve, today_in
from ..errors import FollowupError, UsageError
from ..io.safeyaml import STDIN_NAME
from ..load.packs import load_pack
from ..model import Pack, Timeline
from . import remedies


def day_option(spec: DaySpec | None, timezone: str, param: str) -> dt.date | None:
    """The date an option such as `--as-of tomorrow` names for a candidate in `timezone`
    (None when it was not given); a usage error naming the option when it cannot be used."""
    if spec is None:
        return None
    try:
        return resolve(spec, timezone)
    except FollowupError as exc:
        raise UsageError(exc.message, param, exc.hint) from None


def as_of_option(spec: DaySpec | None, timezone: str) -> dt.date:
    """`--as-of`, or today where the candidate lives."""
    return day_option(spec, timezone, "--as-of") or today_in(timezone)


def check_until(as_of: dt.date, until: dt.date) -> None:
    """`--simulate --until UNTIL` from `as_of`: a usage error naming --until if it cannot be."""
    try:
        check_horizon(as_of, until)
    except FollowupError as exc:
        raise UsageError(exc.message, "--until", remedies.hint(exc)) from None


PACK_FILE_SUFFIXES = (".yaml", ".yml", ".json")
NO_PACK_HINT = (
    "give --pack NAME, set FOLLOWUP_PACK, or name it in the timeline (pack: clue-wagon@^2)"
)


def pack_ref(given: str | None, timeline: Timeline) -> str:
    """The pack to use: `--pack` (or FOLLOWUP_PACK, which click reads into it), else the
    timeline's own `pack:` (a pack file there is relative to the timeline's folder)."""
    if given:
        return given
    ref = timeline.pack
    if not ref:
        raise UsageError("no pack to evaluate the timeline with", "--pack", NO_PACK_HINT)
    relative = ref.endswith(PACK_FILE_SUFFIXES) and not Path(ref).is_absolute()
    if relative and timeline.path and timeline.path != STDIN_NAME:
        return str(Path(timeline.path).parent / ref)
    return ref


def given_pack(ref: str | None, pack_path: tuple[Path, ...]) -> Pack | None:
    """The pack `--pack` (or FOLLOWUP_PACK) names, loaded before the timeline so that its
    errors come first, as before there was a default; None when neither names one."""
    return load_pack(ref, pack_path) if ref else None


def chosen_pack(given: Pack | None, timeline: Timeline, pack_path: tuple[Path, ...]) -> Pack:
    """`given`, else the pack the timeline names (pack_ref)."""
    return given or load_pack(pack_ref(None, timeline), pack_path)
