"""What one evaluation of one application found, for everything that reads it.

NamedTuples, not dataclasses: `followup run` imports them on every start, and a frozen
dataclass costs several times more to define.

explain reads the verdicts, the audit the ledger's counts, drafts and agenda the
recommendations' anchors: nothing re-derives what the evaluation decided.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ..outcomes import Recommendation
from .adapter import Match
from .ledger import Ledger
from .state import Check


class Verdict(NamedTuple):
    """Pack rule `rule` (its index) at the anchor event at ledger position `anchor`.

    `fired` is durable_rules' decision; `checks` are the rule's conditions with what was found
    (they agree with it, or evaluate raises); `recommendations` are what a fired rule asks for:
    one, or with `each` one per recipient contact (engine/core/recipients.py).
    """

    rule: int
    anchor: int
    fired: bool
    checks: tuple[Check, ...]
    recommendations: tuple[Recommendation, ...]


class AppTrace(NamedTuple):
    """One application's evaluation: its ledger, the facts asserted, durable's matches, and a
    verdict per rule and anchor (in the pack's rule order, then time order)."""

    ledger: Ledger
    facts: tuple[dict[str, Any], ...]
    matches: tuple[Match, ...]
    verdicts: tuple[Verdict, ...]
