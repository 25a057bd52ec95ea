"""`followup compile PACK`: the exact durable_rules rulesets a pack compiles to.

What runs is what this prints (as `cerbos compile` and `opa build` let policy authors see):
the rulesets as the adapter registers them, which pack rule each durable rule comes from,
what each running counter `cK` of the facts counts, and which events each stop rule `s{j}..`
fires on (and for which pack rules).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..core.compiler import RULE_NAME, CompiledPack, compile_pack
from ..core.contract import check_ruleset
from ..load.packs import load_pack
from ..present.words import pattern_text

COMPILE_FORMAT = 1


@dataclass(frozen=True)
class CompileArgs:
    pack: str
    pack_path: tuple[Path, ...] = ()


def compiled_dict(cp: CompiledPack) -> dict[str, Any]:
    """The document `followup compile` prints."""
    rules = cp.pack.rules
    sources: dict[str, str] = {}
    for _, ruleset in cp.rulesets:
        for name in ruleset:
            found = RULE_NAME.match(name)
            if found is not None:
                sources[name] = rules[int(found.group(1))].id
    return {
        "compile_format": COMPILE_FORMAT,
        "pack": {"name": cp.pack.name, "version": cp.pack.version},
        "counters": {f"c{k}": pattern_text(p) for k, p in enumerate(cp.counters.patterns)},
        "stops": {
            f"s{j}": {
                "events": pattern_text(p),
                "rules": [r.id for r, of in zip(rules, cp.stops_of, strict=True) if j in of],
            }
            for j, p in enumerate(cp.stops)
        },
        "sources": sources,
        "rulesets": {name: ruleset for name, ruleset in cp.rulesets},
    }


def execute(args: CompileArgs, out: TextIO | None = None) -> int:
    out = out or sys.stdout  # looked up per call: tests and embedders swap the streams
    cp = compile_pack(load_pack(args.pack, args.pack_path))
    for _, ruleset in cp.rulesets:
        check_ruleset(ruleset)  # what is printed is what the adapter accepts to run
    out.write(json.dumps(compiled_dict(cp), indent=2, ensure_ascii=False) + "\n")
    return 0
