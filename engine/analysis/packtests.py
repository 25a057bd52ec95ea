"""Pack test cases: a timeline fragment, an as-of date, what must and must not be recommended,
and (with `findings`) exactly what the audit finds.

Each case is a single application. Its contacts default to a hiring manager (`hm`), an HR
contact (`hr`) and a recruiter (`rec`); its candidate to New York with US holidays.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from ..errors import Location
from ..load.timelines import parse_date, timeline_from_document
from ..model import Pack
from ..outcomes import AuditFinding, Recommendation
from ..vocabulary import PENDING_STATUSES
from .evaluation import evaluate

DEFAULT_CONTACTS = [
    {"id": "hm", "name": "Harriet Manager", "role": "hiring_manager"},
    {"id": "hr", "name": "Hugo Resources", "role": "hr"},
    {"id": "rec", "name": "Rita Recruiter", "role": "recruiter"},
]
DEFAULT_CANDIDATE = {"timezone": "America/New_York", "holidays": {"country": "US"}}


@dataclass(frozen=True)
class Expectation:
    fields: dict[str, Any]
    location: Location

    def describe(self) -> str:
        return "{" + ", ".join(f"{k}: {v}" for k, v in self.fields.items()) + "}"

    def matches(self, rec: Recommendation, *, absent: bool = False) -> bool:
        if absent and "status" not in self.fields and rec.status not in PENDING_STATUSES:
            return False
        for key, want in self.fields.items():
            if key == "channel":
                ok = want in rec.channels
            elif key == "recipient":
                ok = any(r.role == want for r in rec.recipients)
            elif key == "contact":
                ok = any(r.contact_id == want for r in rec.recipients)
            elif key == "window_end" and want == "open":
                ok = rec.window_start is not None and rec.window_end is None
            elif key == "time":
                ok = rec.time is not None and f"{rec.time.start:%H:%M}" == want
            elif key in ("due", "window_start", "window_end"):
                got = getattr(rec, key)
                ok = got is not None and got.isoformat() == want
            else:
                ok = getattr(rec, key) == want
            if not ok:
                return False
        return True


@dataclass(frozen=True)
class FindingExpectation:
    """An expected audit finding: `against` a rule or prohibition, optionally its date, event
    type and kind (banned, beyond_limit, too_soon)."""

    fields: dict[str, Any]
    location: Location

    def describe(self) -> str:
        return "{" + ", ".join(f"{k}: {v}" for k, v in self.fields.items()) + "}"

    def matches(self, f: AuditFinding) -> bool:
        got = {"against": f.rule_or_prohibition, "date": f.date.isoformat()}
        got |= {"event": f.event_type, "kind": f.kind}
        return all(got[k] == want for k, want in self.fields.items())


@dataclass(frozen=True)
class Case:
    name: str
    as_of: dt.date
    document: Any  # the grafted timeline Document
    expect: tuple[Expectation, ...]
    absent: tuple[Expectation, ...]
    location: Location
    # exactly the audit's findings; None: the case does not check the audit
    findings: tuple[FindingExpectation, ...] | None = None


class Failure(NamedTuple):
    """What a case found wrong, and where in the pack: the expectation it failed (or the case,
    for a finding nobody expected). Printed as `path:line:col: message`."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass
class CaseResult:
    pack: str
    case: Case
    failures: list[Failure] = field(default_factory=list)
    got: list[Recommendation] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def cases(pack: Pack) -> list[Case]:
    """The pack's test cases, each validated as a timeline (errors point into the pack)."""
    doc = pack.document
    if doc is None:
        return []
    out: list[Case] = []
    for i, raw in enumerate(doc.data.get("tests", [])):
        at = ("tests", i)
        app = {
            "id": "case",
            "company": "Example Co",
            "role": "Example role",
            "contacts": raw.get("contacts", DEFAULT_CONTACTS),
            "events": raw["events"],
        }
        data = {
            "version": 1,
            "candidate": {**DEFAULT_CANDIDATE, **raw.get("candidate", {})},
            "applications": [app],
        }
        moves = [
            ((*at, "events"), ("applications", 0, "events")),
            ((*at, "contacts"), ("applications", 0, "contacts")),
            ((*at, "candidate"), ("candidate",)),
            (at, ()),
        ]
        grafted = doc.graft(data, moves)
        timeline_from_document(grafted)  # validate now, so a broken case is reported by line

        out.append(
            Case(
                name=raw["name"],
                as_of=parse_date(raw["as_of"], doc, (*at, "as_of")),
                document=grafted,
                expect=_expectations(doc, raw, at, "expect"),
                absent=_expectations(doc, raw, at, "absent"),
                location=doc.locate(at),
                findings=None
                if "findings" not in raw
                else tuple(
                    FindingExpectation(dict(e), doc.locate((*at, "findings", j)))
                    for j, e in enumerate(raw["findings"])
                ),
            )
        )
    return out


def _expectations(
    doc: Any, raw: dict[str, Any], at: tuple[str | int, ...], key: str
) -> tuple[Expectation, ...]:
    return tuple(
        Expectation(dict(e), doc.locate((*at, key, j))) for j, e in enumerate(raw.get(key, []))
    )


def _show(rec: Recommendation) -> str:
    when = f" on {rec.due}" if rec.due else ""
    people = ",".join(
        f"{r.role} {r.contact_id}" if r.contact_id else r.role for r in rec.recipients
    )
    chan = ",".join(rec.channels)
    return f"{rec.rule} ({rec.status}{when}; {rec.kind} {chan} to {people}; attempt {rec.attempt})"


def run_case(pack: Pack, case: Case) -> CaseResult:
    timeline = timeline_from_document(case.document)
    report = evaluate(pack, timeline, case.as_of)
    recs = list(report.applications[0].recommendations)
    result = CaseResult(pack.ref, case, got=recs)
    for exp in case.expect:
        if not any(exp.matches(r) for r in recs):
            got = "; ".join(_show(r) for r in recs) or "no recommendations"
            wanted = f"expected {exp.describe()}\n  got: {got}"
            result.failures.append(Failure(exp.location, wanted))
    for exp in case.absent:
        hits = [r for r in recs if exp.matches(r, absent=True)]
        if hits:
            got = "; ".join(_show(r) for r in hits)
            result.failures.append(
                Failure(exp.location, f"expected no {exp.describe()}\n  got: {got}")
            )
    if case.findings is not None:
        result.failures += _audit_failures(case, list(report.audit))
    return result


def _audit_failures(case: Case, found: list[AuditFinding]) -> list[Failure]:
    """Each expected finding matches one finding, and every finding is expected.

    The entries and the findings are paired as a whole (a maximum matching, by augmenting
    paths), so the order of the entries never matters: a loose entry listed first does not
    take the finding a more specific one needs.
    """
    expected = case.findings
    assert expected is not None
    owner: dict[int, int] = {}  # finding index -> the entry it is paired with

    def pair(e: int, seen: set[int]) -> bool:
        for i, f in enumerate(found):
            if i in seen or not expected[e].matches(f):
                continue
            seen.add(i)
            if i not in owner or pair(owner[i], seen):
                owner[i] = e
                return True
        return False

    paired = {e for e in range(len(expected)) if pair(e, set())}
    failures = []
    got = "; ".join(_show_finding(f) for f in found) or "no findings"
    for e, exp in enumerate(expected):
        if e not in paired:
            wanted = f"expected the finding {exp.describe()}\n  got: {got}"
            failures.append(Failure(exp.location, wanted))
    for i, f in enumerate(found):
        if i not in owner:
            failures.append(Failure(case.location, f"the audit also finds {_show_finding(f)}"))
    return failures


def _show_finding(f: AuditFinding) -> str:
    return f"{f.kind} against {f.rule_or_prohibition} ({f.event_type} on {f.date})"


@dataclass(frozen=True)
class Coverage:
    positive: dict[str, int]
    negative: dict[str, int]

    def gaps(self) -> list[tuple[str, Literal["positive", "negative"]]]:
        """Rules lacking a positive or a negative case, with the kind of case they lack."""
        out: list[tuple[str, Literal["positive", "negative"]]] = []
        for rule in self.positive:
            if not self.positive[rule]:
                out.append((rule, "positive"))
            if not self.negative[rule]:
                out.append((rule, "negative"))
        return out

    def missing(self) -> list[str]:
        """Rules lacking a positive or a negative case, as 'rule (positive)'."""
        return [f"{rule} ({which})" for rule, which in self.gaps()]


def coverage(pack: Pack, all_cases: list[Case], inherited: bool = False) -> Coverage:
    """How many cases expect each rule, and expect its absence. A derived pack answers for its
    own and overridden rules, since inherited ones are covered by their own pack's tests;
    with `inherited`, for every rule of the resolved pack."""
    mine = [
        r
        for r in pack.rules
        if inherited or pack.document is None or r.document is pack.document
    ]
    pos = {r.id: 0 for r in mine}
    neg = {r.id: 0 for r in mine}
    for case in all_cases:  # count cases, not expectations: two about one rule are one case
        for rule in {e.fields.get("rule") for e in case.expect} & set(pos):
            pos[str(rule)] += 1
        for rule in {e.fields.get("rule") for e in case.absent} & set(neg):
            neg[str(rule)] += 1
    return Coverage(pos, neg)


@dataclass(frozen=True)
class PackOutcome:
    """A pack's test cases, run: each one's result, and how well they cover its rules."""

    pack: Pack
    results: tuple[CaseResult, ...]
    coverage: Coverage

    @property
    def failed(self) -> int:
        return sum(not r.passed for r in self.results)


@dataclass(frozen=True)
class PackTestRun:
    """The outcome of every pack tested (`followup test`). With `require_tests`, a rule without
    a positive and a negative case fails the run too."""

    outcomes: tuple[PackOutcome, ...]
    require_tests: bool = False

    @property
    def passed(self) -> bool:
        failed = any(o.failed for o in self.outcomes)
        uncovered = self.require_tests and any(o.coverage.missing() for o in self.outcomes)
        return not (failed or uncovered)


def run_pack_tests(pack: Pack, inherited: bool = False) -> PackOutcome:
    """Every test case of `pack`, run, and their coverage of its rules (the inherited ones
    too, with `inherited`)."""
    found = cases(pack)
    results = tuple(run_case(pack, c) for c in found)
    return PackOutcome(pack, results, coverage(pack, found, inherited))
