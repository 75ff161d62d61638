"""One footnote scheme: missing values' reasons and footnotes numbered together, per table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from uppsikt.examples import bundled_example
from uppsikt.pipeline import load_report
from uppsikt.reports.build.notes import note_text, number_table_notes, numbered_notes
from uppsikt.reports.model import Cell, Column, Footnote, ReportModel, Row, RowKind, Table


def _table(rows: tuple[Row, ...], footnotes: tuple[Footnote, ...] = ()) -> Table:
    columns = (Column("a", "2019", ""), Column("b", "2020", ""))
    return Table("t", "Tabell", "Indikator", columns, rows, footnotes)


def _texts(table: Table) -> list[str]:
    return [note.text for note in table.footnotes]


def test_each_reason_becomes_one_numbered_note() -> None:
    rows = (
        Row("r1", "Första", (Cell(None, missing="För få svar"), Cell(Decimal(1)))),
        Row("r2", "Andra", (Cell(None, missing="För få svar"), Cell(None, missing="Ny fråga."))),
    )
    table = number_table_notes(_table(rows))
    assert _texts(table) == ["För få svar.", "Ny fråga."]
    assert [[c.notes for c in r.cells] for r in table.rows] == [[(1,), ()], [(1,), (2,)]]
    assert table.rows[0].cells[0].missing == "För få svar"  # the reason stays data


def test_notes_are_numbered_in_reading_order_and_merged() -> None:
    rows = (
        Row("r1", "Första", (Cell(Decimal(1)), Cell(None, missing="Saknas")), notes=(7,)),
        Row(
            "r2",
            "Andra",
            (Cell(None, missing="Källa: SCB"), Cell(Decimal(2), notes=(3, 7))),
            kind=RowKind.BREAKDOWN,
        ),
    )
    footnotes = (
        Footnote(3, "Källa: SCB."),  # the same text as a reason: one note
        Footnote(7, "Preliminärt."),
        Footnote(9, "Ingen pekar hit."),
    )
    table = number_table_notes(_table(rows, footnotes))
    assert _texts(table) == ["Preliminärt.", "Saknas.", "Källa: SCB.", "Ingen pekar hit."]
    assert table.rows[0].notes == (1,)
    assert table.rows[0].cells[1].notes == (2,)
    assert table.rows[1].cells[0].notes == (3,)
    assert table.rows[1].cells[1].notes == (3, 1)
    assert [n.number for n in table.footnotes] == [1, 2, 3, 4]


def test_a_footnote_that_begins_with_the_reason_replaces_it() -> None:
    rows = (
        Row(
            "r1",
            "Första",
            (Cell(None, missing="Målvärde saknas", notes=(1,)), Cell(None, missing="Okänt")),
        ),
    )
    footnotes = (Footnote(1, "Målvärde saknas. Mätningen gjordes inte i år."),)
    table = number_table_notes(_table(rows, footnotes))
    assert _texts(table) == ["Målvärde saknas. Mätningen gjordes inte i år.", "Okänt."]
    assert table.rows[0].cells[0].notes == (1,)


def test_numbers_without_a_footnote_are_dropped() -> None:
    rows = (Row("r1", "Första", (Cell(Decimal(1), notes=(5,)), Cell(Decimal(2)))),)
    table = number_table_notes(_table(rows))
    assert table.rows[0].cells[0].notes == ()
    assert table.footnotes == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Saknas", "Saknas."), (" Saknas  helt ", "Saknas helt."), ("Varför?", "Varför?"), ("", "")],
)
def test_note_text_is_a_sentence(text: str, expected: str) -> None:
    assert note_text(text) == expected


@pytest.fixture(scope="module")
def example() -> ReportModel:
    report, diagnostics = load_report(bundled_example())
    assert report is not None, [d.format() for d in diagnostics]
    return report


def test_the_example_has_one_scheme(example: ReportModel) -> None:
    """Every missing value points at a note giving its reason; numbers run 1, 2, … in reading
    order with no text twice; the pass changes nothing the second time."""
    assert numbered_notes(example) == example
    missing = 0
    for table in example.tables():
        texts = {n.number: n.text for n in table.footnotes}
        assert list(texts) == list(range(1, len(texts) + 1)), table.id
        assert len({t.removesuffix(".").casefold() for t in texts.values()}) == len(texts)
        first_use: list[int] = []
        for row in table.rows:
            for number in (*row.notes, *(n for c in row.cells for n in c.notes)):
                assert number in texts, (table.id, row.id, number)
                if number not in first_use:
                    first_use.append(number)
            for cell in row.cells:
                if cell.missing:
                    missing += 1
                    reason = note_text(cell.missing).removesuffix(".")
                    assert any(texts[n].startswith(reason) for n in cell.notes), (row.id, reason)
        assert first_use == sorted(first_use), table.id  # numbered in reading order
    assert missing > 10
