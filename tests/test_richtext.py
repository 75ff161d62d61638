"""Narrative parsed once into the rich-text tree, and what each renderer makes of the tree."""

from __future__ import annotations

from decimal import Decimal

import pytest
from markdown_it import MarkdownIt

from uppsikt.reports.build.markdown import REFERENCE_END, REFERENCE_START, parse
from uppsikt.reports.cells import cell_text, is_missing
from uppsikt.reports.html.richtext import render_richtext
from uppsikt.reports.model import Cell, CellKind
from uppsikt.reports.pdf.markup import richtext
from uppsikt.reports.pdf.tables import comment
from uppsikt.reports.richtext import (
    Emphasis,
    Link,
    OrderedList,
    Paragraph,
    Plain,
    Reference,
    RichText,
    Strong,
)

EVERYTHING = """# Rubrik *med* <x> & "citat"

Stycke med **fet**, *kursiv*, `kod <`, [länk](https://example.org "Titel") och
![bild *alt*](karta.png "Karta")\\
ny rad <div>rå html</div> &amp; \\* [farlig](javascript:alert(1)) <https://uppsikt.se>

- en
- två
  1. nästlad
  > citat i lista
- tre

3. tredje

   andra stycket

> citat
> - lista i citat

```python extra
kod <här>
```

    indragen kod

---

| Enhet | tkr |
|:-:|--:|
| Ledning | −500 |
|  | *tom* |

| bara | rubrik |
|---|---|
"""


@pytest.mark.parametrize(
    "source",
    [
        EVERYTHING,
        "",
        "Ett stycke.",
        "- tät\n- lista\n\n- lös\n\n  lista\n",
        "1. ett\n\n\n2) annan lista\n",
        "- \n- tom punkt\n",
        "Text  \nmed hårt radbyte och *_nästlad_ betoning*.",
    ],
)
def test_html_of_the_tree_is_what_commonmark_writes(source: str) -> None:
    expected = MarkdownIt("commonmark", {"html": False}).enable("table").render(source)
    assert str(render_richtext(parse(source))) == expected


def test_html_escapes_every_text() -> None:
    html = str(render_richtext(parse('<script>alert("x")</script> & [a](<"q">)')))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&quot;" in html


def test_structure_of_the_tree() -> None:
    text = parse("Ett **fett** och *kursivt* [ord](https://example.org).\n\n4. fyra\n5. fem\n")
    first, second = text.blocks
    assert first == Paragraph(
        (
            Plain("Ett "),
            Strong((Plain("fett"),)),
            Plain(" och "),
            Emphasis((Plain("kursivt"),)),
            Plain(" "),
            Link("https://example.org", (Plain("ord"),)),
            Plain("."),
        )
    )
    assert isinstance(second, OrderedList)
    assert second.start == 4
    assert len(second.items) == 2


def _marked(markdown: str, *figures: str) -> tuple[str, str]:
    """``markdown`` with each '@' replaced by the next figure, plain and marked."""
    plain = marked = markdown
    for figure in figures:
        plain = plain.replace("@", figure, 1)
        marked = marked.replace("@", REFERENCE_START + figure + REFERENCE_END, 1)
    return plain, marked


def test_resolved_references_are_nodes_of_their_own() -> None:
    plain, marked = _marked("Avvikelsen är **@** och @.", "+10,3\u00a0mnkr", "1,9\u00a0%")
    text = parse(plain, marked)
    assert text.blocks == (
        Paragraph(
            (
                Plain("Avvikelsen är "),
                Strong((Reference("+10,3\u00a0mnkr"),)),
                Plain(" och "),
                Reference("1,9\u00a0%"),
                Plain("."),
            )
        ),
    )
    # renderers show a reference as the text of its figure
    assert str(render_richtext(text)) == str(render_richtext(parse(plain)))


def test_marks_never_change_how_text_parses() -> None:
    # '−' is punctuation to CommonMark, the mark is not: with the marks the stars would make
    # the figure bold, without them they are text. The text parses as it is written.
    plain, marked = _marked("a**@**b", "−5")
    assert parse(plain, marked) == parse(plain) == RichText((Paragraph((Plain("a**−5**b"),)),))


def test_marks_in_code_and_links_are_dropped() -> None:
    plain, marked = _marked("`@` [x](https://example.org/@)", "12", "34")
    assert parse(plain, marked) == parse(plain)


def test_pdf_markup_of_the_tree() -> None:
    markup = richtext(parse("*Vikt* och **fet** [länk](https://example.org) #1\n\n- a\n- b"))
    assert markup == (
        '#emph[Vikt] och #strong[fet] #link("https://example.org")[länk] \\#1\n\n#list([a], [b])'
    )


def test_table_comment_in_pdf_is_plain_paragraphs() -> None:
    text = parse("Ett *stycke*\nsom fortsätter.\n\n- punkt\n- två\n\nRad ett  \nrad två")
    assert comment(text) == "Ett stycke som fortsätter\\.\n\npunkt\n\ntvå\n\nRad ett\n\nrad två"


@pytest.mark.parametrize(
    ("cell", "kind", "shown"),
    [
        (Cell(Decimal("-10326.4")), CellKind.NUMBER, "\u221210\u00a0326"),
        (Cell(Decimal("29.54"), 1, percent=True), CellKind.NUMBER, "29,5\u00a0%"),
        (Cell(Decimal("3.4"), 1, signed=True), CellKind.NUMBER, "+3,4"),
        (Cell(Decimal(80), approximate=True), CellKind.NUMBER, "ca 80"),
        (Cell(None, text="Öka"), CellKind.TEXT, "Öka"),
        (Cell(None, missing="Uppgift saknas"), CellKind.MISSING, "–"),
        (Cell(None), CellKind.EMPTY, ""),
    ],
)
def test_one_formatter_for_every_cell(cell: Cell, kind: CellKind, shown: str) -> None:
    assert cell.kind is kind
    assert cell_text(cell) == shown
    assert is_missing(cell) is (kind is CellKind.MISSING)
