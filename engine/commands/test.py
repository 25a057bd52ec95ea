"""`followup test`: run packs' own test cases; report pass/fail, diffs and rule coverage."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from xml.etree import ElementTree as ET

from ..analysis.packtests import CaseResult, Coverage, cases, coverage, run_case
from ..load.packs import builtin_paths, load_pack
from ..model import Pack
from ..present.textsafe import neutralise, text_output


@dataclass(frozen=True)
class TestArgs:
    packs: tuple[str, ...] = ()
    require_tests: bool = False
    format: str = "text"
    pack_path: tuple[Path, ...] = ()


@dataclass
class PackOutcome:
    pack: Pack
    results: list[CaseResult]
    coverage: Coverage

    @property
    def failed(self) -> int:
        return sum(not r.passed for r in self.results)


def collect(args: TestArgs) -> list[PackOutcome]:
    refs = args.packs or tuple(builtin_paths())
    outcomes = []
    for ref in refs:
        pack = load_pack(ref, args.pack_path)
        found = cases(pack)
        results = [run_case(pack, c) for c in found]
        outcomes.append(PackOutcome(pack, results, coverage(pack, found)))
    return outcomes


@text_output  # every line neutralised: a pack's case names and values are untrusted
def _text(outcomes: list[PackOutcome], require: bool) -> list[str]:
    lines: list[str] = []
    for o in outcomes:
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
            flag = "" if pos and neg else "  <- not covered" if require else "  (uncovered)"
            lines.append(f"    {rule:<{width}}  +{pos} -{neg}{flag}")
    total = sum(len(o.results) for o in outcomes)
    failed = sum(o.failed for o in outcomes)
    missing = sum(len(o.coverage.missing()) for o in outcomes)
    summary = f"{total - failed} passed, {failed} failed"
    if require:
        summary += f"; {missing} rule coverage gaps"
    lines.append(summary)
    return lines


def _json(outcomes: list[PackOutcome]) -> str:
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
        for o in outcomes
    ]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _junit(outcomes: list[PackOutcome], require: bool) -> str:
    """JUnit XML; XML 1.0 cannot hold most control characters, so the text is neutralised."""
    suites = ET.Element("testsuites")
    for o in outcomes:
        gaps = o.coverage.missing() if require else []
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


def execute(args: TestArgs, out: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    outcomes = collect(args)
    if args.format == "json":
        out.write(_json(outcomes))
    elif args.format == "junit":
        out.write(_junit(outcomes, args.require_tests))
    else:
        out.write(_text(outcomes, args.require_tests))
    failed = any(o.failed for o in outcomes)
    uncovered = args.require_tests and any(o.coverage.missing() for o in outcomes)
    return 1 if failed or uncovered else 0
