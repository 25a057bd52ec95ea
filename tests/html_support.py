"""A small tree of an html page, built with the standard library's parser, for the tests of
`--format html` (not a test module: pytest collects `*_test.py` only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser

from cli_support import EXAMPLE_TIMELINE

from engine import builtin_pack_names, load_pack, load_timeline
from engine.analysis.compare import compare_packs
from engine.analysis.comparison import Comparison

EXAMPLE_DAY = dt.date(2026, 11, 21)


@cache
def example_comparison() -> Comparison:
    """Every built-in pack over the example timeline on EXAMPLE_DAY: what the page must show."""
    packs = [load_pack(name) for name in builtin_pack_names()]
    return compare_packs(packs, load_timeline(EXAMPLE_TIMELINE), EXAMPLE_DAY)


VOID = frozenset({"meta", "link", "br", "img", "input", "hr", "col", "source", "wbr"})


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [
            n
            for n in self.iter()
            if n is not self and n.tag == tag and (cls is None or cls in n.classes)
        ]

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def all_text(self) -> str:
        return "".join(self.text) + "".join(c.all_text() for c in self.children)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.stack[-1].tag != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1].tag}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].text.append(data)


def parse(page: str) -> Node:
    """The page's tree; AssertionError when a tag is closed out of order or left open."""
    builder = _Builder()
    builder.feed(page)
    builder.close()
    assert builder.errors == [], builder.errors[:5]
    assert builder.stack == [builder.root], [n.tag for n in builder.stack]
    return builder.root


def png_pixels(data: bytes) -> tuple[int, int, set[bytes]]:
    """A PNG's width, height and distinct pixels (8-bit, non-interlaced RGB or RGBA, as
    Chromium writes its screenshots): enough to tell a drawn page from a blank one."""
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * bpp
    previous = bytearray(stride)
    pixels: set[bytes] = set()
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                corner = previous[i - bpp] if i >= bpp else 0
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + pred) & 0xFF
        pixels.update(bytes(line[i : i + bpp]) for i in range(0, stride, bpp))
        previous = line
    return width, height, pixels
