"""SIE fidelity (issue #10): what both readers must say about files that crashed the columnar
reader, stored rows on no account or in the wrong year, or were refused for a harmless
omission. Each file is checked with the full reader (``read_sie``) and, where it reads the
file, the columnar one (``read_sie_columns``), and through ``import_file`` (the store)."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from uppsikt.importers.ledger_import import import_file
from uppsikt.importers.sie.fast import Unsupported, read_sie_columns
from uppsikt.importers.sie.reader import ledger_rows, read_sie
from uppsikt.ledger.model import STORE_FILE
from uppsikt.located.diagnostics import Diagnostic, Severity

HEAD = """#FLAGGA 0
#FORMAT PC8
#SIETYP {type}
#RAR 0 20240101 20241231
#RAR -1 20230101 20231231
#KONTO 1930 "Bank"
#KONTO 4010 "Material"
"""
VOUCHER = """#VER A 1 {day} "Inköp"
{{
#TRANS 4010 {{}} {amount} {tday}
#TRANS {account} {{}} -100.00
}}
"""


def sie(tmp_path: Path, body: str, kind: int = 4, name: str = "f.se") -> Path:
    path = tmp_path / name
    path.write_text(HEAD.format(type=kind) + body, encoding="cp437")
    return path


def voucher(**changes: str) -> str:
    values = {"day": "20240115", "amount": "100.00", "tday": "", "account": "1930"}
    return VOUCHER.format(**{**values, **changes})


Key = tuple[str, Severity, int | None]


def keys(diagnostics: list[Diagnostic]) -> list[Key]:
    return [(d.code, d.severity, d.location.line) for d in diagnostics]


def both(path: Path) -> tuple[list[Diagnostic], list[Diagnostic] | None]:
    """The full reader's diagnostics, and the columnar reader's (None: it leaves the file)."""
    full = read_sie(path)[1]
    try:
        fast = read_sie_columns(path)[1]
    except Unsupported:
        return full, None
    return full, fast


def refused_and_store_untouched(root: Path, path: Path) -> list[Diagnostic]:
    result = import_file(root, path)
    assert result.summary is None
    assert not (root / STORE_FILE).exists()
    return list(result.diagnostics)


# finding 3: the columnar reader crashed writing these messages


@pytest.mark.parametrize(
    ("day", "amount"), [("2024XX15", "50.00"), ('""', "100.00"), ('""', "50.00")]
)
def test_an_unreadable_or_empty_voucher_date_is_reported_alike(
    tmp_path: Path, day: str, amount: str
) -> None:
    path = sie(tmp_path, voucher(day=day, amount=amount))
    full, fast = both(path)
    assert fast is not None
    assert keys(fast) == keys(full) == [("UPP656", Severity.ERROR, 8)]
    assert [d.message for d in fast] == [d.message for d in full]
    if day == '""':
        assert "«(tomt)»" in full[0].message
    refused_and_store_untouched(tmp_path, path)


# finding 4: an empty account was stored as account ''


def test_a_transaction_without_account_is_an_error_with_its_line(tmp_path: Path) -> None:
    path = sie(tmp_path, voucher(account='""'))
    full, fast = both(path)
    assert ("UPP654", Severity.ERROR, 11) in keys(full)
    assert "«(tomt)»" in next(d.message for d in full if d.code == "UPP654")
    assert fast is None or keys(fast) == keys(full)
    refused_and_store_untouched(tmp_path, path)


@pytest.mark.parametrize(
    "line", ['#PSALDO 0 202401 "" {} 100.00', '#PBUDGET 0 202401 "" {} 100.00', '#RES 0 "" 5.00']
)
def test_a_balance_without_account_is_an_error(tmp_path: Path, line: str) -> None:
    path = sie(tmp_path, line + "\n", kind=3)
    full, _ = both(path)
    assert ("UPP654", Severity.ERROR, 8) in keys(full)


# finding 5: rows of another year, or outside the fiscal year, were moved into it silently


def test_period_rows_of_another_fiscal_year_are_excluded_with_a_warning(tmp_path: Path) -> None:
    body = (
        "#PSALDO 0 202401 4010 {} 100.00\n#PSALDO 0 202401 1930 {} -100.00\n"
        "#PSALDO -1 202301 4010 {} 77.00\n#PSALDO -1 202301 1930 {} -77.00\n"
        "#PBUDGET -1 202301 4010 {} 90.00\n"
    )
    path = sie(tmp_path, body, kind=3)
    sie_file, diagnostics = read_sie(path)
    assert sie_file is not None
    warnings = [d for d in diagnostics if d.code == "UPP673"]
    assert [(d.severity, d.location.line) for d in warnings] == [
        (Severity.WARNING, 12),
        (Severity.WARNING, 10),
    ]
    assert "2023-01-01–2023-12-31" in warnings[1].message
    rows = list(ledger_rows(sie_file))
    assert {(r.year, r.period) for r in rows} == {(2024, 1)}
    assert sum(r.amount for r in rows) == 0


def test_a_period_of_year_0_outside_the_fiscal_year_is_an_error(tmp_path: Path) -> None:
    path = sie(tmp_path, "#PBUDGET 0 202301 4010 {} 90.00\n", kind=3)
    diagnostics = refused_and_store_untouched(tmp_path, path)
    assert ("UPP661", Severity.ERROR, 8) in keys(diagnostics)


def test_a_transaction_dated_outside_the_fiscal_year_is_an_error(tmp_path: Path) -> None:
    """It was stored in the fiscal year, in the month of its own date."""
    path = sie(tmp_path, voucher(tday="20230105"))
    full, fast = both(path)
    assert fast is not None
    assert keys(fast) == keys(full) == [("UPP674", Severity.ERROR, 8)]
    assert "«4010»" in full[0].message
    assert "2023-01-05" in full[0].message
    refused_and_store_untouched(tmp_path, path)


def test_a_transaction_dated_inside_the_year_still_imports(tmp_path: Path) -> None:
    path = sie(tmp_path, voucher(tday="20240220"))
    result = import_file(tmp_path, path)
    assert result.summary is not None
    assert result.summary.groups[0].periods == (1, 2)


# finding 6: period rows without {} were refused


@pytest.mark.parametrize("tag", ["#PBUDGET", "#PSALDO"])
def test_period_rows_without_an_object_list_are_read_with_a_note(tmp_path: Path, tag: str) -> None:
    body = f"{tag} 0 202401 4010 100.00\n{tag} 0 202401 1930 -100.00 3\n"
    path = sie(tmp_path, body, kind=3)
    sie_file, diagnostics = read_sie(path)
    assert sie_file is not None
    assert keys(diagnostics) == [("UPP672", Severity.NOTE, 8)]
    assert f"{tag} på rad 8 (och 1 post till)" in diagnostics[0].message
    rows = list(ledger_rows(sie_file))
    assert [(r.account, r.amount, r.ansvar) for r in rows] == [
        ("4010", Decimal(100), ""),
        ("1930", Decimal(-100), ""),
    ]
    assert import_file(tmp_path, path).summary is not None


# finding 7: every message names its value, «(tomt)» when empty


def test_a_duplicate_empty_account_is_named(tmp_path: Path) -> None:
    path = sie(tmp_path, '#KONTO "" "a"\n#KONTO "" "b"\n' + voucher())
    full, fast = both(path)
    assert fast is not None
    [warning] = [d for d in full if d.code == "UPP665"]
    assert warning.message.startswith("Konto «(tomt)» deklareras två gånger")
    assert [d.message for d in fast] == [d.message for d in full]


@pytest.mark.parametrize("encoding", ["cp437", "cp1252"])
def test_an_account_with_swedish_letters_outside_the_chart_is_named_alike(
    tmp_path: Path, encoding: str
) -> None:
    """The columnar reader re-decoded an account that was already decoded (a crash on
    characters past Latin-1, found by bench/fuzz.py)."""
    text = HEAD.format(type=4) + voucher(account="19Ö0ⁿ")
    path = tmp_path / "e.se"
    path.write_bytes(text.encode(encoding, errors="ignore"))
    full, fast = both(path)
    assert fast is not None
    assert [(d.code, d.message) for d in fast] == [(d.code, d.message) for d in full]
    assert any(d.code == "UPP660" for d in full)


# found by bench/fuzz.py: an amount of a million digits


_READ_IN_A_CHILD = """
import sys
from pathlib import Path
from uppsikt.importers.sie.reader import read_sie
sie, diagnostics = read_sie(Path(sys.argv[1]))
print(sie is None, sorted({(d.code, d.location.line) for d in diagnostics}))
"""


def test_an_amount_of_a_million_digits_is_refused_not_a_hang(tmp_path: Path) -> None:
    """The amount pattern ``\\d+\\.?\\d*`` backtracked quadratically when the line did not
    match: days for one line. Read in a child with a generous bound, so that a regression
    fails instead of hanging the suite (the read itself takes well under a second)."""
    path = sie(tmp_path, voucher(amount="9" * 1_000_000 + " x"))
    done = subprocess.run(
        [sys.executable, "-c", _READ_IN_A_CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-400:]
    assert done.stdout.startswith("True")
    assert "('UPP655', 10)" in done.stdout


@pytest.mark.parametrize("tag", ["#TRANS", "#PBUDGET"])
def test_an_amount_past_the_decimal_range_is_an_error_not_an_overflow(
    tmp_path: Path, tag: str
) -> None:
    """Summing it raised decimal.Overflow (a traceback) instead of a located error."""
    huge = "1" + "0" * 1_000_001
    if tag == "#TRANS":
        body = voucher(amount=huge)
        line = 10
    else:
        body = f"#PBUDGET 0 202401 4010 {{}} {huge}\n"
        line = 8
    path = sie(tmp_path, body, kind=4 if tag == "#TRANS" else 3)
    sie_file, diagnostics = read_sie(path)
    assert sie_file is None
    [error] = [d for d in diagnostics if d.code == "UPP655"]
    assert error.location.line == line
    assert "för stort" in error.message
    assert len(error.message) < 200
    refused_and_store_untouched(tmp_path, path)


# found by bench/fuzz.py (5 December 2026): blanks inside an object list


def test_an_object_list_of_300_000_blanks_is_read_not_a_hang(tmp_path: Path) -> None:
    """The tokenizer's pattern began with ``[ \\t]*``: a run of blanks with nothing after it
    was scanned again from every blank (minutes for one line). Read by both readers, the
    object list is empty and the amount is kept; the whole file reads as the same file with
    ``{}`` does."""
    blanks = voucher().replace("#TRANS 4010 {}", "#TRANS 4010 {" + " " * 300_000 + "}")
    path = sie(tmp_path, blanks, name="blanks.se")
    plain = sie(tmp_path, voucher(), name="plain.se")
    for read in (read_sie, read_sie_columns):
        file, diagnostics = read(path)
        _, expected_diagnostics = read(plain)
        assert file is not None
        assert keys(list(diagnostics)) == keys(list(expected_diagnostics))
    file = read_sie(path)[0]
    assert file is not None
    rows = [row for row in ledger_rows(file) if row.account == "4010"]
    assert [(row.amount, row.ansvar) for row in rows] == [(Decimal("100.00"), "")]
