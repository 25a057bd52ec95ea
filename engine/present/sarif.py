"""SARIF 2.1.0 (`--format sarif` of validate and test), the static-analysis results format
GitHub code scanning and other CI tools read: one run by the `followup` driver, with the
command's rules, and one result per annotation (present/annotations.py) at its file, line and
column.

The URIs are relative to the folder followup runs in when the files are inside it, as code
scanning wants them (present/annotations.py); columns count code points, as followup's do.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

from ..version import __version__
from .annotations import Annotation, CiRule, artifact_uri

SCHEMA_URI: Final = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI: Final = "https://github.com/followup-engine/followup"


def _rule(rule: CiRule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.help},
        "defaultConfiguration": {"level": rule.level},
    }


def _result(a: Annotation, rules: Sequence[CiRule]) -> dict[str, Any]:
    region = {"startLine": a.location.line, "startColumn": a.location.col}
    location = {"artifactLocation": {"uri": artifact_uri(a.location.path)}, "region": region}
    return {
        "ruleId": a.rule.id,
        "ruleIndex": rules.index(a.rule),
        "level": a.level,
        "message": {"text": a.message},
        "locations": [{"physicalLocation": location}],
    }


def as_sarif(annotations: Sequence[Annotation], rules: Sequence[CiRule]) -> str:
    """A SARIF log of one run: every annotation a result of one of `rules`."""
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "followup",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(r) for r in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(a, rules) for a in annotations],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
