"""The ledger store: every imported ledger row in one embedded DuckDB file.

An import is all-or-nothing. Rows are first streamed into a temporary staging table (Arrow
record batches, never one INSERT per row), validated, and then written in one transaction
that, per (year, scenario) of the import, deletes the rows it replaces (the same source's rows
in the same periods), inserts the new rows and records the import. A source is one stream of
exports (a källa: the ledger, the budget, an export per ansvar …): importing it again for the
same periods replaces what it brought before, and never what other sources brought. Any
exception rolls the transaction back; a process killed midway leaves the file as it was,
because DuckDB only makes a transaction durable when it commits (write-ahead log).

Invariants kept by every import and removal: per source, year and scenario, the total recorded
in ``imports`` is the sum of the ledger's amounts; and ``ledger_agg`` holds the ledger's sums
per source, year, period, scenario, account and object codes, and ``ledger_agg_year`` those
per year (``uppsikt.ledger.ledger_agg``), changed in the same transaction as the rows, so the
reports read them instead of the rows.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import ibis
import pyarrow as pa
import pyarrow.dataset as ds

from uppsikt.ledger import ledger_agg
from uppsikt.ledger.arrow import (
    ARROW_SCHEMA,
    BATCH_ROWS,
    LedgerImportError,
    record_batch,
    record_batches,
)
from uppsikt.ledger.imported import ImportGroup, ImportRecord, ImportSummary, LedgerTotal
from uppsikt.ledger.model import LEDGER_SCHEMA, WHOLE_YEAR, LedgerRow
from uppsikt.ledger.verify import SAFE_CONFIG, schema_refusal
from uppsikt.located.limits import limits
from uppsikt.model.economy import Scenario

_log = logging.getLogger(__name__)

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

_STAGING_COLUMNS = """
    year SMALLINT, period TINYINT, scenario VARCHAR, account VARCHAR, ansvar VARCHAR,
    verksamhet VARCHAR, projekt VARCHAR, amount DECIMAL(18, 2)
"""
_SCENARIOS = tuple(s.value for s in Scenario)
__all__ = [
    "ARROW_SCHEMA",
    "BATCH_ROWS",
    "LEDGER_COLUMNS",
    "ImportGroup",
    "ImportRecord",
    "ImportSummary",
    "LedgerImportError",
    "LedgerStore",
    "LedgerTotal",
    "StoreRefused",
    "record_batch",
]


class StoreRefused(LedgerImportError):
    """The store file is not a ledger store of ours (views, macros, other tables …) or is
    damaged; nothing was read from it. The message is in Swedish."""


class LedgerStore:
    """The ledger tables in a DuckDB file, created with the schema when absent."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        """Open (or create) the store. The connection reads no file but the store itself
        (``enable_external_access`` off: a view or macro smuggled into the file cannot read
        ``/etc/passwd``), loads no extension and has ``limits().duckdb_memory``; a file whose
        schema is not exactly ours is refused (``StoreRefused``) before anything reads it."""
        self.path = path
        if read_only and not path.exists():
            raise FileNotFoundError(path)
        existed = path.exists() and path.stat().st_size > 0
        config = {**SAFE_CONFIG, "memory_limit": limits().duckdb_memory}
        self._con = duckdb.connect(str(path), read_only=read_only, config=config)
        self._ibis: Any = None
        try:
            refusal = schema_refusal(self._con, path.name) if existed else None
        except duckdb.Error:
            refusal = f"{path.name} kan inte läsas som en huvudbok (filen är skadad)."
        if refusal is not None:
            self._con.close()
            raise StoreRefused(refusal)
        self._aggregated = not read_only or ledger_agg.has_aggregate(self._con)
        if not read_only:
            self._create_tables()

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
        """The ``ledger`` table (every raw row) as an Ibis expression (DuckDB backend, same
        database): for drill-down and verification; reports read ``aggregate_relation``."""
        table: ibis.Table = self._backend().table("ledger")
        return table

    @property
    def aggregated(self) -> bool:
        """Whether the store has ``ledger_agg`` (one written before it, opened read-only, has
        not: its sums are then computed from the raw rows)."""
        return self._aggregated

    def aggregate_relation(self) -> str:
        """The ledger's sums (``ledger_agg``: the ledger columns and ``rows``) for SQL: a table
        name, or for a store from before the aggregates opened read-only, a parenthesised query
        computing the same sums from the raw rows."""
        return ledger_agg.TABLE if self._aggregated else ledger_agg.RAW_SUMS

    def year_relation(self) -> str:
        """The ledger's sums per year, scenario, account and object codes (``ledger_agg_year``,
        columns YEAR_GRAIN, amount and rows) for SQL: a table name or a parenthesised query."""
        return ledger_agg.YEAR_TABLE if self._aggregated else ledger_agg.RAW_SUMS

    def rebuild_aggregate(self) -> None:
        """Sum the aggregates afresh from the raw rows, in one transaction (a repair: every
        import and removal keeps them without this)."""
        self._transaction(lambda: ledger_agg.rebuild(self._con))

    def _backend(self) -> Any:
        if self._ibis is None:
            self._ibis = ibis.duckdb.from_connection(self._con.cursor())
        return self._ibis

    def _create_tables(self) -> None:
        """Create the tables that are missing; a store written before the aggregates existed
        gets them summed from its rows, once, in the same transaction."""
        migrating = not ledger_agg.has_aggregate(self._con)

        def create() -> None:
            self._con.execute(LEDGER_SCHEMA)
            if migrating:
                ledger_agg.rebuild(self._con)

        self._transaction(create)

    def _transaction(self, work: Callable[[], object]) -> None:
        con = self._con
        con.begin()
        try:
            work()
            con.commit()
        except BaseException:
            con.rollback()
            raise

    def import_rows(
        self, rows: Iterable[LedgerRow], *, source: str, file: str, kind: str
    ) -> ImportSummary:
        """Import ledger rows, replacing what they cover; all or nothing."""
        staging = f"staging_{uuid.uuid4().hex}"
        self._con.execute(f"CREATE TEMP TABLE {staging} ({_STAGING_COLUMNS})")
        try:
            for batch in record_batches(rows):
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
        """Import a Parquet file with the ledger columns (other columns are ignored). The
        file is scanned by Arrow (the store's connection reads no files itself)."""
        if not path.is_file():
            raise LedgerImportError(
                f"Filen {path.name} finns inte.",
            )
        try:
            dataset = ds.dataset(path, format="parquet")
        except (pa.ArrowException, OSError) as exc:
            # Arrow's text is English and about its internals: logged, not shown.
            _log.info("cannot read %s as Parquet", path, exc_info=exc)
            raise LedgerImportError(
                f"Filen {path.name} kan inte läsas som Parquet (skadad eller av annat slag); "
                "exportera den igen."
            ) from exc
        missing = [c for c in LEDGER_COLUMNS if c not in dataset.schema.names]
        if missing:
            raise LedgerImportError(f"Filen {path.name} saknar kolumnerna {', '.join(missing)}.")
        name = f"uppsikt_parquet_{uuid.uuid4().hex}"
        self._con.register(name, dataset)
        try:
            columns = ", ".join(f"CAST({c} AS {t}) AS {c}" for c, t in _COLUMN_TYPES)
            relation = f"(SELECT {columns} FROM {name})"
            return self._import(relation, source=source, file=file or path.name, kind=kind)
        finally:
            self._con.unregister(name)

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

    def sources(self) -> tuple[str, ...]:
        """The sources that brought rows or import records, sorted."""
        rows = self._con.execute(
            f"SELECT source FROM imports UNION SELECT source FROM {self.aggregate_relation()}"
            " ORDER BY 1"
        ).fetchall()
        return tuple(str(r[0]) for r in rows)

    def remove_source(self, source: str) -> int:
        """Delete every row and import record of ``source`` in one transaction; the number
        of ledger rows deleted. All or nothing: any failure rolls everything back."""
        deleted: list[int] = []

        def remove() -> None:
            found = self._con.execute("DELETE FROM ledger WHERE source = ?", [source]).fetchone()
            deleted.append(int(found[0]) if found else 0)
            ledger_agg.delete_source(self._con, source)
            self._con.execute("DELETE FROM imports WHERE source = ?", [source])

        self._transaction(remove)
        return deleted[0]

    def totals(self) -> tuple[LedgerTotal, ...]:
        """Rows and sum of amounts per year and scenario."""
        rows = self._con.execute(
            f"SELECT year, scenario, sum(rows), sum(amount) FROM {self.year_relation()}"
            " GROUP BY year, scenario ORDER BY year, scenario"
        ).fetchall()
        return tuple(LedgerTotal(y, Scenario(s), n, Decimal(t)) for y, s, n, t in rows)

    def _import(self, relation: str, *, source: str, file: str, kind: str) -> ImportSummary:
        groups, periods = self._validated_groups(relation)
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
            ledger_agg.add(con, relation, source)
            for year, scenario, *_ in groups:
                ledger_agg.sum_year(con, year, scenario)
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
                ImportGroup(y, Scenario(s), f, t, n, total, replaced[(y, s)], periods[(y, s)])
                for y, s, f, t, n, total in groups
            ),
        )

    def _validated_groups(
        self, relation: str
    ) -> tuple[
        list[tuple[int, str, int, int, int, Decimal]], dict[tuple[int, str], tuple[int, ...]]
    ]:
        """(year, scenario, first period, last period, rows, total) per group of the rows to
        import, and the periods of each group, in one pass; LedgerImportError when a row
        cannot be stored."""
        allowed = ", ".join(f"'{s}'" for s in _SCENARIOS)
        nulls = " OR ".join(f"{c} IS NULL" for c in LEDGER_COLUMNS)
        rows = self._con.execute(
            "SELECT year, scenario, min(period), max(period), count(*), sum(amount),"
            f" count(*) FILTER ({nulls}),"
            f" count(*) FILTER (period NOT BETWEEN {WHOLE_YEAR} AND 12),"
            f" count(*) FILTER (scenario NOT IN ({allowed})),"
            " list(DISTINCT period ORDER BY period)"
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
        groups = [(y, s, f, t, n, Decimal(total)) for y, s, f, t, n, total, *_ in rows]
        periods = {(r[0], r[1]): tuple(p for p in r[9] if p is not None) for r in rows}
        return groups, periods

    def _delete_replaced(self, year: int, scenario: str, first: int, last: int, source: str) -> int:
        """Delete the source's rows of the year and scenario in the periods imported. Other
        sources (another export of the same year, a budget) are never touched; their sums
        in the aggregate go with them."""
        ledger_agg.delete(self._con, source, year, scenario, first, last)
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
                f" max(period), sum(rows), sum(amount) FROM {ledger_agg.TABLE}"
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
