"""`followup new` (scaffold a custom pack), `followup schema`, and the pre-commit hooks file."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

import jsonschema
import pytest
import yaml
from cli_support import EXAMPLE_TIMELINE, ROOT, WORKED_EXAMPLE, invoke, run_json

import cli
from engine.load.packs import load_pack

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?P<uri>\S+)$")
SCHEMAS = {"pack": "policy-pack", "timeline": "timeline", "report": "report"}


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def new(*args: str) -> Any:
    return invoke(["new", *args])


def schema_path(pack_file: Path) -> Path:
    """The file the first line's yaml-language-server modeline points at."""
    first = pack_file.read_text(encoding="utf-8").splitlines()[0]
    match = MODELINE.match(first)
    assert match, first
    uri = match["uri"]
    if uri.startswith("file:"):
        return Path(url2pathname(unquote(urlparse(uri).path)))
    assert "://" not in uri, f"not a local schema: {uri}"
    return pack_file.parent / uri


class _EditorLoader(yaml.SafeLoader):
    """PyYAML without its YAML 1.1 timestamps: `2026-11-21` stays a string, as in editors."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def plain_yaml(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.load(fh, Loader=_EditorLoader)  # a SafeLoader
    return data


# --- followup new --------------------------------------------------------------------------------


def test_new_writes_a_pack_whose_modeline_points_at_the_schema(cwd: Path) -> None:
    assert invoke(["schema", "--write", "schemas"]).exit_code == 0
    result = new("mine")
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert result.stderr == ""
    assert "wrote mine.yaml" in result.stdout
    pack_file = cwd / "mine.yaml"
    target = schema_path(pack_file)
    assert target == cwd / "schemas" / "policy-pack.schema.json"
    assert target.is_file(), target
    schema = json.loads(target.read_text(encoding="utf-8"))
    assert schema["$id"] == "urn:followup:schema:policy-pack:1"
    # What an editor would do with the modeline: the scaffold is valid against that schema.
    jsonschema.validate(plain_yaml(pack_file), schema)
    assert sorted(p.name for p in cwd.iterdir()) == ["mine.yaml", "schemas"]  # no temporary file


def test_the_scaffold_loads_passes_its_tests_and_runs(cwd: Path) -> None:
    assert new("mine").exit_code == 0
    pack = load_pack("mine.yaml")
    assert (pack.name, pack.version, pack.extends) == ("mine", "0.1.0", "")
    assert len(pack.rules) == 1
    assert pack.warnings == ()
    tested = invoke(["test", "mine.yaml", "--require-tests"])
    assert tested.exit_code == 0, (tested.stdout, tested.stderr)
    assert "2 passed, 0 failed; 0 rule coverage gaps" in tested.stdout
    report = run_json(WORKED_EXAMPLE, "mine.yaml", "2026-11-21")
    assert report["pack"]["name"] == "mine"
    report = run_json(EXAMPLE_TIMELINE, "mine.yaml", "2026-11-21")
    (globex,) = [a for a in report["applications"] if a["id"] == "globex-analyst"]
    assert [(r["status"], r["due"]) for r in globex["recommendations"]] == [
        ("upcoming", "2026-11-23")
    ]
    shown = invoke(["show", "mine.yaml"])
    assert shown.exit_code == 0, shown.stderr
    # Found by name from the folder it was written to.
    assert invoke(["show", "mine@0.1.0", "--pack-path", str(cwd)]).exit_code == 0


def test_new_extends_a_built_in_pack(cwd: Path) -> None:
    assert invoke(["schema", "--write", "."]).exit_code == 0
    result = new("mine", "--extends", "clue-wagon")
    assert result.exit_code == 0, (result.stderr, result.exception)
    pack_file = cwd / "mine.yaml"
    assert schema_path(pack_file).is_file()
    source = plain_yaml(pack_file)
    assert source["extends"] == "clue-wagon@^2.0.0"
    pack = load_pack(pack_file)
    assert pack.extends == "clue-wagon@2.0.0"
    assert [r.id for r in pack.rules][-1] == "my-thank-you"
    assert {r.origin for r in pack.rules[:-1]} == {"clue-wagon@2.0.0"}
    assert pack.rules[-1].origin == "mine@0.1.0"
    tested = invoke(["test", "mine.yaml"])
    assert tested.exit_code == 0, (tested.stdout, tested.stderr)
    assert "2 passed, 0 failed" in tested.stdout
    ran = invoke(["run", str(WORKED_EXAMPLE), "--pack", "mine.yaml", "--as-of", "2026-11-21"])
    assert ran.exit_code == 0, ran.stderr
    shown = invoke(["show", "mine.yaml"])
    assert "    from: mine@0.1.0" in shown.stdout.splitlines()


def test_the_extending_scaffold_passes_require_tests(cwd: Path) -> None:
    assert new("mine", "--extends", "clue-wagon").exit_code == 0
    tested = invoke(["test", "mine.yaml", "--require-tests"])
    assert tested.exit_code == 0, tested.stdout


def test_the_commented_override_in_the_extending_scaffold_works(cwd: Path) -> None:
    assert new("mine", "--extends", "clue-wagon").exit_code == 0
    pack_file = cwd / "mine.yaml"
    text = pack_file.read_text(encoding="utf-8")
    assert "# override:" in text
    text = re.sub(r"^# (override:|  )", r"\1", text, flags=re.M)
    text = re.sub(r"^#(   )", r"\1", text, flags=re.M)
    pack_file.write_text(text, encoding="utf-8")
    data = json.loads(invoke(["show", "mine.yaml", "--format", "json"]).stdout)
    (first,) = [r for r in data["rules"] if r["id"] == "resume-follow-up"]
    assert first["origin"] == "clue-wagon@2.0.0; timing from mine@0.1.0"
    assert first["sentence"].startswith("3 business days after you apply")


def test_new_extends_a_pack_on_the_pack_path(cwd: Path) -> None:
    bases = cwd / "bases"
    assert new("house", "--output", str(bases / "house.yaml")).exit_code == 2  # no folder yet
    bases.mkdir()
    assert new("house", "--output", str(bases / "house.yaml")).exit_code == 0
    result = new("mine", "--extends", "house", "--pack-path", str(bases))
    assert result.exit_code == 0, result.stderr
    assert plain_yaml(cwd / "mine.yaml")["extends"] == "house@^0.1.0"
    pack = load_pack("mine.yaml", (bases,))
    assert [r.origin for r in pack.rules] == ["house@0.1.0", "mine@0.1.0"]


def test_new_with_an_unknown_base_writes_nothing(cwd: Path) -> None:
    result = new("mine", "--extends", "clue-wagn")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert "no pack named 'clue-wagn'" in result.stderr
    assert "did you mean 'clue-wagon'?" in result.stderr
    assert list(cwd.iterdir()) == []


def test_new_never_overwrites_without_force(cwd: Path) -> None:
    assert new("mine").exit_code == 0
    pack_file = cwd / "mine.yaml"
    pack_file.write_text(pack_file.read_text(encoding="utf-8") + "# my edits\n", encoding="utf-8")
    edited = pack_file.read_bytes()
    again = new("mine")
    assert again.exit_code == 2
    assert again.stdout == ""
    assert again.stderr == "mine.yaml:1:1: error: file already exists (use --force to replace it)\n"
    assert pack_file.read_bytes() == edited
    assert new("mine", "--extends", "clue-wagon").exit_code == 2
    assert pack_file.read_bytes() == edited

    forced = new("mine", "--force")
    assert forced.exit_code == 0, forced.stderr
    replaced = pack_file.read_text(encoding="utf-8")
    assert "# my edits" not in replaced
    assert "extends" not in plain_yaml(pack_file)
    assert sorted(p.name for p in cwd.iterdir()) == ["mine.yaml"]  # no temporary file left
    assert new("mine", "--extends", "clue-wagon", "--force").exit_code == 0
    assert plain_yaml(pack_file)["extends"] == "clue-wagon@^2.0.0"


def test_new_output_writes_where_it_is_told(cwd: Path) -> None:
    assert invoke(["schema", "--write", "schemas"]).exit_code == 0
    (cwd / "packs").mkdir()
    target = cwd / "packs" / "custom-name.yaml"
    result = new("mine", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert f"wrote {target}" in result.stdout
    assert not (cwd / "mine.yaml").exists()
    assert plain_yaml(target)["name"] == "mine"
    assert schema_path(target).is_file()
    assert invoke(["test", str(target), "--require-tests"]).exit_code == 0
    assert new("mine", "-o", str(target)).exit_code == 2  # -o is --output, and it exists


def test_the_scaffold_header_names_the_file_written(cwd: Path) -> None:
    assert new("mine", "--output", "custom-name.yaml").exit_code == 0
    header = [
        line
        for line in (cwd / "custom-name.yaml").read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]
    assert not any("mine.yaml" in line for line in header), header


def test_new_output_into_a_missing_folder_is_one_error_line(cwd: Path) -> None:
    result = new("mine", "--output", "nowhere/mine.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("nowhere/mine.yaml:1:1: error: cannot write")
    assert len(result.stderr.splitlines()) == 1
    assert list(cwd.iterdir()) == []


@pytest.mark.parametrize("name", ["Mine", "my_pack", "my pack", "mine.yaml", "a" * 64, "é"])
def test_new_refuses_an_invalid_name(cwd: Path, name: str) -> None:
    result = new(name)
    assert result.exit_code == 2, result.stdout
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    # A usage error, as click words one: the argument named, then the fix.
    assert result.stderr.startswith("Usage: ")
    last = result.stderr.splitlines()[-1]
    assert last.startswith(f"Error: Invalid value for 'NAME': {name!r} is not a valid pack name")
    assert list(cwd.iterdir()) == []


def test_new_refuses_a_name_that_looks_like_an_option(cwd: Path) -> None:
    result = new("--", "-mine")
    assert result.exit_code == 2
    assert "is not a valid pack name" in result.stderr
    assert list(cwd.iterdir()) == []


def test_the_longest_valid_name_is_accepted(cwd: Path) -> None:
    name = "a" * 63
    assert new(name).exit_code == 0
    assert load_pack(f"{name}.yaml").name == name


# --- followup schema -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_schema_prints_the_bundled_schema(name: str) -> None:
    result = invoke(["schema", name])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    path = ROOT / "schemas" / f"{SCHEMAS[name]}.schema.json"
    assert result.stdout == path.read_text(encoding="utf-8")
    printed = json.loads(result.stdout)
    assert printed == json.loads(path.read_text(encoding="utf-8"))
    assert printed["$id"] == f"urn:followup:schema:{SCHEMAS[name]}:1"
    jsonschema.validators.validator_for(printed).check_schema(printed)


def test_schema_pack_validates_the_built_in_packs_as_an_editor_would(tmp_path: Path) -> None:
    saved = tmp_path / "policy-pack.schema.json"
    saved.write_text(invoke(["schema", "pack"]).stdout, encoding="utf-8")
    schema = json.loads(saved.read_text(encoding="utf-8"))
    for pack_file in sorted((ROOT / "policies").glob("*.yaml")):
        jsonschema.validate(plain_yaml(pack_file), schema)
    timeline_schema = json.loads(invoke(["schema", "timeline"]).stdout)
    jsonschema.validate(plain_yaml(EXAMPLE_TIMELINE), timeline_schema)


@pytest.mark.parametrize("args", [["schema", "nope"], ["schema"], ["schema", "pack", "extra"]])
def test_schema_with_a_bad_name_is_a_usage_error(args: list[str]) -> None:
    result = invoke(args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert re.search(r"^Usage: \S+ schema ", result.stderr, re.M), result.stderr
    assert "Traceback" not in result.stderr


# --- .pre-commit-hooks.yaml ----------------------------------------------------------------------

HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"


def hooks() -> dict[str, dict[str, Any]]:
    with HOOKS_FILE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, list)
    assert all(isinstance(h, dict) for h in data)
    by_id = {h["id"]: h for h in data}
    assert len(by_id) == len(data), "hook ids repeat"
    return by_id


def test_pre_commit_hooks_file_has_the_two_hooks() -> None:
    found = hooks()
    assert set(found) == {"followup-validate", "followup-test"}
    for hook in found.values():
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"  # pre-commit pip-installs this repository
        assert hook["entry"].split()[0] == "followup"
        if "files" in hook:
            re.compile(hook["files"])
    assert found["followup-test"]["entry"] == "followup test --require-tests"
    assert found["followup-validate"]["entry"] == "followup validate"
    files = re.compile(found["followup-test"]["files"])
    assert files.search("policies/clue-wagon.yaml")
    assert files.search("config/packs/mine.yaml")
    assert not files.search("examples/timeline.yaml")


def test_the_hooks_entry_point_is_an_installed_script() -> None:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        project = tomllib.load(fh)["project"]
    assert project["scripts"]["followup"] == "followup.__main__:main"


@pytest.mark.parametrize("hook_id", ["followup-validate", "followup-test"])
def test_each_hook_entry_is_a_real_followup_command(hook_id: str) -> None:
    words = hooks()[hook_id]["entry"].split()
    command = words[1]
    if command == "validate" and "validate" not in cli.main.commands:
        pytest.skip("`followup validate` is not implemented yet")
    assert command in cli.main.commands, f"no `followup {command}`"
    options = {o for p in cli.main.commands[command].params for o in p.opts}
    for word in words[2:]:
        assert word in options, f"`followup {command}` has no option {word}"


def test_the_validate_hook_passes_a_scaffold_given_as_a_file_name(cwd: Path) -> None:
    if "validate" not in cli.main.commands:
        pytest.skip("`followup validate` is not implemented yet")
    (cwd / "packs").mkdir()
    assert new("mine", "--output", "packs/mine.yaml").exit_code == 0
    assert new("other", "--extends", "clue-wagon", "-o", "packs/other.yaml").exit_code == 0
    entry = hooks()["followup-validate"]["entry"].split()
    result = invoke([*entry[1:], "packs/mine.yaml", "packs/other.yaml"])
    assert result.exit_code == 0, (result.stdout, result.stderr)


def test_the_test_hook_passes_a_scaffold_given_as_a_file_name(cwd: Path) -> None:
    """pre-commit appends the changed files' names to the entry."""
    (cwd / "packs").mkdir()
    assert new("mine", "--output", "packs/mine.yaml").exit_code == 0
    assert new("other", "-o", "packs/other.yaml").exit_code == 0
    entry = hooks()["followup-test"]["entry"].split()
    result = invoke([*entry[1:], "packs/mine.yaml", "packs/other.yaml"])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "4 passed, 0 failed; 0 rule coverage gaps" in result.stdout


def test_the_guides_pre_commit_config_uses_the_shipped_hooks() -> None:
    text = (ROOT / "docs" / "custom-packs.md").read_text(encoding="utf-8")
    section = text[text.index("## Checking packs with pre-commit") :]
    (block,) = re.findall(r"```yaml\n(.*?)```", section, re.S)
    (repo,) = yaml.safe_load(block)["repos"]
    assert {"repo", "rev", "hooks"} <= set(repo)
    shipped = hooks()
    for hook in repo["hooks"]:
        assert hook["id"] in shipped
        if "files" in hook:
            re.compile(hook["files"])
        if "exclude" in hook:
            assert re.search(hook["exclude"], "packs/policy-pack.schema.json")
        command = shipped[hook["id"]]["entry"].split()[1]
        if command in cli.main.commands:
            options = {o for p in cli.main.commands[command].params for o in p.opts}
            assert {a for a in hook.get("args", []) if a.startswith("-")} <= options
