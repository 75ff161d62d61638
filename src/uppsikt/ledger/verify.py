"""Checking a ledger store that came from outside before anything reads it.

A workspace zip may carry an ``ekonomi.duckdb``. A DuckDB file is a whole database: besides
our two tables it can hold views (``CREATE VIEW ledger AS SELECT … FROM read_text('/etc/passwd')``),
macros, sequences, column defaults and check constraints, any of which runs code when the
store reads it. ``verify_store_file`` opens such a file read-only, with external access and
extension loading off, and accepts it only when its catalogue is exactly the one
``LedgerStore`` creates (``LEDGER_SCHEMA``, or ``LEGACY_SCHEMA`` of a store written before the
aggregate existed): the same tables, columns, types, defaults and constraints, and nothing
else.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import duckdb

from uppsikt.ledger.model import LEDGER_SCHEMA, LEGACY_SCHEMA
from uppsikt.located.limits import limits

SAFE_CONFIG: dict[str, Any] = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
}
"""Settings of every connection to a store file that came from outside."""

_COLUMNS = (
    "SELECT table_name, column_name, column_index, data_type, is_nullable,"
    " coalesce(column_default, '') FROM duckdb_columns()"
    " WHERE database_name = current_database() ORDER BY table_name, column_index"
)
_TABLES = (
    "SELECT schema_name, table_name, temporary, has_primary_key FROM duckdb_tables()"
    " WHERE database_name = current_database() ORDER BY table_name"
)
_CONSTRAINTS = (
    "SELECT table_name, constraint_type, constraint_column_names::VARCHAR,"
    " coalesce(expression, '') FROM duckdb_constraints()"
    " WHERE database_name = current_database() ORDER BY ALL"
)
_EXTRAS = {
    "vyer": "SELECT view_name FROM duckdb_views() WHERE NOT internal",
    "makron eller funktioner": "SELECT function_name FROM duckdb_functions() WHERE NOT internal",
    "sekvenser": "SELECT sequence_name FROM duckdb_sequences()",
    "index": "SELECT index_name FROM duckdb_indexes()",
    "egna typer": "SELECT type_name FROM duckdb_types() WHERE NOT internal",
    "scheman": "SELECT schema_name FROM duckdb_schemas()"
    " WHERE NOT internal AND database_name = current_database() AND schema_name <> 'main'",
    "anslutna databaser": "SELECT database_name FROM duckdb_databases()"
    " WHERE NOT internal AND database_name <> current_database()",
}
"""Catalogue entries a store must not have, by their Swedish name in the refusal."""


def connect_untrusted(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a DuckDB file from outside: no file or network access,
    no extensions, bounded memory."""
    config = {**SAFE_CONFIG, "memory_limit": limits().duckdb_memory}
    return duckdb.connect(str(path), read_only=True, config=config)


def _catalogue(con: duckdb.DuckDBPyConnection) -> tuple[list[Any], list[Any], list[Any]]:
    return (
        con.execute(_TABLES).fetchall(),
        con.execute(_COLUMNS).fetchall(),
        con.execute(_CONSTRAINTS).fetchall(),
    )


@functools.cache
def _expected(schema: str) -> tuple[list[Any], list[Any], list[Any]]:
    con = duckdb.connect(":memory:", config=dict(SAFE_CONFIG))
    try:
        con.execute(schema)
        return _catalogue(con)
    finally:
        con.close()


def verify_store_file(path: Path) -> str | None:
    """None when ``path`` is a DuckDB file whose schema is exactly the ledger store's;
    otherwise a Swedish sentence saying why it is refused. Never raises."""
    name = path.name
    try:
        if not path.is_file():
            return f"{name} finns inte eller är ingen fil."
        con = connect_untrusted(path)
    except (duckdb.Error, OSError, ValueError, RuntimeError):
        return f"{name} kan inte öppnas som en huvudbok (ingen DuckDB-fil, eller skadad)."
    try:
        return schema_refusal(con, name)
    except (duckdb.Error, OSError, ValueError, RuntimeError):
        return f"{name} kan inte läsas som en huvudbok (filen är skadad)."
    finally:
        con.close()


def schema_refusal(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """Why the database of ``con`` is not a ledger store (Swedish), or None when its
    catalogue is exactly ``LEDGER_SCHEMA``'s or ``LEGACY_SCHEMA``'s. Reads only the
    catalogue."""
    for what, query in _EXTRAS.items():
        found = [str(row[0]) for row in con.execute(query).fetchall()]
        if found:
            listed = ", ".join(f"«{f}»" for f in found[:5])
            return f"{name} innehåller {what} ({listed}) som en huvudbok inte har."
    tables, columns, constraints = _catalogue(con)
    legacy = _expected(LEGACY_SCHEMA)
    expected_tables, expected_columns, expected_constraints = (
        legacy if tables == legacy[0] else _expected(LEDGER_SCHEMA)
    )
    if tables != expected_tables:
        have = ", ".join(f"«{t[1]}»" for t in tables) or "(inga)"
        ours = ", ".join(t[1] for t in _expected(LEDGER_SCHEMA)[0])
        return f"{name} har andra tabeller ({have}) än en huvudbok ({ours})."
    if columns != expected_columns:
        wrong = sorted({str(c[0]) for c in set(columns) ^ set(expected_columns)})
        return f"{name}: tabellen «{wrong[0]}» har andra kolumner eller typer än en huvudbok."
    if constraints != expected_constraints:
        return f"{name} har andra villkor på tabellerna än en huvudbok."
    return None
