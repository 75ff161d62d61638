"""The command line imports the web layer and Django only inside the commands that serve.

That the core never imports them at all is the layers' contract (pyproject.toml,
tests/test_layers.py). import-linter cannot tell an import inside a function from one at the
top of a module, so what is left is checked here on the source, by AST: no module of cli/
imports the web layer or Django at its top, so that every other command (and a machine
without a database) starts without Django.
"""

from __future__ import annotations

import ast
from pathlib import Path

CLI = Path(__file__).resolve().parents[2] / "src" / "uppsikt" / "cli"


def _top_level_imports(tree: ast.Module) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, node.lineno))
    return found


def _web(name: str) -> bool:
    return name.split(".", maxsplit=1)[0] == "django" or name.startswith("uppsikt.web")


def test_cli_imports_the_web_layer_only_inside_functions() -> None:
    modules = sorted(CLI.glob("*.py"))
    assert CLI / "main.py" in modules
    offenders = [
        f"{path.name}:{line}: {name}"
        for path in modules
        for name, line in _top_level_imports(ast.parse(path.read_text(encoding="utf-8")))
        if _web(name)
    ]
    assert offenders == []


def test_the_serve_command_does_import_the_web_layer() -> None:
    """The check above must look at the imports that exist: serve's lazy one is seen."""
    tree = ast.parse((CLI / "main.py").read_text(encoding="utf-8"))
    lazy = [
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and _web(node.module)
    ]
    assert "uppsikt.web" in lazy
