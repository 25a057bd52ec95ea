"""Build the wheel as one package, `followup`, that no other distribution's names can collide with.

The source layout is fixed: the library is `engine/` and the command line `cli.py` (with the
commands for pack authors in `cli_packs.py` and those that edit timelines in `cli_timeline.py`),
all at the project root, where the tests and an editable install import them by those names. A
wheel must not install modules under names that generic, so it carries them as
`followup.engine`, `followup.cli`, `followup.cli_packs` and `followup.cli_timeline`. The engine
imports itself relatively and needs no change; the CLI modules import absolutely (`from
engine... import ...`), so the wheel gets copies of them with those imports pointed into
`followup`. The build fails if any such import is left over.

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

_FROM_ENGINE = re.compile(r"^(\s*)from (engine|cli_packs|cli_timeline)(\.|\s)", re.MULTILINE)
# The command-line modules at the project root, installed as followup/<name>.
CLI_MODULES = ("cli.py", "cli_packs.py", "cli_timeline.py")


def rewrite_cli(text: str) -> str:
    """cli.py as it runs inside the `followup` package; ValueError if an import is missed."""
    rewritten = _FROM_ENGINE.sub(r"\1from followup.\2\3", text)
    for node in ast.walk(ast.parse(rewritten)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            if name.split(".")[0] in ("engine", "cli", "cli_packs", "cli_timeline"):
                raise ValueError(
                    f"line {node.lineno}: write `from {name.split('.')[0]}... import ...` so "
                    "the wheel build can point it into the followup package"
                )
    return rewritten


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        self._scratch = Path(tempfile.mkdtemp(prefix="followup-build-"))
        for name in CLI_MODULES:
            module = self._scratch / name
            module.write_text(rewrite_cli((root / name).read_text(encoding="utf-8")), "utf-8")
            build_data["force_include"][str(module)] = f"followup/{name}"
        build_data["force_include"].update(
            {
                str(root / "policies"): "followup/engine/_data/policies",
                str(root / "schemas"): "followup/engine/_data/schemas",
            }
        )

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
