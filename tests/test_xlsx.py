"""The Excel workbook: a sheet per table with the model's numbers as numbers, and a contents
sheet that links to them."""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from report_fixtures import MISSING_REASON, SCRIPT_LABEL, build_report, economic_table
from uppsikt.examples import bundled_example
from uppsikt.pipeline import load_report
from uppsikt.reports.excel.names import CONTENTS_SHEET, sheet_name, sheet_names
from uppsikt.reports.excel.workbook import number_format, render_xlsx, write_xlsx
from uppsikt.reports.model import Cell, Column, ReportModel, Row, Section, Table

CREATED = datetime(2021, 3, 15, 8, 0, 0)
HEADER = 4
"""1-based row of the header; data starts on the next row."""
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

Workbook = Any
Sheet = Any


@pytest.fixture(scope="module")
def example() -> ReportModel:
    report, diagnostics = load_report(bundled_example())
    assert report is not None, [d.format() for d in diagnostics]
    return report


@pytest.fixture(scope="module")
def example_book(example: ReportModel, tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    path = tmp_path_factory.mktemp("xlsx") / "tabeller.xlsx"
    write_xlsx(example, path, created=CREATED)
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def fixture_report() -> ReportModel:
    return build_report()


@pytest.fixture(scope="module")
def book(fixture_report: ReportModel, tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    path = tmp_path_factory.mktemp("xlsx") / "fixture.xlsx"
    write_xlsx(fixture_report, path, created=CREATED)
    return openpyxl.load_workbook(path)


def _sheets(report: ReportModel, workbook: Workbook) -> Iterator[tuple[Table, Sheet]]:
    tables = report.tables()
    names = sheet_names(t.caption for t in tables)
    for table, name in zip(tables, names, strict=True):
        yield table, workbook[name]


def _sheet(report: ReportModel, workbook: Workbook, table_id: str) -> tuple[Table, Sheet]:
    for table, sheet in _sheets(report, workbook):
        if table.id == table_id:
            return table, sheet
    raise AssertionError(f"no table {table_id!r}")


def _first_value_column(table: Table) -> int:
    """1-based column of the first value (after the label and, for indicators, the unit)."""
    return 3 if table.row_units else 2


def _row_number(table: Table, row_id: str) -> int:
    for index, row in enumerate(table.rows):
        if row.id == row_id:
            return HEADER + 1 + index
    raise AssertionError(f"no row {row_id!r}")


def _assert_cell_matches(sheet: Sheet, r: int, c: int, cell: Cell, where: str) -> None:
    written = sheet.cell(row=r, column=c)
    if cell.text is not None:
        assert written.value == cell.text, where
        assert written.data_type == "s", where
    elif cell.value is not None:
        assert isinstance(written.value, int | float), where
        assert not isinstance(written.value, bool), where
        shown = Decimal(repr(written.value)) * (100 if cell.percent else 1)
        assert math.isclose(float(shown), float(cell.value), rel_tol=1e-9), where
        assert written.number_format == number_format(cell), where
    else:
        assert written.value is None, where
        if cell.missing is not None:
            assert written.comment is not None, where
            assert cell.missing in written.comment.text, where


def _assert_table_matches(table: Table, sheet: Sheet) -> None:
    first = _first_value_column(table)
    for index, row in enumerate(table.rows):
        r = HEADER + 1 + index
        assert sheet.cell(row=r, column=1).value == row.label
        if row.kind == "rubrik":
            continue
        if table.row_units:
            assert sheet.cell(row=r, column=2).value == (table.row_units[index] or None)
        for offset, cell in enumerate(row.cells):
            where = f"{table.id}/{row.id}/{table.columns[offset].id}"
            _assert_cell_matches(sheet, r, first + offset, cell, where)


# The example: every table, every number


def test_one_sheet_per_table_and_contents_first(
    example: ReportModel, example_book: Workbook
) -> None:
    tables = example.tables()
    assert len(tables) > 5
    assert example_book.sheetnames == [
        CONTENTS_SHEET,
        *sheet_names(t.caption for t in tables),
    ]


def test_sheet_names_are_valid_and_unique(example_book: Workbook) -> None:
    names = example_book.sheetnames
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert 0 < len(name) <= 31, name
        assert not FORBIDDEN.search(name), name
        assert not name.startswith("'")
        assert not name.endswith("'")


def test_sheet_names_are_the_captions_cut_between_words(
    example: ReportModel, example_book: Workbook
) -> None:
    for table, name in zip(example.tables(), example_book.sheetnames[1:], strict=True):
        base = name.removesuffix(" (2)")
        if len(table.caption) <= 31:
            assert name == table.caption
        else:  # whole words of the caption, not ending on a loose word
            words = base.split()
            assert " ".join(words) in table.caption.replace(", ", " ").capitalize() or (
                base.casefold() in table.caption.casefold()
            ), (name, table.caption)
            assert words[-1] not in ("och", "per", "i", "av", "för", "mot"), name
            following = table.caption.casefold().split(base.casefold(), 1)[1][:1]
            assert following in ("", " ", ","), (name, table.caption)  # never inside a word


def test_contents_links_every_sheet_with_its_caption(
    example: ReportModel, example_book: Workbook
) -> None:
    contents = example_book[CONTENTS_SHEET]
    assert contents.cell(row=1, column=1).value == CONTENTS_SHEET
    for index, (table, sheet) in enumerate(_sheets(example, example_book)):
        r = HEADER + 1 + index
        link = contents.cell(row=r, column=1)
        assert link.value == sheet.title
        assert link.hyperlink is not None
        assert link.hyperlink.location == f"'{sheet.title}'!A1"
        assert contents.cell(row=r, column=2).value == table.caption


def test_captions_unit_notes_and_header(example: ReportModel, example_book: Workbook) -> None:
    for table, sheet in _sheets(example, example_book):
        caption = sheet.cell(row=1, column=1)
        assert caption.value == table.caption
        assert caption.font.b
        assert caption.font.sz > 11
        assert sheet.cell(row=2, column=1).value == (table.unit_note or None)
        header = [c.value for c in sheet[HEADER]]
        expected = [table.row_header or "Rad"]
        if table.row_units:
            expected.append("Enhet")
        expected += [c.label for c in table.columns]
        if table.has_assessment:
            expected.append("Bedömning")
        assert header[: len(expected)] == expected, table.id
        for cell in sheet[HEADER][: len(expected)]:
            assert cell.font.b
            assert cell.border.bottom.style is not None
            assert cell.alignment.wrap_text


def test_numbers_are_numbers_equal_to_the_model(
    example: ReportModel, example_book: Workbook
) -> None:
    for table, sheet in _sheets(example, example_book):
        _assert_table_matches(table, sheet)


def test_header_is_frozen(example: ReportModel, example_book: Workbook) -> None:
    for _, sheet in _sheets(example, example_book):
        assert sheet.freeze_panes == f"B{HEADER + 1}"
    assert example_book[CONTENTS_SHEET].freeze_panes == f"A{HEADER + 1}"


def test_missing_values_are_empty_cells_with_the_reason(
    example: ReportModel, example_book: Workbook
) -> None:
    found = 0
    for table, sheet in _sheets(example, example_book):
        first = _first_value_column(table)
        for index, row in enumerate(table.rows):
            for offset, cell in enumerate(row.cells):
                if cell.missing is None or cell.value is not None:
                    continue
                written = sheet.cell(row=HEADER + 1 + index, column=first + offset)
                assert written.value is None
                assert written.comment is not None
                assert cell.missing in written.comment.text
                assert "–" in written.comment.text
                found += 1
    assert found > 0


def test_indicator_tables_have_a_unit_and_an_assessment_column(
    example: ReportModel, example_book: Workbook
) -> None:
    indicator_tables = [(t, s) for t, s in _sheets(example, example_book) if t.row_units]
    assert indicator_tables
    for table, sheet in indicator_tables:
        assert sheet.cell(row=HEADER, column=2).value == "Enhet"
        last = _first_value_column(table) + len(table.columns)
        for index, row in enumerate(table.rows):
            if row.assessment is not None:
                written = sheet.cell(row=HEADER + 1 + index, column=last).value
                assert written == f"{row.assessment.symbol} {row.assessment.label}"


def test_column_widths_are_set(example: ReportModel, example_book: Workbook) -> None:
    for _, sheet in _sheets(example, example_book):
        assert 14 <= sheet.column_dimensions["A"].width <= 62
        assert sheet.column_dimensions["B"].width >= 8


def test_document_properties(example: ReportModel, example_book: Workbook) -> None:
    properties = example_book.properties
    assert properties.title == f"{example.meta.title} – {example.meta.namnd}"
    assert properties.creator == example.meta.kommun
    assert properties.created == CREATED
    custom = {p.name: p.value for p in example_book.custom_doc_props.props}
    assert custom["Language"] == "sv-SE"


# The hand-built report: every kind of row and cell


def test_fixture_numbers_are_numbers_equal_to_the_model(
    fixture_report: ReportModel, book: Workbook
) -> None:
    for table, sheet in _sheets(fixture_report, book):
        _assert_table_matches(table, sheet)


def test_number_formats() -> None:
    assert number_format(Cell(Decimal(1))) == '#,##0;"−"#,##0;#,##0'
    assert number_format(Cell(Decimal(1), decimals=2)) == '#,##0.00;"−"#,##0.00;#,##0.00'
    assert number_format(Cell(Decimal(1), signed=True)) == '"+"#,##0;"−"#,##0;#,##0'
    percent = number_format(Cell(Decimal("29.5"), decimals=1, percent=True))
    assert percent == '#,##0.0"\u00a0"%;"−"#,##0.0"\u00a0"%;#,##0.0"\u00a0"%'
    approximate = number_format(Cell(Decimal(80), approximate=True))
    assert approximate == '"ca "#,##0;"ca ""−"#,##0;"ca "#,##0'


def test_percentages_are_fractions_with_a_percent_format(
    fixture_report: ReportModel, book: Workbook
) -> None:
    table, sheet = _sheet(fixture_report, book, "driftredovisning")
    written = sheet.cell(row=_row_number(table, "kostnader"), column=5)
    assert written.value == pytest.approx(0.295)
    assert written.number_format.startswith("#,##0.0")
    assert "%" in written.number_format


def test_signed_and_approximate_cells(fixture_report: ReportModel, book: Workbook) -> None:
    table, sheet = _sheet(fixture_report, book, "driftredovisning")
    signed = sheet.cell(row=_row_number(table, "intakter"), column=4)
    assert signed.value == pytest.approx(2910.6)
    assert signed.number_format.startswith('"+"')
    approximate = sheet.cell(row=_row_number(table, "personal"), column=3)
    assert approximate.value == 80
    assert approximate.number_format.startswith('"ca "')


def test_negative_zero_is_written_as_zero(fixture_report: ReportModel, book: Workbook) -> None:
    table, sheet = _sheet(fixture_report, book, "driftredovisning")
    zero = sheet.cell(row=_row_number(table, "ovrigt"), column=2).value
    assert zero == 0
    assert math.copysign(1, zero) == 1


def test_text_is_text_never_a_formula(fixture_report: ReportModel, book: Workbook) -> None:
    table, sheet = _sheet(fixture_report, book, "indikatorer")
    target = sheet.cell(row=_row_number(table, "godkanda"), column=5)
    assert target.value == "Öka"
    assert target.data_type == "s"
    economy, economy_sheet = _sheet(fixture_report, book, "driftredovisning")
    assert economy_sheet.cell(row=_row_number(economy, "ovrigt"), column=1).value == SCRIPT_LABEL


def test_missing_cell_comment(fixture_report: ReportModel, book: Workbook) -> None:
    table, sheet = _sheet(fixture_report, book, "driftredovisning")
    written = sheet.cell(row=_row_number(table, "personal"), column=4)
    assert written.value is None
    assert MISSING_REASON in written.comment.text
    not_applicable = sheet.cell(row=_row_number(table, "personal"), column=5)
    assert not_applicable.value is None
    assert not_applicable.comment is None


def test_row_kinds_are_styled(fixture_report: ReportModel, book: Workbook) -> None:
    table, sheet = _sheet(fixture_report, book, "driftredovisning")
    total = _row_number(table, "netto")
    assert sheet.cell(row=total, column=1).font.b
    assert sheet.cell(row=total, column=2).font.b
    assert sheet.cell(row=_row_number(table, "netto-exkl"), column=1).font.b
    partial = sheet.cell(row=_row_number(table, "personal"), column=1)
    assert partial.font.i
    assert not sheet.cell(row=_row_number(table, "intakter"), column=1).font.b


def test_breakdowns_are_indented_by_level(fixture_report: ReportModel, book: Workbook) -> None:
    table, sheet = _sheet(fixture_report, book, "indikatorer")
    indent = {
        row_id: sheet.cell(row=_row_number(table, row_id), column=1).alignment.indent
        for row_id in ("godkanda", "godkanda-kvinnor", "godkanda-kvinnor-unga")
    }
    assert indent == {"godkanda": 0, "godkanda-kvinnor": 1, "godkanda-kvinnor-unga": 2}


def test_heading_rows_are_bold_and_merged_across(
    fixture_report: ReportModel, book: Workbook
) -> None:
    table, sheet = _sheet(fixture_report, book, "indikatorer")
    r = _row_number(table, "utbildning")
    assert sheet.cell(row=r, column=1).font.b
    last = _first_value_column(table) + len(table.columns)
    last_letter = openpyxl.utils.get_column_letter(last)
    assert f"A{r}:{last_letter}{r}" in {str(m) for m in sheet.merged_cells.ranges}


def test_footnotes_are_listed_under_the_table(fixture_report: ReportModel, book: Workbook) -> None:
    table, sheet = _sheet(fixture_report, book, "driftredovisning")
    below = [sheet.cell(row=r, column=1).value for r in range(HEADER + len(table.rows) + 1, 40)]
    for note in table.footnotes:
        assert f"{note.number}. {note.text}" in below
    label = sheet.cell(row=_row_number(table, "intakter"), column=1)
    assert "Inklusive statsbidrag." in label.comment.text


# Sheet names


def _report_with_captions(*captions: str) -> ReportModel:
    base = economic_table()
    tables = tuple(
        dataclasses.replace(base, id=f"t{i}", caption=caption) for i, caption in enumerate(captions)
    )
    return dataclasses.replace(
        build_report(), sections=(Section("tabeller", "1", "Tabeller", blocks=tables),)
    )


def test_forbidden_characters_and_long_captions(tmp_path: Path) -> None:
    long_caption = "Intäkter och kostnader per kontogrupp och verksamhet " * 3
    report = _report_with_captions(
        "Mål: 1/2 [del] *? \\ slut", long_caption, long_caption, "'Citat'", "Innehåll"
    )
    path = tmp_path / "namn.xlsx"
    write_xlsx(report, path, created=CREATED)
    workbook = openpyxl.load_workbook(path)
    names = workbook.sheetnames
    assert len(names) == 6
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert len(name) <= 31
        assert not FORBIDDEN.search(name)
        assert not name.endswith("'")
    assert names[1] == "Mål 1 2 del slut"
    assert names[2] == "Intäkter och kostnader"  # not ending on 'per'
    assert names[3] == "Kostnader per kontogrupp"  # the same caption again: a part of it
    assert names[4] == "Citat"
    assert names[5] == "Innehåll (2)"  # the contents sheet has the name
    assert workbook[names[2]].cell(row=1, column=1).value == long_caption


def test_sheet_name_cuts_between_words() -> None:
    assert sheet_name("Intraprenadernas ackumulerade resultat") == "Intraprenadernas ackumulerade"
    assert sheet_name("x" * 40) == "x" * 31  # one word longer than a name: cut inside it
    assert sheet_name("Tabell\tmed\nradbrytning") == "Tabell med radbrytning"
    assert sheet_name("Intäkter och kostnader per kontogrupp") == "Intäkter och kostnader"
    assert sheet_name("[]:*?/\\") == "Tabell"
    assert sheet_name("😀" * 20) == "😀" * 15  # 31 UTF-16 code units at most, never half a pair


def test_a_later_clause_names_the_sheet_when_the_first_does_not_fit() -> None:
    caption = "Vuxenutbildnings- och arbetsmarknadsnämnden, nettokostnad per enhet"
    assert sheet_name(caption) == "Nettokostnad per enhet"


def test_sheet_names_are_unique() -> None:
    names = sheet_names(
        [
            "Intraprenadernas ackumulerade resultat",
            "Intraprenadernas ackumulerade resultat och prövning mot 7 %-regeln",
            "Tabell",
            "TABELL",
            "Innehåll",
            "History",
        ]
    )
    assert names == [
        "Intraprenadernas ackumulerade",
        "Prövning mot 7 %-regeln",
        "Tabell",
        "TABELL (2)",
        "Innehåll (2)",
        "History (2)",
    ]
    many = sheet_names(["Tabell"] * 120)
    assert len({n.casefold() for n in many}) == 120
    assert many[-1] == "Tabell (120)"
    assert all(len(n) <= 31 for n in many)


# Bytes


def test_render_is_reproducible(fixture_report: ReportModel) -> None:
    assert render_xlsx(fixture_report, created=CREATED) == render_xlsx(
        fixture_report, created=CREATED
    )


def test_source_date_epoch_sets_the_creation_time(
    fixture_report: ReportModel, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1615795200")  # 2021-03-15 08:00 UTC
    path = tmp_path / "epoch.xlsx"
    path.write_bytes(render_xlsx(fixture_report))
    assert openpyxl.load_workbook(path).properties.created == CREATED
    assert render_xlsx(fixture_report) == path.read_bytes()


def test_a_row_with_too_many_cells_is_refused(fixture_report: ReportModel) -> None:
    table = Table(
        id="fel",
        caption="Fel",
        row_header="",
        columns=(Column("a", "A", "tkr"),),
        rows=(Row("r", "Rad", (Cell(Decimal(1)), Cell(Decimal(2)))),),
    )
    report = dataclasses.replace(
        fixture_report, sections=(Section("s", "1", "S", blocks=(table,)),)
    )
    with pytest.raises(ValueError, match="more cells than columns"):
        render_xlsx(report, created=CREATED)


_CAPTION_CHARS = st.characters(codec="utf-8")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(_CAPTION_CHARS, max_size=80), max_size=12))
def test_any_captions_give_valid_unique_names(captions: list[str]) -> None:
    names = sheet_names(captions)
    assert len(names) == len(captions)
    folded = [n.casefold() for n in names]
    assert len(set(folded)) == len(folded)
    assert not {"innehåll", "history"} & set(folded)
    for name in names:
        assert 0 < len(name.encode("utf-16-le")) // 2 <= 31, name
        assert not FORBIDDEN.search(name), name
        assert not name.startswith("'")
        assert not name.endswith("'")
        assert name == name.strip()
