"""The code's layout rules, read from the source with `ast`: no import cycle among the engine's
modules (an import inside a function counts as much as one at the top), no module over 400
lines, no private name imported from another module, and no CLI flag named below the command
layer (engine/commands words the options; errors carry a Remedy instead)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from cli_support import ROOT

ENGINE = ROOT / "engine"
MAX_LINES = 400

KNOWN_LONG: set[str] = set()




def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(ENGINE.rglob("*.py"))}


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def _type_checking_nodes(tree: ast.Module) -> set[int]:
    """The ids of the import nodes inside `if TYPE_CHECKING:` blocks."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            found |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return found


def _imports(module: str) -> Iterator[tuple[str, ast.Import | ast.ImportFrom, bool]]:
    """Every engine module `module` imports, anywhere in it: (target, node, type only)."""
    path = _modules()[module]
    tree = _tree(path)
    type_only = _type_checking_nodes(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                prefix = ".".join([*base, *([node.module] if node.module else [])])
            else:
                prefix = node.module or ""
            # `from . import words` imports the module engine.present.words itself.
            targets = [
                f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in _modules() else prefix
                for a in node.names
            ]
        else:
            continue
        for target in targets:
            while target not in _modules() and "." in target:
                target = target.rpartition(".")[0]
            if target in _modules() and target != module:
                yield target, node, id(node) in type_only


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in _modules()}
    for module in _modules():
        for target, _, _ in _imports(module):  # type-only imports too: no exception
            graph[module].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_scan_finds_the_imports_it_must() -> None:
    graph = _graph()
    assert "engine.present.words" in graph["engine.present.render"]  # relative, module level
    assert "engine.present.export" in graph["engine.present.formats"]  # inside a function
    assert "engine.io.safeyaml" in graph["engine.load.check"]  # `from ..io import safeyaml`
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_among_engine_modules() -> None:
    assert _cycles(_graph()) == []


def _sources() -> list[Path]:
    return [*sorted(ENGINE.rglob("*.py")), *sorted(ROOT.glob("cli*.py"))]


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_no_module_is_over_400_lines() -> None:
    long = {_rel(p) for p in _sources() if len(p.read_text().splitlines()) > MAX_LINES}
    assert long <= KNOWN_LONG, long - KNOWN_LONG
    assert long >= KNOWN_LONG, "an exception that no longer applies: remove it"


def test_no_private_name_is_imported_from_another_module() -> None:
    found = []
    for path in _sources():
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.ImportFrom):
                private = [a.name for a in node.names if re.fullmatch(r"_(?!_).*", a.name)]
                found += [f"{_rel(path)}:{node.lineno}: {name}" for name in private]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
                dotted = [n for n in names if any(p.startswith("_") for p in n.split("."))]
                found += [f"{_rel(path)}:{node.lineno}: {name}" for name in dotted]
    assert found == []


def _docstrings(tree: ast.Module) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")


def test_only_the_command_layer_names_a_flag() -> None:
    found = set()
    for path in sorted(ENGINE.rglob("*.py")):
        if path.is_relative_to(ENGINE / "commands"):
            continue
        tree = _tree(path)
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and id(node) not in docs and FLAG.search(text):
                found.add(_rel(path))
    assert not found, f"name the option in engine/commands/remedies.py: {sorted(found)}"
