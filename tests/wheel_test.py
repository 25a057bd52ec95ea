"""A plain (non-editable) wheel works on its own: packs and schemas are inside it.

The editable install used for development finds policies/ and schemas/ at the project root, so
only a real wheel shows whether pyproject's force-include ships them. Building and installing
takes a few seconds; set FOLLOWUP_SKIP_WHEEL_TEST=1 to skip it locally (CI runs it).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_support import VERSIONS

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.skipif(
        bool(os.environ.get("FOLLOWUP_SKIP_WHEEL_TEST")),
        reason="FOLLOWUP_SKIP_WHEEL_TEST is set",
    ),
]

CALL_CLI = (
    "import sys; sys.argv = ['followup', *sys.argv[1:]]; import followup.__main__ as m; m.main()"
)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Build the wheel and install it, without dependencies, into a folder of its own."""
    if importlib.util.find_spec("hatchling") is None:
        pytest.fail("hatchling (the build backend) is not installed: pip install -e '.[test]'")
    base = tmp_path_factory.mktemp("wheel")
    dist, target = base / "dist", base / "target"
    started = time.perf_counter()
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = dist.glob("followup-*.whl")
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--disable-pip-version-check",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    elapsed = time.perf_counter() - started
    print(f"wheel built and installed in {elapsed:.1f}s")
    yield target


def _run(target: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Only the installed copy may be importable: PYTHONPATH puts it ahead of the editable
    # install, and the working directory is far from the checkout.
    env = {**os.environ, "PYTHONPATH": str(target), "PYTHONSAFEPATH": "1"}
    env.pop("PYTHONHOME", None)
    return subprocess.run(
        [sys.executable, "-c", CALL_CLI, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_wheel_installs_one_top_level_name(installed: Path) -> None:
    """Nothing as generic as `cli` or `engine` at the top of site-packages: only `followup`."""
    top = sorted(p.name for p in installed.iterdir() if not p.name.endswith(".dist-info"))
    assert top == ["bin", "followup"] or top == ["followup"], top
    assert sorted(
        p.name for p in (installed / "followup").iterdir() if p.name != "__pycache__"
    ) == [
        "__init__.py",
        "__main__.py",
        "carry.py",
        "cli.py",
        "cli_packs.py",
        "cli_timeline.py",
        "engine",
    ]


def test_the_installed_wheel_carries_the_durable_rules_build_for_3_13(
    installed: Path, tmp_path: Path
) -> None:
    """`python -m followup.carry`, which the message of a durable-rules that cannot import
    names, runs from the wheel (here it needs no build, or says what to give)."""
    env = {**os.environ, "PYTHONPATH": str(installed), "PYTHONSAFEPATH": "1"}

    def carry(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "followup.carry", *args]
        return subprocess.run(
            command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False, timeout=60
        )

    proc = carry()
    assert proc.returncode == 2 and "give --install" in proc.stderr, proc.stderr
    if sys.version_info < (3, 13):  # on 3.13 it would build and install into this environment
        proc = carry("--install")
        assert proc.returncode == 0 and "nothing to carry" in proc.stdout, proc.stderr


def test_the_installed_cli_imports_the_installed_engine(installed: Path) -> None:
    text = (installed / "followup" / "cli.py").read_text(encoding="utf-8")
    assert "from followup.engine" in text
    assert "\nfrom engine" not in text and " from engine" not in text


def test_wheel_contents(installed: Path) -> None:
    data = installed / "followup" / "engine" / "_data"
    assert sorted(p.name for p in (data / "policies").iterdir()) == [
        "3x3-networking.yaml",
        "career-pivot.yaml",
        "clue-wagon.yaml",
        "mason-group.yaml",
        "wise-job-search.yaml",
    ]
    assert sorted(p.name for p in (data / "schemas").iterdir()) == [
        "batch.schema.json",
        "compare.schema.json",
        "policy-pack.schema.json",
        "population.schema.json",
        "report.schema.json",
        "simulation.schema.json",
        "simulations.schema.json",
        "timeline.schema.json",
    ]
    assert (installed / "followup" / "cli.py").is_file()
    cli_modules = ("cli.py", "cli_packs.py", "cli_timeline.py")
    for name in ("policies", "schemas", "tests", "examples", *cli_modules, "engine"):
        assert not (installed / name).exists(), name


def test_installed_wheel_lists_the_five_packs(installed: Path, tmp_path: Path) -> None:
    proc = _run(installed, tmp_path, "packs", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [(r["name"], r["version"]) for r in rows] == sorted(VERSIONS.items())
    table = _run(installed, tmp_path, "packs")
    assert table.returncode == 0, table.stderr
    assert "clue-wagon" in table.stdout and "3x3-networking" in table.stdout


def test_installed_wheel_imports_from_the_target(installed: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(installed), "PYTHONSAFEPATH": "1"}
    code = (
        "import json, followup.cli as cli, followup.engine as engine; "
        "import followup.engine.io.resources as r; "
        "print(json.dumps([engine.__file__, cli.__file__, str(r.data_dir('policies')), "
        "str(r.data_dir('schemas'))]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    for path in json.loads(proc.stdout):
        assert Path(path).resolve().is_relative_to(installed.resolve()), path


def test_installed_wheel_runs_a_timeline(installed: Path, tmp_path: Path) -> None:
    timeline = tmp_path / "timeline.yaml"
    shutil.copy(ROOT / "examples" / "timeline.yaml", timeline)
    proc = _run(
        installed,
        tmp_path,
        "run",
        "timeline.yaml",
        "--pack",
        "clue-wagon",
        "--as-of",
        "2026-11-21",
        "--format",
        "json",
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    acme = next(a for a in report["applications"] if a["id"] == "acme-pm")
    assert [(r["rule"], r["due"]) for r in acme["recommendations"]] == [
        ("post-interview-email", "2026-11-25")
    ]
    table = _run(
        installed,
        tmp_path,
        "run",
        "timeline.yaml",
        "--pack",
        "3x3-networking@2.0.0",
        "--as-of",
        "2026-11-21",
    )
    assert table.returncode == 0, table.stderr
    assert table.stdout.startswith("3x3-networking 2.0.0: ")


def test_installed_wheel_reports_errors_in_one_line(installed: Path, tmp_path: Path) -> None:
    proc = _run(installed, tmp_path, "run", "missing.yaml", "--pack", "clue-wagon")
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert "missing.yaml:1:1: error: no such file" in proc.stderr
    # A mistyped name is a usage error, suggesting the built-in packs the wheel holds.
    proc = _run(installed, tmp_path, "run", "missing.yaml", "--pack", "clue-wagn")
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--pack': no pack named 'clue-wagn' (did you mean 'clue-wagon'?)"
    )


def test_installed_wheel_version(installed: Path, tmp_path: Path) -> None:
    proc = _run(installed, tmp_path, "--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("followup, version ")


def test_installed_wheel_writes_the_html_page_from_its_own_templates(
    installed: Path, tmp_path: Path
) -> None:
    templates = installed / "followup" / "engine" / "present" / "templates"
    assert sorted(p.name for p in templates.iterdir()) == ["page.css", "page.html.j2"]
    shutil.copy(ROOT / "examples" / "timeline.yaml", tmp_path / "timeline.yaml")
    proc = _run(installed, tmp_path, "compare", "timeline.yaml", "--all", "--as-of", "2026-11-21",
                "--format", "html")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("<!DOCTYPE html>") and "hooli-eng" in proc.stdout
