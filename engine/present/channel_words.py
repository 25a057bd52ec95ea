"""How a ranked or rotating list of channels is said (docs/packs.md, "Channel preference and
rotation"): once here, for run's line, `show`, `--explain` and drafts."""

from __future__ import annotations

from ..vocabulary import Channel
from .words import CHANNEL_BY, CHANNEL_NAME, by_channel


def _after_by(channel: Channel) -> str:
    """A channel after a first "by ...": "email" (the "by" is said once), "in person"."""
    return CHANNEL_BY.get(channel, CHANNEL_NAME[channel])


def ranked_by(channels: tuple[Channel, ...]) -> str:
    """Run's line: "by handwritten note (best) or email"; "by email (best), phone or text
    message"."""
    best, *rest = channels
    others = [_after_by(c) for c in rest]
    tail = " or ".join(others) if len(others) <= 2 else ", ".join(others[:-1]) + " or " + others[-1]
    return f"{by_channel(best)} (best)" + (f" or {tail}" if len(others) == 1 else f", {tail}")


def or_else(channels: tuple[Channel, ...]) -> str:
    """`show`'s ranked list: "by handwritten note, or else email, or else phone"."""
    best, *rest = channels
    return ", or else ".join([by_channel(best), *(_after_by(c) for c in rest)])


def in_turn(channels: tuple[Channel, ...]) -> str:
    """A rotation's channels in their order: "email, then phone, then LinkedIn message"."""
    return ", then ".join(CHANNEL_NAME[c] for c in channels)
