"""SIE files (SIE filformat 4B, types 1–4): read, reconcile, turn into ledger rows, write.

```python
sie, diagnostics = read_sie(path)          # None when the file has errors (all reported)
diagnostics += reconcile(sie)              # #RES, #UB, #PSALDO against the transactions
rows = list(ledger_rows(sie))              # LedgerRow per #TRANS, #PSALDO, #PBUDGET or #RES
data = write_sie(sie)                      # CP437 bytes that read back equal
```

A file is taken whole or not at all: ``read_sie`` returns ``None`` as soon as any diagnostic is
an error, and gives every problem it found, each with the file and line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

from uppsikt.importers.sie import text as t
from uppsikt.importers.sie.model import Objects, PeriodBalance, SieFile
from uppsikt.importers.sie.parse import parse_sie, paused_collector
from uppsikt.importers.sie.reconcile import psaldo_partitions, reconcile
from uppsikt.importers.sie.write import write_sie
from uppsikt.ledger.model import OBJECT_DIMENSIONS, WHOLE_YEAR, LedgerRow
from uppsikt.located.diagnostics import Diagnostic
from uppsikt.located.limits import limits, megabytes
from uppsikt.located.sink import Sink
from uppsikt.model.economy import Scenario

__all__ = [
    "DEFAULT_DIMENSIONS",
    "SieFile",
    "ledger_rows",
    "read_sie",
    "reconcile",
    "write_sie",
]

DEFAULT_DIMENSIONS: Mapping[int, str] = MappingProxyType({1: "ansvar", 6: "projekt"})
"""SIE dimension number → ledger object field. SIE reserves 1 for kostnadsställe (cost
centre, here ``ansvar``) and 6 for projekt."""


def read_sie(path: Path) -> tuple[SieFile | None, list[Diagnostic]]:
    """Read an SIE file: its content, or ``None`` when it has any error; and all diagnostics,
    located by the path as given and the line."""
    try:
        size = path.stat().st_size
        if size > limits().max_import_bytes:
            sink = Sink(str(path))
            sink.error(
                t.UNREADABLE,
                f"Filen {path.name} är större än {megabytes(limits().max_import_bytes)}.",
                hint="Exportera ett räkenskapsår i taget.",
            )
            return None, sink.diagnostics
        data = path.read_bytes()
    except OSError as exc:
        sink = Sink(str(path))
        sink.error(
            t.UNREADABLE,
            f"Filen kan inte läsas ({exc.strerror or type(exc).__name__}).",
            hint="Kontrollera att filen finns och att du har behörighet att läsa den.",
        )
        return None, sink.diagnostics
    return parse_sie(data, str(path))


def ledger_rows(
    sie: SieFile, dimensions: Mapping[int, str] = DEFAULT_DIMENSIONS
) -> Iterator[LedgerRow]:
    """The rows to store, all of fiscal year 0 (``#RAR 0``):

    - with vouchers (type 4): one ``utfall`` row per ``#TRANS``, in the month of its date (or
      the voucher's);
    - without vouchers (types 2 and 3): the ``#PSALDO`` rows, in the month of their period;
    - with neither (type 1): the ``#RES`` rows for the whole year (period ``WHOLE_YEAR``);
    - and in every type the ``#PBUDGET`` rows as ``budget``.

    ``year`` is the calendar year in which fiscal year 0 ends (without ``#RAR 0``, as in some
    import files, the year of the date). Objects of the dimensions in ``dimensions`` become
    the row's ``ansvar``, ``verksamhet`` or ``projekt``; other objects are not kept.
    """
    unknown = set(dimensions.values()) - set(OBJECT_DIMENSIONS)
    if unknown:
        raise ValueError(f"unknown ledger object fields: {sorted(unknown)}")
    mapper = ObjectMapper(dimensions)
    rar = sie.header.fiscal_year(0)
    fiscal_year = rar.end.year if rar is not None else None
    periods = [p for p in sie.periods if p.year == 0]
    partitions = psaldo_partitions(sie)
    if sie.vouchers:
        yield from _transaction_rows(sie, mapper, fiscal_year)
    elif any(p.kind == "PSALDO" for p in periods):
        psaldo = [p for p in periods if p.kind == "PSALDO"]
        yield from _period_rows(psaldo, Scenario.OUTCOME, mapper, fiscal_year, partitions)
    elif fiscal_year is not None:
        for b in sie.balances:
            if b.kind == "RES" and b.year == 0:
                yield LedgerRow(fiscal_year, WHOLE_YEAR, Scenario.OUTCOME, b.account, b.amount)
    budget = [p for p in periods if p.kind == "PBUDGET"]
    yield from _period_rows(budget, Scenario.BUDGET, mapper, fiscal_year, partitions)


class ObjectMapper:
    """Object lists → the ledger row's object fields, cached (object lists repeat)."""

    def __init__(self, dimensions: Mapping[int, str]) -> None:
        self.dimensions = dict(dimensions)
        self.cache: dict[Objects, dict[str, str]] = {}
        self.fields = _Fields(self)
        """The row's object fields in the order of ``OBJECT_DIMENSIONS``, by object list."""

    def __call__(self, objects: Objects) -> dict[str, str]:
        fields = self.cache.get(objects)
        if fields is None:
            fields = {}
            for dimension, code in objects:
                name = self.dimensions.get(dimension)
                if name is not None and name not in fields:
                    fields[name] = code
            self.cache[objects] = fields
        return fields

    def mapped(self, objects: Objects) -> int:
        return sum(1 for d, _ in objects if d in self.dimensions)

    def mapped_dimensions(self, dimensions: tuple[int, ...]) -> int:
        return sum(1 for d in dimensions if d in self.dimensions)


class _Fields(dict[Objects, tuple[str, ...]]):
    def __init__(self, mapper: ObjectMapper) -> None:
        super().__init__()
        self.mapper = mapper

    def __missing__(self, objects: Objects) -> tuple[str, ...]:
        mapped = self.mapper(objects)
        fields = self[objects] = tuple(mapped.get(name, "") for name in OBJECT_DIMENSIONS)
        return fields


def _transaction_rows(
    sie: SieFile, mapper: ObjectMapper, fiscal_year: int | None
) -> list[LedgerRow]:
    """The ``#TRANS`` rows, made at once with the garbage collector paused (millions of rows)."""
    outcome, fields = Scenario.OUTCOME, mapper.fields
    rows: list[LedgerRow] = []
    append = rows.append
    with paused_collector():
        for voucher in sie.vouchers:
            for row in voucher.transactions:
                if row.kind != "TRANS":
                    continue
                day = row.date or voucher.date
                year = fiscal_year if fiscal_year is not None else day.year
                append(
                    LedgerRow(
                        year, day.month, outcome, row.account, row.amount, *fields[row.objects]
                    )
                )
    return rows


def _period_rows(
    rows: list[PeriodBalance],
    scenario: Scenario,
    mapper: ObjectMapper,
    fiscal_year: int | None,
    partitions: bool,
) -> Iterator[LedgerRow]:
    """Period rows as ledger rows, every krona once.

    When the file's rows partition each account by exact object list (``partitions``), each
    row is taken as it is. Otherwise (the specification's reading) the row without objects is
    the account's total for the period and object rows are breakdowns of it, possibly several
    (one per dimension): the breakdown that carries the most mapped dimensions is taken and
    the rest of the total is a row without objects.
    """
    groups: dict[tuple[str, int], list[PeriodBalance]] = defaultdict(list)
    for p in rows:
        groups[(p.account, p.period)].append(p)
    for (account, period), group in groups.items():
        year = fiscal_year if fiscal_year is not None else period // 100
        month = period % 100
        for amount, objects in _split(group, mapper, partitions):
            yield LedgerRow(year, month, scenario, account, amount, **mapper(objects))


def _split(
    group: list[PeriodBalance], mapper: ObjectMapper, partitions: bool
) -> list[tuple[Decimal, Objects]]:
    if partitions:
        return [(p.amount, p.objects) for p in group]
    totals = [p.amount for p in group if not p.objects]
    by_dimensions: dict[tuple[int, ...], list[PeriodBalance]] = defaultdict(list)
    for p in group:
        if p.objects and mapper.mapped(p.objects):
            by_dimensions[tuple(sorted({d for d, _ in p.objects}))].append(p)
    if not by_dimensions:
        return [(sum(totals, Decimal(0)), ())] if totals else []
    best = max(
        by_dimensions, key=lambda dims: (mapper.mapped(tuple((d, "") for d in dims)), -len(dims))
    )
    parts = [(p.amount, p.objects) for p in by_dimensions[best]]
    if totals:
        rest = sum(totals, Decimal(0)) - sum((a for a, _ in parts), Decimal(0))
        if rest:
            parts.append((rest, ()))
    return parts
