"""The bundled example workspaces and the starter workspace of `uppsikt init`."""

from __future__ import annotations

import shutil
from pathlib import Path

from uppsikt.located.diagnostics import WorkspaceNotFoundError

EXAMPLE = "orebro-van-2020"
KOMMUN_EXAMPLE = "exempelstad-2025"
STARTER = Path(__file__).parent / "starter"
EXPORTS = "export"
"""The folder of an example that holds the exports its ledger is imported from."""


def _bundled(name: str, marker: str) -> Path:
    """An example's folder: inside the installed package, or in the source checkout; the
    folder is the one that holds ``marker``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_examples" / name, here.parents[1] / "examples" / name):
        if (candidate / marker).is_file():
            return candidate
    raise WorkspaceNotFoundError(f"Exemplet {name} finns inte i installationen.")


def bundled_example() -> Path:
    """The example of one nämnd's report (Örebro, VAN, 2020)."""
    return _bundled(EXAMPLE, "uppsikt.yaml")


def bundled_kommun_example() -> Path:
    """The example of a whole (fictional) kommun: every nämnd's report, KS's own and the
    kommun's summary, from one set of data (Exempelstad, 2025)."""
    return _bundled(KOMMUN_EXAMPLE, "organisation.yaml")


def ledger_exports(folder: Path) -> list[Path]:
    """The SIE exports an example's ledger is imported from (``export/*.se``), in order; the
    kommun example's months of 2024 and 2025 (scripts/exempelstad_ledger.py)."""
    return sorted((folder / EXPORTS).glob("*.se"))


def write_starter_workspace(target: Path) -> list[Path]:
    """Copy the starter workspace into ``target`` (created if needed); the files written."""
    shutil.copytree(STARTER, target, dirs_exist_ok=True)
    return sorted(p for p in target.rglob("*") if p.is_file())
