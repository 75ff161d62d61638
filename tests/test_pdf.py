"""The PDF renderer: PDF/UA-1 validity, tags, outline, fonts, Swedish numbers and escaping."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import page
import pytest
import typst
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, PdfObject

from report_fixtures import MISSING_REASON, SCRIPT_LABEL, build_report
from uppsikt.examples import bundled_example
from uppsikt.pipeline import load_report
from uppsikt.reports.build.markdown import parse
from uppsikt.reports.charts.images import ChartImages
from uppsikt.reports.model import (
    Cell,
    Column,
    Observations,
    ReportModel,
    Row,
    RowKind,
    Section,
    Table,
    Text,
)
from uppsikt.reports.pdf.document import PdfError, document_title, render_pdf
from uppsikt.reports.pdf.markup import escape, richtext, string
from uppsikt.reports.pdf.tables import column_widths, row_groups
from uppsikt.reports.pdf.tables import table as table_markup

TRICKY = (
    "#include",
    "a*b*",
    "<script>",
    "[x]",
    "\\",
    "$5",
    "@ref",
    "_x_",
    "// no comment",
    "/* no comment */",
    "= no heading",
    "- no list",
    "+ no enum",
    "1. no enum",
    "~tilde~",
    "a -- b --- c ...",
    "`raw`",
    "#strong[x];.len()",
    "\\u{41}",
    "https://example.org",
    "50 %",
    "x <label> y",
)


@pytest.fixture(scope="module")
def example() -> ReportModel:
    report, diagnostics = load_report(bundled_example())
    assert report is not None, [d.format() for d in diagnostics]
    return report


@pytest.fixture(scope="module")
def example_pdf(example: ReportModel) -> bytes:
    return render_pdf(example, ChartImages())


@pytest.fixture(scope="module")
def reader(example_pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(example_pdf))


def _normalise(text: str) -> str:
    """Extracted text with no-break spaces and minus signs made plain, whitespace collapsed."""
    text = text.replace("\u00a0", " ").replace("\u2212", "-").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text)


def _text(reader: PdfReader) -> str:
    return _normalise(" ".join(p.extract_text() for p in reader.pages))


def _dict(item: object) -> DictionaryObject:
    """A PDF dictionary, resolved if it is a reference."""
    resolved = item.get_object() if isinstance(item, PdfObject) else item
    assert isinstance(resolved, DictionaryObject), resolved
    return resolved


def _elements(pdf: PdfReader) -> list[DictionaryObject]:
    """Every element of the document's structure tree, in order."""
    return list(_struct_elements(pdf.root_object["/StructTreeRoot"]))


def _struct_elements(node: PdfObject) -> Iterator[DictionaryObject]:
    """Every element of the structure tree under ``node``."""
    item = node.get_object()
    if isinstance(item, ArrayObject):
        for child in item:
            yield from _struct_elements(child)
    elif isinstance(item, DictionaryObject):
        if "/S" in item:
            yield item
        if "/K" in item:
            yield from _struct_elements(item["/K"])


def _compile(body: str) -> str:
    """Compile a tiny document with ``body`` as markup; its text."""
    source = f'#set document(title: "Test")\n#set text(lang: "sv")\n{body}\n'
    pdf = typst.compile(source.encode(), ignore_system_fonts=True, pdf_standards=["ua-1"])
    assert isinstance(pdf, bytes)
    return _normalise(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())


# The example report ---------------------------------------------------------------------------


def test_example_is_valid_pdf_ua_1(example_pdf: bytes) -> None:
    result = page.validate_pdf_bytes(example_pdf, profile=page.ValidationProfile.PDF_UA_1)
    failures = "\n".join(f"{f.rule_id}: {f.message}" for f in result.failures)
    assert result.rules.failed == 0, failures
    assert result.checks.failed == 0, failures
    assert result.is_compliant


def test_metadata_language_and_tags(example: ReportModel, reader: PdfReader) -> None:
    assert reader.metadata is not None
    assert reader.metadata.title == document_title(example.meta)
    assert reader.metadata.author == example.meta.kommun
    catalog = reader.root_object
    assert str(catalog["/Lang"]) in ("sv", "sv-SE")
    assert bool(_dict(catalog["/MarkInfo"])["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert bool(_dict(catalog["/ViewerPreferences"])["/DisplayDocTitle"])


def test_tables_have_column_headers_and_charts_alt_text(
    example: ReportModel, reader: PdfReader
) -> None:
    elements = _elements(reader)
    tags = [str(e["/S"]) for e in elements]
    assert tags.count("/Table") >= len(example.tables())
    headers = [e for e in elements if str(e["/S"]) == "/TH"]
    assert headers
    for header in headers:
        attributes = header["/A"]
        assert isinstance(attributes, ArrayObject)
        scopes = [a["/Scope"] for a in attributes if isinstance(a, dict) and "/Scope" in a]
        assert scopes, header
    figures = [e for e in elements if str(e["/S"]) == "/Figure"]
    assert len(figures) == len(example.charts())
    descriptions = {c.description for c in example.charts()}
    assert {str(f["/Alt"]) for f in figures} == descriptions
    assert tags.count("/H1") == len(example.sections) + 1  # and the contents' heading


def test_bookmarks_follow_the_sections(example: ReportModel, reader: PdfReader) -> None:
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    expected = [f"{s.number} {s.title}" if s.number else s.title for s in example.sections]
    assert top == expected
    nested = [item for item in reader.outline if isinstance(item, list)]
    assert nested  # subsections are bookmarked under their section


def test_fonts_are_embedded(reader: PdfReader) -> None:
    fonts = 0
    for pdf_page in reader.pages:
        resources = _dict(pdf_page["/Resources"])
        for reference in _dict(resources.get("/Font", DictionaryObject())).values():
            font = _dict(reference)
            if "/DescendantFonts" in font:
                descendants = font["/DescendantFonts"]
                assert isinstance(descendants, ArrayObject)
                font = _dict(descendants[0])
            descriptor = _dict(font["/FontDescriptor"])
            assert any(key.startswith("/FontFile") for key in descriptor), font["/BaseFont"]
            fonts += 1
    assert fonts


def test_cover_contents_and_page_numbers(example: ReportModel, reader: PdfReader) -> None:
    assert 20 <= len(reader.pages) <= 60
    cover = _normalise(reader.pages[0].extract_text())
    for text in (example.meta.kommun, example.meta.namnd, example.meta.title):
        assert text in cover
    assert "Sida" not in cover  # no page number on the cover
    contents = _normalise(reader.pages[1].extract_text())
    assert "Innehåll" in contents
    assert example.sections[0].title in contents
    assert f"Sida 2 av {len(reader.pages)}" in contents
    last = _normalise(reader.pages[-1].extract_text())
    assert f"Sida {len(reader.pages)} av {len(reader.pages)}" in last


def test_numbers_are_formatted_the_swedish_way(reader: PdfReader) -> None:
    text = _text(reader)
    assert "284 689" in text
    assert "-539 063" in text  # a true minus sign (U+2212) before normalising
    assert "29,5 %" in text
    raw = " ".join(p.extract_text() for p in reader.pages)
    assert "\u2212539\u00a0063" in raw


# The small test report: every block kind, tricky labels, a cover with diarienummer -------------


@pytest.fixture(scope="module")
def small_pdf() -> bytes:
    return render_pdf(build_report(), ChartImages())


def test_small_report_is_valid_and_complete(small_pdf: bytes) -> None:
    result = page.validate_pdf_bytes(small_pdf, profile=page.ValidationProfile.PDF_UA_1)
    assert result.rules.failed == 0, [f.message for f in result.failures]
    reader = PdfReader(io.BytesIO(small_pdf))
    cover = _normalise(reader.pages[0].extract_text())
    assert "Diarienummer: VAN 2021/123" in cover
    text = _text(reader)
    for expected in (
        SCRIPT_LABEL,
        MISSING_REASON,
        "För få svar",
        "Inklusive statsbidrag.",
        "Positiva iakttagelser",
        "Inga angivna.",
        "Kommunfullmäktiges mål",
        "Nämndens åtagande",
        "Bedömning: ◐ Delvis uppfyllt",
        "Bedömningen bygger på:",
        "ca 80",
        "+2 911",
        "106,4 %",
        "Nämnden redovisar ett underskott.",
        "Kommunfullmäktiges inriktningar",
    ):
        assert expected in text, expected


def test_logo_on_the_cover(tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<rect width="40" height="20" fill="#0b4f8a"/></svg>',
        encoding="utf-8",
    )
    report = build_report()
    pdf = render_pdf(report, ChartImages(), logo)
    elements = _elements(PdfReader(io.BytesIO(pdf)))
    alts = [str(e["/Alt"]) for e in elements if str(e["/S"]) == "/Figure"]
    assert alts == [f"Logotyp för {report.meta.kommun}"]
    result = page.validate_pdf_bytes(pdf, profile=page.ValidationProfile.PDF_UA_1)
    assert result.rules.failed == 0, [f.message for f in result.failures]


def test_unusable_logo_is_reported(tmp_path: Path) -> None:
    with pytest.raises(PdfError, match="format som inte stöds"):
        render_pdf(build_report(), ChartImages(), tmp_path / "logo.bmp")
    with pytest.raises(PdfError, match="kunde inte läsas"):
        render_pdf(build_report(), ChartImages(), tmp_path / "saknas.png")
    broken = tmp_path / "trasig.png"
    broken.write_bytes(b"not a png")
    with pytest.raises(PdfError, match="PDF-filen kunde inte skapas"):
        render_pdf(build_report(), ChartImages(), broken)


# Escaping --------------------------------------------------------------------------------------


@pytest.mark.parametrize("tricky", TRICKY)
def test_escape_renders_literal_text(tricky: str) -> None:
    assert _compile(f"{escape(tricky)}\n\n#[{escape(tricky)}]") == f"{tricky} {tricky}"


@pytest.mark.parametrize("tricky", TRICKY)
def test_string_literal_renders_literal_text(tricky: str) -> None:
    assert _compile(f"#{string(tricky)};") == tricky


def test_escape_flattens_line_breaks() -> None:
    assert escape("a\n= b\r\n- c\u2028+ d\x00") == "a \\= b \\- c \\+ d"
    assert _compile(escape("a\u2028= b\u2029- c")) == "a = b - c"
    literal = string("a\x00\u2028= b")
    assert _compile("#" + literal + ";") == "a = b"


def test_every_text_of_the_model_is_escaped() -> None:
    """Tricky strings in the title, headings, tables and lists stay text."""
    base = build_report()
    table = Table(
        id="t#1",
        caption=" | ".join(TRICKY),
        row_header="#x",
        columns=(Column("c", "$c$", ""),),
        rows=tuple(
            Row(f"r{i}", f"Rad {tricky}", (Cell(Decimal(i)),)) for i, tricky in enumerate(TRICKY)
        ),
        unit_note="*tkr*",
    )
    items = tuple(f"Punkt {tricky}" for tricky in TRICKY)
    section = Section("s", "9", "[Rubrik] #9", blocks=(table, Observations(items, ())))
    report = dataclasses.replace(
        base,
        meta=dataclasses.replace(base.meta, title="#title $x$", namnd="<nämnd>"),
        sections=(*base.sections, section),
    )
    text = _text(PdfReader(io.BytesIO(render_pdf(report, ChartImages()))))
    for expected in ("#title $x$", "<nämnd>", "9 [Rubrik] #9", "$c$", "*tkr*"):
        assert expected in text, expected
    for tricky in TRICKY:
        assert f"Punkt {tricky}" in text, tricky
        assert f"Rad {tricky}" in text, tricky


def test_markdown_text_is_escaped() -> None:
    """Characters that mean nothing in Markdown but something in Typst stay text."""
    plain = [t for t in TRICKY if not set(t) & set("*_`\\<>[]")]
    markup = richtext(parse("\n\n".join(f"Stycke {t}" for t in plain)))
    text = _compile(markup)
    for tricky in plain:
        assert f"Stycke {tricky}" in text, tricky


def test_markdown_structures() -> None:
    source = (
        "Ett *viktigt* och **fetstilt** stycke med `kod` och [länk](https://example.org).\n\n"
        "- punkt #1\n- punkt [2]\n\n"
        "3. tredje\n4. fjärde\n\n"
        "| Verksamhet | tkr |\n|---|--:|\n| Försörjning | −6 005 |\n\n"
        "### Underrubrik\n\nSista raden."
    )
    markup = richtext(parse(source), heading_level=2)
    assert "#emph[viktigt]" in markup
    assert "#strong[fetstilt]" in markup
    assert "#enum(start: 3," in markup
    assert "align: (left, right,)" in markup
    assert "#heading(level: 3, outlined: false)[Underrubrik]" in markup
    text = _compile("= A\n\n== B\n\n" + markup.replace("#markdown-table(", "#("))
    for expected in (
        "viktigt",
        "kod",
        "länk",
        "punkt #1",
        "punkt [2]",
        "3. tredje",
        "4. fjärde",
        "Försörjning",
        "6 005",
        "Underrubrik",
        "Sista raden.",
    ):
        assert expected in text, expected


# Table layout ----------------------------------------------------------------------------------


def test_missing_values_are_marked_with_footnote_numbers(example: ReportModel) -> None:
    """One scheme: every mark is a footnote number ('–³'), never a letter."""
    marks = [
        mark
        for t in example.tables()
        for mark in re.findall(r"#note-ref\[([^\]]*)\]", table_markup(t))
    ]
    assert marks
    assert all(re.fullmatch(r"\d+(,\d+)*", mark) for mark in marks), marks
    missing = next(t for t in example.tables() if t.id == "indikatorer-malomrade-3")
    reason = next(c for r in missing.rows for c in r.cells if c.missing)
    assert f"–#note-ref[{reason.notes[0]}]" in table_markup(missing)


def test_row_groups_keep_breakdowns_with_their_row(example: ReportModel) -> None:
    """A row's breakdowns (Kvinnor, Män) and «varav» parts stay with it."""
    children = (RowKind.BREAKDOWN, RowKind.PART)
    five_years = next(t for t in example.tables() if t.id == "fem-ar-i-sammandrag")
    sizes = row_groups(five_years)
    assert sum(sizes) == len(five_years.rows)
    for index, (row, size) in enumerate(zip(five_years.rows, sizes, strict=True)):
        if size == 0:
            assert row.kind in children
        else:
            following = five_years.rows[index + 1 : index + size]
            assert all(r.kind in children for r in following)
            if index + size < len(five_years.rows):
                assert five_years.rows[index + size].kind not in children
    assert max(sizes) > 1
    assert any(r.kind == RowKind.PART for r in five_years.rows)


def test_column_widths_fit_every_table(example: ReportModel) -> None:
    for table in example.tables():
        widths = column_widths(table)
        assert len(widths) == len(table.columns) + (2 if table.has_assessment else 1)
        assert all(w.endswith("fr") and float(w[:-2]) > 0 for w in widths)


# Pagination ------------------------------------------------------------------------------------


def _pages(reader: PdfReader) -> list[list[str]]:
    """The lines of each page, normalised, without the running header and the page number."""
    pages = []
    for pdf_page in reader.pages:
        lines = [_normalise(line).strip() for line in pdf_page.extract_text().splitlines()]
        pages.append([line for line in lines[1:] if line and not line.startswith("Sida ")])
    return pages


def _tagged(reader: PdfReader) -> list[tuple[str, int | None, int]]:
    """Every structure element in reading order: its tag, its page (None when the element
    names none) and its depth in the tree."""
    numbers = {
        pdf_page.indirect_reference.idnum: index
        for index, pdf_page in enumerate(reader.pages)
        if pdf_page.indirect_reference is not None
    }
    found: list[tuple[str, int | None, int]] = []

    def visit(node: PdfObject, depth: int) -> None:
        item = node.get_object()
        if isinstance(item, ArrayObject):
            for child in item:
                visit(child, depth)
        elif isinstance(item, DictionaryObject) and "/S" in item:
            page_ref = item.get("/Pg")
            page_number = numbers.get(page_ref.idnum) if page_ref is not None else None
            found.append((str(item["/S"]), page_number, depth))
            if "/K" in item:
                visit(item["/K"], depth + 1)

    visit(_dict(reader.root_object["/StructTreeRoot"])["/K"], 0)
    return found


_HEADINGS = frozenset(f"/H{n}" for n in range(1, 7))


def test_no_page_ends_with_a_heading(reader: PdfReader) -> None:
    """What follows a heading (leaving out the headings under it) starts on its page."""
    elements = _tagged(reader)
    checked = 0
    for index, (tag, page_number, depth) in enumerate(elements):
        if tag not in _HEADINGS or page_number is None:
            continue
        rest = elements[index + 1 :]
        inside = 0
        while inside < len(rest) and rest[inside][2] > depth:
            inside += 1  # the heading's own content
        following = next(
            (p for t, p, _ in rest[inside:] if t not in _HEADINGS and p is not None), None
        )
        if following is not None:
            assert following == page_number, f"a heading ends page {page_number + 1}"
            checked += 1
    assert checked > 30


def test_short_lists_are_not_split(reader: PdfReader) -> None:
    elements = _tagged(reader)
    lists = 0
    for index, (tag, _, depth) in enumerate(elements):
        if tag != "/L":
            continue
        inside = []
        for item in elements[index + 1 :]:
            if item[2] <= depth:
                break
            inside.append(item)
        items = [e for e in inside if e[0] == "/LI" and e[2] == depth + 1]
        if len(items) <= 6:
            lists += 1
            assert len({p for _, p, _ in inside if p is not None}) <= 1, "a short list is split"
    assert lists > 5


def test_breakdowns_stay_on_the_page_of_their_row(example: ReportModel, reader: PdfReader) -> None:
    """On every page a table of indicators goes on to, the first row is not a breakdown
    (Kvinnor, Män) parted from the row it breaks down."""
    breakdowns = {r.label for t in example.tables() for r in t.rows if r.kind == RowKind.BREAKDOWN}
    row = re.compile(r"^(?P<label>.+?) (–|ca |[−-]?\d)")
    continued = 0
    for lines in _pages(reader)[2:]:
        if "Indikator" not in lines:
            continue
        after = lines[lines.index("Indikator") + 1 :]
        first = next((m for m in map(row.match, after) if m and "Utfall" not in m[0]), None)
        if first is None:
            continue
        continued += 1
        assert first["label"] not in breakdowns, first.string
    assert continued > 3


def test_a_tables_notes_are_on_the_page_of_its_last_rows(
    example: ReportModel, reader: PdfReader
) -> None:
    """Notes come right after the table's rows, never alone at the top of a page."""
    pages = _pages(reader)
    text = [" ".join(lines) for lines in pages]
    checked = 0
    for table in example.tables():
        if not table.footnotes:
            continue
        caption = next(
            i for i, page_text in enumerate(text) if _normalise(table.caption) in page_text
        )
        first = _normalise(table.footnotes[0].text)[:40]
        at = next(i for i in range(caption, len(pages)) if first in text[i])
        lines = pages[at]
        note_line = next(i for i, line in enumerate(lines) if first in line)
        labels = [_normalise(r.label)[:15] for r in table.rows]
        assert any(line.startswith(tuple(labels)) for line in lines[:note_line]), table.id
        checked += 1
    assert checked >= 4


def test_short_lists_are_not_split_wherever_they_fall() -> None:
    """Lists after ever longer texts, so that some fall across a page break."""
    blocks: list[Text | Observations] = []
    for count in range(1, 40):
        filler = "\n\n".join("Ett stycke som fyller ut sidan." for _ in range(count))
        blocks.append(Text(parse(filler)))
        blocks.append(Observations(tuple(f"Punkt {i}" for i in range(5)), (), none_given=False))
    report = dataclasses.replace(
        build_report(), sections=(Section("listor", "1", "Listor", blocks=tuple(blocks)),)
    )
    test_short_lists_are_not_split(PdfReader(io.BytesIO(render_pdf(report, ChartImages()))))


def test_a_group_too_long_for_a_page_may_break() -> None:
    def rows(children: int) -> list[Row]:
        parent = Row(f"p{children}", "Totalt", (Cell(Decimal(1)),))
        return [parent] + [
            Row(f"c{children}-{i}", "Kvinnor", (Cell(Decimal(i)),), RowKind.BREAKDOWN, level=1)
            for i in range(children)
        ]

    table = Table(
        "t", "Tabell", "Indikator", (Column("a", "2020", ""),), tuple(rows(2) + rows(25) + rows(0))
    )
    markup = table_markup(table)
    assert "rowspan: 3, breakable: false" in markup  # a row with its two breakdowns
    assert "rowspan: 26" not in markup  # 26 rows are left free to break
    report = dataclasses.replace(
        build_report(), sections=(Section("tabell", "1", "Tabell", blocks=(table,)),)
    )
    text = _text(PdfReader(io.BytesIO(render_pdf(report, ChartImages()))))
    assert text.count("Kvinnor") == 27
