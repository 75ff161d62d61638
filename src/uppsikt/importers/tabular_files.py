"""Reading the rows of CSV and Excel files as cells, for :mod:`uppsikt.importers.tabular`.

CSV: the encoding is UTF-8 or else Windows-1252 (reported, UPP632) unless import.yaml names
it, and the delimiter is the one with which one of the first rows holds every mapped header.
Excel: every row of the sheet, numbered as in Excel, with the cells as calamine types them.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from python_calamine import CalamineWorkbook

from uppsikt.importers import cells
from uppsikt.importers.cells import Cell
from uppsikt.importers.tabular_config import SourceSpec
from uppsikt.importers.xlsx_bounds import BEYOND_BOUNDS, workbook_problem
from uppsikt.located.limits import limits, megabytes
from uppsikt.located.sink import Sink

MAX_PROBLEMS = 200
"""Errors listed one by one; the rest are counted in one diagnostic (UPP636)."""
HEADER_SEARCH = 20
"""How many rows from the top may hold the header."""
_DELIMITERS = (";", ",", "\t")
_log = logging.getLogger(__name__)

Record = tuple[int, Sequence[Cell]]
"""A row as read: its line (CSV) or row number (Excel), and its cells."""


@dataclass
class Problems:
    """A sink that lists the first MAX_PROBLEMS errors and counts the rest."""

    sink: Sink
    errors: int = 0
    suppressed: int = 0

    def error(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        field_name: str | None = None,
        hint: str = "",
    ) -> None:
        self.errors += 1
        if self.errors > MAX_PROBLEMS:
            self.suppressed += 1
            return
        self.sink.error(code, message, line=line, column=column, field_name=field_name, hint=hint)

    def finish(self) -> None:
        if self.suppressed:
            self.sink.error(
                "UPP636",
                f"Ytterligare {self.suppressed} fel i filen visas inte.",
                hint="Rätta felen ovan (ofta samma orsak) och importera igen.",
            )


def csv_records(path: Path, source: SourceSpec, problems: Problems) -> Iterator[Record] | None:
    text = _decode(path, source, problems)
    if text is None:
        return None
    if not text.strip():
        problems.error(
            "UPP631", "Filen är tom.", hint="Exportera filen igen med rubrikrad och rader."
        )
        return None
    delimiter = source.delimiter or _detect_delimiter(text, source)
    return _parse_csv(text, delimiter, problems)


def _decode(path: Path, source: SourceSpec, problems: Problems) -> str | None:
    try:
        size = path.stat().st_size
        if size > limits().max_import_bytes:
            problems.error(
                BEYOND_BOUNDS,
                f"Filen {path.name} är större än {megabytes(limits().max_import_bytes)}.",
                hint="Dela upp exporten, t.ex. ett år eller en period per fil.",
            )
            return None
        raw = path.read_bytes()
    except OSError as exc:
        # The operating system's text is English and names internals: log it, show ours.
        _log.info("cannot read %s", path, exc_info=exc)
        problems.error(
            "UPP631",
            f"Filen {path.name} kan inte läsas: {_os_reason(exc)}.",
            hint="Kontrollera sökvägen och att filen inte är öppen i ett annat program.",
        )
        return None
    encodings = [source.encoding] if source.encoding else ["utf-8", "cp1252"]
    failure = UnicodeDecodeError("utf-8", b"", 0, 0, "")
    for encoding in encodings:
        try:
            text = raw.decode("utf-8-sig" if encoding == "utf-8" else encoding)
        except UnicodeDecodeError as exc:
            failure = exc
            continue
        if encoding != "utf-8" and source.encoding is None:
            problems.sink.warning(
                "UPP632",
                "Filen är inte UTF-8; den lästes som Windows-1252 (cp1252).",
                hint="Kontrollera å, ä och ö i resultatet. Ange «kodning: cp1252» i "
                "import.yaml om det är rätt, så försvinner varningen.",
            )
        return text
    line = raw[: failure.start].count(b"\n") + 1
    named = source.encoding or "UTF-8 eller Windows-1252 (cp1252)"
    problems.error(
        "UPP631",
        f"Filen är inte {named}: byte {failure.start + 1} (på rad {line}) går inte att läsa.",
        line=line,
        hint="Exportera filen igen som CSV i UTF-8, eller ange rätt «kodning» i import.yaml.",
    )
    return None


def _detect_delimiter(text: str, source: SourceSpec) -> str:
    """The delimiter with which one of the first rows holds every mapped header; else the
    one occurring most in the first line."""
    headers = [header for _, header in source.columns]
    head = "".join(islice(io.StringIO(text), HEADER_SEARCH * 2))
    for delimiter in _DELIMITERS:
        try:
            rows = list(islice(csv.reader(io.StringIO(head), delimiter=delimiter), HEADER_SEARCH))
        except csv.Error:
            continue
        if any(header_columns(row, headers) is not None for row in rows):
            return delimiter
    first = next((line for line in io.StringIO(head) if line.strip()), "")
    return max(_DELIMITERS, key=first.count)


class _Beyond(Exception):
    """A line or the count of lines is past a bound (reported with the line)."""

    def __init__(self, line: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        """Swedish, written for the user (ours, not a library's)."""
        self.hint = hint


def _bounded_lines(text: str) -> Iterator[str]:
    """The physical lines of ``text``, each checked against ``max_line_chars`` and their
    count against ``max_rows`` before the CSV parser sees it."""
    bounds = limits()
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if number > bounds.max_rows:
            raise _Beyond(
                number,
                f"Filen har fler än {bounds.max_rows:,} rader.".replace(",", " "),
                "Dela upp exporten, t.ex. ett år eller en period per fil.",
            )
        if len(line) > bounds.max_line_chars:
            raise _Beyond(
                number,
                f"Rad {number} har {len(line):,} tecken; högst {bounds.max_line_chars:,} "
                "läses.".replace(",", " "),
                "Kontrollera att filen är en CSV-export (en rad per transaktion) och att "
                "inget citattecken saknar sitt slut.",
            )
        yield line


_CSV_ERRORS = {
    "field larger than field limit": "ett fält är längre än vad som läses",
    "new-line character seen in unquoted field": "en radbrytning mitt i ett fält",
    "line contains nul": "ett NUL-tecken (binära data)",
    "unexpected end of data": "filen tar slut mitt i ett fält",
}
"""The csv module's errors, in Swedish."""


def _csv_error(exc: csv.Error) -> str:
    """The csv module's error in Swedish; its own (English) text is matched, never shown."""
    text = str(exc).lower()
    return next((sv for en, sv in _CSV_ERRORS.items() if en in text), "ett fält kan inte läsas")


def _os_reason(exc: OSError) -> str:
    """Why a file cannot be opened, in Swedish (the operating system's text is not shown)."""
    if isinstance(exc, FileNotFoundError):
        return "filen finns inte"
    if isinstance(exc, IsADirectoryError):
        return "det är en mapp, inte en fil"
    if isinstance(exc, PermissionError):
        return "behörighet saknas"
    return "läsfel i filsystemet"


def _parse_csv(text: str, delimiter: str, problems: Problems) -> Iterator[Record]:
    reader = csv.reader(_bounded_lines(text), delimiter=delimiter)
    start = 1
    while True:
        try:
            cells_ = next(reader)
        except StopIteration:
            return
        except _Beyond as exc:
            problems.error(BEYOND_BOUNDS, exc.message, line=exc.line, hint=exc.hint)
            return
        except csv.Error as exc:
            problems.error(
                "UPP631",
                f"Filen kan inte läsas som CSV från rad {reader.line_num}: {_csv_error(exc)}.",
                line=reader.line_num,
                hint="Kontrollera citattecknen på raden, eller exportera filen igen.",
            )
            return
        if sum(map(len, cells_)) > limits().max_line_chars:
            # Our own bound, not the csv module's field limit: that one is process-wide, and
            # other libraries raise it (frictionless does, on import).
            problems.error(
                "UPP631",
                f"Filen kan inte läsas som CSV från rad {reader.line_num}: "
                f"{_CSV_ERRORS['field larger than field limit']}.",
                line=reader.line_num,
                hint="Kontrollera citattecknen på raden, eller exportera filen igen.",
            )
            return
        yield start, cells_
        start = reader.line_num + 1


_SAVE_AS_XLSX = "Spara filen som Excel-arbetsbok (.xlsx) och importera igen."


def excel_records(path: Path, source: SourceSpec, problems: Problems) -> Iterator[Record] | None:
    refused = workbook_problem(path)
    if refused is not None:
        code, message = refused
        hint = (
            _SAVE_AS_XLSX
            if code == "UPP631"
            else "Kontrollera att bladet bara innehåller exportens rader och kolumner (ta bort "
            "celler långt nedanför eller till höger om dem), eller dela upp exporten."
        )
        problems.error(code, message, hint=hint)
        return None
    try:
        workbook = CalamineWorkbook.from_path(path)
    except Exception:  # calamine raises its own and OS errors for unreadable files
        problems.error(
            "UPP631",
            f"Filen {path.name} kan inte läsas som Excel-arbetsbok (.xlsx): den är skadad "
            "eller i ett annat format.",
            hint=_SAVE_AS_XLSX,
        )
        return None
    with workbook:
        names = workbook.sheet_names
        name = source.sheet or (names[0] if names else None)
        if name is None or name not in names:
            problems.error(
                "UPP631",
                f"Arbetsboken har inget blad «{name}».",
                hint=f"Bladen heter: {', '.join(names)}. Rätta «blad» i import.yaml.",
            )
            return None
        try:
            table = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:  # a damaged sheet
            problems.error(
                "UPP631",
                f"Bladet «{name}» i {path.name} kan inte läsas: det är skadat.",
                hint=_SAVE_AS_XLSX,
            )
            return None
    return ((number, row) for number, row in enumerate(table, start=1))


def header_columns(row: Sequence[Cell], headers: Sequence[str]) -> dict[str, int] | None:
    """The position of each wanted header in ``row`` (exact, else ignoring case), or None
    when one is missing."""
    written = [cells.shown(cell).lstrip("\ufeff").strip() for cell in row]
    folded = [w.casefold() for w in written]
    found: dict[str, int] = {}
    for header in headers:
        if header in written:
            found[header] = written.index(header)
        elif header.casefold() in folded:
            found[header] = folded.index(header.casefold())
        else:
            return None
    return found


def address(row: int, column: int) -> str:
    """The Excel address of a cell: address(17, 3) == 'D17'."""
    letters = ""
    number = column + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return f"{letters}{row}"
