"""Narrative text as a small typed tree: Markdown parsed once, when the report is built
(``reports.build.markdown``).

The report model carries this tree instead of HTML or Markdown strings, so that no renderer
parses text again: HTML, Word and PDF each walk the same tree. A live reference
(``{{ tabell.… }}``) is resolved into its figure before parsing, and the tree keeps where it
stood as a ``Reference`` node.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

# --- inline ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Plain:
    text: str


@dataclass(frozen=True, slots=True)
class Reference:
    """A live reference, already resolved into the text of its figure ('−10 326 tkr')."""

    text: str


@dataclass(frozen=True, slots=True)
class Code:
    text: str


@dataclass(frozen=True, slots=True)
class SoftBreak:
    """A line break in the source: a space to the reader."""


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break (two spaces or a backslash at the end of the line)."""


@dataclass(frozen=True, slots=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    """Already normalised (percent-encoded) and validated by the parser."""
    children: tuple[Inline, ...]
    title: str = ""


@dataclass(frozen=True, slots=True)
class Image:
    src: str
    label: str
    """The alternative text as written, e.g. 'Karta *2020*'."""
    alt: str
    """The alternative text as plain text, e.g. 'Karta 2020'."""
    title: str = ""


Inline = Plain | Reference | Code | SoftBreak | LineBreak | Emphasis | Strong | Link | Image

# --- blocks ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    children: tuple[Inline, ...]
    tight: bool = False
    """A paragraph of a tight list item: HTML shows its text without a <p>."""


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    """As written: 3 for '### ' (the '## ' of a text file start subsections)."""
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class ListItem:
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[ListItem, ...]


@dataclass(frozen=True, slots=True)
class OrderedList:
    items: tuple[ListItem, ...]
    start: int = 1


@dataclass(frozen=True, slots=True)
class Quote:
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class CodeBlock:
    text: str
    language: str = ""
    """The first word after the opening fence, e.g. 'python'; empty for indented code."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A thematic break ('---')."""


class Align(enum.StrEnum):
    NONE = ""
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True, slots=True)
class TableCell:
    children: tuple[Inline, ...]
    align: Align = Align.NONE


@dataclass(frozen=True, slots=True)
class TableRow:
    cells: tuple[TableCell, ...]


@dataclass(frozen=True, slots=True)
class MarkdownTable:
    """A table written in the text (not a table of figures)."""

    head: tuple[TableRow, ...]
    body: tuple[TableRow, ...]


Block = Paragraph | Heading | BulletList | OrderedList | Quote | CodeBlock | Rule | MarkdownTable


@dataclass(frozen=True, slots=True)
class RichText:
    blocks: tuple[Block, ...]


def plain_text(spans: tuple[Inline, ...]) -> str:
    """The text of inline nodes without their markup, as an image's alternative text."""
    out: list[str] = []
    for span in spans:
        if isinstance(span, Plain | Reference | Code):
            out.append(span.text)
        elif isinstance(span, SoftBreak | LineBreak):
            out.append("\n")
        elif isinstance(span, Image):
            out.append(span.alt)
        else:
            out.append(plain_text(span.children))
    return "".join(out)
