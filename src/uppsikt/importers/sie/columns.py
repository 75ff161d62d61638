"""The ledger rows of an SIE file read by the full reader as an Arrow table (the store's
columns), made without a ``LedgerRow`` per ``#TRANS``: the rows ``ledger_rows`` yields, in
its order, for the import path after the full reader (``ledger_import``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal

import pyarrow as pa

from uppsikt.importers.sie.model import Objects, SieFile
from uppsikt.importers.sie.parse import paused_collector
from uppsikt.importers.sie.reader import DEFAULT_DIMENSIONS, ObjectMapper, ledger_rows
from uppsikt.ledger.arrow import ARROW_SCHEMA
from uppsikt.ledger.model import OBJECT_DIMENSIONS, LedgerRow
from uppsikt.model.economy import Scenario


def ledger_table(sie: SieFile, dimensions: Mapping[int, str] = DEFAULT_DIMENSIONS) -> pa.Table:
    """``ledger_rows(sie, dimensions)`` as a table with the store's columns: the ``#TRANS``
    rows gathered column by column (millions), the few others through ``ledger_rows``."""
    if not sie.vouchers:
        return rows_table(list(ledger_rows(sie, dimensions)))
    unknown = set(dimensions.values()) - set(OBJECT_DIMENSIONS)
    if unknown:
        raise ValueError(f"unknown ledger object fields: {sorted(unknown)}")
    mapper = ObjectMapper(dimensions)
    rar = sie.header.fiscal_year(0)
    fiscal_year = rar.end.year if rar is not None else None
    index: dict[Objects, int] = {}
    years: list[int] = []
    months: list[int] = []
    accounts: list[str] = []
    objects: list[int] = []
    amounts: list[Decimal] = []
    with paused_collector():
        for voucher in sie.vouchers:
            voucher_day = voucher.date
            for row in voucher.transactions:
                if row.kind != "TRANS":
                    continue
                day = row.date or voucher_day
                years.append(fiscal_year if fiscal_year is not None else day.year)
                months.append(day.month)
                accounts.append(row.account)
                objects.append(index.setdefault(row.objects, len(index)))
                amounts.append(row.amount)
    fields = [mapper.fields[o] for o in index]  # each distinct object list once
    codes = pa.array(objects, pa.int32())
    columns = {
        "year": pa.array(years, pa.int16()),
        "period": pa.array(months, pa.int8()),
        "scenario": pa.repeat(pa.scalar(Scenario.OUTCOME.value), len(years)),
        "account": pa.array(accounts, pa.string()),
        **{
            name: pa.DictionaryArray.from_arrays(
                codes, pa.array([f[i] for f in fields], pa.string())
            ).cast(pa.string())
            for i, name in enumerate(OBJECT_DIMENSIONS)
        },
        "amount": pa.array(amounts, pa.decimal128(18, 2)),
    }
    table = pa.table(columns).cast(ARROW_SCHEMA)
    budget = [p for p in sie.periods if p.kind == "PBUDGET" and p.year == 0]
    if not budget:
        return table
    extra = dataclasses.replace(sie, periods=tuple(budget), balances=(), vouchers=())
    return pa.concat_tables([table, rows_table(list(ledger_rows(extra, dimensions)))])


def rows_table(rows: list[LedgerRow]) -> pa.Table:
    """Ledger rows as a table with the store's columns."""
    columns = {name: [getattr(r, name) for r in rows] for name in ARROW_SCHEMA.names}
    columns["scenario"] = [r.scenario.value for r in rows]
    return pa.table(columns, schema=ARROW_SCHEMA)
