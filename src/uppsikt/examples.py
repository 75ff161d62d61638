"""The bundled example workspace and the starter workspace of `uppsikt init`."""

from __future__ import annotations

import shutil
from pathlib import Path

from uppsikt.located.diagnostics import WorkspaceNotFoundError

EXAMPLE = "orebro-van-2020"
STARTER = Path(__file__).parent / "starter"


def bundled_example() -> Path:
    """The example's folder: inside the installed package, or in the source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_examples" / EXAMPLE, here.parents[1] / "examples" / EXAMPLE):
        if (candidate / "uppsikt.yaml").is_file():
            return candidate
    raise WorkspaceNotFoundError(f"Exemplet {EXAMPLE} finns inte i installationen.")


def write_starter_workspace(target: Path) -> list[Path]:
    """Copy the starter workspace into ``target`` (created if needed); the files written."""
    shutil.copytree(STARTER, target, dirs_exist_ok=True)
    return sorted(p for p in target.rglob("*") if p.is_file())
