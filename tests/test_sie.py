"""The SIE reader, reconciliation, ledger rows and writer, each with its SIE text inline."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from uppsikt.importers.sie.model import Balance, PeriodBalance, Transaction
from uppsikt.importers.sie.reader import SieFile, ledger_rows, read_sie, reconcile, write_sie
from uppsikt.ledger.model import WHOLE_YEAR, LedgerRow
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.model.economy import Scenario


def read(
    tmp_path: Path, text: str, encoding: str = "cp437", name: str = "fil.se"
) -> tuple[SieFile | None, list[Diagnostic]]:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return read_sie(path)


def ok(tmp_path: Path, text: str, encoding: str = "cp437") -> SieFile:
    sie, diagnostics = read(tmp_path, text, encoding)
    assert sie is not None, [d.format() for d in diagnostics]
    return sie


def errors(diagnostics: list[Diagnostic]) -> list[tuple[str, int | None]]:
    return [(d.code, d.location.line) for d in diagnostics if d.severity is Severity.ERROR]


def only_error(tmp_path: Path, text: str) -> Diagnostic:
    sie, diagnostics = read(tmp_path, text)
    assert sie is None
    found = [d for d in diagnostics if d.severity is Severity.ERROR]
    assert len(found) == 1, [d.format() for d in found]
    return found[0]


# -- records


def test_every_record_kind_is_read(tmp_path: Path) -> None:
    sie = ok(
        tmp_path,
        """#FLAGGA 0
#PROGRAM "Ekonomisystemet" 4.2
#FORMAT PC8
#GEN 20250215 "Anna"
#SIETYP 4
#PROSA "Årsbokslut"
#FTYP KOMMUN
#FNR 1880
#ORGNR 212000-2817 1 2
#BKOD 84110
#ADRESS "Ekonomen" "Box 300" "701 35 Örebro" "019-21 10 00"
#FNAMN "Örebro kommun"
#RAR 0 20240101 20241231
#RAR -1 20230101 20231231
#TAXAR 2025
#OMFATTN 20241231
#KPTYP "Kommun-Bas 24"
#VALUTA SEK
#DIM 1 "Ansvar"
#UNDERDIM 21 "Delansvar" 1
#OBJEKT 1 "1100" "Förvaltningsledning"
#KONTO 1930 "Bank"
#KTYP 1930 T
#KONTO 4010 "Inköp av material"
#KTYP 4010 K
#ENHET 4010 "st"
#SRU 4010 7511
#IB 0 1930 1000.00
#UB 0 1930 750.00
#OIB 0 1930 {1 "1100"} 1000.00
#OUB 0 1930 {1 "1100"} 750.00 3
#RES 0 4010 250.00
#PSALDO 0 202403 4010 {} 250.00 5
#PBUDGET 0 202403 4010 {1 "1100"} 300.00
#VER A 1 20240315 "Inköp" 20240316 "Anna"
{
   #TRANS 4010 {1 "1100"} 250.00 20240314 "Skruv" 5 "Bo"
   #TRANS 1930 {} -250.00
}
""",
    )
    h = sie.header
    assert (h.flagga, h.program, h.format, h.sietyp) == (0, ("Ekonomisystemet", "4.2"), "PC8", "4")
    assert (h.gen, h.gen_sign, h.prosa) == (datetime.date(2025, 2, 15), "Anna", ("Årsbokslut",))
    assert (h.ftyp, h.fnr, h.orgnr, h.bkod) == (
        "KOMMUN",
        "1880",
        ("212000-2817", "1", "2"),
        "84110",
    )
    assert h.adress == ("Ekonomen", "Box 300", "701 35 Örebro", "019-21 10 00")
    assert (h.fnamn, h.taxar, h.omfattn) == ("Örebro kommun", 2025, datetime.date(2024, 12, 31))
    assert (h.kptyp, h.valuta) == ("Kommun-Bas 24", "SEK")
    assert [(y.index, y.start.year) for y in h.rar] == [(0, 2024), (-1, 2023)]
    assert [(d.number, d.name, d.parent) for d in sie.dimensions] == [
        (1, "Ansvar", None),
        (21, "Delansvar", 1),
    ]
    assert [(o.dimension, o.code, o.name) for o in sie.objects] == [
        (1, "1100", "Förvaltningsledning")
    ]
    konto = {a.number: (a.name, a.type, a.unit, a.sru) for a in sie.accounts}
    assert konto == {
        "1930": ("Bank", "T", None, ()),
        "4010": ("Inköp av material", "K", "st", ("7511",)),
    }
    assert sie.balances[3] == Balance(
        "OUB", 0, "1930", Decimal("750.00"), ((1, "1100"),), Decimal(3)
    )
    assert [b.kind for b in sie.balances] == ["IB", "UB", "OIB", "OUB", "RES"]
    assert sie.periods == (
        PeriodBalance("PSALDO", 0, 202403, "4010", (), Decimal("250.00"), Decimal(5)),
        PeriodBalance("PBUDGET", 0, 202403, "4010", ((1, "1100"),), Decimal("300.00")),
    )
    (voucher,) = sie.vouchers
    assert (voucher.series, voucher.number, voucher.date, voucher.text) == (
        "A",
        "1",
        datetime.date(2024, 3, 15),
        "Inköp",
    )
    assert (voucher.regdate, voucher.sign) == (datetime.date(2024, 3, 16), "Anna")
    assert voucher.transactions == (
        Transaction(
            "TRANS",
            "4010",
            ((1, "1100"),),
            Decimal("250.00"),
            datetime.date(2024, 3, 14),
            "Skruv",
            Decimal(5),
            "Bo",
        ),
        Transaction("TRANS", "1930", (), Decimal("-250.00"), None, "", None, ""),
    )
    assert sie.voucher_lines == (35,)


def test_quoting_escapes_and_bare_fields(tmp_path: Path) -> None:
    sie = ok(
        tmp_path,
        "#FLAGGA 0\n#SIETYP 1\n"
        '#FNAMN "Kommunen \\"Norr\\" \\\\ AB"\n'  # \" and \\ inside quotes
        '#FNR "C:\\Data\\Bokf"\n'  # a backslash before another letter is kept
        "#KONTO\t3010\tFörsäljning\n"  # bare fields separated by tabs
        '#KONTO 3011 "" \n',  # an empty field and a trailing space
    )
    assert sie.header.fnamn == 'Kommunen "Norr" \\ AB'
    assert sie.header.fnr == "C:\\Data\\Bokf"
    assert [(a.number, a.name) for a in sie.accounts] == [("3010", "Försäljning"), ("3011", "")]


def test_object_lists(tmp_path: Path) -> None:
    sie = ok(
        tmp_path,
        """#FLAGGA 0
#SIETYP 4
#VER A 1 20240105 "Objekt"
{
#TRANS 5010 {1 "1100" 6 "P 7"} 100
#TRANS 5010 { "1" "1010"} 200
#TRANS 5010 {1 1200} 300
#TRANS 1930 {} -600
}
""",
    )
    assert [t.objects for t in sie.vouchers[0].transactions] == [
        ((1, "1100"), (6, "P 7")),
        ((1, "1010"),),
        ((1, "1200"),),
        (),
    ]


def test_lowercase_tags_tabs_and_blank_lines_are_read(tmp_path: Path) -> None:
    sie = ok(
        tmp_path,
        "#flagga 0\n#sietyp 4\n\n#ver A 1 20240105\n{\n"
        "\t#trans 5010 {} 100\n\n#trans 1930 {} -100\n}\n",
    )
    assert [t.amount for t in sie.vouchers[0].transactions] == [Decimal(100), Decimal(-100)]


@pytest.mark.parametrize(
    ("written", "value"),
    [("-1250.00", "-1250.00"), ("1250", "1250"), (".5", "0.5"), ("-0", "0"), ("+7.25", "7.25")],
)
def test_amounts(tmp_path: Path, written: str, value: str) -> None:
    sie = ok(tmp_path, f"#FLAGGA 0\n#SIETYP 1\n#RAR 0 20240101 20241231\n#RES 0 3010 {written}\n")
    assert sie.balances[0].amount == Decimal(value)


# -- encodings


def test_cp437_is_read_without_a_warning(tmp_path: Path) -> None:
    sie, diagnostics = read(tmp_path, '#FLAGGA 0\n#SIETYP 1\n#FNAMN "Åsa Öberg"\n', "cp437")
    assert sie is not None
    assert sie.header.fnamn == "Åsa Öberg"
    assert diagnostics == []


@pytest.mark.parametrize(("encoding", "name"), [("utf-8", "UTF-8"), ("cp1252", "Windows-1252")])
def test_other_encodings_are_detected_with_a_warning(
    tmp_path: Path, encoding: str, name: str
) -> None:
    sie, diagnostics = read(tmp_path, '#FLAGGA 0\n#SIETYP 1\n#FNAMN "Åsa Öberg på Väg"\n', encoding)
    assert sie is not None
    assert sie.header.fnamn == "Åsa Öberg på Väg"
    (warning,) = diagnostics
    assert (warning.code, warning.severity) == ("UPP652", Severity.WARNING)
    assert name in warning.message
    assert warning.location.file == str(tmp_path / "fil.se")


# -- bad input: refused, every problem with its line


@pytest.mark.parametrize(
    "content",
    [
        b"Hej, det h\xe4r \xe4r ett brev.\r\nMed v\xe4nlig h\xe4lsning\r\n",  # text, not SIE
        bytes(range(256)) * 4,  # binary
        b"",
    ],
)
def test_not_sie_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "brev.se"
    path.write_bytes(content)
    sie, diagnostics = read_sie(path)
    assert sie is None
    assert [d.code for d in diagnostics] == ["UPP651"]
    assert diagnostics[0].location.file == str(path)


def test_missing_file(tmp_path: Path) -> None:
    sie, diagnostics = read_sie(tmp_path / "saknas.se")
    assert sie is None
    assert [d.code for d in diagnostics] == ["UPP650"]


def test_truncated_voucher(tmp_path: Path) -> None:
    error = only_error(
        tmp_path,
        """#FLAGGA 0
#SIETYP 4
#VER A 7 20240105 "Sista"
{
#TRANS 5010 {} 100
""",
    )
    assert (error.code, error.location.line) == ("UPP658", 3)
    assert "A 7" in error.message
    assert "avkortad" in error.message


def test_voucher_not_closed_before_the_next(tmp_path: Path) -> None:
    sie, diagnostics = read(
        tmp_path,
        """#FLAGGA 0
#SIETYP 4
#VER A 1 20240105
{
#TRANS 5010 {} 100
#TRANS 1930 {} -100
#VER A 2 20240106
{
#TRANS 5010 {} 100
#TRANS 1930 {} -100
}
""",
    )
    assert sie is None
    assert errors(diagnostics) == [("UPP658", 3)]
    assert "rad 7" in diagnostics[0].message


def test_unbalanced_voucher(tmp_path: Path) -> None:
    error = only_error(
        tmp_path,
        """#FLAGGA 0
#SIETYP 4
#VER B 12 20240105 "Felaktig"
{
#TRANS 5010 {} 100.00
#TRANS 1930 {} -99.50
}
""",
    )
    assert (error.code, error.location.line) == ("UPP659", 3)
    assert "B 12" in error.message
    assert "0.50" in error.message


def test_account_missing_from_the_chart(tmp_path: Path) -> None:
    error = only_error(
        tmp_path,
        """#FLAGGA 0
#SIETYP 4
#RAR 0 20240101 20241231
#KONTO 1930 "Bank"
#VER A 1 20240105
{
#TRANS 1930 {} -100
#TRANS 5010 {} 100
}
""",
    )
    assert (error.code, error.location.line) == ("UPP660", 8)
    assert "5010" in error.message


def test_account_missing_from_the_chart_of_an_import_file_is_a_warning(tmp_path: Path) -> None:
    sie, diagnostics = read(
        tmp_path,
        '#FLAGGA 0\n#SIETYP 4\n#KONTO 1930 "Bank"\n'
        "#VER A 1 20240105\n{\n#TRANS 1930 {} -100\n#TRANS 5010 {} 100\n}\n",
        name="lön.si",
    )
    assert sie is not None
    assert [(d.code, d.severity, d.location.line) for d in diagnostics] == [
        ("UPP660", Severity.WARNING, 7)
    ]


def test_voucher_date_outside_the_fiscal_year(tmp_path: Path) -> None:
    error = only_error(
        tmp_path,
        """#FLAGGA 0
#SIETYP 4
#RAR 0 20240101 20241231
#VER A 1 20250105
{
#TRANS 5010 {} 100
#TRANS 1930 {} -100
}
""",
    )
    assert (error.code, error.location.line) == ("UPP661", 4)
    assert "2025-01-05" in error.message
    assert "2024-01-01–2024-12-31" in error.message


@pytest.mark.parametrize(
    ("line", "code", "words"),
    [
        ("#TRANS 5010 {} 1,50", "UPP655", "«1,50»"),  # decimal comma
        ("#TRANS 5010 {} tio", "UPP655", "«tio»"),
        ("#TRANS 5010 {} 1e3", "UPP655", "«1e3»"),
        ("#TRANS 5010 {} 100 20241340", "UPP656", "«20241340»"),  # no 40th of the 13th month
        ("#TRANS 5010 {1} 100", "UPP653", "par"),  # an object without its dimension
        ('#TRANS 5010 {} 100 20240105 "ej avslutad', "UPP653", "citattecken"),
        ("#TRANS 5010 100", "UPP654", "objektlista"),
    ],
)
def test_bad_transaction_fields(tmp_path: Path, line: str, code: str, words: str) -> None:
    sie, diagnostics = read(
        tmp_path, f"#FLAGGA 0\n#SIETYP 4\n#VER A 1 20240105\n{{\n{line}\n#TRANS 1930 {{}} 0\n}}\n"
    )
    assert sie is None
    assert (code, 5) in errors(diagnostics)
    assert any(words in d.message for d in diagnostics if d.code == code)


def test_all_problems_are_reported_not_just_the_first(tmp_path: Path) -> None:
    sie, diagnostics = read(
        tmp_path,
        """#FLAGGA 0
#SIETYP 4
#RAR 0 2024010 20241231
#IB 0 1930 tusen
#VER A 1 20240105
{
#TRANS 5010 {} 100
}
#KONTO
""",
    )
    assert sie is None
    assert errors(diagnostics) == [
        ("UPP656", 3),
        ("UPP655", 4),
        ("UPP659", 5),
        ("UPP654", 9),
    ]


def test_missing_flagga_and_sietyp(tmp_path: Path) -> None:
    sie, diagnostics = read(tmp_path, '#FLAGGA 0\n#FNAMN "X"\n')
    assert sie is None
    assert errors(diagnostics) == [("UPP651", 1)]
    assert "#SIETYP" in diagnostics[0].message


def test_unknown_record_is_a_warning_and_kept(tmp_path: Path) -> None:
    sie, diagnostics = read(tmp_path, '#FLAGGA 0\n#SIETYP 1\n#KOMMUNKOD 1880 {1 "A"}\n')
    assert sie is not None
    assert [(d.code, d.severity, d.location.line) for d in diagnostics] == [
        ("UPP657", Severity.WARNING, 3)
    ]
    assert [(u.tag, u.fields) for u in sie.unknown] == [("#KOMMUNKOD", ("1880", '{"1" "A"}'))]


def test_rtrans_is_followed_by_the_trans_that_counts(tmp_path: Path) -> None:
    # #RTRANS (a row added later) is followed by an identical #TRANS, which is the one
    # counted; #BTRANS (a removed row) does not count.
    sie = ok(
        tmp_path,
        """#FLAGGA 0
#SIETYP 4
#VER A 1 20240105
{
#TRANS 5010 {} 100
#BTRANS 1910 {} -100 20240110 "" "" "Bo"
#RTRANS 1930 {} -100 20240110 "" "" "Bo"
#TRANS 1930 {} -100
}
""",
    )
    kinds = [t.kind for t in sie.vouchers[0].transactions]
    assert kinds == ["TRANS", "BTRANS", "RTRANS", "TRANS"]
    assert [r.amount for r in ledger_rows(sie)] == [Decimal(100), Decimal(-100)]


def test_rtrans_without_its_trans_is_a_warning(tmp_path: Path) -> None:
    sie, diagnostics = read(
        tmp_path,
        "#FLAGGA 0\n#SIETYP 4\n#VER A 1 20240105\n{\n#TRANS 5010 {} 0\n#RTRANS 1930 {} 0\n}\n",
    )
    assert sie is not None
    assert [(d.code, d.location.line) for d in diagnostics] == [("UPP664", 3)]


def test_checksum_is_verified(tmp_path: Path) -> None:
    sie = ok(tmp_path, "#FLAGGA 0\n#SIETYP 1\n#RAR 0 20240101 20241231\n#RES 0 3010 -5.00\n")
    data = write_sie(sie, checksum=True)
    assert data.startswith(b"#FLAGGA 0\r\n#KSUMMA\r\n")
    (tmp_path / "summa.se").write_bytes(data)
    again, diagnostics = read_sie(tmp_path / "summa.se")
    assert again is not None
    assert again.has_checksum
    assert diagnostics == []
    (tmp_path / "ändrad.se").write_bytes(data.replace(b"-5.00", b"-6.00"))
    changed, diagnostics = read_sie(tmp_path / "ändrad.se")
    assert changed is None
    assert [d.code for d in diagnostics] == ["UPP662"]


def test_fast_and_general_paths_read_vouchers_alike(tmp_path: Path) -> None:
    voucher = (
        '#VER "A" 1 20240105 "Text med \\"citat\\"" 20240106 Bo\n{\n'
        '   #TRANS 5010 {1 "1100"} 10.50 20240104 "Rad ett" 2 "Bo"\n'
        '   #TRANS 5020 {} 5 "" Rad\n'
        "   #TRANS 1930 {} -15.50\n}\n"
    )
    # A blank line in the block sends the voucher to the general (line by line) reader.
    general = voucher.replace("{\n", "{\n\n", 1)
    fast = ok(tmp_path, "#FLAGGA 0\n#SIETYP 4\n" + voucher.replace('\\"citat\\"', "citat"))
    slow = ok(tmp_path, "#FLAGGA 0\n#SIETYP 4\n" + general.replace('\\"citat\\"', "citat"))
    assert fast.vouchers == slow.vouchers
    assert fast.vouchers[0].transactions[1].text == "Rad"


# -- reconciliation


FOUR_E = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#RAR 0 20240101 20241231
#KONTO 1930 "Bank"
#KONTO 4010 "Material"
#KONTO 3010 "Försäljning"
#IB 0 1930 1000.00
#UB 0 1930 {ub}
#RES 0 4010 {res}
#RES 0 3010 -500.00
#PSALDO 0 202401 4010 {{}} {psaldo}
#PSALDO 0 202402 4010 {{}} 100.00
#VER A 1 20240115
{{
#TRANS 4010 {{1 "1100" 6 "P1" 20 "V"}} 200.00
#TRANS 1930 {{}} -200.00
}}
#VER A 2 20240220
{{
#TRANS 4010 {{}} 100.00 20240219
#TRANS 3010 {{1 "1200"}} -500.00
#TRANS 1930 {{}} 400.00
}}
"""


def test_a_consistent_file_reconciles(tmp_path: Path) -> None:
    sie = ok(tmp_path, FOUR_E.format(ub="1200.00", res="300.00", psaldo="200.00"))
    assert reconcile(sie) == []


def test_reconciliation_differences(tmp_path: Path) -> None:
    sie = ok(tmp_path, FOUR_E.format(ub="1150.00", res="310.00", psaldo="210.00"))
    found = {(d.code, d.location.line): d.message for d in reconcile(sie)}
    assert set(found) == {("UPP667", 9), ("UPP666", 10), ("UPP668", 12)}
    assert "1930" in found[("UPP667", 9)]
    assert "50.00" in found[("UPP667", 9)]
    assert "4010" in found[("UPP666", 10)]
    assert "310.00" in found[("UPP666", 10)]
    assert "202401" in found[("UPP668", 12)]
    assert "10.00" in found[("UPP668", 12)]


def test_reconciliation_tolerates_half_an_ore(tmp_path: Path) -> None:
    sie = ok(tmp_path, FOUR_E.format(ub="1200.004", res="300.00", psaldo="200.00"))
    assert reconcile(sie) == []


def test_period_balances_against_the_year(tmp_path: Path) -> None:
    text = """#FLAGGA 0
#SIETYP 2
#RAR 0 20240101 20241231
#IB 0 1930 100
#UB 0 1930 60
#RES 0 4010 {res}
#PSALDO 0 202401 4010 {{}} 30
#PSALDO 0 202402 4010 {{}} 10
#PSALDO 0 202401 1930 {{}} -30
#PSALDO 0 202402 1930 {{}} -10
"""
    assert reconcile(ok(tmp_path, text.format(res="40"))) == []
    (problem,) = reconcile(ok(tmp_path, text.format(res="45")))
    assert (problem.code, problem.location.line) == ("UPP666", 6)


# -- ledger rows


def test_ledger_rows_of_vouchers_by_month(tmp_path: Path) -> None:
    sie = ok(tmp_path, FOUR_E.format(ub="1200.00", res="300.00", psaldo="200.00"))
    rows = list(ledger_rows(sie))
    utfall = Scenario.OUTCOME
    assert rows == [
        LedgerRow(2024, 1, utfall, "4010", Decimal("200.00"), ansvar="1100", projekt="P1"),
        LedgerRow(2024, 1, utfall, "1930", Decimal("-200.00")),
        LedgerRow(2024, 2, utfall, "4010", Decimal("100.00")),  # transaction date
        LedgerRow(2024, 2, utfall, "3010", Decimal("-500.00"), ansvar="1200"),
        LedgerRow(2024, 2, utfall, "1930", Decimal("400.00")),
    ]
    other = list(ledger_rows(sie, {20: "verksamhet"}))
    assert other[0] == LedgerRow(2024, 1, utfall, "4010", Decimal("200.00"), verksamhet="V")


def test_ledger_rows_of_period_balances_and_budgets(tmp_path: Path) -> None:
    # Type 3 by the specification: {} is the account's total, object rows break it down
    # (here by dimension 1 and by dimension 6); the budget is per ansvar only.
    sie = ok(
        tmp_path,
        """#FLAGGA 0
#SIETYP 3
#RAR 0 20230701 20240630
#RES 0 4010 100
#PSALDO 0 202308 4010 {} 100
#PSALDO 0 202308 4010 {1 "1100"} 70
#PSALDO 0 202308 4010 {6 "P1"} 40
#PBUDGET 0 202308 4010 {1 "1100"} 80
#PBUDGET 0 202308 4010 {1 "1200"} 20
""",
    )
    assert reconcile(sie) == []
    utfall, budget = Scenario.OUTCOME, Scenario.BUDGET
    assert list(ledger_rows(sie)) == [
        LedgerRow(2024, 8, utfall, "4010", Decimal(70), ansvar="1100"),
        LedgerRow(2024, 8, utfall, "4010", Decimal(30)),  # the rest of the total
        LedgerRow(2024, 8, budget, "4010", Decimal(80), ansvar="1100"),
        LedgerRow(2024, 8, budget, "4010", Decimal(20), ansvar="1200"),
    ]


def test_ledger_rows_of_period_balances_that_partition_the_account(tmp_path: Path) -> None:
    # Some exporters write one row per object list as booked, {} being the rest: the rows
    # add up to #RES only when taken together.
    sie = ok(
        tmp_path,
        """#FLAGGA 0
#SIETYP 3
#RAR 0 20240101 20241231
#RES 0 4010 100
#PSALDO 0 202401 4010 {} 10
#PSALDO 0 202401 4010 {1 "1100"} 60
#PSALDO 0 202401 4010 {1 "1100" 7 "4"} 30
""",
    )
    assert reconcile(sie) == []
    rows = list(ledger_rows(sie))
    assert [(r.amount, r.ansvar) for r in rows] == [
        (Decimal(10), ""),
        (Decimal(60), "1100"),
        (Decimal(30), "1100"),
    ]


def test_ledger_rows_of_annual_results(tmp_path: Path) -> None:
    sie = ok(
        tmp_path,
        """#FLAGGA 0
#SIETYP 1
#RAR 0 20240101 20241231
#RAR -1 20230101 20231231
#UB 0 1930 5
#RES 0 3010 -120.50
#RES -1 3010 -99
""",
    )
    assert list(ledger_rows(sie)) == [
        LedgerRow(2024, WHOLE_YEAR, Scenario.OUTCOME, "3010", Decimal("-120.50"))
    ]


def test_ledger_rows_refuse_an_unknown_field(tmp_path: Path) -> None:
    sie = ok(tmp_path, "#FLAGGA 0\n#SIETYP 1\n")
    with pytest.raises(ValueError, match="kostnadsställe"):
        list(ledger_rows(sie, {1: "kostnadsställe"}))


# -- writing


def test_write_quotes_escapes_and_encodes_cp437(tmp_path: Path) -> None:
    sie = ok(
        tmp_path, '#FLAGGA 0\n#SIETYP 1\n#FNAMN "Kommunen \\"Å\\" \\\\ 1"\n#KONTO 1930 "Bank"\n'
    )
    data = write_sie(sie)
    assert b"#FORMAT PC8\r\n" in data
    assert '#FNAMN "Kommunen \\"Å\\" \\\\ 1"\r\n'.encode("cp437") in data
    assert b'#KONTO 1930 "Bank"\r\n' in data


def test_round_trip(tmp_path: Path) -> None:
    sie = ok(tmp_path, FOUR_E.format(ub="1200.00", res="300.00", psaldo="200.00"))
    (tmp_path / "igen.se").write_bytes(write_sie(sie))
    again, diagnostics = read_sie(tmp_path / "igen.se")
    assert diagnostics == []
    assert again == sie
