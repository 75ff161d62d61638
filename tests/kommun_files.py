"""Helpers for tests that rewrite a file of a copy of the example kommun and read a report of it."""

from __future__ import annotations

import shutil
from pathlib import Path

from uppsikt.examples import bundled_kommun_example
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.model.workspace import Workspace
from uppsikt.workspace.reader import read_workspace


def copy_kommun(tmp_path: Path) -> Path:
    """A copy of the example kommun, whose files a test may rewrite."""
    root = tmp_path / "exempelstad"
    shutil.copytree(bundled_kommun_example(), root)
    return root


def write_rows(path: Path, header: str, *rows: str) -> None:
    """Writes a semicolon CSV file: the header, then the rows."""
    path.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")


def report(kommun: Path, name: str) -> Path:
    return kommun / "rapporter" / name


def workspace(folder: Path) -> Workspace:
    """The workspace of ``folder``, which must read without errors."""
    ws, found = read_workspace(folder)
    assert ws is not None, [d.format() for d in found]
    return ws


def errors(found: list[Diagnostic]) -> list[tuple[str, str | None, int | None]]:
    """Each error's code, file and line."""
    return [
        (d.code, d.location.file, d.location.line) for d in found if d.severity is Severity.ERROR
    ]


def add_namnd(organisation: Path, kommun: str, member: str) -> None:
    """Rewrites a one-nämnd organisation.yaml as a kommun's: its nämnd first, then
    ``member`` (a YAML flow mapping such as ``{kod: B, namn: Nämnd B}``)."""
    lines = [
        line
        for line in organisation.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    body = "\n".join(("  - " if i == 0 else "    ") + line for i, line in enumerate(lines))
    organisation.write_text(f"kommun: {kommun}\nnämnder:\n{body}\n  - {member}\n", encoding="utf-8")
