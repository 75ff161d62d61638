"""Rich text read as plain text in blocks, for a table's comment in Word and PDF.

A table's comment is shown as plain paragraphs (bold and italic kept in Word), the way it was
shown when renderers read it back from HTML: the events below are the elements of that HTML,
in order, so Word and PDF keep showing exactly what they did, without any HTML being written
or parsed.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass

from uppsikt.reports.richtext import (
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
    TableRow,
)


class Mark(enum.Enum):
    START = "start"
    END = "end"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Event:
    mark: Mark
    value: str
    """The element ('p', 'li', 'ol', 'strong', 'br', …) or, for TEXT, the text."""


def events(text: RichText) -> Iterator[Event]:
    """The elements and texts of ``text`` in reading order; text between two elements is one
    event, as in HTML (Word makes a run of each)."""
    pending: list[str] = []
    for event in _blocks(text.blocks):
        if event.mark is Mark.TEXT:
            pending.append(event.value)
            continue
        if pending:
            yield Event(Mark.TEXT, "".join(pending))
            pending = []
        yield event
    if pending:
        yield Event(Mark.TEXT, "".join(pending))


def _element(tag: str, inner: Iterator[Event]) -> Iterator[Event]:
    yield Event(Mark.START, tag)
    yield from inner
    yield Event(Mark.END, tag)


_NEWLINE = Event(Mark.TEXT, "\n")


def _block_element(tag: str, inner: Iterator[Event]) -> Iterator[Event]:
    """A block-level element: in HTML a line break follows it, which separates its text from
    the next block's even where a reader joins the two."""
    yield from _element(tag, inner)
    yield _NEWLINE


def _blocks(blocks: tuple[Block, ...]) -> Iterator[Event]:
    for block in blocks:
        yield from _block(block)


def _block(block: Block) -> Iterator[Event]:
    if isinstance(block, Paragraph):
        spans = _spans(block.children)
        if block.tight:
            yield from spans
            yield _NEWLINE
        else:
            yield from _block_element("p", spans)
    elif isinstance(block, Heading):
        yield from _block_element(f"h{block.level}", _spans(block.children))
    elif isinstance(block, BulletList | OrderedList):
        tag = "ol" if isinstance(block, OrderedList) else "ul"
        yield Event(Mark.START, tag)
        for item in block.items:
            yield from _block_element("li", _blocks(item.blocks))
        yield Event(Mark.END, tag)
        yield _NEWLINE
    elif isinstance(block, Quote):
        yield from _block_element("blockquote", _blocks(block.blocks))
    elif isinstance(block, CodeBlock):
        yield from _block_element("pre", iter((Event(Mark.TEXT, block.text),)))
    elif isinstance(block, MarkdownTable):
        for row in (*block.head, *block.body):
            yield from _block_element("tr", _cells(row))
    # a thematic break has no text


def _cells(row: TableRow) -> Iterator[Event]:
    for cell in row.cells:
        yield from _block_element("td", _spans(cell.children))


def _spans(spans: tuple[Inline, ...]) -> Iterator[Event]:
    for span in spans:
        if isinstance(span, Plain | Reference):
            yield Event(Mark.TEXT, span.text)
        elif isinstance(span, Code):
            yield from _element("code", iter((Event(Mark.TEXT, span.text),)))
        elif isinstance(span, SoftBreak):
            yield Event(Mark.TEXT, "\n")
        elif isinstance(span, LineBreak):
            yield Event(Mark.START, "br")
            yield Event(Mark.TEXT, "\n")
        elif isinstance(span, Strong):
            yield from _element("strong", _spans(span.children))
        elif isinstance(span, Emphasis):
            yield from _element("em", _spans(span.children))
        elif isinstance(span, Link):
            yield from _element("a", _spans(span.children))
        elif isinstance(span, Image):
            yield Event(Mark.START, "img")  # an image shows no text here
