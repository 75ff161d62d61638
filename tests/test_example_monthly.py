"""The kommun example's monthly ledger (examples/exempelstad-2025/export/*.se, issue #14
item 9): imported into a copy of the example, it gives the monthly follow-up, each unit's
months add up to the typed-in outcome, the outcome after april and augusti is the one the
forecasts extrapolate, and no yearly figure of any report changes."""

from __future__ import annotations

import shutil
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from uppsikt.compute.monthly import TOTAL_ID, monthly_followup
from uppsikt.examples import bundled_kommun_example, ledger_exports
from uppsikt.importers.ledger_import import import_file
from uppsikt.ledger.mapping import MAPPING_FILE, load_mapping
from uppsikt.ledger.model import STORE_FILE
from uppsikt.ledger.patterns import Resolver
from uppsikt.ledger.store import LedgerStore
from uppsikt.loading import LoadedWorkspace
from uppsikt.located.diagnostics import Severity
from uppsikt.model.economy import Scenario
from uppsikt.model.monthly import SpreadMethod
from uppsikt.pipeline import check_kommun
from uppsikt.reports.build.monthly import TABLE_ID
from uppsikt.reports.model import Section, Table
from uppsikt.workspace.forecasts import FORECASTS_FILE

YEAR = 2025
BUN_UNITS = ("BUN-POL", "BUF-LED", "BUF-FSK", "BUF-GR", "BUF-GY", "BUF-ELH")
TKR = Decimal(1000)


@pytest.fixture(scope="module")
def kommun(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example kommun with its exports imported into its ledger."""
    root = tmp_path_factory.mktemp("exempelstad") / "exempelstad-2025"
    shutil.copytree(bundled_kommun_example(), root)
    (root / STORE_FILE).unlink(missing_ok=True)
    exports = ledger_exports(root)
    assert [p.name for p in exports] == ["huvudbok-2024.se", "huvudbok-2025.se"]
    for export in exports:
        result = import_file(root, export)
        assert result.summary is not None, [d.format() for d in result.diagnostics]
        assert not [d for d in result.diagnostics if d.severity is not Severity.NOTE]
    return root


def _loaded(kommun: Path, report: str) -> LoadedWorkspace:
    loaded = LoadedWorkspace.read(kommun / "rapporter" / report)
    assert loaded.workspace is not None, [d.format() for d in loaded.read_diagnostics]
    return loaded


def _rows(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split(";") for line in lines if line and not line.startswith("#")][1:]


def _tkr(text: str) -> Decimal:
    return Decimal(text.replace(" ", "").replace("\u2212", "-")) * TKR


def _typed_outcome(kommun: Path) -> dict[tuple[int, str], Decimal]:
    """(year, unit) → the outcome typed in ekonomi/drift-per-enhet.csv, kronor."""
    return {
        (int(year), unit): _tkr(amount)
        for year, scenario, unit, amount in _rows(kommun / "ekonomi" / "drift-per-enhet.csv")
        if scenario == "utfall"
    }


def _forecasts(kommun: Path) -> dict[tuple[int, str], Decimal]:
    """(month, unit) → the year's forecast, kronor (a unit forecast in parts summed)."""
    path = kommun / FORECASTS_FILE
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    header = lines[0].split(";")
    found: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for line in lines[1:]:
        row = dict(zip(header, line.split(";"), strict=True))
        if int(row["år"]) == YEAR:
            found[(int(row["månad"]), row["enhet"])] += _tkr(row["belopp"])
    return found


def _unit_months(kommun: Path) -> dict[tuple[int, str], dict[int, Decimal]]:
    """(year, unit) → month → outcome in kronor (report sign), read from the store with the
    example's mapping of ansvar to unit; the bank (class 1) left out."""
    mapping, found = load_mapping(kommun / MAPPING_FILE)
    assert mapping is not None, found
    objects = mapping.object_mapping("enhet")
    assert objects is not None
    with LedgerStore(kommun / STORE_FILE, read_only=True) as store:
        rows = store.connection.execute(
            "SELECT year, ansvar, period, -sum(amount) FROM ledger"
            " WHERE scenario = 'utfall' AND account NOT LIKE '1%' GROUP BY ALL"
        ).fetchall()
    units = Resolver(objects.rules).resolve({str(r[1]) for r in rows})
    months: dict[tuple[int, str], dict[int, Decimal]] = defaultdict(dict)
    for year, ansvar, period, amount in rows:
        months[(int(year), units[str(ansvar)])][int(period)] = Decimal(amount)
    return months


def _cumulative(months: dict[int, Decimal], through: int) -> Decimal:
    return sum((months[m] for m in range(1, through + 1)), Decimal(0))


def test_each_units_months_add_up_to_its_typed_in_outcome(kommun: Path) -> None:
    typed = _typed_outcome(kommun)
    months = _unit_months(kommun)
    assert set(months) == set(typed)
    for key, outcome in typed.items():
        assert set(months[key]) <= set(range(1, 13)), key
        assert sum(months[key].values(), Decimal(0)) == outcome, key
    # The nämnder's units book every month; realisationsvinster come when a sale does.
    assert all(sorted(months[(y, u)]) == list(range(1, 13)) for y, u in typed if "FIN" not in u)


def test_the_months_have_a_summer_dip_and_a_december_peak(kommun: Path) -> None:
    months = _unit_months(kommun)
    for year in (2024, 2025):
        for unit in BUN_UNITS:
            costs = {m: -a for m, a in months[(year, unit)].items()}
            assert min(costs, key=costs.__getitem__) == 7, (year, unit)
            assert max(costs, key=costs.__getitem__) == 12, (year, unit)


@pytest.mark.parametrize("month", [4, 8])
def test_the_outcome_so_far_extrapolated_by_last_year_is_the_forecast(
    kommun: Path, month: int
) -> None:
    """What a controller does after april and augusti: the outcome so far, divided by the
    share of the year those months had last year, is the year's forecast."""
    months = _unit_months(kommun)
    forecasts = _forecasts(kommun)
    for unit in BUN_UNITS:
        last_year = months[(YEAR - 1, unit)]
        share = _cumulative(last_year, month) / _cumulative(last_year, 12)
        extrapolated = _cumulative(months[(YEAR, unit)], month) / share
        forecast = forecasts[(month, unit)]
        assert abs(extrapolated - forecast) <= abs(forecast) / 200, (unit, month)


def test_the_delarsrapport_after_augusti_follows_bun_through_augusti(kommun: Path) -> None:
    loaded = _loaded(kommun, "bun-delar-augusti-2025")
    ws, computed = loaded.workspace, loaded.computed
    assert ws is not None
    assert computed is not None
    assert ws.settings.monthly_spread is SpreadMethod.LAST_YEAR
    months = _unit_months(kommun)
    followup = monthly_followup(ws, computed.organisation, through=8)
    assert [u.code for u in followup.units] == ["BUN"]
    assert not followup.notes  # last year's profile is there for the whole nämnd
    bun = followup.units[0]
    assert [f.month for f in bun.months] == list(range(1, 9))
    for figures in bun.months:
        by_unit = sum(
            (_cumulative(months[(YEAR, u)], figures.month) for u in BUN_UNITS), Decimal(0)
        )
        assert figures.outcome_cumulative == by_unit
    # The forecast after augusti is over budget, and so is the outcome so far.
    budget = computed.organisation.amount(("BUN",), YEAR, Scenario.BUDGET)
    forecast = sum((_forecasts(kommun)[(8, u)] for u in BUN_UNITS), Decimal(0))
    last = bun.last
    assert last is not None
    assert last.deviation_cumulative is not None
    assert (forecast - budget < 0) == (last.deviation_cumulative < 0)


def _month_table(loaded: LoadedWorkspace) -> Table:
    report = loaded.report(allow_errors=True)
    assert report is not None
    section: Section = next(s for s in report.sections if s.id == "manadsuppfoljning")
    return next(b for b in section.blocks if isinstance(b, Table) and b.id == TABLE_ID)


@pytest.mark.parametrize(
    ("report", "months"),
    [("bun-delar-april-2025", 4), ("bun-delar-augusti-2025", 8), ("kommun-2025", 12)],
)
def test_each_report_shows_the_months_of_its_period(kommun: Path, report: str, months: int) -> None:
    table = _month_table(_loaded(kommun, report))
    assert [r.id for r in table.rows] == [f"manad-{m}" for m in range(1, months + 1)]


def test_the_kommuns_december_is_each_namnds_typed_in_year(kommun: Path) -> None:
    loaded = _loaded(kommun, "kommun-2025")
    ws, computed = loaded.workspace, loaded.computed
    assert ws is not None
    assert computed is not None
    followup = monthly_followup(ws, computed.organisation)
    assert followup.last_month == 12
    assert len(followup.units) == 7  # every nämnd and the finansförvaltning
    for unit in followup.units:
        assert unit.last is not None
        typed = computed.organisation.amount((unit.code,), YEAR, Scenario.OUTCOME)
        assert unit.last.outcome_cumulative == typed, unit.code
        assert unit.last.budget_cumulative == unit.budget, unit.code
    assert followup.total is not None
    assert followup.total.code == TOTAL_ID
    assert followup.total.last is not None
    typed_total = computed.organisation.total(YEAR, Scenario.OUTCOME)
    assert followup.total.last.outcome_cumulative == typed_total


def _tables(loaded: LoadedWorkspace) -> dict[str, list[tuple[str, tuple[Decimal | None, ...]]]]:
    """Every table of the report but the monthly ones: each row's values."""
    report = loaded.report(allow_errors=True)
    assert report is not None
    found: dict[str, list[tuple[str, tuple[Decimal | None, ...]]]] = {}

    def walk(sections: tuple[Section, ...]) -> None:
        for section in sections:
            if section.id != "manadsuppfoljning":
                for block in section.blocks:
                    if isinstance(block, Table):
                        found[block.id] = [
                            (r.id, tuple(c.value for c in r.cells)) for r in block.rows
                        ]
            walk(section.subsections)

    walk(report.sections)
    return found


@pytest.mark.parametrize("report", ["bun-2025", "ks-2025", "kommun-2025"])
def test_no_yearly_figure_changes_with_the_ledger(kommun: Path, report: str) -> None:
    """The ledger's year is the typed-in year, so the typed files are read as before: per
    enhet, per kontogrupp (KS), per verksamhet (BUN) and the kommun's result."""
    if (bundled_kommun_example() / STORE_FILE).exists():
        pytest.skip("the checkout's example has a ledger imported: nothing to compare with")
    without = LoadedWorkspace.read(bundled_kommun_example() / "rapporter" / report)
    with_ledger = _tables(_loaded(kommun, report))
    assert with_ledger == _tables(without)
    assert len(with_ledger) >= 2


def test_the_kommun_checks_clean_with_its_ledger(kommun: Path) -> None:
    """The views agree: the ledger's units, per year, equal the typed-in ones (UPP401/403)."""
    found = check_kommun(kommun)
    assert not [d.format() for d in found if d.severity is not Severity.NOTE]
    assert not [d for d in found if d.code in ("UPP401", "UPP403", "UPP614")]
