"""Narrative text in Word, written from the model's rich-text tree with the template's styles.

Paragraphs, bold and italic, headings, bullet and numbered lists, quotes, code, tables, and
links as their text followed by the address. (A table's comment is plainer: word/flat.py.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm
from docx.text.paragraph import Paragraph as DocxParagraph

from uppsikt.reports.richtext import (
    Align,
    Block,
    BulletList,
    Code,
    CodeBlock,
    Emphasis,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    MarkdownTable,
    OrderedList,
    Paragraph,
    Plain,
    Quote,
    Reference,
    RichText,
    SoftBreak,
    Strong,
    plain_text,
)
from uppsikt.reports.word import xml
from uppsikt.reports.word.writer import Container, Writer

LIST_INDENT = Cm(0.63)
"""Indentation per list level of paragraphs that continue a list item."""
QUOTE_INDENT = Cm(1)


@dataclass
class _List:
    ordered: bool
    num_id: int | None


@dataclass
class _RichWriter:
    writer: Writer
    section_level: int
    container: Container | None
    lists: list[_List] = field(default_factory=list)
    item_started: bool = False
    quote_depth: int = 0

    def blocks(self, blocks: tuple[Block, ...]) -> None:
        for block in blocks:
            self.block(block)

    def block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            add_inline(self._paragraph(), block.children)
        elif isinstance(block, Heading):
            # '## ' parts are subsections already; '### ' is one level below the section
            level = max(self.section_level + block.level - 2, self.section_level + 1)
            add_inline(self.writer.heading("", level, self.container), block.children)
        elif isinstance(block, BulletList | OrderedList):
            ordered = isinstance(block, OrderedList)
            start = block.start if isinstance(block, OrderedList) else 1
            self.lists.append(_List(ordered, self.writer.new_list(ordered, start)))
            for item in block.items:
                self.item_started = True
                self.blocks(item.blocks)
            self.lists.pop()
        elif isinstance(block, Quote):
            self.quote_depth += 1
            self.blocks(block.blocks)
            self.quote_depth -= 1
        elif isinstance(block, CodeBlock):
            for line in block.text.rstrip("\n").split("\n"):
                self._paragraph().add_run(line)
        elif isinstance(block, MarkdownTable):
            markdown_table(self.writer, block)
        # a thematic break has no counterpart in the document's flow

    def _paragraph(self) -> DocxParagraph:
        if not self.lists:
            paragraph = self.writer.paragraph("", "Normal", self.container)
            if self.quote_depth:
                paragraph.paragraph_format.left_indent = QUOTE_INDENT * self.quote_depth
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


def add_richtext(
    writer: Writer, text: RichText, section_level: int, container: Container | None = None
) -> None:
    """Write narrative ``text`` of a section at heading level ``section_level``."""
    _RichWriter(writer, section_level, container).blocks(text.blocks)


def add_inline(
    paragraph: DocxParagraph, spans: tuple[Inline, ...], *, bold: bool = False, italic: bool = False
) -> None:
    """The runs of inline text: bold, italic, code, breaks, and links with their address."""
    for span in spans:
        if isinstance(span, Strong):
            add_inline(paragraph, span.children, bold=True, italic=italic)
        elif isinstance(span, Emphasis):
            add_inline(paragraph, span.children, bold=bold, italic=True)
        elif isinstance(span, LineBreak):
            paragraph.add_run().add_break()
        elif isinstance(span, Link):
            add_inline(paragraph, span.children, bold=bold, italic=italic)
            label = plain_text(span.children).strip()
            shown = span.href.removeprefix("mailto:")
            if shown and shown != label:
                _run(paragraph, f" ({shown})", bold=bold, italic=italic)
        else:
            _run(paragraph, _text(span), bold=bold, italic=italic)


def _text(span: Inline) -> str:
    if isinstance(span, Plain | Reference | Code):
        return span.text
    if isinstance(span, SoftBreak):
        return " "
    if isinstance(span, Image):
        return span.label or span.alt
    return ""


def _run(paragraph: DocxParagraph, text: str, *, bold: bool, italic: bool) -> None:
    if text:
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None


def markdown_table(writer: Writer, table: MarkdownTable) -> None:
    """A table written in the text as a Word table with the template's table style."""
    rows = [(True, row) for row in table.head] + [(False, row) for row in table.body]
    if not rows:
        return
    columns = max(len(row.cells) for _, row in rows)
    shares = [2.0] + [1.0] * (columns - 1) if columns > 1 else [1.0]
    widths = [int(writer.text_width * share / sum(shares)) for share in shares]
    word_table = writer.table(len(rows), widths)
    for word_row, (is_header, row) in zip(word_table.rows, rows, strict=True):
        xml.mark_row(word_row._tr, header=is_header)
        for cell, source in zip(word_row.cells, row.cells, strict=False):
            paragraph = cell.paragraphs[0]
            writer.set_style(paragraph, "uppsikt-tabelltext")
            add_inline(paragraph, source.children)
            if is_header:
                for run in paragraph.runs:
                    run.bold = True
            if source.align is Align.RIGHT:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif source.align is Align.CENTER:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
