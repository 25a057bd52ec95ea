"""The checker: every way a case's runs break the CLI's contract."""

from __future__ import annotations

import json
import re
import signal
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from .child import RunResult, unsafe_chars
from .model import Case
from .paths import ROOT
from .rules import ALLOWED_EXIT, ALLOWED_EXIT_FAIL_ON_CHANGE, LOCATED, OPTION_ERROR, TRACEBACK

# Issue 8, item 8: terminal control characters never reach human-readable output. Part of the
# contract; the switch exists so that the rest of the campaign can be run on its own.
CHECK_CONTROL_CHARS = True


# The same for what goes to stderr: error messages quote the offending value, and stderr is a
# terminal too.
CHECK_CONTROL_CHARS_IN_STDERR = True


# Issue 8, item 9: untrusted text is escaped in every Markdown output, HTML and links included.
CHECK_MARKDOWN_ESCAPES = True


CATEGORIES = (
    "traceback",
    "exit 3",
    "signal",
    "timeout",
    "unexpected exit code",
    "unlocated error",
    "mislocated error",
    "changed input",
    "stray file",
    "nondeterministic output",
    "control characters in stdout",
    "control characters in stderr",
    "unescaped markdown",
    "echoed file content",
    "invalid json",
    "harness error",
)


@dataclass(frozen=True)
class Violation:
    category: str
    signature: str  # what makes two violations the same bug, for counting distinct ones
    detail: str


def _shape(text: str) -> str:
    """A message with its data taken out: quoted values, numbers and paths, so that one bug
    met with different values counts once."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", text)
    text = re.sub(r"[0-9]+", "0", text)
    return text[:120]


def _yaml_lines(data: bytes) -> int | None:
    """How many lines YAML sees in the file (it breaks lines at CR, NEL, LS and PS too)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return len(re.findall("\r\n|[\n\r\x85\u2028\u2029]", text)) + 1


def _location_violations(case: Case, path: str, line: int, what: str) -> list[Violation]:
    data = dict(case.files).get(path)
    count = _yaml_lines(data) if data is not None else None
    # One past the last line is where a parser meets the end of a file that lacks a final
    # newline: a fair place for "expected ... but found end of stream".
    if count is None or 1 <= line <= count + 1:
        return []
    return [
        Violation(
            "mislocated error",
            f"{case.command}: line outside the file",
            f"{what[:300]} (the file has {count} lines)",
        )
    ]


def _error_lines(case: Case, text: str, rc: int, where: str) -> tuple[int, list[Violation]]:
    """Count the located error lines of TEXT; every other line that says `error:` is a
    violation, and so is, on exit 2, any line that is neither an error nor a warning."""
    errors = 0
    found: list[Violation] = []
    for line in (line for line in text.split("\n") if line):
        match = LOCATED.match(line)
        if match:
            errors += match["severity"] == "error"
            found += _location_violations(case, match["path"], int(match["line"]), line)
        elif line.startswith(OPTION_ERROR):
            errors += 1
        elif "error:" in line.lower():
            found.append(
                Violation("unlocated error", f"{case.command}: {_shape(line)}", line[:300])
            )
        elif rc == 2 and where == "stderr":  # README: a failure is one line on stderr
            found.append(
                Violation("unlocated error", f"{case.command}: stray line on exit 2", line[:300])
            )
    return errors, found


def _validate_json_findings(case: Case, out: str) -> tuple[int, list[Violation]]:
    try:
        files = json.loads(out)
    except ValueError:
        return 0, []  # reported as invalid json
    errors = 0
    found: list[Violation] = []
    for entry in files if isinstance(files, list) else []:
        for finding in entry.get("findings", []):
            line, col = finding.get("line"), finding.get("col")
            if not (isinstance(line, int) and isinstance(col, int)):
                found.append(
                    Violation("unlocated error", "validate: a finding without line and col",
                              json.dumps(finding)[:300])
                )  # fmt: skip
                continue
            errors += finding.get("severity") == "error"
            found += _location_violations(case, entry.get("path", ""), line, json.dumps(finding))
    return errors, found


def _stderr_violations(case: Case, run: RunResult) -> list[Violation]:
    err = run.stderr.decode("utf-8", errors="replace")
    cmd = case.command
    if err.startswith("Usage: "):  # click's usage error: Usage, Try, a blank line, Error: ...
        if any(line.startswith("Error: ") for line in err.split("\n")):
            return []
        return [Violation("unlocated error", f"{cmd}: usage without Error:", err[:300])]
    errors, found = _error_lines(case, err, run.rc, "stderr")
    if cmd == "validate":
        # validate reports every finding on stdout, located; stderr is for what stops it.
        out = run.stdout.decode("utf-8", errors="replace")
        if case.fmt == "json":
            more, extra = _validate_json_findings(case, out)
        else:
            more, extra = _error_lines(case, out, run.rc, "stdout")
        found += extra
        if run.rc == 2 and errors + more == 0 and not found:
            found.append(Violation("unlocated error", "validate: exit 2 with no error", err[:300]))
        return found
    if run.rc == 2 and errors != 1 and not found:
        found.append(
            Violation("unlocated error", f"{cmd}: exit 2 with {errors} error lines", err[:300])
        )
    return found


_FRAME = re.compile(r'File "(?P<file>[^"]+)", line [0-9]+, in (?P<func>\S+)')


def _where(traceback_text: str) -> str:
    """Where a traceback ends, and the last followup frame on the way: what names a bug."""
    frames = [(Path(m["file"]), m["func"]) for m in _FRAME.finditer(traceback_text)]
    if not frames:
        return ""

    def name(frame: tuple[Path, str]) -> str:
        path, func = frame
        return f"{'/'.join(path.parts[-2:])}:{func}"

    ours = [f for f in frames if ROOT in f[0].parents and ".venv" not in f[0].parts]
    where = name(frames[-1])
    if ours and ours[-1] != frames[-1]:
        where += f" via {name(ours[-1])}"
    return f" in {where}"


def _internal_error_kind(err: str, log: str = "") -> str:
    """The exception type and where it was raised, whatever the values in its message."""
    match = re.search(r"internal error \(([A-Za-z_.]+)", err)
    if match:
        return match[1] + _where(log)
    if TRACEBACK in err:
        last = [line for line in err.split("\n") if line.strip()]
        return last[-1].split(":")[0][:60] + _where(err)
    last = [line for line in err.split("\n") if line.strip()]
    return _shape(last[-1]) if last else "?"


def check(case: Case, runs: Sequence[RunResult]) -> list[Violation]:
    """Every way the runs of `case` break the CLI's contract."""
    found = _check(case, runs)
    if case.odd_names:  # a hostile file name is its own way in: keep its findings apart
        found = [replace(v, signature=f"[odd file name] {v.signature}") for v in found]
    return found


ECHO_LIMIT = 48  # issue 8 item 12: a short excerpt is fine, a file's content is not


@cache
def _windows(path: str) -> frozenset[str]:
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")[:4096]
    except OSError:
        return frozenset()
    return frozenset(text[i : i + ECHO_LIMIT] for i in range(max(0, len(text) - ECHO_LIMIT)))


def _echoes(err: str, path: str) -> bool:
    """Whether ERR quotes more than ECHO_LIMIT characters of the file at PATH in a row."""
    windows = _windows(path)
    return any(err[i : i + ECHO_LIMIT] in windows for i in range(len(err) - ECHO_LIMIT + 1))


def _check(case: Case, runs: Sequence[RunResult]) -> list[Violation]:
    run = runs[0]
    cmd = f"{case.command} --format {case.fmt}" if case.command != "draft" else "draft"
    if run.harness_error:
        return [Violation("harness error", run.harness_error[:80], run.harness_error)]
    if run.timed_out:
        return [Violation("timeout", f"{cmd}", f"no end after {run.seconds:.1f} s")]
    out = run.stdout.decode("utf-8", errors="replace")
    err = run.stderr.decode("utf-8", errors="replace")
    found: list[Violation] = []
    if TRACEBACK in out or TRACEBACK in err:
        kind = _internal_error_kind(err if TRACEBACK in err else out)
        found.append(Violation("traceback", kind, err[-1500:] or out[-1500:]))
    if run.rc < 0:
        name = signal.Signals(-run.rc).name if -run.rc in signal.valid_signals() else str(run.rc)
        found.append(Violation("signal", f"{cmd}: {name}", err[-500:]))
        return found
    if run.rc == 3:
        kind = _internal_error_kind(err, run.crash_log)
        found.append(Violation("exit 3", kind, f"{cmd}: {err[-300:]}\n{run.crash_log[-1500:]}"))
    else:
        allowed = ALLOWED_EXIT[case.command]
        if "--fail-on-change" in case.argv:
            allowed = ALLOWED_EXIT_FAIL_ON_CHANGE
        if run.rc not in allowed:
            found.append(
                Violation("unexpected exit code", f"{cmd}: exit {run.rc}", err[-500:] or out[:300])
            )
        if TRACEBACK not in err:
            found.extend(_stderr_violations(case, run))
    for change in run.changed:
        found.append(Violation("changed input", f"{cmd}: {change.split()[-1]}", change))
    for name in run.stray:
        found.append(Violation("stray file", f"{cmd}: stray file", name))
    # Whatever the exit code: validate prints its findings, quoting the file, and fails.
    if CHECK_CONTROL_CHARS and run.unsafe_stdout:
        chars = ", ".join(run.unsafe_stdout)
        found.append(
            Violation("control characters in stdout", f"{cmd}: {run.unsafe_stdout[0]}", chars)
        )
    if CHECK_CONTROL_CHARS_IN_STDERR and run.rc != 3:
        unsafe = unsafe_chars(run.stderr, "text")
        if unsafe:
            found.append(
                Violation("control characters in stderr", f"{case.command}: {unsafe[0]}", err[:300])
            )
    if CHECK_MARKDOWN_ESCAPES and run.raw_markup:
        found.append(
            Violation("unescaped markdown", f"{cmd}: {run.raw_markup[0]}", str(run.raw_markup))
        )
    if "/etc/passwd" in case.argv and _echoes(err, "/etc/passwd"):
        found.append(Violation("echoed file content", "/etc/passwd", err[:300]))
    if run.json_error and run.rc in (0, 1):
        kind = run.json_error.split(":")[0]
        found.append(Violation("invalid json", f"{cmd}: {kind}", run.json_error))
    if len(runs) > 1:
        found += _compare_runs(case, run, runs[1], cmd)
    return found


def _compare_runs(case: Case, run: RunResult, again: RunResult, cmd: str) -> list[Violation]:
    """The second run differs in what must not matter: process, hash seed, machine time
    zone, and (when the case says so) a cache tampered with or no cache at all."""
    if again.timed_out or (run.rc, run.stdout_digest, run.stderr_digest) == (
        again.rc,
        again.stdout_digest,
        again.stderr_digest,
    ):
        return []
    why = [f"TZ {case.timezones[0]} then {case.timezones[1]}"]
    signature = cmd
    if run.tamper_note:
        why.append(f"first run over a tampered cache: {run.tamper_note}")
        signature += " over a tampered cache"
    if case.replay_env:
        why.append(f"second run with {dict(case.replay_env)}")
    detail = (
        f"exit {run.rc} then {again.rc}; stdout {run.stdout_digest[:12]} then "
        f"{again.stdout_digest[:12]}; stderr {run.stderr_digest[:12]} then "
        f"{again.stderr_digest[:12]} ({'; '.join(why)})"
    )
    return [Violation("nondeterministic output", signature, detail)]
