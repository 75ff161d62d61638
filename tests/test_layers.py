"""The layers of docs/architecture.md hold over the whole package: import-linter checks the
contracts in pyproject.toml ([tool.importlinter]) on every import, including those inside
functions."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def test_the_import_contracts_are_kept() -> None:
    # This checkout's source first, whichever copy of uppsikt the environment has installed.
    path = os.pathsep.join(p for p in (str(REPO / "src"), os.environ.get("PYTHONPATH")) if p)
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = result.stdout + result.stderr
    broken, _, details = report.partition("Broken contracts")
    assert result.returncode == 0, details or report
    assert "0 broken" in broken
