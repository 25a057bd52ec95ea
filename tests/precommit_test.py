"""The pre-commit hooks as another repository runs them (issue 17): `pre-commit try-repo` with
this checkout, in a scratch git repository holding a good pack, a pack with a schema error, a
pack with a failing test case and a timeline; each hook's output names every bad file.

try-repo builds a virtualenv with the hooks' Python (.pre-commit-hooks.yaml) and pip-installs
the checkout into it, which takes seconds and needs a package index: one test drives both
hooks, and it is skipped, saying why, where there is no such Python or no index. The checkout
given to try-repo is a temporary clone holding the working tree as it is (uncommitted changes
and new files too), committed there, never in this repository. Set
FOLLOWUP_SKIP_PRECOMMIT_TEST=1 to skip it locally.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cli_support import EXAMPLE_TIMELINE, ROOT

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("FOLLOWUP_SKIP_PRECOMMIT_TEST")),
    reason="FOLLOWUP_SKIP_PRECOMMIT_TEST is set",
)

GIT_ENV = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}

GOOD = """\
pack_format: 1
name: {name}
version: 0.1.0
title: A good pack
source: {{author: Test Author, title: Test article, publication: test notes}}
rules:
  - id: nudge
    when:
      anchor: application_submitted
    timing:
      after: {{business_days: 3}}
    stop_when: [reply_received]
    action: {{kind: follow_up, channel: email, recipient: hiring_manager}}
    cite: "Follow up three business days after applying."
tests:
  - name: the nudge
    as_of: "2026-11-05"
    events:
      - {{date: 2026-11-02, type: application_submitted}}
    expect:
      - {{rule: nudge, status: due, due: "{due}"}}
  - name: a reply ends it
    as_of: "2026-11-05"
    events:
      - {{date: 2026-11-02, type: application_submitted}}
      - {{date: 2026-11-03, type: reply_received, with: hm}}
    absent:
      - {{rule: nudge}}
"""


def _run(
    args: list[str], cwd: Path, stdin: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        input=stdin,
        env={**os.environ, **GIT_ENV, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def _git(cwd: Path, *args: str) -> None:
    done = _run(["git", *args], cwd)
    assert done.returncode == 0, done.stdout + done.stderr


def _checkout_as_it_is(target: Path) -> Path:
    """A clone of this repository holding its working tree as it is, committed there."""
    _git(ROOT.parent, "clone", "-q", "--no-hardlinks", str(ROOT), str(target))
    _git(target, "rm", "-rq", "--cached", ".")
    listed = _run(["git", "ls-files", "-co", "--exclude-standard", "-z"], ROOT)
    assert listed.returncode == 0, listed.stderr
    names = [n for n in listed.stdout.split("\0") if n and (ROOT / n).is_file()]
    for name in names:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    add = ["git", "add", "-f", "--pathspec-from-file=-", "--pathspec-file-nul"]
    added = _run(add, target, "\0".join(names))
    assert added.returncode == 0, added.stderr
    _git(target, "commit", "-q", "--allow-empty", "-m", "the working tree, for try-repo")
    return target


def _skip_without_an_index(python: str, scratch: Path) -> None:
    """try-repo's pip install needs an index (pip's own configuration says which)."""
    probe = _run(
        [python, "-m", "pip", "download", "--no-deps", "-q", "-d", str(scratch), "click"],
        scratch,
    )
    if probe.returncode != 0:
        said = (probe.stderr.strip().splitlines() or ["(nothing said)"])[-1]
        pytest.skip(f"pre-commit cannot install the hooks: pip reaches no package index: {said}")


def _hooks_run(checkout: Path, repo: Path, files: list[str]) -> dict[str, str]:
    """Both hooks, as try-repo runs every hook of the checkout (one environment, installed
    once): each hook's output, by its name."""
    done = _run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(checkout), "--files", *files],
        repo,
        PRE_COMMIT_HOME=str(repo.parent / "pre-commit-home"),
    )
    output = done.stdout + done.stderr
    assert "An unexpected error has occurred" not in output, output
    assert done.returncode == 1, output  # pre-commit's "a hook failed"
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    starts = {h["name"]: output.find(f"{h['name']}...") for h in hooks}
    assert all(at >= 0 for at in starts.values()), output
    ends = sorted([*starts.values(), len(output)])
    return {name: output[at : ends[ends.index(at) + 1]] for name, at in starts.items()}


def test_both_hooks_under_pre_commit_name_every_bad_file(tmp_path: Path) -> None:
    if importlib.util.find_spec("pre_commit") is None:
        pytest.fail("pre-commit is not installed: pip install -r requirements.lock")
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    python = hooks[0]["language_version"]
    if shutil.which(python) is None or shutil.which("git") is None:
        pytest.skip(f"pre-commit needs git and {python}, the hooks' Python, on PATH")
    (tmp_path / "probe").mkdir()
    _skip_without_an_index(python, tmp_path / "probe")
    checkout = _checkout_as_it_is(tmp_path / "followup")

    repo = tmp_path / "repo"
    (repo / "packs").mkdir(parents=True)
    (repo / "timelines").mkdir()
    # Monday 2026-11-02 + 3 business days is Thursday 2026-11-05.
    (repo / "packs" / "good.yaml").write_text(GOOD.format(name="good", due="2026-11-05"))
    (repo / "packs" / "failing.yaml").write_text(GOOD.format(name="failing", due="2026-11-06"))
    schema_error = GOOD.format(name="schema-error", due="2026-11-05")
    schema_error = schema_error.replace("version: 0.1.0", "version: 1")
    (repo / "packs" / "schema-error.yaml").write_text(schema_error)
    # A timeline kept among the packs: validate takes it, test says it is no pack.
    shutil.copy(EXAMPLE_TIMELINE, repo / "packs" / "timeline.yaml")
    bad_timeline = EXAMPLE_TIMELINE.read_text(encoding="utf-8").replace("version: 1", "version: 2")
    (repo / "timelines" / "bad.yaml").write_text(bad_timeline)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    files = sorted(str(p.relative_to(repo)) for p in repo.rglob("*.yaml"))
    ran = _hooks_run(checkout, repo, files)

    validated = ran["validate followup packs and timelines"]
    assert "- exit code: 1" in validated, validated
    assert "packs/schema-error.yaml:3:10: error: " in validated, validated
    assert "timelines/bad.yaml:4:10: error: " in validated, validated
    for fine in ("packs/good.yaml", "packs/failing.yaml", "packs/timeline.yaml"):
        assert not re.search(rf"{fine}:[0-9]+:[0-9]+: error", validated), validated

    tested = ran["run followup pack tests"]
    assert "packs/schema-error.yaml:3:10: error: " in tested, tested
    assert "FAIL  the nudge" in tested and "packs/failing.yaml:" in tested, tested
    assert "packs/timeline.yaml:" in tested and "this is a timeline, not a pack" in tested, tested
    assert "timelines/bad.yaml" not in tested  # not a pack folder: the hook is not given it
    assert "- exit code: 2" in tested, tested
