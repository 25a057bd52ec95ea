"""The campaign's findings, pinned: one hand-written case per bug found, so each stays fixed."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import Any

from .model import Case
from .seeds import seed_named


def scenario(
    name: str,
    seed: str,
    argv: str,
    edits: Sequence[tuple[str, str]] = (),
    pack_seed: str | None = None,
    **fields: Any,
) -> Case:
    """A hand-written case: SEED's file with EDITS (old, new) applied as text, and ARGV with
    {T} for the timeline file and {P} for the pack file (PACK_SEED, unchanged)."""
    data = seed_named(seed).data
    for old, new in edits:
        if old not in data.decode("utf-8-sig"):
            raise ValueError(f"{name}: {old!r} is not in {seed}")
        data = data.replace(old.encode(), new.encode(), 1)
    kind = seed_named(seed).kind
    mutated = f"{kind}{seed_named(seed).suffix}"
    files = [(mutated, data)]
    t_file = mutated if kind == "timeline" else ""
    p_file = mutated if kind == "pack" else ""
    if pack_seed is not None:
        p_file = f"pack{seed_named(pack_seed).suffix}"
        files.append((p_file, seed_named(pack_seed).data))
    words = tuple(shlex.split(argv.replace("{T}", t_file).replace("{P}", p_file)))
    fmt = words[words.index("--format") + 1] if "--format" in words else "text"
    if words[0] in ("run", "compare") and "--format" not in words:
        fmt = "table"
    fields.setdefault("deterministic_check", True)
    return Case(
        argv=words,
        files=tuple(files),
        command=words[0],
        fmt=fmt,
        mutated=mutated,
        seed=seed,
        level="scenario",
        mutations=tuple(f"{old!r} -> {new!r}" for old, new in edits),
        label=name,
        **fields,
    )


WORKED = "examples/worked-example.yaml"


EXAMPLE = "examples/timeline.yaml"


CLUE = "policies/clue-wagon.yaml"


AS_OF = "--as-of 2026-11-21"


def findings() -> list[Case]:
    """One case per finding of issue 8 and of this campaign: each stays fixed."""
    esc = '"Acme\\e[2J\\e]0;x\\a\\rCorp"'
    markup = '"Acme<u>x</u> [a](javascript:x) ](javascript:x)"'
    return [
        *[
            scenario(f"1: {cmd.replace(' {T}', '')} --as-of {day}", WORKED, f"{cmd} --as-of {day}")
            for day in ("0001-01-01", "9999-12-31")
            for cmd in (
                "run {T} --pack clue-wagon --format ics",
                "compare {T} --all",
                "draft {T} --pack clue-wagon --application acme-pm",
                "run {T} --pack clue-wagon --simulate --until 2027-01-01",
            )
        ],
        scenario("1: a decision by 9999-12-31", WORKED, f"compare {{T}} --all {AS_OF}",
                 [("by: 2026-11-20", "by: 9999-12-31")]),
        scenario("1: an event on 0001-01-01", WORKED, f"run {{T}} --pack clue-wagon {AS_OF}"
                 " --format ics", [("date: 2026-11-02", "date: 0001-01-01")]),
        scenario("2: --until before an --as-of of 9999-12-31", WORKED,
                 "run {T} --pack clue-wagon --simulate --until 2026-12-31 --as-of 9999-12-31"),
        scenario("3: an accented name on an ASCII stdout", WORKED,
                 f"run {{T}} --pack clue-wagon {AS_OF}", [("Dana Whitfield", "Zoë Ångström")],
                 encoding="ascii", fresh_process=True),
        scenario("3: an accented name as JSON on a Latin-1 stdout", WORKED,
                 f"run {{T}} --pack clue-wagon {AS_OF} --format json",
                 [("Acme Corp", "Crème Brûlée 日本")], encoding="latin-1", fresh_process=True),
        scenario("4: stdout on a full disk", EXAMPLE, f"run {{T}} --pack clue-wagon {AS_OF}",
                 stdout_to="full", deterministic_check=False),
        scenario("4: stdout to a closed pipe", EXAMPLE, f"compare {{T}} --all {AS_OF}",
                 stdout_to="closed", deterministic_check=False),
        scenario("5: a tampered cache", EXAMPLE, f"run {{T}} --pack clue-wagon {AS_OF}",
                 tamper=5),
        *[
            scenario(f"8: control characters, {cmd.replace(' {T}', '')} {fmt}".strip(), WORKED,
                     f"{cmd} {AS_OF}" + (f" --format {fmt}" if fmt else ""),
                     [("Acme Corp", esc), ("Dana Whitfield", esc)])
            for cmd, fmt in (
                ("run {T} --pack clue-wagon", "table"),
                ("run {T} --pack clue-wagon --explain", "table"),
                ("run {T} --pack clue-wagon", "markdown"),
                ("run {T} --pack clue-wagon", "ics"),
                ("compare {T} --all", "table"),
                ("compare {T} --all", "markdown"),
                ("draft {T} --pack clue-wagon --application acme-pm", ""),
            )
        ],
        scenario("8: control characters in a pack, show", CLUE, "show {P}",
                 [("author: Kerry Sandberg Scott", f"author: {esc}")]),
        scenario("9: markup in compare --format markdown", WORKED,
                 f"compare {{T}} --all {AS_OF} --format markdown",
                 [("Acme Corp", markup), ("Dana Whitfield", markup)]),
        scenario("11: --simulate --until 9999-12-31", EXAMPLE,
                 f"run {{T}} --pack 3x3-networking --simulate --until 9999-12-31 {AS_OF}"),
        scenario("11: --simulate --until 2030", EXAMPLE,
                 f"run {{T}} --pack 3x3-networking --simulate --until 2030-01-01 {AS_OF}"),
        scenario("12: --pack /etc/passwd", WORKED, f"run {{T}} --pack /etc/passwd {AS_OF}"),
        scenario("12: a timeline as the pack", WORKED, f"run {{T}} --pack {{T}} {AS_OF}"),
        scenario("fuzz: !!bool on a string", WORKED, "validate {T}",
                 [("version: 1", "version: !!bool x")]),
        scenario("fuzz: a \\U escape past U+10FFFF", WORKED,
                 f"run {{T}} --pack clue-wagon {AS_OF}",
                 [("Acme Corp", '"\\UFFFFFFFF"')]),
        scenario("fuzz: a \\U escape just past U+10FFFF", WORKED, "validate {T}",
                 [("Acme Corp", '"\\U00110000"')]),
        scenario("fuzz: a NUL in the holiday subdivision", EXAMPLE,
                 f"run {{T}} --pack clue-wagon {AS_OF}",
                 [("subdivision: IL", 'subdivision: "a\\0b"')]),
        scenario("fuzz: --simulate --format markdown", EXAMPLE,
                 f"run {{T}} --pack clue-wagon {AS_OF} --simulate --until 2027-01-01"
                 " --format markdown"),
    ]  # fmt: skip
