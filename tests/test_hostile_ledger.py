"""Hostile ledger exports (issue #10, «the ledger import»): Excel and CSV files built to take
the process down or to smuggle in wrong data are refused with a located Swedish message, and
the store is left as it was.

Every file is written to disk and read back as an import would read it.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from uppsikt.importers import tabular_files, xlsx_bounds
from uppsikt.importers.tabular import read_tabular
from uppsikt.importers.tabular_config import SourceSpec
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.located.limits import limits

COLUMNS = (("år", "År"), ("period", "Period"), ("konto", "Konto"), ("belopp", "Belopp"))
HEADER = ["År", "Period", "Konto", "Belopp"]


def spec(fmt: str, **kw: Any) -> SourceSpec:
    return SourceSpec("test", fmt, COLUMNS, **kw)  # type: ignore[arg-type]


def errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def write_xlsx(path: Path, rows: list[list[Any]], far: tuple[int, int] | None = None) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Blad1")
    for i, row in enumerate(rows):
        sheet.write_row(i, 0, row)
    if far is not None:
        sheet.write(far[0], far[1], 1)
    workbook.close()
    return path


def rewrite_member(path: Path, member: str, data: bytes) -> None:
    """Replace one part of a zip (a sheet's XML) and keep the others."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[member] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)


# -- Excel: finding 1


_READ_IN_A_CHILD = """
import sys
from pathlib import Path
from uppsikt.importers.tabular import read_tabular
from uppsikt.importers.tabular_config import SourceSpec
columns = (("år", "År"), ("period", "Period"), ("konto", "Konto"), ("belopp", "Belopp"))
rows, diagnostics = read_tabular(Path(sys.argv[1]), SourceSpec("test", "xlsx", columns))
print(rows is None)
for d in diagnostics:
    print(d.code, d.message)
"""


def test_a_cell_at_xfd1048576_is_refused_not_a_crash(tmp_path: Path) -> None:
    """1.6 KB on disk, 550 GB for calamine's dense range: the process aborted (SIGABRT) before.
    Read in a child process, so that a regression fails this test instead of killing pytest."""
    path = write_xlsx(tmp_path / "bomb.xlsx", [HEADER], far=(1048575, 16383))
    assert path.stat().st_size < 8000
    done = subprocess.run(
        [sys.executable, "-c", _READ_IN_A_CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-500:]
    lines = done.stdout.splitlines()
    assert lines[0] == "True"
    assert lines[1].startswith("UPP676 ")
    assert "«Blad1»" in lines[1]
    assert "bomb.xlsx" in lines[1]


def test_a_far_cell_without_a_dimension_is_found_by_its_address(tmp_path: Path) -> None:
    """A sheet that declares no range (or a small one) is measured by its cells."""
    path = write_xlsx(tmp_path / "x.xlsx", [HEADER, [2024, 1, "4010", 5]])
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxml'
        b'formats.org/spreadsheetml/2006/main"><dimension ref="A1:D2"/><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        b'<row r="900000"><c r="ZZ900000"><v>1</v></c></row></sheetData></worksheet>'
    )
    rewrite_member(path, "xl/worksheets/sheet1.xml", sheet)
    rows, diagnostics = read_tabular(path, spec("xlsx"))
    assert rows is None
    assert [d.code for d in diagnostics] == ["UPP676"]
    assert "sina celler" in diagnostics[0].message


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    """A sheet part packed far more than real workbooks are (the 11 MB file that unpacked to
    2.9 GB): refused by the declared ratio, without unpacking it."""
    path = write_xlsx(tmp_path / "bomb.xlsx", [HEADER, [2024, 1, "4010", 5]])
    with zipfile.ZipFile(path) as archive:
        original = archive.read("xl/worksheets/sheet1.xml")
    padding = b" " * (8 * 1024 * 1024)
    rewrite_member(
        path, "xl/worksheets/sheet1.xml", original.replace(b"<sheetData>", padding + b"<sheetData>")
    )
    assert path.stat().st_size < 100_000
    rows, diagnostics = read_tabular(path, spec("xlsx"))
    assert rows is None
    assert [d.code for d in diagnostics] == ["UPP676"]
    assert "zip-bomb" in diagnostics[0].message


def test_unpacked_size_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", [HEADER, *([[2024, 1, "4010", 5]] * 2000)])
    small = dataclasses.replace(limits(), xlsx_max_unpacked_bytes=20_000)
    monkeypatch.setattr(xlsx_bounds, "limits", lambda: small)
    rows, diagnostics = read_tabular(path, spec("xlsx"))
    assert rows is None
    assert [d.code for d in diagnostics] == ["UPP676"]
    assert "packas upp" in diagnostics[0].message


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04 truncated", b"", b"just text, no workbook", b"PK\x05\x06" + b"\0" * 18],
)
def test_a_damaged_workbook_is_refused_in_swedish(tmp_path: Path, data: bytes) -> None:
    """calamine's own English («invalid Zip archive: Could not find EOCD») never reaches the
    user."""
    path = tmp_path / "trasig.xlsx"
    path.write_bytes(data)
    rows, diagnostics = read_tabular(path, spec("xlsx"))
    assert rows is None
    assert [d.code for d in diagnostics] == ["UPP631"]
    message = diagnostics[0].message
    assert "trasig.xlsx" in message
    assert "EOCD" not in message
    assert "invalid" not in message.lower()


def test_a_good_workbook_still_reads(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ok.xlsx", [HEADER, [2024, 3, "4010", 5.5]])
    rows, diagnostics = read_tabular(path, spec("xlsx"))
    assert diagnostics == []
    assert rows is not None
    assert rows[0].amount == Decimal("5.5")


# -- CSV: finding 2


def read_csv(tmp_path: Path, text: str) -> tuple[Any, list[Diagnostic]]:
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    return read_tabular(path, spec("csv"))


def test_a_year_of_6250_digits_is_a_located_error(tmp_path: Path) -> None:
    """Python refuses int() of more than 4 300 digits: the import crashed (ValueError)."""
    rows, diagnostics = read_csv(tmp_path, f"År;Period;Konto;Belopp\n{'9' * 6250};1;4010;5\n")
    assert rows is None
    assert [(d.code, d.location.line) for d in errors(diagnostics)] == [("UPP635", 2)]
    assert "är inget årtal" in diagnostics[0].message
    assert len(diagnostics[0].message) < 200


@pytest.mark.parametrize("value", ["1234567890123456", "123456789012345,67", "9" * 5000])
def test_an_amount_beyond_15_digits_is_refused(tmp_path: Path, value: str) -> None:
    rows, diagnostics = read_csv(tmp_path, f"År;Period;Konto;Belopp\n2024;1;4010;{value}\n")
    assert rows is None
    assert [(d.code, d.location.line) for d in diagnostics] == [("UPP635", 2)]
    assert "för stort" in diagnostics[0].message


def test_a_period_of_many_digits_is_a_located_error(tmp_path: Path) -> None:
    rows, diagnostics = read_csv(tmp_path, f"År;Period;Konto;Belopp\n2024;{'1' * 5000};4010;5\n")
    assert rows is None
    assert [(d.code, d.location.line) for d in diagnostics] == [("UPP635", 2)]


def test_a_line_over_the_bound_is_refused_with_its_line(tmp_path: Path) -> None:
    long = "x" * (limits().max_line_chars + 1)
    rows, diagnostics = read_csv(
        tmp_path, f"År;Period;Konto;Belopp\n2024;1;4010;5\n2024;1;{long};5\n"
    )
    assert rows is None
    assert [(d.code, d.location.line) for d in diagnostics] == [("UPP676", 3)]
    assert "tecken" in diagnostics[0].message


def test_rows_and_size_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "År;Period;Konto;Belopp\n" + "2024;1;4010;5\n" * 20
    small = dataclasses.replace(limits(), max_rows=10)
    monkeypatch.setattr(tabular_files, "limits", lambda: small)
    rows, diagnostics = read_csv(tmp_path, text)
    assert rows is None
    assert [(d.code, d.location.line) for d in diagnostics] == [("UPP676", 11)]
    tiny = dataclasses.replace(limits(), max_import_bytes=100)
    monkeypatch.setattr(tabular_files, "limits", lambda: tiny)
    rows, diagnostics = read_csv(tmp_path, text)
    assert rows is None
    assert [d.code for d in diagnostics] == ["UPP676"]
    assert "export.csv" in diagnostics[0].message


def test_csv_syntax_errors_are_in_swedish(tmp_path: Path) -> None:
    """A quoted field over the csv module's field limit: its English error text stays out."""
    field = "\n".join(["x" * 50_000] * 3)
    rows, diagnostics = read_csv(tmp_path, f'År;Period;Konto;Belopp\n2024;1;"{field}";5\n')
    assert rows is None
    assert [(d.code, d.location.line) for d in diagnostics] == [("UPP631", 4)]
    assert "längre" in diagnostics[0].message
    assert "field" not in diagnostics[0].message


def test_a_control_character_in_a_code_is_refused(tmp_path: Path) -> None:
    rows, diagnostics = read_csv(tmp_path, 'År;Period;Konto;Belopp\n2024;1;"40\x0010";5\n')
    assert rows is None
    assert [(d.code, d.location.line) for d in diagnostics] == [("UPP635", 2)]


def test_a_damaged_deflate_stream_is_refused_in_swedish(tmp_path: Path) -> None:
    """zlib's own error («invalid distance too far back») escaped while the parts were
    measured (found by bench/fuzz.py)."""
    path = write_xlsx(tmp_path / "skadad.xlsx", [HEADER, *([[2024, 1, "4010", 5]] * 500)])
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    name_length = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_length = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length
    for i in range(start + 20, start + info.compress_size - 20, 7):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    rows, diagnostics = read_tabular(path, spec("xlsx"))
    assert rows is None
    assert [d.code for d in diagnostics] == ["UPP631"]
    assert "skadad.xlsx" in diagnostics[0].message
