"""Rich text as an HTML fragment: the markup CommonMark prescribes, every text escaped.

The output is what a CommonMark renderer writes for the same Markdown (``<p>``, ``<em>``,
``<ul>``, tight list items without ``<p>``, ``<pre><code class="language-…">``), so that the
stylesheet and the accessibility of the report do not depend on how text reached the model.
A resolved reference is plain text, like the figure it stands for.
"""

from __future__ import annotations

from markupsafe import Markup

from uppsikt.reports.richtext import (
    Align,
    Block,
    BulletList,
    Code,
    CodeBlock,
    Emphasis,
    Heading,
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
    TableRow,
)


def escape(text: str) -> str:
    """Text or an attribute value: '&', '<', '>' and '"' as entities."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def render_richtext(text: RichText | None) -> Markup:
    """``text`` as an HTML fragment ('' for None), safe to put in a template as it is."""
    if text is None:
        return Markup("")
    return Markup(_blocks(text.blocks))


def _blocks(blocks: tuple[Block, ...]) -> str:
    out: list[str] = []
    for index, block in enumerate(blocks):
        if index and _is_tight(blocks[index - 1]):
            out.append("\n")  # a tight item's text ends its line before a nested block
        out.append(_block(block))
    return "".join(out)


def _is_tight(block: Block) -> bool:
    return isinstance(block, Paragraph) and block.tight


def _block(block: Block) -> str:  # noqa: PLR0911 - one return per kind of block
    if isinstance(block, Paragraph):
        inner = _spans(block.children)
        return inner if block.tight else f"<p>{inner}</p>\n"
    if isinstance(block, Heading):
        return f"<h{block.level}>{_spans(block.children)}</h{block.level}>\n"
    if isinstance(block, BulletList):
        return f"<ul>\n{_items(block.items)}</ul>\n"
    if isinstance(block, OrderedList):
        start = f' start="{block.start}"' if block.start != 1 else ""
        return f"<ol{start}>\n{_items(block.items)}</ol>\n"
    if isinstance(block, Quote):
        return f"<blockquote>\n{_blocks(block.blocks)}</blockquote>\n"
    if isinstance(block, CodeBlock):
        language = f' class="language-{escape(block.language)}"' if block.language else ""
        return f"<pre><code{language}>{escape(block.text)}</code></pre>\n"
    if isinstance(block, Rule):
        return "<hr />\n"
    return _table(block)


def _items(items: tuple[ListItem, ...]) -> str:
    out: list[str] = []
    for item in items:
        opening = "<li>\n" if item.blocks and not _is_tight(item.blocks[0]) else "<li>"
        out.append(f"{opening}{_blocks(item.blocks)}</li>\n")
    return "".join(out)


def _table(table: MarkdownTable) -> str:
    out = ["<table>\n<thead>\n", *(_row(r, "th") for r in table.head), "</thead>\n"]
    if table.body:
        out += ["<tbody>\n", *(_row(r, "td") for r in table.body), "</tbody>\n"]
    out.append("</table>\n")
    return "".join(out)


def _row(row: TableRow, tag: str) -> str:
    cells = []
    for cell in row.cells:
        style = f' style="text-align:{cell.align}"' if cell.align is not Align.NONE else ""
        cells.append(f"<{tag}{style}>{_spans(cell.children)}</{tag}>\n")
    return f"<tr>\n{''.join(cells)}</tr>\n"


def _spans(spans: tuple[Inline, ...]) -> str:
    return "".join(_span(s) for s in spans)


def _span(span: Inline) -> str:  # noqa: PLR0911 - one return per kind of span
    if isinstance(span, Plain | Reference):
        return escape(span.text)
    if isinstance(span, Code):
        return f"<code>{escape(span.text)}</code>"
    if isinstance(span, SoftBreak):
        return "\n"
    if isinstance(span, LineBreak):
        return "<br />\n"
    if isinstance(span, Emphasis):
        return f"<em>{_spans(span.children)}</em>"
    if isinstance(span, Strong):
        return f"<strong>{_spans(span.children)}</strong>"
    if isinstance(span, Link):
        title = f' title="{escape(span.title)}"' if span.title else ""
        return f'<a href="{escape(span.href)}"{title}>{_spans(span.children)}</a>'
    title = f' title="{escape(span.title)}"' if span.title else ""
    return f'<img src="{escape(span.src)}" alt="{escape(span.alt)}"{title} />'
