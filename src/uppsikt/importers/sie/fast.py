"""A fast, columnar reader of the vouchers of large SIE type 4 files: ledger rows as an Arrow
table, without a Python object per line.

```python
try:
    table, diagnostics = read_sie_columns(path)   # None when the file has errors
except Unsupported:
    ...                                           # read_sie + ledger_rows instead
```

The bytes are split into lines and each line classified with array operations over the
whole buffer (``sie_fast_scan``); the voucher structure (``#VER``, ``{``, ``#TRANS`` rows,
``}``) is checked on the kinds; the fields of the ``#TRANS`` and ``#VER`` lines are read as
arrays (``sie_fast_rows``: repeated heads and tails once, amounts as öre by arithmetic), and
the checks are array operations too (``sie_fast_checks``). The few distinct texts (accounts,
object lists, dates) are decoded and checked in Python, and the records outside the vouchers
(few) go to the general line reader (``sie_lines``), so their diagnostics are those of
``read_sie``. The rows are exactly those ``ledger_rows(read_sie(path)[0], dimensions)``
yields, and the diagnostics those of ``read_sie`` and ``reconcile``.

Whatever the fast path does not take as it is raises ``Unsupported``: ``#RTRANS`` and
``#BTRANS``, ``#KSUMMA``, files without vouchers, lines that are no SIE record, ``#VER`` and
``#TRANS`` lines that are not plain (escapes, missing or extra fields, quoted accounts),
amounts with more than two decimals, object lists that cannot be read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from uppsikt.importers.sie import text as t
from uppsikt.importers.sie.fast_checks import (
    MAX_PER_KIND,
    OTHER,
    SPECIAL,
    STRAY,
    TRANS,
    VER,
    Checks,
    Dates,
    FirstLines,
    Unsupported,
    grouped,
    kronor,
    structure,
)
from uppsikt.importers.sie.fast_reconcile import reconcile_columns
from uppsikt.importers.sie.fast_rows import Texts, read_transactions, read_vouchers
from uppsikt.importers.sie.fast_scan import Lines, file_bytes, read_padded, split_lines
from uppsikt.importers.sie.lines import LineReader
from uppsikt.importers.sie.model import SieFile
from uppsikt.importers.sie.reader import DEFAULT_DIMENSIONS, ledger_rows
from uppsikt.importers.sie.records import Builder
from uppsikt.ledger.model import OBJECT_DIMENSIONS
from uppsikt.ledger.store import ARROW_SCHEMA
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.located.limits import limits
from uppsikt.located.sink import Sink

__all__ = ["LEDGER_ARROW_SCHEMA", "MAX_PER_KIND", "Unsupported", "read_sie_columns"]

LEDGER_ARROW_SCHEMA = ARROW_SCHEMA
"""The store's ledger columns (without ``source``), as the fast reader returns them."""
_SPECIAL_TAGS = (b"#RTRANS", b"#BTRANS", b"#KSUMMA")


def read_sie_columns(
    path: Path, dimensions: Mapping[int, str] = DEFAULT_DIMENSIONS
) -> tuple[pa.Table | None, list[Diagnostic]]:
    """The ledger rows of an SIE file with vouchers as an Arrow table (``LEDGER_ARROW_SCHEMA``,
    in the order of ``ledger_rows``), or ``None`` when the file has any error; and the
    diagnostics. Raises ``Unsupported`` for a file the fast path does not read."""
    unknown = set(dimensions.values()) - set(OBJECT_DIMENSIONS)
    if unknown:
        raise ValueError(f"unknown ledger object fields: {sorted(unknown)}")
    file = str(path)
    try:
        if path.stat().st_size > limits().max_import_bytes:
            raise Unsupported("larger than max_import_bytes (the full reader says so)")
        raw = read_padded(path)
    except OSError as exc:
        raise Unsupported("the file cannot be read") from exc
    sink = Sink(file)
    padded, encoding = file_bytes(raw, sink)
    del raw  # when file_bytes made a copy
    if any(tag in padded for tag in _SPECIAL_TAGS):  # before any work (lower case: later)
        raise Unsupported("#RTRANS, #BTRANS or #KSUMMA")
    t.encoding_warning(sink, encoding)
    reader = _Reader(sink, encoding, dict(dimensions))
    reader.lines = split_lines(padded)
    del padded  # the lines hold the bytes now, and the reader lets them go
    return reader.read()


class _Reader:
    def __init__(self, sink: Sink, encoding: str, dimensions: dict[int, str]) -> None:
        self.sink = sink
        self.encoding = encoding
        self.dimensions = dimensions
        self.accounts = Texts()
        self.objects = Texts("")
        self.days = Texts("")
        self.lines: Lines | None = None
        """The file's lines until they are read (then let go: the bytes are the file's size)."""

    def read(self) -> tuple[pa.Table | None, list[Diagnostic]]:
        lines, self.lines = self.lines, None
        if lines is None:
            raise ValueError("read() needs the lines (read_sie_columns sets them)")
        counts = np.bincount(lines.kind, minlength=8)
        if counts[SPECIAL] or counts[STRAY]:
            raise Unsupported("#RTRANS, #BTRANS, #KSUMMA or a line that is no record")
        if not counts[VER]:
            raise Unsupported("no vouchers")
        structure(lines.kind)
        builder = self._records(lines)
        trans = np.flatnonzero(lines.kind == TRANS)
        voucher = (np.cumsum(lines.kind == VER) - 1)[trans]
        vouchers = read_vouchers(lines, np.flatnonzero(lines.kind == VER), self.encoding, self.days)
        rows = read_transactions(
            lines, trans, self.encoding, self.accounts, self.objects, self.days
        )
        fields = self._object_fields()
        checks = Checks(
            self.sink, rows, vouchers, voucher, Dates.of(self.days.names), self.accounts.names
        )
        checks.amounts()
        checks.dates_read()
        sie = builder.finish(self.sink.file, has_vouchers=True)
        rar = sie.header.fiscal_year(0)
        import_file = self.sink.file.lower().endswith(".si") or not sie.header.rar
        checks.chart(sie.chart(), import_file=import_file)
        checks.balance()
        if rar is not None:
            checks.trans_in_year(rar.start, rar.end)
            checks.in_year(rar.start, rar.end)
        diagnostics = self.sink.diagnostics
        if any(d.severity is Severity.ERROR for d in diagnostics):
            return None, diagnostics
        day = checks.effective_day()
        problems = reconcile_columns(sie, *self._totals(checks, day))
        if problems:
            return None, [*diagnostics, *problems]
        del checks, vouchers, lines  # the bytes and the per-line arrays, before the table
        table = self._table(rows.account, rows.objects, rows.ore, day, rar, fields)
        return self._with_budget(sie, table), diagnostics

    def _records(self, lines: Lines) -> Builder:
        """The records outside vouchers, through the general line reader."""
        builder = Builder(self.sink, self.encoding)
        reader = LineReader(self.sink, builder)
        for i in np.flatnonzero(lines.kind == OTHER).tolist():
            reader.feed(lines.text(i, self.encoding), i + 1)
        if builder.checksum_lines:
            raise Unsupported("#KSUMMA")
        return builder

    def _object_fields(self) -> list[list[str]]:
        """For each distinct object list, its code in each of ``OBJECT_DIMENSIONS``."""
        columns: list[list[str]] = [[] for _ in OBJECT_DIMENSIONS]
        for text in self.objects.names:
            fields, problem = t.tokenize(text)
            pairs = t.parse_objects(tuple(f for f in fields if isinstance(f, str)))
            if (
                problem is not None
                or isinstance(pairs, str)
                or len(fields) != len([f for f in fields if isinstance(f, str)])
            ):
                raise Unsupported(f"object list {{{text}}}")
            mapped: dict[str, str] = {}
            for dimension, code in pairs:
                name = self.dimensions.get(dimension)
                if name is not None and name not in mapped:
                    mapped[name] = code
            for column, name in zip(columns, OBJECT_DIMENSIONS, strict=True):
                column.append(mapped.get(name, ""))
        return columns

    def _totals(
        self, checks: Checks, day: np.ndarray[Any, Any]
    ) -> tuple[dict[tuple[str, int], Decimal], FirstLines]:
        """The sum of each account's rows per month (YYYYMM of the row's date), and the line
        of the first voucher with a row on each account, in all and per month."""
        rows, names = checks.rows, self.accounts.names
        voucher_line = checks.vouchers.line[checks.voucher]
        months = day // 10000 * 12 + day // 100 % 100 - 1
        low = int(months.min()) if len(months) else 0
        span = int(months.max()) - low + 1 if len(months) else 1
        keys, first, sums = grouped(rows.account * span + (months - low), rows.ore)
        per_month: dict[tuple[str, int], Decimal] = {}
        lines: FirstLines = {}
        for key, row, total in zip(keys.tolist(), first.tolist(), sums.tolist(), strict=True):
            index = key % span + low
            account, month = names[key // span], index // 12 * 100 + index % 12 + 1
            per_month[(account, month)] = kronor(total)
            n = int(voucher_line[row])
            lines[(account, month)] = n
            lines[(account, None)] = min(lines.get((account, None), n), n)
        return per_month, lines

    def _table(
        self,
        account: np.ndarray[Any, Any],
        objects: np.ndarray[Any, Any],
        ore: np.ndarray[Any, Any],
        day: np.ndarray[Any, Any],
        rar: Any,
        fields: list[list[str]],
    ) -> pa.Table:
        """The rows as the store's columns, in the order of their lines."""
        n = len(ore)
        year = np.full(n, rar.end.year) if rar is not None else day // 10000
        columns: dict[str, pa.Array] = {
            "year": pa.array(year.astype(np.int16)),
            "period": pa.array((day // 100 % 100).astype(np.int8)),
            "scenario": pa.repeat(pa.scalar("utfall"), n),
            "account": _decoded(account, self.accounts.names),
        }
        for name, column in zip(OBJECT_DIMENSIONS, fields, strict=True):
            columns[name] = _decoded(objects, column)
        wide = np.empty((n, 2), np.int64)
        wide[:, 0], wide[:, 1] = ore, ore >> 63
        columns["amount"] = pa.Array.from_buffers(
            pa.decimal128(18, 2), n, [None, pa.py_buffer(wide)]
        )
        return pa.table(columns).cast(LEDGER_ARROW_SCHEMA)

    def _with_budget(self, sie: SieFile, table: pa.Table) -> pa.Table:
        """The ``#PBUDGET`` rows of year 0 after the transactions, as ``ledger_rows``."""
        budget = [p for p in sie.periods if p.kind == "PBUDGET" and p.year == 0]
        if not budget:
            return table
        extra = dataclasses.replace(sie, periods=tuple(budget), balances=(), vouchers=())
        rows = list(ledger_rows(extra, self.dimensions))
        columns = {name: [getattr(r, name) for r in rows] for name in LEDGER_ARROW_SCHEMA.names}
        columns["scenario"] = [r.scenario.value for r in rows]
        return pa.concat_tables([table, pa.table(columns, schema=LEDGER_ARROW_SCHEMA)])


def _decoded(indices: np.ndarray[Any, Any], names: list[str]) -> pa.Array:
    """The texts ``names[indices]`` as a string array (each distinct text encoded once)."""
    dictionary = pa.array(names, pa.string())
    return pa.DictionaryArray.from_arrays(pa.array(indices.astype(np.int32)), dictionary).cast(
        pa.string()
    )
