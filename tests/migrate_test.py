"""`followup migrate` (engine/load/migrate.py, engine/commands/migrate.py): format-1 packs
rewritten as format 2, in place with a backup or to --output, meaning unchanged."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_support import EXAMPLE_TIMELINE, POLICIES, WORKED_EXAMPLE, assert_one_error_line, invoke
from hypothesis import given, settings
from strategies import COMMON_SETTINGS, load_timeline_doc, pack_docs, timeline_docs_with_as_of

from engine import builtin_pack_names, evaluate, load_pack, load_timeline
from engine.io import roundtrip
from engine.load.formats import FORMAT_1_MEANING
from engine.load.migrate import migrate_text

BUILTINS = builtin_pack_names()
# The built-ins still written in format 1, which migrate must rewrite keeping their meaning; a
# built-in already in format 2 has nothing to migrate (tested below).
FORMAT_1_BUILTINS = [name for name in BUILTINS if load_pack(name).format == 1]
FORMAT_2_BUILTINS = [name for name in BUILTINS if name not in FORMAT_1_BUILTINS]


class _NoAliases(yaml.SafeDumper):
    """A generated document shares lists between rules: write each out in full."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _outcome(pack: Any, timeline: Any, as_of: Any) -> Any:
    report = evaluate(pack, timeline, as_of)
    return report.applications, report.audit


@pytest.mark.parametrize("name", FORMAT_1_BUILTINS)
def test_a_migrated_builtin_passes_its_tests_and_advises_the_same(
    name: str, tmp_path: Path
) -> None:
    out = tmp_path / f"{name}.yaml"
    result = invoke(["migrate", name, "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stdout
    migrated, original = load_pack(out), load_pack(name)
    assert (migrated.format, original.format) == (2, 1)
    assert invoke(["test", str(out), "--require-tests"]).exit_code == 0
    for timeline in (EXAMPLE_TIMELINE, WORKED_EXAMPLE):
        tl = load_timeline(timeline)
        for day in ("2026-11-10", "2026-11-21", "2026-12-15", "2027-02-01"):
            as_of = dt.date.fromisoformat(day)
            assert _outcome(migrated, tl, as_of) == _outcome(original, tl, as_of)


@pytest.mark.parametrize("name", FORMAT_1_BUILTINS)
def test_migration_changes_only_the_lines_it_says(name: str) -> None:
    text = (POLICIES / f"{name}.yaml").read_text(encoding="utf-8")
    m = migrate_text(text, name)
    before, after = text.splitlines(), m.after.splitlines()
    removed = [line for line in before if line not in after]
    assert removed == ["pack_format: 1"]
    assert "pack_format: 2" in after
    added = len(after) - len(before)
    assert added == len(m.changes) - 1  # one line per kept key, and the format line replaced


@pytest.mark.parametrize("name", FORMAT_2_BUILTINS)
def test_a_format_2_builtin_has_nothing_to_migrate(name: str) -> None:
    result = invoke(["migrate", "--check", str(POLICIES / f"{name}.yaml")])
    assert result.exit_code == 0, result.output


def test_every_kept_key_is_a_key_of_the_schema() -> None:
    from engine.load.packs import rule_settings

    for kept in FORMAT_1_MEANING:
        assert ".".join(kept.path) in rule_settings(), kept


@settings(COMMON_SETTINGS, max_examples=15)  # each case loads, rewrites and compiles twice
@given(pack_docs(), timeline_docs_with_as_of())
def test_a_migrated_pack_advises_what_the_original_does(doc: Any, case: Any) -> None:
    text = yaml.dump(doc, Dumper=_NoAliases, sort_keys=False)
    m = migrate_text(text, "random.yaml")
    original = load_pack_text(text)
    migrated = load_pack_text(m.after)
    assert migrated.format == 2
    timeline_doc, as_of = case
    tl = load_timeline_doc(timeline_doc)
    assert _outcome(migrated, tl, as_of) == _outcome(original, tl, as_of)


def load_pack_text(text: str) -> Any:
    from engine.io import safeyaml
    from engine.load.packs import pack_from_document

    return pack_from_document(safeyaml.loads(text, "random.yaml"))


def test_round_trip_keeps_every_builtin_byte_for_byte() -> None:
    for path in sorted(POLICIES.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert roundtrip.dump(roundtrip.load(text)) == text, path


# --- the command -------------------------------------------------------------------------------


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    path = tmp_path / "mine.yaml"
    text = (POLICIES / "clue-wagon.yaml").read_text(encoding="utf-8")
    path.write_text("# my own notes stay\n" + text, encoding="utf-8")
    return path


def test_in_place_keeps_a_backup_and_the_comments(pack: Path) -> None:
    original = pack.read_text(encoding="utf-8")
    result = invoke(["migrate", str(pack)])
    assert result.exit_code == 0, result.output
    assert f"migrated {pack} (backup: {pack}.bak)" in result.stdout
    assert "pack_format: 1 -> 2" in result.stdout
    assert Path(f"{pack}.bak").read_text(encoding="utf-8") == original
    text = pack.read_text(encoding="utf-8")
    assert text.startswith("# my own notes stay\n") and "\npack_format: 2\n" in text
    again = invoke(["migrate", str(pack)])
    assert again.exit_code == 0 and again.stdout == f"{pack}: up to date\n"


def test_an_old_backup_is_never_overwritten_without_force(pack: Path) -> None:
    backup = Path(f"{pack}.bak")
    backup.write_text("precious\n", encoding="utf-8")
    before = pack.read_text(encoding="utf-8")
    result = invoke(["migrate", str(pack)])
    assert_one_error_line(result)
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert backup.read_text(encoding="utf-8") == "precious\n"
    assert pack.read_text(encoding="utf-8") == before
    assert invoke(["migrate", str(pack), "--force"]).exit_code == 0
    assert backup.read_text(encoding="utf-8") == before


def test_check_and_diff_write_nothing(pack: Path) -> None:
    before = pack.read_text(encoding="utf-8")
    n = len(migrate_text(before, str(pack)).changes)
    check = invoke(["migrate", "--check", str(pack)])
    assert check.exit_code == 1 and check.stdout == f"{pack}: would migrate ({n} changes)\n"
    diff = invoke(["migrate", "--diff", str(pack)])
    assert diff.exit_code == 1
    assert "-pack_format: 1\n+pack_format: 2\n" in diff.stdout
    assert pack.read_text(encoding="utf-8") == before
    assert not Path(f"{pack}.bak").exists()
    invoke(["migrate", str(pack)])
    assert invoke(["migrate", "--check", str(pack)]).exit_code == 0
    assert invoke(["migrate", "--diff", str(pack)]).stdout == ""


def test_a_builtin_is_never_edited_in_place() -> None:
    before = (POLICIES / "clue-wagon.yaml").read_bytes()
    result = invoke(["migrate", "clue-wagon"])
    assert result.exit_code == 2
    assert "built-in pack" in result.stderr and "--output" in result.stderr
    assert (POLICIES / "clue-wagon.yaml").read_bytes() == before


def test_output_to_stdout_and_never_over_a_file(pack: Path, tmp_path: Path) -> None:
    printed = invoke(["migrate", str(pack), "-o", "-"])
    assert printed.exit_code == 0 and "\npack_format: 2\n" in printed.stdout
    taken = tmp_path / "taken.yaml"
    taken.write_text("keep\n", encoding="utf-8")
    result = invoke(["migrate", str(pack), "-o", str(taken)])
    assert_one_error_line(result)
    assert taken.read_text(encoding="utf-8") == "keep\n"
    assert invoke(["migrate", str(pack), "-o", str(taken), "--force"]).exit_code == 0
    assert "pack_format: 2" in taken.read_text(encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_never_writes_over_a_special_file(pack: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = invoke(["migrate", str(pack), "-o", str(fifo), "--force"])
    assert_one_error_line(result)
    assert "not a regular file" in result.stderr


def test_a_link_to_a_pack_stays_a_link(pack: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(pack)
    assert invoke(["migrate", str(link)]).exit_code == 0
    assert link.is_symlink() and "pack_format: 2" in pack.read_text(encoding="utf-8")


def test_a_broken_pack_is_an_error_at_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("pack_format: 1\nname: x\nversion: 1.0.0\nrules: 7\n", encoding="utf-8")
    result = invoke(["migrate", str(bad)])
    match = assert_one_error_line(result)
    assert match["path"] == str(bad)
    assert not Path(f"{bad}.bak").exists()


def test_usage_errors() -> None:
    assert invoke(["migrate"]).exit_code == 2
    assert invoke(["migrate", "a.yaml", "b.yaml", "-o", "c.yaml"]).exit_code == 2
    assert invoke(["migrate", "--check", "--diff", "clue-wagon"]).exit_code == 2
    missing = invoke(["migrate", "no-such-pack"])
    assert missing.exit_code == 2 and "no-such-pack" in missing.stderr


def test_a_derived_pack_with_overrides_migrates_and_means_the_same(tmp_path: Path) -> None:
    """An override keeps the defaults of the rule's own pack (format 1 here), so migrating the
    derived pack writes the kept keys into its own rules only, and its advice is the same."""
    derived = tmp_path / "my-wagon.yaml"
    derived.write_text(
        "pack_format: 1\nname: my-wagon\nversion: 0.1.0\ntitle: t\nextends: clue-wagon@^1.0.0\n"
        "override:\n  - id: post-interview-email\n    timing:\n      after: {business_days: 5}\n"
        "rules:\n  - id: my-thanks\n    when: {anchor: interview}\n"
        "    timing: {after: {days: 1}}\n"
        "    action: {kind: thank_you, channel: email, recipient: anchor_contact}\n"
        '    cite: "Say thanks."\n',
        encoding="utf-8",
    )
    before = load_pack(derived)
    result = invoke(["migrate", str(derived)])
    assert result.exit_code == 0, result.output
    after = load_pack(derived)
    assert after.format == 2
    overridden = next(r for r in after.rules if r.id == "post-interview-email")
    assert overridden.timing.count_early and not overridden.action.match_recipient
    tl = load_timeline(EXAMPLE_TIMELINE)
    for day in ("2026-11-21", "2026-12-15"):
        as_of = dt.date.fromisoformat(day)
        assert _outcome(after, tl, as_of) == _outcome(before, tl, as_of)
