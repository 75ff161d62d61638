"""The store's aggregates ``ledger_agg`` and ``ledger_agg_year``: the ledger summed over its
vouchers, kept at import.

Reports never need a voucher: they read sums per year, period, scenario, account and ledger
object code. ``ledger_agg`` holds exactly those sums, per source and period (the monthly
follow-up and the check for missing months read it); ``ledger_agg_year`` sums it further over
sources and periods (the year's facts and the codes to map read it). A build thus reads
thousands of rows, or about a million for a large kommun's monthly figures, instead of the
whole ledger (100 million rows: seconds). Both keep the codes, not the mapping's members, so a
change of ``mappning.yaml`` re-maps them as it would the raw rows and needs no rebuild.

The invariants: ``ledger_agg`` equals ``SELECT <GRAIN>, sum(amount), count(*) FROM ledger
GROUP BY <GRAIN>`` and ``ledger_agg_year`` equals ``ledger_agg`` summed per YEAR_GRAIN. The
store keeps them in the same transaction as every change of ``ledger``: an import deletes the
``ledger_agg`` rows of exactly the (source, year, scenario, periods) whose raw rows it deletes,
adds the sums of what it inserts, and sums the years and scenarios it touched afresh into
``ledger_agg_year``; removing a source removes its sums. A store written before the aggregates
existed gets them built once, when next opened for writing; opened read-only they are summed
from the raw rows on the fly (``RAW_SUMS``): slower, the same figures.
"""

from __future__ import annotations

import duckdb

GRAIN = ("source", "year", "period", "scenario", "account", "ansvar", "verksamhet", "projekt")
"""The columns ``ledger_agg`` is grouped by: every ledger column but the amount."""
YEAR_GRAIN = ("year", "scenario", "account", "ansvar", "verksamhet", "projekt")
"""The columns ``ledger_agg_year`` is grouped by: GRAIN without source and period."""

TABLE = "ledger_agg"
YEAR_TABLE = "ledger_agg_year"

RAW_SUMS = (
    f"(SELECT {', '.join(GRAIN)}, sum(amount) AS amount, count(*) AS rows FROM ledger GROUP BY ALL)"
)
"""The aggregate computed from the raw rows: what ``ledger_agg`` holds, for a store without
it (and summed per YEAR_GRAIN, what ``ledger_agg_year`` holds), and for checking them."""

_YEAR_SUMS = (
    f"SELECT {', '.join(YEAR_GRAIN)}, sum(amount), sum(rows) FROM {TABLE} {{where}} GROUP BY ALL"
)


def has_aggregate(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT table_name FROM duckdb_tables()"
        " WHERE database_name = current_database() AND table_name IN (?, ?)",
        [TABLE, YEAR_TABLE],
    ).fetchall()
    return len(found) == 2


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Replace both aggregates by the sums of the raw rows (in the caller's transaction)."""
    con.execute(f"DELETE FROM {TABLE}")
    con.execute(f"INSERT INTO {TABLE} SELECT * FROM {RAW_SUMS}")
    con.execute(f"DELETE FROM {YEAR_TABLE}")
    con.execute(f"INSERT INTO {YEAR_TABLE} {_YEAR_SUMS.format(where='')}")


def add(con: duckdb.DuckDBPyConnection, relation: str, source: str) -> None:
    """Add the sums of ``relation`` (rows being imported: the ledger columns without source)
    as the source's; the caller has deleted what they replace (``delete``) and then sums the
    years anew (``sum_year``)."""
    columns = ", ".join(GRAIN[1:])
    con.execute(
        f"INSERT INTO {TABLE} SELECT ?, {columns}, sum(amount), count(*)"
        f" FROM {relation} GROUP BY ALL",
        [source],
    )


def delete(
    con: duckdb.DuckDBPyConnection, source: str, year: int, scenario: str, first: int, last: int
) -> None:
    """Delete the source's sums in the periods ``first``–``last`` of the year and scenario:
    the same predicate as the raw rows an import replaces."""
    con.execute(
        f"DELETE FROM {TABLE} WHERE source = ? AND year = ? AND scenario = ?"
        " AND period BETWEEN ? AND ?",
        [source, year, scenario, first, last],
    )


def sum_year(con: duckdb.DuckDBPyConnection, year: int, scenario: str) -> None:
    """Sum ``ledger_agg``'s rows of the year and scenario afresh into ``ledger_agg_year``."""
    con.execute(f"DELETE FROM {YEAR_TABLE} WHERE year = ? AND scenario = ?", [year, scenario])
    where = "WHERE year = ? AND scenario = ?"
    con.execute(f"INSERT INTO {YEAR_TABLE} {_YEAR_SUMS.format(where=where)}", [year, scenario])


def delete_source(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """Delete the source's sums, and sum the years and scenarios it had rows in afresh."""
    touched = con.execute(
        f"SELECT DISTINCT year, scenario FROM {TABLE} WHERE source = ?", [source]
    ).fetchall()
    con.execute(f"DELETE FROM {TABLE} WHERE source = ?", [source])
    for year, scenario in touched:
        sum_year(con, year, scenario)
