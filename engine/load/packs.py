"""Load a policy pack: find it by name or path, parse it safely, validate it against the schema,
build it (its base first, if it extends one) and check what a schema can't."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import (
    EngineError,
    FollowupError,
    InputError,
    Location,
    PackError,
    UnknownPackError,
)
from ..io import resources, safeyaml
from ..io.safeyaml import Document
from ..model import NotEncoded, Pack, Rule, Source
from ..vocabulary import CHASE_KINDS, DATED_EVENTS
from . import inherit, validation
from .cases import case_findings
from .channel_checks import channel_findings
from .formats import format_findings, pack_format
from .limits import build_limit, limit_findings
from .rules import build_prohibition, build_rule
from .scopes import ban_findings, scope_findings
from .steps import step_findings, with_fallbacks
from .timing_checks import deadline_findings, time_findings

# NAME, NAME@VERSION or NAME@RANGE (npm-style: ^1.0.0, ~1.2, >=1.0 <2, 1.x || 2.x).
_REF = re.compile(r"^(?P<name>[a-z0-9][a-z0-9-]*)(@(?P<version>[0-9A-Za-z.^~<>=|* +-]+))?$")


def builtin_paths() -> dict[str, Path]:
    """Built-in pack name -> file, from the bundled policies folder."""
    found: dict[str, Path] = {}
    for path in sorted(resources.data_dir("policies").glob("*.yaml")):
        found[path.stem] = path
    return found


def load_pack(ref: str | Path, search_path: tuple[Path, ...] = ()) -> Pack:
    """A pack by built-in name (`clue-wagon`, `clue-wagon@1.0.0`) or by file path."""
    text = str(ref)
    as_path = Path(text)
    match = _REF.match(text)
    if match and not as_path.exists():
        name, version = match["name"], match["version"]
        found = _find(name, search_path)
        if found is not None:
            builtin = found.parent == resources.data_dir("policies")
            pack = load_pack_file(found, builtin=builtin, search_path=search_path)
            return _checked_version(pack, version)
        builtins = builtin_paths()
        known = [*builtins, *_names_in(search_path)]
        hint = validation.did_you_mean(name, known).lstrip("; ")
        raise UnknownPackError(
            f"no pack named {name!r}",
            text,
            hint or f"built-in packs: {', '.join(builtins)}; or give a file path",
        )
    return load_pack_file(as_path, search_path=search_path)


def _checked_version(pack: Pack, wanted: str | None) -> Pack:
    """A reference NAME@VERSION (or NAME@RANGE): the pack found must satisfy it."""
    if wanted is None or wanted == pack.version:
        return pack
    import semantic_version

    try:
        ok = semantic_version.NpmSpec(wanted).match(semantic_version.Version(pack.version))
    except ValueError:
        ok = False
    if not ok:
        raise InputError(
            f"pack {pack.name!r} is at version {pack.version}, not {wanted}",
            Location(pack.path),
            f"use {pack.name}@{pack.version}",
        )
    return pack


# Parsing and validating a built-in pack costs about 100 ms, against about 15 ms to evaluate a
# timeline with it: a process that loads the same pack again (an embedding app, a test suite,
# a batch) gets the built pack back while the file's text is unchanged. A pack that extends
# another is rebuilt every time, since its base may have changed on disk.
_MEMO: dict[tuple[str, bool, tuple[Path, ...]], tuple[str, Pack]] = {}
_MEMO_SIZE = 32


def load_pack_file(
    path: str | Path, *, builtin: bool = False, search_path: tuple[Path, ...] = ()
) -> Pack:
    text = safeyaml.read_text(path)
    key = (str(path), builtin, search_path)
    digest = hashlib.sha256(text.encode()).hexdigest()
    hit = _MEMO.get(key)
    if hit is not None and hit[0] == digest:
        return hit[1]
    doc = safeyaml.loads(text, str(path))
    pack = pack_from_document(doc, builtin=builtin, search_path=search_path)
    if isinstance(doc.data, dict) and "extends" not in doc.data:
        if len(_MEMO) >= _MEMO_SIZE:
            del _MEMO[next(iter(_MEMO))]
        _MEMO[key] = (digest, pack)
    return pack


def pack_from_document(
    doc: Document, *, builtin: bool = False, search_path: tuple[Path, ...] = ()
) -> Pack:
    """A valid pack, or a FollowupError for its first problem."""
    validation.check(doc, "pack")
    pack = _build(doc, builtin, search_path)
    problems = list(semantic_findings(pack, doc))
    errors = [f for f in problems if f.severity == "error"]
    if errors:
        raise PackError(errors[0].message, errors[0].location)
    warnings = tuple(f.format() for f in problems if f.severity == "warning")
    if warnings:
        pack = dataclasses.replace(pack, warnings=warnings)
    return pack


def check_document(
    doc: Document, *, builtin: bool = False, search_path: tuple[Path, ...] = ()
) -> tuple[Pack | None, list[validation.Finding]]:
    """Every problem of a pack document (for `followup validate`), and the pack if it built."""
    schema = list(validation.findings(doc, "pack"))
    if schema:
        return None, schema
    try:
        pack = _build(doc, builtin, search_path)
    except EngineError:  # a bug, not a finding of the document
        raise
    except FollowupError as exc:
        where = exc.location or doc.locate(())
        return None, [validation.Finding(where, exc.message)]
    return pack, list(semantic_findings(pack, doc))


def _build(
    doc: Document, builtin: bool, search_path: tuple[Path, ...], stack: tuple[str, ...] = ()
) -> Pack:
    data: dict[str, Any] = doc.data
    origin = f"{data['name']}@{data['version']}"
    base = _base(doc, search_path, (*stack, data["name"])) if "extends" in data else None
    own = [
        build_rule(doc, ("rules", i), raw, origin) for i, raw in enumerate(data.get("rules", []))
    ]
    rules = with_fallbacks((inherit.inherited_rules(base, doc, origin) if base else []) + own)
    prohibitions = (base.prohibitions if base else ()) + tuple(
        build_prohibition(raw) for raw in data.get("prohibitions", [])
    )
    limits = (base.limits if base else ()) + tuple(
        build_limit(raw) for raw in data.get("limits", [])
    )
    src = data.get("source")
    digest = hashlib.sha256(
        repr((sorted_items(data), base.digest if base else "")).encode()
    ).hexdigest()
    return Pack(
        name=data["name"],
        version=data["version"],
        title=data.get("title") or (base.title if base else ""),
        description=data.get("description", base.description if base else ""),
        source=_source(src) if src else base.source if base else _source({}),
        rules=tuple(rules),
        prohibitions=prohibitions,
        limits=limits,
        not_encoded=(base.not_encoded if base else ())
        + tuple(
            NotEncoded(n["advice"], n["reason"], n.get("cite", ""))
            for n in data.get("not_encoded", [])
        ),
        path=doc.path,
        digest=digest,
        builtin=builtin,
        document=doc,
        extends=base.ref if base else "",
        format=pack_format(data),
    )


def _source(src: dict[str, Any]) -> Source:
    return Source(
        author=src.get("author", ""),
        title=src.get("title", ""),
        publication=src.get("publication", ""),
        date=src.get("date", ""),
        url=src.get("url", ""),
        seed=src.get("seed", ""),
    )


def _base(doc: Document, search_path: tuple[Path, ...], stack: tuple[str, ...]) -> Pack:
    """The pack `extends` names, found and built like any pack (it may extend one in turn)."""
    extends = inherit.parse_extends(doc, stack)
    path = _find(extends.name, search_path)
    if path is None:
        known = list(builtin_paths())
        hint = validation.did_you_mean(extends.name, known).lstrip("; ")
        raise PackError(
            f"no pack named {extends.name!r} to extend",
            extends.where,
            hint,
            remedy=None if hint else "pack_folder",
        )
    base_doc = safeyaml.load_file(path)
    validation.check(base_doc, "pack")
    builtin = path.parent == resources.data_dir("policies")
    base = _build(base_doc, builtin, search_path, stack)
    for problem in semantic_findings(base, base_doc):
        if problem.severity == "error":
            raise PackError(problem.message, problem.location)
    inherit.check_version(base, extends)
    return base


def _names_in(search_path: tuple[Path, ...]) -> list[str]:
    """The names _find would find a pack by in the folders of `search_path`."""
    return [
        path.stem
        for folder in search_path
        for suffix in (".yaml", ".yml", ".json")
        for path in sorted(folder.glob(f"*{suffix}"))
    ]


def _find(name: str, search_path: tuple[Path, ...]) -> Path | None:
    for folder in search_path:
        for suffix in (".yaml", ".yml", ".json"):
            candidate = folder / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
    return builtin_paths().get(name)


def sorted_items(value: Any) -> Any:
    if isinstance(value, dict):
        return [(k, sorted_items(value[k])) for k in sorted(value)]
    if isinstance(value, list):
        return [sorted_items(v) for v in value]
    return value


def semantic_findings(pack: Pack, doc: Document) -> Iterator[validation.Finding]:
    """What the schema cannot say: cross-references, windows, contradictions."""
    Finding = validation.Finding
    yield from format_findings(doc)
    seen: dict[str, int] = {}
    for i, rule in enumerate(pack.rules):
        own = rule.document is doc  # inherited rules were checked when their pack loaded
        at = rule.where
        if rule.id in seen and own:
            other = pack.rules[seen[rule.id]]
            inherited = other.document is not doc
            hint = " (use `override` to change an inherited rule)" if inherited else ""
            yield Finding(doc.locate((*at, "id")), f"duplicate rule id {rule.id!r}{hint}")
        seen[rule.id] = i
        yield from ban_findings(pack, rule, doc, own)
        if not own:
            continue
        yield from _assumption_findings(rule, doc)
        yield from step_findings(rule, doc)
        yield from time_findings(rule, doc)
        yield from channel_findings(rule, doc)
        yield from deadline_findings(rule, doc)
        spans = [("before" if rule.timing.after.before else "after", rule.timing.after)]
        if rule.timing.repeat:
            spans.append(("repeat", rule.timing.repeat))
        for key, off in spans:
            if off.high is not None and off.low > off.high:
                where = (
                    (*at, "timing", key) if key != "repeat" else (*at, "timing", "repeat", "every")
                )
                yield Finding(
                    doc.locate(where),
                    f"window {off.low}-{off.high}: its minimum exceeds its maximum",
                )
            if key == "repeat" and off.high == 0:
                yield Finding(
                    doc.locate((*at, "timing", "repeat")), "a repeat interval must be > 0"
                )
        if rule.timing.base == "stated_date" and not set(rule.anchor.types) <= set(DATED_EVENTS):
            # Any other anchor states no date: its window would count from the anchor, as
            # `from: anchor` says, until a reply happens to give one. Said plainly instead.
            yield Finding(
                doc.locate((*at, "timing", "from")),
                "from: stated_date needs the anchor to be decision_expected or reply_received "
                "(the events that carry the employer's date; a later reply's new date moves it)",
            )
        if (rule.timing.max_attempts or 2) > 1 and rule.timing.repeat is None:
            yield Finding(
                doc.locate((*at, "timing", "max_attempts")),
                "more than one attempt needs timing.repeat to say how far apart they are",
            )
        if rule.action.kind not in ("move_on",) and not (
            rule.action.channels and rule.action.recipients
        ):
            yield Finding(
                doc.locate((*at, "action")),
                f"a {rule.action.kind} action needs a channel and a recipient",
            )
        if rule.action.kind in CHASE_KINDS:
            triggers = [rule.anchor] + [c.pattern for c in rule.requires if c.min > 0]
            if any("reply_received" in p.types for p in triggers):
                yield Finding(
                    doc.locate((*at, "when")),
                    f"a {rule.action.kind} rule cannot be triggered by reply_received: "
                    "a reply must never add a chase",
                )
        for j, cond in enumerate(rule.requires):
            if cond.max is not None and cond.min > cond.max:
                yield Finding(
                    doc.locate((*at, "when", "requires", j)),
                    f"min {cond.min} exceeds max {cond.max}",
                )
        if not rule.cite:
            severity: validation.Severity = "error" if pack.builtin else "warning"
            yield Finding(doc.locate((*at, "id")), f"rule {rule.id!r} has no cite", severity)
    rule_ids = set(seen)
    yield from scope_findings(pack, doc)
    yield from limit_findings(pack, doc)
    yield from case_findings(pack, doc)
    own_bans = doc.data.get("prohibitions", []) if isinstance(doc.data, dict) else []
    for k, raw_ban in enumerate(own_bans):  # inherited ones were checked with their pack
        for j, rid in enumerate(raw_ban.get("except", [])):
            if rid not in rule_ids:
                yield Finding(
                    doc.locate(("prohibitions", k, "except", j)),
                    f"no rule {rid!r} to except{validation.did_you_mean(rid, rule_ids)}",
                )


@cache
def rule_settings() -> tuple[str, ...]:
    """What an assumption can be `about`: every setting of a rule, as the pack schema defines
    it (`timing`, `timing.after`, `action.channel`, ...), whether or not a rule writes it."""
    schema = resources.schema("pack")
    defs = schema["$defs"]

    def props(node: Any) -> dict[str, Any]:
        ref = node.get("$ref", "") if isinstance(node, dict) else ""
        node = defs[ref.rsplit("/", 1)[-1]] if ref.startswith("#/$defs/") else node
        found = node.get("properties", {}) if isinstance(node, dict) else {}
        return found if isinstance(found, dict) else {}

    out: list[str] = []
    for key, node in props(defs["rule"]).items():
        if key not in ("id", "assumptions"):
            out += [key, *(f"{key}.{sub}" for sub in props(node))]
    return tuple(out)


def _assumption_findings(rule: Rule, doc: Document) -> Iterator[validation.Finding]:
    """An assumption is `about` a setting of the rule (rule_settings), by its dotted path."""
    settings = rule_settings()
    for j, raw in enumerate(rule.raw.get("assumptions", [])):
        about = raw.get("about")
        if isinstance(about, str) and about not in settings:
            yield validation.Finding(
                doc.locate((*rule.where, "assumptions", j, "about")),
                f"assumption about {about!r}, which is not a setting of a rule"
                + (validation.did_you_mean(about, settings) or " (name one, such as timing.after)"),
            )


def check_distinct(packs: Sequence[Pack], refs: Sequence[str]) -> None:
    """An InputError at the reference of a pack given twice (each `refs[i]` loaded as
    `packs[i]`): two labels alike would merge their results."""
    for i, pack in enumerate(packs):
        if any(p.ref == pack.ref for p in packs[:i]):
            raise InputError(
                f"two of the packs are {pack.ref}",
                Location(refs[i]),
                "give each pack once; to compare two editions of a pack, bump one's version",
            )
