"""A table's comment in Word: plain paragraphs and list items, with bold and italic."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from uppsikt.reports.plain import Mark, events
from uppsikt.reports.richtext import RichText
from uppsikt.reports.word import wml
from uppsikt.reports.word.writer import Container, Writer

_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
_BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"}
_Run = tuple[str, bool, bool]


@dataclass
class PlainBlock:
    tag: str
    ordered: bool = False
    runs: list[_Run] = field(default_factory=list)


@dataclass
class _Blocks:
    """Paragraphs of rich text, with bold and italic; everything else is text."""

    blocks: list[PlainBlock] = field(default_factory=list)
    current: PlainBlock | None = None
    lists: list[bool] = field(default_factory=list)
    bold: int = 0
    italic: int = 0

    def start(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self.lists.append(tag == "ol")
        elif tag in _BLOCK_TAGS:
            self.close()
            self.current = PlainBlock(tag, bool(self.lists and self.lists[-1]))
        elif tag == "strong":
            self.bold += 1
        elif tag == "em":
            self.italic += 1
        elif tag == "br":
            self.text("\n")
        elif tag == "td":
            self.text(" ")  # cells of a row are words apart

    def end(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self.close()
            self.lists.pop()
        elif tag in _BLOCK_TAGS:
            self.close()
        elif tag == "strong":
            self.bold = max(self.bold - 1, 0)
        elif tag == "em":
            self.italic = max(self.italic - 1, 0)

    def text(self, data: str) -> None:
        if self.current is None:
            if not data.strip():
                return
            self.current = PlainBlock("p")
        self.current.runs.append((data, self.bold > 0, self.italic > 0))

    def close(self) -> None:
        if self.current is not None and "".join(r[0] for r in self.current.runs).strip():
            self.blocks.append(self.current)
        self.current = None


def plain_blocks(text: RichText) -> list[PlainBlock]:
    """The paragraphs and list items of ``text``, keeping only bold and italic."""
    reader = _Blocks()
    for event in events(text):
        if event.mark is Mark.START:
            reader.start(event.value)
        elif event.mark is Mark.END:
            reader.end(event.value)
        else:
            reader.text(event.value)
    reader.close()
    return reader.blocks


def add_plain(
    writer: Writer,
    text: RichText | list[PlainBlock],
    container: Container | None = None,
) -> None:
    """Write ``text`` (or its ``plain_blocks``) as paragraphs and list items, keeping only
    bold and italic."""
    blocks = text if isinstance(text, list) else plain_blocks(text)
    for block in blocks:
        style = "Normal"
        if block.tag == "li":
            style = "List Number" if block.ordered else "List Bullet"
        paragraph = writer.paragraph("", style, container)
        for text_run, bold, italic in _collapse(block.runs):
            wml.run(paragraph, text_run, bold=bold, italic=italic)


def _collapse(runs: list[_Run]) -> list[_Run]:
    """Runs with whitespace collapsed: line breaks and indentation become single spaces
    (no-break spaces are kept, they are part of the figures)."""
    collapsed: list[_Run] = []
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
