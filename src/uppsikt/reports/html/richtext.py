"""Rich text as an HTML fragment: the markup CommonMark prescribes, every text escaped.

The output is what a CommonMark renderer writes for the same Markdown (``<p>``, ``<em>``,
``<ul>``, tight list items without ``<p>``, ``<pre><code class="language-…">``), so that the
stylesheet and the accessibility of the report do not depend on how text reached the model.
A resolved reference is plain text, like the figure it stands for.
"""

from __future__ import annotations

from typing import NamedTuple

from markupsafe import Markup

from uppsikt.reports.richtext import Align, Fold, Image, Link, RichText


def escape(text: str) -> str:
    """Text or an attribute value: '&', '<', '>' and '"' as entities."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def render_richtext(text: RichText | None) -> Markup:
    """``text`` as an HTML fragment ('' for None), safe to put in a template as it is."""
    if text is None:
        return Markup("")
    return Markup(_Html().blocks(text.blocks).markup)


class _Part(NamedTuple):
    markup: str
    opens_bare: bool = False
    """It starts with the text of a tight list item (no <p>), or is empty."""
    ends_bare: bool = False
    """It ends with the text of a tight list item, whose line is not ended yet."""


_Cells = list[list[tuple[str, Align]]]


class _Html(Fold[_Part, str]):
    def join_inline(self, parts: list[str]) -> str:
        return "".join(parts)

    def text(self, text: str) -> str:
        return escape(text)

    def code(self, text: str) -> str:
        return f"<code>{escape(text)}</code>"

    def soft_break(self) -> str:
        return "\n"

    def line_break(self) -> str:
        return "<br />\n"

    def emphasis(self, inner: str) -> str:
        return f"<em>{inner}</em>"

    def strong(self, inner: str) -> str:
        return f"<strong>{inner}</strong>"

    def link(self, link: Link, inner: str) -> str:
        return f'<a href="{escape(link.href)}"{_title(link.title)}>{inner}</a>'

    def image(self, image: Image) -> str:
        return f'<img src="{escape(image.src)}" alt="{escape(image.alt)}"{_title(image.title)} />'

    def join_blocks(self, parts: list[_Part]) -> _Part:
        out: list[str] = []
        for index, part in enumerate(parts):
            if index and parts[index - 1].ends_bare:
                out.append("\n")  # a tight item's text ends its line before a nested block
            out.append(part.markup)
        if not parts:
            return _Part("", opens_bare=True)
        return _Part("".join(out), parts[0].opens_bare, parts[-1].ends_bare)

    def paragraph(self, inner: str, *, tight: bool) -> _Part:
        return _Part(inner, True, True) if tight else _Part(f"<p>{inner}</p>\n")

    def heading(self, level: int, inner: str) -> _Part:
        return _Part(f"<h{level}>{inner}</h{level}>\n")

    def bullet_list(self, items: list[_Part]) -> _Part:
        return _Part(f"<ul>\n{_items(items)}</ul>\n")

    def ordered_list(self, items: list[_Part], start: int) -> _Part:
        attribute = f' start="{start}"' if start != 1 else ""
        return _Part(f"<ol{attribute}>\n{_items(items)}</ol>\n")

    def quote(self, inner: _Part) -> _Part:
        return _Part(f"<blockquote>\n{inner.markup}</blockquote>\n")

    def code_block(self, text: str, language: str) -> _Part:
        attribute = f' class="language-{escape(language)}"' if language else ""
        return _Part(f"<pre><code{attribute}>{escape(text)}</code></pre>\n")

    def rule(self) -> _Part:
        return _Part("<hr />\n")

    def table(self, head: _Cells, body: _Cells) -> _Part:
        out = ["<table>\n<thead>\n", *(_row(r, "th") for r in head), "</thead>\n"]
        if body:
            out += ["<tbody>\n", *(_row(r, "td") for r in body), "</tbody>\n"]
        out.append("</table>\n")
        return _Part("".join(out))


def _title(title: str) -> str:
    return f' title="{escape(title)}"' if title else ""


def _items(items: list[_Part]) -> str:
    out: list[str] = []
    for item in items:
        opening = "<li>" if item.opens_bare else "<li>\n"
        out.append(f"{opening}{item.markup}</li>\n")
    return "".join(out)


def _row(row: list[tuple[str, Align]], tag: str) -> str:
    cells = []
    for inner, align in row:
        style = f' style="text-align:{align}"' if align is not Align.NONE else ""
        cells.append(f"<{tag}{style}>{inner}</{tag}>\n")
    return f"<tr>\n{''.join(cells)}</tr>\n"
