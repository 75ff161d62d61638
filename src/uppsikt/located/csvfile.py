"""Reading semicolon-separated CSV files with line numbers and comment lines."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from uppsikt.located.format import SWEDISH_MONTHS
from uppsikt.located.limits import limits
from uppsikt.located.numbers import NUMBER_HINT, number_problem, parse_number
from uppsikt.located.sink import Sink
from uppsikt.located.userfile import read_user_text


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
    text, clean = read_user_text(path, sink, encoding="utf-8-sig")
    if text is None or not clean:
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
    header_cells = split_line(header_text, header_line, sink)
    if header_cells is None:
        return None
    header = tuple(h.strip() for h in header_cells)
    if not _header_ok(header, header_line, sink, required, optional):
        return None
    rows: list[CsvRow] = []
    for number, line in numbered[1:]:
        cells = split_line(line, number, sink)
        if cells is None:
            continue
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


def split_line(line: str, number: int, sink: Sink) -> list[str] | None:
    """The fields of one line, or None after reporting a line too long or unreadable.

    Lines are bounded (``limits().max_line_chars``) before they are split, which also keeps
    every field under the csv module's own limit on a field's length.
    """
    bound = limits().max_line_chars
    if len(line) > bound:
        sink.error(
            "UPP109",
            f"Raden är för lång ({len(line)} tecken; högst {bound}).",
            line=number,
            hint="Kontrollera raden: ett citattecken som inte avslutas gör ofta resten av "
            "filen till ett enda fält.",
        )
        return None
    try:
        return next(csv.reader([line], delimiter=";"))
    except csv.Error as exc:
        sink.error(
            "UPP109",
            f"Raden kan inte läsas som CSV ({exc}).",
            line=number,
            hint="Kontrollera citattecknen på raden.",
        )
        return None


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
            f"«{_cut(text)}» är inte ett tal.",
            line=row.line,
            field_name=column,
            hint="Skriv ett tal, t.ex. -10 326 eller 6,20.",
        )
        return None
    problem = number_problem(value)
    if problem is not None:
        sink.error("UPP125", problem, line=row.line, field_name=column, hint=NUMBER_HINT)
        return None
    return value


def _cut(text: str) -> str:
    return text if len(text) <= 60 else f"{text[:60]}…"


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


def month_number(text: str) -> int | None:
    """The month ``text`` names, 1–12 or a Swedish month's name ('augusti'); None if none."""
    month = int(text) if text.isdigit() and len(text) <= 2 else None
    if month is None and text.casefold() in SWEDISH_MONTHS:
        month = SWEDISH_MONTHS.index(text.casefold()) + 1
    return month if month is not None and 1 <= month <= 12 else None


def cell_month(row: CsvRow, column: str, sink: Sink, *, code: str, hint: str) -> int | None:
    """The month in a cell, 1–12 or a Swedish month's name ('augusti'), or None after
    reporting ``code`` (each file its own) with ``hint``."""
    text = row.values.get(column, "")
    month = month_number(text)
    if month is None:
        sink.error(code, f"«{text}» är ingen månad.", line=row.line, field_name=column, hint=hint)
        return None
    return month


def iter_csv_files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv")
