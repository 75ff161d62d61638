"""WordprocessingML written directly: paragraphs, runs and simple tables as lxml elements.

The report's body is built from the report model with these functions rather than with
python-docx's objects, whose every property access runs an XPath query and whose every
insertion searches the schema's order among the siblings: a large report has tens of thousands
of paragraphs and runs, and building them through python-docx took twenty times as long as the
whole PDF. Each element here is made once, with its properties in the order the schema
prescribes, so that Word opens the document without offering to repair it. Styles are named by
their ids in the template (``word.styles``); no paragraph sets a font or a size of its own.
The report's tables are written as markup instead (``word.fragments``).
"""

from __future__ import annotations

from typing import Any, TypedDict

from lxml import etree  # type: ignore[import-untyped]  # python-docx's XML library, untyped

Element = Any
"""An lxml element (lxml ships without type information)."""

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"

P, PPR, PSTYLE, R, RPR, T = W + "p", W + "pPr", W + "pStyle", W + "r", W + "rPr", W + "t"
BOLD, ITALIC, BR, TAB, RSTYLE = W + "b", W + "i", W + "br", W + "tab", W + "rStyle"
KEEP_NEXT, PAGE_BREAK_BEFORE, NUM_PR = W + "keepNext", W + "pageBreakBefore", W + "numPr"
ILVL, NUM_ID, SPACING, IND, JC = W + "ilvl", W + "numId", W + "spacing", W + "ind", W + "jc"
TBL, TBL_PR, TBL_STYLE, TBL_W = W + "tbl", W + "tblPr", W + "tblStyle", W + "tblW"
TBL_LAYOUT, TBL_LOOK, TBL_GRID, GRID_COL = (
    W + "tblLayout",
    W + "tblLook",
    W + "tblGrid",
    W + "gridCol",
)
TR, TR_PR, CANT_SPLIT, TBL_HEADER = W + "tr", W + "trPr", W + "cantSplit", W + "tblHeader"
TC, TC_PR, TC_W = W + "tc", W + "tcPr", W + "tcW"
VAL, TYPE, WIDTH = W + "val", W + "type", W + "w"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

_PPR_ORDER = {
    tag: index
    for index, tag in enumerate((PSTYLE, KEEP_NEXT, PAGE_BREAK_BEFORE, NUM_PR, SPACING, IND, JC))
}
"""The paragraph properties uppsikt sets, in the schema's order (CT_PPrBase)."""
_TBL_LOOK = {
    W + "firstColumn": "1",
    W + "firstRow": "1",
    W + "lastColumn": "0",
    W + "lastRow": "0",
    W + "noHBand": "0",
    W + "noVBand": "1",
    VAL: "04A0",
}
EMU_PER_TWIP = 635

SubElement = etree.SubElement


class ParagraphProperties(TypedDict, total=False):
    """What ``paragraph`` can set besides the style; lengths in EMU."""

    keep_next: bool
    page_break: bool
    space_before: int | None
    indent: int | None
    align: str | None
    """A ``w:jc`` value: 'right', 'center'."""


def twips(emu: int) -> str:
    """A length in EMU as whole twips, rounded as Word and python-docx do."""
    return str(round(emu / EMU_PER_TWIP))


# --- paragraphs and runs -------------------------------------------------------------------


def paragraph(
    parent: Element,
    style_id: str | None = None,
    *,
    keep_next: bool = False,
    page_break: bool = False,
    space_before: int | None = None,
    indent: int | None = None,
    align: str | None = None,
) -> Element:
    """A ``w:p`` appended to ``parent``; ``space_before`` and ``indent`` in EMU, ``align``
    a ``w:jc`` value ('right', 'center')."""
    p = SubElement(parent, P)
    if not (style_id or keep_next or page_break or space_before or indent or align):
        return p
    ppr = SubElement(p, PPR)
    if style_id:
        SubElement(ppr, PSTYLE, {VAL: style_id})
    if keep_next:
        SubElement(ppr, KEEP_NEXT)
    if page_break:
        SubElement(ppr, PAGE_BREAK_BEFORE)
    if space_before:
        SubElement(ppr, SPACING, {W + "before": twips(space_before)})
    if indent:
        SubElement(ppr, IND, {W + "left": twips(indent)})
    if align:
        SubElement(ppr, JC, {VAL: align})
    return p


def paragraph_property(p: Element, tag: str) -> Element:
    """The property ``tag`` of paragraph ``p`` (one of those in ``_PPR_ORDER``), created at
    its place when absent."""
    ppr = p[0] if len(p) and p[0].tag == PPR else None
    if ppr is None:
        ppr = etree.Element(PPR)
        p.insert(0, ppr)
    rank = _PPR_ORDER[tag]
    position = 0
    for child in ppr:
        if child.tag == tag:
            return child
        if _PPR_ORDER.get(child.tag, len(_PPR_ORDER)) > rank:
            break
        position += 1
    element = etree.Element(tag)
    ppr.insert(position, element)
    return element


def keep_with_next(p: Element) -> None:
    paragraph_property(p, KEEP_NEXT)


def set_space_before(p: Element, emu: int) -> None:
    paragraph_property(p, SPACING).set(W + "before", twips(emu))


def set_numbering(p: Element, num_id: int, level: int = 0) -> None:
    """Number the paragraph with list ``num_id`` at ``level``; list 0 means not numbered."""
    num_pr = paragraph_property(p, NUM_PR)
    for child in list(num_pr):
        num_pr.remove(child)
    SubElement(num_pr, ILVL, {VAL: str(level)})
    SubElement(num_pr, NUM_ID, {VAL: str(num_id)})


def style_of(p: Element) -> str | None:
    """The paragraph style id of ``p`` (None for Normal)."""
    if len(p) and p[0].tag == PPR:
        style = p[0].find(PSTYLE)
        if style is not None:
            return str(style.get(VAL))
    return None


def text_of(p: Element) -> str:
    """The text a reader sees in paragraph ``p``: its runs' text, tabs and line breaks."""
    parts: list[str] = []
    for element in p.iter(T, TAB, BR):
        if element.tag == T:
            parts.append(element.text or "")
        else:
            parts.append("\t" if element.tag == TAB else "\n")
    return "".join(parts)


def run(
    parent: Element,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    style_id: str | None = None,
) -> Element:
    """A ``w:r`` appended to ``parent`` with ``text`` (tabs and line breaks as Word's own
    elements) and the given character formatting."""
    return fill_run(SubElement(parent, R), text, bold=bold, italic=italic, style_id=style_id)


def fill_run(
    r: Element,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    style_id: str | None = None,
) -> Element:
    """The empty run ``r`` given ``text`` and character formatting (as ``run``)."""
    if style_id or bold or italic:
        rpr = SubElement(r, RPR)
        if style_id:
            SubElement(rpr, RSTYLE, {VAL: style_id})
        if bold:
            SubElement(rpr, BOLD)
        if italic:
            SubElement(rpr, ITALIC)
    if text:
        add_text(r, text)
    return r


def add_text(r: Element, text: str) -> None:
    """``text`` into run ``r``: one ``w:t`` per stretch of characters, ``w:tab`` for a tab
    and ``w:br`` for a line break."""
    if "\t" not in text and "\n" not in text and "\r" not in text:
        _t(r, text)
        return
    pending: list[str] = []
    for char in text:
        if char in "\t\r\n":
            if pending:
                _t(r, "".join(pending))
                pending.clear()
            SubElement(r, TAB if char == "\t" else BR)
        else:
            pending.append(char)
    if pending:
        _t(r, "".join(pending))


def _t(r: Element, text: str) -> None:
    t = SubElement(r, T)
    t.text = text
    if text[:1].isspace() or text[-1:].isspace():
        t.set(XML_SPACE, "preserve")


def line_break(parent: Element) -> None:
    """A run holding a line break."""
    SubElement(SubElement(parent, R), BR)


# --- tables --------------------------------------------------------------------------------


def table(
    parent: Element,
    widths: list[int],
    style_id: str | None,
    *,
    borderless: bool = False,
) -> Element:
    """A ``w:tbl`` with fixed column ``widths`` (twips) and the table style ``style_id``,
    and no borders at all when ``borderless`` (a layout table). Rows are added with ``row``
    (the report's own tables are written by ``word.fragments``)."""
    tbl = SubElement(parent, TBL)
    tblpr = SubElement(tbl, TBL_PR)
    if style_id:
        SubElement(tblpr, TBL_STYLE, {VAL: style_id})
    SubElement(tblpr, TBL_W, {TYPE: "auto", WIDTH: "0"})
    if borderless:
        borders = SubElement(tblpr, W + "tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            SubElement(borders, W + side, {VAL: "nil"})
    SubElement(tblpr, TBL_LAYOUT, {TYPE: "fixed"})
    SubElement(tblpr, TBL_LOOK, _TBL_LOOK)
    grid = SubElement(tbl, TBL_GRID)
    for width in widths:
        SubElement(grid, GRID_COL, {WIDTH: str(width)})
    return tbl


def row(tbl: Element, *, header: bool = False, split: bool = False) -> Element:
    """A row kept on one page (unless it may ``split``); a header row also repeats at the
    top of each page."""
    tr = SubElement(tbl, TR)
    if split:
        return tr
    trpr = SubElement(tr, TR_PR)
    SubElement(trpr, CANT_SPLIT)
    if header:
        SubElement(trpr, TBL_HEADER)
    return tr


def cell(tr: Element, width: int) -> Element:
    """A ``w:tc`` of ``width`` twips; a cell must get at least one paragraph."""
    tc = SubElement(tr, TC)
    SubElement(SubElement(tc, TC_PR), TC_W, {TYPE: "dxa", WIDTH: str(width)})
    return tc
