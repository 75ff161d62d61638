"""Accepted findings are visible: a finding accepted in kontroller.yaml with a `notering` gets
a footnote where its figure stands (the indicator's row, or the cell of the year named), in
every format."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from docx import Document
from pypdf import PdfReader

from uppsikt.examples import write_starter_workspace
from uppsikt.loading import LoadedWorkspace
from uppsikt.reports.model import ReportModel, Row, Table
from uppsikt.workspace.reader import read_workspace

WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "orebro-van-2020"


def _plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _notes_of(table: Table, numbers: tuple[int, ...]) -> list[str]:
    texts = {f.number: f.text for f in table.footnotes}
    return [texts[n] for n in numbers]


def _row(report: ReportModel, table_id: str, row_id: str) -> tuple[Table, Row]:
    table = next(t for t in report.tables() if t.id == table_id)
    return table, next(r for r in table.rows if r.id == row_id)


def _word_texts(path: Path) -> list[str]:
    """The text of a Word document: its paragraphs and tables, and its footnotes (a table's
    notes may be Word's own footnotes, in a part python-docx does not read)."""
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    with zipfile.ZipFile(path) as archive:
        if "word/footnotes.xml" in archive.namelist():
            xml = ElementTree.fromstring(archive.read("word/footnotes.xml"))
            for note in xml.iter(f"{{{WORD}}}footnote"):
                texts.append("".join(t.text or "" for t in note.iter(f"{{{WORD}}}t")))
    return texts


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ReportModel, list[str]]:
    out = tmp_path_factory.mktemp("bygge")
    loaded = LoadedWorkspace.read(EXAMPLE)
    result = loaded.publish(out, None)
    assert result.ok, [d.format() for d in result.diagnostics]
    assert result.report is not None
    assert loaded.workspace is not None
    notes = [a.note for a in loaded.workspace.accepted]
    return out, result.report, notes


def test_the_example_gives_each_accepted_finding_a_note(
    built: tuple[Path, ReportModel, list[str]],
) -> None:
    _, _, notes = built
    assert len(notes) == 3
    assert all(notes)


def test_a_note_without_a_year_stands_on_each_row_of_the_figure(
    built: tuple[Path, ReportModel, list[str]],
) -> None:
    _, report, notes = built
    households = next(n for n in notes if "hushåll" in n)
    for table_id, row_id in (
        ("indikatorer-malomrade-1", "hushall-forsorjningsstod"),
        ("fem-ar-i-sammandrag", "fem-hushall-forsorjningsstod"),
    ):
        table, row = _row(report, table_id, row_id)
        assert households in _notes_of(table, row.notes), table_id
        assert all(households not in _notes_of(table, c.notes) for c in row.cells)


def test_a_note_with_a_year_stands_on_that_years_cell(
    built: tuple[Path, ReportModel, list[str]],
) -> None:
    _, report, notes = built
    for table_id, row_id, year, word in (
        ("indikatorer-malomrade-2", "betyg-grundlaggande", 2019, "kvinnor och män"),
        ("fem-ar-i-sammandrag", "invanare", 2017, "150 227"),
    ):
        note = next(n for n in notes if word in n)
        table, row = _row(report, table_id, row_id)
        columns = [c.id for c in table.columns]
        for column, cell in zip(columns, row.cells, strict=True):
            has = note in _notes_of(table, cell.notes)
            assert has == (column == f"utfall-{year}"), (table_id, column)
        assert note not in _notes_of(table, row.notes)


def test_every_format_prints_the_notes(built: tuple[Path, ReportModel, list[str]]) -> None:
    out, _, notes = built
    html = _plain((out / "index.html").read_text(encoding="utf-8"))
    data = _plain((out / "data" / "datapackage.json").read_text(encoding="utf-8"))
    pdf = _plain(" ".join(p.extract_text() for p in PdfReader(next(out.glob("*.pdf"))).pages))
    word = _plain(" ".join(_word_texts(next(out.glob("*.docx")))))
    book = openpyxl.load_workbook(next(out.glob("*.xlsx")), read_only=True)
    excel = _plain(
        " ".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    )
    for note in notes:
        for name, text in (("html", html), ("data", data), ("pdf", pdf), ("word", word),
                           ("excel", excel)):  # fmt: skip
            assert _plain(note) in text, name


def test_notering_is_read_and_optional(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    write_starter_workspace(workspace)
    (workspace / "kontroller.yaml").write_text(
        "godtagna:\n"
        "  - kod: UPP421\n    avser: x, år 2024\n    skäl: Som publicerat.\n"
        "    notering: Ett av värdena är fel i källan.\n"
        "  - kod: UPP422\n    avser: y\n    skäl: Som publicerat.\n",
        encoding="utf-8",
    )
    ws, _ = read_workspace(workspace)
    assert ws is not None
    assert [a.note for a in ws.accepted] == ["Ett av värdena är fel i källan.", ""]
