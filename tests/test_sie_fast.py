"""The columnar SIE reader (``sie_fast``): the same ledger rows as ``ledger_rows(read_sie)``
on generated and real files, every error kind found with its line, and no input that makes
it raise anything but ``Unsupported``."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from sie_support import REAL, expected, sie_bench
from uppsikt.importers.sie import text as t
from uppsikt.importers.sie.fast import Unsupported, read_sie_columns
from uppsikt.importers.sie.reader import read_sie, reconcile
from uppsikt.located.diagnostics import Diagnostic, Severity

generate = sie_bench().generate


def fast(path: Path) -> tuple[list[dict[str, Any]] | None, list[Diagnostic]]:
    table, diagnostics = read_sie_columns(path)
    return (None if table is None else table.to_pylist()), diagnostics


def errors(diagnostics: list[Diagnostic]) -> list[tuple[str, int | None]]:
    return [(d.code, d.location.line) for d in diagnostics if d.severity is Severity.ERROR]


@pytest.mark.parametrize(("lines", "seed"), [(500, 1), (3_000, 2), (30_000, 3)])
def test_generated_files_give_the_rows_of_ledger_rows(
    tmp_path: Path, lines: int, seed: int
) -> None:
    path = tmp_path / "g.se"
    generate(path, lines, seed)
    rows, diagnostics = fast(path)
    assert errors(diagnostics) == []
    assert rows == expected(path)


def test_real_files_give_the_rows_of_ledger_rows() -> None:
    if not REAL.is_dir():
        pytest.skip(f"no real SIE files beside the project ({REAL})")
    compared, unsupported, skipped = [], [], []
    for path in sorted(p for p in REAL.iterdir() if p.suffix.lower() in (".se", ".si")):
        sie, _ = read_sie(path)
        if sie is None or sie.header.sietyp != "4":
            skipped.append(path.name)
            continue
        try:
            rows, diagnostics = fast(path)
        except Unsupported:
            unsupported.append(path.name)
            continue
        inconsistent = errors(reconcile(sie))
        if inconsistent:  # the file's own totals disagree: both readers refuse it, alike
            assert rows is None, path.name
            assert {c for c, _ in errors(diagnostics)} == {c for c, _ in inconsistent}, path.name
            compared.append(path.name)
            continue
        assert errors(diagnostics) == [], path.name
        assert rows == expected(path), path.name
        compared.append(path.name)
    print(f"\njämförda {len(compared)}, Unsupported {len(unsupported)}: {unsupported}")
    print(f"hoppade över (ej typ 4 eller fel) {len(skipped)}")
    assert compared


HEAD = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#RAR 0 20240101 20241231
#DIM 1 "Ansvar"
#KONTO 1930 "Bank"
#KONTO 4010 "Material"
"""
VOUCHER = """#VER A 1 {day} "Inköp"
{{
   #TRANS 4010 {{1 "1100"}} {amount} {tday}
   #TRANS {account} {{}} -100.00
}}
"""
GOOD = {"day": "20240115", "amount": "100.00", "tday": "20240120", "account": "1930"}


def write(tmp_path: Path, **changes: str) -> Path:
    path = tmp_path / "f.se"
    path.write_text(HEAD + VOUCHER.format(**{**GOOD, **changes}), encoding="cp437")
    return path


def test_a_good_file_reads(tmp_path: Path) -> None:
    rows, diagnostics = fast(write(tmp_path))
    assert diagnostics == []
    assert rows == expected(write(tmp_path))
    assert rows is not None
    assert [(r["period"], r["ansvar"]) for r in rows] == [(1, "1100"), (1, "")]


@pytest.mark.parametrize(
    ("changes", "code", "line"),
    [
        ({"amount": "10O.00"}, t.NOT_A_NUMBER, 10),
        ({"tday": "20240230"}, t.BAD_DATE, 10),
        ({"day": "20241301"}, t.BAD_DATE, 8),
        ({"amount": "100.50"}, t.UNBALANCED, 8),
        ({"account": "1931"}, t.ACCOUNT_NOT_IN_CHART, 11),
        ({"day": "20250101"}, t.DATE_OUTSIDE_YEAR, 8),
    ],
)
def test_each_error_is_found_with_its_line(
    tmp_path: Path, changes: dict[str, str], code: str, line: int
) -> None:
    path = write(tmp_path, **changes)
    rows, diagnostics = fast(path)
    assert rows is None
    assert (code, line) in errors(diagnostics)
    assert read_sie(path)[0] is None


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (HEAD + '#VER A 1 20240115 "x"\n   #TRANS 1930 {} 0\n}\n', 9),
        (HEAD + '#VER A 1 20240115 "x"\n{\n   #TRANS 1930 {} 0\n', 8),
        (HEAD + '{\n   #TRANS 1930 {} 0\n}\n#VER A 1 20240115 "x"\n{\n}\n', 8),
        (HEAD + '#VER A 1 20240115 "x"\n{\n#KONTO 1 "x"\n}\n', 8),
    ],
)
def test_voucher_structure_is_checked(tmp_path: Path, text: str, line: int) -> None:
    """A broken voucher structure is left to the full reader, whose state machine reports it
    (and what it does to the records around it) line by line: both readers say the same."""
    path = tmp_path / "s.se"
    path.write_text(text, encoding="cp437")
    with pytest.raises(Unsupported):
        fast(path)
    sie, diagnostics = read_sie(path)
    assert sie is None
    assert (t.VOUCHER_STRUCTURE, line) in errors(diagnostics)


@pytest.mark.parametrize(
    "text",
    [
        HEAD,
        HEAD + '#VER A 1 20240115 "x"\n{\n   #RTRANS 1930 {} 0\n   #TRANS 1930 {} 0\n}\n',
        HEAD + '#VER A 1 20240115 "x"\n{\n   #TRANS 1930 {} 0 "" "a \\" b"\n}\n',
        HEAD + '#VER A 1 20240115 "x"\n{\n   #TRANS 1930 {} 0.001\n}\n',
        HEAD + '#VER A 1 20240115 "x"\n{\n   #TRANS 1930 {} "0"\n}\n',
        HEAD + 'stray\n#VER A 1 20240115 "x"\n{\n}\n',
    ],
)
def test_what_the_fast_path_does_not_take_is_unsupported(tmp_path: Path, text: str) -> None:
    path = tmp_path / "u.se"
    path.write_text(text, encoding="cp437")
    with pytest.raises(Unsupported):
        read_sie_columns(path)


def _mutate(rng: random.Random, data: bytearray) -> bytearray:
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(data))
        action = rng.randrange(4)
        if action == 0:
            data[i] = rng.choice(b' \t\r\n{}"#\\0123456789-.x\x84\xff')
        elif action == 1:
            del data[i : i + rng.randint(1, 8)]
        elif action == 2:
            data[i:i] = bytes(rng.choice(b' \t\n{}"#019.-') for _ in range(rng.randint(1, 4)))
        else:
            j = rng.randrange(len(data))
            data[i:i], data[j : j + 3] = data[j : j + 3], b""
    return data


def test_mutated_files_raise_nothing_but_unsupported_and_agree(tmp_path: Path) -> None:
    rng = random.Random(7)
    base = tmp_path / "base.se"
    generate(base, 400, 5)
    original = base.read_bytes()
    outcomes = {"table": 0, "none": 0, "unsupported": 0}
    for i in range(300):
        path = tmp_path / f"m{i}.se"
        path.write_bytes(bytes(_mutate(rng, bytearray(original))))
        try:
            rows, _ = fast(path)
        except Unsupported:
            outcomes["unsupported"] += 1
            continue
        if rows is None:
            outcomes["none"] += 1
            assert read_sie(path)[0] is None, path.read_bytes()
        else:
            outcomes["table"] += 1
            assert rows == expected(path), path.read_bytes()
    assert outcomes["table"]
    assert outcomes["none"]


@pytest.mark.parametrize("encoding", ["cp437", "cp1252", "utf-8"])
def test_codes_with_swedish_letters_in_every_encoding(tmp_path: Path, encoding: str) -> None:
    letters = "ÅÄÖåäö"
    text = (
        HEAD
        + f'#KONTO 40{letters} "Övrigt"\n#OBJEKT 1 "B{letters}" "Björk"\n'
        + f'#VER A 1 20240115 "Köp"\n{{\n   #TRANS 40{letters} {{1 "B{letters}"}} 5.00\n'
        + '   #TRANS 1930 {6 "P ö"} -5.00 20240301 "Ränta"\n}\n'
    )
    path = tmp_path / "e.se"
    path.write_bytes(text.encode(encoding))
    rows, diagnostics = fast(path)
    assert rows == expected(path)
    assert rows is not None
    assert rows[0]["account"] == f"40{letters}"
    assert rows[0]["ansvar"] == f"B{letters}"
    assert rows[1]["projekt"] == "P ö"
    assert diagnostics == read_sie(path)[1]
