"""Pack authors' guard rails (issue 17): --require-tests and inherited rules, `followup test`
going on past a pack it cannot load, a file of the wrong kind or a mistyped pack name said
plainly."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click
import pytest
from cli_support import EXAMPLE_TIMELINE, POLICIES, assert_one_error_line, invoke
from packtests_test import HR_CHECK_CASE, PARTLY_COVERED, coverage_line, write_pack

import cli

# A pack extending `probe` (packtests_test's two rules, nudge and hr-check) with a rule of
# its own, which its cases cover both ways; the inherited rules have no case here.
DERIVED = """\
pack_format: 1
name: derived
version: 0.1.0
title: Probe, with a thank-you
extends: probe
rules:
  - id: thank-you
    when:
      anchor: interview
    timing:
      after: {days: [0, 1]}
    action:
      kind: thank_you
      channel: email
      recipient: anchor_contact
    cite: "Thank them within a day."
tests:
  - name: a thank-you after the interview
    as_of: "2026-11-10"
    events:
      - {date: 2026-11-10, type: interview, with: hm}
    expect:
      - {rule: thank-you}
  - name: no thank-you before one
    as_of: "2026-11-03"
    events:
      - {date: 2026-11-02, type: application_submitted}
    absent:
      - {rule: thank-you}
"""


def _derived(tmp_path: Path) -> Path:
    folder = tmp_path / "packs"
    folder.mkdir()
    write_pack(folder, PARTLY_COVERED + HR_CHECK_CASE)
    path = folder / "derived.yaml"
    path.write_text(DERIVED, encoding="utf-8")
    return path


# --- item 4: --require-tests and a derived pack's inherited rules ------------------------------


def test_require_tests_counts_a_derived_packs_own_rules_only(tmp_path: Path) -> None:
    pack = _derived(tmp_path)
    result = invoke(["test", str(pack), "--pack-path", str(pack.parent), "--require-tests"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "2 passed, 0 failed; 0 rule coverage gaps"
    assert "nudge" not in result.stdout


def test_require_tests_inherited_counts_the_inherited_rules_too(tmp_path: Path) -> None:
    pack = _derived(tmp_path)
    args = ["test", str(pack), "--pack-path", str(pack.parent), "--require-tests-inherited"]
    result = invoke(args)
    assert result.exit_code == 1, result.stdout
    # nudge has no positive case here, and none negative; hr-check neither.
    assert coverage_line(result.stdout, "nudge").endswith("<- not covered")
    assert coverage_line(result.stdout, "hr-check").endswith("<- not covered")
    assert "not covered" not in coverage_line(result.stdout, "thank-you")
    assert result.stdout.splitlines()[-1] == "2 passed, 0 failed; 4 rule coverage gaps"
    # Given with --require-tests it means the same.
    both = invoke([*args, "--require-tests"])
    assert (both.exit_code, both.stdout) == (result.exit_code, result.stdout)


def test_the_guide_and_the_help_say_what_require_tests_counts() -> None:
    from cli_support import ROOT

    guide = (ROOT / "docs" / "custom-packs.md").read_text(encoding="utf-8")
    assert "inherited ones included" not in guide
    assert "--require-tests-inherited" in guide
    helped = invoke(["test", "--help"]).stdout
    assert "--require-tests-inherited" in helped
    assert "own and" in " ".join(helped.split())  # the default: own and overridden rules


# --- item 5: every pack is tested, the worst exit code wins ------------------------------------


BROKEN = "pack_format: 1\nname: broken\nversion: 1\n"


def _failing(tmp_path: Path) -> Path:
    tests = """\
    - name: the nudge on the wrong day
      as_of: "2026-11-05"
      events:
        - {date: 2026-11-02, type: application_submitted}
      expect:
        - {rule: nudge, due: "2026-11-06"}
    """
    return write_pack(tmp_path, tests, name="failing")


def test_a_pack_that_cannot_be_loaded_does_not_hide_the_next_ones_failure(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    failing = _failing(tmp_path)
    good = write_pack(tmp_path, PARTLY_COVERED, name="good")
    result = invoke(["test", str(broken), str(failing), str(good), str(EXAMPLE_TIMELINE)])
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    # The packs that load are tested and reported ...
    assert f"failing@0.1.0 ({failing})" in result.stdout
    assert "FAIL  the nudge on the wrong day" in result.stdout
    assert f"good@0.1.0 ({good})" in result.stdout
    assert result.stdout.splitlines()[-1] == "2 passed, 1 failed"
    # ... and each that does not gets its error line, in the order given.
    errors = result.stderr.splitlines()
    assert len(errors) == 2, result.stderr
    assert errors[0].startswith(f"{broken}:3:10: error: ")
    assert errors[1].startswith(f"{EXAMPLE_TIMELINE}:")
    assert "this is a timeline, not a pack" in errors[1]


def test_without_an_unloadable_pack_a_failure_exits_1(tmp_path: Path) -> None:
    result = invoke(["test", str(_failing(tmp_path)), str(write_pack(tmp_path, None))])
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stderr == ""


def test_only_unloadable_packs_exit_2_with_every_error(tmp_path: Path) -> None:
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_text(BROKEN, encoding="utf-8")
    two.write_text("pack_format: 1\nname: [x]\n", encoding="utf-8")
    result = invoke(["test", "-q", str(one), str(two)])
    assert result.exit_code == 2
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == [str(one), str(two)]


# --- item 6: the wrong kind of file, a mistyped name ------------------------------------------


def test_a_timeline_as_pack_says_so_and_names_where_it_goes() -> None:
    match = assert_one_error_line(invoke(["run", str(EXAMPLE_TIMELINE), "--pack",
                                          str(EXAMPLE_TIMELINE)]))  # fmt: skip
    assert match["path"] == str(EXAMPLE_TIMELINE)
    assert match["message"] == (
        "this is a timeline, not a pack: --pack wants a policy pack "
        "(pass it as TIMELINE instead)"
    )


def test_a_pack_as_timeline_says_so_and_names_where_it_goes() -> None:
    pack = str(POLICIES / "clue-wagon.yaml")
    match = assert_one_error_line(invoke(["run", pack, "--pack", "clue-wagon"]))
    assert match["message"] == (
        "this is a pack, not a timeline: TIMELINE wants a timeline (pass it as --pack instead)"
    )


@pytest.mark.parametrize(
    ("args", "param"),
    [
        (["test", "{timeline}"], "PACKS"),
        (["compile", "{timeline}"], "PACK"),
        (["show", "{timeline}"], "PACK"),
        (["new", "x", "--extends", "{timeline}", "-o", "-"], "--extends"),
        (["validate", "--pack", "{timeline}", "{timeline}"], "--pack"),
    ],
)
def test_a_timeline_given_as_a_pack_anywhere_names_the_parameter(
    args: list[str], param: str
) -> None:
    given = [a.format(timeline=EXAMPLE_TIMELINE) for a in args]
    match = assert_one_error_line(invoke(given))
    assert match["message"].startswith(
        f"this is a timeline, not a pack: {param} wants a policy pack ("
    ), match["message"]


@pytest.mark.parametrize("command", [["run", str(EXAMPLE_TIMELINE)], ["show"], ["test"]])
def test_a_mistyped_builtin_name_is_a_usage_error_with_a_suggestion(command: list[str]) -> None:
    args = [*command, "--pack", "clue-wagn"] if command[0] == "run" else [*command, "clue-wagn"]
    result = invoke(args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    param = "--pack" if command[0] == "run" else ("PACK" if command[0] == "show" else "PACKS")
    assert result.stderr.startswith("Usage: ")
    last = result.stderr.splitlines()[-1]
    assert last.startswith(f"Error: Invalid value for '{param}': no pack named 'clue-wagn'")
    assert last.endswith("(did you mean 'clue-wagon'?)")


def test_a_mistyped_name_is_matched_against_the_pack_path_too(tmp_path: Path) -> None:
    write_pack(tmp_path, None, name="my-probe")
    result = invoke(["show", "my-prob", "--pack-path", str(tmp_path)])
    assert result.exit_code == 2
    assert "Error: Invalid value for 'PACK': no pack named 'my-prob'" in result.stderr
    assert "(did you mean 'my-probe'?)" in result.stderr


def test_a_missing_pack_file_stays_a_file_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    match = assert_one_error_line(invoke(["run", str(EXAMPLE_TIMELINE), "--pack", "./nope.yaml"]))
    assert match["path"] == "nope.yaml"
    assert "no such file" in match["message"]


def test_the_loader_tells_the_kind_by_validates_one_definition(tmp_path: Path) -> None:
    """validate and the loaders agree on a file's kind (one definition: kind_of)."""
    from engine.errors import WrongKindError
    from engine.io import safeyaml
    from engine.load import validation

    doc = safeyaml.loads(textwrap.dedent("version: 1\ncandidate: {}\n"), "t.yaml")
    assert validation.kind_of(doc.data) == "timeline"
    with pytest.raises(WrongKindError) as raised:
        validation.check(doc, "pack")
    assert (raised.value.found, raised.value.wanted) == ("timeline", "pack")


# --- item 8: every option has help, every --help ends with examples ---------------------------


def _commands() -> list[tuple[list[str], click.Command]]:
    found: list[tuple[list[str], click.Command]] = [([], cli.main)]
    found += [([name], command) for name, command in sorted(cli.main.commands.items())]
    assert len(found) > 15  # every subcommand, not a group of none
    return found


COMMANDS = _commands()


@pytest.mark.parametrize(
    ("words", "command"), COMMANDS, ids=[" ".join(words) or "followup" for words, _ in COMMANDS]
)
def test_every_option_has_help_and_every_help_ends_with_examples(
    words: list[str], command: click.Command
) -> None:
    unhelped = [
        p.opts[0]
        for p in command.params
        if isinstance(p, click.Option) and not p.hidden and not (p.help or "").strip()
    ]
    assert not unhelped, f"followup {' '.join(words)}: options without help: {unhelped}"
    result = invoke([*words, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    tail = result.stdout.rstrip("\n").split("\n\n")[-1].splitlines()
    assert tail[0].strip() == "Examples:", result.stdout
    shown = [line.strip() for line in tail[1:]]
    assert 1 <= len(shown) <= 2, result.stdout
    assert all(line.startswith("followup ") for line in shown), result.stdout
    # each example's command is this command
    if words:
        assert all(line.split()[1] == words[0] for line in shown), shown


def test_the_hooks_pin_a_python_followup_supports_and_pip_installs() -> None:
    import tomllib

    import yaml
    from cli_support import ROOT

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "requires-python"
    ]
    assert requires == ">=3.11,<3.14"  # README, Requirements: 3.11, 3.12 or 3.13
    for hook in hooks:
        # 3.13 needs the carried durable-rules build, which pre-commit's pip install skips.
        assert hook.get("language_version") in ("python3.11", "python3.12"), hook
