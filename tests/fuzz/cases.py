"""Making cases: a seed mutated at some levels and a command line over it."""

from __future__ import annotations

from random import Random

import yaml

from .commands import command_line, pack_ref
from .model import Case, Config
from .mutate_bytes import mutate_bytes
from .mutate_data import mutate_data
from .mutate_graph import mutate_graph
from .nodes import Doc, compose
from .seeds import Seed, seeds, seeds_of

LEVELS = ("none", "data", "graph", "bytes", "mixed")


# File names as hostile as their content: they appear in every located error line.
ODD_NAMES = (
    "time line.yaml",
    "t\u00efmeline.yaml",
    "timeline",
    "TIMELINE.YAML",
    "\x1b[31mred.yaml",
    "new\nline.yaml",
    "cr\rhere.yaml",
    "x.yaml:3:4: error: forged",
    "\u65e5\u672c.yaml",
    "-dash.yaml",
    "trailing .yaml ",
)


TIMEZONES = ("UTC", "Pacific/Kiritimati", "Etc/GMT+12", "America/Chicago", "Asia/Kathmandu")


def make_case(
    rnd: Random,
    config: Config | None = None,
    seed: Seed | None = None,
    level: str | None = None,
    label: str = "",
) -> Case:
    """One case: a mutated seed and a command line over it; every choice is `rnd`'s."""
    config = config or Config()
    seed = seed or rnd.choice(seeds())
    level = level or rnd.choices(LEVELS, weights=(5, 42, 22, 20, 11))[0]
    mutations: list[str] = []
    data = seed.data
    if level in ("data", "graph", "mixed"):
        root = compose(seed)
        if root is not None:
            doc = Doc(root)
            for _ in range(rnd.choice((1, 1, 1, 2, 3))):
                op = mutate_data if level == "data" or rnd.random() < 0.5 else mutate_graph
                mutations.append(op(rnd, doc))
            try:
                data = doc.emit().encode("utf-8")
            except (yaml.YAMLError, RecursionError, UnicodeError, TypeError) as exc:
                mutations.append(f"not emitted ({type(exc).__name__})")
    if level in ("bytes", "mixed"):
        for _ in range(rnd.choice((1, 1, 2, 3))):
            data, what = mutate_bytes(rnd, data)
            mutations.append(what)
    mutated = f"{seed.kind}{seed.suffix if level in ('none', 'bytes') else '.yaml'}"
    odd_names = level != "none" and rnd.random() < 0.04
    if odd_names:
        mutated = rnd.choice(ODD_NAMES)
    if seed.kind == "timeline":
        timeline, t_file = seed, mutated
        pack: str | Seed = pack_ref(rnd)
        p_ref = str(pack)
        files: tuple[tuple[str, bytes], ...] = ((t_file, data),)
    else:
        timeline = rnd.choice(seeds_of("timeline"))
        t_file = f"timeline{timeline.suffix}"
        pack, p_ref = seed, mutated
        files = ((t_file, timeline.data), (p_ref, data))
    argv, command, fmt, output = command_line(rnd, timeline, t_file, pack, p_ref, seed.kind, config)
    encoding = "utf-8"
    if config.other_encodings and rnd.random() < 0.15:
        encoding = rnd.choice(("ascii", "latin-1"))
    env_vars: tuple[tuple[str, str], ...] = ()
    if rnd.random() < 0.08:
        env_vars = (("COLUMNS", rnd.choice(("1", "20", "400"))),)
    # The replay without the cache: what is read back from it must change nothing.
    replay_env = (("FOLLOWUP_NO_CACHE", "1"),) if rnd.random() < 0.3 else ()
    tamper = rnd.randrange(2**32) if rnd.random() < config.tamper_rate else None
    stdout_to = rnd.choices(("file", "full", "closed"), weights=(94, 3, 3))[0]
    fresh = stdout_to == "file" and rnd.random() < config.fresh_rate
    return Case(
        argv=tuple(argv),
        files=files,
        command=command,
        fmt=fmt,
        mutated=mutated,
        seed=seed.path,
        level=level,
        mutations=tuple(mutations),
        encoding=encoding,
        timezones=(rnd.choice(TIMEZONES), rnd.choice(TIMEZONES)),
        deterministic_check=stdout_to == "file"
        and (tamper is not None or rnd.random() < config.determinism_rate),
        output_file=output,
        label=label,
        env_vars=env_vars,
        replay_env=replay_env,
        tamper=tamper,
        odd_names=odd_names,
        stdout_to=stdout_to,
        fresh_process=fresh,
    )


def case_number(campaign_seed: int, index: int, config: Config | None = None) -> Case:
    """Case INDEX of the campaign seeded SEED: the same whatever the number of jobs."""
    return make_case(Random(f"{campaign_seed}:{index}"), config, label=f"case {index}")
