"""JSON read by the C parser, for documents the YAML loader would read to the same data.

A batch reads JSON and JSON Lines by the million, and the YAML loader (safeyaml.py), which
builds every value itself to know its position, costs more than evaluating the timeline. JSON
is YAML, so the loader must stay the one meaning of a document; this parser only takes the
texts where the two cannot differ, and answers None for any other, for the caller to load the
slow way. It records no positions: a caller that finds an error in its document loads the
text again with safeyaml, which places the error (engine/load/timelines.py).

Where the two could differ, and why each is refused here rather than translated:
- floats and non-finite numbers: YAML 1.1 reads `1e3` as a string;
- escaped surrogates (`\\ud83d\\ude00`): JSON joins the pair, YAML keeps two halves;
- characters YAML will not read (its reader's non-printable set), its line breaks (U+0085,
  U+2028, U+2029: folded inside a quoted scalar) and tabs (not whitespace between tokens);
- a line break between a key and its ':', or a long run of spaces anywhere (a YAML key is on
  one line, and its ':' within 1024 characters of its start);
- duplicate keys, and more values than the loader's cap, both errors to the loader.
Nesting and key lengths are not measured: the only caller validates against the timeline
schema, which is closed, so a document nested past the loader's limit, or with a key longer
than YAML's 1024 characters, is never valid (a test holds the schema to that), and the caller
loads it again the slow way.
"""

from __future__ import annotations

import json
import re
from typing import Any

from yaml.reader import Reader

from ..errors import FollowupError
from .safeyaml import MAX_BYTES, MAX_NODES, Document

__all__ = ["json_document"]

_UNREADABLE = re.compile(
    rf"{Reader.NON_PRINTABLE.pattern}|[\t\x85\u2028\u2029]|\\u[dD][89a-fA-F][0-9a-fA-F]{{2}}"
    r'|"[ \r\n]*[\r\n][ \r\n]*:| {512,}'
)


class _NotPlain(FollowupError):
    """A value the YAML loader might read otherwise: never leaves json_document, which then
    answers None."""


def _refuse(_: str) -> Any:
    raise _NotPlain("a value YAML may read otherwise")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _NotPlain("a duplicate key")
    return out


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_float=_refuse, parse_constant=_refuse)


def json_document(text: str, path: str) -> Document | None:
    """The document of a JSON object's text, with no positions; None when the text is not
    one, or the YAML loader might read it differently or refuse it."""
    if not text.lstrip(" \r\n").startswith("{"):
        return None
    if len(text) * 4 > MAX_BYTES and len(text.encode("utf-8")) > MAX_BYTES:
        return None
    # Every value but the whole is an array's first item or follows a ':' or a ','
    # (counted inside strings too: an upper bound).
    if 1 + text.count(":") + text.count(",") + text.count("[") > MAX_NODES:
        return None
    if _UNREADABLE.search(text):
        return None
    try:
        data = _DECODER.decode(text)
    except (_NotPlain, ValueError, RecursionError):
        return None
    return Document(path, data)
