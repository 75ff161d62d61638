"""The synthetic ledger: deterministic, balanced, readable as SIE, and consistent with the
workspace files written beside it."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from uppsikt.compute.cube import build_cube
from uppsikt.compute.tables import compute_table
from uppsikt.importers.sie.parse import parse_sie
from uppsikt.ledger.aggregate import facts_from_ledger
from uppsikt.ledger.mapping import IGNORED, load_mapping
from uppsikt.ledger.patterns import Resolver
from uppsikt.ledger.store import LedgerStore
from uppsikt.located.sink import Sink
from uppsikt.located.yamlfile import Node, load_yaml
from uppsikt.model.dimensions import Dimension
from uppsikt.model.economy import Scenario
from uppsikt.model.settings import ReportType
from uppsikt.model.tables import RowDef, RowKind, TableDef
from uppsikt.synthetic import generate as generate_module
from uppsikt.synthetic.generate import GeneratedLedger, generate
from uppsikt.workspace.dimensions import read_dimensions, read_organisation
from uppsikt.workspace.tables import STANDARD_COLUMNS

ROWS = 20_003


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> GeneratedLedger:
    return generate(tmp_path_factory.mktemp("generated"), rows=ROWS, seed=7)


def query(sql: str, *params: object) -> list[tuple[object, ...]]:
    with duckdb.connect() as con:
        return con.execute(sql, list(params)).fetchall()


def test_the_same_seed_gives_the_same_files(ledger: GeneratedLedger, tmp_path: Path) -> None:
    again = generate(tmp_path / "again", rows=ROWS, seed=7)
    names = sorted(p.name for p in ledger.folder.iterdir())
    assert names == sorted(p.name for p in again.folder.iterdir())
    assert "huvudbok.se" in names
    for name in names:
        assert (ledger.folder / name).read_bytes() == (again.folder / name).read_bytes(), name
    other = generate(tmp_path / "other", rows=ROWS, seed=8)
    assert other.parquet.read_bytes() != ledger.parquet.read_bytes()


def test_the_ledger_has_exactly_the_rows_asked_for(ledger: GeneratedLedger) -> None:
    [(vouchers,)] = query("SELECT count(*) FROM read_parquet(?)", str(ledger.parquet))
    [(budget,)] = query("SELECT count(*) FROM read_parquet(?)", str(ledger.budget_parquet))
    assert (vouchers, budget) == (ledger.voucher_rows, ledger.budget_rows)
    assert ledger.voucher_rows + ledger.budget_rows == ROWS
    assert 0 < ledger.budget_rows <= ROWS // 5 + 3


def test_every_voucher_balances(ledger: GeneratedLedger) -> None:
    rows = query(
        "SELECT voucher, sum(amount), count(*), count(*) FILTER (account < '3'),"
        " count(DISTINCT period) FROM read_parquet(?) GROUP BY voucher",
        str(ledger.parquet),
    )
    assert len(rows) == ledger.voucher_rows // 4
    assert all(total == 0 for _, total, _, _, _ in rows)
    assert all((lines, balance, periods) == (4, 1, 1) for _, _, lines, balance, periods in rows)


def test_the_ledger_looks_like_a_municipality(ledger: GeneratedLedger) -> None:
    [(periods, classes, units, activities)] = query(
        "SELECT count(DISTINCT period), string_agg(DISTINCT account[1], '' ORDER BY account[1]),"
        " count(DISTINCT ansvar) FILTER (ansvar <> ''), count(DISTINCT verksamhet)"
        " FILTER (verksamhet <> '') FROM read_parquet(?)",
        str(ledger.parquet),
    )
    assert (periods, classes) == (12, "12345678")
    assert int(str(units)) > 20
    assert int(str(activities)) > 10
    [(costs, budget)] = query(
        "SELECT sum(amount) FILTER (scenario = 'utfall'), sum(amount) FILTER (scenario = 'budget')"
        " FROM read_parquet([?, ?]) WHERE account >= '4'",
        str(ledger.parquet),
        str(ledger.budget_parquet),
    )
    assert isinstance(costs, Decimal)
    assert isinstance(budget, Decimal)
    assert abs(budget / costs - 1) < Decimal("0.1")


def test_the_sie_file_is_the_same_ledger(ledger: GeneratedLedger) -> None:
    assert ledger.sie is not None
    sie, diagnostics = parse_sie(ledger.sie.read_bytes(), ledger.sie.name)
    assert sie is not None
    assert diagnostics == []
    assert len(sie.vouchers) == ledger.voucher_rows // 4
    assert all(sum(t.amount for t in v.transactions) == 0 for v in sie.vouchers)
    assert len(sie.periods) == ledger.budget_rows
    per_account: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for voucher in sie.vouchers:
        for t in voucher.transactions:
            per_account[("utfall", t.account)] += t.amount
    for p in sie.periods:
        per_account[("budget", p.account)] += p.amount
    expected = query(
        "SELECT scenario, account, sum(amount) FROM read_parquet([?, ?]) GROUP BY ALL",
        str(ledger.parquet),
        str(ledger.budget_parquet),
    )
    assert dict(per_account) == {(str(s), str(a)): total for s, a, total in expected}


def test_no_sie_text_for_very_large_ledgers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generate_module, "SIE_MAX_ROWS", 100)
    (tmp_path / "huvudbok.se").write_text("old")
    assert generate(tmp_path, rows=101, seed=1).sie is None
    assert not (tmp_path / "huvudbok.se").exists()


def read_yaml(path: Path) -> Node:
    sink = Sink(path.name)
    node = Node.root(load_yaml(path, sink), sink, "en karta")
    assert node is not None
    assert sink.diagnostics == []
    return node


def workspace_dimensions(ledger: GeneratedLedger) -> list[Dimension]:
    organisation_node = read_yaml(ledger.organisation_file)
    organisation = read_organisation(organisation_node)
    dimensions_node = read_yaml(ledger.dimensions_file)
    others = read_dimensions(dimensions_node)
    assert organisation is not None
    assert organisation_node.sink.diagnostics == dimensions_node.sink.diagnostics == []
    return [organisation, *others]


def test_the_mapping_file_maps_every_code_as_the_generator_says(ledger: GeneratedLedger) -> None:
    mapping, diagnostics = load_mapping(ledger.mapping_file)
    assert mapping is not None
    assert diagnostics == []
    expected = ledger.mapping
    accounts = mapping.account_resolver().resolve(expected.accounts)
    assert {a for a, m in accounts.items() if m == IGNORED} == set(expected.ignored)
    assert {a: m for a, m in accounts.items() if m != IGNORED} == {
        a: m for a, m in expected.accounts.items() if m is not None
    }
    for dimension, codes in (("enhet", expected.enhet), ("verksamhet", expected.verksamhet)):
        objects = mapping.object_mapping(dimension)
        assert objects is not None
        assert Resolver(objects.rules).resolve(codes) == codes
    members = {d.name: set(d.members()) for d in workspace_dimensions(ledger)}
    assert set(expected.enhet.values()) <= members["enhet"]
    assert set(expected.verksamhet.values()) <= members["verksamhet"]
    assert {m for m in expected.accounts.values() if m} == members["kontogrupp"]


def test_the_generated_ledger_gives_tables_that_reconcile(
    ledger: GeneratedLedger, tmp_path: Path
) -> None:
    with LedgerStore(tmp_path / "ekonomi.duckdb") as store:
        store.import_parquet(ledger.parquet, source="huvudbok")
        store.import_parquet(ledger.budget_parquet, source="budget")
        facts = facts_from_ledger(store, ledger.mapping)
    totals: list[Decimal | None] = []
    for dimension in workspace_dimensions(ledger):
        cube = build_cube(dimension, facts)
        rows = [RowDef(m.code, RowKind.MEMBER, members=(m.code,)) for m in dimension.roots]
        if dimension.name == "enhet":  # the nämnder under the municipality
            rows = [
                RowDef(m.code, RowKind.MEMBER, members=(m.code,))
                for m in dimension.roots[0].children
            ]
        rows.append(RowDef("netto", RowKind.SUM, label="Nettokostnad"))
        table = TableDef(dimension.name, "", dimension.name, tuple(rows), STANDARD_COLUMNS)
        computed = compute_table(table, cube, ledger.year, ReportType.ARSBERATTELSE)
        assert computed.cell("netto", "utfall") == cube.total(ledger.year, Scenario.OUTCOME)
        totals.append(computed.cell("netto", "utfall"))
    assert len(set(totals)) == 1
    assert totals[0] == sum(f.amount for f in facts if f.scenario is Scenario.OUTCOME)
