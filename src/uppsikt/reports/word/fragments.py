"""WordprocessingML as text, for the report's tables: the bulk of a large report.

A table of a few hundred cells is written as one string and parsed once, which is several
times faster than making its thousands of elements one by one (``word.wml``, used for
everything else). The markup is the same as ``word.wml`` makes, property for property in the
schema's order; every text and attribute value is escaped here.
"""

from __future__ import annotations

from lxml import etree  # type: ignore[import-untyped]  # python-docx's XML library, untyped

from uppsikt.reports.word.wml import W_NS, Element

_OPEN = f'<w:tbl xmlns:w="{W_NS}">'
_TBL_LOOK = (
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0"'
    ' w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
)
_BORDER_TOP = (
    '<w:tcBorders><w:top w:val="single" w:sz="6" w:space="0" w:color="404040"/></w:tcBorders>'
)


def attribute(text: str) -> str:
    """``text`` as a quoted attribute value (whitespace other than spaces kept as character
    references, which a parser would otherwise turn into spaces)."""
    text = escape(text)
    if "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")
    return text


def escape(text: str) -> str:
    """``text`` as XML character data or a quoted attribute value."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    return text


def run(text: str, *, bold: bool = False, italic: bool = False, style_id: str = "") -> str:
    """A run with ``text`` (tabs and line breaks as Word's own elements)."""
    properties = ""
    if style_id or bold or italic:
        style = f'<w:rStyle w:val="{escape(style_id)}"/>' if style_id else ""
        properties = f"<w:rPr>{style}{'<w:b/>' if bold else ''}{'<w:i/>' if italic else ''}</w:rPr>"
    return f"<w:r>{properties}{_content(text)}</w:r>"


def _content(text: str) -> str:
    if "\t" in text or "\n" in text or "\r" in text:
        parts: list[str] = []
        pending: list[str] = []
        for char in text:
            if char in "\t\r\n":
                if pending:
                    parts.append(_t("".join(pending)))
                    pending.clear()
                parts.append("<w:tab/>" if char == "\t" else "<w:br/>")
            else:
                pending.append(char)
        if pending:
            parts.append(_t("".join(pending)))
        return "".join(parts)
    return _t(text) if text else ""


def _t(text: str) -> str:
    if text[:1].isspace() or text[-1:].isspace():
        return f'<w:t xml:space="preserve">{escape(text)}</w:t>'
    return f"<w:t>{escape(text)}</w:t>"


def paragraph(
    style_id: str,
    content: str = "",
    *,
    keep_next: bool = False,
    indent: int = 0,
    right: bool = False,
) -> str:
    """A paragraph of the style ``style_id`` holding the runs ``content``; ``indent`` in
    twips."""
    keep = "<w:keepNext/>" if keep_next else ""
    ind = f'<w:ind w:left="{indent}"/>' if indent else ""
    jc = '<w:jc w:val="right"/>' if right else ""
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{escape(style_id)}"/>{keep}{ind}{jc}</w:pPr>{content}</w:p>'
    )


def cell(
    width: int,
    content: str,
    *,
    span: int = 1,
    border_top: bool = False,
    no_wrap: bool = False,
    bottom: bool = False,
) -> str:
    """A cell ``width`` twips wide holding the paragraphs ``content`` (at least one)."""
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    border = _BORDER_TOP if border_top else ""
    wrap = "<w:noWrap/>" if no_wrap else ""
    align = '<w:vAlign w:val="bottom"/>' if bottom else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{grid}{border}{wrap}{align}'
        f"</w:tcPr>{content}</w:tc>"
    )


def field(instruction: str, result: str, style_id: str) -> str:
    """A complex field (begin, instruction, separate, cached result, end) whose ``result``
    shows until Word updates it."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r><w:rPr><w:rStyle w:val="{escape(style_id)}"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(result)}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def footnote_reference(footnote_id: int, style_id: str, bookmark_id: int, name: str) -> str:
    """The mark of footnote ``footnote_id`` inside a bookmark named ``name``."""
    return (
        f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{escape(name)}"/>'
        f'<w:r><w:rPr><w:rStyle w:val="{escape(style_id)}"/></w:rPr>'
        f'<w:footnoteReference w:id="{footnote_id}"/></w:r>'
        f'<w:bookmarkEnd w:id="{bookmark_id}"/>'
    )


def row(cells: str, *, header: bool = False, split: bool = False) -> str:
    """A row of ``cells``, kept on one page unless it may ``split``; a header row repeats
    at the top of each page."""
    if split:
        return f"<w:tr>{cells}</w:tr>"
    repeat = "<w:tblHeader/>" if header else ""
    return f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>{cells}</w:tr>"


def table(style_id: str, widths: list[int], caption: str, rows: list[str]) -> Element:
    """A table element of fixed column ``widths`` (twips) and total width, with ``caption``
    as its alternative text, made from the markup of its ``rows``."""
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    alt = f'<w:tblCaption w:val="{attribute(caption[:255])}"/>' if caption else ""
    markup = (
        f'{_OPEN}<w:tblPr><w:tblStyle w:val="{escape(style_id)}"/>'
        f'<w:tblW w:type="dxa" w:w="{sum(widths)}"/><w:tblLayout w:type="fixed"/>{_TBL_LOOK}'
        f"{alt}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )
    return etree.fromstring(markup)
