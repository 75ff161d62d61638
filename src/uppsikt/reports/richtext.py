"""Narrative text as a small typed tree: Markdown parsed once, when the report is built
(``reports.build.markdown``).

The report model carries this tree instead of HTML or Markdown strings, so that no renderer
parses text again. A live reference (``{{ tabell.… }}``) is resolved into its figure before
parsing, and the tree keeps where it stood as a ``Reference`` node.

The tree is walked in one place, ``Fold``: a renderer (HTML, Word, PDF, the plain events of a
table's comment) says only what each construct becomes, given what its parts became.
"""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Generic, TypeVar, assert_never

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


# --- the walk -------------------------------------------------------------------------------

S = TypeVar("S")
"""What a renderer makes of inline text."""
B = TypeVar("B")
"""What a renderer makes of blocks."""


class InlineFold(ABC, Generic[S]):
    """Inline text folded bottom-up: ``inline`` walks the nodes; a subclass says what each one
    becomes, a container (emphasis, a link) given what its children became."""

    def inline(self, spans: tuple[Inline, ...]) -> S:
        return self.join_inline([self.span(span) for span in spans])

    def span(self, span: Inline) -> S:  # noqa: PLR0911 - one return per kind of span
        match span:
            case Plain():
                return self.text(span.text)
            case Reference():
                return self.reference(span.text)
            case Code():
                return self.code(span.text)
            case SoftBreak():
                return self.soft_break()
            case LineBreak():
                return self.line_break()
            case Emphasis():
                return self.emphasis(self.inline(span.children))
            case Strong():
                return self.strong(self.inline(span.children))
            case Link():
                return self.link(span, self.inline(span.children))
            case Image():
                return self.image(span)
            case _:
                assert_never(span)

    @abstractmethod
    def join_inline(self, parts: list[S]) -> S:
        """Consecutive spans as one."""

    @abstractmethod
    def text(self, text: str) -> S: ...

    def reference(self, text: str) -> S:
        """A resolved reference: by default the text of its figure, like any text."""
        return self.text(text)

    @abstractmethod
    def code(self, text: str) -> S: ...

    @abstractmethod
    def soft_break(self) -> S: ...

    @abstractmethod
    def line_break(self) -> S: ...

    @abstractmethod
    def emphasis(self, inner: S) -> S: ...

    @abstractmethod
    def strong(self, inner: S) -> S: ...

    @abstractmethod
    def link(self, link: Link, inner: S) -> S:
        """``inner`` is the link's text, folded; ``link`` has its address and title."""

    @abstractmethod
    def image(self, image: Image) -> S: ...


class Fold(InlineFold[S], Generic[B, S]):
    """A whole text folded bottom-up: ``blocks`` walks the blocks, ``inline`` their text."""

    def blocks(self, blocks: tuple[Block, ...]) -> B:
        return self.join_blocks([self.block(block) for block in blocks])

    def block(self, block: Block) -> B:  # noqa: PLR0911 - one return per kind of block
        match block:
            case Paragraph():
                return self.paragraph(self.inline(block.children), tight=block.tight)
            case Heading():
                return self.heading(block.level, self.inline(block.children))
            case BulletList():
                return self.bullet_list([self.blocks(item.blocks) for item in block.items])
            case OrderedList():
                items = [self.blocks(item.blocks) for item in block.items]
                return self.ordered_list(items, block.start)
            case Quote():
                return self.quote(self.blocks(block.blocks))
            case CodeBlock():
                return self.code_block(block.text, block.language)
            case Rule():
                return self.rule()
            case MarkdownTable():
                return self.table(self._rows(block.head), self._rows(block.body))
            case _:
                assert_never(block)

    def _rows(self, rows: tuple[TableRow, ...]) -> list[list[tuple[S, Align]]]:
        return [[(self.inline(cell.children), cell.align) for cell in row.cells] for row in rows]

    @abstractmethod
    def join_blocks(self, parts: list[B]) -> B:
        """Consecutive blocks (a text, a list item, a quote's content) as one."""

    @abstractmethod
    def paragraph(self, inner: S, *, tight: bool) -> B:
        """``tight``: a paragraph of a tight list item (HTML shows its text without <p>)."""

    @abstractmethod
    def heading(self, level: int, inner: S) -> B: ...

    @abstractmethod
    def bullet_list(self, items: list[B]) -> B: ...

    @abstractmethod
    def ordered_list(self, items: list[B], start: int) -> B: ...

    @abstractmethod
    def quote(self, inner: B) -> B: ...

    @abstractmethod
    def code_block(self, text: str, language: str) -> B: ...

    @abstractmethod
    def rule(self) -> B: ...

    @abstractmethod
    def table(self, head: list[list[tuple[S, Align]]], body: list[list[tuple[S, Align]]]) -> B:
        """The rows of a table written in the text, each cell folded with its alignment."""


class _PlainText(InlineFold[str]):
    def join_inline(self, parts: list[str]) -> str:
        return "".join(parts)

    def text(self, text: str) -> str:
        return text

    def code(self, text: str) -> str:
        return text

    def soft_break(self) -> str:
        return "\n"

    def line_break(self) -> str:
        return "\n"

    def emphasis(self, inner: str) -> str:
        return inner

    def strong(self, inner: str) -> str:
        return inner

    def link(self, link: Link, inner: str) -> str:  # noqa: ARG002 - only the text shows
        return inner

    def image(self, image: Image) -> str:
        return image.alt


def plain_text(spans: tuple[Inline, ...]) -> str:
    """The text of inline nodes without their markup, as an image's alternative text."""
    return _PlainText().inline(spans)
