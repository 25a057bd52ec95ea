"""The `followup` command line: packs, run, exit codes and the one-line error contract."""

from __future__ import annotations

import contextlib
import importlib.metadata
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_support import (
    EXAMPLE_TIMELINE,
    POLICIES,
    ROOT,
    WORKED_EXAMPLE,
    assert_one_error_line,
    assert_usage_error,
    invoke,
    pending,
    recommendations,
    run_json,
)
from click.testing import CliRunner

import cli
from engine import today_in
from engine.commands import guard

BUILTIN = ("3x3-networking", "career-pivot", "clue-wagon", "mason-group", "wise-job-search")


def _pack_source(name: str) -> dict[str, Any]:
    # Read with plain PyYAML, not the engine's loader, so the expectation is independent of it.
    with (POLICIES / f"{name}.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


# --- followup packs ---------------------------------------------------------------------------


def test_packs_table_lists_both_builtin_packs_with_version_and_author() -> None:
    result = invoke(["packs"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    for name in BUILTIN:
        source = _pack_source(name)
        heads = [line for line in lines if line.startswith(f"{name} ")]
        assert len(heads) == 1, result.stdout
        assert source["version"] in heads[0].split()
        assert f"{len(source['rules'])} rules" in heads[0]
        assert source["title"] in heads[0]
        following = lines[lines.index(heads[0]) + 1]
        assert "source:" in following
        assert source["source"]["author"] in following


def test_packs_json_lists_both_builtin_packs_with_version_and_source() -> None:
    result = invoke(["packs", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row["name"] for row in rows] == list(BUILTIN)
    for row in rows:
        source = _pack_source(row["name"])
        assert row["version"] == source["version"]
        assert row["title"] == source["title"]
        assert row["rules"] == len(source["rules"])
        assert row["source"]["author"] == source["source"]["author"]
        assert row["source"]["title"] == source["source"]["title"]
        assert row["source"]["publication"] == source["source"]["publication"]
        assert row["source"]["date"] == source["source"].get("date")


def test_packs_output_is_deterministic() -> None:
    for fmt in ("text", "json"):
        first = invoke(["packs", "--format", fmt])
        second = invoke(["packs", "--format", fmt])
        assert first.exit_code == second.exit_code == 0
        assert first.stdout_bytes == second.stdout_bytes


# --- followup run: reports --------------------------------------------------------------------


def test_run_table_on_the_example_timeline() -> None:
    result = invoke(["run", str(EXAMPLE_TIMELINE), "--pack", "clue-wagon", "--as-of", "2026-11-21"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert out.startswith("clue-wagon 2.0.0: ")
    assert "Kerry Sandberg Scott" in out
    assert "as of Sat 2026-11-21 (America/Chicago; business days skip US-IL holidays)" in out
    for app in ("acme-pm", "globex-analyst", "hooli-eng", "initech-ba", "umbrella-network"):
        assert f"\n{app}: " in out
    assert "UPCOMING    follow up by email to Dana Whitfield (hiring manager)" in out
    assert "Wed 2026-11-25" in out
    assert "[post-interview-email]" in out
    # The cited sentence of the source is quoted for a pending recommendation.
    assert 'source: "If you’ve actually had an interview' in out
    assert "initech-ba: Initech, Business Analyst [closed]" in out


@pytest.mark.parametrize("pack", BUILTIN)
@pytest.mark.parametrize("as_of", ["2026-10-01", "2026-11-21", "2026-12-24", "2027-03-01"])
@pytest.mark.parametrize("timeline", [EXAMPLE_TIMELINE, WORKED_EXAMPLE], ids=["example", "worked"])
def test_run_json_validates_against_the_report_schema(
    pack: str, as_of: str, timeline: Path
) -> None:
    report = run_json(timeline, pack, as_of)
    assert report["as_of"] == as_of
    assert report["pack"]["name"] == pack
    assert report["pack"]["version"] == _pack_source(pack)["version"]
    assert report["pack"]["source"]["author"] == _pack_source(pack)["source"]["author"]
    assert report["timeline"]["path"] == str(timeline)


def test_run_json_content_for_the_example_timeline() -> None:
    report = run_json(EXAMPLE_TIMELINE, "clue-wagon", "2026-11-21")
    assert report["timeline"] == {
        "path": str(EXAMPLE_TIMELINE),
        "timezone": "America/Chicago",
        "holidays": {"country": "US", "subdivision": "IL"},
    }
    stages = {app["id"]: app["stage"] for app in report["applications"]}
    assert stages == {
        "acme-pm": "interviewing",
        "globex-analyst": "applied",
        "hooli-eng": "interviewing",
        "initech-ba": "closed",
        "umbrella-network": "networking",
    }
    (acme,) = pending(recommendations(report, "acme-pm"))
    assert (acme["rule"], acme["status"], acme["due"]) == (
        "post-interview-email",
        "upcoming",
        "2026-11-25",
    )
    assert acme["recipients"] == [
        {"role": "hiring_manager", "contact": "dana", "name": "Dana Whitfield"}
    ]
    (globex,) = pending(recommendations(report, "globex-analyst"))
    assert (globex["rule"], globex["due"]) == ("resume-follow-up", "2026-11-23")
    assert pending(recommendations(report, "initech-ba")) == []
    hooli = {r["rule"]: r for r in recommendations(report, "hooli-eng")}
    assert hooli["post-interview-email"]["status"] == "done"
    assert hooli["final-call"]["optional"] is True
    assert hooli["final-call"]["channels"] == ["phone"]


def test_run_table_and_json_agree_on_what_is_pending() -> None:
    args = ["run", str(EXAMPLE_TIMELINE), "--pack", "3x3-networking", "--as-of", "2026-11-21"]
    table = invoke(args)
    report = run_json(EXAMPLE_TIMELINE, "3x3-networking", "2026-11-21")
    assert table.exit_code == 0
    for app in report["applications"]:
        for rec in app["recommendations"]:
            assert f"[{rec['rule']}]" in table.stdout
            assert rec["status"].upper() in table.stdout


def test_run_is_deterministic_in_process() -> None:
    for fmt in ("text", "json"):
        args = ["run", str(EXAMPLE_TIMELINE), "--pack", "clue-wagon", "--as-of", "2026-11-21"]
        first = invoke([*args, "--format", fmt])
        second = invoke([*args, "--format", fmt])
        assert first.exit_code == second.exit_code == 0
        assert first.stdout_bytes == second.stdout_bytes
        assert first.stdout_bytes


def test_run_is_deterministic_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    # Set and dict ordering must not leak into the report: run with two different hash seeds.
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                "import cli; cli.main()",
                "run",
                str(EXAMPLE_TIMELINE),
                "--pack",
                "3x3-networking",
                "--as-of",
                "2026-11-21",
                "--format",
                "json",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=False,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]


def test_run_without_as_of_uses_today_in_the_timeline_zone() -> None:
    before = today_in("America/New_York")
    result = invoke(["run", str(WORKED_EXAMPLE), "--pack", "clue-wagon", "--format", "json"])
    after = today_in("America/New_York")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["as_of"] in {before.isoformat(), after.isoformat()}


# --- followup run: usage errors ---------------------------------------------------------------


@pytest.mark.parametrize("bad", ["2026-02-30", "2026-13-01", "tomorow", "+3", "21/11/2026", ""])
def test_bad_as_of_exits_2_without_traceback(bad: str) -> None:
    result = invoke(["run", str(WORKED_EXAMPLE), "--pack", "clue-wagon", "--as-of", bad])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert "--as-of" in result.stderr
    assert result.stdout == ""


def test_unknown_format_exits_2() -> None:
    result = invoke(["run", str(WORKED_EXAMPLE), "--pack", "clue-wagon", "--format", "xml"])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_unknown_pack_name_gives_one_line_with_a_suggestion() -> None:
    result = invoke(["run", str(WORKED_EXAMPLE), "--pack", "clue-wagn", "--as-of", "2026-11-21"])
    message = assert_usage_error(result, "--pack")
    assert "no pack named 'clue-wagn'" in message
    assert "did you mean 'clue-wagon'" in message


def test_unknown_pack_name_without_a_close_match_lists_the_builtin_packs() -> None:
    result = invoke(["run", str(WORKED_EXAMPLE), "--pack", "zzz", "--as-of", "2026-11-21"])
    message = assert_usage_error(result, "--pack")
    assert "no pack named 'zzz'" in message
    for name in BUILTIN:
        assert name in message


def test_pack_at_a_version_that_does_not_exist_exits_2() -> None:
    result = invoke(
        ["run", str(WORKED_EXAMPLE), "--pack", "clue-wagon@9.9.9", "--as-of", "2026-11-21"]
    )
    match = assert_one_error_line(result)
    assert "9.9.9" in match["message"]
    assert "clue-wagon@2.0.0" in match["message"]


def test_pack_at_its_own_version_works() -> None:
    pinned = run_json(WORKED_EXAMPLE, "clue-wagon@2.0.0", "2026-11-21")
    plain = run_json(WORKED_EXAMPLE, "clue-wagon", "2026-11-21")
    assert pinned == plain


def test_pack_given_as_a_file_path(tmp_path: Path) -> None:
    copy = tmp_path / "sub dir" / "my-copy.yaml"
    copy.parent.mkdir()
    shutil.copy(POLICIES / "clue-wagon.yaml", copy)
    by_file = run_json(WORKED_EXAMPLE, copy, "2026-11-21")
    by_name = run_json(WORKED_EXAMPLE, "clue-wagon", "2026-11-21")
    # The report names the pack, not where it was read from: the two must be identical.
    assert by_file == by_name


def test_pack_given_as_a_relative_file_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(POLICIES / "3x3-networking.yaml", tmp_path / "three.yaml")
    monkeypatch.chdir(tmp_path)
    report = run_json(WORKED_EXAMPLE, "three.yaml", "2026-11-17")
    assert report["pack"]["name"] == "3x3-networking"


def test_missing_pack_file_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = invoke(["run", str(WORKED_EXAMPLE), "--pack", str(missing), "--as-of", "2026-11-21"])
    match = assert_one_error_line(result)
    assert match["path"] == str(missing)
    assert "no such file" in match["message"]


def _custom_pack(folder: Path, name: str) -> Path:
    text = (POLICIES / "clue-wagon.yaml").read_text(encoding="utf-8")
    text = text.replace("name: clue-wagon", f"name: {name}", 1).replace(
        "version: 2.0.0", "version: 2.1.0", 1
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_pack_path_finds_a_custom_pack_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    _custom_pack(folder, "my-wagon")
    report = run_json(WORKED_EXAMPLE, "my-wagon", "2026-11-21", "--pack-path", str(folder))
    assert (report["pack"]["name"], report["pack"]["version"]) == ("my-wagon", "2.1.0")
    (rec,) = pending(recommendations(report, "acme-pm"))
    assert rec["due"] == "2026-11-25"
    pinned = run_json(WORKED_EXAMPLE, "my-wagon@2.1.0", "2026-11-21", "--pack-path", str(folder))
    assert pinned == report


def test_pack_path_searches_every_folder_given(tmp_path: Path) -> None:
    _custom_pack(tmp_path / "b", "later-pack")
    report = run_json(
        WORKED_EXAMPLE,
        "later-pack",
        "2026-11-21",
        "--pack-path",
        str(tmp_path / "a-empty"),
        "--pack-path",
        str(tmp_path / "b"),
    )
    assert report["pack"]["name"] == "later-pack"


def test_custom_pack_name_is_not_found_without_pack_path(tmp_path: Path) -> None:
    _custom_pack(tmp_path / "packs", "my-wagon")
    result = invoke(["run", str(WORKED_EXAMPLE), "--pack", "my-wagon", "--as-of", "2026-11-21"])
    assert "no pack named 'my-wagon'" in assert_usage_error(result, "--pack")


def test_custom_pack_at_a_wrong_version_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    _custom_pack(folder, "my-wagon")
    result = invoke(
        [
            "run",
            str(WORKED_EXAMPLE),
            "--pack",
            "my-wagon@1.0.0",
            "--pack-path",
            str(folder),
            "--as-of",
            "2026-11-21",
        ]
    )
    match = assert_one_error_line(result)
    assert "2.1.0" in match["message"]


def test_missing_timeline_exits_2_with_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "absent.yaml"
    result = invoke(["run", str(missing), "--pack", "clue-wagon", "--as-of", "2026-11-21"])
    match = assert_one_error_line(result)
    assert (match["path"], match["line"], match["col"]) == (str(missing), "1", "1")
    assert "no such file" in match["message"]


# --- pack warnings ------------------------------------------------------------------------------


def _uncited_pack(folder: Path) -> Path:
    pack = folder / "uncited.yaml"
    pack.write_text(
        "pack_format: 1\n"
        "name: uncited\n"
        "version: 0.1.0\n"
        "title: A rule without a source sentence\n"
        "source: {author: Me, title: Notes, publication: My notes}\n"
        "rules:\n"
        "  - id: no-source\n"
        "    when: {anchor: interview}\n"
        "    timing: {after: {days: 1}}\n"
        "    action: {kind: thank_you, channel: email, recipient: anchor_contact}\n",
        encoding="utf-8",
    )
    return pack


def test_a_custom_rule_without_cite_is_a_warning_not_an_error(tmp_path: Path) -> None:
    pack = _uncited_pack(tmp_path)
    result = invoke(
        [
            "run",
            str(WORKED_EXAMPLE),
            "--pack",
            str(pack),
            "--as-of",
            "2026-11-17",
            "--format",
            "json",
        ]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"{pack}:7:9: warning: rule 'no-source' has no cite\n"
    (rec,) = recommendations(json.loads(result.stdout), "acme-pm")
    assert (rec["rule"], rec["due"], rec["cite"]) == ("no-source", "2026-11-18", "")


def test_timeline_that_is_a_directory_gives_one_line(tmp_path: Path) -> None:
    result = invoke(["run", str(tmp_path), "--pack", "clue-wagon", "--as-of", "2026-11-21"])
    match = assert_one_error_line(result)
    assert match["path"] == str(tmp_path)
    assert "directory" in match["message"]


# --- internal errors and --version --------------------------------------------------------------


def test_internal_error_exits_3_with_a_one_line_apology(monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.commands import run as run_command

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(run_command, "evaluate", broken)
    result = invoke(["run", str(WORKED_EXAMPLE), "--pack", "clue-wagon", "--as-of", "2026-11-21"])
    assert result.exit_code == 3
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("followup: internal error (RuntimeError: simulated failure)")
    assert "Sorry" in lines[0]
    assert guard.ISSUES_URL in lines[0]
    assert result.stdout == ""
    # The traceback is kept, in the log file the line names.
    log = Path(lines[0].split("the traceback is in ", 1)[1].split(";", 1)[0])
    assert log.name == "followup.log" and log.is_file()
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "simulated failure" in text


def test_version() -> None:
    result = invoke(["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"followup, version {importlib.metadata.version('followup')}\n"


def test_help() -> None:
    for args in (["--help"], ["-h"], ["run", "--help"], ["packs", "--help"]):
        result = invoke(args)
        assert result.exit_code == 0, args
        assert "Usage:" in result.stdout


# --- engine bug pinned here -------------------------------------------------------------------


def test_commands_write_to_the_current_streams(tmp_path: Path) -> None:
    runner = CliRunner()
    runs = [runner.invoke(cli.main, ["packs", "--format", "json"]) for _ in range(2)]
    assert [r.exit_code for r in runs] == [0, 0]
    assert runs[0].stdout and runs[0].stdout == runs[1].stdout
    from engine.commands import packs as packs_command

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        packs_command.execute(packs_command.PacksArgs(format="json"))
    assert buffer.getvalue() == runs[0].stdout
    pack = _uncited_pack(tmp_path)
    args = ["run", str(WORKED_EXAMPLE), "--pack", str(pack), "--as-of", "2026-11-21"]
    warned = [runner.invoke(cli.main, args) for _ in range(2)]
    assert [r.exit_code for r in warned] == [0, 0]
    assert all("warning: rule 'no-source' has no cite" in r.stderr for r in warned)


@pytest.mark.parametrize(
    "args",
    [
        ["run", str(EXAMPLE_TIMELINE), "-p", "clue-wagon", "--as-of", "2026-11-21"],
        ["compare", str(EXAMPLE_TIMELINE), "--all", "--as-of", "2026-11-21"],
        ["export", str(EXAMPLE_TIMELINE)],
        ["new", "my-pack"],
    ],
)
def test_output_dash_prints_and_writes_no_file_named_dash(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke([*args, "-o", "-"])
    assert result.exit_code == 0, result.output
    assert list(tmp_path.iterdir()) == [] and result.stdout
