"""The fuzz campaign of issue 8: mutated packs and timelines run through every subcommand of the
`followup` command line, each run checked against the CLI's contract.

Shared by `tests/fuzz_test.py` (a few hundred cases drawn by hypothesis, in CI) and
`benchmarks/fuzz_cli.py` (thousands, seeded `random`). Not a test module: pytest collects
`*_test.py` only.

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
"""

from __future__ import annotations

import base64
import contextlib
import copy
import datetime as dt
import hashlib
import io
import json
import os
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from random import Random
from typing import IO, Any, NoReturn

import yaml

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"

# Issue 8, item 8: terminal control characters never reach human-readable output. Part of the
# contract; the switch exists so that the rest of the campaign can be run on its own.
CHECK_CONTROL_CHARS = True
# The same for what goes to stderr: error messages quote the offending value, and stderr is a
# terminal too.
CHECK_CONTROL_CHARS_IN_STDERR = True
# Issue 8, item 9: untrusted text is escaped in every Markdown output, HTML and links included.
CHECK_MARKDOWN_ESCAPES = True

TRACEBACK = "Traceback (most recent call last)"
# `path:line:col: error: message` (or `warning:`); the path may itself hold colons.
LOCATED = re.compile(
    r"^(?P<path>.+):(?P<line>[0-9]+):(?P<col>[0-9]+): (?P<severity>error|warning): (?P<msg>.*)$"
)
OPTION_ERROR = "followup: error: "

# The characters issue 8 item 8 names (ESC, BEL, a bare CR, the other C0 controls), plus those
# that act the same on some terminal or editor: DEL, the C1 controls (U+009B is CSI on 8-bit
# terminals), the line and paragraph separators and the bidirectional overrides and isolates.
# Written out here rather than imported from the engine: an oracle must not share the code it
# checks.
UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]")

# Human-readable formats, per subcommand: what a person reads in a terminal.
HUMAN_FORMATS = frozenset({"table", "markdown", "text"})
# ...and those scanned for control characters: an ICS file is read by people through their
# calendar, and RFC 5545 allows no control character but HTAB in a value.
SCANNED = HUMAN_FORMATS | {"ics"}

# What each subcommand may exit with (README, `followup COMMAND --help`): 1 is for findings.
ALLOWED_EXIT = {
    "run": {0, 2},
    "compare": {0, 2},
    "draft": {0, 2},
    "show": {0, 2},
    "validate": {0, 1, 2},
    "test": {0, 1, 2},
}
ALLOWED_EXIT_FAIL_ON_CHANGE = {0, 1, 2}

# The child's stdout cap as a run sees it (RLIMIT_FSIZE): far above any real report.
MAX_OUTPUT = 64 * 1024 * 1024
# What a worker sends back of each stream; the checks that need all of it run in the worker.
MAX_REPORTED = 256 * 1024
MEMORY_LIMIT = 2 * 1024**3

TIMELINE_SEEDS = (
    "examples/timeline.yaml",
    "examples/worked-example.yaml",
    "tests/example-files/positive/timelines/all-event-types.yaml",
    "tests/example-files/positive/timelines/anchors-and-aliases.yaml",
    "tests/example-files/positive/timelines/germany.yaml",
    "tests/example-files/positive/timelines/json-timeline.json",
    "tests/example-files/positive/timelines/no-applications.yaml",
    "tests/example-files/positive/timelines/norway-quoted.yaml",
    "tests/example-files/positive/timelines/with-bom.yaml",
)
PACK_SEEDS = (
    "policies/3x3-networking.yaml",
    "policies/career-pivot.yaml",
    "policies/clue-wagon.yaml",
    "policies/mason-group.yaml",
    "policies/wise-job-search.yaml",
    "tests/example-files/positive/packs/every-feature.yaml",
    "tests/example-files/positive/packs/example-pack.yaml",
)
# A derived pack (extends, disable, override) from the guide, where no example file has one.
DOC_PACK_SEEDS = (("docs/custom-packs.md", "## Extending a pack"),)
BUILTIN_PACKS = ("3x3-networking", "career-pivot", "clue-wagon", "mason-group", "wise-job-search")
LEVELS = ("none", "data", "graph", "bytes", "mixed")

# --- seeds ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    path: str  # relative to ROOT
    kind: str  # "timeline" or "pack"
    data: bytes
    app_ids: tuple[str, ...] = ()
    rule_ids: tuple[str, ...] = ()
    last_day: dt.date = dt.date(2026, 11, 21)  # the latest date in a timeline: as-of near it

    @property
    def suffix(self) -> str:
        suffix = Path(self.path).suffix
        return suffix if suffix in (".yaml", ".yml", ".json") else ".yaml"


def _plain(data: bytes) -> Any:
    return yaml.load(data.decode("utf-8-sig"), Loader=yaml.CSafeLoader)


def _dates_in(value: Any) -> Iterator[dt.date]:
    if isinstance(value, dt.date):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _dates_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _dates_in(item)
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            yield dt.date.fromisoformat(value)


def _doc_block(path: str, heading: str) -> bytes | None:
    """The first YAML block after HEADING in a Markdown file, if the guide still has one."""
    text = (ROOT / path).read_text(encoding="utf-8")
    match = re.search(re.escape(heading) + r".*?```yaml\n(.*?)```", text, re.S)
    return match[1].encode("utf-8") if match else None


def _load_seed(path: str, kind: str, data: bytes | None = None) -> Seed:
    data = (ROOT / path).read_bytes() if data is None else data
    doc = _plain(data) or {}
    if kind == "timeline":
        apps = tuple(str(a.get("id")) for a in doc.get("applications") or [])
        days = [d for d in _dates_in(doc) if 1900 < d.year < 2100]
        return Seed(
            path, kind, data, app_ids=apps, last_day=max(days, default=dt.date(2026, 11, 21))
        )
    rules = tuple(str(r.get("id")) for r in doc.get("rules") or [] if isinstance(r, dict))
    return Seed(path, kind, data, rule_ids=rules)


@cache
def seeds() -> tuple[Seed, ...]:
    found = [_load_seed(p, "timeline") for p in TIMELINE_SEEDS]
    found += [_load_seed(p, "pack") for p in PACK_SEEDS]
    for path, heading in DOC_PACK_SEEDS:
        block = _doc_block(path, heading)
        if block is not None:
            found.append(_load_seed(f"{path} ({heading.strip('# ')})", "pack", block))
    return tuple(found)


def seeds_of(kind: str) -> tuple[Seed, ...]:
    return tuple(s for s in seeds() if s.kind == kind)


def seed_named(path: str) -> Seed:
    return next(s for s in seeds() if s.path == path)


@cache
def _corpus() -> tuple[tuple[str, ...], tuple[str, ...], tuple[yaml.Node, ...]]:
    """Scalars, keys and subtrees of every example file, valid and broken: values that are
    meaningful somewhere (an event type, a rule id, a channel) make mutations that get past the
    schema into the engine."""
    scalars: set[str] = set()
    keys: set[str] = set()
    subtrees: list[yaml.Node] = []
    files = [ROOT / p for p in (*TIMELINE_SEEDS, *PACK_SEEDS)]
    files += sorted((TESTS / "example-files" / "negative").rglob("*.yaml"))
    for path in files:
        try:
            root = yaml.compose(path.read_bytes(), Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            continue
        for node, _depth in _walk(root) if root is not None else ():
            if isinstance(node, yaml.ScalarNode) and len(node.value) < 200:
                scalars.add(node.value)
            elif isinstance(node, yaml.MappingNode):
                keys.update(k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode))
                subtrees.append(node)
            elif isinstance(node, yaml.SequenceNode):
                subtrees.append(node)
    return tuple(sorted(scalars)), tuple(sorted(keys)), tuple(subtrees[:2000])


# --- interesting values ---------------------------------------------------------------------------

NASTY_STRINGS = (
    "\x1b[2J",
    "\x1b]0;x\x07",
    "Acme\x1b[31mRed\x1b[0m",
    "over\rwrite",
    "bell\x07",
    "nul\x00byte",
    "back\x08space",
    "del\x7f",
    "csi\x9b2J",
    "nel\x85line",
    "vt\x0bff\x0c",
    "line\nbreak",
    "tab\there",
    "line\u2028sep",
    "rtl\u202eevil",
    "isolate\u2066x\u2069",
    "Zoë Ñúñez-Ørsted",
    "Crème Brûlée GmbH",
    "日本語の会社",
    "Ελληνικά",
    "emoji 🚀👩‍💻",
    "combining e\u0301\u0301\u0301",
    "zero\u200bwidth",
    "Acme<u>x</u>",
    "[click](javascript:x)",
    "](javascript:x)",
    "<script>alert(1)</script>",
    "| a | b |",
    "`code` *em* _u_ # h",
    "\\*escaped\\*",
    "BEGIN:VEVENT\r\nEND:VEVENT",
    "a;b,c\\n",
    "{company}",
    "{0}",
    "{company.__class__}",
    "{{",
    "}",
    "%s %(x)s",
    "${HOME}",
    "",
    " ",
    "   padded   ",
    "x" * 5000,
    "🚀" * 2000,
    "../../etc/passwd",
    "/dev/null",
    "-",
    "--help",
    "null",
    "~",
    "NO",
    "yes",
    "0x1F",
    "1e309",
    "2026-02-30",
    "é" * 3,
)
# Inserted as YAML escapes through the placeholder mechanism: no encoder can write them raw.
RAW_STRINGS = (
    '"\\ud800"',
    '"\\udfff x"',
    '"a\\x00b"',
    '"\\U0010FFFF"',
    '"\\U00110000"',
    '"\\UFFFFFFFF"',
    '"\\N\\_\\L\\P"',
)

DATES = (
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "1900-01-01",
    "2099-12-31",
    "2100-01-01",
    "2024-02-29",
    "2026-02-29",
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "2026-11-21T25:00:00",
    "2026-11-21 10:00:00+14:00",
    "2026-11-21T23:59:59.999999-12:00",
    "2026-11-21t10:00:00z",
    "2026-1-5",
    "20261121",
)
# (tag, value) of scalars of the wrong type or of extreme size.
TYPED_SCALARS = (
    ("int", "0"),
    ("int", "-1"),
    ("int", "1"),
    ("int", "2"),
    ("int", "9223372036854775808"),
    ("int", "-9223372036854775809"),
    ("int", "1" + "0" * 400),
    ("int", "0x7fffffffffffffff"),
    ("int", "0o777"),
    ("int", "1_000_000"),
    ("int", "190:20:30"),
    ("float", "1e309"),
    ("float", "-1e309"),
    ("float", ".inf"),
    ("float", "-.inf"),
    ("float", ".nan"),
    ("float", "1.5"),
    ("float", "-0.0"),
    ("float", "1e-320"),
    ("bool", "true"),
    ("bool", "false"),
    ("bool", "no"),
    ("bool", "on"),
    ("null", "~"),
    ("null", ""),
)
ODD_TAGS = (
    "tag:yaml.org,2002:python/object/apply:os.system",
    "tag:yaml.org,2002:python/object/new:builtins.list",
    "tag:yaml.org,2002:python/name:os.system",
    "tag:yaml.org,2002:python/tuple",
    "tag:yaml.org,2002:binary",
    "tag:yaml.org,2002:set",
    "tag:yaml.org,2002:omap",
    "tag:yaml.org,2002:pairs",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:value",
    "tag:yaml.org,2002:yaml",
    "!custom",
    "!",
    "tag:example.com,2000:app/x",
)
INTERESTING_BYTES = (
    b"\x00",
    b"\xff",
    b"\xfe",
    b"\xc0",
    b"\x80",
    b"\x1b",
    b"\x07",
    b"\r",
    b"\t",
    b"\x85",
    b"\xa0",
    b'"',
    b"'",
    b":",
    b"-",
    b"{",
    b"[",
    b"&",
    b"*",
    b"!",
    b"%",
    b"@",
    b"`",
    b"|",
    b">",
    b"#",
    b"?",
    b",",
    b"\\",
    b" ",
    b"\n",
)
INSERTIONS = (
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xc3\x28",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xc0\xaf",
    b"\x80",
    b"\xe2\x80\xa8",
    b"\xe2\x80\xae",
    b"\xc2\x85",
    b"\xc2\x9b2J",
    b"\x1b[2J",
    b"\x1b]0;x\x07",
    b"\r",
    b"\r\n",
    b"\t",
    b"\n\t\n",
    b"%YAML 1.2\n---\n",
    b"%TAG ! tag:example.com,2000:\n---\n",
    b"---\n",
    b"\n...\n",
    b"\n---\n",
    b"&a ",
    b"*a",
    b"!!python/object/apply:os.system [echo] ",
    b"<<: *a\n",
    b"? [a, b]\n: c\n",
    b"Zo\xc3\xab",
    b"Zo\xeb",
)

# --- the YAML node graph --------------------------------------------------------------------------

STR = "tag:yaml.org,2002:str"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"


def _scalar(value: str, tag: str = STR) -> yaml.ScalarNode:
    return yaml.ScalarNode(
        tag if tag.startswith(("tag:", "!")) else f"tag:yaml.org,2002:{tag}", value
    )


def _walk(root: yaml.Node) -> Iterator[tuple[yaml.Node, int]]:
    """Every node once (aliases make a graph, possibly with cycles), with its depth."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node, depth
        if isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.append((value, depth + 1))
                stack.append((key, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in reversed(node.value))


# A place in the graph: (the collection, the index in it, 0 = key / 1 = value / -1 = item).
Slot = tuple[yaml.Node, int, int]


def _slots(root: yaml.Node) -> list[Slot]:
    slots: list[Slot] = []
    for node, _depth in _walk(root):
        if isinstance(node, yaml.MappingNode):
            for i in range(len(node.value)):
                slots.extend([(node, i, 0), (node, i, 1)])
        elif isinstance(node, yaml.SequenceNode):
            slots.extend((node, i, -1) for i in range(len(node.value)))
    return slots


def _get(slot: Slot) -> yaml.Node:
    parent, i, part = slot
    item = parent.value[i]
    return item if part < 0 else item[part]  # type: ignore[no-any-return]


def _set(slot: Slot, node: yaml.Node) -> None:
    parent, i, part = slot
    if part < 0:
        parent.value[i] = node
    else:
        key, value = parent.value[i]
        parent.value[i] = (node, value) if part == 0 else (key, node)


class Doc:
    """A seed's node graph being mutated, emitted back as YAML text at the end."""

    def __init__(self, root: yaml.Node) -> None:
        self.root = root
        # Text spliced in after emitting, for what the emitter cannot write: YAML escapes of
        # lone surrogates, nesting deeper than its recursion allows.
        self.raw: dict[str, str] = {}
        self.dump_options: dict[str, Any] = {"allow_unicode": True}
        self.extra_documents: list[str] = []

    def placeholder(self, text: str) -> yaml.ScalarNode:
        token = f"FUZZRAW{len(self.raw)}X"
        self.raw[token] = text
        return _scalar(token)

    def collections(self, kind: type[yaml.Node] | None = None) -> list[yaml.Node]:
        want = kind or (yaml.MappingNode, yaml.SequenceNode)
        return [n for n, _ in _walk(self.root) if isinstance(n, want)]

    def value_slots(self, scalars_only: bool = False) -> list[Slot]:
        slots = [s for s in _slots(self.root) if s[2] != 0]
        if scalars_only:
            slots = [s for s in slots if isinstance(_get(s), yaml.ScalarNode)]
        return slots

    def emit(self) -> str:
        try:
            text = yaml.serialize(self.root, Dumper=yaml.CSafeDumper, **self.dump_options)
        except (UnicodeEncodeError, yaml.YAMLError, RecursionError):  # emitter limits: try Python's
            text = yaml.serialize(self.root, Dumper=yaml.SafeDumper, **self.dump_options)
        text = str(text)
        for token, raw in self.raw.items():
            text = text.replace(token, raw)
        return text + "".join(self.extra_documents)


def _compose(seed: Seed) -> yaml.Node | None:
    try:
        return yaml.compose(seed.data, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return None


# --- data mutations -------------------------------------------------------------------------------


def _new_value(rnd: Random, doc: Doc, old: yaml.Node) -> tuple[yaml.Node, str]:
    scalars, _keys, subtrees = _corpus()
    roll = rnd.random()
    if roll < 0.30:
        text = rnd.choice(NASTY_STRINGS)
        return _scalar(text), f"string {text[:40]!r}"
    if roll < 0.40 and isinstance(old, yaml.ScalarNode):
        text = rnd.choice(NASTY_STRINGS)[:20]
        at = rnd.randint(0, len(old.value))
        value = old.value[:at] + text + old.value[at:]
        return _scalar(value), f"string {value[:40]!r}"
    if roll < 0.55:
        day = rnd.choice(DATES)
        tag = "timestamp" if rnd.random() < 0.7 else STR
        return _scalar(day, tag), f"date {day}"
    if roll < 0.70:
        tag, value = rnd.choice(TYPED_SCALARS)
        return _scalar(value, tag), f"{tag} {value[:30]}"
    if roll < 0.85:
        value = rnd.choice(scalars)
        return _scalar(value), f"corpus value {value[:40]!r}"
    if roll < 0.90:
        raw = rnd.choice(RAW_STRINGS)
        return doc.placeholder(raw), f"escaped {raw}"
    if roll < 0.95:
        tree = copy.deepcopy(rnd.choice(subtrees))
        return tree, f"subtree {type(tree).__name__}"
    empty: yaml.Node = rnd.choice(
        [yaml.SequenceNode(SEQ, []), yaml.MappingNode(MAP, []), yaml.SequenceNode(SEQ, [old])]
    )
    return empty, f"collection {type(empty).__name__}"


# Keys whose values are prose: a hostile string there passes every check and reaches the
# output, which is where control characters and markup do harm.
FREE_TEXT_KEYS = frozenset(
    {"name", "cite", "reason", "about", "summary", "company", "title", "advice", "author",
     "publication", "description", "note", "notes", "email", "phone", "url", "quote"}
)  # fmt: skip
# Keys whose values are identifiers that other values refer to: renamed everywhere at once.
IDENT_KEYS = frozenset({"id", "with", "rule", "except"})
DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# Keys whose values name things outside the file: a zone, a holiday calendar, a base pack.
# They end up in file names and library calls, where a NUL or a slash does harm.
PLACE_KEYS = frozenset({"timezone", "country", "subdivision", "extends"})
PLACE_VALUES = (
    "a\x00b", "US\x00", "../../etc/passwd", "a/b", "/etc/localtime", ".", "..", "", " ",
    "us", "XX", "GB ", "Etc/GMT+14", "Etc/GMT-15", "posixrules", "localtime", "Factory",
    "EST5EDT", "UTC/", "CON", "clue-wagon@^1.0.0", "clue-wagon@", "clue-wagon@x",
    "clue-wagon\x00@^1", "x" * 300,
)  # fmt: skip
DATA_OPS = {"text": 7, "place": 1, "ident": 2, "date": 2, "value": 3, "enum": 1, "delete": 1,
            "add": 1, "rename": 1, "seq": 1, "unquote": 1}  # fmt: skip


def _maps(doc: Doc) -> list[yaml.MappingNode]:
    return [m for m in doc.collections(yaml.MappingNode) if isinstance(m, yaml.MappingNode)]


def _keyed_slots(doc: Doc, keys: frozenset[str]) -> list[Slot]:
    slots = []
    for node in doc.collections(yaml.MappingNode):
        for i, (key, value) in enumerate(node.value):
            scalars = isinstance(value, yaml.ScalarNode) and isinstance(key, yaml.ScalarNode)
            if scalars and key.value in keys and not value.value.startswith("FUZZRAW"):
                slots.append((node, i, 1))
    return slots


def _hostile_text(rnd: Random, old: str) -> str:
    piece = rnd.choice(NASTY_STRINGS)
    if rnd.random() < 0.5:
        return piece
    at = rnd.randint(0, len(old))
    return old[:at] + piece[:40] + old[at:]


def _mutate_prose(rnd: Random, doc: Doc, op: str) -> str | None:
    """The mutations that keep a file valid, so that hostile values get to the output."""
    if op == "text":
        slots = _keyed_slots(doc, FREE_TEXT_KEYS)
        if slots:
            slot = rnd.choice(slots)
            old = _get(slot).value
            new = _hostile_text(rnd, old)
            _set(slot, _scalar(new))
            return f"text {old[:30]!r} -> {new[:60]!r}"
    if op == "place":
        slots = _keyed_slots(doc, PLACE_KEYS)
        if slots:
            slot = rnd.choice(slots)
            old = _get(slot).value
            new = rnd.choice(PLACE_VALUES)
            _set(slot, _scalar(new))
            return f"{old[:30]!r} -> {new[:40]!r}"
    if op == "ident":
        slots = _keyed_slots(doc, IDENT_KEYS)
        if slots:
            old = _get(rnd.choice(slots)).value
            if rnd.random() < 0.5:  # still a valid identifier: do references follow it?
                new = old + rnd.choice(("-2", ".x", "_b", "9", "-" + "x" * 60))
            else:
                new = _hostile_text(rnd, old)
            for node, _depth in _walk(doc.root):
                if isinstance(node, yaml.ScalarNode) and node.value == old:
                    node.value, node.tag, node.style = new, STR, None
            return f"identifier {old[:30]!r} -> {new[:60]!r} everywhere"
    if op == "date":
        nodes = [n for n, _ in _walk(doc.root) if isinstance(n, yaml.ScalarNode)]
        days = [n for n in nodes if DAY.match(n.value)]
        if days:
            node = rnd.choice(days)
            old = node.value
            if rnd.random() < 0.6:
                with contextlib.suppress(ValueError, OverflowError):
                    shift = dt.timedelta(days=rnd.randint(-400, 400))
                    node.value = (dt.date.fromisoformat(old) + shift).isoformat()
            else:
                node.value = rnd.choice(DATES)
            return f"date {old} -> {node.value}"
    return None


def _data_value(rnd: Random, doc: Doc, enum: bool) -> str | None:
    slots = doc.value_slots(scalars_only=True)
    if not slots:
        return None
    slot = rnd.choice(slots)
    old = str(_get(slot).value)
    if enum:
        from engine import vocabulary  # the real enums: mix them up, or step just outside

        pool = [*vocabulary.EVENT_TYPES, *vocabulary.CHANNELS, *vocabulary.ROLES]
        pool += ["coffee_chat", "carrier_pigeon", "ceo", "Email", "email ", "e-mail"]
        name = rnd.choice(pool)
        _set(slot, _scalar(name))
        return f"value {old[:30]!r} -> {name!r}"
    new, what = _new_value(rnd, doc, _get(slot))
    _set(slot, new)
    return f"value {old[:30]!r} -> {what}"


def _key_name(key: yaml.Node) -> str:
    return key.value if isinstance(key, yaml.ScalarNode) else f"<{type(key).__name__}>"


def _data_delete(rnd: Random, doc: Doc) -> str | None:
    maps = [m for m in _maps(doc) if m.value]
    if not maps:
        return None
    target = rnd.choice(maps)
    key, _ = target.value.pop(rnd.randrange(len(target.value)))
    return f"deleted key {_key_name(key)!r}"


def _data_add(rnd: Random, doc: Doc) -> str | None:
    maps = _maps(doc)
    if not maps:
        return None
    target = rnd.choice(maps)
    keys = _corpus()[1]
    name = rnd.choice(keys) if rnd.random() < 0.7 else rnd.choice(NASTY_STRINGS)[:30]
    value, what = _new_value(rnd, doc, _scalar("x"))
    target.value.insert(rnd.randint(0, len(target.value)), (_scalar(name), value))
    return f"added key {name!r}: {what}"


def _data_rename(rnd: Random, doc: Doc) -> str | None:
    maps = [m for m in _maps(doc) if m.value]
    if not maps:
        return None
    target = rnd.choice(maps)
    i = rnd.randrange(len(target.value))
    key, value = target.value[i]
    old = _key_name(key)
    if rnd.random() < 0.5 and len(old) > 1:  # a typo: one character dropped
        at = rnd.randrange(len(old))
        name = old[:at] + old[at + 1 :]
    else:
        name = rnd.choice(_corpus()[1])
    target.value[i] = (_scalar(name), value)
    return f"renamed key {old!r} -> {name!r}"


def _data_seq(rnd: Random, doc: Doc) -> str | None:
    seqs = [n for n in doc.collections(yaml.SequenceNode) if isinstance(n, yaml.SequenceNode)]
    if not seqs:
        return None
    items = rnd.choice(seqs).value
    how = rnd.choice(("duplicate", "remove", "empty", "reverse", "repeat"))
    if how == "duplicate" and items:
        items.append(copy.deepcopy(rnd.choice(items)))
    elif how == "remove" and items:
        items.pop(rnd.randrange(len(items)))
    elif how == "empty":
        items.clear()
    elif how == "reverse":
        items.reverse()
    elif how == "repeat" and items:
        items[:] = [copy.deepcopy(items[0]) for _ in range(rnd.choice((50, 500)))]
    return f"sequence {how}"


def _data_unquote(rnd: Random, doc: Doc) -> str | None:
    # The emitter quotes a string that would read as something else unquoted; a person
    # editing the file would not: `country: NO` is the Norway problem.
    slots = [s for s in doc.value_slots(scalars_only=True) if _get(s).tag == STR]
    if not slots:
        return None
    slot = rnd.choice(slots)
    value = str(_get(slot).value)
    resolver = yaml.resolver.Resolver()
    tag: str = resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    _set(slot, _scalar(value, tag))
    return f"unquoted {value[:30]!r} ({tag.rsplit(':', 1)[-1]})"


def _mutate_data(rnd: Random, doc: Doc) -> str:
    op = rnd.choices(list(DATA_OPS), weights=list(DATA_OPS.values()))[0]
    done = _mutate_prose(rnd, doc, op)
    if done is None:  # a prose mutation finds no place for itself: change any value instead
        handlers: dict[str, Callable[[], str | None]] = {
            "delete": lambda: _data_delete(rnd, doc),
            "add": lambda: _data_add(rnd, doc),
            "rename": lambda: _data_rename(rnd, doc),
            "seq": lambda: _data_seq(rnd, doc),
            "unquote": lambda: _data_unquote(rnd, doc),
            "enum": lambda: _data_value(rnd, doc, enum=True),
        }
        done = handlers.get(op, lambda: _data_value(rnd, doc, enum=False))()
    return done or "none"


# --- node-graph mutations -------------------------------------------------------------------------


def _graph_alias(rnd: Random, doc: Doc) -> str | None:
    slots = doc.value_slots()
    if len(slots) < 2:
        return None
    source, target = rnd.sample(slots, 2)
    node = _get(source)
    _set(target, node)
    return f"alias of a {type(node).__name__} elsewhere"


def _graph_recursive(rnd: Random, doc: Doc) -> str | None:
    colls = doc.collections()
    if not colls:
        return None
    node = rnd.choice(colls)
    if isinstance(node, yaml.SequenceNode):
        node.value.append(node)
    else:
        node.value.append((_scalar("self"), node))
    return f"recursive {type(node).__name__}"


def _graph_bomb(rnd: Random, doc: Doc) -> str | None:
    slots = doc.value_slots()
    if not slots:
        return None
    width, depth = rnd.choice(((9, 9), (10, 4), (2, 30), (64, 2), (3, 12)))
    node: yaml.Node = _scalar("lol")
    for _ in range(depth):
        node = yaml.SequenceNode(SEQ, [node] * width)
    _set(rnd.choice(slots), node)
    return f"alias bomb {width}^{depth}"


def _graph_deep(rnd: Random, doc: Doc) -> str | None:
    slots = doc.value_slots()
    if not slots:
        return None
    # Around the loader's limit (48), and far past what a recursive emitter or parser survives.
    n = rnd.choice((10, 47, 48, 49, 64, 200, 1000, 5000, 100_000))
    style = rnd.choice(("seq", "map", "mixed"))
    if style == "seq":
        text = "[" * n + "x" + "]" * n
    elif style == "map":
        text = "{a: " * n + "x" + "}" * n
    else:
        text = "[{a: " * (n // 2) + "x" + "}]" * (n // 2)
    _set(rnd.choice(slots), doc.placeholder(text))
    return f"nesting {n} deep ({style})"


def _graph_duplicate(rnd: Random, doc: Doc) -> str | None:
    maps = [m for m in _maps(doc) if m.value]
    if not maps:
        return None
    target = rnd.choice(maps)
    key, value = rnd.choice(target.value)
    twin = value if rnd.random() < 0.5 else _new_value(rnd, doc, value)[0]
    target.value.insert(rnd.randint(0, len(target.value)), (copy.deepcopy(key), twin))
    return f"duplicate key {getattr(key, 'value', '?')!r}"


def _graph_tag(rnd: Random, doc: Doc) -> str | None:
    node = rnd.choice([n for n, _ in _walk(doc.root)])
    node.tag = rnd.choice(ODD_TAGS)
    return f"tag {node.tag} on a {type(node).__name__}"


def _graph_merge(rnd: Random, doc: Doc) -> str | None:
    maps = _maps(doc)
    if not maps:
        return None
    target = rnd.choice(maps)
    # Mostly a mapping, as YAML means it; sometimes a sequence, which it does not allow.
    source = rnd.choice(doc.collections()) if rnd.random() < 0.3 else rnd.choice(maps)
    target.value.insert(0, (_scalar("<<", "merge"), source))
    return f"merge key from a {type(source).__name__}"


def _graph_key(rnd: Random, doc: Doc) -> str | None:
    maps = _maps(doc)
    if not maps:
        return None
    key: yaml.Node = rnd.choice(
        [
            yaml.SequenceNode(SEQ, [_scalar("a"), _scalar("b")]),
            yaml.MappingNode(MAP, [(_scalar("a"), _scalar("b"))]),
            _scalar("~", "null"),
            _scalar("1", "int"),
            _scalar("1.5", "float"),
            _scalar("on", "bool"),
            _scalar("2026-11-21", "timestamp"),
        ]
    )
    rnd.choice(maps).value.append((key, _scalar("x")))
    return f"{key.tag.rsplit(':', 1)[-1]} key"


def _graph_documents(rnd: Random, doc: Doc) -> str | None:
    extra = rnd.choice(("---\n", "---\nversion: 1\n", "--- [1, 2]\n", "...\n", "--- !!str x\n"))
    doc.extra_documents.append(extra)
    doc.dump_options["explicit_start"] = True
    return f"another document {extra!r}"


def _graph_style(rnd: Random, doc: Doc) -> str | None:
    options: dict[str, Any] = rnd.choice(
        [
            {"canonical": True},
            {"flow": True},
            {"width": 8},
            {"indent": 9},
            {"allow_unicode": False},
            {"explicit_start": True, "explicit_end": True},
            {"version": (1, 1)},
            {"tags": {"!e!": "tag:example.com,2000:"}},
        ]
    )
    if options.pop("flow", False):  # every collection in flow style, `{a: [b, c]}`
        for node in doc.collections():
            if isinstance(node, yaml.CollectionNode):
                node.flow_style = True
    doc.dump_options.update(options)
    return f"emitted with {options or 'flow style'}"


def _graph_root(rnd: Random, doc: Doc) -> str | None:
    doc.root = rnd.choice(
        [
            _scalar("just a string"),
            _scalar("~", "null"),
            yaml.SequenceNode(SEQ, [doc.root]),
            yaml.MappingNode(MAP, []),
            yaml.SequenceNode(SEQ, []),
        ]
    )
    return f"root replaced by a {type(doc.root).__name__}"


GRAPH_OPS: dict[str, Callable[[Random, Doc], str | None]] = {
    "alias": _graph_alias,
    "recursive": _graph_recursive,
    "bomb": _graph_bomb,
    "deep": _graph_deep,
    "duplicate": _graph_duplicate,
    "tag": _graph_tag,
    "merge": _graph_merge,
    "key": _graph_key,
    "documents": _graph_documents,
    "style": _graph_style,
    "root": _graph_root,
}


def _mutate_graph(rnd: Random, doc: Doc) -> str:
    return GRAPH_OPS[rnd.choice(list(GRAPH_OPS))](rnd, doc) or "none"


# --- byte mutations -------------------------------------------------------------------------------


def _mutate_bytes(rnd: Random, data: bytes) -> tuple[bytes, str]:
    op = rnd.choice(
        ("flip", "set", "insert", "insert", "delete", "line", "truncate", "encode", "eol", "size")
    )
    n = len(data)
    at = rnd.randint(0, n)
    if op == "flip" and n:
        at = rnd.randrange(n)
        bit = 1 << rnd.randrange(8)
        return data[:at] + bytes([data[at] ^ bit]) + data[at + 1 :], f"bit {bit} flipped at {at}"
    if op == "set" and n:
        at = rnd.randrange(n)
        byte = rnd.choice(INTERESTING_BYTES)
        return data[:at] + byte + data[at + 1 :], f"byte at {at} set to {byte!r}"
    if op == "insert":
        piece = rnd.choice(INSERTIONS)
        where = rnd.random()
        if where < 0.2:
            at = 0
        elif where < 0.5:  # at the start of a line, where YAML structure begins
            starts = [0] + [i + 1 for i, b in enumerate(data) if b == 0x0A]
            at = rnd.choice(starts)
        return data[:at] + piece + data[at:], f"{piece!r} inserted at {at}"
    if op == "delete" and n:
        size = rnd.choice((1, 1, 2, 4, 16, 64))
        return data[:at] + data[at + size :], f"{size} bytes deleted at {at}"
    if op == "line":
        lines = data.split(b"\n")
        i = rnd.randrange(len(lines))
        how = rnd.choice(("delete", "duplicate", "swap", "indent", "dedent", "tab"))
        if how == "delete":
            del lines[i]
        elif how == "duplicate":
            lines.insert(i, lines[i])
        elif how == "swap":
            j = rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif how == "indent":
            lines[i] = b" " * rnd.choice((1, 2, 3)) + lines[i]
        elif how == "dedent":
            lines[i] = lines[i][rnd.choice((1, 2)) :]
        else:
            lines[i] = b"\t" + lines[i].lstrip(b" ")
        return b"\n".join(lines), f"line {i + 1} {how}"
    if op == "truncate":
        if rnd.random() < 0.1:
            return b"", "emptied"
        return data[:at], f"truncated at {at}"
    if op == "encode":
        text = data.decode("utf-8", errors="replace")
        codec = rnd.choice(("utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252"))
        bom = rnd.random() < 0.3
        body = text.encode(codec, errors="replace")
        return (b"\xef\xbb\xbf" if bom else b"") + body, f"encoded as {codec}" + (
            " after a BOM" * bom
        )
    if op == "eol":
        how = rnd.choice(("crlf", "cr", "nel", "ls", "mixed", "trailing"))
        if how == "crlf":
            return data.replace(b"\n", b"\r\n"), "CRLF line ends"
        if how == "cr":
            return data.replace(b"\n", b"\r"), "CR line ends"
        if how == "nel":
            return data.replace(b"\n", b"\xc2\x85"), "NEL line ends"
        if how == "ls":
            return data.replace(b"\n", b"\xe2\x80\xa8"), "U+2028 line ends"
        if how == "mixed":
            return data.replace(b"\n", b"\r\n", rnd.randint(1, 5)), "mixed line ends"
        return data.replace(b"\n", b" \t \n"), "trailing blanks"
    if op == "size":
        # Just under, at and over the loader's 1 MiB cap (engine/safeyaml.MAX_BYTES).
        target = rnd.choice((1024 * 1024 - 1, 1024 * 1024, 1024 * 1024 + 1, 3 * 1024 * 1024))
        pad = b"\n#" + b"p" * max(0, target - n - 3) + b"\n"
        return (data + pad)[: max(target, n)], f"padded to {target} bytes"
    return data, "none"


# --- cases ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    """What a campaign may try; the CI test stays within what is fixed or cheap."""

    # --until more than a few years ahead, up to 9999-12-31 (issue 8 item 11: may never end).
    far_until: bool = False
    max_until_days: int = 2 * 366 + 30
    # A share of cases is run twice, in two processes, to compare the bytes.
    determinism_rate: float = 0.25
    # Non-UTF-8 stdout (PYTHONIOENCODING=ascii, a Latin-1 locale): issue 8 item 3.
    other_encodings: bool = True
    # A share of cases run over a cache tampered with after a warm-up run: issue 8 item 5.
    tamper_rate: float = 0.04
    # A share of first runs in a new interpreter (0.3 s each) instead of a fork (milliseconds).
    fresh_rate: float = 0.02


@dataclass(frozen=True)
class Case:
    argv: tuple[str, ...]  # after `followup`
    files: tuple[tuple[str, bytes], ...]  # the case folder's contents, the inputs of the run
    command: str
    fmt: str
    mutated: str  # the file name of the mutated input
    seed: str
    level: str
    mutations: tuple[str, ...]
    encoding: str = "utf-8"
    timezones: tuple[str, str] = ("UTC", "UTC")  # the machine's TZ in the first and second run
    deterministic_check: bool = False
    output_file: str | None = None  # `-o FILE` naming a new file: allowed to appear
    label: str = ""  # how the campaign names the case (seed and index)
    env_vars: tuple[tuple[str, str], ...] = ()  # for both runs (COLUMNS...)
    replay_env: tuple[tuple[str, str], ...] = ()  # for the second run only (no cache...)
    # Tamper with the cache between a warm-up run and the run checked (seeds the tampering);
    # the second run, in another worker, says what the output should have been.
    tamper: int | None = None
    odd_names: bool = False  # the input files have hostile names
    stdout_to: str = "file"  # or "full" (/dev/full) or "closed" (a pipe nobody reads)
    fresh_process: bool = False  # the first run in a new interpreter rather than a fork

    def env(self, run: int = 0) -> dict[str, str]:
        env = {"TZ": self.timezones[run], **dict(self.env_vars)}
        if run:
            env.update(self.replay_env)
        if self.encoding != "utf-8":
            env["PYTHONIOENCODING"] = self.encoding
        return env

    def shell(self, python: str = sys.executable) -> str:
        """The command line (bash) that repeats the case from its saved folder."""
        env = " ".join(f"{k}={shell_word(v)}" for k, v in self.env().items())
        args = " ".join(shell_word(a) for a in self.argv)
        redirect = {"file": "", "full": " > /dev/full", "closed": " | head -c 0"}[self.stdout_to]
        command = f"{python} -m followup {args}{redirect}"
        return f"env PYTHONPATH={shell_word(str(ROOT))} {env} {command}"

    def describe(self) -> str:
        extra = " (run after tampering with a warm cache)" * (self.tamper is not None)
        return (
            f"{self.label or 'case'}: seed {self.seed}, level {self.level}, "
            f"mutations: {'; '.join(self.mutations) or 'none'}{extra}"
        )


def shell_word(arg: str) -> str:
    """ARG quoted for bash; control characters spelled as $'\\xNN', so that printing the
    command line cannot do to the terminal what the fuzzer checks the CLI never does."""
    if not re.search(r"[\x00-\x1f\x7f-\x9f]", arg):
        return shlex.quote(arg)
    body = "".join(
        f"\\x{ord(c):02x}" if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F else
        "\\" + c if c in "\\'" else c
        for c in arg
    )  # fmt: skip
    return f"$'{body}'"


def visible(text: str) -> str:
    """TEXT with its control characters (but newlines) escaped, for the campaign's reports."""
    return UNSAFE_CHARS.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else
                            f"\\u{ord(m[0]):04x}", text)  # fmt: skip


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


def _pack_ref(rnd: Random) -> str:
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


def _command(
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
        fmt = rnd.choice(("table", "table", "json", "ics", "markdown"))
        argv = ["run", t_file, "--pack", p_ref, "--as-of", as_of, "--format", fmt]
        if rnd.random() < 0.04:  # a timeline given as the pack, or a pack as the timeline
            argv[1:4] = (
                [p_ref, "--pack", p_ref] if isinstance(pack, Seed) else [t_file, "--pack", t_file]
            )
        if kind == "explain":
            argv.append("--explain")
        if kind == "simulate":
            fmt = rnd.choice(("table", "json", "markdown"))
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
        fmt = rnd.choice(("table", "json", "markdown"))
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
        root = _compose(seed)
        if root is not None:
            doc = Doc(root)
            for _ in range(rnd.choice((1, 1, 1, 2, 3))):
                op = _mutate_data if level == "data" or rnd.random() < 0.5 else _mutate_graph
                mutations.append(op(rnd, doc))
            try:
                data = doc.emit().encode("utf-8")
            except (yaml.YAMLError, RecursionError, UnicodeError, TypeError) as exc:
                mutations.append(f"not emitted ({type(exc).__name__})")
    if level in ("bytes", "mixed"):
        for _ in range(rnd.choice((1, 1, 2, 3))):
            data, what = _mutate_bytes(rnd, data)
            mutations.append(what)
    mutated = f"{seed.kind}{seed.suffix if level in ('none', 'bytes') else '.yaml'}"
    odd_names = level != "none" and rnd.random() < 0.04
    if odd_names:
        mutated = rnd.choice(ODD_NAMES)
    if seed.kind == "timeline":
        timeline, t_file = seed, mutated
        pack: str | Seed = _pack_ref(rnd)
        p_ref = str(pack)
        files: tuple[tuple[str, bytes], ...] = ((t_file, data),)
    else:
        timeline = rnd.choice(seeds_of("timeline"))
        t_file = f"timeline{timeline.suffix}"
        pack, p_ref = seed, mutated
        files = ((t_file, timeline.data), (p_ref, data))
    argv, command, fmt, output = _command(rnd, timeline, t_file, pack, p_ref, seed.kind, config)
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


# --- the campaign's findings, pinned ------------------------------------------------------------


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


# --- running: workers that fork a child per run ---------------------------------------------------


@dataclass
class RunResult:
    rc: int  # the child's exit code; -N for signal N
    stdout: bytes  # at most MAX_REPORTED bytes of it
    stderr: bytes
    stdout_len: int
    stdout_digest: str
    stderr_digest: str
    seconds: float
    timed_out: bool
    changed: list[str]  # input files modified or removed
    stray: list[str]  # files that appeared in the case folder
    unsafe_stdout: list[str]  # control characters found in the whole of stdout
    json_error: str = ""  # why the whole of stdout is not JSON, for --format json
    raw_markup: list[str] = field(default_factory=list)  # live HTML or links, for markdown
    tamper_note: str = ""  # what was done to the cache before the run
    crash_log: str = ""  # the end of the traceback an exit 3 logged
    harness_error: str = ""

    @classmethod
    def from_wire(cls, wire: dict[str, Any]) -> RunResult:
        wire = dict(wire)
        wire["stdout"] = base64.b64decode(wire["stdout"])
        wire["stderr"] = base64.b64decode(wire["stderr"])
        return cls(**wire)


def _text_stream(fd: int, encoding: str, errors: str, line_buffering: bool) -> io.TextIOWrapper:
    raw = io.FileIO(fd, "w", closefd=False)
    return io.TextIOWrapper(
        io.BufferedWriter(raw), encoding=encoding, errors=errors, line_buffering=line_buffering
    )


def _exit_code(exc: SystemExit) -> int:
    """What the interpreter would exit with for this SystemExit."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _run_like_python(main: Callable[[], object]) -> int:
    """Run `main` as the interpreter runs a script: an uncaught exception prints Python's
    traceback and exits 1, and a stdout that fails at the final flush exits 120."""
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc)
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    try:
        sys.stdout.flush()
    except Exception:
        import traceback

        print("Exception ignored on flushing sys.stdout:", file=sys.stderr)
        traceback.print_exc()
        code = 120
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    return code


def _child(
    req: dict[str, Any], out_path: Path, err_path: Path, main: Callable[[], object]
) -> NoReturn:
    code = 70  # EX_SOFTWARE: the harness itself failed in the child
    try:
        os.chdir(req["folder"])
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        for fd, path in ((1, out_path), (2, err_path)):
            target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(target, fd)
            os.close(target)
        if req["stdout_to"] == "full":  # every write fails: ENOSPC (issue 8 item 4)
            full = os.open("/dev/full", os.O_WRONLY)
            os.dup2(full, 1)
            os.close(full)
        elif req["stdout_to"] == "closed":  # a reader that went away: EPIPE, as `| head -c0`
            reader, writer = os.pipe()
            os.close(reader)
            os.dup2(writer, 1)
            os.close(writer)
        encoding = req["encoding"]
        # What a fresh interpreter makes of fds 0-2 (PYTHONIOENCODING=ENC when not UTF-8).
        sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)))
        sys.stdout = _text_stream(1, encoding, "strict", line_buffering=False)
        sys.stderr = _text_stream(2, encoding, "backslashreplace", line_buffering=True)
        sys.__stdout__, sys.__stderr__ = sys.stdout, sys.stderr  # type: ignore[misc]
        sys.argv = ["followup", *req["argv"]]
        os.environ.update(req["env"])
        time.tzset()
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_OUTPUT, MAX_OUTPUT))
        # SIGALRM's default action ends the process whatever Python is doing, C code included.
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.setitimer(signal.ITIMER_REAL, float(req["timeout"]))
        code = _run_like_python(main)
    finally:
        os._exit(code)


def _unsafe_chars(data: bytes, fmt: str) -> list[str]:
    text = data.decode("utf-8", errors="replace")
    if fmt == "ics":  # RFC 5545 lines end in CRLF: only a CR before LF is part of the format
        text = text.replace("\r\n", "\n")
    found = {
        f"U+{ord(c):04X} {unicodedata.name(c, '')}".strip() for c in UNSAFE_CHARS.findall(text)
    }
    return sorted(found)


# Markup that only the fuzzer's strings carry (NASTY_STRINGS): live in Markdown, it would
# underline, run a script or link to `javascript:` (issue 8 item 9).
MARKUP = {
    "<u>": re.compile(r"(?<!\\)<u>"),
    "<script": re.compile(r"(?<!\\)<script"),
    "](javascript:": re.compile(r"(?<!\\)\]\(javascript:"),
}  # each unless escaped by a backslash
_CODE_SPAN = re.compile(r"(`+).+?\1")


def _raw_markup(data: bytes) -> list[str]:
    """The MARKUP outside code spans and fenced blocks, where Markdown shows text verbatim."""
    found: set[str] = set()
    fenced = False
    for line in data.decode("utf-8", errors="replace").split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            live = _CODE_SPAN.sub("", line)
            found.update(name for name, rx in MARKUP.items() if rx.search(live))
    return sorted(found)


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} if folder.exists() else set()


def _crash_log(stderr: bytes) -> str:
    """The traceback behind an exit 3, from the log its apology names (read at once, before
    another run's crash replaces it)."""
    match = re.search(rb"the traceback is in (.+?); please report", stderr)
    if not match:
        return ""
    try:
        return Path(os.fsdecode(match[1])).read_text(encoding="utf-8", errors="replace")[-4000:]
    except OSError:
        return ""


def _fork_run(
    req: dict[str, Any], out_path: Path, err_path: Path, main: Callable[[], object]
) -> tuple[int, float]:
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        _child(req, out_path, err_path, main)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), time.perf_counter() - start


def _fresh_run(req: dict[str, Any], out_path: Path, err_path: Path) -> tuple[int, float]:
    """The run as a user starts it, `python -m followup` in a new interpreter: what a fork of
    a warm worker cannot show (imports in their real order, PYTHONIOENCODING for real)."""
    env = {**os.environ, **req["env"], "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "followup", *req["argv"]],
            cwd=req["folder"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        try:
            proc.wait(timeout=float(req["timeout"]))
        except subprocess.TimeoutExpired:
            proc.kill()  # reported as the timer's signal, as a forked run's would be
            proc.wait()
            return -signal.SIGALRM, time.perf_counter() - start
    return proc.returncode, time.perf_counter() - start


def _tamper(cache: Path, rnd: Random) -> str:
    """Corrupt one entry of a warm cache, the ways a disk, a crash or a person could."""
    files = sorted(p for p in cache.rglob("*") if p.is_file() and p.name != "followup.log")
    if not files:
        return "nothing was cached"
    path = rnd.choice(files)
    name = str(path.relative_to(cache))
    data = path.read_bytes()
    how = rnd.choice(
        ("flip", "truncate", "empty", "nested", "huge", "digit", "garbage", "other", "dir",
         "symlink")
    )  # fmt: skip
    if how == "flip" and data:
        at = rnd.randrange(len(data))
        path.write_bytes(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :])
    elif how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "nested":
        path.write_bytes(b"[" * 5_000_000)
    elif how == "huge":
        path.write_bytes(b" " * (300 * 1024) + data)
    elif how == "digit":  # a date or a count edited by hand: only a checksum can tell
        digits = [i for i, b in enumerate(data) if 0x30 <= b <= 0x39]
        if digits:
            at = rnd.choice(digits)
            new = b"1" if data[at : at + 1] != b"1" else b"2"
            path.write_bytes(data[:at] + new + data[at + 1 :])
    elif how == "garbage":
        path.write_bytes(rnd.randbytes(64))
    elif how == "other":
        path.write_bytes(b'{"format": 2, "payload": []}')
    elif how == "dir":
        path.unlink()
        path.mkdir()
    else:
        path.unlink()
        path.symlink_to("/dev/zero")
    return f"{name}: {how}"


def _serve_one(
    req: dict[str, Any], out_path: Path, err_path: Path, main: Callable[[], object]
) -> dict[str, Any]:
    folder = Path(req["folder"])
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    files = {name: base64.b64decode(data) for name, data in req["files"].items()}
    for name, data in files.items():
        (folder / name).write_bytes(data)
    before = _tree(folder)
    private = folder.parent / f"{folder.name}-cache"
    tamper_note = ""
    if req["tamper"] is not None:
        shutil.rmtree(private, ignore_errors=True)
        private.mkdir()
        req = {**req, "env": {**req["env"], "XDG_CACHE_HOME": str(private)}}
        _fork_run(req, out_path, err_path, main)  # the warm-up fills the private cache
        shutil.rmtree(folder)  # and must leave nothing behind for the run (an --output file)
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        tamper_note = _tamper(private, Random(req["tamper"]))
    if req["fresh"]:
        rc, seconds = _fresh_run(req, out_path, err_path)
    else:
        rc, seconds = _fork_run(req, out_path, err_path, main)
    crash_log = _crash_log(err_path.read_bytes()) if rc == 3 else ""
    shutil.rmtree(private, ignore_errors=True)
    changed = []
    for name, data in files.items():
        path = folder / name
        if not path.is_file():
            changed.append(f"{name} removed")
        elif path.read_bytes() != data:
            changed.append(f"{name} modified")
    allowed = before | ({req["output_file"]} if req["output_file"] else set())
    stray = sorted(_tree(folder) - allowed)
    stdout = out_path.read_bytes()
    stderr = err_path.read_bytes()
    shutil.rmtree(folder, ignore_errors=True)
    json_error = ""
    if req["fmt"] == "json" and stdout:
        try:
            json.loads(stdout)
        except ValueError as exc:
            json_error = f"{type(exc).__name__}: {exc}"
    return {
        "rc": rc,
        "stdout": base64.b64encode(stdout[:MAX_REPORTED]).decode(),
        "stderr": base64.b64encode(stderr[:MAX_REPORTED]).decode(),
        "stdout_len": len(stdout),
        "stdout_digest": hashlib.sha256(stdout).hexdigest(),
        "stderr_digest": hashlib.sha256(stderr).hexdigest(),
        "seconds": seconds,
        "timed_out": rc == -signal.SIGALRM,
        "changed": changed,
        "stray": stray,
        "unsafe_stdout": _unsafe_chars(stdout, req["fmt"]) if req["fmt"] in SCANNED else [],
        "json_error": json_error,
        "raw_markup": _raw_markup(stdout) if req["fmt"] == "markdown" else [],
        "tamper_note": tamper_note,
        "crash_log": crash_log,
    }


def _preload() -> None:
    """Import what any subcommand may import, once, in the worker: every forked child then
    starts warm (the CLI defers these imports to keep its own start fast)."""
    import importlib

    for name in (
        "cli", "engine", "engine.commands.run", "engine.commands.compare", "engine.commands.draft",
        "engine.commands.validate", "engine.commands.test", "engine.commands.show",
        "engine.explain", "engine.simulate", "engine.export", "engine.drafts", "engine.describe",
        "engine.packtests", "engine.durable_core", "engine.compare", "engine.lint", "holidays",
        "icalendar", "jsonschema",
    ):  # fmt: skip
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def serve() -> None:
    """A worker process: read requests (JSON lines) on stdin, run each in a forked child,
    answer on the stdout it was started with."""
    sys.path.insert(0, str(ROOT))
    import followup.__main__ as entry

    _preload()
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    scratch = Path(os.environ["FUZZ_WORKER_DIR"])
    out_path, err_path = scratch / "stdout", scratch / "stderr"
    for line in sys.stdin:
        req = json.loads(line)
        try:
            answer = _serve_one(req, out_path, err_path, entry.main)
        except Exception as exc:  # reported as a harness error, not as the CLI's
            answer = {"harness_error": f"{type(exc).__name__}: {exc}"}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


class Worker:
    """One long-lived child process that serves runs; restarted if it ever dies."""

    def __init__(self, index: int, scratch: Path, cache_dir: Path) -> None:
        self.index = index
        self.dir = scratch / f"worker-{index}"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.cache_dir = cache_dir
        self.proc: subprocess.Popen[str] | None = None

    def _start(self) -> subprocess.Popen[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONIOENCODING", "LC_"))}
        env.update(
            FUZZ_WORKER_DIR=str(self.dir),
            XDG_CACHE_HOME=str(self.cache_dir),  # shared by the workers, as by two terminals
            # Different per worker: a second run in another worker catches an output that
            # depends on set or dict order of strings.
            PYTHONHASHSEED=str(self.index + 1),
            LANG="C.UTF-8",
            LC_ALL="C.UTF-8",
        )
        code = (
            f"import sys; sys.path.insert(0, {str(TESTS)!r}); "
            "import fuzz_support; fuzz_support.serve()"
        )
        log = (self.dir / "worker.log").open("ab")
        return subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            encoding="utf-8",
        )

    def run(self, case: Case, folder: Path, run: int, timeout: float) -> RunResult:
        req = {
            "folder": str(folder),
            "files": {name: base64.b64encode(data).decode() for name, data in case.files},
            "argv": list(case.argv),
            "encoding": case.encoding,
            "env": case.env(run),
            "tamper": case.tamper if run == 0 else None,
            "timeout": timeout,
            "fmt": case.fmt,
            "output_file": case.output_file,
            "stdout_to": case.stdout_to,
            "fresh": case.fresh_process and run == 0,
        }
        for attempt in range(2):
            if self.proc is None or self.proc.poll() is not None:
                self.proc = self._start()
            assert self.proc.stdin is not None and self.proc.stdout is not None
            try:
                self.proc.stdin.write(json.dumps(req) + "\n")
                self.proc.stdin.flush()
                line = self.proc.stdout.readline()
            except (BrokenPipeError, OSError):
                line = ""
            if line:
                wire = json.loads(line)
                if "harness_error" not in wire:
                    return RunResult.from_wire(wire)
                error = wire["harness_error"]
            else:
                error = f"worker {self.index} died (attempt {attempt + 1})"
                self.close()
        return RunResult(-999, b"", b"", 0, "", "", 0.0, False, [], [], [], harness_error=error)

    def close(self) -> None:
        if self.proc is not None:
            with contextlib.suppress(OSError):
                if self.proc.stdin:
                    self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None


@dataclass
class Outcome:
    case: Case
    runs: list[RunResult]
    violations: list[Violation]


class Pool:
    """`jobs` runs at a time over jobs + 1 workers: a replay always goes to a worker other
    than the first run's, and there is always one free for it, so two replays cannot wait on
    each other."""

    def __init__(self, jobs: int, scratch: Path, timeout: float = 10.0) -> None:
        self.jobs = max(1, jobs)
        self.scratch = scratch
        self.timeout = timeout
        cache_dir = scratch / "cache"
        self.workers = [Worker(i, scratch, cache_dir) for i in range(self.jobs + 1)]
        self.free: queue.Queue[Worker] = queue.Queue()
        for worker in self.workers:
            self.free.put(worker)
        self._counter = 0
        self._lock = threading.Lock()

    def _folder(self) -> Path:
        with self._lock:
            self._counter += 1
            return self.scratch / "cases" / str(self._counter)

    def run_case(self, case: Case, timeout: float | None = None) -> Outcome:
        folder = self._folder()  # the same path for both runs: paths in messages must match
        limit = self.timeout if timeout is None else timeout
        first = self.free.get()
        try:
            runs = [first.run(case, folder, 0, limit)]
            if case.deterministic_check and not runs[0].timed_out:
                second = self.free.get()
                try:
                    runs.append(second.run(case, folder, 1, limit))
                finally:
                    self.free.put(second)
        finally:
            self.free.put(first)
        return Outcome(case, runs, check(case, runs))

    def outcomes(self, cases: Iterable[Case]) -> Iterator[Outcome]:
        """Run every case, `jobs` at a time, yielding outcomes in the order of `cases`; only a
        few cases are drawn ahead, so that a long campaign runs in little memory."""
        from collections import deque
        from concurrent.futures import Future, ThreadPoolExecutor

        with ThreadPoolExecutor(self.jobs) as executor:
            pending: deque[Future[Outcome]] = deque()
            for case in cases:
                pending.append(executor.submit(self.run_case, case))
                if len(pending) >= 4 * self.jobs:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

    def run_many(self, cases: Iterable[Case]) -> list[Outcome]:
        return list(self.outcomes(cases))

    def close(self) -> None:
        for worker in self.workers:
            worker.close()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- the contract ---------------------------------------------------------------------------------

CATEGORIES = (
    "traceback",
    "exit 3",
    "signal",
    "timeout",
    "unexpected exit code",
    "unlocated error",
    "mislocated error",
    "changed input",
    "stray file",
    "nondeterministic output",
    "control characters in stdout",
    "control characters in stderr",
    "unescaped markdown",
    "echoed file content",
    "invalid json",
    "harness error",
)


@dataclass(frozen=True)
class Violation:
    category: str
    signature: str  # what makes two violations the same bug, for counting distinct ones
    detail: str


def _shape(text: str) -> str:
    """A message with its data taken out: quoted values, numbers and paths, so that one bug
    met with different values counts once."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", text)
    text = re.sub(r"[0-9]+", "0", text)
    return text[:120]


def _yaml_lines(data: bytes) -> int | None:
    """How many lines YAML sees in the file (it breaks lines at CR, NEL, LS and PS too)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return len(re.findall("\r\n|[\n\r\x85\u2028\u2029]", text)) + 1


def _location_violations(case: Case, path: str, line: int, what: str) -> list[Violation]:
    data = dict(case.files).get(path)
    count = _yaml_lines(data) if data is not None else None
    # One past the last line is where a parser meets the end of a file that lacks a final
    # newline: a fair place for "expected ... but found end of stream".
    if count is None or 1 <= line <= count + 1:
        return []
    return [
        Violation(
            "mislocated error",
            f"{case.command}: line outside the file",
            f"{what[:300]} (the file has {count} lines)",
        )
    ]


def _error_lines(case: Case, text: str, rc: int, where: str) -> tuple[int, list[Violation]]:
    """Count the located error lines of TEXT; every other line that says `error:` is a
    violation, and so is, on exit 2, any line that is neither an error nor a warning."""
    errors = 0
    found: list[Violation] = []
    for line in (line for line in text.split("\n") if line):
        match = LOCATED.match(line)
        if match:
            errors += match["severity"] == "error"
            found += _location_violations(case, match["path"], int(match["line"]), line)
        elif line.startswith(OPTION_ERROR):
            errors += 1
        elif "error:" in line.lower():
            found.append(
                Violation("unlocated error", f"{case.command}: {_shape(line)}", line[:300])
            )
        elif rc == 2 and where == "stderr":  # README: a failure is one line on stderr
            found.append(
                Violation("unlocated error", f"{case.command}: stray line on exit 2", line[:300])
            )
    return errors, found


def _validate_json_findings(case: Case, out: str) -> tuple[int, list[Violation]]:
    try:
        files = json.loads(out)
    except ValueError:
        return 0, []  # reported as invalid json
    errors = 0
    found: list[Violation] = []
    for entry in files if isinstance(files, list) else []:
        for finding in entry.get("findings", []):
            line, col = finding.get("line"), finding.get("col")
            if not (isinstance(line, int) and isinstance(col, int)):
                found.append(
                    Violation("unlocated error", "validate: a finding without line and col",
                              json.dumps(finding)[:300])
                )  # fmt: skip
                continue
            errors += finding.get("severity") == "error"
            found += _location_violations(case, entry.get("path", ""), line, json.dumps(finding))
    return errors, found


def _stderr_violations(case: Case, run: RunResult) -> list[Violation]:
    err = run.stderr.decode("utf-8", errors="replace")
    cmd = case.command
    if err.startswith("Usage: "):  # click's usage error: Usage, Try, a blank line, Error: ...
        if any(line.startswith("Error: ") for line in err.split("\n")):
            return []
        return [Violation("unlocated error", f"{cmd}: usage without Error:", err[:300])]
    errors, found = _error_lines(case, err, run.rc, "stderr")
    if cmd == "validate":
        # validate reports every finding on stdout, located; stderr is for what stops it.
        out = run.stdout.decode("utf-8", errors="replace")
        if case.fmt == "json":
            more, extra = _validate_json_findings(case, out)
        else:
            more, extra = _error_lines(case, out, run.rc, "stdout")
        found += extra
        if run.rc == 2 and errors + more == 0 and not found:
            found.append(Violation("unlocated error", "validate: exit 2 with no error", err[:300]))
        return found
    if run.rc == 2 and errors != 1 and not found:
        found.append(
            Violation("unlocated error", f"{cmd}: exit 2 with {errors} error lines", err[:300])
        )
    return found


_FRAME = re.compile(r'File "(?P<file>[^"]+)", line [0-9]+, in (?P<func>\S+)')


def _where(traceback_text: str) -> str:
    """Where a traceback ends, and the last followup frame on the way: what names a bug."""
    frames = [(Path(m["file"]), m["func"]) for m in _FRAME.finditer(traceback_text)]
    if not frames:
        return ""

    def name(frame: tuple[Path, str]) -> str:
        path, func = frame
        return f"{'/'.join(path.parts[-2:])}:{func}"

    ours = [f for f in frames if ROOT in f[0].parents and ".venv" not in f[0].parts]
    where = name(frames[-1])
    if ours and ours[-1] != frames[-1]:
        where += f" via {name(ours[-1])}"
    return f" in {where}"


def _internal_error_kind(err: str, log: str = "") -> str:
    """The exception type and where it was raised, whatever the values in its message."""
    match = re.search(r"internal error \(([A-Za-z_.]+)", err)
    if match:
        return match[1] + _where(log)
    if TRACEBACK in err:
        last = [line for line in err.split("\n") if line.strip()]
        return last[-1].split(":")[0][:60] + _where(err)
    last = [line for line in err.split("\n") if line.strip()]
    return _shape(last[-1]) if last else "?"


def check(case: Case, runs: Sequence[RunResult]) -> list[Violation]:
    """Every way the runs of `case` break the CLI's contract."""
    found = _check(case, runs)
    if case.odd_names:  # a hostile file name is its own way in: keep its findings apart
        found = [replace(v, signature=f"[odd file name] {v.signature}") for v in found]
    return found


ECHO_LIMIT = 48  # issue 8 item 12: a short excerpt is fine, a file's content is not


@cache
def _windows(path: str) -> frozenset[str]:
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")[:4096]
    except OSError:
        return frozenset()
    return frozenset(text[i : i + ECHO_LIMIT] for i in range(max(0, len(text) - ECHO_LIMIT)))


def _echoes(err: str, path: str) -> bool:
    """Whether ERR quotes more than ECHO_LIMIT characters of the file at PATH in a row."""
    windows = _windows(path)
    return any(err[i : i + ECHO_LIMIT] in windows for i in range(len(err) - ECHO_LIMIT + 1))


def _check(case: Case, runs: Sequence[RunResult]) -> list[Violation]:
    run = runs[0]
    cmd = f"{case.command} --format {case.fmt}" if case.command != "draft" else "draft"
    if run.harness_error:
        return [Violation("harness error", run.harness_error[:80], run.harness_error)]
    if run.timed_out:
        return [Violation("timeout", f"{cmd}", f"no end after {run.seconds:.1f} s")]
    out = run.stdout.decode("utf-8", errors="replace")
    err = run.stderr.decode("utf-8", errors="replace")
    found: list[Violation] = []
    if TRACEBACK in out or TRACEBACK in err:
        kind = _internal_error_kind(err if TRACEBACK in err else out)
        found.append(Violation("traceback", kind, err[-1500:] or out[-1500:]))
    if run.rc < 0:
        name = signal.Signals(-run.rc).name if -run.rc in signal.valid_signals() else str(run.rc)
        found.append(Violation("signal", f"{cmd}: {name}", err[-500:]))
        return found
    if run.rc == 3:
        kind = _internal_error_kind(err, run.crash_log)
        found.append(Violation("exit 3", kind, f"{cmd}: {err[-300:]}\n{run.crash_log[-1500:]}"))
    else:
        allowed = ALLOWED_EXIT[case.command]
        if "--fail-on-change" in case.argv:
            allowed = ALLOWED_EXIT_FAIL_ON_CHANGE
        if run.rc not in allowed:
            found.append(
                Violation("unexpected exit code", f"{cmd}: exit {run.rc}", err[-500:] or out[:300])
            )
        if TRACEBACK not in err:
            found.extend(_stderr_violations(case, run))
    for change in run.changed:
        found.append(Violation("changed input", f"{cmd}: {change.split()[-1]}", change))
    for name in run.stray:
        found.append(Violation("stray file", f"{cmd}: stray file", name))
    # Whatever the exit code: validate prints its findings, quoting the file, and fails.
    if CHECK_CONTROL_CHARS and run.unsafe_stdout:
        chars = ", ".join(run.unsafe_stdout)
        found.append(
            Violation("control characters in stdout", f"{cmd}: {run.unsafe_stdout[0]}", chars)
        )
    if CHECK_CONTROL_CHARS_IN_STDERR and run.rc != 3:
        unsafe = _unsafe_chars(run.stderr, "text")
        if unsafe:
            found.append(
                Violation("control characters in stderr", f"{case.command}: {unsafe[0]}", err[:300])
            )
    if CHECK_MARKDOWN_ESCAPES and run.raw_markup:
        found.append(
            Violation("unescaped markdown", f"{cmd}: {run.raw_markup[0]}", str(run.raw_markup))
        )
    if "/etc/passwd" in case.argv and _echoes(err, "/etc/passwd"):
        found.append(Violation("echoed file content", "/etc/passwd", err[:300]))
    if run.json_error and run.rc in (0, 1):
        kind = run.json_error.split(":")[0]
        found.append(Violation("invalid json", f"{cmd}: {kind}", run.json_error))
    if len(runs) > 1:
        found += _compare_runs(case, run, runs[1], cmd)
    return found


def _compare_runs(case: Case, run: RunResult, again: RunResult, cmd: str) -> list[Violation]:
    """The second run differs in what must not matter: process, hash seed, machine time
    zone, and (when the case says so) a cache tampered with or no cache at all."""
    if again.timed_out or (run.rc, run.stdout_digest, run.stderr_digest) == (
        again.rc,
        again.stdout_digest,
        again.stderr_digest,
    ):
        return []
    why = [f"TZ {case.timezones[0]} then {case.timezones[1]}"]
    signature = cmd
    if run.tamper_note:
        why.append(f"first run over a tampered cache: {run.tamper_note}")
        signature += " over a tampered cache"
    if case.replay_env:
        why.append(f"second run with {dict(case.replay_env)}")
    detail = (
        f"exit {run.rc} then {again.rc}; stdout {run.stdout_digest[:12]} then "
        f"{again.stdout_digest[:12]}; stderr {run.stderr_digest[:12]} then "
        f"{again.stderr_digest[:12]} ({'; '.join(why)})"
    )
    return [Violation("nondeterministic output", signature, detail)]


# --- reporting ------------------------------------------------------------------------------------


@dataclass
class Figures:
    cases: int = 0
    runs: int = 0
    seconds: float = 0.0
    exit_codes: Counter[int] = field(default_factory=Counter)
    by_category: Counter[str] = field(default_factory=Counter)  # cases, not violations
    # The first few outcomes of each distinct violation, and how many cases showed it.
    distinct: dict[tuple[str, str], list[Outcome]] = field(default_factory=dict)
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    failing_cases: int = 0
    slowest: tuple[float, str] = (0.0, "")
    keep: int = 5

    def add(self, outcome: Outcome) -> None:
        self.cases += 1
        self.runs += len(outcome.runs)
        self.exit_codes[outcome.runs[0].rc] += 1
        for category in {v.category for v in outcome.violations}:
            self.by_category[category] += 1
        self.failing_cases += bool(outcome.violations)
        for key in {(v.category, v.signature) for v in outcome.violations}:
            self.counts[key] += 1
            kept = self.distinct.setdefault(key, [])
            if len(kept) < self.keep:
                kept.append(outcome)
        worst = max(r.seconds for r in outcome.runs)
        if worst > self.slowest[0]:
            self.slowest = (worst, " ".join(shell_word(a) for a in outcome.case.argv))

    @property
    def violations(self) -> int:
        return sum(self.by_category.values())

    def render(self) -> str:
        rows = [
            ("cases", self.cases),
            ("runs (with replays)", self.runs),
            ("tracebacks", self.by_category["traceback"]),
            ("exit 3", self.by_category["exit 3"]),
            ("signals", self.by_category["signal"]),
            ("timeouts", self.by_category["timeout"]),
            ("unexpected exit codes", self.by_category["unexpected exit code"]),
            ("unlocated errors", self.by_category["unlocated error"]),
            ("mislocated errors", self.by_category["mislocated error"]),
            ("changed inputs", self.by_category["changed input"]),
            ("stray files", self.by_category["stray file"]),
            ("nondeterministic outputs", self.by_category["nondeterministic output"]),
            ("control chars in stdout", self.by_category["control characters in stdout"]),
            ("control chars in stderr", self.by_category["control characters in stderr"]),
            ("unescaped markdown", self.by_category["unescaped markdown"]),
            ("echoed file content", self.by_category["echoed file content"]),
            ("invalid json", self.by_category["invalid json"]),
            ("harness errors", self.by_category["harness error"]),
            ("cases with a violation", self.failing_cases),
            ("distinct violations", len(self.distinct)),
            ("exit codes", ", ".join(f"{k}: {v}" for k, v in sorted(self.exit_codes.items()))),
            ("elapsed", f"{self.seconds:.1f} s ({self.cases / max(self.seconds, 1e-9):.0f}/s)"),
            ("slowest run", f"{self.slowest[0]:.2f} s: {self.slowest[1][:100]}"),
        ]
        return "\n".join(f"{name:<26} {value}" for name, value in rows)


def save_case(outcome: Outcome, folder: Path) -> Path:
    """The case's files, its command line (`command.sh`) and what it printed, under FOLDER."""
    folder.mkdir(parents=True, exist_ok=True)
    case = outcome.case
    for name, data in case.files:
        (folder / name).write_bytes(data)
    run = outcome.runs[0]
    (folder / "stdout").write_bytes(run.stdout)
    (folder / "stderr").write_bytes(run.stderr)
    script = f'#!/bin/bash\n# {visible(case.describe())}\ncd "$(dirname "$0")" && {case.shell()}\n'
    (folder / "command.sh").write_text(script, encoding="utf-8")
    (folder / "command.sh").chmod(0o755)
    lines = [visible(f"{v.category}: {v.signature}\n  {v.detail}") for v in outcome.violations]
    (folder / "violations.txt").write_text(
        f"{case.describe()}\nexit {run.rc}\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    return folder


def explain(outcome: Outcome, folder: Path | None = None) -> str:
    """A failing case in a few lines: what broke, and how to see it again."""
    case = outcome.case
    lines = [case.describe(), f"  exit {outcome.runs[0].rc}"]
    lines += [f"  {v.category}: {v.signature}" for v in outcome.violations]
    if folder is not None:
        lines.append(f"  repro: bash {shell_word(str(folder / 'command.sh'))}")
    lines.append(f"  command: {case.shell()}")
    err = outcome.runs[0].stderr.decode("utf-8", errors="replace").strip()
    if err:
        lines.append("  stderr: " + err[-400:].replace("\n", "\n          "))
    return visible("\n".join(lines))


def minimise(pool: Pool, outcome: Outcome, budget: int = 120) -> Outcome:
    """A smaller mutated file with the same violation: drop line chunks while it persists."""
    target = {(v.category, v.signature) for v in outcome.violations}
    case = outcome.case
    files = dict(case.files)
    lines = files[case.mutated].split(b"\n")
    best = outcome
    chunk = max(1, len(lines) // 2)
    tries = 0
    while chunk >= 1 and tries < budget:
        i = 0
        removed_any = False
        while i < len(lines) and tries < budget:
            trial_lines = lines[:i] + lines[i + chunk :]
            trial_files = tuple(
                (n, b"\n".join(trial_lines) if n == case.mutated else d) for n, d in case.files
            )
            trial = replace(case, files=trial_files, deterministic_check=False)
            tries += 1
            result = pool.run_case(trial)
            if target & {(v.category, v.signature) for v in result.violations}:
                lines, best, removed_any = trial_lines, result, True
                note = f"minimised to {len(lines)} lines"
                best.case = replace(trial, mutations=(*case.mutations, note))
            else:
                i += chunk
        if not removed_any:
            chunk //= 2
    return best


def distinct_report(
    figures: Figures, out_dir: Path | None, show: int = 3, pool: Pool | None = None
) -> str:
    """Each distinct violation once: how often, and its first cases with their reproduction."""
    parts = []
    for n, ((category, signature), outcomes) in enumerate(sorted(figures.distinct.items()), 1):
        count = figures.counts[(category, signature)]
        parts.append(visible(f"[{n}] {category}: {signature}  ({count} cases)"))
        for k, outcome in enumerate(outcomes[:show]):
            shown = outcome
            if pool is not None and k == 0:
                shown = minimise(pool, outcome)
            folder = None
            if out_dir is not None:
                slug = re.sub(r"[^a-z0-9]+", "-", f"{n}-{category}-{k}".lower()).strip("-")
                folder = save_case(shown, out_dir / slug)
            parts.append("    " + explain(shown, folder).replace("\n", "\n    "))
    return "\n".join(parts)


def repo_digest(paths: Iterable[str] = (*TIMELINE_SEEDS, *PACK_SEEDS)) -> dict[str, str]:
    """The seeds in the repository: the campaign copies them, but nothing may touch them."""
    return {p: hashlib.sha256((ROOT / p).read_bytes()).hexdigest() for p in paths}


def write_stream(stream: IO[str], text: str) -> None:
    stream.write(text + "\n")
    stream.flush()
