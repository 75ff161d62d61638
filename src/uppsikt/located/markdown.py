"""What narrative Markdown may contain: nesting and characters every renderer can take.

The renderers (HTML, Word, PDF through typst) walk a text's quotes (``>``) and lists
recursively; typst cannot build a document with 17 nested quotes. A text is parsed here as
the renderers parse it (markdown-it, CommonMark) and its deepest nesting of quotes and lists
measured against ``limits().markdown_max_nesting``. Used by the reader (text/*.md, and the
Markdown fields of mal.yaml and tabeller.yaml while the report is built) and by the web editor,
so that what one accepts the other accepts.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from markdown_it import MarkdownIt

from uppsikt.located.limits import limits
from uppsikt.located.userfile import forbidden_character

_CONTAINERS = {
    "blockquote_open": "blockquote_close",
    "bullet_list_open": "bullet_list_close",
    "ordered_list_open": "ordered_list_close",
}
_CLOSERS = frozenset(_CONTAINERS.values())

NESTING_HINT = "Skriv med färre nivåer av citat (>) och listor i varandra."


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with a text, and on which line of it (1-based)."""

    code: str
    message: str
    line: int
    column: int | None = None


@functools.cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def nesting(text: str) -> tuple[int, int]:
    """(the deepest nesting of quotes and lists in ``text``, the 1-based line where it is)."""
    depth = deepest = 0
    line = 1
    for token in _parser().parse(text):
        if token.type in _CONTAINERS:
            depth += 1
            if depth > deepest:
                deepest = depth
                line = token.map[0] + 1 if token.map else line
        elif token.type in _CLOSERS:
            depth -= 1
    return deepest, line


def text_problem(text: str) -> Problem | None:
    """The first thing in a Markdown text that the renderers cannot take, or None."""
    found = forbidden_character(text)
    if found is not None:
        return Problem("UPP108", found.message(), found.line, found.column)
    bound = limits().markdown_max_nesting
    deepest, line = nesting(text)
    if deepest > bound:
        return Problem(
            "UPP115",
            f"Texten har citat och listor i {deepest} nivåer; högst {bound} nivåer går att "
            "publicera.",
            line,
        )
    return None
