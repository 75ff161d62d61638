"""From ledger rows to facts: the mapping, the report sign, and every krona accounted for."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import ibis
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uppsikt.ledger.aggregate import (
    MappingTables,
    facts_from_arrow,
    facts_from_ledger,
    ledger_facts,
    unmapped_summary,
)
from uppsikt.ledger.model import LedgerRow
from uppsikt.ledger.store import ARROW_SCHEMA, LedgerStore, record_batch
from uppsikt.model.economy import Fact, Scenario

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
