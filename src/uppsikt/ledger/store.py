"""The ledger store: every imported ledger row in one embedded DuckDB file.

An import is all-or-nothing. Rows are first streamed into a temporary staging table (Arrow
record batches, never one INSERT per row), validated, and then written in one transaction
that, per (year, scenario) of the import, deletes the rows it replaces (the same source's rows
in the same periods), inserts the new rows and records the import. A source is one stream of
exports (a källa: the ledger, the budget, an export per ansvar …): importing it again for the
same periods replaces what it brought before, and never what other sources brought. Any
exception rolls the transaction back; a process killed midway leaves the file as it was,
because DuckDB only makes a transaction durable when it commits (write-ahead log).

Invariant kept by every import: per source, year and scenario, the total recorded in
``imports`` is the sum of the ledger's amounts.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import ibis
import pyarrow as pa

from uppsikt.ledger.model import LEDGER_SCHEMA, WHOLE_YEAR, LedgerRow
from uppsikt.model.economy import Scenario

BATCH_ROWS = 100_000
"""Rows per Arrow record batch when streaming Python rows into the staging table."""

LEDGER_COLUMNS = (
    "year",
    "period",
    "scenario",
    "account",
    "ansvar",
    "verksamhet",
    "projekt",
    "amount",
)
"""The columns an import provides (``source`` is added by the store)."""

ARROW_SCHEMA = pa.schema(
    [
        ("year", pa.int16()),
        ("period", pa.int8()),
        ("scenario", pa.string()),
        ("account", pa.string()),
        ("ansvar", pa.string()),
        ("verksamhet", pa.string()),
        ("projekt", pa.string()),
        ("amount", pa.decimal128(18, 2)),
    ]
)

_STAGING_COLUMNS = """
    year SMALLINT, period TINYINT, scenario VARCHAR, account VARCHAR, ansvar VARCHAR,
    verksamhet VARCHAR, projekt VARCHAR, amount DECIMAL(18, 2)
"""
_SCENARIOS = tuple(s.value for s in Scenario)


class LedgerImportError(Exception):
    """The rows cannot be imported; nothing was written. The message is in Swedish."""


@dataclass(frozen=True, slots=True)
class ImportGroup:
    """What an import wrote for one year and scenario."""

    year: int
    scenario: Scenario
    period_from: int
    period_to: int
    rows: int
    total: Decimal
    """Sum of the amounts (ledger sign)."""
    replaced: int
    """Rows of earlier imports deleted (same periods, or the same source imported again)."""


@dataclass(frozen=True, slots=True)
class ImportSummary:
    source: str
    file: str
    kind: str
    groups: tuple[ImportGroup, ...]

    @property
    def rows(self) -> int:
        return sum(g.rows for g in self.groups)

    @property
    def total(self) -> Decimal:
        return sum((g.total for g in self.groups), Decimal(0))


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One row of the ``imports`` table."""

    source: str
    file: str
    kind: str
    imported_at: datetime.datetime
    year: int
    scenario: Scenario
    period_from: int
    period_to: int
    rows: int
    total: Decimal


@dataclass(frozen=True, slots=True)
class LedgerTotal:
    year: int
    scenario: Scenario
    rows: int
    total: Decimal
    """Sum of the amounts (ledger sign); 0 for a balanced year of vouchers."""


class LedgerStore:
    """The ledger tables in a DuckDB file, created with the schema when absent."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        if read_only and not path.exists():
            raise FileNotFoundError(path)
        self._con = duckdb.connect(str(path), read_only=read_only)
        self._ibis: Any = None
        if not read_only:
            self._con.execute(LEDGER_SCHEMA)

    def __enter__(self) -> LedgerStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._ibis is not None:
            self._ibis.disconnect()
            self._ibis = None
        self._con.close()

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for queries the store has no method for."""
        return self._con

    def ledger_table(self) -> ibis.Table:
        """The ``ledger`` table as an Ibis expression (DuckDB backend, same database)."""
        if self._ibis is None:
            self._ibis = ibis.duckdb.from_connection(self._con.cursor())
        table: ibis.Table = self._ibis.table("ledger")
        return table

    def import_rows(
        self, rows: Iterable[LedgerRow], *, source: str, file: str, kind: str
    ) -> ImportSummary:
        """Import ledger rows, replacing what they cover; all or nothing."""
        staging = f"staging_{uuid.uuid4().hex}"
        self._con.execute(f"CREATE TEMP TABLE {staging} ({_STAGING_COLUMNS})")
        try:
            for batch in _record_batches(rows):
                self._con.register("uppsikt_batch", batch)
                try:
                    self._con.execute(f"INSERT INTO {staging} SELECT * FROM uppsikt_batch")
                finally:
                    self._con.unregister("uppsikt_batch")
            return self._import(staging, source=source, file=file, kind=kind)
        finally:
            self._con.execute(f"DROP TABLE IF EXISTS {staging}")

    def import_parquet(
        self, path: Path, *, source: str, file: str | None = None, kind: str = "parquet"
    ) -> ImportSummary:
        """Import a Parquet file with the ledger columns (other columns are ignored)."""
        if not path.is_file():
            raise LedgerImportError(f"Filen {path} finns inte.")
        columns = ", ".join(f"CAST({c} AS {t}) AS {c}" for c, t in _COLUMN_TYPES)
        escaped = str(path).replace("'", "''")
        relation = f"(SELECT {columns} FROM read_parquet('{escaped}'))"
        return self._import(relation, source=source, file=file or path.name, kind=kind)

    def import_arrow(self, table: pa.Table, *, source: str, file: str, kind: str) -> ImportSummary:
        """Import an Arrow table with the ledger columns (the fast SIE reader's result)."""
        name = f"uppsikt_arrow_{uuid.uuid4().hex}"
        self._con.register(name, table)
        try:
            columns = ", ".join(f"CAST({c} AS {t}) AS {c}" for c, t in _COLUMN_TYPES)
            return self._import(
                f"(SELECT {columns} FROM {name})", source=source, file=file, kind=kind
            )
        finally:
            self._con.unregister(name)

    def imports(self) -> tuple[ImportRecord, ...]:
        rows = self._con.execute(
            "SELECT source, file, kind, imported_at, year, scenario, period_from, period_to,"
            " rows, total FROM imports ORDER BY year, scenario, period_from, source"
        ).fetchall()
        return tuple(
            ImportRecord(s, f, k, at, y, Scenario(sc), pf, pt, n, t)
            for s, f, k, at, y, sc, pf, pt, n, t in rows
        )

    def totals(self) -> tuple[LedgerTotal, ...]:
        """Rows and sum of amounts per year and scenario."""
        rows = self._con.execute(
            "SELECT year, scenario, count(*), sum(amount) FROM ledger"
            " GROUP BY year, scenario ORDER BY year, scenario"
        ).fetchall()
        return tuple(LedgerTotal(y, Scenario(s), n, Decimal(t)) for y, s, n, t in rows)

    def _import(self, relation: str, *, source: str, file: str, kind: str) -> ImportSummary:
        groups = self._validated_groups(relation)
        if not groups:
            return ImportSummary(source, file, kind, ())
        con = self._con
        con.begin()
        try:
            replaced: dict[tuple[int, str], int] = {}
            for year, scenario, first, last, _, _ in groups:
                replaced[(year, scenario)] = self._delete_replaced(
                    year, scenario, first, last, source
                )
            con.execute(f"INSERT INTO ledger SELECT ?, * FROM {relation}", [source])
            self._record_import(groups, source=source, file=file, kind=kind)
            con.commit()
        except BaseException:
            con.rollback()
            raise
        return ImportSummary(
            source,
            file,
            kind,
            tuple(
                ImportGroup(y, Scenario(s), f, t, n, total, replaced[(y, s)])
                for y, s, f, t, n, total in groups
            ),
        )

    def _validated_groups(self, relation: str) -> list[tuple[int, str, int, int, int, Decimal]]:
        """(year, scenario, first period, last period, rows, total) per group of the rows to
        import, in one pass; LedgerImportError when a row cannot be stored."""
        allowed = ", ".join(f"'{s}'" for s in _SCENARIOS)
        nulls = " OR ".join(f"{c} IS NULL" for c in LEDGER_COLUMNS)
        rows = self._con.execute(
            "SELECT year, scenario, min(period), max(period), count(*), sum(amount),"
            f" count(*) FILTER ({nulls}),"
            f" count(*) FILTER (period NOT BETWEEN {WHOLE_YEAR} AND 12),"
            f" count(*) FILTER (scenario NOT IN ({allowed}))"
            f" FROM {relation} GROUP BY year, scenario ORDER BY year, scenario"
        ).fetchall()
        problems = {
            "saknar värden": sum(r[6] for r in rows),
            "har en period utanför 0–12": sum(r[7] for r in rows),
            f"har ett annat scenario än {', '.join(_SCENARIOS)}": sum(r[8] for r in rows),
        }
        found = [f"{count} rader {what}" for what, count in problems.items() if count]
        if found:
            raise LedgerImportError("Importen avbröts: " + "; ".join(found) + ".")
        return [(y, s, f, t, n, Decimal(total)) for y, s, f, t, n, total, *_ in rows]

    def _delete_replaced(self, year: int, scenario: str, first: int, last: int, source: str) -> int:
        """Delete the source's rows of the year and scenario in the periods imported. Other
        sources (another export of the same year, a budget) are never touched."""
        deleted = self._con.execute(
            "DELETE FROM ledger WHERE source = ? AND year = ? AND scenario = ?"
            " AND period BETWEEN ? AND ?",
            [source, year, scenario, first, last],
        ).fetchone()
        return int(deleted[0]) if deleted else 0

    def _record_import(
        self,
        groups: list[tuple[int, str, int, int, int, Decimal]],
        *,
        source: str,
        file: str,
        kind: str,
    ) -> None:
        """Record, per (year, scenario) of the import, what the source now holds there (its
        earlier periods included), so the imports' totals always add up to the ledger."""
        con = self._con
        now = datetime.datetime.now().replace(microsecond=0)
        for year, scenario, *_ in groups:
            con.execute(
                "DELETE FROM imports WHERE source = ? AND year = ? AND scenario = ?",
                [source, year, scenario],
            )
            con.execute(
                "INSERT INTO imports SELECT ?, ?, ?, ?, year, scenario, min(period),"
                " max(period), count(*), sum(amount) FROM ledger"
                " WHERE source = ? AND year = ? AND scenario = ? GROUP BY year, scenario",
                [source, file, kind, now, source, year, scenario],
            )


_COLUMN_TYPES = (
    ("year", "SMALLINT"),
    ("period", "TINYINT"),
    ("scenario", "VARCHAR"),
    ("account", "VARCHAR"),
    ("ansvar", "VARCHAR"),
    ("verksamhet", "VARCHAR"),
    ("projekt", "VARCHAR"),
    ("amount", "DECIMAL(18, 2)"),
)


def _record_batches(rows: Iterable[LedgerRow]) -> Iterator[pa.RecordBatch]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH_ROWS)):
        yield record_batch(batch)


def record_batch(rows: list[LedgerRow]) -> pa.RecordBatch:
    """Ledger rows as one Arrow record batch with the store's column types."""
    try:
        return pa.record_batch(
            [
                pa.array([r.year for r in rows], pa.int16()),
                pa.array([r.period for r in rows], pa.int8()),
                pa.array([r.scenario.value for r in rows], pa.string()),
                pa.array([r.account for r in rows], pa.string()),
                pa.array([r.ansvar for r in rows], pa.string()),
                pa.array([r.verksamhet for r in rows], pa.string()),
                pa.array([r.projekt for r in rows], pa.string()),
                pa.array([r.amount for r in rows], pa.decimal128(18, 2)),
            ],
            schema=ARROW_SCHEMA,
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
        raise LedgerImportError(
            f"Importen avbröts: en rad kan inte lagras ({exc}). Belopp får ha högst två"
            " decimaler och högst 16 siffror före decimaltecknet."
        ) from exc
