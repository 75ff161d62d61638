"""CSV and Excel inputs for bench/fuzz.py: CSV rows from a small grammar (years, periods,
amounts, text with odd values), mutated seed exports, small xlsx files written by xlsxwriter,
and xlsx files with edited XML parts (declared dimensions, far cells, bad references, XML
entity bombs, zip bombs, broken archives)."""

from __future__ import annotations

import datetime as dt
import functools
import io
import random
import re
import zipfile

import xlsxwriter
from fuzz_case import IMPORT_EXAMPLE
from fuzz_mutate import TEXT, flip, mutate, truncate

CSV_SEEDS = ("export/ansvar-utfall.csv", "export/ansvar-budget-2020.csv", "export/verksamhet.csv")
XLSX_SEED = "export/huvudbok-per-konto.xlsx"


@functools.cache
def seed(name: str) -> bytes:
    return (IMPORT_EXAMPLE / name).read_bytes()


YEARS = ("2020", "2019", "2020", "")
ODD_YEARS = ("1" + "0" * 6250, "-1", "0", "2020.5", "20 20", "MMXX", "99999", "2020\x00")
PERIODS = ("1", "6", "12", "01")
ODD_PERIODS = ("", "0", "13", "-1", "999999999999999999999", "1.5", "jan")
AMOUNTS = ("-70 093,84", "1 234,50", "0", "-12", "82 463,50")
ODD_AMOUNTS = (
    "",
    "1e400",
    "NaN",
    "-",
    "9" * 30,
    "1" + "0" * 4400,
    "1.234,5",
    "1,2,3",
    "--5",
    "12 345,678 901 234 567",
    "(100)",
    "100-",
    "\u221212",
    "0,0000000000000000000000001",
    '"1 234,50',
)
TEXTS = ("Nämnd", "Förvaltningsledning", "Nämnd- och styrelseverksamhet", "")
ODD_TEXTS = ("\x00", "\x1b[31m", '"', '""x', "x" * 140_000, "\u202e", "=cmd|' /C calc'!A0", "\r")


def _cell(rng: random.Random, good: tuple[str, ...], odd: tuple[str, ...], p: float) -> str:
    return rng.choice(odd if rng.random() < p else good)


def _column_value(column: str, rng: random.Random, p: float) -> str:
    if column == "År":
        return _cell(rng, YEARS, ODD_YEARS, p)
    if column == "Period":
        return _cell(rng, PERIODS, ODD_PERIODS, p)
    if column in ("Belopp", "Budget"):
        return _cell(rng, AMOUNTS, ODD_AMOUNTS, p)
    if column in ("Ansvar", "Vht"):
        return _cell(rng, ("5000", "5010", "110", "5100"), ("", "0", "x" * 300), p)
    if column == "Scenario":
        return _cell(rng, ("Utfall", "Budget"), ("", "Prognos", "utfall\t"), p)
    return _cell(rng, TEXTS, ODD_TEXTS, p)


def generate_csv(rng: random.Random) -> tuple[str, bytes]:
    """A CSV export shaped like one of the import example's sources, with odd cells."""
    p = rng.choice((0.0, 0.02, 0.1, 0.5))
    name = rng.choice(CSV_SEEDS)
    if name.endswith("verksamhet.csv"):
        delimiter, encoding = ",", "utf-8"
        header = ["År", "Period", "Vht", "Benämning", "Scenario", "Belopp"]
    else:
        delimiter, encoding = ";", "cp1252"
        header = ["År", "Period", "Ansvar", "Ansvarsbenämning", "Belopp"]
        if "budget" in name:
            header = ["År", "Ansvar", "Ansvarsbenämning", "Budget"]
    if rng.random() < p:
        rng.shuffle(header)
    if rng.random() < p / 2:
        header[rng.randrange(len(header))] = rng.choice(("", "År", "x" * 1000, "Belopp\x00"))
    rows = [header]
    for _ in range(rng.choice((0, 1, 5, 50, 2000))):
        row = [_column_value(column, rng, p) for column in header]
        if rng.random() < p / 2:
            row = row[: rng.randrange(len(row) + 1)] + ["extra"] * rng.randint(0, 3)
        rows.append(row)
    quote = '"' if delimiter == "," and rng.random() < 0.7 else ""
    newline = rng.choice(("\r\n", "\n", "\r\n", "\r"))
    text = newline.join(delimiter.join(quote + c + quote for c in r) for r in rows) + newline
    if rng.random() < 0.1:
        text = "\ufeff" + text
    return name, text.encode(encoding, errors="replace")


def csv_input(rng: random.Random) -> tuple[str, bytes, str]:
    """A CSV export (generated, or a seed export mutated): its path, bytes and note."""
    if rng.random() < 0.5:
        name, data = generate_csv(rng)
        return name, data, "grammar"
    name = rng.choice(CSV_SEEDS)
    data, names = mutate(seed(name), rng, TEXT, [seed(n) for n in CSV_SEEDS])
    return name, data, ",".join(names)


# Excel

XLSX_HEADER = ("Typ", "Bokföringsdatum", "Konto", "Beskrivning", "Belopp")


def generate_xlsx(rng: random.Random) -> bytes:
    """A small workbook with sheet «Huvudbok» written by xlsxwriter, with odd cells."""
    p = rng.choice((0.0, 0.05, 0.3))
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "nan_inf_to_errors": True})
    sheet = book.add_worksheet(rng.choice(("Huvudbok",) * 5 + ("Blad1", "huvudbok", "Huvudbok ")))
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, XLSX_HEADER)
    for row in range(1, rng.choice((1, 3, 40, 500))):
        kind = rng.choice(("Utfall", "Budget")) if rng.random() > p else rng.choice(("", "?", 7))
        sheet.write(row, 0, kind)
        if rng.random() > p:
            sheet.write_datetime(row, 1, dt.datetime(2020, rng.randint(1, 12), 28), dates)
        else:
            sheet.write(row, 1, rng.choice((-1, 2958466, 1e308, "2020-02-30", "", float("nan"))))
        sheet.write(row, 2, rng.choice((3510, 4010, "4010")) if rng.random() > p else "x")
        sheet.write(row, 3, "Text")
        if rng.random() > p:
            sheet.write_number(row, 4, round(rng.uniform(-1e7, 1e7), 2))
        else:
            odd = rng.choice((1e300, -1e-300, float("inf"), "1 234,5", "", True, "=1/0"))
            if isinstance(odd, str) and odd.startswith("="):
                sheet.write_formula(row, 4, odd)
            else:
                sheet.write(row, 4, odd)
    if rng.random() < p:
        sheet.write(rng.choice((1048575, 100_000, 2000)), rng.choice((16383, 200, 5)), "far")
    if rng.random() < p:
        sheet.merge_range(1, 0, 2, 4, "merged")
    book.close()
    return out.getvalue()


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(i.filename, archive.read(i)) for i in archive.infolist()]


def zip_members(members: list[tuple[str, bytes]], level: int = 6) -> bytes:
    """A zip of ``members`` in order (duplicate names kept)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, content in members:
            # A ZipInfo carries its own compression (stored): ask for deflate explicitly, or
            # the "bombs" are plain large files.
            info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
            archive.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=level)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
XML_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    b'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    b'uniqueCount="1"><si><t>&e;</t></si></sst>'
)


def _edit_sheet(xml: bytes, rng: random.Random) -> tuple[bytes, str]:  # noqa: PLR0911
    choice = rng.randrange(9)
    if choice == 0:
        ref = rng.choice((b"A1:XFD1048576", b"A1:ZZZZ99999999", b"A0:A0", b"", b"XFD1048576"))
        return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="' + ref + b'"/>', xml), "dim"
    if choice == 1:
        far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
        return xml.replace(b"</sheetData>", far, 1), "far-cell"
    if choice == 2:
        ref = rng.choice((b"A0", b"ZZZZZ1", b"A99999999999", b"1A", b"", b"a5", b"A-1"))
        return re.sub(rb'r="[A-Z]+\d+"', b'r="' + ref + b'"', xml, count=rng.randint(1, 50)), "ref"
    if choice == 3:
        return re.sub(rb"<v>\d+</v>", b"<v>99999999</v>", xml, count=5), "string-index"
    if choice == 4:
        value = rng.choice((b"1e400", b"NaN", b"9" * 40, b"", b"x", b"-0", b"1" + b"0" * 5000))
        return re.sub(rb"<v>-?[\d.]+</v>", b"<v>" + value + b"</v>", xml, count=3), "value"
    if choice == 5:
        t = rng.choice((b"d", b"b", b"e", b"str", b"inlineStr", b"n", b"zz"))
        return xml.replace(b't="s"', b't="' + t + b'"', rng.randint(1, 20)), "type"
    if choice == 6:
        rows = xml.split(b"<row ")
        return b"<row ".join(rows[:1] + rows[1:][::-1]), "rows-reversed"
    if choice == 7:
        nest = b"<x>" * 5000 + b"</x>" * 5000
        return xml.replace(b"<sheetData>", b"<sheetData>" + nest, 1), "deep-xml"
    data, names = mutate(xml, rng, (flip, truncate), most=1)
    return data, "xml-" + names[0]


@functools.cache
def _bomb(megabytes: int) -> bytes:
    """The seed workbook with ``megabytes`` MB of empty rows in its sheet (packs ~1000:1)."""
    filler = b"<row/>" * (megabytes * 1024 * 1024 // 6)
    members = [
        (n, c.replace(b"<sheetData>", b"<sheetData>" + filler, 1)) if n == SHEET else (n, c)
        for n, c in _members(seed(XLSX_SEED))
    ]
    return zip_members(members, level=9)


def xlsx_input(rng: random.Random) -> tuple[bytes, str]:
    """An Excel file: generated, or the seed with an XML part edited, or a broken archive."""
    base = generate_xlsx(rng) if rng.random() < 0.4 else seed(XLSX_SEED)
    note = "xlsxwriter" if base is not seed(XLSX_SEED) else "seed"
    members = _members(base)
    choice = rng.randrange(20)
    if choice <= 3 or choice >= 10:
        edits = []
        for _ in range(rng.randint(1, 3)):
            edited = []
            for name, content in members:
                if name == SHEET:
                    changed, edit = _edit_sheet(content, rng)
                    edits.append(edit)
                    edited.append((name, changed))
                else:
                    edited.append((name, content))
            members = edited
        return zip_members(members), note + "+sheet-" + ",".join(edits)
    if choice == 4:
        bomb = rng.choice((XML_BOMB, XXE))
        members = [(n, bomb) if n == "xl/sharedStrings.xml" else (n, c) for n, c in members]
        return zip_members(members), note + "+entities"
    if choice == 5:
        size = rng.choice((30, 120))
        return _bomb(size), f"seed+zip-bomb-{size}MB"
    if choice == 6:
        dropped = rng.choice([n for n, _ in members])
        return zip_members([(n, c) for n, c in members if n != dropped]), note + "+missing-part"
    if choice == 7:
        extra = [(SHEET, b"<worksheet/>")] if rng.random() < 0.5 else [("../../x.xml", b"x")]
        return zip_members(members + extra), note + "+extra-member"
    data, names = mutate(base, rng, (flip, truncate), most=2)
    return data, note + "+bytes-" + ",".join(names)
