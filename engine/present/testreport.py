"""Reporters of pack test runs (`followup test`): text for people, JSON, and JUnit XML for CI.

A pack's case names and values are untrusted: the text is neutralised line by line, and the
JUnit XML, which cannot hold most control characters, gets neutralised text.
"""

from __future__ import annotations

import json
from typing import Any

from ..analysis.packtests import PackOutcome, PackTestRun
from .fit import PLAIN, Layout, wrap, wrap_line
from .textsafe import neutralise, text_output


def _pack_lines(o: PackOutcome, run: PackTestRun, layout: Layout) -> list[str]:
    """One pack's cases and coverage; quiet, only its failures and (with --require-tests) its
    coverage gaps, and nothing at all when it has neither."""
    width = layout.prose
    lines: list[str] = []
    for r in o.results:
        if r.passed and layout.quiet:
            continue
        lines += wrap(f"{'PASS' if r.passed else 'FAIL'}  {r.case.name}", width, 2, 8)
        for line in (line for failure in r.failures for line in str(failure).split("\n")):
            lines += wrap_line(8 * " " + line, width)
    if not o.results and not layout.quiet:
        lines.append("  no test cases")
    rules = [
        rule
        for rule in o.coverage.positive
        if not layout.quiet
        or (run.require_tests and not (o.coverage.positive[rule] and o.coverage.negative[rule]))
    ]
    rule_width = max((len(rule) for rule in rules), default=0)
    if rules:
        lines += wrap_line("  coverage (cases expecting the rule / expecting its absence):", width)
    for rule in rules:
        pos, neg = o.coverage.positive[rule], o.coverage.negative[rule]
        gap = "  <- not covered" if run.require_tests else "  (uncovered)"
        counts = f"{rule:<{rule_width}}  +{pos} -{neg}{'' if pos and neg else gap}"
        lines += wrap(counts, width, 4, 6)
    if lines or not layout.quiet:
        lines[:0] = wrap_line(f"{o.pack.ref} ({o.pack.path})", width)
    return lines


@text_output
def as_text(run: PackTestRun, layout: Layout = PLAIN) -> list[str]:
    """Each pack's cases, PASS or FAIL with a diff, its rule coverage, then the totals. Quiet:
    only what fails (see _pack_lines), and the totals only when something did."""
    lines = [line for o in run.outcomes for line in _pack_lines(o, run, layout)]
    if layout.quiet and run.passed:
        return lines
    total = sum(len(o.results) for o in run.outcomes)
    failed = sum(o.failed for o in run.outcomes)
    summary = f"{total - failed} passed, {failed} failed"
    if run.require_tests:
        missing = sum(len(o.coverage.missing()) for o in run.outcomes)
        summary += f"; {missing} rule coverage gaps"
    lines.append(summary)
    return lines


def as_json(run: PackTestRun) -> str:
    data: list[dict[str, Any]] = [
        {
            "pack": o.pack.name,
            "version": o.pack.version,
            "path": o.pack.path,
            "cases": [
                {"name": r.case.name, "passed": r.passed, "failures": [str(f) for f in r.failures]}
                for r in o.results
            ],
            "coverage": {
                rule: {"positive": o.coverage.positive[rule], "negative": o.coverage.negative[rule]}
                for rule in o.coverage.positive
            },
            "uncovered": o.coverage.missing(),
        }
        for o in run.outcomes
    ]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def as_junit(run: PackTestRun) -> str:
    """One testsuite per pack, one testcase per case (and, with --require-tests, per coverage
    gap), with the counts and attributes strict consumers require (the Jenkins XSD JUnit 5
    validates against). `time` is always 0: the report is the same bytes on every run. A
    failure's `type` is its rule in `--format sarif` (present/annotations.py)."""
    from xml.etree import ElementTree as ET  # only for this format

    from .annotations import TEST_RULES

    failed_type, uncovered_type = (rule.id for rule in TEST_RULES)
    gaps_of = [o.coverage.missing() if run.require_tests else [] for o in run.outcomes]
    tests = sum(len(o.results) for o in run.outcomes) + sum(map(len, gaps_of))
    failures = sum(o.failed for o in run.outcomes) + sum(map(len, gaps_of))
    suites = ET.Element(
        "testsuites", tests=str(tests), failures=str(failures), errors="0", time="0"
    )
    for o, gaps in zip(run.outcomes, gaps_of, strict=True):
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=o.pack.ref,
            tests=str(len(o.results) + len(gaps)),
            failures=str(o.failed + len(gaps)),
            errors="0",
            skipped="0",
            time="0",
        )
        for r in o.results:
            name = neutralise(r.case.name, newlines=False)
            case = ET.SubElement(suite, "testcase", classname=o.pack.ref, name=name)
            if not r.passed:
                first = neutralise(str(r.failures[0]).split("\n")[0])
                failure = ET.SubElement(case, "failure", message=first, type=failed_type)
                failure.text = neutralise("\n".join(map(str, r.failures)))
        for gap in gaps:
            case = ET.SubElement(suite, "testcase", classname=o.pack.ref, name=f"coverage: {gap}")
            message = f"rule {gap} has no test case"
            ET.SubElement(case, "failure", message=message, type=uncovered_type)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
