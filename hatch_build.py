"""Build the wheel as one package, `followup`, that no other distribution's names can collide with.

The source layout is fixed: the library is `engine/` and the command line `cli.py`, both at the
project root, where the tests and an editable install import them as `engine` and `cli`. A wheel
must not install modules under names that generic, so it carries them as `followup.engine` and
`followup.cli`. The engine imports itself relatively and needs no change; cli.py imports the
engine absolutely (`from engine... import ...`), so the wheel gets a copy of cli.py with those
imports pointed at `followup.engine`. The build fails if any import of `engine` is left over.

Editable installs put the project root on sys.path instead (dev-mode-dirs), where `followup`,
`cli` and `engine` are all found as they are.
"""

from __future__ import annotations

import ast
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

_FROM_ENGINE = re.compile(r"^(\s*)from engine(\.|\s)", re.MULTILINE)


def rewrite_cli(text: str) -> str:
    """cli.py as it runs inside the `followup` package; ValueError if an import is missed."""
    rewritten = _FROM_ENGINE.sub(r"\1from followup.engine\2", text)
    for node in ast.walk(ast.parse(rewritten)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            if name == "engine" or name.startswith("engine."):
                raise ValueError(
                    f"cli.py line {node.lineno}: write `from engine... import ...` so the wheel "
                    "build can point it at followup.engine"
                )
    return rewritten


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        self._scratch = Path(tempfile.mkdtemp(prefix="followup-build-"))
        cli = self._scratch / "cli.py"
        cli.write_text(rewrite_cli((root / "cli.py").read_text(encoding="utf-8")), "utf-8")
        build_data["force_include"].update(
            {
                str(cli): "followup/cli.py",
                str(root / "policies"): "followup/engine/_data/policies",
                str(root / "schemas"): "followup/engine/_data/schemas",
            }
        )

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
