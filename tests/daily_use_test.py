"""Issue 12's acceptance: a two-week job search played entirely through commands.

`init`, then `add` three applications, `contact`s, a dozen `log`s over two weeks and `agenda`
every day, and the spreadsheet the older applications were tracked in brought in with `import`
(a timeline of its own, which `agenda` then reads every day too). Nobody edits the YAML, apart
from the comment block a person writes once under the header, which must survive every
command byte for byte; and on every day `agenda` lists exactly the pending actions `run`
reports as due within its horizon.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
from pathlib import Path
from typing import Any

import pytest
from cli_support import ROOT, invoke

PACK = "clue-wagon"
NOTES = (
    "# My search, autumn 2026. Targets: product roles in Chicago.\n"
    "#   Keep the thank-yous short. Ask Priya about referrals.\n"
)
START = dt.date(2026, 11, 2)  # a Monday
DAYS = 15  # through Monday 2026-11-16
# The spreadsheet the search was kept in before: brought in on the first Friday.
TRACKER = """\
Company,Position,Date Applied,Stage,Last Updated,Contact,Contact Email,Contact Role,Interview
Initech,Analyst,10/12/2026,Interview,,Bill Lumbergh,bill@initech.ex,Hiring Manager,10/26/2026
Umbrella,Analyst,10/19/2026,Rejected,11/03/2026,,,,
Stark Industries,Engineer,10/28/2026,Applied,,Pepper Potts,,Recruiter,
"""

# What happens on each day of the search, as commands after `followup` and the file name.
STEPS: dict[str, list[list[str]]] = {
    "2026-11-02": [
        ["add", "acme-pm", "--company", "Acme Corp", "--role", "Product Manager"],
        ["add", "globex", "--company", "Globex", "--role", "Data Analyst",
         "--url", "https://globex.example/jobs/7"],
        ["add", "hooli", "--company", "Hooli", "--role", "Engineering Manager"],
        ["contact", "acme-pm", "dana", "--name", "Dana Whitfield", "--role", "hiring_manager"],
        ["contact", "globex", "hank", "--name", "Hank Scorpio", "--role", "hiring_manager"],
        ["contact", "hooli", "jared", "--name", "Jared Dunn", "--role", "recruiter"],
        ["log", "acme-pm", "application_submitted", "-c", "online_form"],
        ["log", "globex", "application_submitted", "-c", "online_form"],
        ["log", "hooli", "application_submitted", "-c", "email", "-w", "jared"],
    ],
    "2026-11-04": [
        ["log", "hooli", "phone_screen", "-w", "jared", "--time", "10:00"],
        ["log", "hooli", "thank_you_sent", "-c", "email", "-w", "jared", "--time", "16:30"],
    ],
    "2026-11-09": [["log", "globex", "follow_up_sent", "-c", "email", "-w", "hank"]],
    "2026-11-10": [
        ["log", "acme-pm", "interview", "--round", "1", "-w", "dana", "-c", "in_person"],
        ["log", "acme-pm", "decision_expected", "--by", "2026-11-13", "-w", "dana"],
    ],
    "2026-11-11": [["log", "acme-pm", "thank_you_sent", "-c", "email", "-w", "dana"]],
    "2026-11-12": [
        ["log", "hooli", "reply_received", "-w", "jared", "--says", "not_yet",
         "--note", "still interviewing; next week"],
    ],
    "2026-11-13": [["log", "globex", "rejection", "-c", "email", "-w", "hank"]],
}  # fmt: skip


def _json(args: list[str]) -> Any:
    result = invoke([*args, "--format", "json"])
    assert result.exit_code == 0, (args, result.output)
    return json.loads(result.stdout)


def _agrees(path: Path, day: str) -> int:
    """`agenda` at `day` lists what `run` has pending and due within 14 days: the count."""
    agenda = _json(["agenda", str(path), "--as-of", day])
    report = _json(["run", str(path), "--as-of", day])  # the pack is the timeline's
    until = dt.date.fromisoformat(day) + dt.timedelta(days=14)
    expected = sorted(
        (app["id"], rec["rule"], rec["status"], rec["due"])
        for app in report["applications"]
        for rec in app["recommendations"]
        if rec["status"] in ("upcoming", "due", "overdue")
        and rec["due"] is not None
        and dt.date.fromisoformat(rec["due"]) <= until
    )
    listed = [(a["application"], a["rule"], a["status"], a["due"]) for a in agenda["actions"]]
    assert sorted(listed) == expected, day
    statuses = [a["status"] for a in agenda["actions"]]
    assert statuses == sorted(statuses, key=lambda s: s != "overdue")  # overdue first
    return len(listed)


def test_a_two_week_search_through_commands_only(tmp_path: Path) -> None:
    path = tmp_path / "search.yaml"
    init = ["init", str(path), "--timezone", "America/Chicago", "--country", "US",
            "--subdivision", "IL", "--name", "Sam Rivera", "--pack", PACK]  # fmt: skip
    assert invoke(init).exit_code == 0
    header = path.read_text()
    path.write_text(header.replace("version: 1\n", NOTES + "version: 1\n", 1))  # the one hand edit
    counts = []
    older = tmp_path / "older.yaml"
    for offset in range(DAYS):
        day = (START + dt.timedelta(days=offset)).isoformat()
        if day == "2026-11-06":
            tracker = tmp_path / "tracker.csv"
            tracker.write_text(TRACKER)
            imported = invoke(["import", str(tracker), "-o", str(older), "--timezone",
                               "America/Chicago", "--country", "US", "--pack", PACK])  # fmt: skip
            assert imported.exit_code == 0, imported.output
        if older.exists():
            counts.append(_agrees(older, day))
        for step in STEPS.get(day, []):
            command, rest = step[0], step[1:]
            dated = ["--date", day, "--as-of", day] if command == "log" else []
            result = invoke([command, str(path), *rest, *dated])
            assert result.exit_code == 0, (day, step, result.output)
            assert "Traceback" not in result.output
            assert NOTES in path.read_text(), (day, step)
        counts.append(_agrees(path, day))
        assert invoke(["agenda", str(path), "--as-of", day]).exit_code == 0
    text = path.read_text()
    assert text.startswith(header.split("version: 1\n")[0] + NOTES + "version: 1\n")
    logged = sum(len(s) for s in STEPS.values()) - 6  # six adds and contacts
    assert logged >= 10
    report = _json(["run", str(path), "--as-of", "2026-11-16"])
    events = {app["id"]: app["stage"] for app in report["applications"]}
    assert events == {"acme-pm": "interviewing", "globex": "closed", "hooli": "interviewing"}
    assert any(counts) and max(counts) >= 2  # there was something to do on the way


def _run_block(doc: Path, heading: str) -> int:
    """Run the first ```sh block under `heading` of `doc`, line by line, in the current
    folder; `export` lines set the environment of the lines after them."""
    section = doc.read_text(encoding="utf-8").split(heading + "\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    env: dict[str, str | None] = {}
    ran = 0
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            env[name] = value
            continue
        assert words[0] == "followup", line
        result = invoke(words[1:], env=env)
        assert result.exit_code == 0, (line, result.output)
        ran += 1
    return ran


def test_the_readme_daily_use_loop_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _run_block(ROOT / "README.md", "## Daily use") >= 8
    assert "follow_up_sent" in (tmp_path / "search.yaml").read_text()


def test_the_timeline_docs_commands_run_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _run_block(ROOT / "docs" / "timeline.md", "## Keeping it current") == 5
    assert "decision_expected" in (tmp_path / "search.yaml").read_text()
