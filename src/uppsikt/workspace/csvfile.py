"""Reading semicolon-separated CSV files with line numbers and comment lines."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from uppsikt.workspace.numbers import parse_number
from uppsikt.workspace.sink import Sink


@dataclass(frozen=True, slots=True)
class CsvRow:
    line: int
    """1-based line number in the file."""
    values: dict[str, str]


def read_csv(
    path: Path, sink: Sink, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> tuple[tuple[str, ...], list[CsvRow]] | None:
    """The header and rows of a CSV file, or None after reporting why it cannot be used.

    Lines starting with '#' and blank lines are skipped. Columns outside ``required`` and
    ``optional`` are reported unless ``optional`` contains '*' (any extra column allowed).
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        sink.error(
            "UPP102",
            f"Filen är inte UTF-8 (felaktig byte på position {exc.start}).",
            hint="Spara filen som CSV UTF-8 (i Excel: Spara som → CSV UTF-8).",
        )
        return None
    numbered = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not numbered:
        sink.error("UPP120", "Filen är tom.", hint="Lägg till en rubrikrad och data.")
        return None
    header_line, header_text = numbered[0]
    header = tuple(h.strip() for h in next(csv.reader([header_text], delimiter=";")))
    if not _header_ok(header, header_line, sink, required, optional):
        return None
    rows: list[CsvRow] = []
    for number, line in numbered[1:]:
        cells = next(csv.reader([line], delimiter=";"))
        if len(cells) != len(header):
            sink.error(
                "UPP122",
                f"Raden har {len(cells)} fält men rubrikraden har {len(header)}.",
                line=number,
                hint="Kontrollera semikolon på raden; ett värde med semikolon ska stå "
                "inom citattecken.",
            )
            continue
        rows.append(CsvRow(number, {h: c.strip() for h, c in zip(header, cells, strict=True)}))
    return header, rows


def _header_ok(
    header: tuple[str, ...],
    line: int,
    sink: Sink,
    required: tuple[str, ...],
    optional: tuple[str, ...],
) -> bool:
    ok = True
    for name in required:
        if name not in header:
            sink.error(
                "UPP121",
                f"Kolumnen «{name}» saknas i rubrikraden.",
                line=line,
                hint=f"Rubrikraden ska innehålla: {';'.join(required)}.",
            )
            ok = False
    if "*" not in optional:
        for name in header:
            if name not in required and name not in optional:
                sink.error(
                    "UPP121",
                    f"Okänd kolumn «{name}».",
                    line=line,
                    field_name=name,
                    hint=f"Tillåtna kolumner: {';'.join(required + optional)}.",
                )
                ok = False
    return ok


def cell_number(row: CsvRow, column: str, sink: Sink) -> Decimal | None:
    """The number in a cell, or None after reporting text in a number column."""
    text = row.values.get(column, "")
    value = parse_number(text)
    if value is None:
        sink.error(
            "UPP123",
            f"«{text}» är inte ett tal.",
            line=row.line,
            field_name=column,
            hint="Skriv ett tal, t.ex. -10 326 eller 6,20.",
        )
    return value


def cell_year(row: CsvRow, column: str, sink: Sink) -> int | None:
    value = cell_number(row, column, sink)
    if value is None:
        return None
    if value != value.to_integral_value() or not 1900 <= value <= 2200:
        sink.error(
            "UPP124",
            f"«{row.values[column]}» är inte ett årtal.",
            line=row.line,
            field_name=column,
            hint="Skriv året med fyra siffror, t.ex. 2020.",
        )
        return None
    return int(value)


def iter_csv_files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv")
