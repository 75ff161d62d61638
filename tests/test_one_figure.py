"""One figure, one value: the bundled example built in every format shows each economic figure
with one value wherever it stands, and its headline figures are the adopted report's.

A figure is named by what it is, not where it stands: the posts it adds up (the members of a
dimension with amounts, or the whole nämnd) and the column's meaning (bokslut 2019, avvikelse
mot budget …), worked out here from tabeller.yaml and the facts, independently of the
builder. Every place of a figure in the report model must show the same text; every format
(HTML, Word, PDF, Excel, the data package) must show each table's cells as the model does;
every reference of the texts must read as in the tables.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup
from docx import Document
from pypdf import PdfReader

from uppsikt.compute.cube import top_intraprenader
from uppsikt.compute.references.grammar import REFERENCE
from uppsikt.compute.references.resolve import Figures, render_reference
from uppsikt.loading import LoadedWorkspace
from uppsikt.model.dimensions import ORGANISATION, Dimension
from uppsikt.model.tables import INTRAPRENADER, ColumnDef, ColumnKind, RowKind, expanded_rows
from uppsikt.model.workspace import Workspace
from uppsikt.reports.cells import cell_text, format_number
from uppsikt.reports.model import ReportModel, Table

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "orebro-van-2020"
WHOLE = "hela nämnden"
ACCUMULATED = "ackumulerat-resultat"

Place = tuple[str, str, str]
"""(table id, row id, column id)."""
Key = tuple[object, object]
"""(the posts a figure adds up, the column's meaning)."""


class Built:
    def __init__(self, out: Path) -> None:
        loaded = LoadedWorkspace.read(EXAMPLE)
        result = loaded.publish(out, None)
        assert result.ok, [d.format() for d in result.diagnostics]
        assert result.report is not None
        assert loaded.workspace is not None
        assert loaded.computed is not None
        self.out = out
        self.report: ReportModel = result.report
        self.ws: Workspace = loaded.workspace
        self.figures = Figures.of(loaded.workspace, loaded.computed)
        self.tables = {t.id: t for t in self.report.tables()}
        self.economic = [self.tables[d.id] for d in self.ws.tables] + [self.tables[ACCUMULATED]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return Built(tmp_path_factory.mktemp("bygge"))


def _plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


# --- what a figure is ------------------------------------------------------------------------


def _posted(ws: Workspace) -> dict[str, frozenset[str]]:
    """Per dimension: the members with amounts (posts, not stated totals)."""
    found: dict[str, set[str]] = defaultdict(set)
    for fact in ws.facts:
        if not fact.stated:
            for name, code in fact.dimensions:
                found[name].add(code)
    return {name: frozenset(codes) for name, codes in found.items()}


def _below(dimension: Dimension, code: str) -> set[str]:
    return {c for c, path in dimension.paths().items() if code in path}


def _column_key(column: ColumnDef, columns: dict[str, ColumnDef]) -> object:
    if column.kind is ColumnKind.AMOUNT:
        return (column.scenario, column.year_offset)
    return (column.kind, *(_column_key(columns[o], columns) for o in column.operands))


def _places(ws: Workspace) -> Iterator[tuple[Place, Key]]:
    """Every economic cell with the figure it is."""
    posted = _posted(ws)
    for table in ws.tables:
        dimension = ws.dimension(table.dimension)
        assert dimension is not None
        mine = posted.get(table.dimension, frozenset())
        covers: dict[str, frozenset[str]] = {}
        since_sum: list[str] = []
        for row in expanded_rows(table, dimension):
            if row.kind in (RowKind.MEMBER, RowKind.VARAV):
                codes = row.members
                if codes == (INTRAPRENADER,):
                    codes = top_intraprenader(dimension)
                covers[row.id] = frozenset(m for c in codes for m in _below(dimension, c)) & mine
                if row.kind is RowKind.MEMBER:
                    since_sum.append(row.id)
            elif row.kind is RowKind.SUM:
                parts = row.operands or tuple(since_sum)
                covers[row.id] = frozenset().union(*(covers[p] for p in parts if p in covers))
                since_sum = []
            elif row.kind is RowKind.EXCLUDING:
                first, *rest = row.operands
                covers[row.id] = covers[first].difference(*(covers[r] for r in rest))
        columns = {c.id: c for c in table.columns}
        for row_id, covered in covers.items():
            if not covered:
                continue
            whole = covered == mine and dimension.operating
            what = WHOLE if whole else (table.dimension, covered)
            for column in table.columns:
                yield (table.id, row_id, column.id), (what, _column_key(column, columns))
    # The intraprenader's block under the table of units: the deviations it repeats.
    organisation = ws.dimension(ORGANISATION)
    assert organisation is not None
    units = posted[ORGANISATION]
    intra = (
        frozenset(m for c in top_intraprenader(organisation) for m in _below(organisation, c))
        & units
    )
    deviation = next(
        _column_key(c, {d.id: d for d in t.columns})
        for t in ws.tables
        for c in t.columns
        if c.id == "avvikelse" and t.id == "enheter"
    )
    yield (ACCUMULATED, "justerad-avvikelse", "belopp"), (WHOLE, deviation)
    yield (ACCUMULATED, "avvikelse-intra", "belopp"), ((ORGANISATION, intra), deviation)
    yield (ACCUMULATED, "avvikelse-exkl", "belopp"), ((ORGANISATION, units - intra), deviation)


def _shown(table: Table, row_id: str, column_id: str) -> str | None:
    columns = [c.id for c in table.columns]
    for row in table.rows:
        if row.id == row_id and row.cells:
            return cell_text(row.cells[columns.index(column_id)])
    return None


def test_each_figure_has_one_value_in_the_report(built: Built) -> None:
    by_figure: dict[Key, dict[Place, str]] = defaultdict(dict)
    for place, key in _places(built.ws):
        shown = _shown(built.tables[place[0]], place[1], place[2])
        if shown is not None:
            by_figure[key][place] = shown
    repeated = {key: places for key, places in by_figure.items() if len(places) > 1}
    # The nämnd's net cost stands in three tables, its deviation in four places.
    whole = [places for (what, _), places in repeated.items() if what == WHOLE]
    assert max(len(places) for places in whole) >= 4
    assert len(repeated) >= 20
    for places in repeated.values():
        assert len(set(places.values())) == 1, places


def test_text_references_read_as_the_tables(built: Built) -> None:
    """Every {{ tabell.… }} of the texts names the same figure as the table shows, and the
    report's text holds the reference as resolved."""
    sources = [p.read_text(encoding="utf-8") for p in sorted((EXAMPLE / "text").glob("*.md"))]
    sources.append((EXAMPLE / "tabeller.yaml").read_text(encoding="utf-8"))
    html = _plain(BeautifulSoup((built.out / "index.html").read_text("utf-8"), "lxml").text)
    seen = 0
    for source in sources:
        for match in REFERENCE.finditer(" ".join(source.split())):
            body = match.group("body")
            path = body.split("|")[0].strip()
            if not path.startswith("tabell."):
                continue
            _, table_id, row_id, column_id = path.split(".")
            shown = _shown(built.tables[table_id], row_id, column_id)
            assert shown is not None, path
            plain = _plain(render_reference(path, built.figures)).removesuffix(" tkr")
            assert plain == _plain(shown), (path, plain, shown)
            assert _plain(render_reference(body, built.figures)) in html, body
            seen += 1
    assert seen >= 10


# --- every format as the model -------------------------------------------------------------


def _row_texts(table: Table) -> list[list[str]]:
    return [[_plain(cell_text(c)) for c in row.cells] for row in table.rows if row.cells]


def test_html_shows_the_models_figures(built: Built) -> None:
    soup = BeautifulSoup((built.out / "index.html").read_text("utf-8"), "lxml")
    for table in built.economic:
        caption = soup.find(id=f"{table.id}-caption")
        assert caption is not None, table.id
        element = caption.find_parent("table")
        assert element is not None
        body = element.find("tbody")
        assert body is not None
        rows = [[_plain(td.text) for td in tr.find_all("td")] for tr in body.find_all("tr")]
        assert [r for r in rows if r] == _row_texts(table), table.id


def test_word_shows_the_models_figures(built: Built) -> None:
    document = Document(str(next(built.out.glob("*.docx"))))
    found = [[[_plain(c.text) for c in row.cells] for row in t.rows] for t in document.tables]
    for table in built.economic:
        expected = _row_texts(table)
        widths = {len(r) for r in expected}
        matches = [
            [r[1:] for r in rows[1:] if len(set(r)) > 1]
            for rows in found
            if rows and rows[0][0] == table.row_header and len(rows[0]) - 1 in widths
        ]
        assert expected in matches, table.id


def test_pdf_shows_the_models_figures(built: Built) -> None:
    reader = PdfReader(str(next(built.out.glob("*.pdf"))))
    text = _plain(" ".join(page.extract_text() for page in reader.pages))
    for table in built.economic:
        for cells in _row_texts(table):
            shown = " ".join(c for c in cells if c)
            if shown:
                assert shown in text, (table.id, shown)


def _excel_sheets(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path, read_only=True)
    return {
        str(rows[0][0]): rows
        for sheet in book.worksheets
        if (rows := list(sheet.iter_rows(values_only=True))) and rows[0]
    }


def _as_shown(value: object, decimals: int, percent: bool, *, fraction: bool = False) -> str:
    """A number kept as a number (Excel, the data package) as the report shows it; Excel
    keeps a percentage as a fraction."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    number = number * 100 if percent and fraction else number
    return _plain(format_number(number, decimals, percent=percent))


def test_excel_and_data_package_show_the_models_figures(built: Built) -> None:
    sheets = _excel_sheets(next(built.out.glob("*.xlsx")))
    for table in built.economic:
        with (built.out / "data" / f"{table.id}.csv").open(encoding="utf-8") as f:
            data = {row["id"]: row for row in csv.DictReader(f)}
        rows = sheets[table.caption]
        labels = [str(r[0]).strip() if r[0] is not None else "" for r in rows]
        header = labels.index(table.row_header)
        for row in table.rows:
            if not row.cells:
                continue
            excel = rows[labels.index(row.label, header)][1 : 1 + len(row.cells)]
            for column, cell, in_excel in zip(table.columns, row.cells, excel, strict=True):
                shown = _plain(cell_text(cell))
                excel_shown = _as_shown(in_excel, cell.decimals, cell.percent, fraction=True)
                assert excel_shown == shown, (table.id, row.id, column.id)
                in_data = data[row.id][column.id]
                assert _as_shown(in_data, cell.decimals, cell.percent) == shown


# --- the adopted report's headline figures -------------------------------------------------

ADOPTED = {
    # Vuxenutbildnings- och arbetsmarknadsnämnden 2020, avsnitt 5.1–5.3 (tkr).
    ("enheter", "netto"): ["−539 063", "−533 874", "−544 200", "10 326"],
    ("enheter", "AM"): ["−119 288", "−98 045", "−105 025", "6 980"],
    ("enheter", "netto-exkl"): ["−396 740", "−394 062", "−399 504"],
    ("am", "netto"): ["−119 288", "−98 045", "−105 025", "6 980", "21 243"],
    ("kontogrupper", "netto"): ["−539 063", "−533 874", "−544 200", "10 326"],
    ("verksamheter", "netto"): ["−539 063", "−533 874", "−544 200", "10 326", "5 189"],
    (ACCUMULATED, "justerad-avvikelse"): ["10 326"],
}
"""The adopted report's figures, in its own columns from the left. Two it prints cannot both
hold: «Nettokostnad exkl. intraprenader» has the deviation 5 443 beside −394 062 and −399 504,
whose difference is 5 442 (the deviation was taken before rounding), and 5.2 gives the change
2019–2020 as 5 190 where 5.3 gives 5 189. One figure has one value here: 5 442 and 5 189."""

ROUNDED_SUMS = ("10 325", "10 327", "544 201", "539 064", "533 875", "5 441", "98 046")
"""The values the rounded rows added up to before the published totals were stated."""


def test_headline_figures_are_the_adopted_reports(built: Built) -> None:
    for (table_id, row_id), figures in ADOPTED.items():
        row = next(r for r in built.tables[table_id].rows if r.id == row_id)
        shown = [_plain(cell_text(c)) for c in row.cells]
        assert shown[: len(figures)] == figures, (table_id, row_id)


def test_no_format_shows_a_sum_of_rounded_rows(built: Built) -> None:
    html = _plain(BeautifulSoup((built.out / "index.html").read_text("utf-8"), "lxml").text)
    pdf = _plain(" ".join(p.extract_text() for p in PdfReader(next(built.out.glob("*.pdf"))).pages))
    document = Document(str(next(built.out.glob("*.docx"))))
    word = _plain(" ".join(c.text for t in document.tables for r in t.rows for c in r.cells))
    for text in (html, pdf, word):
        numbers = {n.lstrip("−-") for n in re.findall(r"[−-]?\d{1,3}(?: \d{3})*(?:,\d+)?", text)}
        assert numbers & set(ROUNDED_SUMS) == set()
