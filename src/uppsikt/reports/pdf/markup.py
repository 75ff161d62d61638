"""Writing Typst source safely: escaped markup, string literals, and rich text as Typst.

Every text from the report model reaches Typst through one of two doors: ``escape`` (literal
text in markup, every character that means something to Typst escaped with a backslash) or
``string`` (a Typst string literal, for arguments in code). Nothing else writes user text into
the source, so no text can turn into markup, code, math, a label or a reference.
"""

from __future__ import annotations

import re
import string as _string

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
    Rule,
    SoftBreak,
    Strong,
)

# Typst markup gives meaning to most ASCII punctuation: '#' code, '*' '_' strong and emphasis,
# '`' raw, '$' math, '<' '>' labels, '@' references, '[' ']' content, '\' escapes, '/' comments
# and term lists, '-' '+' '=' list items, enum items and headings, '~' '...' '--' shorthands,
# '(' '.' ';' continuing or ending an embedded expression. Escaping all of them (Typst accepts
# a backslash before any of them) is simpler than knowing where each one matters. Quotes and
# commas are left as they are: quotes become typographic, commas mean nothing.
_SPECIAL = frozenset(_string.punctuation) - frozenset("\"',")
_LINE_BREAKS = re.compile(r"\s*[\n\r\t\f\v\x85\u2028\u2029]\s*")
"""Whitespace that Typst could read as the start of a new line (and so of a list item)."""
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
MAX_HEADING_LEVEL = 6


def escape(text: str) -> str:
    """``text`` as Typst markup that shows exactly ``text`` (line breaks become spaces)."""
    flat = _LINE_BREAKS.sub(" ", _CONTROL.sub("", text))
    return "".join("\\" + char if char in _SPECIAL else char for char in flat)


def string(text: str) -> str:
    """``text`` as a Typst string literal: ``string('a "b"')`` -> ``"a \\"b\\""``."""
    escaped = (
        _CONTROL.sub("", text)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def content(text: str) -> str:
    """``text`` as a Typst content block: ``[...]`` with the text escaped."""
    return f"[{escape(text)}]"


def richtext(text: RichText, heading_level: int = 1) -> str:
    """Narrative as Typst markup. Headings in the text become headings one level below
    ``heading_level`` and further (they stay out of the table of contents)."""
    return _Converter(heading_level).blocks(text.blocks)


class _Converter:
    """Turns the rich-text tree into Typst markup, one construct at a time."""

    def __init__(self, heading_level: int) -> None:
        self.heading_level = heading_level

    def blocks(self, blocks: tuple[Block, ...]) -> str:
        parts = [part for part in map(self.block, blocks) if part]
        return "\n\n".join(parts)

    def block(self, block: Block) -> str:  # noqa: PLR0911 - one return per kind of block
        if isinstance(block, Paragraph):
            return inline(block.children)
        if isinstance(block, Heading):
            # '###' (the first level free inside a section) is one level below the section.
            depth = max(block.level - 2, 1)
            level = min(self.heading_level + depth, MAX_HEADING_LEVEL)
            return f"#heading(level: {level}, outlined: false)[{inline(block.children)}]"
        if isinstance(block, Quote):
            return f"#quote(block: true)[{self.blocks(block.blocks)}]"
        if isinstance(block, CodeBlock):
            return f"#raw(block: true, {string(block.text.rstrip())})"
        if isinstance(block, Rule):
            return "#line(length: 100%, stroke: 0.5pt + luma(140))"
        if isinstance(block, BulletList | OrderedList):
            items = ", ".join(f"[{self.blocks(item.blocks)}]" for item in block.items)
            if isinstance(block, BulletList):
                return f"#list({items})"
            return f"#enum(start: {block.start}, {items})"
        return _table(block)


def _table(table: MarkdownTable) -> str:
    head = [f"[{inline(c.children)}]" for row in table.head for c in row.cells]
    body = [f"[{inline(c.children)}]" for row in table.body for c in row.cells]
    aligns = [
        "right" if cell.align is Align.RIGHT else "left" for row in table.head for cell in row.cells
    ]
    columns = len(aligns) or 1
    header = f"table.header({', '.join(head)}), " if head else ""
    return (
        f"#markdown-table(table(columns: {columns}, align: ({', '.join(aligns)},), "
        f"{header}{', '.join(body)}))"
    )


def inline(spans: tuple[Inline, ...]) -> str:
    return "".join(_span(span) for span in spans)


def _span(span: Inline) -> str:  # noqa: PLR0911 - one return per kind of span
    if isinstance(span, Strong):
        return f"#strong[{inline(span.children)}]"
    if isinstance(span, Emphasis):
        return f"#emph[{inline(span.children)}]"
    if isinstance(span, Link):
        return f"#link({string(span.href)})[{inline(span.children)}]"
    if isinstance(span, Code):
        return f"#raw({string(span.text)})"
    if isinstance(span, SoftBreak):
        return " "
    if isinstance(span, LineBreak):
        return "#linebreak()"
    if isinstance(span, Image):
        return escape(span.label)  # the alternative text as written
    return escape(span.text) if isinstance(span, Plain | Reference) else ""
