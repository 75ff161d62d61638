"""The columnar SIE reader's byte-level paths (``sie_fast_scan``, ``sie_fast_rows``): every
shape of a #TRANS and #VER line, whether read by array operations or on its own by the
regular expression, gives the rows and diagnostics of the full reader; and reading the
#TRANS lines in parts changes nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sie_support import expected
from uppsikt.importers.sie import fast_rows
from uppsikt.importers.sie.fast import Unsupported, read_sie_columns
from uppsikt.importers.sie.reader import read_sie
from uppsikt.located.diagnostics import Diagnostic, Severity

HEAD = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#RAR 0 20240101 20241231
#DIM 1 "Ansvar"
#DIM 6 "Projekt"
#KONTO 1930 "Bank"
#KONTO 4010 "Material"
#KONTO 5010 "Lokaler"
"""


def keys(diagnostics: list[Diagnostic]) -> list[tuple[str, str, int | None]]:
    return sorted(
        (d.code, d.severity.value, d.location.line)
        for d in diagnostics
        if not d.message.startswith("… och")
    )


def both(tmp_path: Path, text: str, encoding: str = "cp437") -> tuple[Any, Any]:
    path = tmp_path / "s.se"
    path.write_bytes(text.encode(encoding))
    table, diagnostics = read_sie_columns(path)
    _, full = read_sie(path)
    rows = None if table is None else table.to_pylist()
    return (rows, keys(diagnostics)), (expected(path), keys(full))


VOUCHER = '#VER A 1 20240115 "Inköp"\n{{\n{rows}}}\n'
SHAPES = [
    '   #TRANS 4010 {1 "100"} 250.00\n   #TRANS 1930 {} -250.00\n',
    '#TRANS 4010 {} 250 20240120 "Text med mellanslag"\n#TRANS 1930 {} -250\n',
    '\t#TRANS\t4010\t{1 "100"\t6 "P1"}\t250.5\t20240120\t"x"\t""\n#TRANS 1930 {} -250.50\n',
    "#trans 4010 {} 250.00\n#TRANS 1930 {} -250.00\n",
    "#trans 4010 {} 250.00\n#trans 1930 {} -250.00\n",
    "#TRANS 4010{}250.00\n#TRANS 1930 {} -250.00\n",
    '#TRANS 4010 {} +250.000 "" "text" 1.5 "sign"\n#TRANS 1930 {} -250.00 \n',
    "#TRANS 4010 {} .50\n#TRANS 1930 {} -0.5\n",
    '#TRANS 4010 {} 250.00 "20240301"\n#TRANS 1930 {} -250.00 ""\n',
    "#TRANS 4010 {} 123456789012.34\n#TRANS 1930 {} -123456789012.34\n",
    "#TRANS 4010 {} 5.\n#TRANS 1930 {} -5\n",
    "#TRANS 4010 {6 P1} 1\n#TRANS 1930 {} -1\n",
    "#TRANS 4010 {} 1     \n#TRANS 1930 {}      -1\n",
]


@pytest.mark.parametrize("rows", SHAPES)
def test_every_trans_shape_reads_as_the_full_reader_reads_it(tmp_path: Path, rows: str) -> None:
    (fast, fast_keys), (full, full_keys) = both(tmp_path, HEAD + VOUCHER.format(rows=rows))
    assert fast == full
    assert fast is not None
    assert fast_keys == full_keys


@pytest.mark.parametrize(
    "ver",
    [
        "#VER A 1 20240115",
        '#VER "" "" 20240115 "Utan serie" 20240116',
        "#VER\tA\t1\t20240115\tText\t20240116\tsign",
        '#VER A     1 20240115 "x" ',
        '#ver "B" "7" "20240115" "x"',
    ],
)
def test_every_ver_shape_reads_as_the_full_reader_reads_it(tmp_path: Path, ver: str) -> None:
    text = HEAD + f"{ver}\n{{\n#TRANS 4010 {{}} 1\n#TRANS 1930 {{}} -1\n}}\n"
    (fast, fast_keys), (full, full_keys) = both(tmp_path, text)
    assert fast == full
    assert fast is not None
    assert fast_keys == full_keys


@pytest.mark.parametrize(
    ("rows", "ver"),
    [
        ("#TRANS 4010 {} 250.00 20240230\n#TRANS 1930 {} -250.00\n", "#VER A 1 20240115"),
        ("#TRANS 4010 {} 25O.00\n#TRANS 1930 {} -250.00\n", "#VER A 1 20240115"),
        ("#TRANS 4010 {} 250.00\n#TRANS 1930 {} -250.01\n", "#VER A 1 20240115"),
        ("#TRANS 4011 {} 250.00\n#TRANS 1930 {} -250.00\n", "#VER A 1 20240115"),
        ("#TRANS 4010 {} 1\n#TRANS 1930 {} -1\n", "#VER A 1 20250101"),
        ("#TRANS 4010 {} 1 20250101\n#TRANS 1930 {} -1\n", "#VER A 1 20240101 x 20241399"),
    ],
)
def test_errors_have_the_full_readers_codes_and_lines(tmp_path: Path, rows: str, ver: str) -> None:
    text = HEAD + f"{ver}\n{{\n{rows}}}\n"
    (fast, fast_keys), (full, full_keys) = both(tmp_path, text)
    assert fast is None
    assert full is None
    assert fast_keys == full_keys
    assert any(severity == Severity.ERROR.value for _, severity, _ in fast_keys)


@pytest.mark.parametrize(
    "rows",
    [
        '#TRANS 4010 {} 250.00 "a \\" b"\n#TRANS 1930 {} -250.00\n',
        "#TRANS 4010 {} 0.001\n#TRANS 1930 {} -0.001\n",
        '#TRANS "4010" {} 1\n#TRANS 1930 {} -1\n',
        "#TRANS 4010 {} 1 20240101 x y z w\n#TRANS 1930 {} -1\n",
    ],
)
def test_lines_that_are_not_plain_are_left_to_the_full_reader(tmp_path: Path, rows: str) -> None:
    path = tmp_path / "u.se"
    path.write_text(HEAD + VOUCHER.format(rows=rows), encoding="cp437")
    with pytest.raises(Unsupported):
        read_sie_columns(path)


@pytest.mark.parametrize("encoding", ["cp437", "cp1252", "utf-8", "utf-8-sig"])
def test_line_ends_and_encodings(tmp_path: Path, encoding: str) -> None:
    rows = '#TRANS 4010 {1 "Å1"} 250.00 20240120 "Åäö"\n#TRANS 1930 {} -250.00\n'
    text = HEAD + '#OBJEKT 1 "Å1" "Område"\n' + VOUCHER.format(rows=rows)
    for ending in ("\r\n", "\r"):
        (fast, fast_keys), (full, full_keys) = both(tmp_path, text.replace("\n", ending), encoding)
        assert fast == full
        assert fast is not None
        assert fast[0]["ansvar"] == "Å1"
        assert fast_keys == full_keys


def test_reading_the_rows_in_parts_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vouchers = "".join(
        f'#VER A {i} 202401{1 + i % 28:02d} "v"\n{{\n'
        f'   #TRANS 4010 {{1 "{i % 7}"}} {i}.{i % 100:02d}\n'
        f"   #TRANS 1930 {{}} {'' if i % 5 else '  '}-{i}.{i % 100:02d}\n}}\n"
        for i in range(1, 200)
    )
    bad = vouchers.replace("#TRANS 1930 {} -151.51", "#TRANS 1930 {} -15I.51")
    assert bad != vouchers
    results = []
    for text in (HEAD + vouchers, HEAD + bad):
        whole = both(tmp_path, text)
        monkeypatch.setattr(fast_rows, "_ROWS_AT_ONCE", 7)
        parts = both(tmp_path, text)
        monkeypatch.undo()
        assert parts == whole
        assert parts[0] == parts[1]
        results.append(parts[0])
    (good_rows, _), (bad_rows, bad_keys) = results
    assert good_rows is not None
    assert sum(r["amount"] for r in good_rows) == Decimal(0)
    assert bad_rows is None
    assert ("UPP655", Severity.ERROR.value, 10 + 5 * 150 + 3) in bad_keys  # voucher 151


@pytest.mark.parametrize(
    "line",
    [
        "{" + " " * 300_000,
        '#VER A 1 20240115 "x"' + " " * 300_000,
        "#VER A" + " " * 300_000 + "1 20240115",
        " " * 300_000 + "#TRANS 4010 {} 1",
    ],
)
def test_long_runs_of_blanks_are_read_at_once(tmp_path: Path, line: str) -> None:
    """Blanks beyond a word are measured by the bytes' own methods, not a byte per step."""
    text = HEAD + '#VER A 1 20240115 "x"\n{\n#TRANS 4010 {} 1\n#TRANS 1930 {} -1\n}\n'
    if line.startswith("{"):
        text = text.replace("\n{\n", "\n" + line + "\n")
    elif "TRANS" in line:
        text = text.replace("#TRANS 4010 {} 1", line)
    else:
        text = text.replace('#VER A 1 20240115 "x"', line)
    (fast, fast_keys), (full, full_keys) = both(tmp_path, text)
    assert fast == full
    assert fast_keys == full_keys
