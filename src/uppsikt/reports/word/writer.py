"""The state of one Word document being written: its styles, counters and footnotes.

Every paragraph gets a named style of the template, never direct fonts or sizes, so that a
municipality's own template decides how the report looks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from typing import Any, Protocol

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Twips
from docx.table import Table
from docx.text.paragraph import Paragraph

from uppsikt.reports.charts.images import ChartImages
from uppsikt.reports.model import Chart
from uppsikt.reports.word import xml
from uppsikt.reports.word.footnotes import Footnotes, footnote_reference_run

PARAGRAPH_STYLES = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Heading 4",
    "Heading 5",
    "Heading 6",
    "Caption",
    "List Bullet",
    "List Number",
    "TOC Heading",
    "TOC 1",
    "TOC 2",
    "TOC 3",
    "Footnote Text",
    "uppsikt-tabelltext",
    "uppsikt-tabellpunkt",
)
CHARACTER_STYLES = ("Footnote Reference",)
TABLE_STYLES = ("uppsikt-tabell",)
MAX_HEADING_LEVEL = 6
TABLE_LABEL = "Tabell"
FIGURE_LABEL = "Diagram"
TABLE_SEQUENCE = "Tabell"
"""Name of the SEQ field that numbers tables (Swedish Word's caption label)."""
FIGURE_SEQUENCE = "Diagram"
TABLE_TEXT_STYLE = "uppsikt-tabelltext"
DEFAULT_TABLE_FONT_SIZE = 9.0
"""Points, when neither the table text style nor the styles it is based on set a size."""


class Container(Protocol):
    """The document body or a table cell: anything paragraphs can be added to."""

    def add_paragraph(self, text: str = "", style: Any = None) -> Paragraph: ...


def find_style(document: Document, name: str, style_type: WD_STYLE_TYPE) -> Any | None:
    """The style named ``name`` (case-insensitively: Word writes 'heading 1', 'footnote text')
    of ``style_type``, or None."""
    wanted = name.lower()
    for style in document.styles:
        if style.type == style_type and (style.name or "").lower() == wanted:
            return style
    return None


def style_types() -> dict[str, WD_STYLE_TYPE]:
    """Every style the renderer uses, with its type."""
    found = dict.fromkeys(PARAGRAPH_STYLES, WD_STYLE_TYPE.PARAGRAPH)
    found.update(dict.fromkeys(CHARACTER_STYLES, WD_STYLE_TYPE.CHARACTER))
    found.update(dict.fromkeys(TABLE_STYLES, WD_STYLE_TYPE.TABLE))
    return found


def _numbered(style: Any) -> bool:
    """Whether paragraphs of ``style`` are numbered by Word (through the style or its base)."""
    while style is not None:
        if style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None:
            return True
        style = style.base_style
    return False


@dataclass(frozen=True, slots=True)
class NoteMark:
    """A footnote mark to put in the text; marks with the same key share one footnote."""

    key: tuple[str, str]
    text: str


@dataclass
class _NoteRef:
    number: int
    bookmark: str


@dataclass
class Writer:
    """Adds the report's content to ``document``, in reading order."""

    document: Document
    images: ChartImages
    styles: dict[str, Any]
    footnotes: Footnotes
    tables: int = 0
    figures: int = 0
    _notes: dict[tuple[str, str], _NoteRef] = field(default_factory=dict)
    _bookmarks: int = 0

    @property
    def text_width(self) -> int:
        """Width between the margins, in twips."""
        section = self.document.sections[-1]
        width = (section.page_width or Twips(11906)) - (section.left_margin or 0)
        width -= section.right_margin or 0
        return int(Emu(width).twips)

    @property
    def table_font_size(self) -> float:
        """The font size of table text in points, from the table text style or its bases."""
        style = self.styles[TABLE_TEXT_STYLE]
        while style is not None:
            if style.font.size is not None:
                return float(style.font.size.pt)
            style = style.base_style
        return DEFAULT_TABLE_FONT_SIZE

    def style_id(self, name: str) -> str:
        return str(self.styles[name].style_id)

    def set_style(self, paragraph: Paragraph, name: str) -> None:
        """Give ``paragraph`` the paragraph style ``name`` (python-docx's own setter searches
        every style each time, which is slow with many table cells)."""
        paragraph._p.style = None if name == "Normal" else self.style_id(name)

    def paragraph(
        self, text: str = "", style: str = "Normal", container: Container | None = None
    ) -> Paragraph:
        target = container if container is not None else self.document
        paragraph = target.add_paragraph(text)
        self.set_style(paragraph, style)
        return paragraph

    def heading(self, text: str, level: int, container: Container | None = None) -> Paragraph:
        """A heading paragraph; levels deeper than Word's styles allow stay at the deepest."""
        level = min(max(level, 1), MAX_HEADING_LEVEL)
        style = f"Heading {level}"
        paragraph = self.paragraph(text, style, container)
        paragraph.paragraph_format.keep_with_next = True
        if _numbered(self.styles[style]):
            # The numbers are part of the text, as in every other format; a template whose
            # headings Word numbers would number them twice.
            xml.set_numbering(paragraph._p.get_or_add_pPr(), 0)
        return paragraph

    def caption(
        self, label: str, sequence: str, text: str, container: Container | None = None
    ) -> Paragraph:
        """'Tabell 3: …' with a SEQ field for the number, kept with what it captions."""
        if sequence == TABLE_SEQUENCE:
            self.tables += 1
            number = self.tables
        else:
            self.figures += 1
            number = self.figures
        paragraph = self.paragraph(f"{label} ", "Caption", container)
        xml.append_field(paragraph._p, f"SEQ {sequence} \\* ARABIC", str(number))
        paragraph.add_run(f": {text}")
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def table(self, rows: int, widths: list[int], style: str | None = "uppsikt-tabell") -> Table:
        """A table in the body with fixed column ``widths`` (twips)."""
        table: Table = self.document.add_table(
            rows, len(widths), self.styles[style] if style else None
        )
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Twips(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Twips(width)
        return table

    def new_list(self, ordered: bool, start: int = 1) -> int | None:
        """A list numbering of the template's List Number (restarting at ``start``) or List
        Bullet style; None when the style has no numbering of its own."""
        style = self.styles["List Number" if ordered else "List Bullet"]
        num_pr = style.element.find(qn("w:pPr") + "/" + qn("w:numPr"))
        num_id = num_pr.find(qn("w:numId")) if num_pr is not None else None
        if num_id is None:
            return None
        if not ordered:
            return int(num_id.get(qn("w:val")))
        numbering = self.document.part.numbering_part.element
        return xml.restarted_numbering(numbering, int(num_id.get(qn("w:val"))), start)

    def notes(self, paragraph: Paragraph, marks: list[NoteMark]) -> None:
        """Footnote marks at the end of ``paragraph``, separated by superscript commas."""
        for index, mark in enumerate(marks):
            if index:
                paragraph._p.append(xml.new_run(",", style_id=self.footnotes.reference_style_id))
            self.note(paragraph, mark.key, mark.text)

    def note(self, paragraph: Paragraph, key: tuple[str, str], text: str) -> None:
        """A footnote mark for ``text`` at the end of ``paragraph``. The first mark of ``key``
        makes the footnote; later ones refer to it (a NOTEREF field), as Word does."""
        reference_style = self.footnotes.reference_style_id
        existing = self._notes.get(key)
        if existing is not None:
            xml.append_field(
                paragraph._p,
                f"NOTEREF {existing.bookmark} \\f \\h",
                str(existing.number),
                style_id=reference_style,
            )
            return
        footnote_id = self.footnotes.add(text)
        self._bookmarks += 1
        bookmark = f"_RefUppsikt{self._bookmarks}"
        run = footnote_reference_run(footnote_id, reference_style)
        xml.append_bookmarked(paragraph._p, run, 10_000 + self._bookmarks, bookmark)
        self._notes[key] = _NoteRef(len(self._notes) + 1, bookmark)

    def picture(self, paragraph: Paragraph, chart: Chart, width: Length) -> None:
        """The chart as a PNG picture with its alternative text."""
        run = paragraph.add_run()
        run.add_picture(BytesIO(self.images.png(chart)), width=width)
        xml.set_alt_text(run._r, chart.description, chart.title)
