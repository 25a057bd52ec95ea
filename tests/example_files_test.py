"""Example-file acceptance tests, in the manner of check-jsonschema's.

tests/example-files/negative/{timelines,packs}/ hold one broken file per mistake a user can make;
the first line of each is `# expect: LINE:COL: <part of the message>`. `followup run` must refuse
each with exit code 2 and exactly one `<path>:LINE:COL: error: ...` line on stderr. The files in
tests/example-files/positive/ must run cleanly. Add a case by adding a file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_support import (
    EXAMPLE_TIMELINE,
    EXAMPLES,
    assert_one_error_line,
    invoke,
    run_json,
)

FILES = Path(__file__).resolve().parent / "example-files"
EXPECT = re.compile(r"^# expect: (?P<line>[0-9]+):(?P<col>[0-9]+): (?P<text>.+)$")
AS_OF = "2026-11-21"


def _files(kind: str, what: str) -> list[Path]:
    return sorted(p for p in (FILES / kind / what).iterdir() if p.is_file())


def _ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


NEGATIVE_TIMELINES = _files("negative", "timelines")
NEGATIVE_PACKS = _files("negative", "packs")
POSITIVE_TIMELINES = _files("positive", "timelines") + sorted(EXAMPLES.glob("*.yaml"))
POSITIVE_PACKS = _files("positive", "packs")


def _expectation(path: Path) -> tuple[str, str, str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = EXPECT.match(first)
    assert match, f"{path.name}: the first line must be '# expect: LINE:COL: text'"
    return match["line"], match["col"], match["text"]


def _check_refused(path: Path, args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    line, col, text = _expectation(path)
    # Run from an empty folder: a `!!python` payload that ran would leave a file behind.
    monkeypatch.chdir(cwd)
    result = invoke(args)
    match = assert_one_error_line(result)
    assert match["path"] == str(path)
    assert (match["line"], match["col"]) == (line, col), result.stderr
    assert text in match["message"], result.stderr
    assert list(cwd.iterdir()) == []


@pytest.mark.parametrize("path", NEGATIVE_TIMELINES, ids=_ids(NEGATIVE_TIMELINES))
def test_negative_timeline(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["run", str(path), "--pack", "clue-wagon", "--as-of", AS_OF]
    _check_refused(path, args, tmp_path, monkeypatch)


@pytest.mark.parametrize("path", NEGATIVE_PACKS, ids=_ids(NEGATIVE_PACKS))
def test_negative_pack(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["run", str(EXAMPLE_TIMELINE), "--pack", str(path), "--as-of", AS_OF]
    _check_refused(path, args, tmp_path, monkeypatch)


@pytest.mark.parametrize("path", NEGATIVE_PACKS, ids=_ids(NEGATIVE_PACKS))
def test_negative_pack_found_by_name_is_refused_too(path: Path, tmp_path: Path) -> None:
    # The same file reached through --pack-path must fail the same way, at the same place.
    folder = tmp_path / "packs"
    folder.mkdir()
    copy = folder / "broken.yaml"
    copy.write_bytes(path.read_bytes())
    line, col, text = _expectation(path)
    result = invoke(
        [
            "run",
            str(EXAMPLE_TIMELINE),
            "--pack",
            "broken",
            "--pack-path",
            str(folder),
            "--as-of",
            AS_OF,
        ]
    )
    match = assert_one_error_line(result)
    assert (match["path"], match["line"], match["col"]) == (str(copy), line, col)
    assert text in match["message"]


def test_every_negative_file_has_an_expectation() -> None:
    assert len(NEGATIVE_TIMELINES) >= 15
    assert len(NEGATIVE_PACKS) >= 10
    for path in NEGATIVE_TIMELINES + NEGATIVE_PACKS:
        _expectation(path)


def test_missing_timeline_file(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-timeline.yaml"
    result = invoke(["run", str(missing), "--pack", "clue-wagon", "--as-of", AS_OF])
    match = assert_one_error_line(result)
    assert (match["path"], match["line"], match["col"]) == (str(missing), "1", "1")
    assert "no such file" in match["message"]


@pytest.mark.parametrize("path", POSITIVE_TIMELINES, ids=_ids(POSITIVE_TIMELINES))
@pytest.mark.parametrize("pack", ["clue-wagon", "3x3-networking", *map(str, POSITIVE_PACKS)])
@pytest.mark.parametrize("as_of", ["2026-06-01", AS_OF, "2027-01-04"])
def test_positive_timeline(path: Path, pack: str, as_of: str) -> None:
    report = run_json(path, pack, as_of)
    assert report["as_of"] == as_of
    table = invoke(["run", str(path), "--pack", pack, "--as-of", as_of])
    assert table.exit_code == 0, table.stderr
    assert table.stderr == ""
    for app in report["applications"]:
        assert f"{app['id']}: " in table.stdout


@pytest.mark.parametrize("path", POSITIVE_PACKS, ids=_ids(POSITIVE_PACKS))
def test_positive_pack_names_itself(path: Path) -> None:
    report = run_json(EXAMPLE_TIMELINE, path, AS_OF)
    assert report["pack"]["name"] == path.stem
    assert any(app["recommendations"] for app in report["applications"])


@pytest.mark.parametrize(
    "path",
    [p for p in POSITIVE_PACKS if "\ntests:" in p.read_text(encoding="utf-8")],
    ids=lambda p: p.name,
)
def test_positive_pack_with_tests_passes_them_all(path: Path) -> None:
    result = invoke(["test", "--require-tests", str(path)])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].endswith(" passed, 0 failed; 0 rule coverage gaps")


def test_json_timeline_is_read_like_yaml() -> None:
    (json_file,) = [p for p in POSITIVE_TIMELINES if p.suffix == ".json"]
    json.loads(json_file.read_text(encoding="utf-8"))
    report = run_json(json_file, "clue-wagon", "2026-12-19")
    (app,) = report["applications"]
    (rec,) = app["recommendations"]
    # Fri 12-18 + 3 NSW business days: Mon 21, Tue 22, Wed 23.
    assert (rec["rule"], rec["due"]) == ("post-interview-email", "2026-12-23")


def test_anchors_and_aliases_share_contacts() -> None:
    (path,) = [p for p in POSITIVE_TIMELINES if p.name == "anchors-and-aliases.yaml"]
    report = run_json(path, "clue-wagon", "2026-07-04")
    recs = {app["id"]: app["recommendations"] for app in report["applications"]}
    (rec,) = recs["maple-2"]
    # Fri 07-03 + 3 Ontario business days: Mon 6, Tue 7, Wed 8 (Canada Day, 07-01, is before).
    assert rec["due"] == "2026-07-08"
    assert rec["recipients"] == [{"role": "hiring_manager", "contact": "kim", "name": "Kim Lee"}]


def test_bavarian_holidays_move_the_due_date() -> None:
    (path,) = [p for p in POSITIVE_TIMELINES if p.name == "germany.yaml"]
    report = run_json(path, "clue-wagon", "2026-08-15")
    (rec,) = report["applications"][0]["recommendations"]
    # Fri 08-14 + 3 business days; Saturday 08-15 (Assumption Day in Bavaria) changes nothing,
    # so Mon 17, Tue 18, Wed 19.
    assert rec["due"] == "2026-08-19"
    assert report["timeline"]["holidays"] == {"country": "DE", "subdivision": "BY"}
