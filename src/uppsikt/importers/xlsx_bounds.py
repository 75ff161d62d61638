"""Measuring an Excel file before calamine opens it.

calamine builds a sheet as one dense range from its first to its last cell, so a 1.6 KB
``.xlsx`` with a cell at ``XFD1048576`` asks for 550 GB and the process aborts in native code;
and it unpacks every part it reads in memory, so a small zip that unpacks to gigabytes drives
an import to as much memory. ``workbook_problem`` reads the zip with :mod:`zipfile` as a stream
(never a whole part in memory) and refuses, with a Swedish sentence, a workbook whose

- file is larger than ``max_import_bytes``, or (``.xls``, not a zip) than
  ``xlsx_max_unpacked_bytes``;
- zip has more than ``zip_max_members`` parts, parts that unpack to more than
  ``xlsx_max_unpacked_bytes`` in all (declared or actual: every part is streamed once, and
  zipfile stops a part at its declared size and checks its CRC), or a part of at least 1 MB
  unpacked packed more than ``zip_max_ratio`` times;
- sheet's declared range (``<dimension ref="A1:XFD1048576"/>``) or actual range (from its
  first to its last cell) has more than ``xlsx_max_cells`` cells.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from uppsikt.located.limits import limits, megabytes

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 1024 * 1024
_RATIO_FROM = 1024 * 1024
"""Parts smaller than this unpacked are not held to ``zip_max_ratio`` (small XML parts of
real workbooks compress well and cannot blow up memory)."""
_HEAD = 64 * 1024
"""How much of a sheet is searched for its ``<dimension>``."""
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Za-z]*)(\d*)(?::([A-Za-z]*)(\d*))?\"")
_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"(?:([A-Z]{1,3})([1-9]\d{0,6})|([^\"]{0,40}))\"")
"""A cell's address: letters and row of a well-formed one, or else the text of a bad one."""
_BAD_ROW = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br=\"(?![1-9]\d{0,6}\")([^\"]{0,40})\"")
"""A row number that is not 1–9 999 999."""
_MAX_ROW, _MAX_COLUMN = 1_048_576, 16_384
"""Excel's last row and column (XFD)."""
_OVERLAP = 256
"""Bytes kept from one chunk to the next so that a tag split between them is still found."""


UNREADABLE = "UPP631"
"""The file is no workbook (a damaged or foreign zip)."""
BEYOND_BOUNDS = "UPP676"
"""The workbook is beyond a bound of :mod:`uppsikt.located.limits`."""


def workbook_problem(path: Path) -> tuple[str, str] | None:
    """None when the workbook is within the bounds; otherwise the diagnostic code and why it
    is refused (Swedish, naming the file). Never raises for a damaged file."""
    name = path.name
    try:
        ole, refused = _file_problem(path)
        if ole or refused is not None:
            return refused
        with zipfile.ZipFile(path) as archive:
            declared = _declared_problem(archive, name)
            if declared is not None:
                return BEYOND_BOUNDS, declared
            return _unpacked_problem(archive, name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError):
        return UNREADABLE, (
            f"Filen {name} är ingen läsbar Excel-arbetsbok (.xlsx): arkivet är skadat eller "
            "inte en Excel-fil."
        )
    except NotImplementedError:
        return UNREADABLE, (
            f"Filen {name} är packad på ett sätt som inte kan läsas (krypterad, eller en "
            "okänd packningsmetod)."
        )


def _file_problem(path: Path) -> tuple[bool, tuple[str, str] | None]:
    """Whether the file is an .xls (OLE, not a zip: bounded by its size alone), and the
    problem with its size."""
    bounds = limits()
    size = path.stat().st_size
    if size > bounds.max_import_bytes:
        limit = megabytes(bounds.max_import_bytes)
        return False, (BEYOND_BOUNDS, f"Filen {path.name} är större än {limit}.")
    with path.open("rb") as handle:
        ole = handle.read(len(_OLE_MAGIC)) == _OLE_MAGIC
    if ole and size > bounds.xlsx_max_unpacked_bytes:
        limit = megabytes(bounds.xlsx_max_unpacked_bytes)
        return True, (BEYOND_BOUNDS, f"Excel-filen {path.name} (.xls) är större än {limit}.")
    return ole, None


def _declared_problem(archive: zipfile.ZipFile, name: str) -> str | None:
    """What the zip's directory declares: parts, their total size and each one's ratio."""
    bounds = limits()
    members = archive.infolist()
    if len(members) > bounds.zip_max_members:
        return f"Excel-filen {name} har {len(members)} delar; högst {bounds.zip_max_members} läses."
    declared = sum(m.file_size for m in members)
    if declared > bounds.xlsx_max_unpacked_bytes:
        return _too_large(name, declared)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= _RATIO_FROM and ratio > bounds.zip_max_ratio:
            return (
                f"Delen «{member.filename}» i Excel-filen {name} är packad {int(ratio)} gånger "
                f"(högst {bounds.zip_max_ratio}): filen ser ut som en zip-bomb."
            )
    return None


def _unpacked_problem(archive: zipfile.ZipFile, name: str) -> tuple[str, str] | None:
    """Every part streamed once (never whole in memory): the actual unpacked size, and each
    sheet's declared and actual range."""
    bounds = limits()
    names = _sheet_names(archive)
    unpacked = 0
    for member in archive.infolist():
        if member.is_dir():
            continue
        sheet = names.get(member.filename, member.filename)
        scan = _Range() if _is_sheet(member.filename) else None
        for chunk in _chunks(archive, member):
            unpacked += len(chunk)
            if unpacked > bounds.xlsx_max_unpacked_bytes:
                return BEYOND_BOUNDS, _too_large(name, unpacked)
            problem = scan.feed(chunk, name, sheet) if scan is not None else None
            if problem is not None:
                return problem
        if scan is not None and scan.cells() > bounds.xlsx_max_cells:
            return BEYOND_BOUNDS, _too_many_cells(name, sheet, scan.cells(), "sina celler")
    return None


_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_RELATION_TAG = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_PART_LIMIT = 4 * _CHUNK
"""Most bytes of workbook.xml and its relations read to name the sheets."""


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet part → sheet name as the user sees it (``xl/worksheets/sheet1.xml`` → ``Blad1``);
    empty when the workbook does not say (messages then name the part)."""
    try:
        workbook = _head(archive, "xl/workbook.xml")
        relations = _head(archive, "xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets: dict[bytes, str] = {}
    for tag in _RELATION_TAG.findall(relations):
        attributes = dict(_ATTRIBUTE.findall(tag))
        target = attributes.get(b"Target", b"").decode("utf-8", "replace").lstrip("/")
        targets[attributes.get(b"Id", b"")] = target if target.startswith("xl/") else "xl/" + target
    names: dict[str, str] = {}
    for tag in _SHEET_TAG.findall(workbook):
        attributes = {k.split(b":")[-1]: v for k, v in _ATTRIBUTE.findall(tag)}
        part = targets.get(attributes.get(b"id", b""))
        if part is not None:
            names[part] = attributes.get(b"name", b"").decode("utf-8", "replace")
    return names


def _head(archive: zipfile.ZipFile, filename: str) -> bytes:
    with archive.open(filename) as stream:
        return stream.read(_PART_LIMIT)


def _chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            yield chunk


def _is_sheet(filename: str) -> bool:
    lowered = filename.lower()
    return lowered.startswith("xl/worksheets/") and lowered.endswith(".xml")


def _too_large(name: str, size: int) -> str:
    return (
        f"Excel-filen {name} packas upp till mer än "
        f"{megabytes(limits().xlsx_max_unpacked_bytes)} ({megabytes(size)} eller mer)."
    )


def _too_many_cells(name: str, sheet: str, cells: int, how: str) -> str:
    return (
        f"Bladet «{sheet}» i Excel-filen {name} spänner enligt {how} över {cells:,} celler; "
        f"högst {limits().xlsx_max_cells:,} läses.".replace(",", " ")
    )


def column_number(letters: bytes | str) -> int:
    """1 for A, 27 for AA, 16384 for XFD."""
    text = letters.decode("ascii") if isinstance(letters, bytes) else letters
    number = 0
    for letter in text.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


class _Range:
    """The declared and actual range of one sheet, from its XML as it streams by."""

    def __init__(self) -> None:
        self.seen = 0
        self.tail = b""
        self.rows = (0, 0)
        self.columns = (0, 0)

    def cells(self) -> int:
        if not self.rows[1] or not self.columns[1]:
            return 0
        return (self.rows[1] - self.rows[0] + 1) * (self.columns[1] - self.columns[0] + 1)

    def feed(self, chunk: bytes, name: str, part: str) -> tuple[str, str] | None:
        data = self.tail + chunk
        if self.seen < _HEAD:
            found = _DIMENSION.search(data[:_HEAD])
            if found is not None:
                declared = _declared_cells(found.groups())
                if declared > limits().xlsx_max_cells:
                    return BEYOND_BOUNDS, _too_many_cells(name, part, declared, "sin dimension")
        self.seen += len(chunk)
        self.tail = data[-_OVERLAP:]
        cells = _CELL.findall(data)
        bad = next((b for letters, _, b in cells if not letters), None)
        if bad is None:
            bad = next(iter(_BAD_ROW.findall(data)), None)
        if bad is not None:
            text = bad.decode("ascii", "replace")
            return UNREADABLE, (
                f"Bladet «{part}» i Excel-filen {name} har en cell eller rad med den ogiltiga "
                f"adressen «{text or '(tom)'}»: filen är skadad."
            )
        if cells:
            rows = [int(digits) for _, digits, _ in cells]
            columns = [column_number(letters) for letters in {c[0] for c in cells}]
            self._extent(min(rows), max(rows), min(columns), max(columns))
            if self.rows[1] > _MAX_ROW or self.columns[1] > _MAX_COLUMN:
                return UNREADABLE, (
                    f"Bladet «{part}» i Excel-filen {name} har celler bortom Excels sista rad "
                    "eller kolumn (XFD1048576): filen är skadad."
                )
        return None

    def _extent(self, low_row: int, high_row: int, low_column: int, high_column: int) -> None:
        self._cell(low_row, low_column)
        self._cell(high_row, high_column)

    def _cell(self, row: int, column: int) -> None:
        low_row, high_row = self.rows
        self.rows = (min(low_row, row) if low_row else row, max(high_row, row))
        low_column, high_column = self.columns
        self.columns = (
            min(low_column, column) if low_column else column,
            max(high_column, column),
        )


def _declared_cells(groups: tuple[bytes | None, ...]) -> int:
    first_column, first_row, last_column, last_row = (g or b"" for g in groups)
    if not last_column and not last_row:
        last_column, last_row = first_column, first_row
    if not (first_column and first_row and last_column and last_row):
        return 0
    if max(len(first_row), len(last_row)) > 9 or max(len(first_column), len(last_column)) > 5:
        return 2**63  # no sheet is that large: a damaged or hostile dimension
    rows = abs(int(last_row) - int(first_row)) + 1
    columns = abs(column_number(last_column) - column_number(first_column)) + 1
    return rows * columns
