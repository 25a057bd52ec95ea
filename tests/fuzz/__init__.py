"""The fuzz campaign of issue 8: mutated packs and timelines run through every subcommand of the
`followup` command line, each run checked against the CLI's contract.

Shared by `tests/fuzz_test.py` (a few hundred cases drawn by hypothesis, in CI) and
`benchmarks/fuzz_cli.py` (thousands, seeded `random`). Not a test module: pytest collects
`*_test.py` only (and `test_*.py`): no module here is named so.

Four parts:

* **Cases** (`make_case`): a seed file (an example timeline or pack) mutated at one or more levels
  (`data`: values, keys, types; `graph`: the YAML node graph, i.e. anchors, aliases, nesting,
  duplicate keys, tags; `bytes`: raw bytes, encodings, line ends), and a command line that uses
  it. Every random choice goes through one `random.Random`, so hypothesis (`st.randoms`) and the
  benchmark (seeded) draw from the same generators.
* **Running** (`Pool`, `serve`): long-lived worker processes that have imported the CLI once and
  `fork` a child per run, so each run costs milliseconds yet is a real process: its own fds 1 and
  2 on fresh files, real `sys.exit` codes, Python's own traceback on an uncaught exception, a
  signal seen as a signal, a timer that kills a run that does not end. A few runs go to a new
  interpreter instead, to keep the forks honest. Around a run: the machine's time zone, stdout's
  encoding (PYTHONIOENCODING), stdout on /dev/full or a closed pipe, a cache tampered with.
* **The contract** (`check`): no traceback, exit code 0/1/2 (and only what the subcommand
  documents), every error line located (`path:line:col: error:`, click's usage error, or
  `followup: error:`) and at a line the file has, inputs unchanged and no stray files, the same
  bytes from a second run in another process (another hash seed, another machine time zone, no
  cache), no terminal control characters in human-readable output or on stderr, no live markup
  in Markdown, no file echoed back, JSON that parses.
* **Findings** (`findings`): one hand-written case per bug found, so each stays fixed.

Its modules, one job each: `seeds`, `values`, `nodes`, `mutate_data`, `mutate_graph`,
`mutate_bytes` (what a case mutates and how), `model`, `quoting`, `commands`, `cases` (a case and
its command line), `findings` (the bugs found, pinned), `child`, `worker`, `pool` (running), `rules`
and `contract` (the checker), `report` (figures and reproductions).
"""

from __future__ import annotations

from .cases import LEVELS, case_number, make_case
from .child import RunResult, raw_markup, unsafe_chars
from .contract import check
from .findings import findings
from .model import Case, Config
from .pool import Outcome, Pool
from .quoting import visible
from .report import Figures, distinct_report, explain, repo_digest, save_case
from .rules import ALLOWED_EXIT
from .seeds import seed_named, seeds

__all__ = [
    "ALLOWED_EXIT",
    "LEVELS",
    "Case",
    "Config",
    "Figures",
    "Outcome",
    "Pool",
    "RunResult",
    "case_number",
    "check",
    "distinct_report",
    "explain",
    "findings",
    "make_case",
    "raw_markup",
    "repo_digest",
    "save_case",
    "seed_named",
    "seeds",
    "unsafe_chars",
    "visible",
]
