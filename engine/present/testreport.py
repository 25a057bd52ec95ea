"""Reporters of pack test runs (`followup test`): text for people, JSON, and JUnit XML for CI.

A pack's case names and values are untrusted: the text is neutralised line by line, and the
JUnit XML, which cannot hold most control characters, gets neutralised text.
"""

from __future__ import annotations

import json
from typing import Any

from ..analysis.packtests import PackTestRun
from .textsafe import neutralise, text_output


@text_output
def as_text(run: PackTestRun) -> list[str]:
    lines: list[str] = []
    for o in run.outcomes:
        lines.append(f"{o.pack.ref} ({o.pack.path})")
        for r in o.results:
            mark = "PASS" if r.passed else "FAIL"
            lines.append(f"  {mark}  {r.case.name}")
            for failure in r.failures:
                lines.extend(f"        {line}" for line in failure.split("\n"))
        if not o.results:
            lines.append("  no test cases")
        width = max((len(rule) for rule in o.coverage.positive), default=0)
        lines.append("  coverage (cases expecting the rule / expecting its absence):")
        for rule in o.coverage.positive:
            pos, neg = o.coverage.positive[rule], o.coverage.negative[rule]
            gap = "  <- not covered" if run.require_tests else "  (uncovered)"
            lines.append(f"    {rule:<{width}}  +{pos} -{neg}{'' if pos and neg else gap}")
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
                {"name": r.case.name, "passed": r.passed, "failures": r.failures} for r in o.results
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
    from xml.etree import ElementTree as ET  # only for this format

    suites = ET.Element("testsuites")
    for o in run.outcomes:
        gaps = o.coverage.missing() if run.require_tests else []
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=o.pack.ref,
            tests=str(len(o.results) + len(gaps)),
            failures=str(o.failed + len(gaps)),
        )
        for r in o.results:
            name = neutralise(r.case.name, newlines=False)
            case = ET.SubElement(suite, "testcase", classname=o.pack.ref, name=name)
            if not r.passed:
                first = neutralise(r.failures[0].split("\n")[0])
                failure = ET.SubElement(case, "failure", message=first)
                failure.text = neutralise("\n".join(r.failures))
        for gap in gaps:
            case = ET.SubElement(suite, "testcase", classname=o.pack.ref, name=f"coverage: {gap}")
            ET.SubElement(case, "failure", message=f"rule {gap} has no test case")
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
