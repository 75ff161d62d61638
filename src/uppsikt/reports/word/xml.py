"""WordprocessingML beyond paragraphs, runs and tables (those are ``word.wml``).

Fields (TOC, SEQ, NOTEREF), bookmarks and links, numbering restarts, styles and document
settings (the footnotes part is in ``word.footnotes``). Every element is inserted in the order
the schema prescribes, so that Word opens the document without offering to repair it.
"""

from __future__ import annotations

import copy

from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]  # python-docx's XML library, untyped

from uppsikt.reports.word.wml import RPR, RSTYLE, VAL, XML_SPACE, Element, R, W, fill_run

_FLD_CHAR, _INSTR_TEXT = W + "fldChar", W + "instrText"
_FLD_CHAR_TYPE, _DIRTY = W + "fldCharType", W + "dirty"


def new_element(name: str, attrs: dict[str, str] | None = None) -> Element:
    """A new element ``name`` ('w:lang'; the prefixes python-docx knows) with ``attrs``."""
    return etree.Element(qn(name), attrs)


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


def _clark(name: str) -> str:
    return qn(name if ":" in name else f"w:{name}")


def child_in_order(parent: Element, name: str, order: list[str] | tuple[str, ...]) -> Element:
    """The child ``name`` of ``parent`` ('w:' prefix implied), created at its place in the
    schema sequence ``order`` when absent."""
    tag = _clark(name)
    found = parent.find(tag)
    if found is not None:
        return found
    element = new_element(name if ":" in name else f"w:{name}")
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
    """A detached ``w:r`` with ``text`` and the given character formatting."""
    return fill_run(etree.Element(R), text, style_id=style_id, bold=bold, italic=italic)


def _field_char(kind: str, *, dirty: bool = False) -> Element:
    element = etree.Element(R)
    char = etree.SubElement(element, _FLD_CHAR, {_FLD_CHAR_TYPE: kind})
    if dirty:
        char.set(_DIRTY, "true")
    return element


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
    paragraph.extend(field_start(instruction, dirty=dirty))
    result_run = etree.SubElement(paragraph, R)
    if style_id:
        etree.SubElement(etree.SubElement(result_run, RPR), RSTYLE, {VAL: style_id})
    text = etree.SubElement(result_run, W + "t", {XML_SPACE: "preserve"})
    text.text = result
    paragraph.append(field_end())


def field_start(instruction: str, *, dirty: bool = False) -> list[Element]:
    """The runs that open a complex field, up to its cached result: begin, the instruction,
    separate. The result may span paragraphs; ``field_end`` closes it."""
    instr_run = etree.Element(R)
    instr = etree.SubElement(instr_run, _INSTR_TEXT, {XML_SPACE: "preserve"})
    instr.text = f" {instruction} "
    return [_field_char("begin", dirty=dirty), instr_run, _field_char("separate")]


def field_end() -> Element:
    """The run that closes a complex field."""
    return _field_char("end")


def internal_link(anchor: str, text: str) -> Element:
    """A hyperlink to the bookmark ``anchor`` of the document, showing ``text``."""
    link = new_element("w:hyperlink", {qn("w:anchor"): anchor, qn("w:history"): "1"})
    link.append(new_run(text))
    return link


def bookmark_paragraph(paragraph: Element, bookmark_id: int, name: str) -> None:
    """A bookmark named ``name`` around the whole content of ``paragraph``."""
    start = new_element("w:bookmarkStart", {qn("w:id"): str(bookmark_id), qn("w:name"): name})
    ppr = paragraph.find(qn("w:pPr"))
    paragraph.insert(0 if ppr is None else paragraph.index(ppr) + 1, start)
    paragraph.append(new_element("w:bookmarkEnd", {qn("w:id"): str(bookmark_id)}))


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
                target = new_element("w:r")
                field.append(target)
            t = new_element("w:t")
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


# --- numbering ---------------------------------------------------------------------------


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
