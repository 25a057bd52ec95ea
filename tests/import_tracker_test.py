"""`followup import`: a CSV tracker into a new timeline, through the command line. The files
in tests/example-files/positive/trackers/ import and run; each one in negative/trackers/ is
refused with exactly the lines of its `.expect` file, and nothing is written."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from cli_support import ERROR_LINE, invoke, run_json

from engine.load.timelines import load_timeline

FILES = Path(__file__).resolve().parent / "example-files"
POSITIVE = sorted((FILES / "positive" / "trackers").glob("*.csv"))
NEGATIVE = sorted((FILES / "negative" / "trackers").glob("*.csv"))
WHERE = ["--timezone", "America/Chicago", "--country", "US"]
TRACKER = "Company,Role,Date Applied,Status\nAcme,Product Manager,11/02/2026,Applied\n"


@pytest.mark.parametrize("path", POSITIVE, ids=[p.name for p in POSITIVE])
def test_a_good_tracker_imports_into_a_timeline_that_runs(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "timeline.yaml"
    result = invoke(["import", str(path), "-o", str(out), *WHERE, "--subdivision", "IL"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=file://")
    assert text.splitlines()[0].endswith("/timeline.schema.json")
    timeline = load_timeline(out)
    assert timeline.applications and (timeline.timezone, timeline.country) == (
        "America/Chicago",
        "US",
    )
    run_json(out, "clue-wagon", "2026-11-21")
    assert invoke(["validate", str(out)]).exit_code == 0


@pytest.mark.parametrize("path", NEGATIVE, ids=[p.name for p in NEGATIVE])
def test_a_bad_tracker_gets_every_error_and_writes_nothing(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(path.parent)
    expected = Path(f"{path}.expect").read_text(encoding="utf-8").splitlines()
    out = tmp_path / "timeline.yaml"
    result = invoke(["import", path.name, "-o", str(out), *WHERE])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == expected
    assert all(ERROR_LINE.match(line) for line in expected)
    assert not out.exists() and list(tmp_path.iterdir()) == []
    dry = invoke(["import", path.name, "--dry-run", *WHERE])  # the same errors, and no more
    assert (dry.exit_code, dry.stderr.splitlines()) == (2, expected)


def test_the_first_example_s_rows_become_these_applications(tmp_path: Path) -> None:
    out = tmp_path / "t.yaml"
    src = FILES / "positive" / "trackers" / "sheets-export.csv"
    assert invoke(["import", str(src), "-o", str(out), *WHERE]).exit_code == 0
    apps = {a.id: a for a in load_timeline(out).applications}
    assert list(apps) == [
        "acme-corp-product-manager",
        "globex-data-analyst",
        "initech-software-engineer",
        "hooli-engineer",
        "umbrella-analyst",
    ]
    acme = apps["acme-corp-product-manager"]
    assert [(str(e.date), e.type) for e in acme.events] == [
        ("2026-11-02", "application_submitted"),
        ("2026-11-17", "interview"),
    ]
    assert acme.contacts[0][:3] == ("dana-whitfield", "hiring_manager", "Dana Whitfield")
    assert acme.url == "https://acme.example/jobs/123"
    assert [e.type for e in apps["initech-software-engineer"].events] == [
        "application_submitted",
        "interview",
        "rejection",
    ]
    assert apps["hooli-engineer"].events == ()


def test_dry_run_shows_columns_rows_and_events_and_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "t.csv"
    src.write_text(TRACKER.replace("Status", "Status,Salry") + "\n", encoding="utf-8")
    result = invoke(["import", str(src), "--dry-run", *WHERE])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "columns separated by commas" in out
    assert "'Date Applied'  date_applied" in out
    assert (
        "'Salry'         not read: no field has that name (name a column's field with --map" in out
    )
    assert "line 2: acme-product-manager  Acme, Product Manager  [Applied]" in out
    assert "2026-11-02  application_submitted" in out
    assert out.endswith("1 application, 1 event: ok\n")
    assert list(tmp_path.iterdir()) == [src]


def test_without_output_the_timeline_is_printed(tmp_path: Path) -> None:
    result = invoke(["import", "-", *WHERE, "--name", "Sam", "--pack", "clue-wagon"], stdin=TRACKER)
    assert result.exit_code == 0, result.output
    assert "  name: Sam\n" in result.stdout and "pack: clue-wagon@^2\n" in result.stdout
    assert "- id: acme-product-manager\n" in result.stdout


def test_day_first_and_map(tmp_path: Path) -> None:
    src = tmp_path / "t.csv"
    src.write_text("Firma,Job,Beworben\nAcme,PM,02/11/2026\n", encoding="utf-8")
    args = ["import", str(src), *WHERE, "--map", "Firma=company", "--map", "Beworben=date applied"]
    result = invoke([*args, "--day-first"])
    assert result.exit_code == 0, result.output
    assert "{date: 2026-11-02, type: application_submitted}" in result.stdout
    assert "{date: 2026-02-11," in invoke(args).stdout


def test_an_existing_output_is_kept_without_force(tmp_path: Path) -> None:
    src, out = tmp_path / "t.csv", tmp_path / "t.yaml"
    src.write_text(TRACKER, encoding="utf-8")
    out.write_text("mine", encoding="utf-8")
    result = invoke(["import", str(src), "-o", str(out), *WHERE])
    assert result.exit_code == 2 and "file already exists (use --force" in result.stderr
    assert out.read_text(encoding="utf-8") == "mine"
    assert invoke(["import", str(src), "-o", str(out), *WHERE, "--force"]).exit_code == 0
    assert load_timeline(out).applications[0].id == "acme-product-manager"
    result = invoke(["import", str(src), "-o", str(src), *WHERE, "--force"])
    assert result.exit_code == 2 and "refusing to write over an input file" in result.stderr


@pytest.mark.parametrize(
    ("args", "option", "said"),
    [
        (["--map", "Company"], "--map", "'Company' is not COLUMN=FIELD"),
        (["--map", "Compny=company"], "--map", "no column 'Compny'"),
        (
            ["--map", "Company=compnay"],
            "--map",
            "'compnay' is not a field; did you mean 'company'?",
        ),
        (["--timezone", "Mars/Base"], "--timezone", "unknown time zone 'Mars/Base'"),
        (["--country", "XX"], "--country", "no public-holiday calendar for country 'XX'"),
        (["--country", "USA"], "--country", "'USA' is not a country code"),
        (["--subdivision", "ZZ"], "--subdivision", "subdivision 'ZZ'"),
        (["--map", "Company=company", "--map", "company=role"], "--map", "mapped twice"),
    ],
)
def test_bad_options_are_usage_errors(
    tmp_path: Path, args: list[str], option: str, said: str
) -> None:
    src = tmp_path / "t.csv"
    src.write_text(TRACKER, encoding="utf-8")
    result = invoke(["import", str(src), *WHERE, *args])
    assert result.exit_code == 2, result.output
    assert f"Error: Invalid value for '{option}': " in result.stderr and said in result.stderr
    assert "Traceback" not in result.stderr


def test_the_machine_gives_the_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "t.csv"
    src.write_text(TRACKER, encoding="utf-8")
    env = {"TZ": "Europe/Berlin", "LANG": "de_DE.UTF-8", "LC_ALL": None, "LC_TIME": None}
    result = invoke(["import", str(src)], env=env)
    assert result.exit_code == 0, result.output
    assert "timezone: Europe/Berlin\n" in result.stdout and "{country: DE}" in result.stdout
    unknown = invoke(["import", str(src)], env={"LANG": "C", "LC_ALL": None, "LC_TIME": None})
    assert unknown.exit_code == 2 and "--country" in unknown.stderr


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\x02garbage\xff",
        b"\n\n\n",
        b'"',
        b"a,b\n" * 3,
        random.Random(12).randbytes(64),  # the same bytes in every worker: xdist compares
        b"Company,Role\n",
    ],
)
def test_no_input_shows_a_traceback(tmp_path: Path, content: bytes) -> None:
    src = tmp_path / "t.csv"
    src.write_bytes(content)
    for extra in ([], ["--dry-run"]):
        result = invoke(["import", str(src), *WHERE, *extra])
        assert result.exit_code in (0, 2), result.output
        assert "Traceback" not in result.output and "internal error" not in result.stderr
    assert invoke(["import", str(tmp_path), *WHERE]).exit_code == 2  # a directory


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    src = tmp_path / "t.csv"
    src.write_text('Company,Role,Status\n"Acme\x1b[2J",PM,"bad\x1b]0;x\x07"\n', encoding="utf-8")
    result = invoke(["import", str(src), *WHERE, "--dry-run"])
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\\x1b" in result.stdout and "\\x1b" in result.stderr


def test_dry_run_says_which_column_clashes_not_that_it_was_mapped_away(tmp_path: Path) -> None:
    src = tmp_path / "t.csv"
    src.write_text("Company,Employer,Role\nAcme,AcmeCo,PM\n", encoding="utf-8")
    result = invoke(["import", str(src), "--dry-run", *WHERE])
    assert result.exit_code == 2
    (line,) = [line for line in result.stdout.splitlines() if "'Employer'" in line]
    assert "both give company" in line and "mapped to ignore" not in line
    assert "both give company" in result.stderr
