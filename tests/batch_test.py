"""`followup batch`: many timelines, one JSON Lines record per timeline and pack in input
order; a bad input is an error record and the batch goes on; the same bytes whatever the
number of worker processes (engine/batch/, engine/commands/batch.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cli_support import (
    EXAMPLE_TIMELINE,
    ROOT,
    WORKED_EXAMPLE,
    as_json,
    invoke,
    mixed_files,
    run_json,
)
from referencing import Registry, Resource

from engine.io import resources

AS_OF = "2026-11-21"
PACKS = ["-p", "clue-wagon", "-p", "mason-group"]



@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Good files (YAML and JSON), malformed YAML, a schema error, a binary file, and a JSON
    Lines file with a good line, a blank one and a bad one, in a folder with a subfolder."""
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    mixed_files(folder)
    (folder / "e-binary.json").write_bytes(bytes(range(256)))
    lines = [as_json(EXAMPLE_TIMELINE), "", '{"version": 1}']
    (folder / "sub" / "f-lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a timeline", encoding="utf-8")  # not read
    return folder


def _records(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def _validator() -> Any:
    report = resources.schema("report")
    registry = Registry().with_resource(report["$id"], Resource.from_contents(report))
    schema = resources.schema("batch")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, registry=registry)


def test_a_mixed_corpus_gives_one_error_per_bad_input_and_every_report(corpus: Path) -> None:
    result = invoke(["batch", str(corpus), *PACKS, "--as-of", AS_OF, "-j", "1"])
    assert result.exit_code == 1, result.stderr  # some inputs failed
    records = _records(result.stdout)
    validator = _validator()
    for record in records:
        validator.validate(record)
    where = [(Path(r["path"]).name, r["line"], r.get("pack")) for r in records]
    assert where == [
        ("a-good.yaml", None, "clue-wagon"), ("a-good.yaml", None, "mason-group"),
        ("b-good.json", None, "clue-wagon"), ("b-good.json", None, "mason-group"),
        ("c-malformed.yaml", 2, None), ("d-schema.yaml", 22, None), ("e-binary.json", 2, None),
        ("f-lines.jsonl", 1, "clue-wagon"), ("f-lines.jsonl", 1, "mason-group"),
        ("f-lines.jsonl", 3, None),
    ]  # fmt: skip
    errors = [r for r in records if r["kind"] == "error"]
    assert "intervew" in errors[1]["message"] and "candidate" in errors[3]["message"]
    for record in records:
        if record["kind"] != "report":
            continue
        source = Path(record["path"])
        if source.suffix == ".jsonl":  # the same timeline as the example: the same report
            want = run_json(EXAMPLE_TIMELINE, record["pack"], AS_OF)
            want["timeline"]["path"] = record["path"]
        else:
            want = run_json(source, record["pack"], AS_OF)
        assert record["report"] == want, (record["path"], record["pack"])


def test_a_bad_input_is_said_where_run_says_it(corpus: Path) -> None:
    result = invoke(["batch", str(corpus / "d-schema.yaml"), "-p", "clue-wagon"])
    (record,) = _records(result.stdout)
    run = invoke(["run", str(corpus / "d-schema.yaml"), "-p", "clue-wagon"])
    assert run.stderr.startswith(f"{record['path']}:{record['line']}:{record['col']}: error: ")
    assert record["message"].split(" (")[0] in run.stderr


def test_fail_fast_stops_after_the_first_bad_input(corpus: Path) -> None:
    result = invoke(["batch", str(corpus), *PACKS, "--as-of", AS_OF, "-j", "1", "--fail-fast"])
    assert result.exit_code == 1
    records = _records(result.stdout)
    assert records[-1]["kind"] == "error" and Path(records[-1]["path"]).name == "c-malformed.yaml"
    assert len(records) == 5


def test_all_good_exits_0_and_standard_input_may_be_json_lines_or_one_document() -> None:
    lines = as_json(EXAMPLE_TIMELINE) + "\n" + as_json(WORKED_EXAMPLE) + "\n"
    result = invoke(["batch", "-", "-p", "clue-wagon", "--as-of", AS_OF], stdin=lines)
    assert result.exit_code == 0, result.stderr
    assert [(r["path"], r["line"]) for r in _records(result.stdout)] == [
        ("<stdin>", 1), ("<stdin>", 2),
    ]  # fmt: skip
    doc = EXAMPLE_TIMELINE.read_text(encoding="utf-8")
    result = invoke(["batch", "-", "--all", "--as-of", AS_OF], stdin=doc)
    assert result.exit_code == 0, result.stderr
    assert {r["line"] for r in _records(result.stdout)} == {None}
    assert len(_records(result.stdout)) == 5  # every built-in pack


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ([str(EXAMPLE_TIMELINE)], "no pack to evaluate with"),
        ([str(EXAMPLE_TIMELINE), "-p", "no-such-pack"], "no-such-pack"),
        ([str(EXAMPLE_TIMELINE), "-p", "clue-wagon", "--all"], "not both"),
        ([str(EXAMPLE_TIMELINE), "-p", "clue-wagon", "-j", "0"], "-j"),
    ],
)
def test_usage_errors_exit_2_before_any_record(args: list[str], said: str) -> None:
    result = invoke(["batch", *args])
    assert result.exit_code == 2 and said in result.stderr, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_output_is_written_whole_and_never_over_a_file(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out.jsonl"
    args = ["batch", str(corpus / "a-good.yaml"), "-p", "clue-wagon", "--as-of", AS_OF]
    assert invoke([*args, "-o", str(out)]).exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    again = invoke([*args, "-o", str(out)])
    assert again.exit_code == 2 and "file already exists" in again.stderr
    assert invoke([*args, "-o", str(out), "--force"]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out.jsonl"]  # no temp left
    over = invoke([*args, "-o", str(corpus / "a-good.yaml"), "--force"])
    assert over.exit_code == 2 and "input file" in over.stderr


def test_two_worker_processes_give_the_bytes_one_gives(tmp_path: Path, corpus: Path) -> None:
    lines = tmp_path / "many.jsonl"
    line = as_json(EXAMPLE_TIMELINE)
    lines.write_text("".join(line + "\n" for _ in range(70)) + "{}\n", encoding="utf-8")
    outs = []
    for jobs in ("1", "2"):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        cmd = [sys.executable, "-m", "cli", "batch", str(corpus), str(lines), *PACKS,
               "--as-of", AS_OF, "-j", jobs]  # fmt: skip
        done = subprocess.run(cmd, capture_output=True, env=env, cwd=ROOT, timeout=120)
        assert done.returncode == 1, done.stderr.decode()
        outs.append(done.stdout)
    assert outs[0] == outs[1]
    assert len(outs[0].splitlines()) == 6 + 4 + 140 + 1


def test_a_batch_adds_nothing_to_the_cache_of_valid_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.io import cache as disk_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = disk_cache.cache_dir("valid")
    assert folder is not None

    def entries(name: str) -> set[Path]:
        line = as_json(EXAMPLE_TIMELINE).replace("Sam Rivera", name)
        result = invoke(["batch", "-", "-p", "clue-wagon", "--as-of", AS_OF], stdin=line + "\n")
        assert result.exit_code == 0, result.stderr
        return set(folder.iterdir()) if folder.exists() else set()

    first = entries("Sam One")  # the pack's own entry, kept for every later command
    assert entries("Sam Two") == first and len(first) <= 1


def test_a_line_over_the_limit_is_an_error_and_the_next_line_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.batch import inputs

    monkeypatch.setattr(inputs, "MAX_BYTES", 64)
    path = tmp_path / "t.jsonl"
    path.write_bytes(b'{"a": "' + b"x" * 500 + b'"}\n{"b": 1}\n')
    got = list(inputs.units([str(path)]))
    assert [(u.line, u.error is not None) for u in got] == [(1, True), (2, False)]
    assert got[0].error is not None and "longer than" in got[0].error.message
    assert got[1].data == b'{"b": 1}'


def test_a_pipe_in_a_folder_is_an_error_not_a_wait(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "waiting.yaml")
    os.mkfifo(tmp_path / "waiting.jsonl")
    result = invoke(["batch", str(tmp_path), "-p", "clue-wagon", "-j", "1"])
    assert result.exit_code == 1
    records = _records(result.stdout)
    assert len(records) == 2
    assert all(r["kind"] == "error" and "not a regular file" in r["message"] for r in records)


def test_a_bug_on_one_input_is_its_record_and_the_batch_goes_on(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An internal error is one input's error record, marked internal, with the traceback in
    the log and exit 3; before, it ended the batch (and with --jobs 2 lost its whole task)."""
    from engine.batch import work

    real = work.timeline_from_text

    def broken(text: str, path: str) -> Any:
        if path.endswith("b-good.json"):
            raise RuntimeError("boom")
        return real(text, path)

    monkeypatch.setattr(work, "timeline_from_text", broken)
    result = invoke(["batch", str(corpus), "-p", "clue-wagon", "--as-of", AS_OF, "-j", "1"])
    assert result.exit_code == 3, result.stderr
    records = _records(result.stdout)
    validator = _validator()
    for record in records:
        validator.validate(record)
    bug = [r for r in records if r.get("internal")]
    assert [(r["path"].rsplit("/", 1)[-1], r["line"]) for r in bug] == [("b-good.json", 1)]
    assert "RuntimeError: boom" in bug[0]["message"]
    assert "traceback" not in bug[0]
    assert sum(r["kind"] == "report" for r in records) == 2  # a-good.yaml, the .jsonl's line 1
    said = result.stderr.strip().splitlines()
    assert len(said) == 1 and "internal error on 1 of the inputs" in said[0]
    log = Path(said[0].split("the traceback is in ", 1)[1].split(";", 1)[0])
    assert "RuntimeError: boom" in log.read_text(encoding="utf-8")
    assert "b-good.json:1" in log.read_text(encoding="utf-8")


def test_the_output_file_in_an_input_folder_is_not_read_back(corpus: Path) -> None:
    out = corpus / "records.jsonl"
    args = ["batch", str(corpus), "-p", "clue-wagon", "--as-of", AS_OF, "-j", "1", "-o", str(out)]
    assert invoke(args).exit_code == 1
    first = out.read_bytes()
    assert invoke([*args, "--force"]).exit_code == 1
    assert out.read_bytes() == first


def test_an_over_long_first_line_on_stdin_is_an_error_and_the_next_line_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from engine.batch import inputs

    monkeypatch.setattr(inputs, "MAX_BYTES", 64)
    stream = io.BytesIO(b'{"a": "' + b"x" * 500 + b'"}\n{"b": 1}\n')
    got = list(inputs.units(["-"], stdin=stream))
    assert [(u.line, u.error is not None) for u in got] == [(1, True), (2, False)]
    assert got[0].error is not None and "longer than" in got[0].error.message
    document = list(inputs.units(["-"], stdin=io.BytesIO(b"a: " + b"x" * 500)))
    assert len(document) == 1 and document[0].error is not None
    assert "larger than" in document[0].error.message


def test_a_folder_that_cannot_be_read_is_an_error_record(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(Faked: root, as CI runs, reads any folder.)"""
    from engine.batch import inputs

    real = os.walk

    def walk(top: Any, onerror: Any = None) -> Any:
        for root, dirs, files in real(top):
            if Path(root).name == "sub":
                onerror(PermissionError(13, "Permission denied", root))
                continue
            yield root, dirs, files

    monkeypatch.setattr(inputs.os, "walk", walk)
    got = list(inputs.units([str(corpus)]))
    errors = [u for u in got if u.error is not None]
    assert [(Path(u.path).name, u.error.message) for u in errors if u.error] == [
        ("sub", "cannot read folder: Permission denied")
    ]
    assert not any(u.path.endswith(".jsonl") for u in got)


def test_jobs_default_to_the_cpus_this_process_may_use() -> None:
    from engine.commands.batch import usable_cpus

    if hasattr(os, "sched_getaffinity"):
        assert usable_cpus() == len(os.sched_getaffinity(0))
    assert usable_cpus() >= 1


def test_a_read_that_fails_midway_is_an_error_record_not_a_traceback() -> None:
    import errno
    import io

    from engine.batch import inputs

    class Failing(io.BytesIO):
        def readline(self, size: int | None = -1) -> bytes:
            if self.tell() > 0:
                raise OSError(errno.EIO, "Input/output error")
            return super().readline(size)

    got = list(inputs.units(["-"], stdin=Failing(b'{"a": 1}\n{"b": 2}\n')))
    assert [(u.line, u.error is not None) for u in got] == [(1, False), (0, True)]
    assert got[1].error is not None and got[1].error.message == "cannot read: Input/output error"


def test_only_the_first_tracebacks_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug on every line of a long input must fill neither the memory nor the log."""
    from engine.batch import work

    def broken(text: str, path: str) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(work, "timeline_from_text", broken)
    lines = tmp_path / "t.jsonl"
    lines.write_text('{"version": 1}\n' * 25, encoding="utf-8")
    result = invoke(["batch", str(lines), "-p", "clue-wagon", "-j", "1"])
    assert result.exit_code == 3
    assert len(_records(result.stdout)) == 25
    assert "internal error on 25 of the inputs" in result.stderr
    log = Path(result.stderr.split("the traceback is in ", 1)[1].split(";", 1)[0])
    text = log.read_text(encoding="utf-8")
    assert text.count("RuntimeError: boom") == 20 and "(5 more, left out)" in text
