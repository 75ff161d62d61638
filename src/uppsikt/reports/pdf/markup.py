"""Writing Typst source safely: escaped markup, string literals, and Markdown as Typst.

Every text from the report model reaches Typst through one of two doors: ``escape`` (literal
text in markup, every character that means something to Typst escaped with a backslash) or
``string`` (a Typst string literal, for arguments in code). Nothing else writes user text into
the source, so no text can turn into markup, code, math, a label or a reference.
"""

from __future__ import annotations

import re
import string as _string
from collections.abc import Callable, Iterator, Sequence
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

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
_INLINE_FUNCTIONS = {"strong_open": "#strong", "em_open": "#emph"}
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


@cache
def _parser() -> MarkdownIt:
    # The same Markdown dialect the report model was rendered with (see reports.context).
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def markdown(source: str, heading_level: int = 1) -> str:
    """Markdown narrative as Typst markup. Headings in the text become headings one level
    below ``heading_level`` and further (they stay out of the table of contents)."""
    tokens = _parser().parse(source)
    return _Converter(heading_level).blocks(tokens)


class _Converter:
    """Turns markdown-it block tokens into Typst markup, one construct at a time."""

    def __init__(self, heading_level: int) -> None:
        self.heading_level = heading_level

    def blocks(self, tokens: Sequence[Token]) -> str:
        parts = [part for part in self._blocks(tokens) if part]
        return "\n\n".join(parts)

    def _blocks(self, tokens: Sequence[Token]) -> Iterator[str]:
        index = 0
        while index < len(tokens):
            token = tokens[index]
            end = _closing(tokens, index) if token.nesting == 1 else index
            inner = tokens[index + 1 : end]
            yield self._block(token, inner)
            index = end + 1

    def _block(self, token: Token, inner: Sequence[Token]) -> str:
        handler = _BLOCK_HANDLERS.get(token.type)
        return handler(self, token, inner) if handler else ""

    def _paragraph(self, token: Token, inner: Sequence[Token]) -> str:
        return self.inline([token] if token.type == "inline" else inner)

    def _heading(self, token: Token, inner: Sequence[Token]) -> str:
        # '###' (the first level free inside a section) is one level below the section.
        depth = max(int(token.tag[1:]) - 2, 1)
        level = min(self.heading_level + depth, MAX_HEADING_LEVEL)
        return f"#heading(level: {level}, outlined: false)[{self.inline(inner)}]"

    def _quote(self, _token: Token, inner: Sequence[Token]) -> str:
        return f"#quote(block: true)[{self.blocks(inner)}]"

    def _code(self, token: Token, _inner: Sequence[Token]) -> str:
        return f"#raw(block: true, {string(token.content.rstrip())})"

    def _rule(self, _token: Token, _inner: Sequence[Token]) -> str:
        return "#line(length: 100%, stroke: 0.5pt + luma(140))"

    def _list(self, token: Token, inner: Sequence[Token]) -> str:
        items = [f"[{self.blocks(body)}]" for body in _children(inner, "list_item_open")]
        if token.type == "bullet_list_open":
            return f"#list({', '.join(items)})"
        start = int(str(token.attrs.get("start", 1)))
        return f"#enum(start: {start}, {', '.join(items)})"

    def _table(self, _token: Token, inner: Sequence[Token]) -> str:
        head: list[str] = []
        body: list[str] = []
        aligns: list[str] = []
        in_head = False
        for index, token in enumerate(inner):
            if token.type in ("thead_open", "thead_close"):
                in_head = token.type == "thead_open"
            elif token.type in ("th_open", "td_open"):
                cell = f"[{self.inline(inner[index + 1 : index + 2])}]"
                (head if in_head else body).append(cell)
                if in_head:
                    style = str(token.attrs.get("style", ""))
                    aligns.append("right" if "right" in style else "left")
        columns = len(aligns) or 1
        header = f"table.header({', '.join(head)}), " if head else ""
        return (
            f"#markdown-table(table(columns: {columns}, align: ({', '.join(aligns)},), "
            f"{header}{', '.join(body)}))"
        )

    def inline(self, tokens: Sequence[Token]) -> str:
        out: list[str] = []
        for token in tokens:
            if token.type == "inline":
                out.append(self._inline(token.children or []))
        return "".join(out)

    def _inline(self, tokens: Sequence[Token]) -> str:
        out: list[str] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind in _INLINE_FUNCTIONS or kind == "link_open":
                end = _closing(tokens, index)
                inner = self._inline(tokens[index + 1 : end])
                if kind == "link_open":
                    out.append(f"#link({string(str(token.attrs.get('href', '')))})[{inner}]")
                else:
                    out.append(f"{_INLINE_FUNCTIONS[kind]}[{inner}]")
                index = end
            elif kind == "code_inline":
                out.append(f"#raw({string(token.content)})")
            elif kind == "softbreak":
                out.append(" ")
            elif kind == "hardbreak":
                out.append("#linebreak()")
            else:  # text, and the alternative text of an image
                out.append(escape(token.content))
            index += 1
        return "".join(out)


_BlockHandler = Callable[[_Converter, Token, Sequence[Token]], str]
_BLOCK_HANDLERS: dict[str, _BlockHandler] = {
    "paragraph_open": _Converter._paragraph,
    "inline": _Converter._paragraph,
    "heading_open": _Converter._heading,
    "bullet_list_open": _Converter._list,
    "ordered_list_open": _Converter._list,
    "blockquote_open": _Converter._quote,
    "fence": _Converter._code,
    "code_block": _Converter._code,
    "table_open": _Converter._table,
    "hr": _Converter._rule,
}


def _closing(tokens: Sequence[Token], start: int) -> int:
    """Index of the token that closes the one opened at ``start``."""
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _children(tokens: Sequence[Token], opener: str) -> Iterator[Sequence[Token]]:
    """The inner tokens of each top-level ``opener`` … close pair in ``tokens``."""
    index = 0
    while index < len(tokens):
        if tokens[index].type == opener:
            end = _closing(tokens, index)
            yield tokens[index + 1 : end]
            index = end
        index += 1
