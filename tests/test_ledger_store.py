"""The ledger store: imports replace what they cover, keep the rest, and are all or nothing —
also when the process is killed in the middle of one."""

from __future__ import annotations

import signal
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uppsikt.ledger import store as store_module
from uppsikt.ledger.model import LedgerRow
from uppsikt.ledger.store import LedgerImportError, LedgerStore
from uppsikt.model.economy import Scenario

OUTCOME = Scenario.OUTCOME
BUDGET = Scenario.BUDGET


def row(
    period: int,
    amount: str,
    account: str = "5010",
    *,
    ansvar: str = "",
    year: int = 2024,
    scenario: Scenario = OUTCOME,
) -> LedgerRow:
    return LedgerRow(year, period, scenario, account, Decimal(amount), ansvar)


def quarter(amount: str = "100.00", periods: range = range(1, 4)) -> list[LedgerRow]:
    """A cost and its payment per period: balanced."""
    rows: list[LedgerRow] = []
    for p in periods:
        rows += [row(p, amount, ansvar="1100"), row(p, f"-{amount}", "1930")]
    return rows


def content(store: LedgerStore) -> list[tuple[object, ...]]:
    return store.connection.execute(
        "SELECT source, year, period, scenario, account, ansvar, amount FROM ledger ORDER BY ALL"
    ).fetchall()


def group_sums(store: LedgerStore) -> dict[tuple[int, Scenario], tuple[int, Decimal]]:
    return {(t.year, t.scenario): (t.rows, t.total) for t in store.totals()}


def import_sums(store: LedgerStore) -> dict[tuple[int, Scenario], tuple[int, Decimal]]:
    sums: dict[tuple[int, Scenario], tuple[int, Decimal]] = {}
    for record in store.imports():
        rows, total = sums.get((record.year, record.scenario), (0, Decimal(0)))
        sums[(record.year, record.scenario)] = (rows + record.rows, total + record.total)
    return sums


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LedgerStore]:
    with LedgerStore(tmp_path / "ekonomi.duckdb") as opened:
        yield opened


def test_import_writes_rows_and_records_the_import(store: LedgerStore) -> None:
    summary = store.import_rows(quarter(), source="q1#abc", file="q1.se", kind="sie")
    assert summary.rows == 6
    assert summary.total == 0
    [group] = summary.groups
    assert (group.year, group.scenario, group.period_from, group.period_to) == (2024, OUTCOME, 1, 3)
    assert group.replaced == 0
    [record] = store.imports()
    assert (record.source, record.file, record.kind, record.rows) == ("q1#abc", "q1.se", "sie", 6)
    assert [(t.year, t.scenario, t.rows, t.total) for t in store.totals()] == [
        (2024, OUTCOME, 6, Decimal("0.00"))
    ]
    assert store.ledger_table().count().to_pyarrow().as_py() == 6


def test_importing_the_same_period_again_replaces_it_and_keeps_the_others(
    store: LedgerStore,
) -> None:
    store.import_rows(quarter("100.00"), source="huvudbok", file="q1.se", kind="sie")
    store.import_rows([row(0, "5000", scenario=BUDGET)], source="b", file="b.csv", kind="csv")
    summary = store.import_rows(
        [row(2, "250.50", ansvar="1100"), row(2, "-250.50", "1930")],
        source="huvudbok",
        file="feb.se",
        kind="sie",
    )
    assert summary.groups[0].replaced == 2
    rows = content(store)
    assert [(r[0], r[2], r[6]) for r in rows if r[4] == "5010" and r[3] == "utfall"] == [
        ("huvudbok", 1, Decimal("100.00")),
        ("huvudbok", 2, Decimal("250.50")),
        ("huvudbok", 3, Decimal("100.00")),
    ]
    assert ("b", 2024, 0, "budget", "5010", "", Decimal("5000.00")) in rows
    # The source's record describes everything it holds now, earlier periods included.
    records = {r.source: r for r in store.imports()}
    record = records["huvudbok"]
    assert (record.rows, record.period_from, record.period_to, record.file) == (6, 1, 3, "feb.se")
    assert import_sums(store) == group_sums(store)


def test_other_sources_of_the_same_periods_are_never_replaced(store: LedgerStore) -> None:
    """Three exports of the same year (per ansvar, per account, per activity) live side by side."""
    store.import_rows(quarter("100.00"), source="ansvar", file="a.csv", kind="csv")
    store.import_rows(quarter("7.00"), source="konto", file="k.xlsx", kind="xlsx")
    assert sorted(r.source for r in store.imports()) == ["ansvar", "konto"]
    assert len(content(store)) == 12
    assert import_sums(store) == group_sums(store)


def test_the_same_source_imported_twice_is_stored_once(store: LedgerStore) -> None:
    store.import_rows(quarter(), source="q1", file="q1.se", kind="sie")
    again = store.import_rows(quarter(), source="q1", file="q1.se", kind="sie")
    assert again.groups[0].replaced == 6
    assert len(content(store)) == 6
    assert len(store.imports()) == 1


def test_other_years_and_scenarios_are_kept(store: LedgerStore) -> None:
    store.import_rows([row(1, "10", year=2023)], source="old", file="o.se", kind="sie")
    store.import_rows([row(1, "20", scenario=BUDGET)], source="bud", file="b.se", kind="sie")
    store.import_rows([row(1, "30")], source="new", file="n.se", kind="sie")
    assert {(r[0], r[1], r[3]) for r in content(store)} == {
        ("old", 2023, "utfall"),
        ("bud", 2024, "budget"),
        ("new", 2024, "utfall"),
    }


def failing_after(rows: list[LedgerRow], count: int) -> Iterator[LedgerRow]:
    yield from rows[:count]
    raise OSError("the file was truncated")


def test_an_import_failing_midway_changes_nothing(
    store: LedgerStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.import_rows(quarter(), source="q1", file="q1.se", kind="sie")
    before = (content(store), store.imports())
    monkeypatch.setattr(store_module, "BATCH_ROWS", 4)  # several batches staged before failing
    many = quarter("1.00", range(1, 13)) * 2
    with pytest.raises(OSError, match="truncated"):
        store.import_rows(failing_after(many, 30), source="bad", file="x.se", kind="sie")
    assert (content(store), store.imports()) == before
    # The store is usable afterwards.
    store.import_rows(quarter("2.00"), source="q1", file="q1b.se", kind="sie")
    assert [(r.source, r.file) for r in store.imports()] == [("q1", "q1b.se")]


def test_a_failure_inside_the_transaction_rolls_back_the_deletions(
    store: LedgerStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.import_rows(quarter(), source="q1", file="q1.se", kind="sie")
    before = (content(store), store.imports())

    def fail(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(LedgerStore, "_record_import", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        store.import_rows(quarter("9.00"), source="q1", file="n.se", kind="sie")
    assert (content(store), store.imports()) == before


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (row(13, "1"), "period utanför"),
        (row(1, "1.005"), "högst två decimaler"),
        (row(1, "1e17"), "högst två decimaler"),
    ],
)
def test_rows_that_cannot_be_stored_stop_the_import(
    store: LedgerStore, bad: LedgerRow, message: str
) -> None:
    store.import_rows(quarter(), source="q1", file="q1.se", kind="sie")
    before = content(store)
    with pytest.raises(LedgerImportError, match=message):
        store.import_rows([*quarter("5.00"), bad], source="bad", file="b.se", kind="sie")
    assert content(store) == before


def test_an_empty_import_changes_nothing(store: LedgerStore) -> None:
    store.import_rows(quarter(), source="q1", file="q1.se", kind="sie")
    summary = store.import_rows([], source="empty", file="e.se", kind="sie")
    assert summary.groups == ()
    assert len(content(store)) == 6


def test_an_import_with_several_years_and_scenarios_records_each(store: LedgerStore) -> None:
    rows = [row(1, "1"), row(0, "2", scenario=BUDGET), row(12, "3", year=2023)]
    summary = store.import_rows(rows, source="all", file="all.se", kind="sie")
    assert len(summary.groups) == 3
    assert import_sums(store) == group_sums(store)


def test_parquet_is_imported_without_python_rows(store: LedgerStore, tmp_path: Path) -> None:
    path = tmp_path / "ledger.parquet"
    table = pa.table(
        {
            "year": pa.array([2024, 2024], pa.int32()),
            "period": [5, 6],
            "scenario": ["utfall", "utfall"],
            "account": ["4010", "2440"],
            "ansvar": ["2110", ""],
            "verksamhet": ["407", ""],
            "projekt": ["", ""],
            "amount": pa.array([Decimal("12.50"), Decimal("-12.50")], pa.decimal128(12, 2)),
            "voucher": [1, 1],  # extra columns are ignored
        }
    )
    pq.write_table(table, path)
    summary = store.import_parquet(path, source="pq#1")
    assert (summary.rows, summary.total, summary.kind, summary.file) == (
        2,
        Decimal(0),
        "parquet",
        "ledger.parquet",
    )
    assert content(store)[0] == ("pq#1", 2024, 5, "utfall", "4010", "2110", Decimal("12.50"))


def test_parquet_without_the_ledger_columns_is_refused(store: LedgerStore, tmp_path: Path) -> None:
    path = tmp_path / "other.parquet"
    pq.write_table(pa.table({"year": [2024], "amount": [1.0]}), path)
    store.import_rows(quarter(), source="q1", file="q1.se", kind="sie")
    with pytest.raises(Exception, match="period"):
        store.import_parquet(path, source="other")
    with pytest.raises(LedgerImportError, match="finns inte") as missing:
        store.import_parquet(tmp_path / "missing.parquet", source="missing")
    assert str(tmp_path) not in str(missing.value)  # the name, not the server's folders
    damaged = tmp_path / "damaged.parquet"
    damaged.write_bytes(b"PAR1 not a parquet file")
    with pytest.raises(LedgerImportError) as refused:
        store.import_parquet(damaged, source="damaged")
    # Swedish, naming the file and what to do; Arrow's own text stays in the log.
    assert str(refused.value) == (
        "Filen damaged.parquet kan inte läsas som Parquet (skadad eller av annat slag); "
        "exportera den igen."
    )
    assert len(content(store)) == 6


def test_read_only_store(tmp_path: Path) -> None:
    path = tmp_path / "ekonomi.duckdb"
    with pytest.raises(FileNotFoundError):
        LedgerStore(path, read_only=True)
    with LedgerStore(path) as writable:
        writable.import_rows(quarter(), source="q1", file="q1.se", kind="sie")
    with LedgerStore(path, read_only=True) as readable:
        assert readable.ledger_table().count().to_pyarrow().as_py() == 6
        with pytest.raises(Exception, match="read-only"):
            readable.import_rows(quarter(), source="q2", file="q2.se", kind="sie")


KILLED_IMPORT = """
import os, signal, sys
from decimal import Decimal
from pathlib import Path
from uppsikt.ledger.model import LedgerRow
from uppsikt.ledger.store import LedgerStore
from uppsikt.model.economy import Scenario

def kill(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

def rows():
    for i in range(300_000):
        if i == 250_000 and sys.argv[2] == "staging":
            kill()
        yield LedgerRow(2024, 1 + i % 12, Scenario.OUTCOME, "4010", Decimal(i % 1000), "1100")

if sys.argv[2] == "transaction":
    LedgerStore._record_import = kill  # after deleting and inserting, before the commit
with LedgerStore(Path(sys.argv[1])) as store:
    store.import_rows(rows(), source="q1", file="k.se", kind="sie")
"""


@pytest.mark.parametrize("moment", ["staging", "transaction"])
def test_a_killed_import_leaves_the_previous_data_intact(tmp_path: Path, moment: str) -> None:
    path = tmp_path / "ekonomi.duckdb"
    with LedgerStore(path) as before:
        before.import_rows(quarter(), source="q1", file="q1.se", kind="sie")
        before.import_rows([row(0, "5", scenario=BUDGET)], source="b", file="b.se", kind="sie")
        expected = (content(before), before.imports())
    script = tmp_path / "killed.py"
    script.write_text(textwrap.dedent(KILLED_IMPORT), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), str(path), moment], capture_output=True, check=False
    )
    assert result.returncode == -signal.SIGKILL, result.stderr.decode()
    with LedgerStore(path) as after:
        assert (content(after), after.imports()) == expected
        after.import_rows(quarter("3.00"), source="q1", file="q1b.se", kind="sie")
        assert {(r.source, r.file) for r in after.imports()} == {("q1", "q1b.se"), ("b", "b.se")}


# A model of the store: the rows of each import, minus what later imports of the same source
# replaced.
imports_strategy = st.lists(
    st.tuples(
        st.sampled_from(["huvudbok", "budget", "ansvar"]),
        st.sampled_from([(2023, OUTCOME), (2024, OUTCOME), (2024, BUDGET)]),
        st.lists(st.integers(0, 12), min_size=1, max_size=4),
        st.integers(-1000, 1000),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=25, deadline=None)
@given(imports_strategy)
def test_the_store_keeps_exactly_the_rows_of_the_latest_imports(
    imports: list[tuple[str, tuple[int, Scenario], list[int], int]],
) -> None:
    model: list[tuple[str, int, Scenario, int, Decimal]] = []
    with tempfile.TemporaryDirectory() as folder, LedgerStore(Path(folder) / "e.duckdb") as s:
        for source, (year, scenario), periods, amount in imports:
            first, last = min(periods), max(periods)
            model = [
                m
                for m in model
                if not (m[:3] == (source, year, scenario) and first <= m[3] <= last)
            ]
            model += [(source, year, scenario, p, Decimal(amount)) for p in periods]
            rows = [row(p, str(amount), year=year, scenario=scenario) for p in periods]
            s.import_rows(rows, source=source, file=f"{source}.csv", kind="csv")
        stored = s.connection.execute(
            "SELECT source, year, scenario, period, amount FROM ledger ORDER BY ALL"
        ).fetchall()
        assert stored == sorted((m[0], m[1], m[2].value, m[3], m[4]) for m in model)
        assert import_sums(s) == group_sums(s)
        assert {r.source for r in s.imports()} == {m[0] for m in model}
