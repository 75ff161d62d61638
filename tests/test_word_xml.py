"""The Word renderer's direct XML writer: the markup it makes by itself is valid
WordprocessingML that python-docx and Word read the way the report means it (word.wml,
word.fragments, word.styles, word.package)."""

from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib
from xml.etree import ElementTree as ET

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from lxml import etree  # type: ignore[import-untyped]

from report_fixtures import build_report
from uppsikt.reports.charts.images import ChartImages
from uppsikt.reports.word import fragments, package, wml
from uppsikt.reports.word.document import default_template, render_docx
from uppsikt.reports.word.styles import StyleIndex

W = wml.W_NS
NS = {"w": W}


def _names(element: ET.Element | etree._Element) -> list[str]:
    return [str(child.tag).split("}")[1] for child in element]


def _document() -> docx.document.Document:
    document = docx.Document(io.BytesIO(default_template()))
    body = document.element.body
    for child in list(body):
        if child.tag != wml.W + "sectPr":
            body.remove(child)
    return document


def _reopened(document: docx.document.Document) -> docx.document.Document:
    body = document.element.body
    body.append(body.find(wml.W + "sectPr"))  # the section properties last, as the writer does
    return docx.Document(io.BytesIO(package.save(document)))


def _png(width: int, height: int) -> bytes:
    """A valid grey PNG of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# --- paragraphs and runs -------------------------------------------------------------------


def test_paragraph_properties_keep_the_schema_order_whatever_order_they_are_set_in() -> None:
    body = etree.Element(wml.W + "body")
    paragraph = wml.paragraph(body, "Rubrik1", align="right", indent=Cm(1))
    wml.set_space_before(paragraph, Cm(1))
    wml.keep_with_next(paragraph)
    wml.set_numbering(paragraph, 7, 1)
    wml.keep_with_next(paragraph)  # a second time changes nothing
    properties = paragraph.find(wml.PPR)
    assert _names(properties) == ["pStyle", "keepNext", "numPr", "spacing", "ind", "jc"]
    assert properties.find(wml.SPACING).get(wml.W + "before") == "567"
    assert properties.find(wml.IND).get(wml.W + "left") == "567"
    assert [e.get(wml.VAL) for e in properties.find(wml.NUM_PR)] == ["1", "7"]
    assert wml.style_of(paragraph) == "Rubrik1"
    assert wml.style_of(wml.paragraph(body)) is None  # Normal names no style


def test_runs_keep_spaces_tabs_and_line_breaks() -> None:
    paragraph = wml.paragraph(etree.Element(wml.W + "body"))
    wml.run(paragraph, " före\tefter\nny rad ", bold=True, italic=True, style_id="Betonad")
    run = paragraph[0]
    assert _names(run) == ["rPr", "t", "tab", "t", "br", "t"]
    assert _names(run.find(wml.RPR)) == ["rStyle", "b", "i"]
    texts = run.findall(wml.T)
    assert [t.get(wml.XML_SPACE) for t in texts] == ["preserve", None, "preserve"]
    assert wml.text_of(paragraph) == " före\tefter\nny rad "


# --- tables as text ------------------------------------------------------------------------


def test_a_table_written_as_text_is_what_python_docx_reads() -> None:
    label = 'Övrigt & <annat> "citat"'
    header = fragments.row(
        fragments.cell(
            3000,
            fragments.paragraph("uppsikt-tabelltext", fragments.run("Enhet", bold=True)),
            bottom=True,
        )
        + fragments.cell(
            2000, fragments.paragraph("uppsikt-tabelltext", fragments.run("tkr")), bottom=True
        ),
        header=True,
    )
    body = fragments.row(
        fragments.cell(
            3000,
            fragments.paragraph(
                "uppsikt-tabelltext", fragments.run(label), keep_next=True, indent=198
            ),
            border_top=True,
        )
        + fragments.cell(
            2000,
            fragments.paragraph("uppsikt-tabelltext", fragments.run("−1 500\t2"), right=True),
            no_wrap=True,
        )
    )
    spanning = fragments.row(fragments.cell(5000, fragments.paragraph("x"), span=2), split=True)
    caption = "Tabell & text\nrad två " + "x" * 300
    document = _document()
    document.element.body.append(
        fragments.table("uppsikt-tabell", [3000, 2000], caption, [header, body, spanning])
    )
    table = _reopened(document).tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows[:2]] == [
        ["Enhet", "tkr"],
        [label, "−1 500\t2"],
    ]
    tbl = table._tbl
    assert tbl.find("w:tblPr/w:tblCaption", NS).get(wml.VAL) == caption[:255]
    assert tbl.find("w:tblPr/w:tblW", NS).get(wml.WIDTH) == "5000"
    assert [r.find("w:trPr/w:tblHeader", NS) is not None for r in tbl.findall("w:tr", NS)] == [
        True,
        False,
        False,
    ]
    assert tbl.findall("w:tr", NS)[2].find("w:trPr", NS) is None  # may split across pages
    cells = tbl.findall("w:tr/w:tc", NS)
    assert _names(cells[2].find("w:tcPr", NS)) == ["tcW", "tcBorders"]
    assert _names(cells[3].find("w:tcPr", NS)) == ["tcW", "noWrap"]
    assert _names(cells[0].find("w:tcPr", NS)) == ["tcW", "vAlign"]
    assert _names(cells[4].find("w:tcPr", NS)) == ["tcW", "gridSpan"]
    assert _names(cells[2].find("w:p/w:pPr", NS)) == ["pStyle", "keepNext", "ind"]
    assert _names(cells[3].find("w:p/w:pPr", NS)) == ["pStyle", "jc"]


# --- styles --------------------------------------------------------------------------------

STYLES = f"""<w:styles xmlns:w="{W}">
<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/>
  <w:rPr><w:sz w:val="22"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/>
  <w:basedOn w:val="Numrerad"/></w:style>
<w:style w:type="paragraph" w:styleId="Numrerad"><w:name w:val="Numrerad"/>
  <w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
<w:style w:type="character" w:styleId="Rubrik1Char"><w:name w:val="Heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="A"><w:name w:val="A"/><w:basedOn w:val="B"/></w:style>
<w:style w:type="paragraph" w:styleId="B"><w:name w:val="B"/><w:basedOn w:val="A"/></w:style>
</w:styles>"""


def test_styles_are_found_by_name_in_any_case_and_type_and_followed_to_their_bases() -> None:
    index = StyleIndex(etree.fromstring(STYLES))
    heading = index.find("Heading 1", WD_STYLE_TYPE.PARAGRAPH)
    assert heading is not None
    assert heading.style_id == "Rubrik1"
    character = index.find("heading 1", WD_STYLE_TYPE.CHARACTER)
    assert character is not None
    assert character.style_id == "Rubrik1Char"
    assert index.find("Heading 2", WD_STYLE_TYPE.PARAGRAPH) is None
    assert index.numbered(heading)  # through the style it is based on
    assert index.font_size(heading) == 11.0  # from Normal, two bases up
    numbered = index.find("numrerad", WD_STYLE_TYPE.PARAGRAPH)
    assert numbered is not None
    assert index.list_num_id(numbered) == 4
    assert index.list_num_id(heading) is None  # the style itself gives none
    looping = index.find("A", WD_STYLE_TYPE.PARAGRAPH)
    assert looping is not None
    assert [s.style_id for s in index.lineage(looping)] == ["A", "B"]  # a loop ends
    assert index.font_size(looping) is None


# --- pictures and the package --------------------------------------------------------------


def test_pictures_are_parts_once_numbered_and_sized_in_proportion() -> None:
    document = _document()
    pictures = package.Pictures(document)
    wide, tall = _png(200, 100), _png(100, 100)
    body = document.element.body
    for data, title in ((wide, "Ett"), (tall, "Två"), (wide, "Tre")):
        drawn = functools.partial(bytes, data)
        pictures.add(wml.paragraph(body), drawn, Cm(10), f"Om {title} & mer", title)
    pictures.complete()
    reopened = _reopened(document)
    drawings = reopened.element.body.findall(".//wp:docPr", reopened.element.nsmap)
    assert [(d.get("id"), d.get("title"), d.get("descr")) for d in drawings] == [
        ("1", "Ett", "Om Ett & mer"),
        ("2", "Två", "Om Två & mer"),
        ("3", "Tre", "Om Tre & mer"),
    ]
    shapes = reopened.inline_shapes
    assert [(s.width, s.height) for s in shapes] == [
        (Cm(10), Cm(5)),
        (Cm(10), Cm(10)),
        (Cm(10), Cm(5)),
    ]
    images = {rel.target_ref for rel in reopened.part.rels.values() if "image" in rel.reltype}
    assert len(images) == 2  # the same picture twice is one part


def test_the_package_opens_and_every_style_the_report_names_exists() -> None:
    data = render_docx(build_report(), ChartImages())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert archive.namelist()[0] == "[Content_Types].xml"
        styles = ET.fromstring(archive.read("word/styles.xml"))
        defined = {s.get(f"{{{W}}}styleId") for s in styles.iter(f"{{{W}}}style")}
        named = {
            element.get(f"{{{W}}}val")
            for part in ("word/document.xml", "word/footnotes.xml")
            for tag in ("pStyle", "rStyle", "tblStyle")
            for element in ET.fromstring(archive.read(part)).iter(f"{{{W}}}{tag}")
        }
    assert named
    assert named <= defined
    document = docx.Document(io.BytesIO(data))
    blocks = list(document.iter_inner_content())
    assert any(isinstance(block, DocxTable) for block in blocks)
    assert all(isinstance(block, Paragraph | DocxTable) for block in blocks)


@pytest.mark.parametrize("text", ["a & b", "<tag>", 'citat "x"', "tab\there"])
def test_escaped_text_round_trips(text: str) -> None:
    paragraph = etree.fromstring(f'<w:p xmlns:w="{W}">{fragments.run(text)}</w:p>')
    assert wml.text_of(paragraph) == text
