"""`followup validate`: every problem of packs and timelines, not just the first
(engine/load/check.py finds them), and warnings about timelines that may not say what was
meant (engine/analysis/sameday.py), judged under `--pack` or the timeline's own `pack:`. The
exit code is the worst file's: 0 valid (warnings allowed), 1 findings (warnings too, with
--strict), 2 a file that cannot be read or parsed."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..analysis.sameday import advice_findings
from ..errors import FollowupError
from ..io.safeyaml import Document
from ..load.check import TimelineAdvice, check_files
from ..load.packs import load_pack
from ..load.validation import Finding
from ..model import Pack, Timeline
from ..present.formats import FINDINGS
from .common import given_pack, pack_ref
from .terminal import layout


@dataclass(frozen=True)
class ValidateArgs:
    files: tuple[str, ...]
    format: str = FINDINGS.default
    strict: bool = False
    pack_path: tuple[Path, ...] = ()
    quiet: bool = False  # --quiet: only the findings that fail, no summary
    pack: str | None = None  # the pack to judge timelines' advice under (default: their own)


def execute(args: ValidateArgs, out: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    advice = _advice(given_pack(args.pack, args.pack_path), args.pack_path)
    checks = check_files(args.files, args.strict, args.pack_path, advice)
    out.write(FINDINGS.render(args.format, checks, layout(out, quiet=args.quiet)))
    return checks.exit_code()


def _advice(given: Pack | None, pack_path: tuple[Path, ...]) -> TimelineAdvice:
    def check(doc: Document, timeline: Timeline) -> list[Finding]:
        pack = given
        if pack is None and timeline.pack:
            try:
                pack = load_pack(pack_ref(None, timeline), pack_path)
            except FollowupError as exc:  # a valid timeline naming a pack that cannot be loaded
                note = Finding(
                    doc.locate(("pack",)),
                    f"the advice is checked without a pack: pack {timeline.pack!r} cannot be "
                    f"loaded ({exc.message}; give --pack)",
                    "warning",
                )
                return [note, *advice_findings(doc, timeline, None)]
        return advice_findings(doc, timeline, pack)

    return check
