"""Reporters of validation findings (`followup validate`): text, one line per finding, and JSON."""

from __future__ import annotations

import json
from typing import Any

from ..load.check import FileChecks
from .fit import PLAIN, Layout
from .textsafe import text_output
from .words import count


def _summary(checks: FileChecks) -> str:
    n = len(checks.results)
    with_errors = sum(1 for r in checks.results if r.errors)
    with_warnings = sum(1 for r in checks.results if not r.errors and r.warnings)
    valid = n - with_errors - with_warnings
    return (
        f"{count(n, 'file')} checked: {valid} valid, {with_errors} with errors, "
        f"{with_warnings} with warnings"
    )


@text_output  # one line per finding: a message quoting the file cannot add a line or a sequence
def as_text(checks: FileChecks, layout: Layout = PLAIN) -> list[str]:
    """One line per finding, then the summary. Lines are never wrapped, whatever the width:
    editors and CI read `path:line:col: severity: message` a line at a time. Quiet: only the
    findings that fail (errors, and warnings with --strict), and no summary."""
    if layout.quiet:
        failing = ("error", "warning") if checks.strict else ("error",)
        return [f.format() for r in checks.results for f in r.findings if f.severity in failing]
    return [*(f.format() for r in checks.results for f in r.findings), _summary(checks)]


def as_json(checks: FileChecks) -> str:
    data: list[dict[str, Any]] = [
        {
            "path": r.path,
            "kind": r.kind,
            "valid": r.exit_code(checks.strict) == 0,
            "findings": [
                {
                    "line": f.location.line,
                    "col": f.location.col,
                    "severity": f.severity,
                    "message": f.message,
                }
                for f in r.findings
            ],
        }
        for r in checks.results
    ]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
