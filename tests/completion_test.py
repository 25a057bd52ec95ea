"""Shell completion (engine/commands/completion.py), driven as the shells drive it: click's
completion variable and the words of the command line in COMP_WORDS / COMP_CWORD, as click's
own tests do (tests/test_shell_completion.py there)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import EXAMPLE_TIMELINE, POLICIES
from click.testing import CliRunner

import cli
from engine import builtin_pack_names
from engine.vocabulary import CHANNELS, EVENT_ALIAS_NAMES, EVENT_TYPES

APPS = ["acme-pm", "globex-analyst", "hooli-eng", "initech-ba", "umbrella-network"]


def complete(line: str, shell: str = "bash", env: dict[str, str] | None = None) -> list[str]:
    """What Tab offers at the end of `line` (after its last space: a word being typed)."""
    words = line.split(" ")
    runner = CliRunner(env={
        "_FOLLOWUP_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
        **(env or {}),
    })  # fmt: skip
    result = runner.invoke(cli.main, [], prog_name="followup")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    if shell == "zsh":  # type, value, help: three lines each
        lines = result.stdout.splitlines()
        return lines[1::3]
    return [item.split(",", 1)[1] for item in result.stdout.splitlines() if item]


def test_pack_names_complete_everywhere() -> None:
    names = builtin_pack_names()
    for line in [
        f"followup run {EXAMPLE_TIMELINE} --pack ",
        f"followup compare {EXAMPLE_TIMELINE} -p ",
        f"followup draft {EXAMPLE_TIMELINE} --pack ",
        f"followup agenda {EXAMPLE_TIMELINE} --pack ",
        "followup show ",
        "followup test ",
        "followup compile ",
        "followup new mine --extends ",
        "followup validate x.yaml --pack ",
    ]:
        assert complete(line)[: len(names)] == names, line
    assert complete("followup show clue") == ["clue-wagon"]


def test_pack_files_complete_by_path_and_timelines_do_not() -> None:
    offered = complete(f"followup run {EXAMPLE_TIMELINE} --pack {POLICIES}/c")
    assert f"{POLICIES}/clue-wagon.yaml" in offered and f"{POLICIES}/career-pivot.yaml" in offered
    assert complete(f"followup show {EXAMPLE_TIMELINE.parent}/") == []  # timelines, not packs


def test_packs_of_a_pack_path_complete_by_name(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text("pack_format: 2\nname: mine\n", encoding="utf-8")
    (tmp_path / "notes.yaml").write_text("just: notes\n", encoding="utf-8")
    assert complete(f"followup show --pack-path {tmp_path} mi") == ["mine"]


def test_application_ids_come_from_the_timeline_given() -> None:
    assert complete(f"followup draft {EXAMPLE_TIMELINE} --application ") == APPS
    assert complete(f"followup draft {EXAMPLE_TIMELINE} -p clue-wagon -a h") == ["hooli-eng"]
    assert complete(f"followup draft {EXAMPLE_TIMELINE} -a a", shell="zsh") == ["acme-pm"]
    from_env = {"FOLLOWUP_TIMELINE": str(EXAMPLE_TIMELINE)}
    assert complete("followup draft --application g", env=from_env) == ["globex-analyst"]


@pytest.mark.parametrize(
    "timeline", ["", "no-such-file.yaml", "-", str(POLICIES / "clue-wagon.yaml"), "/"]
)
def test_no_timeline_or_a_bad_one_offers_nothing_and_no_traceback(timeline: str) -> None:
    assert complete(f"followup draft {timeline} --application ".replace("  ", " ")) == []


def test_the_callbacks_offer_the_vocabulary() -> None:
    from engine.commands import completion

    ctx = cli.main.make_context("followup", [], resilient_parsing=True)
    param = cli.main.params[0]

    def values(fn: completion.Completer, typed: str) -> list[str]:
        return [str(i.value) for i in fn(ctx, param, typed)]

    assert values(completion.complete_event_types, "") == [*EVENT_TYPES, *EVENT_ALIAS_NAMES]
    assert values(completion.complete_event_types, "phone_") == ["phone_screen", "phone_interview"]
    (screen,) = completion.complete_event_types(ctx, param, "phone_s")
    assert screen.help == "read as interview, channel phone"
    assert values(completion.complete_channels, "") == list(CHANNELS)
    assert values(completion.complete_roles, "h") == ["hiring_manager", "hr"]
    assert values(completion.complete_contacts, "") == []  # no timeline in this context


def test_contacts_are_those_of_the_application_given(monkeypatch: pytest.MonkeyPatch) -> None:
    import click

    from engine.commands.completion import complete_contacts

    @click.command()
    @click.argument("file")
    @click.argument("app")
    @click.option("--with", "who", shell_complete=complete_contacts)
    def log(file: str, app: str, who: str) -> None:
        """Like the `log FILE APP TYPE --with CONTACT` of cli_timeline.py."""

    def offered(line: str) -> list[str]:
        runner = CliRunner(env={
            "_LOG_COMPLETE": "bash_complete", "COMP_WORDS": line,
            "COMP_CWORD": str(len(line.split(" ")) - 1),
        })  # fmt: skip
        out = runner.invoke(log, [], prog_name="log").stdout
        return [item.split(",", 1)[1] for item in out.splitlines() if item]

    assert offered(f"log {EXAMPLE_TIMELINE} acme-pm --with ") == ["dana", "acme-hr"]
    everyone = offered(f"log {EXAMPLE_TIMELINE} nobody --with ")
    assert {"dana", "hank", "ada"} <= set(everyone)  # an unknown application: all of them


def test_the_bash_script_is_printed() -> None:
    runner = CliRunner(env={"_FOLLOWUP_COMPLETE": "bash_source"})
    result = runner.invoke(cli.main, [], prog_name="followup")
    assert "_FOLLOWUP_COMPLETE=bash_complete" in result.stdout
    assert "complete -o nosort -F _followup_completion followup" in result.stdout


def test_the_timeline_commands_complete_ids_types_channels_and_roles() -> None:
    t = EXAMPLE_TIMELINE
    assert complete(f"followup log {t} ") == APPS
    assert complete(f"followup log {t} acme-pm thank") == [
        "thank_you_sent", "thank_you", "thank_you_note",
    ]  # fmt: skip
    assert complete(f"followup log {t} acme-pm interview --with ") == ["dana", "acme-hr"]
    assert complete(f"followup log {t} acme-pm follow_up_sent -c e") == ["email"]
    assert complete(f"followup log {t} acme-pm follow_up_sent --pack clue") == ["clue-wagon"]
    assert complete(f"followup contact {t} glo") == ["globex-analyst"]
    assert complete(f"followup contact {t} acme-pm lee --role rec") == ["recruiter"]
