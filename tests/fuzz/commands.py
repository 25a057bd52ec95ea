"""Command lines over a case's files: subcommand, options, dates and pack references."""

from __future__ import annotations

import datetime as dt
from random import Random

from .model import Config
from .seeds import BUILTIN_PACKS, Seed, seed_named


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _as_of(rnd: Random, timeline: Seed) -> str:
    roll = rnd.random()
    if roll < 0.84:
        return _iso(timeline.last_day + dt.timedelta(days=rnd.randint(-30, 60)))
    if roll < 0.91:
        return rnd.choice(("1900-01-01", "2099-12-31", "2024-02-29", "2026-01-01", "2026-12-31"))
    if roll < 0.97:
        return rnd.choice(("0001-01-01", "9999-12-31", "1899-12-31", "2100-01-01"))
    return rnd.choice(
        ("2026-02-30", "2026-13-01", "21/11/2026", "2026-11-21T00:00", "", "+2026-11-21",
         "\uff12\uff10\uff12\uff16-\uff11\uff11-\uff12\uff11", "2026-11-21\x1b[2J", "today")
    )  # fmt: skip


def _until(rnd: Random, as_of: str, config: Config) -> str:
    roll = rnd.random()
    if config.far_until and roll < 0.08:
        return rnd.choice(("2099-12-31", "9999-12-31", "2100-01-01", "2040-01-01"))
    try:
        start = dt.date.fromisoformat(as_of)
    except ValueError:
        start = dt.date(2026, 11, 21)
    # Now and then before the start: a usage error.
    days = -rnd.randint(1, 400) if roll < 0.12 else rnd.randint(0, config.max_until_days)
    try:
        return _iso(start + dt.timedelta(days=days))
    except OverflowError:
        return _iso(start)


# --pack values that are not packs: a device, a folder, nothing, a system file (issue 8 item
# 12: its content must not be echoed).
ODD_PACK_REFS = ("/dev/null", ".", "", "/etc/passwd", "policies/clue-wagon.yaml", "-")


def pack_ref(rnd: Random) -> str:
    name = rnd.choice(BUILTIN_PACKS)
    roll = rnd.random()
    if roll < 0.03:
        return rnd.choice(ODD_PACK_REFS)
    if roll < 0.10:
        return f"{name}@{rnd.choice(('1.0.0', '^1', '~1.0', '>=2', '^9', 'x', '', '1.0.0.0'))}"
    return name


def _rule_ids(pack: str | Seed) -> tuple[str, ...]:
    if isinstance(pack, Seed):
        return pack.rule_ids
    name = pack.split("@")[0]
    return seed_named(f"policies/{name}.yaml").rule_ids if name in BUILTIN_PACKS else ()


def command_line(
    rnd: Random, timeline: Seed, t_file: str, pack: str | Seed, p_ref: str, mutated_kind: str,
    config: Config,
) -> tuple[list[str], str, str, str | None]:  # fmt: skip
    """A command line over the case's files: (argv, subcommand, format, new output file)."""
    if mutated_kind == "timeline":
        weights = {"run": 30, "explain": 10, "simulate": 10, "compare": 15, "draft": 15,
                   "validate": 10, "output": 5, "test": 0, "show": 0}  # fmt: skip
    else:
        weights = {"run": 20, "explain": 10, "simulate": 5, "compare": 10, "draft": 10,
                   "validate": 15, "output": 2, "test": 15, "show": 13}  # fmt: skip
    kind = rnd.choices(list(weights), weights=list(weights.values()))[0]
    as_of = _as_of(rnd, timeline)
    output: str | None = None
    if kind in ("run", "explain", "simulate", "output"):
        fmt = rnd.choice(("text", "table", "json", "ics", "markdown"))  # table: the old name
        argv = ["run", t_file, "--pack", p_ref, "--as-of", as_of, "--format", fmt]
        if rnd.random() < 0.04:  # a timeline given as the pack, or a pack as the timeline
            argv[1:4] = (
                [p_ref, "--pack", p_ref] if isinstance(pack, Seed) else [t_file, "--pack", t_file]
            )
        if kind == "explain":
            argv.append("--explain")
        if kind == "simulate":
            fmt = rnd.choice(("text", "table", "json", "markdown"))
            argv[-1] = fmt
            argv += ["--simulate", "--until", _until(rnd, as_of, config)]
        if kind == "output":
            target = rnd.choice(("new", "new", "new", "input", "input-force", "missing-dir"))
            if target == "new":
                output = f"out.{fmt}"
                argv += ["-o", output] + (["--force"] if rnd.random() < 0.3 else [])
            elif target == "input":
                argv += ["-o", t_file]
            elif target == "input-force":
                victim = rnd.choice([t_file, p_ref])
                argv += ["-o", victim, "--force"]
                if victim == p_ref and isinstance(pack, str):  # a built-in name, not a file
                    output = victim
            else:
                argv += ["-o", "no/such/dir/out.txt"]
        return argv, "run", fmt, output
    if kind == "compare":
        fmt = rnd.choice(("text", "table", "json", "markdown"))
        argv = ["compare", t_file, "--as-of", as_of, "--format", fmt]
        others = rnd.sample(BUILTIN_PACKS, rnd.randint(1, 3))
        if rnd.random() < 0.3 and mutated_kind == "timeline":
            argv.append("--all")
        else:
            for ref in [p_ref, *others]:
                argv += ["--pack", ref]
        if rnd.random() < 0.12:
            argv += ["--simulate", "--until", _until(rnd, as_of, config)]
        elif rnd.random() < 0.05:  # a file that is not a saved comparison
            argv += ["--baseline", t_file, "--fail-on-change"]
        return argv, "compare", fmt, None
    if kind == "draft":
        app = rnd.choice(timeline.app_ids) if timeline.app_ids and rnd.random() < 0.9 else (
            rnd.choice(("nope", "", "\x1b[2J", "acme-pm ", "ACME-PM"))
        )  # fmt: skip
        argv = ["draft", t_file, "--pack", p_ref, "--application", app, "--as-of", as_of]
        rules = _rule_ids(pack)
        if rnd.random() < 0.3:
            argv += ["--rule", rnd.choice(rules) if rules and rnd.random() < 0.8 else "no-rule"]
        if rnd.random() < 0.2:
            from engine import vocabulary

            argv += ["--channel", rnd.choice([*vocabulary.CHANNELS, "fax", "EMAIL", ""])]
        return argv, "draft", "text", None
    if kind == "validate":
        fmt = rnd.choice(("text", "json"))
        files = {"timeline": [t_file], "pack": [p_ref]}[mutated_kind]
        if rnd.random() < 0.2:
            files = [t_file, p_ref] if p_ref.endswith((".yaml", ".json")) else [t_file]
        argv = ["validate", *files, "--format", fmt] + (["--strict"] if rnd.random() < 0.3 else [])
        return argv, "validate", fmt, None
    if kind == "test":
        fmt = rnd.choice(("text", "json", "junit"))
        argv = ["test", p_ref, "--format", fmt]
        argv += ["--require-tests"] if rnd.random() < 0.3 else []
        return argv, "test", fmt, None
    fmt = rnd.choice(("text", "json"))
    return ["show", p_ref, "--format", fmt], "show", fmt, None
