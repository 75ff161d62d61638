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

from uppsikt.reports.richtext import Align, Fold, Image, Link, RichText


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
    for event in _EventFold().blocks(text.blocks):
        if event.mark is Mark.TEXT:
            pending.append(event.value)
            continue
        if pending:
            yield Event(Mark.TEXT, "".join(pending))
            pending = []
        yield event
    if pending:
        yield Event(Mark.TEXT, "".join(pending))


_Events = tuple[Event, ...]
_Cells = list[list[tuple[_Events, Align]]]


def _text(text: str) -> _Events:
    return (Event(Mark.TEXT, text),)


def _element(tag: str, inner: _Events) -> _Events:
    return (Event(Mark.START, tag), *inner, Event(Mark.END, tag))


_NEWLINE = _text("\n")


def _block_element(tag: str, inner: _Events) -> _Events:
    """A block-level element: in HTML a line break follows it, which separates its text from
    the next block's even where a reader joins the two."""
    return (*_element(tag, inner), *_NEWLINE)


class _EventFold(Fold[_Events, _Events]):
    """The elements of the HTML the tree once became, as events."""

    def join_inline(self, parts: list[_Events]) -> _Events:
        return tuple(event for part in parts for event in part)

    def text(self, text: str) -> _Events:
        return _text(text)

    def code(self, text: str) -> _Events:
        return _element("code", _text(text))

    def soft_break(self) -> _Events:
        return _NEWLINE

    def line_break(self) -> _Events:
        return (Event(Mark.START, "br"), *_NEWLINE)

    def emphasis(self, inner: _Events) -> _Events:
        return _element("em", inner)

    def strong(self, inner: _Events) -> _Events:
        return _element("strong", inner)

    def link(self, link: Link, inner: _Events) -> _Events:  # noqa: ARG002 - only the text shows
        return _element("a", inner)

    def image(self, image: Image) -> _Events:  # noqa: ARG002 - an image shows no text here
        return (Event(Mark.START, "img"),)

    def join_blocks(self, parts: list[_Events]) -> _Events:
        return self.join_inline(parts)

    def paragraph(self, inner: _Events, *, tight: bool) -> _Events:
        return (*inner, *_NEWLINE) if tight else _block_element("p", inner)

    def heading(self, level: int, inner: _Events) -> _Events:
        return _block_element(f"h{level}", inner)

    def bullet_list(self, items: list[_Events]) -> _Events:
        return _list("ul", items)

    def ordered_list(self, items: list[_Events], start: int) -> _Events:  # noqa: ARG002 - no number
        return _list("ol", items)

    def quote(self, inner: _Events) -> _Events:
        return _block_element("blockquote", inner)

    def code_block(self, text: str, language: str) -> _Events:  # noqa: ARG002 - text only
        return _block_element("pre", _text(text))

    def rule(self) -> _Events:
        return ()  # a thematic break has no text

    def table(self, head: _Cells, body: _Cells) -> _Events:
        rows = [
            _block_element(
                "tr", self.join_inline([_block_element("td", inner) for inner, _ in row])
            )
            for row in (*head, *body)
        ]
        return self.join_blocks(rows)


def _list(tag: str, items: list[_Events]) -> _Events:
    inner = tuple(event for item in items for event in _block_element("li", item))
    return _block_element(tag, inner)
