"""CSV and Excel exports: import.yaml, reading every cell by its field, located problems, and
the import example reproducing the typed-in example's facts."""

from __future__ import annotations

import datetime as dt
import filecmp
import importlib.util
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uppsikt.importers.tabular import read_tabular
from uppsikt.importers.tabular_config import Sign, SourceSpec, load_import_config
from uppsikt.ledger.mapping import load_mapping, validate_mapping
from uppsikt.ledger.model import LedgerRow
from uppsikt.ledger.patterns import Resolver
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.located.sink import Sink
from uppsikt.model.economy import Scenario
from uppsikt.workspace.reader import read_workspace

REPO = Path(__file__).resolve().parents[1]
TYPED_IN = REPO / "examples" / "orebro-van-2020"
IMPORTED = REPO / "examples" / "orebro-van-2020-import"

# tmp_path in a fuzzed test: each example rewrites the same file, no state carries over
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
COLUMNS = (("år", "År"), ("period", "Period"), ("konto", "Konto"), ("belopp", "Belopp"))


def spec(fmt: str = "csv", columns: tuple[tuple[str, str], ...] = COLUMNS, **kw: Any) -> SourceSpec:
    return SourceSpec("test", fmt, columns, **kw)  # type: ignore[arg-type]


Result = tuple[list[LedgerRow] | None, list[Diagnostic]]


def read_csv(tmp_path: Path, data: bytes | str, **kw: Any) -> Result:
    path = tmp_path / "export.csv"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return read_tabular(path, spec(**kw))


def located(diagnostics: list[Diagnostic]) -> list[tuple[str, int | None, str | None]]:
    return [(d.code, d.location.line, d.location.field) for d in diagnostics]


# CSV


def test_semicolons_decimal_comma_and_thousands(tmp_path: Path) -> None:
    rows, diagnostics = read_csv(
        tmp_path,
        "År;Period;Konto;Belopp\n2020;1;4010;1 234,50\n2020;2;3010;-12\u00a0345\n"
        "2020;12;5010;1\u202f000\u202f000,05\n",
    )
    assert diagnostics == []
    assert rows == [
        LedgerRow(2020, 1, Scenario.OUTCOME, "4010", Decimal("1234.50")),
        LedgerRow(2020, 2, Scenario.OUTCOME, "3010", Decimal("-12345")),
        LedgerRow(2020, 12, Scenario.OUTCOME, "5010", Decimal("1000000.05")),
    ]


def test_commas_with_quoted_decimal_commas_are_detected(tmp_path: Path) -> None:
    rows, diagnostics = read_csv(
        tmp_path, 'År,Period,Konto,Belopp\r\n2020,3,4010,"1 234,50"\r\n2020,4,4010,7\r\n'
    )
    assert diagnostics == []
    assert rows is not None
    assert [(r.period, r.amount) for r in rows] == [(3, Decimal("1234.50")), (4, Decimal(7))]


def test_unquoted_decimal_comma_with_comma_delimiter(tmp_path: Path) -> None:
    rows, diagnostics = read_csv(tmp_path, "År,Period,Konto,Belopp\n2020,3,4010,1234,50\n")
    assert rows is None
    assert located(diagnostics) == [("UPP634", 2, None)]
    assert "citattecken" in diagnostics[0].hint


def test_cp1252_is_detected_and_reported(tmp_path: Path) -> None:
    data = "År;Period;Konto;Belopp;Text\n2020;1;4010;5;Förbrukning\n".encode("cp1252")
    rows, diagnostics = read_csv(tmp_path, data, columns=(*COLUMNS, ("ansvar", "Text")))
    assert rows is not None
    assert rows[0].ansvar == "Förbrukning"
    assert [(d.code, d.severity, d.location.file) for d in diagnostics] == [
        ("UPP632", Severity.WARNING, "export.csv")
    ]
    rows, diagnostics = read_csv(tmp_path, data, encoding="cp1252")
    assert rows is not None
    assert diagnostics == []


def test_declared_encoding_that_does_not_fit(tmp_path: Path) -> None:
    data = "År;Period;Konto;Belopp\n2020;1;4010;5\n".encode() + b"2020;1;4010;5 \xe4\n"
    rows, diagnostics = read_csv(tmp_path, data, encoding="utf-8")
    assert rows is None
    assert located(diagnostics) == [("UPP631", 3, None)]


def test_report_sign_is_flipped_to_the_ledger_sign(tmp_path: Path) -> None:
    rows, _ = read_csv(
        tmp_path,
        "År;Period;Konto;Belopp\n2020;1;4010;-100\n2020;1;3010;40\n2020;1;3010;0\n",
        sign=Sign.REPORT,
    )
    assert rows is not None
    assert [str(r.amount) for r in rows] == ["100", "-40", "0"]


def test_every_bad_cell_is_reported_with_line_and_column(tmp_path: Path) -> None:
    rows, diagnostics = read_csv(
        tmp_path,
        "År;Period;Konto;Belopp\n2020;1;4010;12,5\n20x0;1;4010;åtta\n2020;13;;1,005\n\n"
        "2020;1;4010;5 %\n",
    )
    assert rows is None
    assert located(diagnostics) == [
        ("UPP635", 3, "År"),
        ("UPP635", 3, "Belopp"),
        ("UPP635", 4, "Period"),
        ("UPP635", 4, "Konto"),
        ("UPP635", 4, "Belopp"),
        ("UPP635", 6, "Belopp"),
    ]
    assert diagnostics[1].message == "«åtta» är inget belopp."
    assert diagnostics[1].location.column == 4
    assert "fler än två decimaler" in diagnostics[4].message
    assert all(d.hint for d in diagnostics)


def test_missing_column_names_the_header_found(tmp_path: Path) -> None:
    rows, diagnostics = read_csv(tmp_path, "Rapport 2020\n\nÅr;Period;Kto;Belopp\n2020;1;4010;5\n")
    assert rows is None
    assert located(diagnostics) == [("UPP633", 3, "Konto")]
    assert "År; Period; Kto; Belopp" in diagnostics[0].hint


def test_title_rows_above_the_header_and_header_case(tmp_path: Path) -> None:
    rows, diagnostics = read_csv(
        tmp_path, "Huvudbok;;;\nUtskriven 2021-02-01;;;\nÅR;PERIOD;konto;belopp\n2020;5;4010;1\n"
    )
    assert diagnostics == []
    assert rows == [LedgerRow(2020, 5, Scenario.OUTCOME, "4010", Decimal(1))]


def test_a_row_without_year(tmp_path: Path) -> None:
    rows, diagnostics = read_csv(tmp_path, "År;Period;Konto;Belopp\n;3;4010;5\n2020;;4010;6\n")
    assert rows is None
    assert located(diagnostics) == [("UPP635", 2, "År")]
    assert diagnostics[0].message == "Raden har inget år (År, Period)."


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n \r\n"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    rows, diagnostics = read_csv(tmp_path, data)
    assert rows is None
    assert [d.code for d in diagnostics] == ["UPP631"]


@pytest.mark.parametrize(("make", "reason"), [("missing", "finns inte"), ("folder", "mapp")])
def test_an_unreadable_file_is_named_in_swedish(tmp_path: Path, make: str, reason: str) -> None:
    path = tmp_path / "export.csv"
    if make == "folder":
        path.mkdir()
    rows, diagnostics = read_tabular(path, spec())
    assert rows is None
    (problem,) = diagnostics
    assert problem.code == "UPP631"
    assert "export.csv" in problem.message
    assert reason in problem.message
    # The operating system's own (English) text stays out of the message.
    assert "No such file" not in problem.message
    assert "Errno" not in problem.message


def test_scenario_period_as_year_month_and_dates(tmp_path: Path) -> None:
    columns = (("period", "Per"), ("datum", "Datum"), ("scenario", "Typ"), ("belopp", "Belopp"))
    rows, diagnostics = read_csv(
        tmp_path,
        "Per;Datum;Typ;Belopp\n202003;;Budget;1\n2020-04;;;2\n;20200531;utfall;3\n"
        ";2020-06-30;Prognos;4\n",
        columns=columns,
    )
    assert diagnostics == []
    assert rows is not None
    assert [(r.year, r.period, r.scenario.value) for r in rows] == [
        (2020, 3, "budget"),
        (2020, 4, "utfall"),
        (2020, 5, "utfall"),  # no period: the date's month
        (2020, 6, "prognos"),
    ]
    rows, diagnostics = read_csv(
        tmp_path,
        "År;Datum;Typ;Belopp\n2020;2019-12-31;Plan;1\n",
        columns=(("år", "År"), ("datum", "Datum"), ("scenario", "Typ"), ("belopp", "Belopp")),
    )
    assert rows is None
    assert [(d.code, d.location.field) for d in diagnostics] == [
        ("UPP635", "Typ"),
        ("UPP635", "Datum"),
    ]
    assert "datumet ligger i 2019" in diagnostics[1].message.lower()


def test_many_problems_are_counted_after_the_first_200(tmp_path: Path) -> None:
    data = "År;Period;Konto;Belopp\n" + "2020;1;4010;x\n" * 250
    rows, diagnostics = read_csv(tmp_path, data)
    assert rows is None
    assert len(diagnostics) == 201
    assert diagnostics[-1].code == "UPP636"
    assert "50" in diagnostics[-1].message


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(tmp_path: Path, data: bytes) -> None:
    rows, diagnostics = read_csv(tmp_path, data)
    assert rows is not None or any(d.severity is Severity.ERROR for d in diagnostics)


VALID = "År;Period;Konto;Belopp\n2020;1;4010;1 234,50\n2020;2;3010;-5\n".encode("cp1252")


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(VALID)), st.binary(max_size=3)), max_size=6))
def test_mutated_csv_never_raises(tmp_path: Path, edits: list[tuple[int, bytes]]) -> None:
    data = bytearray(VALID)
    for position, inserted in edits:
        data[position : position + 1] = inserted
    rows, diagnostics = read_csv(tmp_path, bytes(data))
    assert rows is not None or any(d.severity is Severity.ERROR for d in diagnostics)


# Excel


def write_xlsx(path: Path, rows: list[list[Any]], sheet: str = "Blad1") -> None:
    workbook = xlsxwriter.Workbook(str(path))
    worksheet = workbook.add_worksheet(sheet)
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                worksheet.write_datetime(r, c, value, date)
            elif value is not None:
                worksheet.write(r, c, value)
    workbook.close()


def test_excel_cells_are_read_by_their_field_not_their_column(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    head: list[list[Any]] = [["Huvudbok"], [], ["År", "Period", "Konto", "Belopp"]]
    body: list[list[Any]] = [[2020, 1, 4010, 100]] * 12  # integers first, then text
    tail: list[list[Any]] = [["2020", "2", "04010", "1 234,56"], [2020.0, 3.0, "4010", -0.1 - 0.2]]
    write_xlsx(path, [*head, *body, *tail])
    rows, diagnostics = read_tabular(path, spec("xlsx"))
    assert diagnostics == []
    assert rows is not None
    assert rows[0] == LedgerRow(2020, 1, Scenario.OUTCOME, "4010", Decimal(100))
    assert rows[-2] == LedgerRow(2020, 2, Scenario.OUTCOME, "04010", Decimal("1234.56"))
    assert rows[-1].amount == Decimal("-0.30")  # a float's binary noise is rounded to öre


def test_excel_problems_name_the_cell(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx(
        path,
        [["År", "Period", "Konto", "Belopp"], *[[2020, 1, 4010, 1]] * 15, [2020, 1, 4010.5, "x"]],
    )
    rows, diagnostics = read_tabular(path, spec("xlsx"), "export/huvudbok.xlsx")
    assert rows is None
    assert located(diagnostics) == [("UPP635", 17, "Konto"), ("UPP635", 17, "Belopp")]
    assert diagnostics[1].message.startswith("Cell D17: ")
    assert diagnostics[1].location.column == 4
    assert diagnostics[1].location.file == "export/huvudbok.xlsx"


def test_excel_dates_give_year_and_period(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx(
        path,
        [
            ["Datum", "Konto", "Belopp"],
            [dt.datetime(2020, 3, 31), 4010, 5],
            ["2020-04-30", 4010, 6],
            [20200531, 4010, 7],
        ],
        sheet="Huvudbok",
    )
    columns = (("datum", "Datum"), ("konto", "Konto"), ("belopp", "Belopp"))
    rows, diagnostics = read_tabular(path, spec("xlsx", columns, sheet="Huvudbok"))
    assert diagnostics == []
    assert rows is not None
    assert [(r.year, r.period, r.amount) for r in rows] == [
        (2020, 3, Decimal(5)),
        (2020, 4, Decimal(6)),
        (2020, 5, Decimal(7)),
    ]


def test_excel_file_and_sheet_problems(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx(path, [["År", "Period", "Konto", "Belopp"]])
    rows, diagnostics = read_tabular(path, spec("xlsx", sheet="Saknas"))
    assert rows is None
    assert [d.code for d in diagnostics] == ["UPP631"]
    assert "Blad1" in diagnostics[0].hint
    path.write_bytes(b"not a workbook")
    rows, diagnostics = read_tabular(path, spec("xlsx"))
    assert rows is None
    assert [d.code for d in diagnostics] == ["UPP631"]


# import.yaml


def test_import_settings_are_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "import.yaml"
    path.write_text(
        "källor:\n"
        "  a:\n    fil: export/*.xlsx\n    blad: Data\n    tecken: rapport\n"
        "    kolumner: {datum: Datum, belopp: Belopp}\n"
        "  b:\n    format: xlsx\n    avgränsare: ';'\n    kolumner: {konto: Konto, färg: F}\n"
        "  c:\n    format: dbf\n    kolumner: {år: År, belopp: B}\n",
        encoding="utf-8",
    )
    config, diagnostics = load_import_config(path)
    assert config is None
    assert located(diagnostics) == [
        ("UPP630", 9, "avgränsare"),
        ("UPP113", 10, "färg"),
        ("UPP630", 10, "kolumner"),
        ("UPP630", 10, "kolumner"),
        ("UPP112", 12, "format"),
    ]
    path.write_text(path.read_text(encoding="utf-8").split("  b:")[0], encoding="utf-8")
    config, diagnostics = load_import_config(path)
    assert diagnostics == []
    assert config is not None
    source = config.sources[0]
    assert (source.format, source.sheet, source.sign) == ("xlsx", "Data", Sign.REPORT)
    assert source.column("datum") == "Datum"
    assert config.for_file("export/2020.xlsx") == [source]
    assert config.for_file("export/2020.csv") == []


# The import example


def _facts_from_exports() -> dict[tuple[str, int, Scenario, str], Decimal]:
    config, _ = load_import_config(IMPORTED / "import.yaml")
    mapping, _ = load_mapping(IMPORTED / "mappning.yaml")
    assert config is not None
    assert mapping is not None
    views = [("account", "kontogrupp", mapping.account_resolver())]
    for objects in mapping.objects:
        views.append((objects.source, objects.dimension, Resolver(objects.rules)))
    sums: dict[tuple[str, int, Scenario, str], Decimal] = {}
    for source in config.sources:
        rows, diagnostics = read_tabular(IMPORTED / source.file, source, source.file)
        assert diagnostics == []
        assert rows
        for row in rows:
            for field, dimension, resolver in views:
                code = getattr(row, field)
                if code:
                    member = resolver.member(code)
                    assert member, (source.name, field, code)
                    key = (dimension, row.year, row.scenario, member)
                    sums[key] = sums.get(key, Decimal(0)) - row.amount  # report sign
    return sums


def test_imported_exports_reproduce_the_typed_in_facts() -> None:
    workspace, _ = read_workspace(TYPED_IN)
    assert workspace is not None
    expected = {
        (f.dimensions[0][0], f.year, f.scenario, f.dimensions[0][1]): f.amount
        for f in workspace.facts
        # A stated total (typ: summa) is a published figure, not an amount of the ledger.
        if f.post and len(f.dimensions) == 1 and f.dimensions[0][0] != "investering"
    }
    assert _facts_from_exports() == expected
    mapping, _ = load_mapping(IMPORTED / "mappning.yaml")
    assert mapping is not None
    sink = Sink("mappning.yaml")
    validate_mapping(mapping, workspace.dimensions, sink)
    assert sink.diagnostics == []


def test_import_example_is_what_the_script_writes(tmp_path: Path) -> None:
    script = REPO / "scripts" / "make_import_example.py"
    module_spec = importlib.util.spec_from_file_location("make_import_example", script)
    assert module_spec is not None
    assert module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    assert module.main(tmp_path / "out") == 0
    written = sorted(p.relative_to(tmp_path / "out") for p in (tmp_path / "out").rglob("*"))
    assert written == sorted(p.relative_to(IMPORTED) for p in IMPORTED.rglob("*"))
    for relative in written:
        if (IMPORTED / relative).is_file():
            assert filecmp.cmp(tmp_path / "out" / relative, IMPORTED / relative, shallow=False)
