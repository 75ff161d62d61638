"""The Word renderer: template, structure, tables, footnotes, pictures and Swedish formatting."""

from __future__ import annotations

import dataclasses
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
from uppsikt.pipeline import load_report
from uppsikt.reports.build.markdown import parse
from uppsikt.reports.charts.images import ChartImages
from uppsikt.reports.model import (
    Chart,
    ChartGroup,
    ChartKind,
    ChartSeries,
    Goals,
    ReportModel,
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
from uppsikt.reports.word.tables import column_widths

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
    assert ("Heading 3", "4.1.1 Sammanfattande analys av bidraget till målområde 1") in headings


def test_table_of_contents_field(example_docx: bytes) -> None:
    document = part(example_docx, "word/document.xml")
    instructions = [t.text or "" for t in document.iter(w("instrText"))]
    assert any(i.strip() == 'TOC \\o "1-3" \\h \\z \\u' for i in instructions)
    assert "Högerklicka och välj Uppdatera fält" in text_of(document)
    update = part(example_docx, "word/settings.xml").find("w:updateFields", NS)
    assert update is not None
    assert update.get(w("val")) == "true"


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
        p for p in docx.Document(io.BytesIO(out)).paragraphs if p.text == "1 Sammanfattning"
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
        p for p in part(out, "word/document.xml").iter(w("p")) if text_of(p) == "1 Sammanfattning"
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
