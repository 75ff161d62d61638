"""The Word renderer: template, structure, tables, footnotes, pictures and Swedish formatting."""

from __future__ import annotations

import dataclasses
import datetime
import io
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from report_fixtures import MISSING_REASON, SCRIPT_LABEL, build_report
from uppsikt.examples import bundled_example
from uppsikt.model.settings import Profile
from uppsikt.pipeline import load_report
from uppsikt.reports.build.markdown import parse
from uppsikt.reports.cells import cell_text
from uppsikt.reports.charts.images import ChartImages
from uppsikt.reports.model import (
    Cell,
    Chart,
    ChartGroup,
    ChartKind,
    ChartSeries,
    Column,
    Goals,
    ReportModel,
    Row,
    RowKind,
    Section,
    Table,
    Text,
)
from uppsikt.reports.richtext import MarkdownTable
from uppsikt.reports.word.document import (
    REQUIRED_STYLES,
    TemplateError,
    default_template,
    render_docx,
)
from uppsikt.reports.word.tables import keep_with_next_rows
from uppsikt.reports.word.widths import column_widths, text_width

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS = {"w": W, "wp": WP}
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def part(data: bytes, name: str) -> ET.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return ET.fromstring(package.read(name))


def text_of(element: ET.Element) -> str:
    return "".join(t.text or "" for t in element.iter(w("t")))


def body_children(data: bytes) -> list[ET.Element]:
    body = part(data, "word/document.xml").find("w:body", NS)
    assert body is not None
    return list(body)


def style_of(paragraph: ET.Element) -> str:
    style = paragraph.find("w:pPr/w:pStyle", NS)
    return "" if style is None else style.get(w("val"), "")


def style_name(paragraph: Paragraph) -> str:
    return "" if paragraph.style is None else paragraph.style.name or ""


def walk(sections: tuple[Section, ...], level: int = 1) -> Iterator[tuple[int, Section]]:
    for section in sections:
        yield level, section
        yield from walk(section.subsections, level + 1)


def texts_of(report: ReportModel) -> Iterator[Text]:
    """Every narrative text of the report, those of goals included."""
    for block in report.blocks():
        if isinstance(block, Text):
            yield block
        elif isinstance(block, Goals):
            for goal in block.goals:
                if goal.description is not None:
                    yield goal.description
                yield from (c.description for c in goal.commitments if c.description)
            yield from (d.contribution for d in block.directions if d.contribution)


@pytest.fixture(scope="module")
def images() -> ChartImages:
    return ChartImages()


@pytest.fixture(scope="module")
def example() -> ReportModel:
    report, diagnostics = load_report(bundled_example())
    assert report is not None, diagnostics
    return report


@pytest.fixture(scope="module")
def example_docx(example: ReportModel, images: ChartImages) -> bytes:
    return render_docx(example, images)


def _trend(chart_id: str, title: str) -> Chart:
    return Chart(
        id=chart_id,
        kind=ChartKind.TREND,
        title=title,
        categories=("2019", "2020"),
        series=(ChartSeries("Totalt", (Decimal("81.2"), Decimal("83.75"))),),
        unit="procent",
        decimals=1,
        description=f"Linjediagram: {title}, 2019–2020. Totalt: 2019 81,2 %, 2020 83,8 %.",
    )


MARKDOWN = """Inledning med **fetstil**, *kursiv* och [uppsikt](https://example.org).

- en punkt
- en till

1. första
2. andra

| Enhet | tkr |
|---|---:|
| Ledning | −500 |

3. tredje, ny lista
"""


@pytest.fixture(scope="module")
def small() -> ReportModel:
    """The renderer test report, with Markdown text and charts added."""
    report = build_report()
    extra = Section(
        "diagram",
        "5",
        "Diagram och text",
        blocks=(
            Text(parse(MARKDOWN)),
            _trend("ett", "Andel godkända kurser"),
            ChartGroup("grupp", "Utvecklingen", (_trend("tva", "Två"), _trend("tre", "Tre"))),
        ),
    )
    return dataclasses.replace(report, sections=(*report.sections, extra))


@pytest.fixture(scope="module")
def small_docx(small: ReportModel, images: ChartImages) -> bytes:
    return render_docx(small, images)


# --- the example ---------------------------------------------------------------------------


def test_core_properties_and_language(example_docx: bytes) -> None:
    props = docx.Document(io.BytesIO(example_docx)).core_properties
    assert props.title == "Årsberättelse 2020 – Vuxenutbildnings- och arbetsmarknadsnämnden"
    assert props.author == "Örebro kommun"
    assert props.language == "sv-SE"
    lang = part(example_docx, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang is not None
    assert lang.get(w("val")) == "sv-SE"


def test_headings_use_word_heading_styles(example: ReportModel, example_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(example_docx))
    headings = [
        (style_name(p), p.text) for p in document.paragraphs if style_name(p).startswith("Heading")
    ]
    expected = [
        (f"Heading {level}", f"{s.number} {s.title}" if s.number else s.title)
        for level, s in walk(example.sections)
    ]
    found = iter(headings)
    for heading in expected:  # in reading order, other headings (goals) in between
        assert heading in found, heading
    assert ("Heading 1", "1 Förslag till beslut") in headings
    summary = "Analys av bidraget till målområde 1"  # the goals' own heading
    assert ("Heading 3", f"4.1.1 {summary}") in headings


def test_table_of_contents_field(example_docx: bytes) -> None:
    document = part(example_docx, "word/document.xml")
    instructions = [t.text or "" for t in document.iter(w("instrText"))]
    assert any(i.strip() == 'TOC \\o "1-3" \\h \\z \\u' for i in instructions)
    assert "Uppdatera fält" not in text_of(document)  # no placeholder: the list is written out
    update = part(example_docx, "word/settings.xml").find("w:updateFields", NS)
    assert update is not None
    assert update.get(w("val")) == "true"


def test_table_of_contents_is_written_out_with_links(
    example: ReportModel, example_docx: bytes
) -> None:
    paragraphs = list(part(example_docx, "word/document.xml").iter(w("p")))
    entries = [p for p in paragraphs if style_of(p) in ("TOC1", "TOC2", "TOC3")]
    texts = [text_of(p) for p in entries]
    sections = [
        f"{s.number} {s.title}" if s.number else s.title
        for level, s in walk(example.sections)
        if level <= 3
    ]
    found = iter(texts)
    assert all(title in found for title in sections)  # every section, in order
    # The field's result is the list: it begins in the first entry and ends in the last.
    begins = [c.get(w("fldCharType")) for c in entries[0].iter(w("fldChar"))]
    assert begins[:2] == ["begin", "separate"]
    assert [c.get(w("fldCharType")) for c in entries[-1].iter(w("fldChar"))][-1] == "end"
    headings = {
        start.get(w("name")): (style_of(p), text_of(p))
        for p in paragraphs
        for start in p.findall("w:bookmarkStart", NS)
    }
    for entry, text in zip(entries, texts, strict=True):
        link = entry.find("w:hyperlink", NS)
        assert link is not None, text
        style, heading = headings[link.get(w("anchor"), "")]
        assert heading == text
        assert style == f"Heading{style_of(entry)[-1]}"  # TOC2 links to a Heading2


def test_every_table_has_a_caption_and_a_repeating_header(
    example: ReportModel, example_docx: bytes
) -> None:
    children = body_children(example_docx)
    tables = [(i, c) for i, c in enumerate(children) if c.tag == w("tbl")]
    markdown_tables = sum(
        isinstance(block, MarkdownTable) for t in texts_of(example) for block in t.body.blocks
    )
    groups = sum(isinstance(b, ChartGroup) for b in example.blocks())
    assert markdown_tables == 1
    # the report's tables, the observation summary, Markdown tables, chart group grids
    assert len(tables) == len(example.tables()) + 1 + markdown_tables + groups
    captioned = {
        text_of(children[i - 1]): table
        for i, table in tables
        if style_of(children[i - 1]) == "Caption"
    }
    assert len(captioned) == len(example.tables()) + 1
    assert next(iter(captioned)).startswith("Tabell 1: ")
    for model in example.tables():
        caption = model.caption + (f". {model.unit_note}" if model.unit_note else "")
        found = [t for c, t in captioned.items() if c.endswith(f": {caption}")]
        assert len(found) == 1, caption
        rows = found[0].findall("w:tr", NS)
        assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
        assert len(rows) == 1 + len(model.rows)
    for _, element in tables:
        if element.find("w:tblPr/w:tblStyle", NS) is not None:  # not a grid of charts
            first = element.find("w:tr", NS)
            assert first is not None
            assert first.find("w:trPr/w:tblHeader", NS) is not None


def test_numbers_are_swedish(example_docx: bytes) -> None:
    tables = [
        t
        for t in part(example_docx, "word/document.xml").iter(w("tbl"))
        if t.find("w:tblPr/w:tblCaption", NS) is not None  # the report's tables
    ]
    cells = [text_of(tc) for t in tables for tc in t.iter(w("tc"))]
    assert "−284\u00a0689" in cells
    assert "−10\u00a0149" in cells
    assert not any(c.startswith("-") and c[1:2].isdigit() for c in cells)


def test_footnotes_part_and_texts(example: ReportModel, example_docx: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(example_docx)) as package:
        types = package.read("[Content_Types].xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
    assert FOOTNOTES_CT in types
    assert FOOTNOTES_RT in rels
    footnotes = part(example_docx, "word/footnotes.xml")
    ids = [f.get(w("id")) for f in footnotes.findall("w:footnote", NS)]
    assert ids[:2] == ["-1", "0"]
    texts = {text_of(f).strip() for f in footnotes.findall("w:footnote", NS)}
    for table in example.tables():
        for note in table.footnotes:
            assert note.text in texts, note.text
    assert "Ny indikator, värde saknas för året." in texts
    document = part(example_docx, "word/document.xml")
    references = {r.get(w("id")) for r in document.iter(w("footnoteReference"))}
    assert references == set(ids[2:])
    # a note marked in several places refers back to its one footnote
    assert any("NOTEREF" in (t.text or "") for t in document.iter(w("instrText")))


def test_pictures_have_the_charts_descriptions(example: ReportModel, example_docx: bytes) -> None:
    doc_prs = list(part(example_docx, "word/document.xml").iter(f"{{{WP}}}docPr"))
    assert len(doc_prs) == len(example.charts())
    for doc_pr, chart in zip(doc_prs, example.charts(), strict=True):
        assert doc_pr.get("descr") == chart.description
        assert doc_pr.get("title") == chart.title
    captions = [
        text_of(p)
        for p in part(example_docx, "word/document.xml").iter(w("p"))
        if style_of(p) == "Caption" and text_of(p).startswith("Diagram ")
    ]
    assert captions[0] == f"Diagram 1: {example.charts()[0].title}"
    assert len(captions) == len(example.charts())


def test_every_part_is_well_formed(example_docx: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(example_docx)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                ET.fromstring(package.read(name))


# --- the hand-built report -----------------------------------------------------------------


def _row_of(data: bytes, label: str) -> ET.Element:
    for tr in part(data, "word/document.xml").iter(w("tr")):
        cells = tr.findall("w:tc", NS)
        if cells and text_of(cells[0]).startswith(label):
            return tr
    raise AssertionError(label)


def test_row_kinds(small_docx: bytes) -> None:
    summa = _row_of(small_docx, "Nettokostnad")
    assert summa.find("w:tc/w:p/w:r/w:rPr/w:b", NS) is not None
    assert summa.find("w:tc/w:tcPr/w:tcBorders/w:top", NS) is not None
    varav = _row_of(small_docx, "varav personalkostnader")
    assert varav.find("w:tc/w:p/w:r/w:rPr/w:i", NS) is not None
    assert varav.find("w:tc/w:p/w:pPr/w:ind", NS) is not None
    heading = _row_of(small_docx, "Utbildning")
    span = heading.find("w:tc/w:tcPr/w:gridSpan", NS)
    assert span is not None
    assert span.get(w("val")) == "5"  # label, three values, assessment
    breakdown = _row_of(small_docx, "Under 25 år")
    indent = breakdown.find("w:tc/w:p/w:pPr/w:ind", NS)
    assert indent is not None
    assessed = [
        text_of(tc) for tc in _row_of(small_docx, "Andel godkända kurser").findall("w:tc", NS)
    ]
    assert assessed[-1] == "✔ Uppfyllt"
    assert assessed[1:3] == ["81,2\u00a0%", "83,8\u00a0%"]
    approximate = [text_of(tc) for tc in varav.findall("w:tc", NS)]
    assert approximate[2] == "ca 80"
    assert approximate[3] == "–"  # the missing value, its reason in a footnote


def test_missing_values_and_notes_are_footnotes(small_docx: bytes) -> None:
    footnotes = part(small_docx, "word/footnotes.xml")
    texts = [text_of(f).strip() for f in footnotes.findall("w:footnote", NS)]
    assert MISSING_REASON + "." in texts
    assert "Inklusive statsbidrag." in texts
    assert "Källa: elevregistret." in texts
    label = _row_of(small_docx, "Intäkter").find("w:tc", NS)
    assert label is not None
    assert label.find("w:p/w:r/w:footnoteReference", NS) is not None


def test_text_is_escaped_and_html_is_stripped(small_docx: bytes) -> None:
    document = part(small_docx, "word/document.xml")
    paragraphs = [text_of(p) for p in document.iter(w("p"))]
    assert SCRIPT_LABEL in [text_of(tc) for tc in document.iter(w("tc"))]
    assert "Året präglades av pandemin." in paragraphs  # a Text without Markdown
    assert "Nämnden redovisar ett underskott." in paragraphs  # the table's comment
    assert not any("<p>" in p or "<strong>" in p for p in paragraphs)


def test_observations_goals_and_summary(small_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(small_docx))
    by_text = {p.text: p for p in document.paragraphs}
    assert style_name(by_text["Positiva iakttagelser"]) == "Heading 3"
    assert style_name(by_text["Kommunfullmäktiges mål: Fler människor i arbete"]) == "Heading 3"
    assert style_name(by_text["Fler ska gå vidare till arbete eller studier"]) == "Heading 4"
    assert "Bedömning: ◐ Delvis uppfyllt" in by_text
    assert by_text["Nämndens åtagande"].runs[0].bold
    assert style_name(by_text["Fler har fått arbete."]) == "List Bullet"
    assert "Inga angivna." in by_text
    assert style_name(by_text["Samverkan med näringslivet ska öka"]) == "Heading 4"
    summary = [p.text for p in document.paragraphs if style_name(p) == "Caption"]
    assert "Tabell 2: Sammanfattande iakttagelser per målområde" in summary


def test_markdown(small_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(small_docx))
    paragraphs = document.paragraphs
    intro = next(p for p in paragraphs if p.text.startswith("Inledning"))
    assert intro.text == ("Inledning med fetstil, kursiv och uppsikt (https://example.org).")
    assert [r.text for r in intro.runs if r.bold] == ["fetstil"]
    assert [r.text for r in intro.runs if r.italic] == ["kursiv"]
    bullets = [p for p in paragraphs if p.text in ("en punkt", "en till")]
    assert {style_name(p) for p in bullets} == {"List Bullet"}
    numbered = [p for p in paragraphs if p.text in ("första", "andra", "tredje, ny lista")]
    assert {style_name(p) for p in numbered} == {"List Number"}
    num_ids = [p._p.xpath("string(w:pPr/w:numPr/w:numId/@w:val)") for p in numbered]
    assert num_ids[0] == num_ids[1] != num_ids[2]  # a new list starts again
    grid = next(t for t in document.tables if t.cell(0, 0).text == "Enhet")
    assert grid.cell(1, 1).text == "−500"
    assert grid.cell(1, 1).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_charts_and_groups(small: ReportModel, small_docx: bytes) -> None:
    doc_prs = list(part(small_docx, "word/document.xml").iter(f"{{{WP}}}docPr"))
    assert [d.get("descr") for d in doc_prs] == [c.description for c in small.charts()]
    captions = [
        p.text
        for p in docx.Document(io.BytesIO(small_docx)).paragraphs
        if p.text.startswith("Diagram ")
    ]
    assert captions == ["Diagram 1: Andel godkända kurser"]  # the others are in the grid
    cells = [text_of(tc) for tc in part(small_docx, "word/document.xml").iter(w("tc"))]
    assert "Diagram 2: Två" in cells
    assert "Diagram 3: Tre" in cells


def test_column_widths_fill_the_text_width(small: ReportModel) -> None:
    tables = [b for b in small.blocks() if isinstance(b, Table)]
    for table in tables:
        widths = column_widths(9000, table)
        assert sum(widths) == 9000
        assert len(widths) == 1 + len(table.columns) + table.has_assessment
        assert min(widths) > 0


def test_every_figure_fits_its_column(example: ReportModel) -> None:
    """Widths from the content: each value column holds its widest figure on one line."""
    for table in example.tables():
        widths = column_widths(9071, table, 9.0)
        assert sum(widths) == 9071
        for index, width in enumerate(widths[1 : 1 + len(table.columns)]):
            figures = [cell_text(r.cells[index]) for r in table.rows if index < len(r.cells)]
            widest = max((text_width(f, 9.0, bold=True) for f in figures), default=0)
            assert width >= widest, (table.id, table.columns[index].label)


def test_many_columns_on_a_narrow_page_never_give_a_negative_width() -> None:
    columns = tuple(Column(f"c{i}", f"Kolumnrubrik {i}", "tkr") for i in range(14))
    row = Row("r", "En rad med en lång etikett", tuple(Cell(Decimal("-1234567")) for _ in columns))
    table = Table("bred", "Bred tabell", "Rad", columns, (row,))
    for total in (9071, 4000, 1500, 300, 20):
        widths = column_widths(total, table)
        assert sum(widths) == total, total
        assert min(widths) >= 1, (total, widths)
        assert len(widths) == 15


def test_figures_never_wrap(example_docx: bytes) -> None:
    tables = [
        t
        for t in part(example_docx, "word/document.xml").iter(w("tbl"))
        if t.find("w:tblPr/w:tblCaption", NS) is not None  # the report's tables
    ]
    values = 0
    for table in tables:
        for tr in table.findall("w:tr", NS)[1:]:  # below the header
            for tc in tr.findall("w:tc", NS)[1:]:
                if tc.find("w:p/w:pPr/w:jc", NS) is not None:  # a right-aligned value cell
                    assert tc.find("w:tcPr/w:noWrap", NS) is not None
                    values += 1
    assert values > 100


def _keeps(tr: ET.Element) -> bool:
    paragraphs = list(tr.iter(w("p")))
    return bool(paragraphs) and all(p.find("w:pPr/w:keepNext", NS) is not None for p in paragraphs)


def test_breakdowns_are_kept_with_their_row(example: ReportModel, example_docx: bytes) -> None:
    """A row and its Kvinnor/Män rows (and «varav» parts) are one block: each but the last is
    kept with the next."""
    five_years = next(t for t in example.tables() if t.id == "fem-ar-i-sammandrag")
    assert len(five_years.rows) > 15  # a table that may break
    caption = f": {five_years.caption}"
    children = body_children(example_docx)
    at = next(i for i, c in enumerate(children) if text_of(c).endswith(caption))
    rows = children[at + 1].findall("w:tr", NS)
    assert _keeps(rows[0])  # the header stays with the first row
    keeps = [_keeps(tr) for tr in rows[1:]]
    assert keeps == keep_with_next_rows(five_years, notes_follow=False)
    for index, row in enumerate(five_years.rows[:-1]):
        following = five_years.rows[index + 1]
        if following.kind in (RowKind.BREAKDOWN, RowKind.PART):
            assert keeps[index], row.label  # a row is kept with the breakdown or part under it
        elif row.kind != RowKind.HEADING:
            assert not keeps[index], row.label  # otherwise the long table may break here


def test_short_tables_and_short_lists_stay_on_one_page(small_docx: bytes) -> None:
    document = part(small_docx, "word/document.xml")
    economic = next(t for t in document.iter(w("tbl")) if text_of(t).startswith("Verksamhet"))
    rows = economic.findall("w:tr", NS)
    assert all(_keeps(tr) for tr in rows[:-1])
    assert _keeps(rows[-1])  # and the last row with the comment under the table
    indicators = next(t for t in document.iter(w("tbl")) if text_of(t).startswith("Indikator"))
    assert not _keeps(indicators.findall("w:tr", NS)[-1])  # nothing under it: free to break
    body = body_children(small_docx)
    first = next(p for p in body if text_of(p) == "Fler har fått arbete.")
    assert first.find("w:pPr/w:keepNext", NS) is not None  # kept with the next item
    last = next(p for p in body if text_of(p) == "Kortare väntetider.")
    assert last.find("w:pPr/w:keepNext", NS) is None


def test_keep_with_next_rows() -> None:
    def row(kind: RowKind) -> Row:
        return Row("r", "Rad", (Cell(Decimal(1)),), kind)

    rows = [row(RowKind.ROW), row(RowKind.BREAKDOWN), row(RowKind.BREAKDOWN)] * 6
    table = Table("t", "T", "Rad", (Column("a", "A", ""),), tuple(rows))
    keeps = keep_with_next_rows(table)
    assert keeps[:6] == [True, True, False, True, True, False]
    assert keep_with_next_rows(table, notes_follow=True)[-2:] == [True, True]
    short = Table("s", "S", "Rad", (Column("a", "A", ""),), tuple(rows[:4]))
    assert keep_with_next_rows(short) == [True, True, True, False]


def test_headings_are_kept_with_what_follows(example_docx: bytes) -> None:
    headings = [
        p
        for p in part(example_docx, "word/document.xml").iter(w("p"))
        if style_of(p).startswith("Heading")
    ]
    assert headings
    assert all(p.find("w:pPr/w:keepNext", NS) is not None for p in headings)


def test_cover_says_who_decided_and_when(small: ReportModel, images: ChartImages) -> None:
    def cover(report: ReportModel) -> list[str]:
        paragraphs = docx.Document(io.BytesIO(render_docx(report, images))).paragraphs
        end = next(i for i, p in enumerate(paragraphs) if p.text == "Innehåll")
        return [p.text for p in paragraphs[:end]]

    undecided = cover(small)
    assert "Ej beslutad" in undecided
    assert "Diarienummer: VAN 2021/123" in undecided
    assert small.meta.namnd in undecided
    assert not any(text.startswith("Skapad med") for text in undecided)  # the colophon is last
    decided = dataclasses.replace(
        small, meta=dataclasses.replace(small.meta, decision_date=datetime.date(2021, 2, 18))
    )
    assert f"Beslutad av {small.meta.namnd} 18 februari 2021" in cover(decided)


def test_the_profile_sets_font_and_heading_colour(small: ReportModel, images: ChartImages) -> None:
    profile = Profile(colour="#123456", accent="#654321", font="IBM Plex Sans")
    report = dataclasses.replace(small, meta=dataclasses.replace(small.meta, profile=profile))
    styles = part(render_docx(report, images), "word/styles.xml")
    fonts = list(styles.iter(w("rFonts")))
    assert fonts
    assert {f.get(w("ascii")) for f in fonts} == {"IBM Plex Sans"}
    by_name = {
        (s.find("w:name", NS).get(w("val")) if s.find("w:name", NS) is not None else ""): s  # type: ignore[union-attr]
        for s in styles.findall("w:style", NS)
    }
    for name in ("heading 1", "heading 2", "Title"):
        colour = by_name[name].find("w:rPr/w:color", NS)
        assert colour is not None, name
        assert colour.get(w("val")) == "123456"


# --- templates and logos -------------------------------------------------------------------


def _template_copy(tmp_path: Path, name: str = "mall.docx") -> tuple[Path, docx.document.Document]:
    path = tmp_path / name
    path.write_bytes(default_template())
    return path, docx.Document(str(path))


def test_default_template_has_every_required_style() -> None:
    document = docx.Document(io.BytesIO(default_template()))
    names = {(s.name or "").lower() for s in document.styles}
    for name in REQUIRED_STYLES:
        assert name.lower() in names


def test_template_without_required_styles_is_refused(tmp_path: Path, small: ReportModel) -> None:
    path, document = _template_copy(tmp_path)
    for name in ("Heading 2", "Caption"):
        element = document.styles[name].element
        element.getparent().remove(element)
    document.save(str(path))
    with pytest.raises(TemplateError) as caught:
        render_docx(small, ChartImages(), path)
    message = str(caught.value)
    assert str(path) in message
    assert "«Heading 2» (Rubrik 2)" in message
    assert "«Caption» (Beskrivning)" in message
    assert "Heading 1" not in message
    assert "wordmall" in message
    assert caught.value.path == path


@pytest.mark.parametrize("content", [b"inte en Word-fil", b"PK\x03\x04trasig"])
def test_a_file_that_is_not_a_docx_is_refused(
    tmp_path: Path, small: ReportModel, content: bytes
) -> None:
    path = tmp_path / "mall.docx"
    path.write_bytes(content)
    with pytest.raises(TemplateError, match="ingen giltig Word-fil") as caught:
        render_docx(small, ChartImages(), path)
    assert str(path) in str(caught.value)


def test_a_zip_that_is_not_a_word_file_is_refused(tmp_path: Path, small: ReportModel) -> None:
    path = tmp_path / "mall.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("hej.txt", "hej")
    with pytest.raises(TemplateError, match="ingen giltig Word-fil"):
        render_docx(small, ChartImages(), path)


def test_a_missing_template_is_refused(tmp_path: Path, small: ReportModel) -> None:
    with pytest.raises(TemplateError, match="kan inte läsas"):
        render_docx(small, ChartImages(), tmp_path / "finns-inte.docx")


def test_the_templates_styles_carry_into_the_report(
    tmp_path: Path, small: ReportModel, images: ChartImages
) -> None:
    path, document = _template_copy(tmp_path)
    heading = document.styles["Heading 1"]
    heading.font.name = "Kommunsans"
    heading.font.color.rgb = docx.shared.RGBColor(0xC0, 0x10, 0x40)
    document.save(str(path))
    out = render_docx(small, images, path)
    styles = part(out, "word/styles.xml")
    style = next(
        s
        for s in styles.findall("w:style", NS)
        if s.find("w:name", NS) is not None and s.find("w:name", NS).get(w("val")) == "heading 1"  # type: ignore[union-attr]
    )
    fonts = style.find("w:rPr/w:rFonts", NS)
    colour = style.find("w:rPr/w:color", NS)
    assert fonts is not None
    assert colour is not None
    assert fonts.get(w("ascii")) == "Kommunsans"
    assert colour.get(w("val")) == "C01040"
    headings = [
        p
        for p in docx.Document(io.BytesIO(out)).paragraphs
        if p.text == "1 Sammanfattning" and not style_name(p).startswith("toc")
    ]
    assert style_name(headings[0]) == "Heading 1"


def test_auxiliary_styles_come_from_the_default_template(
    tmp_path: Path, small: ReportModel, images: ChartImages
) -> None:
    path, document = _template_copy(tmp_path)
    for name in ("footnote text", "footnote reference", "uppsikt-tabell", "uppsikt-tabelltext"):
        element = next(s for s in document.styles if (s.name or "").lower() == name).element
        element.getparent().remove(element)
    document.save(str(path))
    out = docx.Document(io.BytesIO(render_docx(small, images, path)))
    names = {(s.name or "").lower() for s in out.styles}
    assert {"footnote text", "footnote reference", "uppsikt-tabell"} <= names


def _edit_part(path: Path, name: str, edit: Callable[[str], str]) -> None:
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == name:
                content = edit(content.decode("utf-8")).encode("utf-8")
            target.writestr(item, content)


def test_a_template_from_swedish_word(
    tmp_path: Path, small: ReportModel, images: ChartImages
) -> None:
    """Swedish Word gives styles other ids ('Rubrik1'), and some templates number headings."""
    path, document = _template_copy(tmp_path)
    bullets = document.styles["uppsikt-tabellpunkt"].element
    bullets.getparent().remove(bullets)
    document.save(str(path))

    def swedish(styles: str) -> str:
        for english, swedish in (("Heading1", "Rubrik1"), ("ListBullet", "Punktlista")):
            styles = styles.replace(f'w:styleId="{english}"', f'w:styleId="{swedish}"')
            styles = styles.replace(f'w:val="{english}"', f'w:val="{swedish}"')
        numbered = '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr>'
        start = styles.index('w:styleId="Rubrik1"')
        at = styles.index("<w:pPr>", start)
        return styles[:at] + numbered + styles[at + len("<w:pPr>") :]

    _edit_part(path, "word/styles.xml", swedish)
    out = render_docx(small, images, path)
    heading = next(
        p
        for p in part(out, "word/document.xml").iter(w("p"))
        if text_of(p) == "1 Sammanfattning" and not style_of(p).startswith("TOC")
    )
    assert style_of(heading) == "Rubrik1"
    num_id = heading.find("w:pPr/w:numPr/w:numId", NS)
    assert num_id is not None
    assert num_id.get(w("val")) == "0"  # not numbered twice
    copied = next(
        s
        for s in part(out, "word/styles.xml").findall("w:style", NS)
        if s.get(w("styleId")) == "uppsikt-tabellpunkt"
    )
    based_on = copied.find("w:basedOn", NS)
    assert based_on is not None
    assert based_on.get(w("val")) == "Punktlista"


def test_a_word_template_dotx_is_accepted(
    tmp_path: Path, small: ReportModel, images: ChartImages
) -> None:
    path = tmp_path / "mall.dotx"
    with (
        zipfile.ZipFile(io.BytesIO(default_template())) as source,
        zipfile.ZipFile(path, "w") as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml"
                )
            target.writestr(item, content)
    out = render_docx(small, images, path)
    assert docx.Document(io.BytesIO(out)).core_properties.author == "Örebro kommun"


def test_logo_on_the_cover(tmp_path: Path, small: ReportModel, images: ChartImages) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(images.png(small.charts()[0]))
    out = render_docx(small, images, logo=logo)
    first = next(part(out, "word/document.xml").iter(f"{{{WP}}}docPr"))
    assert first.get("title") == "Logotyp"
    assert first.get("descr") == "Örebro kommuns logotyp"


def test_a_logo_that_is_not_an_image_is_refused(tmp_path: Path, small: ReportModel) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text("<svg/>", encoding="utf-8")
    with pytest.raises(TemplateError, match="ingen PNG- eller JPEG-bild") as caught:
        render_docx(small, ChartImages(), logo=logo)
    assert str(logo) in str(caught.value)
    assert caught.value.path == logo
    with pytest.raises(TemplateError, match=r"finns-inte\.png"):
        render_docx(small, ChartImages(), logo=tmp_path / "finns-inte.png")


# --- LibreOffice: the document opens and lays out -------------------------------------------


def test_libreoffice_converts_the_example(tmp_path: Path, example_docx: bytes) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) är inte installerat; konverteringen till PDF prövas inte"
        )
    source = tmp_path / "arsberattelse.docx"
    source.write_bytes(example_docx)
    profile = (tmp_path / "profil").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = PdfReader(tmp_path / "arsberattelse.pdf")
    assert len(pdf.pages) > 20
    text = pdf.pages[2].extract_text()
    assert "1 Förslag till beslut" in text
