"""engine.io.safeyaml: untrusted packs and timelines are plain data, with positions, in limits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_support import ROOT, WORKED_EXAMPLE, assert_one_error_line, invoke

from engine import load_pack, load_timeline
from engine.errors import InputError
from engine.io import safeyaml

TIMELINE_TEXT = WORKED_EXAMPLE.read_text(encoding="utf-8")


def error_of(text: str, path: str = "doc.yaml") -> str:
    with pytest.raises(InputError) as caught:
        safeyaml.loads(text, path)
    return caught.value.format()


def error_of_file(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        safeyaml.load_file(path)
    return caught.value.format()


# --- tags never execute ---------------------------------------------------------------------------


PYTHON_TAGS = [
    '!!python/object/apply:os.system ["touch {marker}"]',
    '!!python/object/apply:subprocess.call [["touch", "{marker}"]]',
    "!!python/object/new:os.system [touch {marker}]",
    '!!python/name:os.system ""',
]


@pytest.mark.parametrize("tag", PYTHON_TAGS)
def test_python_tag_in_a_timeline_is_refused_and_never_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tag: str
) -> None:
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "SOMEFILE"
    value = tag.format(marker=marker)
    text = TIMELINE_TEXT.replace("company: Acme Corp", f"company: {value}")
    assert text != TIMELINE_TEXT
    timeline = tmp_path / "timeline.yaml"
    timeline.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "!!python" in row)
    result = invoke(["run", str(timeline), "--pack", "clue-wagon", "--as-of", "2026-11-21"])
    match = assert_one_error_line(result)
    assert match["path"] == str(timeline)
    assert (match["line"], match["col"]) == (str(line), "14")
    assert "unsupported YAML tag" in match["message"]
    assert "python/" in match["message"]
    assert not marker.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["timeline.yaml"]


@pytest.mark.parametrize("tag", PYTHON_TAGS)
def test_python_tag_in_a_pack_is_refused_and_never_runs(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "SOMEFILE"
    text = (ROOT / "policies" / "clue-wagon.yaml").read_text(encoding="utf-8")
    text = text.replace("  author: Kerry Sandberg Scott", f"  author: {tag.format(marker=marker)}")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "!!python" in row)
    pack = tmp_path / "pack.yaml"
    pack.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_pack(pack)
    assert caught.value.location is not None
    assert caught.value.location.path == str(pack)
    assert (caught.value.location.line, caught.value.location.col) == (line, 11)
    assert "unsupported YAML tag" in caught.value.message
    assert not marker.exists()


def test_python_tag_at_the_top_and_on_keys_and_collections(tmp_path: Path) -> None:
    marker = tmp_path / "SOMEFILE"
    assert error_of(f'!!python/object/apply:os.system ["touch {marker}"]').startswith(
        "doc.yaml:1:1: error: unsupported YAML tag"
    )
    # On a key the tag is refused either way: as a tag or as a non-string key.
    assert "doc.yaml:2:3: error: " in error_of(
        f'a: 1\n? !!python/object/apply:os.system ["touch {marker}"]\n: 2\n'
    )
    assert "doc.yaml:1:4: error: unsupported YAML tag '!custom'" in error_of("a: !custom {b: 1}")
    assert "doc.yaml:1:4: error: unsupported YAML tag" in error_of("a: !!set {x, y}")
    assert "doc.yaml:1:4: error: unsupported YAML tag" in error_of("a: !!binary aGVsbG8=")
    assert "doc.yaml:1:4: error: unsupported YAML tag" in error_of("a: !!timestamp 2026-11-17")
    assert not marker.exists()


def test_standard_tags_are_plain_data() -> None:
    doc = safeyaml.loads("a: !!str 12\nb: !!int '7'\nc: !!float 1\nd: !!null ''\ne: !!bool true")
    assert doc.data == {"a": "12", "b": 7, "c": 1.0, "d": None, "e": True}


# --- alias bombs, depth, size --------------------------------------------------------------------


def billion_laughs(levels: int = 10, width: int = 10) -> str:
    rows = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        refs = ", ".join(f"*lol{i - 1}" for _ in range(width))
        rows.append(f"lol{i}: &lol{i} [{refs}]")
    return "\n".join(rows) + "\n"


def test_billion_laughs_is_refused_in_under_a_second(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(billion_laughs(), encoding="utf-8")
    start = time.perf_counter()
    message = error_of_file(bomb)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0, elapsed
    assert message.startswith(f"{bomb}:")
    assert "alias" in message


def test_billion_laughs_through_the_cli(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(billion_laughs(), encoding="utf-8")
    start = time.perf_counter()
    for args in (
        ["run", str(bomb), "--pack", "clue-wagon", "--as-of", "2026-11-21"],
        ["run", str(WORKED_EXAMPLE), "--pack", str(bomb), "--as-of", "2026-11-21"],
    ):
        match = assert_one_error_line(invoke(args))
        assert match["path"] == str(bomb)
        assert "alias" in match["message"]
    assert time.perf_counter() - start < 2.0


def test_a_few_aliases_are_fine() -> None:
    doc = safeyaml.loads("base: &b {x: 1}\none: *b\ntwo: *b\nname: &n text\nalso: *n\n")
    assert doc.data == {
        "base": {"x": 1},
        "one": {"x": 1},
        "two": {"x": 1},
        "name": "text",
        "also": "text",
    }


def test_alias_limit_counts_uses() -> None:
    limit = safeyaml.MAX_ALIASES
    ok = "a: &a [1]\nb: [" + ", ".join(["*a"] * limit) + "]\n"
    assert len(safeyaml.loads(ok).data["b"]) == limit
    assert "alias" in error_of("a: &a [1]\nb: [" + ", ".join(["*a"] * (limit + 1)) + "]\n")


def test_deep_nesting_is_refused() -> None:
    depth = safeyaml.MAX_DEPTH
    fine = "[" * depth + "]" * depth
    safeyaml.loads(fine)
    too_deep = "[" * (depth + 2) + "]" * (depth + 2)
    message = error_of(too_deep)
    assert "nesting deeper than" in message
    assert message.startswith("doc.yaml:1:")
    block = "".join("  " * i + "k:\n" for i in range(depth + 5)) + "  " * (depth + 5) + "v\n"
    assert "nesting deeper than" in error_of(block)


def test_deep_nesting_in_flow_mappings_is_refused_quickly() -> None:
    text = "{a: " * 1000 + "1" + "}" * 1000
    start = time.perf_counter()
    assert "nesting deeper than" in error_of(text)
    assert time.perf_counter() - start < 1.0


def test_very_deep_nesting_fails_cleanly_not_with_a_crash(tmp_path: Path) -> None:
    # A crash would take pytest down with it: run the CLI in a child process.
    deep = tmp_path / "deep.yaml"
    deep.write_text("[" * 40_000 + "]" * 40_000, encoding="utf-8")
    start = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import cli; cli.main()",
            "run",
            str(deep),
            "--pack",
            "clue-wagon",
            "--as-of",
            "2026-11-21",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ},
    )
    elapsed = time.perf_counter() - start
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-500:])
    assert proc.stderr.startswith(f"{deep}:1:")
    assert "nesting deeper than" in proc.stderr
    assert len(proc.stderr.splitlines()) == 1
    assert elapsed < 5.0


def test_oversize_file_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: '" + b"x" * safeyaml.MAX_BYTES + b"'\n")
    start = time.perf_counter()
    message = error_of_file(big)
    assert time.perf_counter() - start < 1.0
    assert message.startswith(f"{big}:1:1: error: file is larger than the 1024 KiB limit")
    # Exactly at the limit is allowed through to the parser.
    at_limit = tmp_path / "at-limit.yaml"
    padding = safeyaml.MAX_BYTES - len(b"a: ''\n")
    at_limit.write_bytes(b"a: '" + b"x" * padding + b"'\n")
    assert at_limit.stat().st_size == safeyaml.MAX_BYTES
    assert safeyaml.load_file(at_limit).data == {"a": "x" * padding}


def test_oversize_text_is_refused() -> None:
    assert "larger than" in error_of("a: '" + "é" * (safeyaml.MAX_BYTES // 2) + "'")


def test_too_many_values_are_refused() -> None:
    text = "[" + ",".join(["1"] * (safeyaml.MAX_NODES + 1)) + "]"
    assert "values in one file" in error_of(text)


# --- structure ------------------------------------------------------------------------------------


def test_duplicate_keys_are_refused_with_the_second_position() -> None:
    assert error_of("a: 1\nb: 2\na: 3\n") == "doc.yaml:3:1: error: duplicate key 'a'"
    assert error_of("x:\n  y: 1\n  y: 2\n") == "doc.yaml:3:3: error: duplicate key 'y'"
    # An integer key and the same digits as a string are the same key once read.
    assert "duplicate key '1'" in error_of('1: a\n"1": b\n')


def test_duplicate_key_in_a_timeline_file(tmp_path: Path) -> None:
    timeline = tmp_path / "t.yaml"
    timeline.write_text(
        TIMELINE_TEXT.replace("version: 1\n", "version: 1\nversion: 1\n", 1), encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        load_timeline(timeline)
    assert caught.value.format().startswith(f"{timeline}:4:1: error: duplicate key 'version'")


def test_merge_keys_and_non_string_keys_are_refused() -> None:
    assert "mapping keys must be plain strings" in error_of("a: &x {b: 1}\nc: {<<: *x}\n")
    assert "mapping keys must be plain strings" in error_of("? [a, b]\n: 1\n")
    assert "mapping keys must be plain strings" in error_of("~: 1\n")
    assert "mapping keys must be plain strings" in error_of("true: 1\n")


def test_non_utf8_file_is_refused_with_its_line(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("version: 1\ncandidate:\n  name: José\n".encode("latin-1"))
    assert error_of_file(latin1) == f"{latin1}:3:1: error: file is not valid UTF-8 text"
    utf16 = tmp_path / "utf16.yaml"
    utf16.write_bytes("a: 1\n".encode("utf-16"))
    assert "not valid UTF-8" in error_of_file(utf16)


def test_utf8_bom_is_allowed(tmp_path: Path) -> None:
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbfa: caf\xc3\xa9\n")
    assert safeyaml.load_file(bom).data == {"a": "café"}


@pytest.mark.parametrize(
    ("text", "where", "code"),
    [
        ("a: 'x\x07y'\n", "1:6", "#x0007"),
        ("a: 1\nb: x\x01y\n", "2:5", "#x0001"),
        ("a: 1\nb: 2\n\x1b[31m: 3\n", "3:1", "#x001b"),
    ],
)
def test_control_characters_are_refused_with_their_position(
    text: str, where: str, code: str
) -> None:
    message = error_of(text)
    assert message.startswith(f"doc.yaml:{where}: error: ")
    assert code in message


def test_multiple_documents_are_refused_at_the_second() -> None:
    assert (
        error_of("a: 1\n---\nb: 2\n")
        == "doc.yaml:3:1: error: more than one YAML document in the file"
    )
    # One explicit document with an end marker is still one document.
    assert safeyaml.loads("---\na: 1\n...\n").data == {"a": 1}


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "\ufeff"])
def test_empty_file_is_refused(text: str) -> None:
    assert error_of(text) == "doc.yaml:1:1: error: the file is empty (expected a mapping)"


@pytest.mark.parametrize("text", ["---\n", "null\n", "[]\n", "just text\n"])
def test_a_timeline_must_be_a_mapping(tmp_path: Path, text: str) -> None:
    timeline = tmp_path / "t.yaml"
    timeline.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_timeline(timeline)
    message = caught.value.format()
    assert message.startswith(f"{timeline}:")
    assert "error: expected a mapping at the top" in message


def test_empty_timeline_file_through_the_cli(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    match = assert_one_error_line(invoke(["run", str(empty), "--pack", "clue-wagon"]))
    assert match["path"] == str(empty)
    assert "empty" in match["message"]


def test_yaml_syntax_error_has_a_position() -> None:
    assert error_of("a: [1, 2\nb: 3\n").startswith("doc.yaml:2:")
    assert "YAML syntax" in error_of("a: [1, 2\nb: 3\n")
    assert error_of("a: 'open\n").startswith("doc.yaml:2:1: error: YAML syntax")


def test_non_finite_numbers_are_refused() -> None:
    for text in ("a: .nan", "a: .inf", "a: -.Inf"):
        assert error_of(text) == "doc.yaml:1:4: error: numbers must be finite"


# --- dates and positions --------------------------------------------------------------------------


def test_dates_stay_strings() -> None:
    doc = safeyaml.loads(
        "a: 2026-11-02\nb: 2026-02-30\nc: 2026-11-02T10:00:00\n"
        "d: '2026-11-02'\ne: 2026-11-02 10:00\n"
    )
    assert doc.data == {
        "a": "2026-11-02",
        "b": "2026-02-30",
        "c": "2026-11-02T10:00:00",
        "d": "2026-11-02",
        "e": "2026-11-02 10:00",
    }
    assert all(isinstance(v, str) for v in doc.data.values())


def test_other_scalars_resolve_like_yaml_1_1() -> None:
    doc = safeyaml.loads("a: 0142\nb: yes\nc: 'yes'\nd: 1.5\ne: null\nf: NO\n")
    assert doc.data == {"a": 98, "b": True, "c": "yes", "d": 1.5, "e": None, "f": False}


def test_positions_of_values_and_keys() -> None:
    doc = safeyaml.loads("top:\n  list:\n    - {k: v}\n    - second\n", "p.yaml")
    assert str(doc.locate(("top", "list", 0, "k"))) == "p.yaml:3:11"
    assert str(doc.locate(("top", "list", 0, "k"), key=True)) == "p.yaml:3:8"
    assert str(doc.locate(("top", "list", 1))) == "p.yaml:4:7"
    # Unknown paths fall back to the nearest known parent.
    assert str(doc.locate(("top", "list", 0, "missing"))) == "p.yaml:3:7"
    assert str(doc.locate(("nowhere",))) == "p.yaml:1:1"


def test_impossible_date_in_a_timeline(tmp_path: Path) -> None:
    text = TIMELINE_TEXT.replace("2026-11-02", "2026-02-30")
    timeline = tmp_path / "timeline.yaml"
    timeline.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "2026-02-30" in row)
    col = text.splitlines()[line - 1].index("2026-02-30") + 1
    with pytest.raises(InputError) as caught:
        load_timeline(timeline)
    assert caught.value.format().startswith(
        f"{timeline}:{line}:{col}: error: '2026-02-30' is not a real date"
    )
    result = invoke(["run", str(timeline), "--pack", "clue-wagon", "--as-of", "2026-11-21"])
    match = assert_one_error_line(result)
    assert (match["line"], match["col"]) == (str(line), str(col))
    assert match["message"].startswith("'2026-02-30' is not a real date")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert error_of_file(tmp_path / "absent.yaml") == (
        f"{tmp_path / 'absent.yaml'}:1:1: error: no such file (check the path)"
    )
    assert error_of_file(tmp_path) == f"{tmp_path}:1:1: error: is a directory, not a file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    locked = tmp_path / "locked.yaml"
    locked.write_text("a: 1\n", encoding="utf-8")
    locked.chmod(0)
    try:
        assert error_of_file(locked) == f"{locked}:1:1: error: permission denied"
    finally:
        locked.chmod(0o600)
