"""The full reader's rows as a table (``sie_columns.ledger_table``, the import path after
the full reader): the rows of ``ledger_rows``, in its order, on generated and real files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sie_support import REAL, row_dicts, sie_bench
from uppsikt.importers.ledger_import import import_file
from uppsikt.importers.sie.columns import ledger_table
from uppsikt.importers.sie.reader import read_sie


def as_dicts(path: Path, dimensions: dict[int, str] | None = None) -> tuple[Any, Any]:
    sie, _ = read_sie(path)
    assert sie is not None
    kwargs = {} if dimensions is None else {"dimensions": dimensions}
    rows = row_dicts(sie, **kwargs)
    return ledger_table(sie, **kwargs).to_pylist(), rows


def test_generated_file_gives_the_rows_of_ledger_rows(tmp_path: Path) -> None:
    path = tmp_path / "g.se"
    sie_bench().generate(path, 5_000, 4)
    table, rows = as_dicts(path)
    assert table == rows
    assert len(rows) > 1000
    assert as_dicts(path, {1: "verksamhet"})[0] == as_dicts(path, {1: "verksamhet"})[1]


def test_real_files_give_the_rows_of_ledger_rows() -> None:
    if not REAL.is_dir():
        pytest.skip(f"no real SIE files beside the project ({REAL})")
    compared = 0
    for path in sorted(p for p in REAL.iterdir() if p.suffix.lower() in (".se", ".si")):
        if read_sie(path)[0] is None:
            continue
        table, rows = as_dicts(path)
        assert table == rows, path.name
        compared += 1
    assert compared > 10


def test_a_file_left_to_the_full_reader_imports_its_rows(tmp_path: Path) -> None:
    module = sie_bench()
    plain, special = tmp_path / "g.se", tmp_path / "r.se"
    module.generate(plain, 2_000, 6)
    module.with_rtrans(plain, special)
    result = import_file(tmp_path, special)
    assert result.summary is not None, result.diagnostics
    _, rows = as_dicts(special)
    assert sum(g.rows for g in result.summary.groups) == len(rows)


def test_an_amount_the_store_cannot_hold_is_refused_with_its_message(tmp_path: Path) -> None:
    path = tmp_path / "d.se"
    path.write_text(
        '#FLAGGA 0\n#SIETYP 4\n#RAR 0 20240101 20241231\n#KONTO 1930 "Bank"\n'
        '#KONTO 4010 "Material"\n#VER A 1 20240115\n{\n#RTRANS 4010 {} 0.001\n'
        "#TRANS 4010 {} 0.001\n#TRANS 1930 {} -0.001\n}\n",
        encoding="cp437",
    )
    result = import_file(tmp_path, path)
    assert result.summary is None
    assert [d.code for d in result.diagnostics] == ["UPP640"]
