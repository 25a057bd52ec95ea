"""`followup init`: a valid new timeline from options, questions on a terminal, or the
machine's defaults; never over an existing file without --force."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from cli_support import invoke

from engine.commands import init as cmd
from engine.errors import FollowupError, UsageError
from engine.io import safeyaml
from engine.load.timelines import load_timeline

OPTIONS = ["--timezone", "Europe/Berlin", "--country", "de", "--subdivision", "BY"]


def test_init_writes_a_timeline_that_loads_with_its_modeline(tmp_path: Path) -> None:
    path = tmp_path / "search.yaml"
    result = invoke(["init", str(path), *OPTIONS, "--name", "Sam O'Neil", "-p", "clue-wagon"])
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=file://")
    assert "timeline.schema.json\n" in text.splitlines(True)[0]
    timeline = load_timeline(path)
    assert (timeline.timezone, timeline.country, timeline.subdivision) == (
        "Europe/Berlin", "DE", "BY",
    )  # fmt: skip
    assert timeline.pack == "clue-wagon@^2"  # a built-in pinned to its major version
    assert safeyaml.load_file(path).data["candidate"]["name"] == "Sam O'Neil"
    assert result.stdout.startswith(f"wrote {path} (Europe/Berlin; holidays of DE-BY; pack")


def test_init_never_writes_over_a_file_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("mine\n")
    result = invoke(["init", str(path), *OPTIONS])
    assert result.exit_code == 2 and "file already exists" in result.stderr
    assert path.read_text() == "mine\n"
    assert invoke(["init", str(path), *OPTIONS, "--force", "-q"]).exit_code == 0
    assert load_timeline(path).timezone == "Europe/Berlin"


def test_off_a_terminal_the_machine_gives_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(["init", "-q"], env={"TZ": "America/Chicago", "LANG": "en_US.UTF-8",
                                         "LC_ALL": None, "LC_TIME": None})  # fmt: skip
    assert result.exit_code == 0, result.output
    timeline = load_timeline(tmp_path / "timeline.yaml")
    assert (timeline.timezone, timeline.country, timeline.pack) == ("America/Chicago", "US", "")


def test_without_a_country_to_go_by_init_asks_for_the_option(tmp_path: Path) -> None:
    env = {"LANG": "C", "LC_ALL": None, "LC_TIME": None}
    result = invoke(["init", str(tmp_path / "t.yaml")], env=env)
    assert result.exit_code == 2 and "'--country'" in result.stderr
    assert not (tmp_path / "t.yaml").exists()


def test_on_a_terminal_it_asks_for_what_the_options_leave_out(tmp_path: Path) -> None:
    asked: list[str] = []
    answers = {"Time zone": "Asia/Tokyo", "Country": "jp", "Pack": "mason-group"}

    def ask(question: str, default: str) -> str:
        asked.append(question)
        return next((a for q, a in answers.items() if question.startswith(q)), default)

    args = cmd.InitArgs(str(tmp_path / "t.yaml"), name="Ken")
    assert cmd.execute(args, io.StringIO(), ask) == 0
    assert not any(q.startswith("Your name") for q in asked)  # given: not asked
    timeline = load_timeline(tmp_path / "t.yaml")
    assert (timeline.timezone, timeline.country, timeline.pack) == (
        "Asia/Tokyo", "JP", "mason-group@^2",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (["--timezone", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
        (["--country", "XX"], "no public-holiday calendar for country 'XX'"),
        (["-p", "no-such-pack"], "no-such-pack"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(
    tmp_path: Path, extra: list[str], said: str
) -> None:
    path = tmp_path / "t.yaml"
    result = invoke(["init", str(path), *OPTIONS, *extra])
    assert result.exit_code == 2 and said in result.stderr, result.output
    assert "Traceback" not in result.stderr and not path.exists()


def test_questions_come_in_a_forms_order_and_a_bad_answer_is_asked_again(tmp_path: Path) -> None:
    asked: list[str] = []
    answers = {
        "Time zone": iter(["Mars/Olympus", "Asia/Tokyo"]),
        "Country": iter(["xx", "jp"]),
        "State": iter(["Nowhere", ""]),
        "Pack": iter(["no-such-pack", "mason-group"]),
    }

    def ask(question: str, default: str) -> str:
        asked.append(question.split()[0])
        return next((next(a) for q, a in answers.items() if question.startswith(q)), default)

    err = io.StringIO()
    args = cmd.InitArgs(str(tmp_path / "t.yaml"))
    assert cmd.execute(args, io.StringIO(), ask, err) == 0
    assert asked == ["Your", "Time", "Time", "Country", "Country", "State", "State", "Pack", "Pack"]
    said = err.getvalue().splitlines()
    assert len(said) == 4 and all(line.startswith("error: ") for line in said)
    assert "unknown time zone 'Mars/Olympus'" in said[0]
    timeline = load_timeline(tmp_path / "t.yaml")
    assert (timeline.timezone, timeline.country, timeline.pack) == (
        "Asia/Tokyo", "JP", "mason-group@^2",
    )  # fmt: skip


def test_a_bad_country_is_blamed_on_country_even_with_a_subdivision(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    result = invoke(["init", str(path), "--timezone", "UTC", "--country", "XX",
                     "--subdivision", "BY"])  # fmt: skip
    assert result.exit_code == 2 and "'--country'" in result.stderr, result.stderr
    result = invoke(["init", str(path), "--timezone", "UTC", "--country", "DE",
                     "--subdivision", "ZZ"])  # fmt: skip
    assert result.exit_code == 2 and "'--subdivision'" in result.stderr, result.stderr
    assert not path.exists()


def test_init_dash_prints_the_timeline_and_writes_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(["init", "-", *OPTIONS])
    assert result.exit_code == 0, result.output
    assert list(tmp_path.iterdir()) == []
    assert result.stdout.startswith("# yaml-language-server: $schema=")
    assert "#   followup add FILE APP" in result.stdout
    assert safeyaml.loads(result.stdout).data["candidate"]["timezone"] == "Europe/Berlin"


@pytest.mark.parametrize(
    ("given", "option"),
    [({"country": "ZZ"}, "--country"), ({"timezone": "Mars/Olympus"}, "--timezone"),
     ({"country": "US", "subdivision": "QQ"}, "--subdivision"), ({"pack": "no-such"}, "--pack")],
)  # fmt: skip
def test_a_wrong_option_is_refused_before_any_question(
    tmp_path: Path, given: dict[str, str], option: str
) -> None:
    asked: list[str] = []

    def ask(question: str, default: str) -> str:
        asked.append(question)
        return default

    args = cmd.InitArgs(str(tmp_path / "t.yaml"), **given)  # type: ignore[arg-type]
    with pytest.raises(FollowupError) as refused:
        cmd.execute(args, io.StringIO(), ask, io.StringIO())
    assert asked == []
    if isinstance(refused.value, UsageError):
        assert refused.value.param == option
    assert not (tmp_path / "t.yaml").exists()
