"""`followup show`: a pack in plain language, with its quotes and assumptions."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..load.packs import load_pack
from ..present.describe import describe, prohibition_sentence, rule_sentence
from ..present.report import source_dict
from ..present.textsafe import lines_text


@dataclass(frozen=True)
class ShowArgs:
    pack: str
    format: str = "text"
    pack_path: tuple[Path, ...] = ()


def execute(args: ShowArgs, out: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    pack = load_pack(args.pack, args.pack_path)
    if args.format == "json":
        data = {
            "name": pack.name,
            "version": pack.version,
            "title": pack.title,
            "extends": pack.extends or None,
            "source": source_dict(pack),
            "prohibitions": [
                {"id": p.id, "sentence": prohibition_sentence(p), "cite": p.cite}
                for p in pack.prohibitions
            ],
            "rules": [
                {
                    "id": r.id,
                    "origin": r.origin,
                    "sentence": rule_sentence(r),
                    "cite": r.cite,
                    "guidance": list(r.action.guidance),
                    "assumptions": [{"about": a.about, "reason": a.reason} for a in r.assumptions],
                }
                for r in pack.rules
            ],
            "not_encoded": [{"advice": n.advice, "reason": n.reason} for n in pack.not_encoded],
        }
        out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        out.write(lines_text(describe(pack)))  # every line neutralised: packs are untrusted
    return 0
