"""Markdown narrative parsed, once, into the rich-text tree the report model carries.

The dialect is the one authors write in: CommonMark with tables, raw HTML shown as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, is_dataclass, replace
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_RE, mdTrim, unescapeAll
from markdown_it.token import Token

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
    ListItem,
    MarkdownTable,
    OrderedList,
    Paragraph,
    Plain,
    Quote,
    Reference,
    RichText,
    Rule,
    SoftBreak,
    Strong,
    TableCell,
    TableRow,
    plain_text,
)

REFERENCE_START = "\ue000"
REFERENCE_END = "\ue001"
"""Private-use characters that mark where a resolved reference stands in the text."""
_MARKS = (REFERENCE_START, REFERENCE_END)
_ENCODED_MARKS = ("%EE%80%80", "%EE%80%81")
"""The marks as they appear in a link after the parser percent-encodes it."""


@cache
def _parser() -> MarkdownIt:
    # Raw HTML in narrative is shown as text: authors write Markdown, never markup.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def parse(markdown: str, marked: str | None = None) -> RichText:
    """``markdown`` as a tree. ``marked`` is the same text with each resolved reference
    between ``REFERENCE_START`` and ``REFERENCE_END``; the references become ``Reference``
    nodes, unless the marks changed how the text parses (they can, at the edges of emphasis),
    in which case the tree of ``markdown`` wins and the figures are plain text."""
    plain = RichText(_Builder(references=False).blocks(_parser().parse(markdown)))
    if marked is None:
        return plain
    try:
        found = RichText(_Builder(references=True).blocks(_parser().parse(marked)))
    except _Unbalanced:
        return plain
    return found if _without_references(found) == plain else plain


class _Unbalanced(Exception):
    """A reference's marks did not end up in the same text."""


class _Builder:
    def __init__(self, *, references: bool) -> None:
        self.references = references

    def clean(self, text: str) -> str:
        if not self.references:
            return text
        for mark in (*_MARKS, *_ENCODED_MARKS):
            text = text.replace(mark, "")
        return text

    def blocks(self, tokens: Sequence[Token]) -> tuple[Block, ...]:
        found: list[Block] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            end = _closing(tokens, index) if token.nesting == 1 else index
            block = self.block(token, tokens[index + 1 : end])
            if block is not None:
                found.append(block)
            index = end + 1
        return tuple(found)

    def block(self, token: Token, inner: Sequence[Token]) -> Block | None:  # noqa: PLR0911
        kind = token.type
        if kind == "paragraph_open":
            return Paragraph(self.inline(inner), tight=token.hidden)
        if kind == "heading_open":
            return Heading(int(token.tag[1:]), self.inline(inner))
        if kind in ("bullet_list_open", "ordered_list_open"):
            items = tuple(
                ListItem(self.blocks(body)) for body in _children(inner, "list_item_open")
            )
            if kind == "bullet_list_open":
                return BulletList(items)
            return OrderedList(items, int(str(token.attrs.get("start", 1))))
        if kind == "blockquote_open":
            return Quote(self.blocks(inner))
        if kind in ("fence", "code_block"):
            return CodeBlock(self.clean(token.content), self.clean(_language(token.info)))
        if kind == "hr":
            return Rule()
        if kind == "table_open":
            return self.table(inner)
        return None  # raw HTML blocks cannot occur: the parser shows HTML as text

    def table(self, inner: Sequence[Token]) -> MarkdownTable:
        head: list[TableRow] = []
        body: list[TableRow] = []
        in_head = False
        cells: list[TableCell] = []
        for index, token in enumerate(inner):
            if token.type in ("thead_open", "thead_close"):
                in_head = token.type == "thead_open"
            elif token.type == "tr_open":
                cells = []
            elif token.type == "tr_close":
                (head if in_head else body).append(TableRow(tuple(cells)))
            elif token.type in ("th_open", "td_open"):
                style = str(token.attrs.get("style", ""))
                align = Align(style.removeprefix("text-align:"))
                cells.append(TableCell(self.inline(inner[index + 1 : index + 2]), align))
        return MarkdownTable(tuple(head), tuple(body))

    def inline(self, tokens: Sequence[Token]) -> tuple[Inline, ...]:
        found: list[Inline] = []
        for token in tokens:
            if token.type == "inline":
                found.extend(self.spans(token.children or []))
        return tuple(found)

    def spans(self, tokens: Sequence[Token]) -> list[Inline]:
        found: list[Inline] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind in ("strong_open", "em_open", "link_open"):
                end = _closing(tokens, index)
                children = tuple(self.spans(tokens[index + 1 : end]))
                if kind == "strong_open":
                    found.append(Strong(children))
                elif kind == "em_open":
                    found.append(Emphasis(children))
                else:
                    href = self.clean(str(token.attrs.get("href", "")))
                    title = self.clean(str(token.attrs.get("title", "")))
                    found.append(Link(href, children, title))
                index = end
            elif kind == "code_inline":
                found.append(Code(self.clean(token.content)))
            elif kind == "softbreak":
                found.append(SoftBreak())
            elif kind == "hardbreak":
                found.append(LineBreak())
            elif kind == "image":
                alt = plain_text(tuple(self.spans(token.children or [])))
                src = self.clean(str(token.attrs.get("src", "")))
                title = self.clean(str(token.attrs.get("title", "")))
                found.append(Image(src, self.clean(token.content), alt, title))
            else:  # text (raw HTML is text too)
                found.extend(self.text(token.content))
            index += 1
        return _merged(found)

    def text(self, content: str) -> list[Inline]:
        if not self.references:
            return [Plain(content)]
        found: list[Inline] = []
        rest = content
        while rest:
            start = rest.find(REFERENCE_START)
            end = rest.find(REFERENCE_END)
            if start < 0 and end < 0:
                found.append(Plain(rest))
                break
            if start < 0 or end < start:
                raise _Unbalanced
            if start:
                found.append(Plain(rest[:start]))
            found.append(Reference(rest[start + 1 : end]))
            rest = rest[end + 1 :]
        return found


def _merged(spans: list[Inline]) -> list[Inline]:
    """Adjacent plain texts joined, so that trees compare equal however text was split."""
    out: list[Inline] = []
    for span in spans:
        if isinstance(span, Plain) and out and isinstance(out[-1], Plain):
            out[-1] = Plain(out[-1].text + span.text)
        elif not (isinstance(span, Plain) and not span.text):
            out.append(span)
    return out


def _language(info: str) -> str:
    """The language of a fence as the CommonMark renderer reads it from the info string."""
    words = MD_TRIM_RE.split(mdTrim(unescapeAll(info)), maxsplit=1)
    return words[0] if words else ""


def _without_references(value: Any) -> Any:
    """A tree (or part of one) with every reference turned into plain text."""
    if isinstance(value, Reference):
        return Plain(value.text)
    if isinstance(value, tuple):
        return tuple(_merged([_without_references(v) for v in value]))
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _without_references(getattr(value, f.name)) for f in fields(value)}
        return replace(value, **changes)
    return value


def _closing(tokens: Sequence[Token], start: int) -> int:
    """Index of the token that closes the one opened at ``start``."""
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _children(tokens: Sequence[Token], opener: str) -> list[Sequence[Token]]:
    """The inner tokens of each top-level ``opener`` … close pair in ``tokens``."""
    found: list[Sequence[Token]] = []
    index = 0
    while index < len(tokens):
        if tokens[index].type == opener:
            end = _closing(tokens, index)
            found.append(tokens[index + 1 : end])
            index = end
        index += 1
    return found
