"""The core never imports the web layer or Django: checked on the source, by AST."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "uppsikt"
WEB_ONLY = {"cli/main.py"}
"""cli/main.py imports the web layer, lazily, inside the serve and manage commands only."""


def _imports(tree: ast.AST) -> list[tuple[str, ast.stmt]]:
    found: list[tuple[str, ast.stmt]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, node) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, node))
    return found


def _forbidden(name: str) -> bool:
    return name.split(".", maxsplit=1)[0] == "django" or name.startswith("uppsikt.web")


def test_core_does_not_import_the_web_layer() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC)
        if relative.parts[0] == "web":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, node in _imports(tree):
            if not _forbidden(name):
                continue
            if relative.as_posix() in WEB_ONLY and node.col_offset > 0:
                continue  # a lazy import inside a function
            offenders.append(f"{relative}:{getattr(node, 'lineno', '?')}: {name}")
    assert offenders == []


def test_cli_imports_the_web_layer_only_inside_functions() -> None:
    tree = ast.parse((SRC / "cli" / "main.py").read_text(encoding="utf-8"))
    top = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    names = [name for node in top for name, _ in _imports(node)]
    assert not [n for n in names if _forbidden(n)]
