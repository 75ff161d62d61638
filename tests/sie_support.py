"""Helpers for the tests that compare the SIE readers: the benchmark's file generator and the
full reader's ledger rows as plain dictionaries (the columnar reader's table form)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from uppsikt.importers.sie.model import SieFile
from uppsikt.importers.sie.reader import ledger_rows, read_sie

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "sie"
"""Real SIE files, where the machine has them."""


def sie_bench() -> Any:
    """bench/sie_bench.py as a module (its ``generate`` writes a deterministic SIE file)."""
    spec = importlib.util.spec_from_file_location("sie_bench", ROOT / "bench" / "sie_bench.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("sie_bench", module)
    spec.loader.exec_module(module)
    return module


def row_dicts(sie: SieFile, **kwargs: Any) -> list[dict[str, Any]]:
    """The full reader's ledger rows of ``sie``, as dictionaries of the store's columns."""
    return [
        {
            "year": r.year,
            "period": r.period,
            "scenario": r.scenario.value,
            "account": r.account,
            "ansvar": r.ansvar,
            "verksamhet": r.verksamhet,
            "projekt": r.projekt,
            "amount": r.amount,
        }
        for r in ledger_rows(sie, **kwargs)
    ]


def expected(path: Path) -> list[dict[str, Any]] | None:
    """The full reader's rows of the file at ``path``; None when it refuses the file."""
    sie, _ = read_sie(path)
    return None if sie is None else row_dicts(sie)
