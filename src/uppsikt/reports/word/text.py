"""Narrative text in Word: Markdown (from the model's ``Text.markdown``) and plain HTML.

Markdown is read with the same parser settings as the HTML renderer (CommonMark, tables, raw
HTML shown as text) and written with the template's styles: paragraphs, bold and italic,
bullet and numbered lists, tables, and links as their text followed by the address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from markdown_it.token import Token

from uppsikt.reports.word import xml
from uppsikt.reports.word.writer import Container, Writer

LIST_INDENT = Cm(0.63)
"""Indentation per list level of paragraphs that continue a list item."""


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


@dataclass
class _List:
    ordered: bool
    num_id: int | None


@dataclass
class _MarkdownWriter:
    writer: Writer
    section_level: int
    container: Container | None
    lists: list[_List] = field(default_factory=list)
    item_started: bool = False
    quote_depth: int = 0

    def render(self, tokens: list[Token]) -> None:
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.type == "table_open":
                end = _matching_close(tokens, index, "table")
                markdown_table(self.writer, tokens[index:end])
                index = end + 1
                continue
            self._block(token, tokens[index + 1] if index + 1 < len(tokens) else None)
            index += 1

    def _block(self, token: Token, following: Token | None) -> None:
        kind = token.type
        if kind in ("paragraph_open", "heading_open") and following is not None:
            if kind == "heading_open":
                # '## ' parts are subsections already; '### ' is one level below the section
                level = max(self.section_level + int(token.tag[1:]) - 2, self.section_level + 1)
                add_inline(self.writer.heading("", level, self.container), following)
            else:
                add_inline(self._paragraph(), following)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            start = int(str(token.attrs.get("start", 1)))
            self.lists.append(_List(ordered, self.writer.new_list(ordered, start)))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            self.item_started = True
        elif kind == "blockquote_open":
            self.quote_depth += 1
        elif kind == "blockquote_close":
            self.quote_depth -= 1
        elif kind in ("fence", "code_block", "html_block"):
            for line in token.content.rstrip("\n").split("\n"):
                self._paragraph().add_run(line)

    def _paragraph(self) -> Paragraph:
        if not self.lists:
            paragraph = self.writer.paragraph("", "Normal", self.container)
            if self.quote_depth:
                paragraph.paragraph_format.left_indent = Cm(1) * self.quote_depth
            return paragraph
        current = self.lists[-1]
        depth = len(self.lists)
        if not self.item_started:  # a further paragraph of the same item
            paragraph = self.writer.paragraph("", "Normal", self.container)
            paragraph.paragraph_format.left_indent = LIST_INDENT * depth
            return paragraph
        self.item_started = False
        style = "List Number" if current.ordered else "List Bullet"
        paragraph = self.writer.paragraph("", style, self.container)
        if current.num_id is not None:
            xml.set_numbering(paragraph._p.get_or_add_pPr(), current.num_id, depth - 1)
        return paragraph


def _matching_close(tokens: list[Token], start: int, tag: str) -> int:
    for index in range(start, len(tokens)):
        if tokens[index].type == f"{tag}_close":
            return index
    return len(tokens) - 1


def add_markdown(
    writer: Writer, markdown: str, section_level: int, container: Container | None = None
) -> None:
    """Write ``markdown`` of a section at heading level ``section_level``."""
    _MarkdownWriter(writer, section_level, container).render(_parser().parse(markdown))


def add_inline(paragraph: Paragraph, inline: Token) -> None:
    """The runs of an inline token: text with bold, italic, code, breaks and links."""
    bold = italic = 0
    link: tuple[str, int] | None = None
    written: list[str] = []
    for child in inline.children or []:
        kind = child.type
        text = ""
        if kind in ("text", "code_inline", "html_inline"):
            text = child.content
        elif kind == "softbreak":
            text = " "
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
        elif kind == "image":
            text = child.content or str(child.attrs.get("alt", ""))
        elif kind in ("strong_open", "strong_close"):
            bold += 1 if kind.endswith("open") else -1
        elif kind in ("em_open", "em_close"):
            italic += 1 if kind.endswith("open") else -1
        elif kind == "link_open":
            link = (str(child.attrs.get("href", "")), len(written))
        elif kind == "link_close" and link is not None:
            href, first = link
            label = "".join(written[first:]).strip()
            shown = href.removeprefix("mailto:")
            if shown and shown != label:
                text = f" ({shown})"
            link = None
        if text:
            written.append(text)
            run = paragraph.add_run(text)
            run.bold = bold > 0 or None
            run.italic = italic > 0 or None


_TableRows = list[tuple[bool, list[tuple[Token, str]]]]


def _table_rows(tokens: list[Token]) -> _TableRows:
    """Each row of a Markdown table: whether it is a header row, and its cells' inline
    tokens with their alignment."""
    rows: _TableRows = []
    header = False
    for index, token in enumerate(tokens):
        if token.type == "thead_open":
            header = True
        elif token.type == "thead_close":
            header = False
        elif token.type == "tr_open":
            rows.append((header, []))
        elif token.type in ("th_open", "td_open") and rows:
            align = str(token.attrs.get("style", "")).removeprefix("text-align:")
            rows[-1][1].append((tokens[index + 1], align))
    return rows


def markdown_table(writer: Writer, tokens: list[Token]) -> None:
    """A Markdown table as a Word table with the template's table style."""
    rows = _table_rows(tokens)
    if not rows:
        return
    columns = max(len(cells) for _, cells in rows)
    shares = [2.0] + [1.0] * (columns - 1) if columns > 1 else [1.0]
    widths = [int(writer.text_width * share / sum(shares)) for share in shares]
    table = writer.table(len(rows), widths)
    for row, (is_header, cells) in zip(table.rows, rows, strict=True):
        xml.mark_row(row._tr, header=is_header)
        for cell, (inline, align) in zip(row.cells, cells, strict=False):
            paragraph = cell.paragraphs[0]
            writer.set_style(paragraph, "uppsikt-tabelltext")
            add_inline(paragraph, inline)
            if is_header:
                for run in paragraph.runs:
                    run.bold = True
            if align == "right":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif align == "center":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


# --- HTML ----------------------------------------------------------------------------------

_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
_BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "blockquote", "tr"}


@dataclass
class _Block:
    tag: str
    ordered: bool = False
    runs: list[tuple[str, bool, bool]] = field(default_factory=list)


class _HtmlBlocks(HTMLParser):
    """Paragraphs of an HTML fragment, with bold and italic; everything else is text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[_Block] = []
        self._current: _Block | None = None
        self._lists: list[bool] = []
        self._bold = 0
        self._italic = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        if tag in ("ul", "ol"):
            self._lists.append(tag == "ol")
        elif tag in _BLOCK_TAGS:
            self._close()
            ordered = bool(self._lists and self._lists[-1])
            self._current = _Block(tag, ordered)
        elif tag in ("strong", "b"):
            self._bold += 1
        elif tag in ("em", "i"):
            self._italic += 1
        elif tag == "br":
            self.handle_data("\n")
        elif tag in ("td", "th"):
            self.handle_data(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self._lists:
            self._close()
            self._lists.pop()
        elif tag in _BLOCK_TAGS:
            self._close()
        elif tag in ("strong", "b"):
            self._bold = max(self._bold - 1, 0)
        elif tag in ("em", "i"):
            self._italic = max(self._italic - 1, 0)

    def handle_data(self, data: str) -> None:
        if self._current is None:
            if not data.strip():
                return
            self._current = _Block("p")
        self._current.runs.append((data, self._bold > 0, self._italic > 0))

    def _close(self) -> None:
        if self._current is not None and "".join(r[0] for r in self._current.runs).strip():
            self.blocks.append(self._current)
        self._current = None

    def close(self) -> None:
        super().close()
        self._close()


def add_html(writer: Writer, html: str, container: Container | None = None) -> None:
    """Write an HTML fragment as paragraphs and list items (tags stripped)."""
    parser = _HtmlBlocks()
    parser.feed(html)
    parser.close()
    for block in parser.blocks:
        style = "Normal"
        if block.tag == "li":
            style = "List Number" if block.ordered else "List Bullet"
        paragraph = writer.paragraph("", style, container)
        runs = _collapse(block.runs)
        for text, bold, italic in runs:
            run = paragraph.add_run(text)
            run.bold = bold or None
            run.italic = italic or None


def _collapse(runs: list[tuple[str, bool, bool]]) -> list[tuple[str, bool, bool]]:
    """Runs with HTML whitespace collapsed: source line breaks and indentation become single
    spaces (no-break spaces are kept, they are part of the figures)."""
    collapsed: list[tuple[str, bool, bool]] = []
    previous_space = True
    for text, bold, italic in runs:
        cleaned = _WHITESPACE.sub(" ", text)
        if previous_space:
            cleaned = cleaned.lstrip(" ")
        if cleaned:
            collapsed.append((cleaned, bold, italic))
            previous_space = cleaned.endswith(" ")
    if collapsed:
        text, bold, italic = collapsed[-1]
        collapsed[-1] = (text.rstrip(" "), bold, italic)
    return [run for run in collapsed if run[0]]
