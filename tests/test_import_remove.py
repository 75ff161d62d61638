"""Removing an import (issue #10): an import of the wrong year made every later build fail and
there was no way to take it out. ``uppsikt import WORKSPACE --remove SOURCE`` (and
``remove_import``) removes every row and import record the source brought, all or nothing;
an unknown source changes nothing and lists the known ones. The import summary shows the
periods covered per year and scenario."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from uppsikt.cli.main import app
from uppsikt.importers.ledger_import import import_file, remove_import
from uppsikt.ledger.model import STORE_FILE, LedgerRow
from uppsikt.ledger.store import LedgerStore
from uppsikt.located.diagnostics import Severity
from uppsikt.model.economy import Scenario

runner = CliRunner()

SIE = """#FLAGGA 0
#SIETYP 4
#RAR 0 {year}0101 {year}1231
#KONTO 1930 "Bank"
#KONTO 4010 "Material"
#VER A 1 {year}0115 "x"
{{
#TRANS 4010 {{}} 100.00
#TRANS 1930 {{}} -100.00
}}
#VER A 2 {year}0310 "x"
{{
#TRANS 4010 {{}} 40.00
#TRANS 1930 {{}} -40.00
}}
"""


def content(root: Path) -> list[tuple[object, ...]]:
    with LedgerStore(root / STORE_FILE, read_only=True) as store:
        rows = store.connection.execute("SELECT * FROM ledger ORDER BY ALL").fetchall()
        records = store.connection.execute(
            "SELECT source, year, scenario, rows, total FROM imports ORDER BY ALL"
        ).fetchall()
    return [*rows, *records]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    for year in (2023, 2024):
        (root / f"hb{year}.se").write_text(SIE.format(year=year), encoding="cp437")
    assert import_file(root, root / "hb2024.se").summary is not None
    assert import_file(root, root / "hb2023.se", source="fel-år").summary is not None
    with LedgerStore(root / STORE_FILE) as store:
        store.import_rows(
            [LedgerRow(2024, 0, Scenario.BUDGET, "4010", Decimal(500))],
            source="budget",
            file="budget.csv",
            kind="csv",
        )
    return root


def test_removing_a_source_takes_all_its_rows_and_records(workspace: Path) -> None:
    result = remove_import(workspace, "fel-år")
    assert result.diagnostics == ()
    assert result.removed_rows == 4
    assert {r.source for r in result.imports} == {"huvudbok", "budget"}
    left = content(workspace)
    assert all("fel-år" not in row for row in left)
    assert ("huvudbok", 2024, "utfall", 4, Decimal("0.00")) in left


def test_an_unknown_source_changes_nothing_and_lists_the_known(workspace: Path) -> None:
    before = content(workspace)
    result = remove_import(workspace, "huvudbk")
    assert result.removed_rows == 0
    [problem] = result.diagnostics
    assert (problem.code, problem.severity) == ("UPP670", Severity.ERROR)
    assert "«huvudbk»" in problem.message
    assert "«budget», «fel-år», «huvudbok»" in problem.hint
    assert content(workspace) == before


def test_a_workspace_without_a_ledger(tmp_path: Path) -> None:
    result = remove_import(tmp_path, "huvudbok")
    assert [d.code for d in result.diagnostics] == ["UPP670"]
    assert not (tmp_path / STORE_FILE).exists()


def test_a_failing_removal_rolls_everything_back(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import records are deleted after the rows: a failure there must bring the rows
    back (one transaction)."""
    before = content(workspace)
    original = duckdb.DuckDBPyConnection.execute

    def failing(self: duckdb.DuckDBPyConnection, query: object, *args: object) -> object:
        if isinstance(query, str) and query.startswith("DELETE FROM imports"):
            raise duckdb.IOException("disk full")
        return original(self, query, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(duckdb.DuckDBPyConnection, "execute", failing)
    result = remove_import(workspace, "fel-år")
    monkeypatch.undo()
    assert result.removed_rows == 0
    assert [d.code for d in result.diagnostics] == ["UPP671"]
    assert "disk full" not in result.diagnostics[0].message
    assert content(workspace) == before


def test_the_command_removes_and_prints_the_rows_removed(workspace: Path) -> None:
    done = runner.invoke(app, ["import", str(workspace), "--remove", "fel-år"])
    assert done.exit_code == 0, done.output
    assert "Källan «fel-år»: 4 rader borttagna." in done.output
    assert "kvar: huvudbok, utfall 2024" in done.output
    refused = runner.invoke(app, ["import", str(workspace), "--remove", "fel-år"])
    assert refused.exit_code == 1
    assert "UPP670" in refused.output


def test_remove_takes_no_files_and_import_needs_them(workspace: Path) -> None:
    both = runner.invoke(
        app, ["import", str(workspace), str(workspace / "hb2024.se"), "--remove", "huvudbok"]
    )
    assert both.exit_code == 2
    assert runner.invoke(app, ["import", str(workspace)]).exit_code == 2


def test_the_summary_shows_the_periods_per_year_and_scenario(tmp_path: Path) -> None:
    (tmp_path / "hb.se").write_text(SIE.format(year=2024), encoding="cp437")
    done = runner.invoke(app, ["import", str(tmp_path), str(tmp_path / "hb.se")])
    assert done.exit_code == 0, done.output
    assert "4 rader, utfall 2024, perioder 1, 3, summa 0.00 kr" in done.output
