"""A month missing between months of outcome is reported (UPP614); a year that stops is not."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from uppsikt.ledger.model import LedgerRow
from uppsikt.ledger.periods import missing_periods
from uppsikt.ledger.store import LedgerStore
from uppsikt.located.diagnostics import Severity
from uppsikt.model.economy import Scenario


def _store(path: Path, months: list[int], scenario: Scenario = Scenario.OUTCOME) -> LedgerStore:
    store = LedgerStore(path)
    rows = [LedgerRow(2020, m, scenario, "5010", Decimal(100), "1100") for m in months]
    rows += [LedgerRow(2020, m, scenario, "1930", Decimal(-100), "") for m in months]
    store.import_rows(rows, source="huvudbok", file="huvudbok.csv", kind="csv")
    return store


def test_a_month_missing_between_months_is_reported(tmp_path: Path) -> None:
    with _store(tmp_path / "ekonomi.duckdb", [1, 2, 4, 5, 7]) as store:
        (problem,) = missing_periods(store)
    assert problem.code == "UPP614"
    assert problem.severity is Severity.WARNING
    assert "2020-03, 2020-06" in problem.message
    assert problem.location.file == "ekonomi.duckdb"


def test_a_year_that_stops_is_no_gap(tmp_path: Path) -> None:
    # A delårsrapport's ledger ends in August: nothing is missing.
    with _store(tmp_path / "ekonomi.duckdb", list(range(1, 9))) as store:
        assert missing_periods(store) == []


def test_budget_months_are_not_outcome(tmp_path: Path) -> None:
    with _store(tmp_path / "ekonomi.duckdb", [1, 12], Scenario.BUDGET) as store:
        assert missing_periods(store) == []
