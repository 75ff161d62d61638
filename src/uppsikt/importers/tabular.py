"""Reading CSV and Excel exports of an accounting system into ledger rows.

How a file is read is described by its source in import.yaml (:mod:`tabular_config`). The
header row is found among the first rows as the one holding every mapped column, so title
rows above it do no harm. Every cell is interpreted by the field it is mapped to
(:mod:`cells`): an Excel column is never typed by its first rows. All problems are collected,
each with its line (CSV) or row (Excel), column header and, for Excel, cell address; any error
means no rows at all, so an import is all or nothing.

Diagnostics: UPP631 the file cannot be read, UPP632 (warning) it is not UTF-8 and was read as
cp1252, UPP633 a mapped column is missing from the header, UPP634 a CSV row has another number
of fields than the header, UPP635 a cell cannot be interpreted, UPP636 more problems than
are listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any

from uppsikt.importers import cells
from uppsikt.importers.cells import Cell, CellError
from uppsikt.importers.tabular_config import Sign, SourceSpec
from uppsikt.importers.tabular_files import (
    HEADER_SEARCH,
    Problems,
    Record,
    address,
    csv_records,
    excel_records,
    header_columns,
)
from uppsikt.ledger.model import WHOLE_YEAR, LedgerRow
from uppsikt.located.diagnostics import Diagnostic
from uppsikt.located.sink import Sink

_OPTIONAL = ("år", "period", "datum")


def read_tabular(
    path: Path, source: SourceSpec, file: str | None = None
) -> tuple[list[LedgerRow] | None, list[Diagnostic]]:
    """The ledger rows of an export, or None when anything is wrong, with every problem.

    ``file`` is the path shown in diagnostics (default: the file name).
    """
    problems = Problems(Sink(file or path.name))
    excel = source.format == "xlsx"
    records = (
        excel_records(path, source, problems) if excel else csv_records(path, source, problems)
    )
    rows: list[LedgerRow] = []
    if records is not None:
        _Rows(source, problems, excel=excel).read(records, rows)
    problems.finish()
    sink = problems.sink
    return (None if sink.failed or records is None else rows), sink.diagnostics


@dataclass
class _Rows:
    """Turns records into ledger rows, reporting every bad cell."""

    source: SourceSpec
    problems: Problems
    excel: bool
    headers: dict[str, str] = field(default_factory=dict)
    """field → header as written in the file."""
    positions: dict[str, int] = field(default_factory=dict)
    """field → column index."""
    width: int = 0

    def read(self, records: Iterator[Record], into: list[LedgerRow]) -> None:
        if not self._find_header(records):
            return
        for line, row in records:
            if all(cells.is_blank(c) for c in row):
                continue
            if not self.excel and len(row) != self.width:
                self._wrong_width(line, len(row))
                continue
            ledger_row = self._row(line, row)
            if ledger_row is not None:
                into.append(ledger_row)

    def _find_header(self, records: Iterator[Record]) -> bool:
        wanted = [header for _, header in self.source.columns]
        best: Record | None = None
        best_count = -1
        for line, row in islice(records, HEADER_SEARCH):
            if all(cells.is_blank(c) for c in row):
                continue
            count = sum(header_columns(row, [h]) is not None for h in wanted)
            if count > best_count:
                best, best_count = (line, row), count
            found = header_columns(row, wanted)
            if found is not None:
                self.positions = {f: found[h] for f, h in self.source.columns}
                self.headers = {f: cells.shown(row[i]) for f, i in self.positions.items()}
                self.width = len(row)
                return True
        if best is None:
            self.problems.error(
                "UPP631",
                "Filen har inga rader.",
                hint="Exportera filen igen med rubrikrad och rader.",
            )
            return False
        line, row = best  # the row most like the header
        present = [cells.shown(c) for c in row if not cells.is_blank(c)]
        for name, header in self.source.columns:
            if header_columns(row, [header]) is None:
                self.problems.error(
                    "UPP633",
                    f"Kolumnen «{header}» ({name}) finns inte i rubrikraden.",
                    line=line,
                    field_name=header,
                    hint=f"Rubrikraden har: {'; '.join(present)}. Rätta «kolumner» i "
                    f"import.yaml (källan «{self.source.name}») eller exportera kolumnen.",
                )
        return False

    def _wrong_width(self, line: int, count: int) -> None:
        hint = "Kontrollera avgränsarna på raden."
        if self.source.delimiter == "," or count > self.width:
            hint += (
                " Med komma som avgränsare ska tal med decimalkomma stå inom citattecken "
                '(t.ex. "1 234,50").'
            )
        self.problems.error(
            "UPP634",
            f"Raden har {count} fält men rubrikraden har {self.width}.",
            line=line,
            hint=hint,
        )

    def _row(self, line: int, row: Sequence[Cell]) -> LedgerRow | None:
        size = len(row)
        mapped = [(name, at, row[at] if at < size else None) for name, at in self.positions.items()]
        if all(cells.is_blank(value) for _, _, value in mapped):
            return None
        before = self.problems.errors
        default = self.source.scenario
        found: dict[str, Any] = {}
        for name, at, value in mapped:
            if name in _OPTIONAL and cells.is_blank(value):
                continue  # år, period and datum complete each other
            try:
                found[name] = (
                    cells.scenario(value, default) if name == "scenario" else _PARSERS[name](value)
                )
            except CellError as exc:
                self._bad_cell(line, name, at, exc)
        year, month = self._year_period(
            line, found.get("år"), found.get("period"), found.get("datum"), checked=before
        )
        amount: Decimal | None = found.get("belopp")
        if self.problems.errors > before or year is None or amount is None:
            return None
        if self.source.sign is Sign.REPORT:
            amount = -amount
        return LedgerRow(
            year=year,
            period=month,
            scenario=found.get("scenario", default),
            account=found.get("konto", ""),
            amount=amount if amount != 0 else Decimal(0),
            ansvar=found.get("ansvar", ""),
            verksamhet=found.get("verksamhet", ""),
            projekt=found.get("projekt", ""),
        )

    def _bad_cell(self, line: int, name: str, at: int, problem: CellError) -> None:
        prefix = f"Cell {address(line, at)}: " if self.excel else ""
        self.problems.error(
            "UPP635",
            prefix + str(problem),
            line=line,
            column=at + 1,
            field_name=self.headers.get(name),
            hint=problem.hint,
        )

    def _year_period(
        self,
        line: int,
        year: int | None,
        period: tuple[int | None, int] | None,
        day: dt.date | None,
        *,
        checked: int,
    ) -> tuple[int | None, int]:
        """The row's year and period from år, period and datum, checked against each other."""
        month = WHOLE_YEAR
        if period is not None:
            period_year, month = period
            if period_year is not None and year is not None and year != period_year:
                self._conflict(line, "period", f"perioden ligger i {period_year}", year)
            year = period_year if year is None else year
        if day is not None:
            if period is None:
                month = day.month
            if year is not None and year != day.year:
                self._conflict(line, "datum", f"datumet ligger i {day.year}", year)
            year = day.year if year is None else year
        if year is None and self.problems.errors == checked:
            columns = [self.headers[f] for f in _OPTIONAL if f in self.headers]
            self.problems.error(
                "UPP635",
                f"Raden har inget år ({', '.join(columns)}).",
                line=line,
                field_name=columns[0] if columns else None,
                hint="Fyll i året eller datumet på raden; en period som bara anger månaden "
                "behöver ett år (år) eller ett datum (datum) bredvid sig, eller skrivas som "
                "år och månad (202003).",
            )
        return year, month

    def _conflict(self, line: int, name: str, what: str, year: int) -> None:
        self.problems.error(
            "UPP635",
            f"{what[0].upper()}{what[1:]}, men raden hör till år {year}.",
            line=line,
            column=self.positions[name] + 1,
            field_name=self.headers[name],
            hint="Kontrollera år, period och datum på raden.",
        )


def _account(value: Cell) -> str:
    text = cells.code(value)
    if not text:
        raise CellError("Kontot saknas.", "Varje rad ska ha ett konto.")
    return text


_PARSERS: dict[str, Callable[[Cell], Any]] = {
    "år": cells.year,
    "period": cells.period,
    "datum": cells.date,
    "konto": _account,
    "ansvar": cells.code,
    "verksamhet": cells.code,
    "projekt": cells.code,
    "belopp": cells.amount,
}
"""How each field's cells are read (scenario needs the source's default)."""
