"""What CI is told about a run of `followup validate` or `followup test`: one annotation per
finding or failure, each with its rule, level and `path:line:col`. The GitHub Actions
(present/github.py) and SARIF (present/sarif.py) reporters print the same annotations.

Each command has a fixed set of rules, so that SARIF consumers see the same rule ids from run
to run whatever was found: validate's say what kind of file the finding is in and how bad it is,
test's whether a case failed or a rule lacks a case.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Final, Literal, NamedTuple
from urllib.parse import quote

from ..analysis.packtests import PackTestRun
from ..errors import Location
from ..load.check import FileChecks, FileResult
from ..model import Pack

Level = Literal["error", "warning"]


class CiRule(NamedTuple):
    id: str
    title: str  # a few words: a GitHub annotation's title, a SARIF rule's short description
    help: str  # a sentence: a SARIF rule's full description
    level: Level


class Annotation(NamedTuple):
    rule: CiRule
    level: Level
    location: Location
    title: str
    message: str


VALIDATE_RULES: Final[tuple[CiRule, ...]] = (
    CiRule("unreadable", "unreadable file", "The file cannot be read or parsed.", "error"),
    CiRule(
        "pack-error",
        "pack error",
        "The pack does not load, or (the lint) one of its rules can never recommend anything.",
        "error",
    ),
    CiRule(
        "pack-warning",
        "pack warning",
        "The pack loads, but may not say what was meant (a failure when strict).",
        "warning",
    ),
    CiRule(
        "timeline-error", "timeline error", "The timeline does not load: fix it to use it.", "error"
    ),
    CiRule(
        "timeline-warning",
        "timeline warning",
        "The timeline loads, but may not say what was meant (a failure when strict).",
        "warning",
    ),
    CiRule("file-error", "invalid file", "The file is neither a pack nor a timeline.", "error"),
)

TEST_RULES: Final[tuple[CiRule, ...]] = (
    CiRule(
        "case-failed",
        "test case failed",
        "A test case of the pack expected a recommendation or an audit finding it did not get, "
        "or got one it did not expect.",
        "error",
    ),
    CiRule(
        "rule-not-covered",
        "rule not covered",
        "When tests are required: a rule of the pack has no case expecting it (positive) or "
        "no case expecting its absence (negative).",
        "error",
    ),
)


def _rule(rules: Sequence[CiRule], rule_id: str) -> CiRule:
    return next(r for r in rules if r.id == rule_id)


def _validate_rule(result: FileResult, severity: str) -> CiRule:
    if result.unreadable:
        return _rule(VALIDATE_RULES, "unreadable")
    if result.kind is None:
        return _rule(VALIDATE_RULES, "file-error")
    return _rule(VALIDATE_RULES, f"{result.kind}-{severity}")


def findings_annotations(checks: FileChecks) -> list[Annotation]:
    """Every finding of `followup validate`, in the order the text prints them."""
    out: list[Annotation] = []
    for result in checks.results:
        for f in result.findings:
            rule = _validate_rule(result, f.severity)
            level: Level = "warning" if f.severity == "warning" else "error"
            out.append(Annotation(rule, level, f.location, f"followup: {rule.title}", f.message))
    return out


def _rule_location(pack: Pack, rule_id: str) -> Location:
    rule = next((r for r in pack.rules if r.id == rule_id), None)
    return rule.location if rule is not None and rule.location else Location(pack.path)


def tests_annotations(run: PackTestRun) -> list[Annotation]:
    """Every failure of `followup test`: each failed expectation of a case, where it is written,
    and (with --require-tests) each coverage gap, at the rule."""
    failed, uncovered = TEST_RULES
    out: list[Annotation] = []
    for o in run.outcomes:
        for r in o.results:
            title = f"followup: {failed.title}: {r.case.name}"
            for f in r.failures:
                out.append(Annotation(failed, "error", f.location, title, f.message))
        if not run.require_tests:
            continue
        for rule, which in o.coverage.gaps():
            kind = "expecting it" if which == "positive" else "expecting its absence"
            message = f"rule {rule} has no test case {kind} ({which})"
            where = _rule_location(o.pack, rule)
            title = f"followup: {uncovered.title}"
            out.append(Annotation(uncovered, "error", where, title, message))
    return out


def relative_path(path: str) -> str:
    """`path` as CI tools want it, relative to the folder followup runs in (a repository's
    checkout): a relative path as given (`/`-separated), an absolute one inside the folder made
    relative, any other kept absolute."""
    given = Path(path)
    if given.is_absolute():
        try:
            given = given.relative_to(Path(os.getcwd()))
        except ValueError:
            return given.as_posix()
    return given.as_posix()


def artifact_uri(path: str) -> str:
    """`path` as a SARIF artifact URI: relative (percent-encoded) when relative_path makes it
    so, else a `file:` URI."""
    relative = relative_path(path)
    if Path(relative).is_absolute():
        return Path(relative).as_uri()
    return quote(relative)
