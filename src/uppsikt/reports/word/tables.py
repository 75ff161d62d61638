"""Report tables in Word: a caption above, a header row that repeats on every page, numbers
right-aligned in Swedish format, row kinds shown by weight and indentation, and the table's
footnotes as Word footnotes (a missing value's reason is one of them: ``reports.build.notes``).

Page breaks part nothing that belongs together: a short table stays on one page, a row stays
with its breakdowns (Kvinnor, Män) and parts, and the last rows stay with the notes under them.
Column widths come from the content (``word.widths``), and figures never wrap.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from uppsikt.reports.cells import cell_text
from uppsikt.reports.model import Cell, ObservationSummary, Row, RowKind, Table
from uppsikt.reports.word import xml
from uppsikt.reports.word.flat import add_plain
from uppsikt.reports.word.widths import column_widths
from uppsikt.reports.word.writer import TABLE_LABEL, TABLE_SEQUENCE, NoteMark, Writer

INDENT_STEP = Cm(0.35)
"""Indentation per level of 'varav' and breakdown rows."""
SPACE_AFTER_TABLE = Pt(6)
ASSESSMENT_HEADER = "Bedömning"
NONE_GIVEN = "Inga angivna."
SUMMARY_CAPTION = "Sammanfattande iakttagelser per målområde"
SUMMARY_HEADERS = ("Målområde", "Positiva iakttagelser", "Förbättringsområden")

SHORT_TABLE = 15
"""Tables of at most this many rows are kept on one page (as in the PDF)."""
_CHILD_KINDS = frozenset({RowKind.BREAKDOWN, RowKind.PART})


def _cell_paragraph(
    writer: Writer, cell: _Cell, text: str = "", *, right: bool = False
) -> Paragraph:
    paragraph: Paragraph = cell.paragraphs[0]
    writer.set_style(paragraph, "uppsikt-tabelltext")
    if text:
        paragraph.add_run(text)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return paragraph


def _header_row(
    writer: Writer, cells: Sequence[_Cell], labels: Sequence[str], right: range = range(0)
) -> None:
    for index, (cell, label) in enumerate(zip(cells, labels, strict=True)):
        paragraph = _cell_paragraph(writer, cell, label, right=index in right)
        for run in paragraph.runs:
            run.bold = True
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM


def add_table(writer: Writer, table: Table) -> None:
    """A report table with its caption above and its comment below."""
    caption = table.caption + (f". {table.unit_note}" if table.unit_note else "")
    writer.caption(TABLE_LABEL, TABLE_SEQUENCE, caption)
    widths = column_widths(writer.text_width, table, writer.table_font_size)
    word_table = writer.table(1 + len(table.rows), widths)
    xml.set_table_properties(word_table._tbl, sum(widths), caption)
    rows = word_table.rows
    labels = [table.row_header] + [c.label for c in table.columns]
    if table.has_assessment:
        labels.append(ASSESSMENT_HEADER)
    _header_row(writer, rows[0].cells, labels, range(1, 1 + len(table.columns)))
    xml.mark_row(rows[0]._tr, header=True)
    notes = {note.number: note.text for note in table.footnotes}
    referenced: set[int] = set()
    for row, word_row in zip(table.rows, rows[1:], strict=True):
        xml.mark_row(word_row._tr)
        cells: Sequence[_Cell] = word_row.cells
        if row.kind == RowKind.HEADING:
            cells = [cells[0].merge(cells[-1])]
        _label_cell(writer, table, row, cells[0], referenced)
        if row.kind == RowKind.HEADING:
            continue
        for index, cell in enumerate(cells[1 : 1 + len(table.columns)]):
            value = row.cells[index] if index < len(row.cells) else Cell(None)
            _value_cell(writer, table, value, cell, referenced)
        if table.has_assessment:
            assessment = row.assessment
            text = f"{assessment.symbol} {assessment.label}" if assessment else ""
            _cell_paragraph(writer, cells[-1], text)
        if row.kind in (RowKind.TOTAL, RowKind.EXCLUDING):
            for cell in cells:
                xml.set_cell_border(cell._tc, "top")
    after = word_table._tbl.getnext()  # the notes and comment below come after the table
    for number, text in notes.items():
        if number not in referenced:  # a note no cell points at still belongs to the table
            writer.paragraph(f"{number}) {text}", "Footnote Text")
    if table.comment is not None:
        add_plain(writer, table.comment)
    _keep_together(word_table, table, notes_follow=word_table._tbl.getnext() is not after)
    _space_after(writer, word_table)


def keep_with_next_rows(table: Table, *, notes_follow: bool = False) -> list[bool]:
    """Per row of ``table``, whether it stays on the page of the row after it: every row of a
    short table; otherwise a heading row, a row with the breakdowns and parts under it, and
    the last rows with the notes that follow them."""
    count = len(table.rows)
    if count <= SHORT_TABLE:
        return [index < count - 1 or notes_follow for index in range(count)]
    keep = [
        index + 1 < count
        and (row.kind == RowKind.HEADING or table.rows[index + 1].kind in _CHILD_KINDS)
        for index, row in enumerate(table.rows)
    ]
    if notes_follow and count:
        keep[-1] = True
        if count > 1:
            keep[-2] = True
    return keep


def _keep_together(word_table: DocxTable, table: Table, *, notes_follow: bool) -> None:
    """Keep-with-next on the paragraphs of the rows that stay with the row after them (Word
    keeps a table row with the next when its paragraphs are kept with the next)."""
    keeps = [bool(table.rows), *keep_with_next_rows(table, notes_follow=notes_follow)]
    for word_row, keep in zip(word_table.rows, keeps, strict=True):  # the header row first
        if keep:
            for paragraph in word_row._tr.iter(qn("w:p")):
                Paragraph(paragraph, word_table).paragraph_format.keep_with_next = True


def _space_after(writer: Writer, table: DocxTable) -> None:
    """Space between a table and a paragraph right after it (its notes or comment)."""
    following = table._tbl.getnext()
    if following is not None and following.tag == qn("w:p"):
        paragraph = Paragraph(following, writer.document._body)
        paragraph.paragraph_format.space_before = SPACE_AFTER_TABLE


def _marks(table: Table, numbers: tuple[int, ...], referenced: set[int]) -> list[NoteMark]:
    notes = {note.number: note.text for note in table.footnotes}
    marks = []
    for number in numbers:
        if number in notes:
            referenced.add(number)
            marks.append(NoteMark((table.id, f"not-{number}"), notes[number]))
    return marks


def _label_cell(writer: Writer, table: Table, row: Row, cell: _Cell, referenced: set[int]) -> None:
    paragraph = _cell_paragraph(writer, cell, row.label)
    emphasis = row.kind in (RowKind.TOTAL, RowKind.EXCLUDING, RowKind.HEADING)
    for run in paragraph.runs:
        run.bold = emphasis or None
        run.italic = row.kind == RowKind.PART or None
    level = max(row.level, 1) if row.kind in (RowKind.BREAKDOWN, RowKind.PART) else row.level
    if level:
        paragraph.paragraph_format.left_indent = INDENT_STEP * level
    writer.notes(paragraph, _marks(table, row.notes, referenced))


def _value_cell(
    writer: Writer, table: Table, value: Cell, cell: _Cell, referenced: set[int]
) -> None:
    paragraph = _cell_paragraph(writer, cell, cell_text(value), right=True)
    xml.no_wrap(cell._tc)  # a figure never breaks over two lines
    writer.notes(paragraph, _marks(table, value.notes, referenced))


def add_summary(writer: Writer, summary: ObservationSummary) -> None:
    """Every målområde's observations side by side, as a table."""
    writer.caption(TABLE_LABEL, TABLE_SEQUENCE, SUMMARY_CAPTION)
    total = writer.text_width
    first = int(total * 0.26)
    second = (total - first) // 2
    widths = [first, second, total - first - second]
    word_table = writer.table(1 + len(summary.areas), widths)
    xml.set_table_properties(word_table._tbl, sum(widths), SUMMARY_CAPTION)
    rows = word_table.rows
    _header_row(writer, rows[0].cells, SUMMARY_HEADERS)
    xml.mark_row(rows[0]._tr, header=True)
    # rows may break across pages: a målområde can have more observations than fit on one
    for (area, observations), word_row in zip(summary.areas, rows[1:], strict=True):
        cells = word_row.cells
        for run in _cell_paragraph(writer, cells[0], area).runs:
            run.bold = True
        items_of = (observations.positive, observations.improvements)
        for cell, items in zip(cells[1:], items_of, strict=True):
            _cell_list(writer, cell, items, summary.none_given)


def _cell_list(writer: Writer, cell: _Cell, items: tuple[str, ...], none_given: bool) -> None:
    if not items:
        _cell_paragraph(writer, cell, NONE_GIVEN if none_given else "")
        return
    for index, item in enumerate(items):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        writer.set_style(paragraph, "uppsikt-tabellpunkt")
        paragraph.add_run(item)
