"""Ledger rows as Arrow record batches with the store's column types: how Python rows reach
DuckDB (registered as Arrow, never one INSERT per row, never through a file path)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

import pyarrow as pa

from uppsikt.ledger.model import LedgerRow

BATCH_ROWS = 100_000
"""Rows per Arrow record batch when streaming Python rows into the staging table."""

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


class LedgerImportError(Exception):
    """The rows cannot be imported; nothing was written. The message is in Swedish."""


def record_batches(rows: Iterable[LedgerRow]) -> Iterator[pa.RecordBatch]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH_ROWS)):
        yield record_batch(batch)


def record_batch(rows: list[LedgerRow]) -> pa.RecordBatch:
    """Ledger rows as one Arrow record batch with the store's column types; a row they cannot
    hold is a LedgerImportError naming the row (never Arrow's own English)."""
    try:
        return _batch(rows)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
        bad = next((r for r in rows if not _fits(r)), rows[0])
        raise LedgerImportError(
            f"Importen avbröts: raden på konto «{bad.account}», år {bad.year}, period "
            f"{bad.period} med beloppet {bad.amount} kan inte lagras. Belopp får ha högst två"
            " decimaler och högst 16 siffror före decimaltecknet."
        ) from exc


def _fits(row: LedgerRow) -> bool:
    try:
        _batch([row])
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return False
    return True


def _batch(rows: list[LedgerRow]) -> pa.RecordBatch:
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
