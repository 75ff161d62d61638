"""Writing Typst source safely: escaped markup, string literals, and rich text as Typst.

Every text from the report model reaches Typst through one of two doors: ``escape`` (literal
text in markup, every character that means something to Typst escaped with a backslash) or
``string`` (a Typst string literal, for arguments in code). Nothing else writes user text into
the source, so no text can turn into markup, code, math, a label or a reference.
"""

from __future__ import annotations

import re
import string as _string

from uppsikt.reports.richtext import Align, Fold, Image, Inline, Link, RichText

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
    return _Typst(heading_level).blocks(text.blocks)


def inline(spans: tuple[Inline, ...]) -> str:
    """Inline text as Typst markup."""
    return _Typst().inline(spans)


_Cells = list[list[tuple[str, Align]]]


class _Typst(Fold[str, str]):
    """The rich-text tree as Typst markup, one construct at a time."""

    def __init__(self, heading_level: int = 1) -> None:
        self.heading_level = heading_level

    def join_inline(self, parts: list[str]) -> str:
        return "".join(parts)

    def text(self, text: str) -> str:
        return escape(text)

    def code(self, text: str) -> str:
        return f"#raw({string(text)})"

    def soft_break(self) -> str:
        return " "

    def line_break(self) -> str:
        return "#linebreak()"

    def emphasis(self, inner: str) -> str:
        return f"#emph[{inner}]"

    def strong(self, inner: str) -> str:
        return f"#strong[{inner}]"

    def link(self, link: Link, inner: str) -> str:
        return f"#link({string(link.href)})[{inner}]"

    def image(self, image: Image) -> str:
        return escape(image.label)  # the alternative text as written

    def join_blocks(self, parts: list[str]) -> str:
        return "\n\n".join(part for part in parts if part)

    def paragraph(self, inner: str, *, tight: bool) -> str:  # noqa: ARG002 - Typst decides
        return inner

    def heading(self, level: int, inner: str) -> str:
        # '###' (the first level free inside a section) is one level below the section.
        depth = max(level - 2, 1)
        shown = min(self.heading_level + depth, MAX_HEADING_LEVEL)
        return f"#heading(level: {shown}, outlined: false)[{inner}]"

    def bullet_list(self, items: list[str]) -> str:
        return f"#list({_items(items)})"

    def ordered_list(self, items: list[str], start: int) -> str:
        return f"#enum(start: {start}, {_items(items)})"

    def quote(self, inner: str) -> str:
        return f"#quote(block: true)[{inner}]"

    def code_block(self, text: str, language: str) -> str:  # noqa: ARG002 - shown plain
        return f"#raw(block: true, {string(text.rstrip())})"

    def rule(self) -> str:
        return "#line(length: 100%, stroke: 0.5pt + luma(140))"

    def table(self, head: _Cells, body: _Cells) -> str:
        header_cells = ", ".join(f"[{inner}]" for row in head for inner, _ in row)
        body_cells = ", ".join(f"[{inner}]" for row in body for inner, _ in row)
        aligns = ["right" if align is Align.RIGHT else "left" for row in head for _, align in row]
        columns = len(aligns) or 1
        header = f"table.header({header_cells}), " if header_cells else ""
        return (
            f"#markdown-table(table(columns: {columns}, align: ({', '.join(aligns)},), "
            f"{header}{body_cells}))"
        )


def _items(items: list[str]) -> str:
    return ", ".join(f"[{item}]" for item in items)
