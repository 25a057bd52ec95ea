"""Shell completion for the command line: the callbacks click calls (`shell_complete=` on a
parameter) when the shell asks what may come next (docs/completion.md).

A completion runs on every Tab: it must answer at once and never print a traceback into the
shell's prompt. Each callback therefore reads as little as it can (the timeline's ids straight
from the parsed YAML, no schema validation, no evaluation, the first bytes of a pack file) and
answers nothing when anything goes wrong: no suggestion is better than a wrong or slow one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from functools import wraps
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

from ..vocabulary import CHANNELS, EVENT_ALIAS_NAMES, EVENT_TYPES, ROLES, alias

__all__ = [
    "complete_applications",
    "complete_channels",
    "complete_contacts",
    "complete_event_types",
    "complete_packs",
    "complete_roles",
]

Completer = Callable[[click.Context, click.Parameter, str], list[CompletionItem]]

# The parameter names a command may give its timeline and its application (`run TIMELINE`,
# `log FILE APP TYPE`, `draft --application ID`), first found first used.
TIMELINE_PARAMS = ("timeline", "file", "path")
APPLICATION_PARAMS = ("application", "app", "application_id")
TIMELINE_ENV = "FOLLOWUP_TIMELINE"
# A pack file is told from other YAML by this key near its top; only so many files and bytes
# are read, so that a folder of thousands of files cannot make Tab slow.
PACK_MARKER = "pack_format"
PEEK_BYTES = 4096
MAX_FILES = 200
PACK_SUFFIXES = (".yaml", ".yml", ".json")


def quiet(fn: Completer) -> Completer:
    """`fn`, answering nothing instead of raising: a completion never shows a traceback."""

    @wraps(fn)
    def safe(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        try:
            return fn(ctx, param, incomplete)
        except Exception:  # whatever it is, the shell must not see it
            return []

    return safe


def _items(pairs: Iterable[tuple[str, str]], incomplete: str) -> list[CompletionItem]:
    """The (value, help) pairs that start with what was typed, each once, in order."""
    seen: set[str] = set()
    out: list[CompletionItem] = []
    for value, help_text in pairs:
        if value.startswith(incomplete) and value not in seen:
            seen.add(value)
            out.append(CompletionItem(value, help=help_text or None))
    return out


def _contexts(ctx: click.Context | None) -> Iterator[click.Context]:
    while ctx is not None:
        yield ctx
        ctx = ctx.parent


def _reparsed(ctx: click.Context, incomplete: str) -> dict[str, Any]:
    """The command's parameters read again from the shell's words without the option whose
    value is being completed: click stops parsing at `draft FILE --application` (an option
    without its value), so that FILE is not in ctx.params when --application is completed."""
    from click.shell_completion import split_arg_string

    words = split_arg_string(os.environ.get("COMP_WORDS", ""))
    cword = os.environ.get("COMP_CWORD", "")
    if cword.isdigit():  # bash and zsh: the index of the word being completed
        words = words[: int(cword)]
    elif words and words[-1] == incomplete:  # fish: the line up to the cursor
        words.pop()
    if ctx.parent is None:  # the program itself: its words follow its name
        rest = words[1:]
    elif ctx.info_name in words[1:]:
        rest = words[words.index(ctx.info_name, 1) + 1 :]
    else:
        return {}
    if rest and rest[-1].startswith("-"):
        rest.pop()
    with ctx.command.make_context(
        ctx.info_name, rest, parent=ctx.parent, resilient_parsing=True
    ) as again:
        return dict(again.params)


def _param(ctx: click.Context, names: tuple[str, ...], incomplete: str = "") -> Any:
    """The first of `names` that the command line has given a value, in this command or above."""
    def found(params: dict[str, Any]) -> Any:
        return next((params[n] for n in names if params.get(n)), None)

    given = next((v for v in map(found, (c.params for c in _contexts(ctx))) if v), None)
    return given or found(_reparsed(ctx, incomplete))


def _timeline_data(ctx: click.Context, incomplete: str) -> dict[str, Any]:
    """The timeline named on the command line (or by FOLLOWUP_TIMELINE), parsed but not
    validated: its ids are worth offering even while the file has a mistake elsewhere."""
    from ..io import safeyaml

    path = _param(ctx, TIMELINE_PARAMS, incomplete) or os.environ.get(TIMELINE_ENV)
    if not path or str(path) == safeyaml.STDIN:
        return {}  # standard input cannot be read twice
    data = safeyaml.load_file(str(path)).data
    return data if isinstance(data, dict) else {}


def _applications(ctx: click.Context, incomplete: str) -> list[dict[str, Any]]:
    apps = _timeline_data(ctx, incomplete).get("applications")
    return [a for a in apps if isinstance(a, dict)] if isinstance(apps, list) else []


@quiet
def complete_applications(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The application ids of the timeline already given, with company and role as help."""
    pairs = (
        (str(a.get("id", "")), f"{a.get('company', '')}, {a.get('role', '')}".strip(", "))
        for a in _applications(ctx, incomplete)
    )
    return _items(((v, h) for v, h in pairs if v), incomplete)


@quiet
def complete_contacts(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The contact ids of the application already given, or of every application."""
    wanted = _param(ctx, APPLICATION_PARAMS, incomplete)
    apps = _applications(ctx, incomplete)
    chosen = [a for a in apps if a.get("id") == wanted] if wanted else apps
    pairs: list[tuple[str, str]] = []
    for app in chosen or apps:
        contacts = app.get("contacts")
        for c in contacts if isinstance(contacts, list) else []:
            if isinstance(c, dict) and c.get("id"):
                who = ", ".join(str(c[k]) for k in ("name", "role") if c.get(k))
                pairs.append((str(c["id"]), who))
    return _items(pairs, incomplete)


@quiet
def complete_event_types(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The event types, then their aliases (engine/vocabulary.py), each alias with its reading."""
    pairs: list[tuple[str, str]] = [(t, "") for t in EVENT_TYPES]
    for name in EVENT_ALIAS_NAMES:
        read_as = alias(name)
        if read_as is not None:
            via = f", channel {read_as.channel}" if read_as.channel else ""
            pairs.append((name, f"read as {read_as.type}{via}"))
    return _items(pairs, incomplete)


@quiet
def complete_channels(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    return _items(((c, "") for c in CHANNELS), incomplete)


@quiet
def complete_roles(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    return _items(((r, "") for r in ROLES), incomplete)


def _is_pack_file(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return PACK_MARKER.encode() in fh.read(PEEK_BYTES)
    except OSError:
        return False


def _pack_files(incomplete: str) -> Iterator[tuple[str, str]]:
    """Pack files and folders under the folder `incomplete` is typed in (the current one when
    it names none), spelled as typed: `policies/` offers `policies/clue-wagon.yaml`."""
    head, slash, _ = incomplete.rpartition("/")
    folder = Path(head or "/") if slash else Path(".")
    prefix = head + slash
    entries = sorted(folder.iterdir())[:MAX_FILES]
    for entry in entries:
        shown = prefix + entry.name
        if not shown.startswith(incomplete) or entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield shown + "/", ""
        elif entry.suffix in PACK_SUFFIXES and _is_pack_file(entry):
            yield shown, "pack file"


def _pack_path_names(ctx: click.Context, incomplete: str) -> Iterator[tuple[str, str]]:
    """The packs of the --pack-path folders already given, by name, as `--pack NAME` finds them."""
    for folder in _param(ctx, ("pack_path",), incomplete) or ():
        for entry in sorted(Path(folder).iterdir())[:MAX_FILES]:
            if entry.suffix in PACK_SUFFIXES and _is_pack_file(entry):
                yield entry.stem, f"in {folder}"


@quiet
def complete_packs(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The built-in pack names, the packs of --pack-path, then pack files and folders."""
    from .. import builtin_pack_names

    pairs = [(name, "built-in pack") for name in builtin_pack_names()]
    if "/" not in incomplete:
        pairs += list(_pack_path_names(ctx, incomplete))
    pairs += list(_pack_files(incomplete))
    return _items(pairs, incomplete)
