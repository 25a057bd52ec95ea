"""Byte mutations: raw bytes, encodings, line ends."""

from __future__ import annotations

from random import Random

from .values import INSERTIONS, INTERESTING_BYTES


def mutate_bytes(rnd: Random, data: bytes) -> tuple[bytes, str]:
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
