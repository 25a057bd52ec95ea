"""A batch on a Dask cluster (engine/batch/cluster.py): the bag's records are the bytes `followup
batch` writes for the same inputs, in the same order; the workers read the files and the blocks
of JSON Lines themselves; without Dask, the error says what to install."""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_support import EXAMPLE_TIMELINE, WORKED_EXAMPLE, as_json, mixed_files

from engine.batch import inputs, records_bag
from engine.batch.cluster import (
    INSTALL,
    Block,
    DaskMissing,
    partition_records,
    partitions,
    piece_units,
)
from engine.batch.work import Job, line
from engine.commands.batch import BatchArgs, execute

AS_OF = dt.date(2026, 11, 21)
PACKS = ("clue-wagon", "mason-group")



@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Good YAML and JSON files, malformed YAML, a schema error, and a JSON Lines file of good
    lines, blank ones and a bad one, whose last line has no newline."""
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    mixed_files(folder)
    good = as_json(EXAMPLE_TIMELINE)
    lines = [good, "", good, '{"version": 1}', as_json(WORKED_EXAMPLE), "", "", good]
    (folder / "sub" / "e-lines.jsonl").write_text("\n".join(lines), encoding="utf-8")
    return folder


def _inputs(corpus: Path) -> list[str]:
    """The folder, then files named again, and one that is not there: each is read in turn."""
    return [str(corpus), str(corpus / "sub" / "e-lines.jsonl"), str(corpus / "a-good.yaml"),
            str(corpus / "missing.yaml")]  # fmt: skip


def _batch(names: list[str]) -> bytes:
    out = io.BytesIO()
    args = BatchArgs(tuple(names), packs=PACKS, as_of=AS_OF, jobs=1)
    assert execute(args, out=out) == 1  # some inputs are bad
    return out.getvalue()


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
            host="127.0.0.1",
        ) as cluster,
        distributed.Client(cluster) as client,
    ):  # fmt: skip
        yield client


def test_the_cluster_gives_the_bytes_followup_batch_writes(client: Any, corpus: Path) -> None:
    names = _inputs(corpus)
    # Two timelines a partition: the JSON Lines file is cut into blocks, some of them across
    # its blank lines, and the blocks and files are spread over both workers.
    bag = records_bag(names, Job(PACKS, (), AS_OF), partition_size=2)
    assert bag.npartitions > 4
    records = bag.compute()
    assert b"".join(line(record) for record in records) == _batch(names)
    kinds = [(Path(r["path"]).name, r["line"], r["kind"]) for r in records if r["kind"] == "error"]
    assert kinds == [
        ("c-malformed.yaml", 2, "error"), ("d-schema.yaml", 22, "error"),
        ("e-lines.jsonl", 4, "error"), ("e-lines.jsonl", 4, "error"), ("missing.yaml", 1, "error"),
    ]  # fmt: skip
    # The records were made on the workers, which loaded the engine to make them.
    assert any(client.run(lambda: "engine.batch.work" in sys.modules).values())


def test_the_driver_sends_where_timelines_are_not_the_timelines(corpus: Path) -> None:
    pieces = [piece for part in partitions(_inputs(corpus), 2) for piece in part]
    assert all(isinstance(piece, Block) for piece in pieces)
    blocks = [(p.first, p.lines) for p in pieces if p.path.endswith(".jsonl")]
    assert blocks == [(1, 2), (3, 2), (5, 2), (7, 2)] * 2  # the file is named twice


@pytest.mark.parametrize("size", [1, 2, 3, 5, 100])
def test_blocks_of_any_size_read_the_units_the_batch_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    monkeypatch.setattr(inputs, "MAX_BYTES", 64)  # a line over it is one line all the same
    path = tmp_path / "t.jsonl"
    long = b'{"a": "' + b"x" * 500 + b'"}'
    path.write_bytes(b'{"a": 1}\n\n' + long + b'\n{"b": 2}\r\n' + long + b"\n\n{}\n" + long)
    want = list(inputs.units([str(path)]))
    got = [unit for part in partitions([str(path)], size) for unit in piece_units(part)]
    assert [(u.line, u.data, str(u.error)) for u in got] == [
        (u.line, u.data, str(u.error)) for u in want
    ]
    assert [u.line for u in want] == [1, 3, 4, 5, 7, 8]


def test_standard_input_is_read_by_the_driver_and_sent(corpus: Path) -> None:
    pytest.importorskip("dask.bag")
    data = (corpus / "sub" / "e-lines.jsonl").read_bytes()
    bag = records_bag(["-"], Job(PACKS, (), AS_OF), stdin=io.BytesIO(data))
    records = bag.compute(scheduler="sync")
    assert [(r["path"], r["line"], r["kind"]) for r in records][::2] == [
        ("<stdin>", 1, "report"), ("<stdin>", 3, "report"), ("<stdin>", 4, "error"),
        ("<stdin>", 5, "report"), ("<stdin>", 8, "report"),
    ]  # fmt: skip


def test_nothing_to_read_is_an_empty_bag(tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    assert records_bag([str(tmp_path)], Job(PACKS, (), AS_OF)).compute(scheduler="sync") == []


def test_without_dask_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask", None)  # what `import dask` meets when it is absent
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    from engine.batch import population_of

    for made in (records_bag, population_of):
        with pytest.raises(DaskMissing) as caught:
            made([str(EXAMPLE_TIMELINE)], Job(PACKS))
        assert str(caught.value).endswith(INSTALL) and INSTALL == "pip install 'followup[dask]'"


def test_a_bug_on_one_input_is_its_record_as_the_batch_writes_it(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from engine.batch import work

    def broken(report: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(work, "report_dict", broken)
    job = Job(PACKS, (), AS_OF)
    (record,) = partition_records([Block(str(EXAMPLE_TIMELINE))], job)
    want = work.written(inputs.file_unit(EXAMPLE_TIMELINE), job)
    assert record["internal"] and line(record) == want.data
    assert "RuntimeError: a bug" in caplog.text  # the traceback goes to the worker's log


def test_the_summary_on_the_cluster_is_the_one_followup_batch_prints(
    client: Any, corpus: Path
) -> None:
    """Counted on the workers, added up by the driver: the same JSON as `--summary`."""
    import json

    from engine.batch import population_of
    from engine.present.population_text import population_dict

    names = _inputs(corpus)
    out = io.BytesIO()  # without --output, the summary is what goes there
    args = BatchArgs(tuple(names), packs=PACKS, as_of=AS_OF, jobs=1, summary=True, fmt="json")
    assert execute(args, out=out) == 1
    counted = population_of(names, Job(PACKS, as_of=AS_OF), partition_size=2).compute()
    assert counted.timelines > counted.failed > 0
    assert population_dict(counted) == json.loads(out.getvalue())
