"""What a pack's test cases refer to, checked when the pack loads: the rules, prohibitions and
limits they name exist, and no expectation asks for what its rule can never recommend (an `absent`
entry that can never match would pass silently, testing nothing)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..io.safeyaml import Document
from ..model import Pack, Rule
from . import validation


def case_findings(pack: Pack, doc: Document) -> Iterator[validation.Finding]:
    data = doc.data if isinstance(doc.data, dict) else {}
    rules = {rule.id: rule for rule in pack.rules}
    # A test may check that a disabled inherited rule stays silent.
    testable = set(rules) | set(data.get("disable", []))
    against = set(rules) | {p.id for p in pack.prohibitions} | {lim.id for lim in pack.limits}
    for t, case in enumerate(data.get("tests", [])):
        for key in ("expect", "absent"):
            for j, exp in enumerate(case.get(key, [])):
                at = ("tests", t, key, j)
                rid = exp.get("rule")
                if rid is not None and rid not in testable:
                    yield validation.Finding(
                        doc.locate((*at, "rule")),
                        f"no rule {rid!r} in this pack{validation.did_you_mean(rid, testable)}",
                    )
                elif rid in rules:
                    yield from _impossible(rules[rid], exp, doc, at, key)
        for j, exp in enumerate(case.get("findings", [])):
            name = exp.get("against")
            if name is not None and name not in against:
                yield validation.Finding(
                    doc.locate(("tests", t, "findings", j, "against")),
                    f"no rule, prohibition or limit {name!r} in this pack"
                    + validation.did_you_mean(name, against),
                )


def _impossible(
    rule: Rule, exp: dict[str, Any], doc: Document, at: tuple[str | int, ...], key: str
) -> Iterator[validation.Finding]:
    """Each field of the expectation that `rule` never recommends with."""
    action = rule.action
    never: list[tuple[str, str]] = []
    if "kind" in exp and exp["kind"] != action.kind:
        never.append(("kind", f"its kind is {action.kind}"))
    if "channel" in exp and exp["channel"] not in action.channels:
        offered = ", ".join(action.channels) or "none"
        never.append(("channel", f"its channels are {offered}"))
    if (
        "recipient" in exp
        and exp["recipient"] not in action.recipients
        # these can be anybody's role
        and not {"anchor_contact", "most_contacted"} & set(action.recipients)
    ):
        never.append(("recipient", f"it goes to {', '.join(action.recipients) or 'nobody'}"))
    if "optional" in exp and exp["optional"] != action.optional:
        never.append(("optional", f"it is {'' if action.optional else 'not '}optional"))
    cap = rule.timing.max_attempts
    if "attempt" in exp and cap is not None and exp["attempt"] > cap:
        never.append(("attempt", f"it makes at most {cap} attempts"))
    for field, why in never:
        what = "passes whatever happens" if key == "absent" else "fails whatever happens"
        yield validation.Finding(
            doc.locate((*at, field)),
            f"this {key} entry can never match rule {rule.id!r} ({why}), so it {what} "
            f"(fix its {field})",
        )
