"""Generate uppsikt's neutral default Word template.

    .venv/bin/python scripts/make_docx_template.py

writes src/uppsikt/reports/templates/uppsikt-mall.docx. It starts from python-docx's own
template and redefines the styles uppsikt uses: sober Arial text, dark blue headings, A4 with
2.5 cm margins, the report title in the header and page numbers ('3 (24)') in the footer, no
header or footer on the cover. A municipality makes the template its own by opening it in
Word, changing the styles (Ändra formatmall) and headers, and naming the file under
«wordmall» in uppsikt.yaml.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement, parse_xml
from docx.shared import Cm, Pt

from uppsikt.reports.word import xml as xml
OUT = Path(__file__).resolve().parents[1] / "src/uppsikt/reports/templates/uppsikt-mall.docx"
FONT = "Arial"
ACCENT = "1F3A5F"
TEXT = "1A1A1A"
GREY = "595959"
BODY_SIZE = 10.5

# name: (size pt, bold, italic, colour, space before pt, space after pt)
_TEXT_STYLES: dict[str, tuple[float, bool, bool, str, float, float]] = {
    "Normal": (BODY_SIZE, False, False, TEXT, 0, 6),
    "Title": (30, True, False, ACCENT, 0, 12),
    "Subtitle": (14, False, False, GREY, 0, 6),
    "Heading 1": (18, True, False, ACCENT, 24, 8),
    "Heading 2": (14, True, False, ACCENT, 18, 6),
    "Heading 3": (12, True, False, TEXT, 14, 4),
    "Heading 4": (BODY_SIZE + 0.5, True, False, TEXT, 12, 3),
    "Heading 5": (BODY_SIZE, True, True, TEXT, 10, 3),
    "Heading 6": (BODY_SIZE, False, True, TEXT, 10, 3),
    "Caption": (9.5, True, False, TEXT, 12, 4),
    "TOC Heading": (18, True, False, ACCENT, 0, 12),
    "footnote text": (8.5, False, False, TEXT, 0, 0),
    "Header": (8.5, False, False, GREY, 0, 0),
    "Footer": (8.5, False, False, GREY, 0, 0),
    "List Bullet": (BODY_SIZE, False, False, TEXT, 0, 3),
    "List Number": (BODY_SIZE, False, False, TEXT, 0, 3),
}

_WORD_IDS = {
    "footnote text": "FootnoteText",
    "footnote reference": "FootnoteReference",
    "toc 1": "TOC1",
    "toc 2": "TOC2",
    "toc 3": "TOC3",
}

_TABLE_STYLE = f"""
<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="uppsikt-tabell">
  <w:name w:val="uppsikt-tabell"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="59"/>
  <w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="8" w:space="0" w:color="{TEXT}"/>
      <w:bottom w:val="single" w:sz="8" w:space="0" w:color="{TEXT}"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>
      <w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:bCs/></w:rPr>
    <w:tcPr>
      <w:tcBorders><w:bottom w:val="single" w:sz="8" w:space="0" w:color="{TEXT}"/></w:tcBorders>
      <w:shd w:val="clear" w:color="auto" w:fill="EDF0F4"/>
    </w:tcPr>
  </w:tblStylePr>
</w:style>
"""


def _run_properties(size: float, bold: bool, italic: bool, colour: str) -> Any:
    half_points = str(round(size * 2))
    parts = [f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>']
    parts += ["<w:b/><w:bCs/>"] if bold else ['<w:b w:val="0"/><w:bCs w:val="0"/>']
    parts += ["<w:i/><w:iCs/>"] if italic else ['<w:i w:val="0"/><w:iCs w:val="0"/>']
    parts.append(f'<w:color w:val="{colour}"/>')
    parts.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    return parse_xml(f"<w:rPr {nsdecls('w')}>{''.join(parts)}</w:rPr>")


def _set_run_properties(style_element: Any, rpr: Any) -> None:
    old = style_element.find(qn("w:rPr"))
    if old is not None:
        style_element.remove(old)
    # CT_Style: … pPr, rPr, tblPr, trPr, tcPr, tblStylePr
    later = [style_element.find(qn(f"w:{t}")) for t in ("tblPr", "trPr", "tcPr", "tblStylePr")]
    following = next((e for e in later if e is not None), None)
    if following is not None:
        following.addprevious(rpr)
    else:
        style_element.append(rpr)


def _style(document: Document, name: str, style_type: WD_STYLE_TYPE) -> Any:
    """The style ``name``, added (with the id Word gives it) when missing."""
    for style in document.styles:
        if style.type == style_type and (style.name or "").lower() == name.lower():
            return style
    style = document.styles.add_style(name, style_type)
    style.style_id = _WORD_IDS.get(name, name)
    return style


def _text_styles(document: Document) -> None:
    for name in _TEXT_STYLES:
        _text_style(document, name)
    _auxiliary_styles(document)


def _text_style(document: Document, name: str) -> None:
    size, bold, italic, colour, before, after = _TEXT_STYLES[name]
    style = _style(document, name, WD_STYLE_TYPE.PARAGRAPH)
    element = style.element
    ppr = element.find(qn("w:pPr"))
    if ppr is not None:
        for tag in ("w:pBdr", "w:contextualSpacing", "w:tabs"):
            for child in ppr.findall(qn(tag)):
                ppr.remove(child)
        if name in ("Subtitle", "Title"):
            for child in ppr.findall(qn("w:numPr")):
                ppr.remove(child)
    rpr = _run_properties(size, bold, italic, colour)
    _set_run_properties(element, rpr)
    link = element.find(qn("w:link"))
    linked = [
        s for s in document.styles if link is not None and s.style_id == link.get(qn("w:val"))
    ]
    for char_style in linked:  # the linked character style looks the same
        _set_run_properties(char_style.element, _run_properties(size, bold, italic, colour))
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.0 if name in ("footnote text", "Header", "Footer") else 1.15
    if name.startswith("Heading") or name in ("Caption", "TOC Heading"):
        fmt.keep_with_next = True


def _auxiliary_styles(document: Document) -> None:
    reference = _style(document, "footnote reference", WD_STYLE_TYPE.CHARACTER)
    reference.font.superscript = True
    table_text = _style(document, "uppsikt-tabelltext", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = document.styles["Normal"]
    table_text.quick_style = True
    _set_run_properties(table_text.element, _run_properties(9, False, False, TEXT))
    table_text.paragraph_format.space_before = Pt(1)
    table_text.paragraph_format.space_after = Pt(1)
    table_text.paragraph_format.line_spacing = 1.0
    for name in ("Normal", "uppsikt-tabelltext"):
        ppr = _style(document, name, WD_STYLE_TYPE.PARAGRAPH).element.get_or_add_pPr()
        # Body text is not hyphenated; narrow table columns are (Word hyphenates Swedish).
        xml.set_on(ppr, "suppressAutoHyphens", xml.PPR_ORDER, "1" if name == "Normal" else "0")
    for level, indent in ((1, 0), (2, 0.5), (3, 1.0)):
        toc = _style(document, f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = document.styles["Normal"]
        toc.paragraph_format.left_indent = Cm(indent)
        toc.paragraph_format.space_before = Pt(6 if level == 1 else 0)
        toc.paragraph_format.space_after = Pt(2)
        toc.paragraph_format.tab_stops.add_tab_stop(
            Cm(16), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        toc.font.bold = level == 1
    document.styles.element.append(parse_xml(_TABLE_STYLE))


def _table_bullets(document: Document) -> None:
    """uppsikt-tabellpunkt: a bullet list in table cells, in the size of the table text."""
    bullets = _style(document, "uppsikt-tabellpunkt", WD_STYLE_TYPE.PARAGRAPH)
    bullets.base_style = document.styles["List Bullet"]
    _set_run_properties(bullets.element, _run_properties(9, False, False, TEXT))
    bullets.paragraph_format.space_before = Pt(1)
    bullets.paragraph_format.space_after = Pt(2)
    bullets.paragraph_format.line_spacing = 1.0


def _defaults(document: Document) -> None:
    styles = document.styles.element
    xml.set_default_language(styles, "sv-SE")
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = xml.child_in_order(rpr, "rFonts", xml.RPR_ORDER)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), FONT)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:eastAsia"), "sv-SE")


def _numbering(document: Document) -> None:
    """Bullets and numbers for List Bullet and List Number, three levels each."""
    numbering = document.part.numbering_part.element
    for name, formats in (
        ("List Bullet", (("bullet", "•"), ("bullet", "–"), ("bullet", "•"))),
        ("List Number", (("decimal", "%1."), ("lowerLetter", "%2)"), ("lowerRoman", "%3."))),
    ):
        style = document.styles[name]
        num_id = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        num = numbering.num_having_numId(int(num_id.get(qn("w:val"))))
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        for abstract in numbering.findall(qn("w:abstractNum")):
            if abstract.get(qn("w:abstractNumId")) == abstract_id:
                _levels(abstract, style.style_id, formats)


def _levels(abstract: Any, style_id: str, formats: tuple[tuple[str, str], ...]) -> None:
    for child in list(abstract):
        if child.tag in (qn("w:lvl"), qn("w:multiLevelType")):
            abstract.remove(child)
    nsid = abstract.find(qn("w:nsid"))
    multi = OxmlElement("w:multiLevelType", {qn("w:val"): "multilevel"})
    (nsid.addnext if nsid is not None else abstract.append)(multi)
    for level, (number_format, text) in enumerate(formats):
        font = f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}"/></w:rPr>'
        style = f'<w:pStyle w:val="{style_id}"/>' if level == 0 else ""
        left = 360 * (level + 1)
        abstract.append(
            parse_xml(
                f'<w:lvl {nsdecls("w")} w:ilvl="{level}"><w:start w:val="1"/>'
                f'<w:numFmt w:val="{number_format}"/>{style}<w:lvlText w:val="{text}"/>'
                f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{left}" w:hanging="360"/>'
                f"</w:pPr>{font}</w:lvl>"
            )
        )


def _simple_field(paragraph: Any, instruction: str, placeholder: str) -> None:
    field = OxmlElement("w:fldSimple", {qn("w:instr"): f" {instruction} "})
    field.append(xml.new_run(placeholder))
    paragraph._p.append(field)


def _page(document: Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("top", "bottom", "left", "right"):
        setattr(section, f"{side}_margin", Cm(2.5))
    section.header_distance = section.footer_distance = Cm(1.25)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.style = document.styles["Header"]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _simple_field(header, "TITLE \\* MERGEFORMAT", "Rapportens titel")
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _simple_field(footer, "PAGE \\* MERGEFORMAT", "1")
    footer.add_run(" (")
    _simple_field(footer, "NUMPAGES \\* MERGEFORMAT", "1")
    footer._p.append(xml.new_run(")"))
    section.first_page_header.paragraphs[0].style = document.styles["Header"]
    section.first_page_footer.paragraphs[0].style = document.styles["Footer"]


def _sample(document: Document) -> None:
    """A body that shows the styles; uppsikt replaces it with the report."""
    document.add_paragraph("Kommunens namn", "Subtitle")
    document.add_paragraph("Mall för uppsikt", "Title")
    document.add_paragraph("Nämndens namn", "Subtitle")
    document.add_paragraph(
        "Det här är uppsikts standardmall för Word. Innehållet här ersätts med rapporten när "
        "uppsikt bygger den; det som används är mallens formatmallar, sidhuvud, sidfot och "
        "sidinställningar. Gör mallen till er egen genom att ändra formatmallarna nedan "
        "(högerklicka på formatmallen och välj Ändra) och ange filen under «wordmall» i "
        "uppsikt.yaml. Formatmallarnas namn får inte ändras.",
    )
    for level in range(1, 7):
        document.add_paragraph(f"Rubrik {level} (Heading {level})", f"Heading {level}")
        document.add_paragraph("Brödtext i formatmallen Normal.", "Normal")
    document.add_paragraph(
        "Tabell 1: Beskrivning (Caption) ovanför tabeller och diagram", "Caption"
    )
    table = document.add_table(3, 3, document.styles["uppsikt-tabell"])
    for row, values in zip(
        table.rows,
        (("Rad", "2019", "2020"), ("Intäkter", "1 200", "1 350"), ("Kostnader", "−980", "−1 020")),
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.paragraphs[0].style = document.styles["uppsikt-tabelltext"]
            cell.paragraphs[0].add_run(value)
    document.add_paragraph("Punktlista (List Bullet)", "List Bullet")
    document.add_paragraph("Punktlista i tabeller (uppsikt-tabellpunkt)", "uppsikt-tabellpunkt")
    document.add_paragraph("Numrerad lista (List Number)", "List Number")
    document.add_paragraph("Fotnotstext (Footnote Text)", "footnote text")


def _settings(document: Document) -> None:
    """Hyphenation (used in table cells only), Swedish number symbols and proofing language,
    and Word 2013 layout rather than compatibility mode."""
    settings = document.settings.element
    xml.set_on(settings, "autoHyphenation", xml.SETTINGS_ORDER, "true")
    xml.set_on(settings, "themeFontLang", xml.SETTINGS_ORDER, "sv-SE")
    xml.set_on(settings, "decimalSymbol", xml.SETTINGS_ORDER, ",")
    xml.set_on(settings, "listSeparator", xml.SETTINGS_ORDER, ";")
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _drop_parts(document: Document) -> None:
    """No thumbnail of python-docx's blank page, no Word 2010 copy of the old styles."""
    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rel_id]
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del document.part.rels[rel_id]


def main() -> None:
    document = docx.Document()
    _drop_parts(document)
    _defaults(document)
    _text_styles(document)
    _numbering(document)
    _table_bullets(document)
    _page(document)
    _sample(document)
    footnote_text = _style(document, "footnote text", WD_STYLE_TYPE.PARAGRAPH).style_id
    reference = _style(document, "footnote reference", WD_STYLE_TYPE.CHARACTER).style_id
    xml.Footnotes(document.part, footnote_text, reference).declare_in(document.settings.element)
    _settings(document)
    props = document.core_properties
    props.title = "Mall för uppsikt"
    props.author = "uppsikt"
    props.last_modified_by = "uppsikt"
    props.language = "sv-SE"
    props.comments = (
        "Standardmall för uppsikts Word-rapporter. Genereras av scripts/make_docx_template.py."
    )
    props.revision = 1
    props.created = props.modified = datetime(2026, 1, 1)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(OUT))
    print(f"Skrev {OUT}")


if __name__ == "__main__":
    main()
