"""Raw WordprocessingML for what python-docx has no API for.

Fields (TOC, SEQ, NOTEREF), bookmarks and links, repeating header rows, borders, alternative
text of pictures, numbering restarts and document settings (the footnotes part is in
``word.footnotes``). Every element is inserted in the order the schema prescribes, so that Word
opens the document without offering to repair it.
"""

from __future__ import annotations

import copy
from typing import Any

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

Element = Any
"""An lxml element (lxml ships without type information)."""


def _sequence(names: str) -> tuple[str, ...]:
    """A schema sequence of child elements, from their names separated by spaces."""
    return tuple(names.split())


SETTINGS_ORDER = _sequence(
    "writeProtection view zoom removePersonalInformation removeDateAndTime "
    "doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText "
    "printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts "
    "saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
    "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors "
    "hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate linkStyles "
    "stylePaneFormatFilter stylePaneSortMethod documentType mailMerge revisionView "
    "trackRevisions doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride "
    "styleLockTheme styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit "
    "hyphenationZone doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle "
    "defaultTableStyle evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting "
    "bookFoldPrintingSheets drawingGridHorizontalSpacing drawingGridVerticalSpacing "
    "displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery "
    "doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin "
    "doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne "
    "strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture "
    "doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText "
    "doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags "
    "alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars "
    "rsids m:mathPr attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats "
    "doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType "
    "sl:schemaLibrary shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"
)
RPR_ORDER = _sequence(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)
PPR_ORDER = _sequence(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
)
TRPR_ORDER = _sequence(
    "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
    "tblCellSpacing jc hidden ins del trPrChange"
)
TCPR_ORDER = _sequence(
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
    "vAlign hideMark headers cellIns cellDel cellMerge tcPrChange"
)
TBLPR_ORDER = _sequence(
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
    "tblDescription tblPrChange"
)
BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
CELL_BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV", "tl2br", "tr2bl")


def _clark(name: str) -> str:
    return qn(name if ":" in name else f"w:{name}")


def child_in_order(parent: Element, name: str, order: list[str] | tuple[str, ...]) -> Element:
    """The child ``name`` of ``parent`` ('w:' prefix implied), created at its place in the
    schema sequence ``order`` when absent."""
    tag = _clark(name)
    found = parent.find(tag)
    if found is not None:
        return found
    element = OxmlElement(name if ":" in name else f"w:{name}")
    later = {_clark(n) for n in order[order.index(name) + 1 :]} if name in order else set()
    for index, existing in enumerate(parent):
        if existing.tag in later:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


def set_on(parent: Element, name: str, order: list[str] | tuple[str, ...], value: str) -> None:
    """Set the child ``name`` of ``parent`` to w:val=``value``."""
    child_in_order(parent, name, order).set(qn("w:val"), value)


# --- runs and fields -----------------------------------------------------------------------


def new_run(
    text: str = "", *, style_id: str | None = None, bold: bool = False, italic: bool = False
) -> Element:
    """A ``w:r`` with ``text`` and the given character formatting."""
    run = OxmlElement("w:r")
    if style_id or bold or italic:
        rpr = OxmlElement("w:rPr")
        if style_id:
            rpr.append(OxmlElement("w:rStyle", {qn("w:val"): style_id}))
        if bold:
            rpr.append(OxmlElement("w:b"))
        if italic:
            rpr.append(OxmlElement("w:i"))
        run.append(rpr)
    if text:
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        run.append(t)
    return run


def _field_char(kind: str, *, dirty: bool = False) -> Element:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar", {qn("w:fldCharType"): kind})
    if dirty:
        char.set(qn("w:dirty"), "true")
    run.append(char)
    return run


def append_field(
    paragraph: Element,
    instruction: str,
    result: str,
    *,
    style_id: str | None = None,
    dirty: bool = False,
) -> None:
    """Append a complex field (begin, instruction, separate, cached result, end) to the
    ``w:p`` ``paragraph``; ``result`` is what shows until the field is updated."""
    for run in field_start(instruction, dirty=dirty):
        paragraph.append(run)
    paragraph.append(new_run(result, style_id=style_id))
    paragraph.append(field_end())


def field_start(instruction: str, *, dirty: bool = False) -> list[Element]:
    """The runs that open a complex field, up to its cached result: begin, the instruction,
    separate. The result may span paragraphs; ``field_end`` closes it."""
    instr_run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run.append(instr)
    return [_field_char("begin", dirty=dirty), instr_run, _field_char("separate")]


def field_end() -> Element:
    """The run that closes a complex field."""
    return _field_char("end")


def internal_link(anchor: str, text: str) -> Element:
    """A hyperlink to the bookmark ``anchor`` of the document, showing ``text``."""
    link = OxmlElement("w:hyperlink", {qn("w:anchor"): anchor, qn("w:history"): "1"})
    link.append(new_run(text))
    return link


def bookmark_paragraph(paragraph: Element, bookmark_id: int, name: str) -> None:
    """A bookmark named ``name`` around the whole content of ``paragraph``."""
    start = OxmlElement("w:bookmarkStart", {qn("w:id"): str(bookmark_id), qn("w:name"): name})
    ppr = paragraph.find(qn("w:pPr"))
    paragraph.insert(0 if ppr is None else paragraph.index(ppr) + 1, start)
    paragraph.append(OxmlElement("w:bookmarkEnd", {qn("w:id"): str(bookmark_id)}))


def append_bookmarked(paragraph: Element, run: Element, bookmark_id: int, name: str) -> None:
    """Append ``run`` to ``paragraph`` inside a bookmark named ``name``."""
    paragraph.append(
        OxmlElement("w:bookmarkStart", {qn("w:id"): str(bookmark_id), qn("w:name"): name})
    )
    paragraph.append(run)
    paragraph.append(OxmlElement("w:bookmarkEnd", {qn("w:id"): str(bookmark_id)}))


def set_simple_field_text(root: Element, field_name: str, text: str) -> None:
    """Give every simple field ``field_name`` (e.g. 'TITLE') below ``root`` the cached text
    ``text`` (what shows until the field is updated)."""
    for field in root.iter(qn("w:fldSimple")):
        if field.get(qn("w:instr"), "").split()[:1] == [field_name]:
            runs = field.findall(qn("w:r"))
            for run in runs[1:]:
                field.remove(run)
            if runs:
                for t in runs[0].findall(qn("w:t")):
                    runs[0].remove(t)
                target = runs[0]
            else:
                target = OxmlElement("w:r")
                field.append(target)
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = text
            target.append(t)


# --- settings and styles -------------------------------------------------------------------


def enable_update_fields(settings: Element) -> None:
    """Have Word offer to update the fields (the table of contents) when it opens the file."""
    set_on(settings, "updateFields", SETTINGS_ORDER, "true")


def set_default_language(styles: Element, language: str) -> None:
    """Set the document default language (docDefaults/rPrDefault/rPr/lang)."""
    defaults = child_in_order(styles, "docDefaults", ("docDefaults", "latentStyles", "style"))
    rpr_default = child_in_order(defaults, "rPrDefault", ("rPrDefault", "pPrDefault"))
    rpr = child_in_order(rpr_default, "rPr", ("rPr",))
    lang = child_in_order(rpr, "lang", RPR_ORDER)
    lang.set(qn("w:val"), language)


def copy_style(target_styles: Element, source_styles: Element, style_id: str) -> str | None:
    """Copy the style ``style_id`` of ``source_styles`` into ``target_styles`` and return its
    id there (None when the source has no such style). The styles it refers to are matched by
    name, since a template made in Swedish Word has other style ids ('Rubrik1'); a base style
    the target lacks is copied too."""
    source = _style_by_id(source_styles, style_id)
    if source is None:
        return None
    copied = copy.deepcopy(source)
    new_id = style_id
    while _style_by_id(target_styles, new_id) is not None:
        new_id = "uppsikt" + new_id
    copied.set(qn("w:styleId"), new_id)
    for ref in ("basedOn", "link", "next"):
        element = copied.find(qn(f"w:{ref}"))
        if element is None:
            continue
        referenced = _style_by_id(source_styles, element.get(qn("w:val")))
        match = _style_by_name(target_styles, _style_name(referenced))
        if match is not None:
            element.set(qn("w:val"), match.get(qn("w:styleId")))
        elif ref == "basedOn" and referenced is not None:
            element.set(
                qn("w:val"), copy_style(target_styles, source_styles, element.get(qn("w:val")))
            )
        else:
            copied.remove(element)
    target_styles.append(copied)
    return new_id


def _style_name(style: Element | None) -> str:
    name = style.find(qn("w:name")) if style is not None else None
    return "" if name is None else str(name.get(qn("w:val"), ""))


def _style_by_name(styles: Element, name: str) -> Element | None:
    if not name:
        return None
    for style in styles.findall(qn("w:style")):
        if _style_name(style).lower() == name.lower():
            return style
    return None


def _style_by_id(styles: Element, style_id: str) -> Element | None:
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            return style
    return None


# --- tables --------------------------------------------------------------------------------


def mark_row(tr: Element, *, header: bool = False) -> None:
    """Keep the row on one page; a header row also repeats at the top of each page."""
    trpr = child_in_order(tr, "trPr", ("tblPrEx", "trPr", "tc"))
    child_in_order(trpr, "cantSplit", TRPR_ORDER)
    if header:
        child_in_order(trpr, "tblHeader", TRPR_ORDER)


def set_table_properties(tbl: Element, width_twips: int, caption: str = "") -> None:
    """Fixed total width and, for tables with a caption, the caption as alternative text."""
    tblpr = tbl.find(qn("w:tblPr"))
    tbl_w = child_in_order(tblpr, "tblW", TBLPR_ORDER)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(width_twips))
    child_in_order(tblpr, "tblLayout", TBLPR_ORDER).set(qn("w:type"), "fixed")
    if caption:
        set_on(tblpr, "tblCaption", TBLPR_ORDER, caption[:255])


def remove_table_borders(tbl: Element) -> None:
    """No borders at all (a layout table, such as the grid of a chart group)."""
    tblpr = tbl.find(qn("w:tblPr"))
    style = tblpr.find(qn("w:tblStyle"))
    if style is not None:
        tblpr.remove(style)
    borders = child_in_order(tblpr, "tblBorders", TBLPR_ORDER)
    for side in BORDER_SIDES:
        borders.append(OxmlElement(f"w:{side}", {qn("w:val"): "nil"}))


def set_cell_border(tc: Element, side: str, size: int = 6, color: str = "404040") -> None:
    """A single line on ``side`` of the cell (size in eighths of a point)."""
    tcpr = tc.get_or_add_tcPr()
    borders = child_in_order(tcpr, "tcBorders", TCPR_ORDER)
    border = child_in_order(borders, side, CELL_BORDER_SIDES)
    border.set(qn("w:val"), "single")
    border.set(qn("w:sz"), str(size))
    border.set(qn("w:space"), "0")
    border.set(qn("w:color"), color)


def no_wrap(tc: Element) -> None:
    """Keep the cell's text on one line (a figure never breaks in the middle)."""
    child_in_order(tc.get_or_add_tcPr(), "noWrap", TCPR_ORDER)


# --- pictures and numbering ----------------------------------------------------------------


def set_alt_text(run: Element, description: str, title: str) -> None:
    """Set the alternative text of the pictures in ``run`` (``wp:docPr``)."""
    for doc_pr in run.iter(qn("wp:docPr")):
        doc_pr.set("descr", description)
        doc_pr.set("title", title)


def restarted_numbering(numbering: Element, num_id: int, start: int = 1) -> int | None:
    """A new list (``w:num``) of the same kind as ``num_id`` whose level 0 starts at ``start``;
    None when ``num_id`` is not defined."""
    num = numbering.num_having_numId(num_id) if _has_num(numbering, num_id) else None
    if num is None:
        return None
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    new_num = numbering.add_num(int(abstract_id))
    override = new_num.add_lvlOverride(ilvl=0)
    override.add_startOverride(start)
    return int(new_num.numId)


def _has_num(numbering: Element, num_id: int) -> bool:
    return any(num.get(qn("w:numId")) == str(num_id) for num in numbering.findall(qn("w:num")))


def set_numbering(ppr: Element, num_id: int, level: int = 0) -> None:
    """Number the paragraph with list ``num_id`` at ``level``; list 0 means not numbered."""
    num_pr = ppr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id
