"""Helpers for the tests that drive the `followup` command line in-process with click's CliRunner.

Not a test module (pytest collects `*_test.py` only); the CLI, acceptance and example-file tests
import it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from click.testing import CliRunner, Result

import cli
from engine.io import resources

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
POLICIES = ROOT / "policies"
EXAMPLE_TIMELINE = EXAMPLES / "timeline.yaml"
WORKED_EXAMPLE = EXAMPLES / "worked-example.yaml"

# `path:line:col: error: message`, where the path may itself contain colons (never on Linux
# in practice, but a Windows drive letter would).
ERROR_LINE = re.compile(r"^(?P<path>.+):(?P<line>[0-9]+):(?P<col>[0-9]+): error: (?P<message>.+)$")

PENDING = ("upcoming", "due", "overdue")
QUIET_ENV: dict[str, str | None] = dict.fromkeys(
    ("COLUMNS", "NO_COLOR", "FOLLOWUP_PACK", "FOLLOWUP_TIMELINE")
)


def invoke(
    args: Sequence[str], env: Mapping[str, str | None] | None = None, stdin: str | None = None
) -> Result:
    """Run `followup ARGS` in-process; SystemExit codes end up in result.exit_code. The
    variables that change what followup prints are unset unless `env` sets them: a test must
    not depend on the terminal or the shell it runs from (pytest-xdist sets COLUMNS)."""
    runner = CliRunner(env={**QUIET_ENV, **(env or {})})
    return runner.invoke(cli.main, list(args), input=stdin, catch_exceptions=True)


def run_json(timeline: str | Path, pack: str | Path, as_of: str, *extra: str) -> dict[str, Any]:
    """`followup run --format json`, checked to succeed and to match the report schema."""
    result = invoke(
        ["run", str(timeline), "--pack", str(pack), "--as-of", as_of, "--format", "json", *extra]
    )
    assert result.exit_code == 0, (result.exit_code, result.stderr, result.exception)
    assert result.stderr == ""
    report: dict[str, Any] = json.loads(result.stdout)
    validate_report(report)
    return report


@cache
def _report_validator() -> Any:
    schema = resources.schema("report")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_report(report: Any) -> None:
    _report_validator().validate(report)


def recommendations(report: Mapping[str, Any], app_id: str) -> list[dict[str, Any]]:
    for app in report["applications"]:
        if app["id"] == app_id:
            recs: list[dict[str, Any]] = app["recommendations"]
            return recs
    raise AssertionError(f"no application {app_id!r} in the report")


def pending(recs: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [r for r in recs if r["status"] in PENDING]


def assert_one_error_line(result: Result, *, exit_code: int = 2) -> re.Match[str]:
    """The documented failure shape: an exit code and one `path:line:col: error:` line."""
    assert result.exit_code == exit_code, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stderr.endswith("\n")
    match = ERROR_LINE.match(lines[0])
    assert match is not None, lines[0]
    return match


# Each built-in pack's version: a change to its rules or their wording bumps it (CHANGELOG.md);
# its own tests may change without one.
VERSIONS = {
    "3x3-networking": "2.0.0",
    # 2.0.0: pack_format 2; align stays in the window; asking at the interview expires; a check-in
    "career-pivot": "2.0.0",
    "clue-wagon": "2.0.0",
    # 2.0.0: pack_format 2; "still deciding" no longer ends a chase; early check-ins 4-6 days
    "mason-group": "2.0.0",
    # 2.0.0: pack_format 2; a "still deciding" reply no longer ends a chase; contacts chased 3 times
    "wise-job-search": "2.0.0",
}


def as_json(path: Path) -> str:
    """A YAML timeline's data as JSON text."""
    import yaml

    return json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str)


def mixed_files(folder: Path) -> None:
    """Into `folder`: good YAML and JSON timelines, malformed YAML and a schema error (the
    batch and cluster tests' corpora start so)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a-good.yaml").write_bytes(EXAMPLE_TIMELINE.read_bytes())
    (folder / "b-good.json").write_text(as_json(WORKED_EXAMPLE), encoding="utf-8")
    (folder / "c-malformed.yaml").write_text("version: [1,\n", encoding="utf-8")
    text = EXAMPLE_TIMELINE.read_text(encoding="utf-8")
    (folder / "d-schema.yaml").write_text(text.replace("type: interview", "type: intervew", 1))


def assert_usage_error(result: Result, param: str) -> str:
    """click's shape for a bad value of `param` (`--pack`, `PACK`): exit 2, Usage, then
    `Error: Invalid value for 'PARAM': ...`, nothing on stdout; the message after that."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Usage: "), result.stderr
    last = result.stderr.splitlines()[-1]
    lead = f"Error: Invalid value for '{param}': "
    assert last.startswith(lead), result.stderr
    return last.removeprefix(lead)
