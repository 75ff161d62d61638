"""Narrative text in Word, written from the model's rich-text tree with the template's styles.

Paragraphs, bold and italic, headings, bullet and numbered lists, quotes, code, tables, and
links as their text followed by the address. (A table's comment is plainer: word/flat.py.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from docx.shared import Cm

from uppsikt.reports.richtext import (
    Align,
    Fold,
    Image,
    InlineFold,
    Link,
    RichText,
    plain_text,
)
from uppsikt.reports.word import wml
from uppsikt.reports.word.wml import Element
from uppsikt.reports.word.writer import Container, Writer

LIST_INDENT = Cm(0.63)
"""Indentation per list level of paragraphs that continue a list item."""
QUOTE_INDENT = Cm(1)


@dataclass(frozen=True, slots=True)
class _Run:
    text: str
    bold: bool = False
    italic: bool = False
    is_break: bool = False
    """A line break: a run of its own, never bold or italic."""


_Runs = tuple[_Run, ...]
_Step = Callable[[], None]
"""A block, to be written when its turn comes (Word is written in reading order)."""
_Cells = list[list[tuple[_Runs, Align]]]


class _Inline(InlineFold[_Runs]):
    """Inline text as Word runs: bold, italic, code, breaks, and links with their address."""

    def join_inline(self, parts: list[_Runs]) -> _Runs:
        return tuple(run for part in parts for run in part)

    def text(self, text: str) -> _Runs:
        return (_Run(text),)

    def code(self, text: str) -> _Runs:
        return (_Run(text),)

    def soft_break(self) -> _Runs:
        return (_Run(" "),)

    def line_break(self) -> _Runs:
        return (_Run("", is_break=True),)

    def emphasis(self, inner: _Runs) -> _Runs:
        return tuple(replace(run, italic=True) for run in inner)

    def strong(self, inner: _Runs) -> _Runs:
        return tuple(replace(run, bold=True) for run in inner)

    def link(self, link: Link, inner: _Runs) -> _Runs:
        label = plain_text(link.children).strip()
        shown = link.href.removeprefix("mailto:")
        return (*inner, _Run(f" ({shown})")) if shown and shown != label else inner

    def image(self, image: Image) -> _Runs:
        return (_Run(image.label or image.alt),)


@dataclass
class _List:
    ordered: bool
    num_id: int | None


@dataclass
class _RichWriter(_Inline, Fold[_Step, _Runs]):
    """A text's blocks, each folded into a step; the steps write in reading order, keeping
    the lists and quotes they are in."""

    writer: Writer
    section_level: int
    container: Container | None
    lists: list[_List] = field(default_factory=list)
    item_started: bool = False
    quote_depth: int = 0

    def join_blocks(self, parts: list[_Step]) -> _Step:
        def write() -> None:
            for part in parts:
                part()

        return write

    def paragraph(self, inner: _Runs, *, tight: bool) -> _Step:  # noqa: ARG002 - as any other
        return lambda: _write_runs(self._paragraph(), inner)

    def heading(self, level: int, inner: _Runs) -> _Step:
        # '## ' parts are subsections already; '### ' is one level below the section
        shown = max(self.section_level + level - 2, self.section_level + 1)
        return lambda: _write_runs(self.writer.heading("", shown, self.container), inner)

    def bullet_list(self, items: list[_Step]) -> _Step:
        return lambda: self._list(items, ordered=False, start=1)

    def ordered_list(self, items: list[_Step], start: int) -> _Step:
        return lambda: self._list(items, ordered=True, start=start)

    def quote(self, inner: _Step) -> _Step:
        def write() -> None:
            self.quote_depth += 1
            inner()
            self.quote_depth -= 1

        return write

    def code_block(self, text: str, language: str) -> _Step:  # noqa: ARG002 - shown plain
        def write() -> None:
            for line in text.rstrip("\n").split("\n"):
                wml.run(self._paragraph(), line)

        return write

    def rule(self) -> _Step:
        return lambda: None  # a thematic break has no counterpart in the document's flow

    def table(self, head: _Cells, body: _Cells) -> _Step:
        return lambda: _table(self.writer, head, body)

    def _list(self, items: list[_Step], *, ordered: bool, start: int) -> None:
        self.lists.append(_List(ordered, self.writer.new_list(ordered, start)))
        for item in items:
            self.item_started = True
            item()
        self.lists.pop()

    def _paragraph(self) -> Element:
        if not self.lists:
            indent = QUOTE_INDENT * self.quote_depth if self.quote_depth else None
            return self.writer.paragraph("", "Normal", self.container, indent=indent)
        current = self.lists[-1]
        depth = len(self.lists)
        if not self.item_started:  # a further paragraph of the same item
            return self.writer.paragraph("", "Normal", self.container, indent=LIST_INDENT * depth)
        self.item_started = False
        style = "List Number" if current.ordered else "List Bullet"
        paragraph = self.writer.paragraph("", style, self.container)
        if current.num_id is not None:
            wml.set_numbering(paragraph, current.num_id, depth - 1)
        return paragraph


def add_richtext(
    writer: Writer, text: RichText, section_level: int, container: Container | None = None
) -> None:
    """Write narrative ``text`` of a section at heading level ``section_level``."""
    _RichWriter(writer, section_level, container).blocks(text.blocks)()


def _write_runs(
    paragraph: Element, runs: _Runs, *, bold: bool = False, italic: bool = False
) -> None:
    for run in runs:
        if run.is_break:
            wml.line_break(paragraph)
        elif run.text:
            wml.run(paragraph, run.text, bold=bold or run.bold, italic=italic or run.italic)


def _table(writer: Writer, head: _Cells, body: _Cells) -> None:
    """A table written in the text as a Word table with the template's table style."""
    rows = [(True, row) for row in head] + [(False, row) for row in body]
    if not rows:
        return
    columns = max(len(row) for _, row in rows)
    shares = [2.0] + [1.0] * (columns - 1) if columns > 1 else [1.0]
    widths = [int(writer.text_width * share / sum(shares)) for share in shares]
    tbl = writer.table(widths)
    for is_header, row in rows:
        tr = wml.row(tbl, header=is_header)
        for index, width in enumerate(widths):
            tc = wml.cell(tr, width)
            if index >= len(row):
                wml.paragraph(tc)  # a cell holds at least one paragraph
                continue
            runs, align = row[index]
            paragraph = writer.paragraph("", "uppsikt-tabelltext", tc, align=_ALIGN.get(align))
            _write_runs(paragraph, runs, bold=is_header)


_ALIGN = {Align.RIGHT: "right", Align.CENTER: "center"}
