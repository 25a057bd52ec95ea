"""What changed between two saved comparisons: `followup compare --baseline` (--fail-on-change).

Both sides are `compare --format json` documents (engine/present/compare_data.py), so that a
baseline saved by one version of a pack is checked against a run with the next one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import InputError
from ..io import safeyaml
from ..load import validation
from ..load.timelines import parse_date
from ..present.compare_labels import NOTHING_PENDING

# A change is of a decision (`key`: before -> after), or an application or pack that is on one
# side only.
ChangeKind = Literal["decision", "only_in_baseline", "not_in_baseline"]


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    app: str
    pack: str | None = None  # None: the whole application
    key: str = ""  # for a decision: "due", "channels", "next action", ...
    before: str = ""
    after: str = ""


def load_baseline(path: str) -> dict[str, Any]:
    """A saved `followup compare --format json` output, checked against the compare schema."""
    doc = safeyaml.load_file(path)
    if isinstance(doc.data, dict) and "compare_format" not in doc.data:
        raise InputError(
            "not a followup compare report (no compare_format)",
            doc.locate(()),
            remedy="save_comparison",
        )
    validation.check(doc, "compare")
    data: dict[str, Any] = doc.data
    parse_date(data["as_of"], doc, ("as_of",))  # a real day in range, or an error at its line
    return data


def decisions(view: Mapping[str, Any]) -> dict[str, str]:
    """The decisions of one pack for one application, as comparable text."""
    nxt = view.get("next")
    out: dict[str, str] = {}
    if nxt is None:
        reason = (view.get("nothing_pending") or {}).get("reason", "none")
        out["next action"] = f"{NOTHING_PENDING} ({reason})"
    else:
        out["next action"] = str(nxt["rule"])
        out["kind"] = str(nxt["kind"])
        out["status"] = str(nxt["status"])
        out["due"] = str(nxt["due"]) if nxt["due"] else "none"
        out["channels"] = "/".join(nxt["channels"]) or "none"
        people = []
        for r in nxt["recipients"]:
            who = r.get("contact") or ""
            people.append(f"{r['role']}:{who}" if who else str(r["role"]))
        out["recipients"] = ", ".join(people) or "none"
    out["pending rules"] = ", ".join(sorted(view.get("pending_rules", []))) or "none"
    return out


def _indexed(doc: Mapping[str, Any]) -> dict[str, dict[str, Mapping[str, Any]]]:
    return {app["id"]: {v["pack"]: v for v in app["packs"]} for app in doc.get("applications", [])}


def baseline_changes(baseline: Mapping[str, Any], current: Mapping[str, Any]) -> list[Change]:
    """Every decision that differs, baseline first; packs matched by label, applications by id."""
    old, new = _indexed(baseline), _indexed(current)
    changes: list[Change] = []
    for app_id in [*old, *(a for a in new if a not in old)]:
        if app_id not in new:
            changes.append(Change("only_in_baseline", app_id))
            continue
        if app_id not in old:
            changes.append(Change("not_in_baseline", app_id))
            continue
        before, after = old[app_id], new[app_id]
        for pack in [*before, *(p for p in after if p not in before)]:
            if pack not in after:
                changes.append(Change("only_in_baseline", app_id, pack))
                continue
            if pack not in before:
                changes.append(Change("not_in_baseline", app_id, pack))
                continue
            was, now = decisions(before[pack]), decisions(after[pack])
            for key in [*was, *(k for k in now if k not in was)]:
                a, b = was.get(key, "none"), now.get(key, "none")
                if a != b:
                    changes.append(Change("decision", app_id, pack, key, a, b))
    return changes
