"""Hostile files of issue #10, built in the tests (no Django here: the browser tests of
tests/e2e/web use them too)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import duckdb

from uppsikt.examples import STARTER

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Huvudbok" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _xlsx(write_sheet: object) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            write_sheet(sheet)  # type: ignore[operator]
    return buffer.getvalue()


def xlsx_far_cell() -> bytes:
    """A header row and one cell at XFD1048576: the declared range is 17 billion cells
    (the Excel reader asked for all of them and aborted the process)."""

    def write(sheet: io.BufferedWriter) -> None:
        sheet.write(
            (
                _SHEET_HEAD + '<dimension ref="A1:XFD1048576"/><sheetData>'
                '<row r="1"><c r="A1" t="inlineStr"><is><t>konto</t></is></c>'
                '<c r="B1" t="inlineStr"><is><t>belopp</t></is></c></row>'
                '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
                "</sheetData></worksheet>"
            ).encode()
        )

    return _xlsx(write)


def xlsx_bomb(rows: int = 2_000_000) -> bytes:
    """A small .xlsx whose sheet unpacks to hundreds of MB (the same row over and over)."""

    def write(sheet: io.BufferedWriter) -> None:
        sheet.write((_SHEET_HEAD + "<sheetData>").encode())
        row = b'<row><c t="inlineStr"><is><t>5410</t></is></c><c><v>100</v></c></row>'
        block = row * 10_000
        for _ in range(rows // 10_000):
            sheet.write(block)
        sheet.write(b"</sheetData></worksheet>")

    return _xlsx(write)


def workspace_zip(extra: dict[str, bytes] | None = None) -> bytes:
    """The starter workspace as a zip (one top folder), with ``extra`` files added."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(STARTER.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                archive.write(path, f"arbetsyta/{path.relative_to(STARTER).as_posix()}")
        for name, content in (extra or {}).items():
            archive.writestr(f"arbetsyta/{name}", content)
    return buffer.getvalue()


def damaged_zip() -> bytes:
    """A workspace zip whose uppsikt.yaml fails its CRC check (its CRC changed)."""
    return _corrupt_central_crc(workspace_zip(), "arbetsyta/uppsikt.yaml")


def _corrupt_central_crc(data: bytes, name: str) -> bytes:
    """Change the CRC of ``name`` in both its local and its central header."""
    out = bytearray(data)
    encoded = name.encode()
    at = 0
    while True:
        at = out.find(b"PK\x01\x02", at)
        if at < 0:
            break
        length = int.from_bytes(out[at + 28 : at + 30], "little")
        if bytes(out[at + 46 : at + 46 + length]) == encoded:
            out[at + 16] ^= 0xFF
            break
        at += 4
    return bytes(out)


def foreign_store(path: Path, secret_file: Path) -> Path:
    """A DuckDB file whose «ledger» is a VIEW over read_text of ``secret_file``."""
    con = duckdb.connect(str(path))
    try:
        quoted = str(secret_file).replace("'", "''")
        con.execute(f"CREATE VIEW ledger AS SELECT content AS konto FROM read_text('{quoted}')")
        con.execute("CREATE TABLE imports (source VARCHAR)")
    finally:
        con.close()
    return path


def zip_with_foreign_store(work: Path, secret_file: Path) -> bytes:
    store = foreign_store(work / "ekonomi.duckdb", secret_file)
    return workspace_zip({"ekonomi.duckdb": store.read_bytes()})


def abort_in_worker(*args: object) -> None:
    """Stands in for a parser that dies in native code (run in the worker: importable)."""
    del args
    import os  # noqa: PLC0415

    os.abort()
