"""Every problem of a user's pack or timeline file, not just the first (`followup validate`).

Each file's kind comes from its content: a mapping with `pack_format` is a pack, one with
`applications` or `candidate` is a timeline. A pack gets its schema findings, or else the
loader's semantic findings and the lint (engine/load/lint.py); a timeline its schema findings,
or else its semantic ones. A file that cannot be read or parsed gets one finding and exit code
2; the other files are still checked. The exit code is the worst file's: 0 valid (warnings
allowed), 1 findings (warnings too, when strict), 2 unreadable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EngineError, FollowupError, Location
from ..io import resources, safeyaml
from ..io.safeyaml import Document
from ..model import Timeline
from . import packs, timelines, validation
from .lint import lint_findings
from .override_lint import authoring_findings
from .validation import DocumentKind, Finding, type_name

_HOW_TO_TELL = (
    "a pack starts with `pack_format: 1`; a timeline has `version: 1`, `candidate` and "
    "`applications`"
)

# Further warnings about a valid timeline, from a layer above this one (the evaluation's: the
# command passes engine/analysis/sameday.py's, with the pack it chose).
TimelineAdvice = Callable[[Document, Timeline], list[Finding]]


@dataclass
class FileResult:
    path: str
    kind: DocumentKind | None = None  # None when it could not be told
    findings: list[Finding] = field(default_factory=list)
    unreadable: bool = False  # not read or not parsed: exit code 2

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    def exit_code(self, strict: bool) -> int:
        if self.unreadable:
            return 2
        return 1 if self.errors or (strict and self.warnings) else 0


@dataclass(frozen=True)
class FileChecks:
    """The findings of every file checked; `strict` counts warnings as failures."""

    results: tuple[FileResult, ...]
    strict: bool = False

    def exit_code(self) -> int:
        return max((r.exit_code(self.strict) for r in self.results), default=0)


def kind_of(doc: Document) -> DocumentKind | None:
    return validation.kind_of(doc.data)


def _message(exc: FollowupError) -> str:
    return f"{exc.message} ({exc.hint})" if exc.hint else exc.message


def _is_builtin(path: str) -> bool:
    try:
        return Path(path).resolve().is_relative_to(resources.data_dir("policies").resolve())
    except OSError:  # pragma: no cover - a broken installation
        return False


def _check_pack(doc: Document, search_path: tuple[Path, ...]) -> list[Finding]:
    pack, found = packs.check_document(doc, builtin=_is_builtin(doc.path), search_path=search_path)
    if pack is not None:
        # semantic_findings may one day include the lint itself: never report a finding twice.
        found += [f for f in lint_findings(pack, doc) if f not in found]
        found += [f for f in authoring_findings(pack, doc, search_path) if f not in found]
    return found


def _order(f: Finding) -> tuple[bool, int, int]:
    """Errors first, in the order found (schema ones by relevance, then the loader's as `run`
    would meet them, then the lint's); then warnings, by position."""
    if f.severity == "error":
        return (False, 0, 0)
    return (True, f.location.line, f.location.col)


def check_file(
    path: str, search_path: tuple[Path, ...] = (), advice: TimelineAdvice | None = None
) -> FileResult:
    """All findings of one file: schema ones first (best first), then the rest, errors first."""
    result = FileResult(path)
    try:
        doc = safeyaml.load_file(path)
    except FollowupError as exc:
        result.unreadable = True
        result.findings = [Finding(exc.location or Location(path), _message(exc))]
        return result
    result.kind = kind_of(doc)
    try:
        if result.kind == "pack":
            found = _check_pack(doc, search_path)
        elif result.kind == "timeline":
            timeline, found = timelines.check_document(doc)
            if timeline is not None and advice is not None:
                found += advice(doc, timeline)
        else:
            top = doc.data
            lead = ""
            if not isinstance(top, dict):
                lead = f"expected a mapping at the top, got {type_name(top)}, so "
            found = [
                Finding(
                    doc.locate(()),
                    f"{lead}cannot tell whether this is a pack or a timeline ({_HOW_TO_TELL})",
                )
            ]
    except EngineError:  # a bug, not a finding: the guard reports it as one
        raise
    except FollowupError as exc:  # a pack's base that cannot be read, say
        found = [Finding(exc.location or doc.locate(()), _message(exc))]
    result.findings = sorted(found, key=_order)
    return result


def check_files(
    paths: tuple[str, ...],
    strict: bool = False,
    search_path: tuple[Path, ...] = (),
    advice: TimelineAdvice | None = None,
) -> FileChecks:
    """Every file's findings; a file that cannot be read does not stop the others."""
    return FileChecks(tuple(check_file(p, search_path, advice) for p in paths), strict)
