"""The monthly follow-up (issue #14, item 5): the ledger's outcome per month against the budget
spread over the months, cumulative, computed by hand here from a ledger with known amounts."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import pytest

from kommun_files import add_namnd
from uppsikt.compute.monthly import monthly_followup
from uppsikt.examples import write_starter_workspace
from uppsikt.ledger.model import STORE_FILE, LedgerRow
from uppsikt.ledger.store import LedgerStore
from uppsikt.loading import LoadedWorkspace
from uppsikt.model.economy import Scenario
from uppsikt.model.monthly import SpreadMethod
from uppsikt.reports.model import Chart, ChartKind, Section, Table, Text

YEAR = 2025
MAPPING = """\
konton:
  ignorera: ["1", "2"]
  kontogrupp:
    INT: ["3"]
    PERS: ["5"]
    OVR: ["4", "6", "7"]
enhet:
  från: ansvar
  regler:
    "100": V1-A
    "200": V2-A
"""
BUDGET_KR = Decimal(120_000)
"""The year's budget of net cost (a cost: −120 000 kr in the report)."""


def _row(
    year: int, period: int, amount: int, scenario: Scenario = Scenario.OUTCOME, **kw: str
) -> LedgerRow:
    """A cost of ``amount`` kr (ledger sign: debit +) on a personnel account of unit V1-A."""
    return LedgerRow(
        year, period, scenario, kw.get("account", "5010"), Decimal(amount), kw.get("ansvar", "100")
    )


def _workspace(tmp_path: Path, rows: Iterable[LedgerRow], spread: str | None = None) -> Path:

    root = tmp_path / "ws"
    write_starter_workspace(root)
    shutil.rmtree(root / "ekonomi")
    (root / "mappning.yaml").write_text(MAPPING, encoding="utf-8")
    settings = root / "uppsikt.yaml"
    text = settings.read_text(encoding="utf-8") + "  - manadsuppfoljning\n"
    if spread is not None:
        text += f"månadsfördelning: {spread}\n"
    settings.write_text(text, encoding="utf-8")
    with LedgerStore(root / STORE_FILE) as store:
        store.import_rows(list(rows), source="huvudbok", file="test.se", kind="sie")
    return root


def _outcome() -> list[LedgerRow]:
    """Jan–Apr: 1 000, 2 000, 3 000 and 4 000 kr of cost; one balance row that never counts."""
    rows = [_row(YEAR, m, 1000 * m) for m in range(1, 5)]
    rows.append(_row(YEAR, 2, 999_999, account="1930"))
    return rows


def _loaded(root: Path) -> LoadedWorkspace:
    loaded = LoadedWorkspace.read(root)
    assert loaded.workspace is not None, [d.format() for d in loaded.read_diagnostics]
    return loaded


def _section(loaded: LoadedWorkspace) -> Section:
    report = loaded.report(allow_errors=True)
    assert report is not None
    return next(s for s in report.sections if s.id == "manadsuppfoljning")


def _column(table: Table, column: str) -> list[Decimal | None]:
    index = [c.id for c in table.columns].index(column)
    return [r.cells[index].value for r in table.rows]


def test_an_even_spread_gives_a_twelfth_a_month(tmp_path: Path) -> None:
    budget = _row(YEAR, 0, int(BUDGET_KR), Scenario.BUDGET)
    loaded = _loaded(_workspace(tmp_path, [*_outcome(), budget]))
    ws, computed = loaded.workspace, loaded.computed
    assert ws is not None
    assert computed is not None
    assert ws.settings.monthly_spread is SpreadMethod.EVEN
    followup = monthly_followup(ws, computed.organisation)
    assert followup.available
    assert followup.last_month == 4
    total = followup.total
    assert total is not None
    assert [f.outcome for f in total.months] == [Decimal(-1000 * m) for m in range(1, 5)]
    # Cumulative: −1 000, −3 000, −6 000, −10 000; budget −10 000 a month.
    assert [f.outcome_cumulative for f in total.months] == [
        Decimal(v) for v in (-1000, -3000, -6000, -10000)
    ]
    assert [f.budget_cumulative for f in total.months] == [
        Decimal(-10_000 * m) for m in range(1, 5)
    ]
    assert [f.deviation_cumulative for f in total.months] == [
        Decimal(v) for v in (9000, 17000, 24000, 30000)
    ]

    section = _section(loaded)
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert [r.label for r in table.rows] == ["Januari", "Februari", "Mars", "April"]
    assert _column(table, "utfall-manad") == [Decimal(-1), Decimal(-2), Decimal(-3), Decimal(-4)]
    assert _column(table, "budget-ack") == [Decimal(-10 * m) for m in range(1, 5)]
    assert _column(table, "avvikelse-ack") == [Decimal(v) for v in (9, 17, 24, 30)]
    chart = next(b for b in section.blocks if isinstance(b, Chart))
    assert chart.kind is ChartKind.TREND
    assert [s.label for s in chart.series] == ["Utfall ack.", "Budget ack."]
    assert chart.series[1].values == (Decimal(-10), Decimal(-20), Decimal(-30), Decimal(-40))
    assert not chart.axis_break  # negative values: the axis runs to zero
    assert "Budget ack.: jan −10" in chart.description


def test_last_years_profile_spreads_the_budget_as_last_years_outcome(tmp_path: Path) -> None:
    # Last year: 3 000 in January, 1 000 in each other month: 14 000 in all.
    last_year = [_row(YEAR - 1, m, 3000 if m == 1 else 1000) for m in range(1, 13)]
    budget = _row(YEAR, 0, int(BUDGET_KR), Scenario.BUDGET)
    loaded = _loaded(_workspace(tmp_path, [*_outcome(), *last_year, budget], "fjolårets_profil"))
    assert loaded.workspace is not None
    assert loaded.computed is not None
    followup = monthly_followup(loaded.workspace, loaded.computed.organisation)
    assert followup.method is SpreadMethod.LAST_YEAR
    assert not followup.notes
    total = followup.total
    assert total is not None
    # −120 000 × 3/14, × 4/14, × 5/14, × 6/14, rounded to öre.
    expected = [(-BUDGET_KR * n / 14).quantize(Decimal("0.01")) for n in (3, 4, 5, 6)]
    assert [f.budget_cumulative for f in total.months] == expected
    assert expected[0] == Decimal("-25714.29")


def test_an_imported_spread_takes_the_ledgers_budget_per_month(tmp_path: Path) -> None:
    budget = [_row(YEAR, m, 8000 if m <= 6 else 12_000, Scenario.BUDGET) for m in range(1, 13)]
    loaded = _loaded(_workspace(tmp_path, [*_outcome(), *budget], "importerad"))
    assert loaded.workspace is not None
    assert loaded.computed is not None
    followup = monthly_followup(loaded.workspace, loaded.computed.organisation)
    assert followup.total is not None
    assert [f.budget_cumulative for f in followup.total.months] == [
        Decimal(-8000 * m) for m in range(1, 5)
    ]
    assert followup.total.budget == Decimal(-120_000)


def test_an_imported_spread_without_monthly_budget_says_so(tmp_path: Path) -> None:
    budget = _row(YEAR, 0, int(BUDGET_KR), Scenario.BUDGET)
    loaded = _loaded(_workspace(tmp_path, [*_outcome(), budget], "importerad"))
    section = _section(loaded)
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert _column(table, "budget-ack") == [None] * 4
    assert any(isinstance(b, Text) for b in section.blocks)


def test_without_a_ledger_the_follow_up_is_not_available(tmp_path: Path) -> None:

    root = tmp_path / "typed"
    write_starter_workspace(root)
    settings = root / "uppsikt.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "  - manadsuppfoljning\n", encoding="utf-8"
    )
    loaded = _loaded(root)
    assert loaded.workspace is not None
    assert loaded.computed is not None
    followup = monthly_followup(loaded.workspace, loaded.computed.organisation)
    assert not followup.available
    assert followup.units == ()
    section = _section(loaded)
    assert not any(isinstance(b, (Table, Chart)) for b in section.blocks)
    assert any(isinstance(b, Text) for b in section.blocks)


def test_an_unknown_spread_is_refused(tmp_path: Path) -> None:
    root = _workspace(tmp_path, _outcome(), "kvartal")
    loaded = LoadedWorkspace.read(root)
    assert loaded.workspace is None
    assert any("månadsfördelning" in d.message for d in loaded.read_diagnostics)


@pytest.mark.parametrize("spread", [m.value for m in SpreadMethod])
def test_every_spread_ends_the_year_on_the_budget(tmp_path: Path, spread: str) -> None:
    outcome = [_row(YEAR, m, 1000 + m) for m in range(1, 13)]
    last_year = [_row(YEAR - 1, m, 500 * m) for m in range(1, 13)]
    budget = [_row(YEAR, m, 7 + m * 1001, Scenario.BUDGET) for m in range(1, 13)]
    loaded = _loaded(_workspace(tmp_path, [*outcome, *last_year, *budget], spread))
    assert loaded.workspace is not None
    assert loaded.computed is not None
    followup = monthly_followup(loaded.workspace, loaded.computed.organisation)
    assert followup.total is not None
    assert followup.total.last is not None
    assert followup.total.last.month == 12
    assert followup.total.last.budget_cumulative == followup.total.budget
    assert followup.total.last.outcome_cumulative == loaded.computed.organisation.total(
        YEAR, Scenario.OUTCOME
    )


def test_a_report_over_several_namnder_follows_each_and_the_total(tmp_path: Path) -> None:
    rows = [*_outcome(), *(_row(YEAR, m, 500, ansvar="300") for m in (1, 2, 3))]
    rows.append(_row(YEAR, 0, int(BUDGET_KR), Scenario.BUDGET))
    rows.append(_row(YEAR, 0, 24_000, Scenario.BUDGET, ansvar="300"))
    root = _workspace(tmp_path, rows)
    add_namnd(root / "organisation.yaml", "Testby kommun", "{kod: N2, namn: Nämnd Två}")
    (root / "mappning.yaml").write_text(MAPPING + '    "300": N2\n', encoding="utf-8")
    settings = root / "uppsikt.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "omfattning: kommun\n", "utf-8")
    loaded = _loaded(root)
    assert loaded.workspace is not None
    assert loaded.computed is not None
    followup = monthly_followup(loaded.workspace, loaded.computed.organisation)
    assert [u.code for u in followup.units] == ["EXN", "N2"]
    second = followup.units[1]
    # N2: 500 kr a month of cost against 2 000 kr a month of budget.
    assert [f.deviation_cumulative for f in second.months] == [
        Decimal(v) for v in (1500, 3000, 4500, 6500)
    ]
    assert followup.total is not None
    assert followup.total.months[-1].budget_cumulative == Decimal(-40_000 - 8_000)
    section = _section(loaded)
    tables = [b for b in section.blocks if isinstance(b, Table)]
    assert [t.id for t in tables] == ["manadsuppfoljning", "manadsuppfoljning-namnder"]
    assert [r.id for r in tables[1].rows] == ["EXN", "N2", "totalt"]
    assert _column(tables[1], "avvikelse-ack") == [Decimal(30), Decimal("6.5"), Decimal("36.5")]
