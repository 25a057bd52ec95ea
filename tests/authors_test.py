"""Guard rails for pack authors (issue #17, items 1-3): overrides that drop inherited keys or
keep words the new timing contradicts, rules that repeat another, and editor modelines that
survive a reinstall (`followup schema --write DIR`)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from cli_support import EXAMPLE_TIMELINE, ROOT, WORKED_EXAMPLE, invoke, run_json

from engine.io import resources
from engine.load.packs import load_pack

HEAD = "pack_format: 2\nname: child\nversion: 0.1.0\nextends: clue-wagon@^2.0.0\n"
SCHEMA_FILES = sorted(f"{stem}.schema.json" for stem in resources.SCHEMA_FILES.values())


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _validate(*args: str | Path) -> tuple[int, list[str]]:
    result = invoke(["validate", *map(str, args)])
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout.splitlines()[:-1]


def _pack(folder: Path, text: str, name: str = "child.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- item 1: an override replaces each key whole -------------------------------------------------

ISSUE_OVERRIDE = HEAD + (
    "override:\n  - id: post-interview-email\n    timing: {after: {business_days: 5}}\n"
)


def test_an_override_that_drops_inherited_timing_keys_is_reported_at_the_override(
    tmp_path: Path,
) -> None:
    child = _pack(tmp_path, ISSUE_OVERRIDE)
    code, lines = _validate(child)
    assert code == 0  # warnings: the pack means what it says
    dropped = [line for line in lines if "drops its inherited timing keys" in line]
    assert dropped == [
        f"{child}:7:13: warning: the override of rule 'post-interview-email' drops its "
        "inherited timing keys from: stated_date, repeat: {every: {days: 7}}, max_attempts: 2, "
        "count_early: true: an override replaces timing whole, keys are not merged (restate "
        "them in the override's timing to keep them)"
    ]
    assert _validate("--strict", child)[0] == 1


def test_an_override_that_keeps_a_cite_with_other_numbers_is_reported(tmp_path: Path) -> None:
    child = _pack(tmp_path, ISSUE_OVERRIDE)
    _, lines = _validate(child)
    (cite,) = [line for line in lines if "inherited cite" in line]
    assert cite.startswith(f"{child}:7:13: warning: rule 'post-interview-email' keeps its ")
    assert '"third business day", "one week"' in cite
    assert "overridden to 5 business days" in cite
    assert cite.endswith(
        "(override cite too, with words that match the new timing, or add an assumption about "
        "timing that says why)"
    )
    assert any("inherited summary" in line and '"3rd business day"' in line for line in lines)


def test_an_override_restating_what_it_keeps_is_not_reported(tmp_path: Path) -> None:
    child = _pack(
        tmp_path,
        HEAD + "override:\n"
        "  - id: post-interview-email\n"
        "    summary: Email on the 5th business day after their date, then a week later.\n"
        "    timing:\n"
        "      from: stated_date\n"
        "      after: {business_days: 5}\n"
        "      repeat: {every: {days: 7}}\n"
        "      max_attempts: 2\n"
        "      count_early: true\n"
        "    cite: Five business days after their date, then one week later.\n",
    )
    assert _validate("--strict", child) == (0, [])
    # One attempt in all: leaving out the repeat is the point, not an accident.
    once = _pack(
        tmp_path,
        HEAD + "override:\n"
        "  - id: post-interview-email\n"
        "    timing: {from: stated_date, after: {business_days: 3}, max_attempts: 1,"
        " count_early: true}\n"
        "    summary: One email on the 3rd business day after their date.\n"
        "    cite: Email once, on the third business day after their date.\n",
        "once.yaml",
    )
    assert _validate("--strict", once) == (0, [])


def test_an_override_changes_nothing_else_of_what_it_replaces() -> None:
    """The lint reports; it never merges: the pack still means what docs/custom-packs.md says."""
    rule = {r.id: r for r in load_pack(ROOT / "policies" / "clue-wagon.yaml").rules}
    assert rule["post-interview-email"].timing.repeat is not None


def test_the_override_lint_and_the_existing_packs(tmp_path: Path) -> None:
    """The built-in and example packs get no new finding: none of them overrides carelessly."""
    packs = sorted((ROOT / "policies").glob("*.yaml")) + sorted(
        (ROOT / "tests" / "example-files" / "positive" / "packs").glob("*.yaml")
    )
    _, lines = _validate(*packs)
    assert not [line for line in lines if "override" in line or "recommends what" in line]


@pytest.mark.parametrize(
    ("text", "lengths"),
    [
        ("on the third business day after", {(3, "business_days")}),
        ("email on the 3rd business day, then a week later", {(3, "business_days"), (7, "days")}),
        ("wait two weeks", {(14, "days")}),
        ("one week later, or 10 working days", {(7, "days"), (10, "business_days")}),
        ("a 5-day wait", {(5, "days")}),
        ("after the second interview, twice", set()),
        ("One follow-up email is probably the limit", set()),
    ],
)
def test_the_lengths_a_cite_names(text: str, lengths: set[tuple[int, str]]) -> None:
    from engine.load.override_lint import lengths_in

    assert set(lengths_in(text)) == lengths


# --- item 2: two rules that say the same ---------------------------------------------------------


def test_the_extending_scaffold_adds_to_its_base_instead_of_repeating_it(cwd: Path) -> None:
    assert invoke(["new", "mine", "--extends", "clue-wagon"]).exit_code == 0
    assert _validate("--strict", "mine.yaml") == (0, [])
    tested = invoke(["test", "mine.yaml", "--require-tests"])
    assert tested.exit_code == 0, tested.stdout
    for timeline in (EXAMPLE_TIMELINE, WORKED_EXAMPLE):
        report = run_json(timeline, "mine.yaml", "2026-11-21")
        for app in report["applications"]:
            seen = [
                (r["kind"], r["due"], r.get("channel"), r.get("recipient"))
                for r in app["recommendations"]
            ]
            assert len(seen) == len(set(seen)), (app["id"], seen)


COPY = """\
  - id: {id}
    summary: The same email, in my words.
    when:
      anchor: application_submitted
      unless: [interview]
    timing:
      after: {{business_days: 5}}
    stop_when: [{stop}]
    action:
      kind: follow_up
      channel: email
      recipient: hiring_manager
      guidance: ["Keep it short."]
    cite: "My words."
"""


def test_a_rule_that_repeats_an_inherited_one_is_reported(tmp_path: Path) -> None:
    child = _pack(tmp_path, HEAD + "rules:\n" + COPY.format(id="mine", stop="reply_received"))
    code, lines = _validate(child)
    assert code == 0
    assert lines == [
        f"{child}:6:5: warning: rule 'mine' recommends what inherited rule 'resume-follow-up' "
        "does: follow_up by email, from the same event, under the same conditions and on the "
        "same day, so every application that gets one gets both (remove rule 'mine', or "
        "`disable` 'resume-follow-up')"
    ]
    # Not the same: it stops at an interview too.
    other = _pack(
        tmp_path,
        HEAD + "rules:\n" + COPY.format(id="mine", stop="reply_received, interview"),
        "other.yaml",
    )
    assert _validate("--strict", other) == (0, [])
    disabled = _pack(
        tmp_path,
        HEAD + "disable: [resume-follow-up]\nrules:\n" + COPY.format(id="m", stop="reply_received"),
        "disabled.yaml",
    )
    assert _validate("--strict", disabled) == (0, [])


def test_two_own_rules_that_say_the_same_are_reported(tmp_path: Path) -> None:
    pack = _pack(
        tmp_path,
        "pack_format: 2\nname: twice\nversion: 0.1.0\ntitle: t\n"
        "source: {author: a, title: t, publication: p}\nrules:\n"
        + COPY.format(id="one", stop="reply_received")
        + COPY.format(id="two", stop="reply_received"),
    )
    _, lines = _validate(pack)
    (line,) = lines
    assert line.startswith(f"{pack}:21:5: warning: rule 'two' recommends what rule 'one' does")
    assert line.endswith("(remove one of them, or change when 'two' applies)")


# --- item 3: schemas for editors -----------------------------------------------------------------


def test_new_never_points_at_the_installation(cwd: Path) -> None:
    assert invoke(["new", "mine"]).exit_code == 0
    text = (cwd / "mine.yaml").read_text(encoding="utf-8")
    assert "file://" not in text
    assert str(resources.data_dir("schemas")) not in text
    assert "yaml-language-server: $schema" not in text.splitlines()[0]
    assert "`followup schema --write schemas`" in text


def test_schema_write_writes_every_schema(cwd: Path) -> None:
    result = invoke(["schema", "--write", "schemas"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (cwd / "schemas").iterdir()) == SCHEMA_FILES
    for name in SCHEMA_FILES:
        written = (cwd / "schemas" / name).read_text(encoding="utf-8")
        assert written == (ROOT / "schemas" / name).read_text(encoding="utf-8")
        assert f"wrote {Path('schemas') / name}" in result.stdout.splitlines()
    one = invoke(["schema", "pack", "--write", "one"])
    assert one.exit_code == 0
    assert [p.name for p in (cwd / "one").iterdir()] == ["policy-pack.schema.json"]


def test_schema_write_refuses_to_overwrite_without_force(cwd: Path) -> None:
    (cwd / "schemas").mkdir()
    mine = cwd / "schemas" / "timeline.schema.json"
    mine.write_text("{}", encoding="utf-8")
    refused = invoke(["schema", "--write", "schemas"])
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"{Path('schemas') / 'timeline.schema.json'}:1:1: error: file already exists "
        "(use --force to replace it)\n"
    )
    assert [p.name for p in (cwd / "schemas").iterdir()] == ["timeline.schema.json"]  # none
    assert mine.read_text(encoding="utf-8") == "{}"
    assert invoke(["schema", "--write", "schemas", "--force"]).exit_code == 0
    assert json.loads(mine.read_text(encoding="utf-8"))["$id"] == "urn:followup:schema:timeline:1"
    assert sorted(p.name for p in (cwd / "schemas").iterdir()) == SCHEMA_FILES  # no temp file


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_schema_write_never_replaces_what_is_not_a_regular_file(cwd: Path) -> None:
    (cwd / "schemas").mkdir()
    os.mkfifo(cwd / "schemas" / "report.schema.json")
    refused = invoke(["schema", "--write", "schemas", "--force"])
    assert refused.exit_code == 2
    assert "is a named pipe, not a regular file" in refused.stderr
    assert refused.stderr.endswith("(write into another folder)\n")
    (cwd / "plain").write_text("", encoding="utf-8")
    not_a_folder = invoke(["schema", "--write", "plain"])
    assert not_a_folder.exit_code == 2
    assert "'plain' is a file" in not_a_folder.stderr


def _modeline_target(pack_file: Path) -> Path:
    first = pack_file.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), first
    relative = first[len(prefix) :]
    assert not relative.startswith("/") and "://" not in relative
    return pack_file.parent / relative


def test_new_points_at_the_schemas_its_repository_vendors(cwd: Path) -> None:
    repo = cwd / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "packs" / "team").mkdir(parents=True)
    assert invoke(["schema", "--write", str(repo / "schemas")]).exit_code == 0
    assert invoke(["new", "mine", "-o", str(repo / "packs" / "team" / "mine.yaml")]).exit_code == 0
    pack_file = repo / "packs" / "team" / "mine.yaml"
    assert pack_file.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schemas/policy-pack.schema.json\n"
    )
    schema: dict[str, Any] = json.loads(_modeline_target(pack_file).read_text(encoding="utf-8"))
    assert schema["$id"] == "urn:followup:schema:policy-pack:1"


def test_new_looks_no_further_than_the_repository_root(cwd: Path) -> None:
    assert invoke(["schema", "--write", "schemas"]).exit_code == 0  # above the repository
    (cwd / "repo" / ".git").mkdir(parents=True)
    (cwd / "repo" / "policy-pack.schema.json").write_text('{"$id": "x"}', encoding="utf-8")
    assert invoke(["new", "mine", "-o", "repo/mine.yaml"]).exit_code == 0
    first = (cwd / "repo" / "mine.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert not first.startswith("# yaml-language-server:")  # neither the outer copy nor a fake


def test_the_guides_validate_examples_print_what_they_say(cwd: Path) -> None:
    text = (ROOT / "docs" / "custom-packs.md").read_text(encoding="utf-8")
    section = text[text.index("### What validate says about overrides") :]
    section = section[: section.index("### Where each rule comes from")]
    files = re.findall(r"```yaml\n# (\S+\.yaml)\n(.*?)```", section, re.S)
    assert [name for name, _ in files] == ["later.yaml", "again.yaml"]
    for name, body in files:
        (cwd / name).write_text(f"# {name}\n{body}", encoding="utf-8")
    blocks = re.findall(r"```text\n\$ followup (validate \S+)\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    for command, documented in blocks:
        result = invoke(command.split())
        assert result.exit_code == 0, result.stderr
        assert result.stdout.splitlines()[:-1] == documented.splitlines()
