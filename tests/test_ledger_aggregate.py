"""From ledger rows to facts: the mapping, the report sign, and every krona accounted for."""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import ibis
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uppsikt.ledger import ledger_agg
from uppsikt.ledger.aggregate import (
    MappingTables,
    facts_from_arrow,
    facts_from_ledger,
    ledger_facts,
    unmapped_summary,
)
from uppsikt.ledger.facts import code_totals
from uppsikt.ledger.model import OBJECT_DIMENSIONS, LedgerRow
from uppsikt.ledger.monthly import monthly_ledger
from uppsikt.ledger.store import ARROW_SCHEMA, LEDGER_COLUMNS, LedgerStore, record_batch
from uppsikt.ledger.verify import verify_store_file
from uppsikt.located.sink import Sink
from uppsikt.located.yamlfile import Node, load_yaml
from uppsikt.model.dimensions import Dimension
from uppsikt.model.economy import Fact, Scenario
from uppsikt.synthetic.generate import GeneratedLedger, generate
from uppsikt.workspace.dimensions import read_organisation

OUTCOME = Scenario.OUTCOME
BUDGET = Scenario.BUDGET

MAPPING = MappingTables(
    accounts={"3110": "INT", "5010": "PERS", "6110": "LOKAL", "1930": None, "4999": None},
    ignored={"1930", "2440"},
    enhet={"1100": "KS-LED", "1110": "KS-LED", "2110": "BUN-FSK"},
    verksamhet={"110": "POL", "407": "FSK"},
)

ROWS = [
    # A cost on two ansvar codes of the same enhet, paid from the bank.
    LedgerRow(2024, 1, OUTCOME, "5010", Decimal("1000.00"), "1100", "110"),
    LedgerRow(2024, 2, OUTCOME, "5010", Decimal("500.25"), "1110", "110"),
    LedgerRow(2024, 2, OUTCOME, "1930", Decimal("-1500.25")),
    # Income: credit in the ledger, positive in the report.
    LedgerRow(2024, 3, OUTCOME, "3110", Decimal("-300.00"), "2110", "407"),
    LedgerRow(2024, 3, OUTCOME, "2440", Decimal("300.00")),
    # An ansvar no rule maps, an account no rule maps, a row without activity code.
    LedgerRow(2024, 4, OUTCOME, "6110", Decimal("70.00"), "9999", "407"),
    LedgerRow(2024, 4, OUTCOME, "4999", Decimal("5.00"), "2110", "407"),
    LedgerRow(2024, 0, BUDGET, "5010", Decimal("1800.00"), "1100"),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LedgerStore]:
    with LedgerStore(tmp_path / "ekonomi.duckdb") as opened:
        opened.import_rows(ROWS[:-1], source="u", file="u.se", kind="sie")
        opened.import_rows(ROWS[-1:], source="b", file="b.csv", kind="csv")
        yield opened


def fact(scenario: Scenario, amount: str, **members: str) -> Fact:
    return Fact(2024, scenario, Decimal(amount), tuple(sorted(members.items())))


def test_facts_have_the_report_sign_and_the_mapped_members(store: LedgerStore) -> None:
    assert set(facts_from_ledger(store, MAPPING)) == {
        fact(OUTCOME, "-1500.25", enhet="KS-LED", kontogrupp="PERS", verksamhet="POL"),
        fact(OUTCOME, "300.00", enhet="BUN-FSK", kontogrupp="INT", verksamhet="FSK"),
        # Unmapped codes leave the dimension out; the amount still counts in the others.
        fact(OUTCOME, "-70.00", kontogrupp="LOKAL", verksamhet="FSK"),
        fact(OUTCOME, "-5.00", enhet="BUN-FSK", verksamhet="FSK"),
        # An empty activity code: no verksamhet member.
        fact(BUDGET, "-1800.00", enhet="KS-LED", kontogrupp="PERS"),
    }


def test_ignored_accounts_never_become_facts(store: LedgerStore) -> None:
    facts = facts_from_ledger(store, MAPPING)
    assert sum(f.amount for f in facts if f.scenario is OUTCOME) == Decimal("-1275.25")


def test_unmapped_codes_are_listed_with_their_amounts(store: LedgerStore) -> None:
    summary = unmapped_summary(store.ledger_table(), MAPPING)
    assert [(u.dimension, u.code, u.scenario, u.amount, u.rows) for u in summary.unmapped] == [
        ("konto", "4999", OUTCOME, Decimal("-5.00"), 1),
        ("enhet", "9999", OUTCOME, Decimal("-70.00"), 1),
    ]


def decimals(*values: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in values)


def test_totals_before_and_after_mapping_agree(store: LedgerStore) -> None:
    summary = unmapped_summary(store.ledger_table(), MAPPING)
    figures = {
        (r.dimension, r.scenario): (r.total, r.ignored, r.mapped, r.unmapped, r.empty)
        for r in summary.reconciliations
    }
    assert figures[("konto", OUTCOME)] == decimals("-75", "1200.25", "-1270.25", "-5", "0")
    assert figures[("enhet", OUTCOME)] == decimals("-75", "1200.25", "-1205.25", "-70", "0")
    assert figures[("verksamhet", BUDGET)] == decimals("-1800", "0", "0", "0", "-1800")
    assert all(r.balanced for r in summary.reconciliations)
    facts = facts_from_ledger(store, MAPPING)
    for r in summary.reconciliations:
        if r.dimension == "konto":
            in_facts = [
                f.amount for f in facts if f.scenario is r.scenario and f.member("kontogrupp")
            ]
            assert sum(in_facts) == r.mapped


def test_a_dimension_can_be_left_out_or_fed_from_another_object(store: LedgerStore) -> None:
    by_activity = MappingTables(
        accounts=MAPPING.accounts,
        ignored=MAPPING.ignored,
        enhet={"110": "KS", "407": "BUN"},
        verksamhet={},
        enhet_from="verksamhet",
        verksamhet_from="",
    )
    facts = facts_from_ledger(store, by_activity)
    assert all(f.member("verksamhet") is None for f in facts)
    assert {f.member("enhet") for f in facts} == {"KS", "BUN", None}
    summary = unmapped_summary(store.ledger_table(), by_activity)
    assert {r.dimension for r in summary.reconciliations} == {"konto", "enhet"}


def test_the_same_object_can_feed_both_dimensions(store: LedgerStore) -> None:
    both = MappingTables(
        accounts=MAPPING.accounts,
        ignored=MAPPING.ignored,
        enhet={"407": "BUN"},
        verksamhet=MAPPING.verksamhet,
        enhet_from="verksamhet",
        verksamhet_from="verksamhet",
    )
    facts = facts_from_ledger(store, both)
    assert fact(OUTCOME, "300.00", enhet="BUN", kontogrupp="INT", verksamhet="FSK") in facts


def test_an_unknown_ledger_object_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown ledger object"):
        MappingTables({}, set(), {}, {}, enhet_from="konto")


def expected_facts(rows: list[LedgerRow], mapping: MappingTables) -> set[Fact]:
    """The facts computed the plain way, one row at a time."""
    sums: dict[tuple[int, Scenario, tuple[tuple[str, str], ...]], Decimal] = defaultdict(Decimal)
    for r in rows:
        if r.account in mapping.ignored:
            continue
        members = {
            "kontogrupp": mapping.accounts.get(r.account),
            "enhet": mapping.enhet.get(r.ansvar),
            "verksamhet": mapping.verksamhet.get(r.verksamhet),
        }
        dimensions = tuple(sorted((d, m) for d, m in members.items() if m is not None))
        sums[(r.year, r.scenario, dimensions)] -= r.amount
    return {Fact(y, s, amount, d) for (y, s, d), amount in sums.items()}


codes = st.sampled_from(["", "1100", "1110", "2110", "9999"])
ledger_rows = st.lists(
    st.builds(
        LedgerRow,
        year=st.sampled_from([2023, 2024]),
        period=st.integers(0, 12),
        scenario=st.sampled_from([OUTCOME, BUDGET]),
        account=st.sampled_from(["3110", "5010", "1930", "4999", "7777"]),
        amount=st.decimals(-(10**6), 10**6, places=2),
        ansvar=codes,
        verksamhet=st.sampled_from(["", "110", "407", "999"]),
    ),
    max_size=40,
)


@settings(max_examples=30, deadline=None)
@given(ledger_rows)
def test_ledger_facts_equal_the_facts_computed_row_by_row(rows: list[LedgerRow]) -> None:
    batches = [record_batch(rows)] if rows else []
    ledger = ibis.memtable(pa.Table.from_batches(batches, schema=ARROW_SCHEMA))
    got = facts_from_arrow(ledger_facts(ledger, MAPPING).to_pyarrow())
    summary = unmapped_summary(ledger, MAPPING)
    assert set(got) == expected_facts(rows, MAPPING)
    assert len(got) == len(set(got))
    assert all(r.balanced for r in summary.reconciliations)
    total = sum((-r.amount for r in rows), Decimal(0))
    assert sum(r.total for r in summary.reconciliations if r.dimension == "konto") == total


# The store's aggregate (ledger_agg, issue #15): kept at every import, replacement and removal,
# it gives exactly the facts and monthly amounts of the raw rows, under any mapping.


def changed_mapping(mapping: MappingTables) -> MappingTables:
    """Another mappning.yaml for the same ledger: accounts of class 4 unmapped, those of class
    6 ignored, the ansvar codes dealt onto the units anew, verksamhet not used."""
    units = sorted(set(mapping.enhet.values()))
    return MappingTables(
        accounts={a: g for a, g in mapping.accounts.items() if not a.startswith("4")},
        ignored={*mapping.ignored, *(a for a in mapping.accounts if a.startswith("6"))},
        enhet={code: units[i % len(units)] for i, code in enumerate(sorted(mapping.enhet))},
        verksamhet={},
        verksamhet_from="",
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> GeneratedLedger:
    return generate(tmp_path_factory.mktemp("generated"), rows=20_000, seed=7, year=2024)


def organisation_of(ledger: GeneratedLedger) -> Dimension:
    sink = Sink(ledger.organisation_file.name)
    node = Node.root(load_yaml(ledger.organisation_file, sink), sink, "en karta")
    organisation = read_organisation(node) if node is not None else None
    assert organisation is not None
    return organisation


def assert_aggregate_is_the_raw_rows(path: Path, ledger: GeneratedLedger) -> None:
    """The stored sums equal the raw rows summed now; facts and monthly amounts from the
    aggregate equal those from the raw rows, under the generated and a changed mapping."""
    legacy = path.with_name("utan-aggregat.duckdb")
    shutil.copy(path, legacy)
    with duckdb.connect(str(legacy)) as con:
        con.execute("DROP TABLE ledger_agg; DROP TABLE ledger_agg_year")
    organisation = organisation_of(ledger)
    with LedgerStore(path, read_only=True) as store, LedgerStore(legacy, read_only=True) as raw:
        assert store.aggregated
        assert not raw.aggregated
        query = "SELECT * FROM {} ORDER BY ALL"
        stored = store.connection.execute(query.format(ledger_agg.TABLE)).fetchall()
        assert stored == store.connection.execute(query.format(ledger_agg.RAW_SUMS)).fetchall()
        assert stored  # a ledger of rows, not an empty comparison
        years = ", ".join(ledger_agg.YEAR_GRAIN)
        summed = f"SELECT {years}, sum(amount), count(*) FROM ledger GROUP BY ALL ORDER BY ALL"
        per_year = store.connection.execute(query.format(ledger_agg.YEAR_TABLE)).fetchall()
        assert per_year == store.connection.execute(summed).fetchall()
        assert store.totals() == raw.totals()
        assert code_totals(store) == code_totals_of_rows(store)
        for mapping in (ledger.mapping, changed_mapping(ledger.mapping)):
            from_rows = facts_from_arrow(ledger_facts(store.ledger_table(), mapping).to_pyarrow())
            assert facts_from_ledger(store, mapping) == from_rows
            assert facts_from_ledger(raw, mapping) == from_rows
            monthly = monthly_ledger(store, mapping, organisation)
            assert monthly is not None
            assert monthly.amounts
            assert monthly == monthly_ledger(raw, mapping, organisation)
    legacy.unlink()


def code_totals_of_rows(store: LedgerStore) -> dict[str, dict[str, Decimal]]:
    """What the mapping is checked against, one column at a time from the raw rows."""
    found: dict[str, dict[str, Decimal]] = {}
    for key, column in (("konto", "account"), *((c, c) for c in OBJECT_DIMENSIONS)):
        query = f"SELECT {column}, sum(amount) FROM ledger GROUP BY ALL"
        found[key] = {code: amount for code, amount in store.connection.execute(query).fetchall()}
    return found


def outcome_part(ledger: GeneratedLedger, first: int, last: int) -> pa.Table:
    """Every other voucher row of the periods first–last: a corrected export of them."""
    table = pq.read_table(ledger.parquet, columns=list(LEDGER_COLUMNS))
    period = table.column("period")
    part = table.filter(pc.and_(pc.greater_equal(period, first), pc.less_equal(period, last)))
    return part.take(pa.array(range(0, part.num_rows, 2)))


def test_the_aggregate_follows_imports_replacements_and_removals(
    generated: GeneratedLedger, tmp_path: Path
) -> None:
    path = tmp_path / "ekonomi.duckdb"
    with LedgerStore(path) as store:
        store.import_parquet(generated.parquet, source="huvudbok")
        store.import_parquet(generated.budget_parquet, source="budget")
    assert_aggregate_is_the_raw_rows(path, generated)
    with LedgerStore(path) as store:
        before = store.totals()
        summary = store.import_arrow(
            outcome_part(generated, 3, 5), source="huvudbok", file="mars-maj.se", kind="sie"
        )
        assert summary.groups[0].replaced > summary.rows  # half of the periods' rows came back
        store.import_arrow(outcome_part(generated, 7, 7), source="rättelse", file="r", kind="sie")
        assert store.totals() != before
    assert_aggregate_is_the_raw_rows(path, generated)
    with LedgerStore(path) as store:
        assert store.remove_source("rättelse") > 0
        assert "rättelse" not in store.sources()
    assert_aggregate_is_the_raw_rows(path, generated)


def test_a_failed_import_leaves_the_aggregate_as_it_was(
    generated: GeneratedLedger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_: object) -> None:
        raise RuntimeError("disk full")

    with LedgerStore(tmp_path / "ekonomi.duckdb") as store:
        store.import_parquet(generated.budget_parquet, source="budget")
        query = "SELECT * FROM ledger_agg UNION ALL BY NAME FROM ledger_agg_year ORDER BY ALL"
        before = store.connection.execute(query).fetchall()
        rows = store.totals()
        monkeypatch.setattr(ledger_agg, "add", fail)
        with pytest.raises(RuntimeError):
            store.import_parquet(generated.budget_parquet, source="budget")
        with pytest.raises(RuntimeError):
            store.import_parquet(generated.parquet, source="huvudbok")
        assert store.connection.execute(query).fetchall() == before
        assert store.totals() == rows
        assert store.sources() == ("budget",)


def test_a_store_from_before_the_aggregate_gets_it_when_opened_for_writing(
    generated: GeneratedLedger, tmp_path: Path
) -> None:
    path = tmp_path / "ekonomi.duckdb"
    with LedgerStore(path) as store:
        store.import_parquet(generated.budget_parquet, source="budget")
        expected = [
            store.connection.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            for table in (ledger_agg.TABLE, ledger_agg.YEAR_TABLE)
        ]
    with duckdb.connect(str(path)) as con:
        con.execute("DROP TABLE ledger_agg; DROP TABLE ledger_agg_year")
    assert verify_store_file(path) is None  # an older store is still ours
    with LedgerStore(path, read_only=True) as old:
        assert not old.aggregated
        assert old.totals()[0].rows == generated.budget_rows
    with LedgerStore(path) as migrated:
        assert migrated.aggregated
        found = [
            migrated.connection.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            for table in (ledger_agg.TABLE, ledger_agg.YEAR_TABLE)
        ]
    assert found == expected
    assert all(found)
    assert verify_store_file(path) is None
