"""Errors about what was given where, worded with the option or argument that gave it: a pack
name that names no pack is a usage error of its option (`Invalid value for '--pack'`), and a
file of the wrong kind says which option or argument wants it instead. The engine cannot say
either (it knows no flag); the click context of the running command can."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import click

from ..errors import FollowupError, InputError, UnknownPackError, UsageError, WrongKindError

# The parameters (by their click names) that take a pack, and those that take a timeline.
TAKES: Final[dict[str, tuple[str, ...]]] = {
    "pack": ("pack", "packs", "base"),
    "timeline": ("timeline", "file", "files", "inputs"),
}
KIND_WORDS: Final[dict[str, str]] = {"pack": "a policy pack", "timeline": "a timeline"}


def reworded(exc: FollowupError, ctx: click.Context | None = None) -> FollowupError:
    """`exc` as the command line says it, given the parameters of the running command (the
    current click context by default); `exc` itself when neither applies."""
    ctx = ctx or click.get_current_context(silent=True)
    if ctx is None:
        return exc
    if isinstance(exc, UnknownPackError):
        param = _given(ctx, exc.ref, TAKES["pack"], by_path=False)
        return exc if param is None else UsageError(exc.message, _label(param), exc.hint)
    if isinstance(exc, WrongKindError) and exc.location is not None:
        param = _given(ctx, exc.location.path, TAKES[exc.wanted], by_path=True)
        if param is None:
            return exc
        wants = f"{exc.message}: {_label(param)} wants {KIND_WORDS[exc.wanted]}"
        other = next(
            (p for p in ctx.command.params if p.name in TAKES[exc.found] and p is not param),
            None,
        )
        fix = (
            f"pass it as {_label(other)} instead"
            if other is not None
            else f"followup validate checks {KIND_WORDS[exc.found]}"
        )
        return InputError(wants, exc.location, fix)
    return exc


def _given(
    ctx: click.Context, value: str, names: tuple[str, ...], *, by_path: bool
) -> click.Parameter | None:
    """The parameter among `names` that was given `value` (one of its values, if several)."""
    for param in ctx.command.params:
        if param.name not in names:
            continue
        given: Any = ctx.params.get(param.name)
        values = given if isinstance(given, tuple | list) else (given,)
        for v in values:
            if v is None:
                continue
            if str(v) == value or (by_path and Path(str(v)) == Path(value)):
                return param
    return None


def _label(param: click.Parameter) -> str:
    """How click's messages name a parameter: `--pack`, `TIMELINE`, `PACKS`."""
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return param.human_readable_name.strip("[]").removesuffix("...")
