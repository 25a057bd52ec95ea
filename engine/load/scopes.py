"""Prohibitions, checked when a pack loads: which rules break one, and what the schema cannot
say about a scope (pack_format 2, docs/packs.md "Scoped prohibitions").

An unscoped prohibition is checked literally: a rule whose action names a banned channel or
role breaks it. A scoped one holds only at times, which the audit judges event by event
(engine/analysis/scopes.py); a rule breaks it here only when the scope holds for every attempt
the rule can ask for: a scope of `after` and `stage` alone, with the rule's anchor inside
`after` and its stages inside `stage`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..core.patterns import inside
from ..errors import Location
from ..io.safeyaml import Document
from ..model import Pack, Prohibition, Rule
from . import validation

__all__ = ["ban_findings", "breaks", "scope_findings"]

# The scope keys that, once they hold at a rule's anchor, hold at each of its attempts.
_LASTING = frozenset({"after", "stage"})


def breaks(rule: Rule, ban: Prohibition) -> str:
    """What of `rule`'s action the prohibition forbids whenever the rule asks for it ("hr",
    "email, phone"; "" when it never does, or only at times the audit judges)."""
    if rule.id in ban.except_rules:
        return ""
    action = rule.action
    if ban.channels or ban.recipients:
        bad = (set(action.channels) & set(ban.channels)) | (
            set(action.recipients) & set(ban.recipients)
        )
    elif ban.scope is not None:  # a scoped prohibition of every follow-up and thank-you
        bad = set(action.channels)
    else:
        return ""  # it forbids nothing, which scope_findings reports
    if not bad:
        return ""
    scope = ban.scope
    if scope is not None:
        if not set(scope.keys()) <= _LASTING:
            return ""
        if scope.after is not None and not inside(rule.anchor, [scope.after]):
            return ""
        if scope.stages and not (rule.stages and set(rule.stages) <= set(scope.stages)):
            return ""
    return ", ".join(sorted(bad))


def ban_findings(pack: Pack, rule: Rule, doc: Document, own: bool) -> Iterator[validation.Finding]:
    """The prohibitions `rule` breaks, at its action (or, for an inherited rule, at the
    prohibition of this document that it breaks)."""
    for ban in pack.prohibitions:
        what = breaks(rule, ban)
        if what:
            loc = doc.locate((*rule.where, "action")) if own else _location(ban, doc)
            when = "" if ban.scope is None else " whenever the rule applies"
            yield validation.Finding(
                loc,
                f"rule {rule.id!r} recommends {what}, which prohibition {ban.id!r} forbids{when}",
            )


def _location(ban: Prohibition, doc: Document) -> Location:
    for k, raw in enumerate(doc.data.get("prohibitions", [])):
        if raw.get("id") == ban.id:
            return doc.locate(("prohibitions", k))
    return doc.locate(("extends",))


def scope_findings(pack: Pack, doc: Document) -> Iterator[validation.Finding]:
    """The pack's own prohibitions' problems that the schema cannot see."""
    data = doc.data if isinstance(doc.data, dict) else {}
    own = data.get("prohibitions", [])
    taken = {r.id: "rule" for r in pack.rules}
    taken |= {p.id: "prohibition" for p in pack.prohibitions[: len(pack.prohibitions) - len(own)]}
    for k, raw in enumerate(own):
        at = ("prohibitions", k)
        if raw["id"] in taken:
            yield validation.Finding(
                doc.locate((*at, "id")),
                f"duplicate id {raw['id']!r}: a {taken[raw['id']]} has it already (rules, "
                "prohibitions and limits share one set of ids, which pack tests' `against` "
                "names)",
            )
        taken[raw["id"]] = "prohibition"
        if not raw.get("channels") and not raw.get("recipients") and "scope" not in raw:
            yield validation.Finding(
                doc.locate(at),
                f"prohibition {raw['id']!r} forbids nothing: give it channels or recipients "
                "(or, in pack_format 2, a scope: a scoped prohibition of neither forbids every "
                "follow-up and thank-you within it)",
            )
        scope: Any = raw.get("scope", {})
        stated = scope.get("before_stated_date") if isinstance(scope, dict) else None
        if isinstance(stated, dict) and stated:
            ((_, span),) = stated.items()
            if not isinstance(span, int):
                yield validation.Finding(
                    doc.locate((*at, "scope", "before_stated_date")),
                    "`before_stated_date` is one length, not a window (write `{weeks: 1}`, "
                    "or `{days: 0}` for before the date itself)",
                )
