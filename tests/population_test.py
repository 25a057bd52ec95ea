"""`followup batch --summary` (engine/analysis/population.py): its counts are what `followup
compare --format json` says of each timeline, summed; the same whatever the number of worker
processes; and a failed input is counted, not lost."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from cli_support import EXAMPLE_TIMELINE, WORKED_EXAMPLE, invoke

from engine.analysis.population import SUMMARY_DIMENSIONS
from engine.vocabulary import NOTHING_REASONS, PENDING_STATUSES

AS_OF = "2026-11-21"
GOOD = [EXAMPLE_TIMELINE, WORKED_EXAMPLE]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    for path in GOOD:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "z-bad.yaml").write_text("version: [1,\n", encoding="utf-8")
    return tmp_path


def _expected() -> dict[str, Any]:
    """The summary, summed from `followup compare --format json` over each good timeline."""
    pending: dict[str, Counter[str]] = {}
    acting: Counter[str] = Counter()
    nothing: dict[str, Counter[str]] = {}
    disagree: Counter[str] = Counter()
    apps = 0
    for path in GOOD:
        result = invoke(["compare", str(path), "--all", "--as-of", AS_OF, "--format", "json"])
        assert result.exit_code == 0, result.stderr
        for app in json.loads(result.stdout)["applications"]:
            apps += 1
            disagree.update({d["dimension"] for d in app["disagreements"]})
            for view in app["packs"]:
                pending.setdefault(view["pack"], Counter()).update(
                    p["status"] for p in view["pending"]
                )
                if view["pending"]:
                    acting[view["pack"]] += 1
                else:
                    nothing.setdefault(view["pack"], Counter())[
                        view["nothing_pending"]["reason"]
                    ] += 1
    packs = sorted(pending)
    return {
        "timelines": len(GOOD) + 1,
        "failed": 1,
        "applications": apps,
        "packs": [
            {
                "pack": p,
                "pending": {s: pending[p][s] for s in PENDING_STATUSES},
                "acting": acting[p],
                "nothing_pending": {r: nothing.get(p, Counter())[r] for r in NOTHING_REASONS},
            }
            for p in packs
        ],
        "compared": apps,
        "disagree": {d: disagree[d] for d in SUMMARY_DIMENSIONS},
    }


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_summary_is_what_compare_says_of_each_timeline_summed(
    corpus: Path, jobs: str
) -> None:
    args = ["batch", str(corpus), "--all", "--as-of", AS_OF, "--summary", "--format", "json"]
    result = invoke([*args, "-j", jobs])
    assert result.exit_code == 1, result.stderr  # the bad input
    assert json.loads(result.stdout) == _expected()


def test_the_text_summary_shows_the_same_counts(corpus: Path) -> None:
    result = invoke(["batch", str(corpus), "--all", "--as-of", AS_OF, "--summary", "-j", "1"])
    assert result.exit_code == 1
    text = result.stdout
    expected = _expected()
    assert text.startswith(f"3 timelines (1 could not be evaluated), {expected['applications']}")
    for pack in expected["packs"]:
        row = next(line for line in text.splitlines() if line.startswith(pack["pack"] + " "))
        numbers = [*pack["pending"].values(), pack["acting"]]
        assert row.split()[1:] == [str(n) for n in numbers]
    assert "Applications where the packs disagree: action" in text
    assert "Persistence is not counted" in text


def test_with_output_the_records_go_to_the_file_and_the_summary_is_printed(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path.parent / f"{tmp_path.name}-records.jsonl"
    plain = invoke(["batch", str(corpus), "-p", "clue-wagon", "--as-of", AS_OF, "-j", "1"])
    result = invoke(["batch", str(corpus), "-p", "clue-wagon", "--as-of", AS_OF, "-j", "1",
                     "--summary", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8") == plain.stdout
    assert result.stdout.startswith("3 timelines")
    assert "disagree" not in result.stdout  # one pack: nothing to compare


def test_without_output_the_records_are_not_even_written(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """They would go nowhere: the work of serialising them is spared (in the workers)."""
    from engine.batch import work

    def unwanted(record: Any) -> bytes:
        raise AssertionError("a record was serialised")

    monkeypatch.setattr(work, "line", unwanted)
    args = ["batch", str(corpus), "-p", "clue-wagon", "--as-of", AS_OF, "-j", "1"]
    result = invoke([*args, "--summary"])
    assert result.exit_code == 1 and result.stdout.startswith("3 timelines"), result.stderr


def test_format_without_summary_is_a_usage_error(corpus: Path) -> None:
    result = invoke(["batch", str(corpus), "-p", "clue-wagon", "--format", "json"])
    assert result.exit_code == 2
    assert "--format goes with --summary" in result.stderr


def test_a_pack_given_twice_is_refused_as_compare_refuses_it(corpus: Path) -> None:
    """(From a review: the two labels alike merged their counts, twice the applications.)"""
    args = ["batch", str(corpus), "-p", "clue-wagon", "-p", "clue-wagon", "--summary"]
    result = invoke(args)
    assert result.exit_code == 2
    assert "two of the packs are clue-wagon@" in result.stderr


def test_format_text_without_summary_is_refused_too(corpus: Path) -> None:
    result = invoke(["batch", str(corpus), "-p", "clue-wagon", "--format", "text"])
    assert result.exit_code == 2 and "--format goes with --summary" in result.stderr


def test_a_bug_while_counting_keeps_the_records(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.batch import work

    def broken(reports: Any) -> Any:
        raise RuntimeError("count boom")

    plain = invoke(["batch", str(corpus), "-p", "clue-wagon", "--as-of", AS_OF, "-j", "1"])
    monkeypatch.setattr(work, "tally", broken)
    out = tmp_path.parent / f"{tmp_path.name}-counted.jsonl"
    result = invoke(["batch", str(corpus), "-p", "clue-wagon", "--as-of", AS_OF, "-j", "1",
                     "--summary", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 3
    assert out.read_text(encoding="utf-8") == plain.stdout
    assert "internal error on 2 of the inputs" in result.stderr


@pytest.mark.parametrize("packs", [["-p", "clue-wagon"], ["--all"]])
def test_the_json_summary_is_valid_under_its_schema(corpus: Path, packs: list[str]) -> None:
    import jsonschema

    from engine.io import resources

    result = invoke(["batch", str(corpus), *packs, "--as-of", AS_OF, "-j", "1", "--summary",
                     "--format", "json"])  # fmt: skip
    assert result.exit_code == 1, result.stderr
    summary = json.loads(result.stdout)
    jsonschema.Draft202012Validator(resources.schema("population")).validate(summary)
    assert ("disagree" in summary) == (packs == ["--all"])


def test_the_schema_names_the_vocabularies_the_summary_counts() -> None:
    """Its statuses, reasons and dimensions are the engine's, not a copy that drifts."""
    from engine.io import resources

    props = resources.schema("population")["properties"]
    item = props["packs"]["items"]["properties"]
    assert item["pending"]["required"] == list(PENDING_STATUSES)
    assert item["nothing_pending"]["required"] == list(NOTHING_REASONS)
    assert props["disagree"]["required"] == list(SUMMARY_DIMENSIONS)
