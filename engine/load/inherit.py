"""What a pack's `extends`, `disable` and `override` mean: the base it asks for, and the rules
it takes from that base.

Finding and building the base is the loader's (engine/load/packs.py): a base may extend
another, so building it is the same recursion as building any pack.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ..errors import Location, PackError
from ..io.safeyaml import Document
from ..model import Pack, Rule
from . import validation
from .formats import pack_format
from .rules import build_rule


class Extends(NamedTuple):
    """A pack's `extends: NAME@RANGE`, parsed."""

    name: str
    wanted: str  # the range as written; "" for any version
    spec: Any  # a semantic_version.NpmSpec: that package is imported only when a pack extends
    where: Location


def parse_extends(doc: Document, stack: tuple[str, ...]) -> Extends:
    """The base `doc` extends; a PackError if it is one of `stack`, the packs extending it."""
    import semantic_version  # only packs that extend another need it

    spec_text: str = doc.data["extends"]
    where = doc.locate(("extends",))
    name, _, wanted = spec_text.partition("@")
    if name in stack:
        raise PackError(
            f"packs extend each other in a cycle: {' -> '.join((*stack, name))}",
            where,
            "remove one of the extends",
        )
    try:
        spec = semantic_version.NpmSpec(wanted or "*")
    except ValueError:
        raise PackError(
            f"{wanted!r} is not a semver range", where, "use e.g. 1.0.0, ^1.0.0 or >=1.2 <2"
        ) from None
    return Extends(name, wanted, spec, where)


def check_version(base: Pack, extends: Extends) -> None:
    """A PackError unless the base found is at a version the range accepts."""
    import semantic_version

    if not extends.spec.match(semantic_version.Version(base.version)):
        raise PackError(
            f"{extends.name} is at version {base.version}, "
            f"which does not satisfy {extends.wanted!r}",
            extends.where,
            f"extend {extends.name}@{base.version} or widen the range",
        )


def inherited_rules(base: Pack, doc: Document, origin: str) -> list[Rule]:
    """The base's rules, minus `disable`, with each `override` applied key by key."""
    data = doc.data
    ids = [r.id for r in base.rules]
    for j, rid in enumerate(data.get("disable", [])):
        if rid not in ids:
            raise PackError(
                f"cannot disable {rid!r}: {base.ref} has no such rule"
                + validation.did_you_mean(rid, ids),
                doc.locate(("disable", j)),
            )
    overrides: dict[str, tuple[int, dict[str, Any]]] = {}
    for j, raw in enumerate(data.get("override", [])):
        if raw["id"] not in ids:
            raise PackError(
                f"cannot override {raw['id']!r}: {base.ref} has no such rule"
                + validation.did_you_mean(raw["id"], ids),
                doc.locate(("override", j, "id")),
            )
        if raw["id"] in overrides:
            raise PackError(
                f"rule {raw['id']!r} is overridden twice",
                doc.locate(("override", j, "id")),
                "merge the two entries into one",
            )
        if raw["id"] in data.get("disable", []):
            raise PackError(
                f"rule {raw['id']!r} is both disabled and overridden",
                doc.locate(("override", j, "id")),
                "remove it from `disable` or drop the override",
            )
        overrides[raw["id"]] = (j, raw)
    out: list[Rule] = []
    for rule in base.rules:
        if rule.id in data.get("disable", []):
            continue
        if rule.id not in overrides:
            out.append(rule)
            continue
        j, patch = overrides[rule.id]
        out.append(overridden(rule, doc, j, patch, origin))
    return out


def overridden(rule: Rule, doc: Document, j: int, patch: dict[str, Any], origin: str) -> Rule:
    """Inherited `rule` with `patch`, entry `j` of `doc`'s `override`, applied key by key."""
    keys = sorted(k for k in patch if k != "id")
    merged = {**rule.raw, **{k: v for k, v in patch.items() if k != "id"}}
    origin_note = f"{rule.origin}; {', '.join(keys)} from {origin}"
    # A key keeps the defaults of the format it was written in: a format-2 pack overriding
    # a format-1 rule's cite does not change what counts as its attempt, and a format-1
    # pack's override of `timing` keeps format 1's reading of it once its base migrates.
    base_fmt = pack_format(rule.document.data) if rule.document is not None else 1
    formats = {k: pack_format(doc.data) if k in patch else base_fmt for k in ("timing", "action")}
    return build_rule(doc, ("override", j), merged, origin_note, formats)
