"""The state of one Word document being written: its styles, counters and footnotes.

Every paragraph gets a named style of the template, never direct fonts or sizes, so that a
municipality's own template decides how the report looks. The body is written as
WordprocessingML elements (``word.wml``), straight into the template's emptied body.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Unpack

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Emu, Twips

from uppsikt.reports.charts.images import ChartImages
from uppsikt.reports.model import Chart
from uppsikt.reports.word import fragments, wml, xml
from uppsikt.reports.word.footnotes import Footnotes
from uppsikt.reports.word.package import Pictures
from uppsikt.reports.word.styles import Style, StyleIndex
from uppsikt.reports.word.wml import Element

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

Container = Element
"""Where paragraphs go: the body (``Writer.root``) or a table cell (``w:tc``)."""


def style_types() -> dict[str, WD_STYLE_TYPE]:
    """Every style the renderer uses, with its type."""
    found = dict.fromkeys(PARAGRAPH_STYLES, WD_STYLE_TYPE.PARAGRAPH)
    found.update(dict.fromkeys(CHARACTER_STYLES, WD_STYLE_TYPE.CHARACTER))
    found.update(dict.fromkeys(TABLE_STYLES, WD_STYLE_TYPE.TABLE))
    return found


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
    """Adds the report's content to ``root``, in reading order."""

    document: Document
    images: ChartImages
    index: StyleIndex
    styles: dict[str, Style]
    """Every style of ``style_types`` by its name, found in (or copied into) the template."""
    footnotes: Footnotes
    pictures: Pictures
    root: Element
    """The document's body, emptied; content is appended to it (after the section
    properties, which are moved to the end when the document is complete)."""
    tables: int = 0
    figures: int = 0
    _notes: dict[tuple[str, str], _NoteRef] = field(default_factory=dict)
    _bookmarks: int = 0

    @cached_property
    def text_width(self) -> int:
        """Width between the margins, in twips."""
        section = self.document.sections[-1]
        width = (section.page_width or Twips(11906)) - (section.left_margin or 0)
        width -= section.right_margin or 0
        return int(Emu(width).twips)

    @cached_property
    def table_font_size(self) -> float:
        """The font size of table text in points, from the table text style or its bases."""
        size = self.index.font_size(self.styles[TABLE_TEXT_STYLE])
        return DEFAULT_TABLE_FONT_SIZE if size is None else size

    @cached_property
    def _ids(self) -> dict[str, str | None]:
        ids: dict[str, str | None] = {name: s.style_id for name, s in self.styles.items()}
        ids["Normal"] = None  # the default paragraph style is named by no style at all
        return ids

    def style_id(self, name: str) -> str:
        return self.styles[name].style_id

    def paragraph(
        self,
        text: str = "",
        style: str = "Normal",
        container: Container | None = None,
        **properties: Unpack[wml.ParagraphProperties],
    ) -> Element:
        """A paragraph of ``style`` with ``text``, at the end of ``container`` (the body
        when None)."""
        paragraph = wml.paragraph(
            self.root if container is None else container, self._ids[style], **properties
        )
        if text:
            wml.run(paragraph, text)
        return paragraph

    def heading(
        self,
        text: str,
        level: int,
        container: Container | None = None,
        *,
        page_break: bool = False,
    ) -> Element:
        """A heading paragraph; levels deeper than Word's styles allow stay at the deepest."""
        level = min(max(level, 1), MAX_HEADING_LEVEL)
        style = f"Heading {level}"
        paragraph = self.paragraph(text, style, container, keep_next=True, page_break=page_break)
        if self._numbered(style):
            # The numbers are part of the text, as in every other format; a template whose
            # headings Word numbers would number them twice.
            wml.set_numbering(paragraph, 0)
        return paragraph

    def _numbered(self, style: str) -> bool:
        return self.index.numbered(self.styles[style])

    def caption(
        self, label: str, sequence: str, text: str, container: Container | None = None
    ) -> Element:
        """'Tabell 3: …' with a SEQ field for the number, kept with what it captions."""
        if sequence == TABLE_SEQUENCE:
            self.tables += 1
            number = self.tables
        else:
            self.figures += 1
            number = self.figures
        paragraph = self.paragraph(f"{label} ", "Caption", container, keep_next=True)
        xml.append_field(paragraph, f"SEQ {sequence} \\* ARABIC", str(number))
        wml.run(paragraph, f": {text}")
        return paragraph

    def table(
        self,
        widths: list[int],
        style: str | None = "uppsikt-tabell",
        *,
        borderless: bool = False,
    ) -> Element:
        """A table in the body with fixed column ``widths`` (twips); rows are added with
        ``wml.row`` and ``wml.cell``."""
        return wml.table(
            self.root,
            widths,
            self.style_id(style) if style else None,
            borderless=borderless,
        )

    def new_list(self, ordered: bool, start: int = 1) -> int | None:
        """A list numbering of the template's List Number (restarting at ``start``) or List
        Bullet style; None when the style has no numbering of its own."""
        num_id = self.index.list_num_id(self.styles["List Number" if ordered else "List Bullet"])
        if num_id is None or not ordered:
            return num_id
        numbering = self.document.part.numbering_part.element
        return xml.restarted_numbering(numbering, num_id, start)

    def notes(self, marks: list[NoteMark]) -> str:
        """The markup of footnote marks, separated by superscript commas."""
        style = self.footnotes.reference_style_id
        comma = fragments.run(",", style_id=style)
        return comma.join(self._note(mark.key, mark.text, style) for mark in marks)

    def _note(self, key: tuple[str, str], text: str, style: str) -> str:
        """A footnote mark for ``text``. The first mark of ``key`` makes the footnote; later
        ones refer to it (a NOTEREF field), as Word does."""
        existing = self._notes.get(key)
        if existing is not None:
            instruction = f"NOTEREF {existing.bookmark} \\f \\h"
            return fragments.field(instruction, str(existing.number), style)
        footnote_id = self.footnotes.add(text)
        self._bookmarks += 1
        bookmark = f"_RefUppsikt{self._bookmarks}"
        self._notes[key] = _NoteRef(len(self._notes) + 1, bookmark)
        return fragments.footnote_reference(footnote_id, style, 10_000 + self._bookmarks, bookmark)

    def picture(self, paragraph: Element, chart: Chart, width: int) -> None:
        """The chart as a PNG picture ``width`` EMU wide, with its alternative text."""
        drawn = partial(self.images.png, chart)
        self.pictures.add(paragraph, drawn, width, chart.description, chart.title)
