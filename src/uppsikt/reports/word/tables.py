"""Report tables in Word: a caption above, a header row that repeats on every page, numbers
right-aligned in Swedish format, row kinds shown by weight and indentation, and the table's
footnotes as Word footnotes (a missing value's reason is one of them: ``reports.build.notes``).

Page breaks part nothing that belongs together: a short table stays on one page, a row stays
with its breakdowns (Kvinnor, Män) and parts, and the last rows stay with the notes under them.
Column widths come from the content (``word.widths``), and figures never wrap.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.shared import Cm, Pt

from uppsikt.reports.model import ObservationSummary, Row, RowKind, Table
from uppsikt.reports.word import fragments, wml
from uppsikt.reports.word.flat import add_plain, plain_blocks
from uppsikt.reports.word.widths import cell_texts, column_widths
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
_EMPHASISED = frozenset({RowKind.TOTAL, RowKind.EXCLUDING, RowKind.HEADING})
_RULED = frozenset({RowKind.TOTAL, RowKind.EXCLUDING})


def _header_row(
    style_id: str,
    widths: Sequence[int],
    labels: Sequence[str],
    right: range = range(0),
    *,
    keep_next: bool = False,
) -> str:
    cells = "".join(
        fragments.cell(
            width,
            fragments.paragraph(
                style_id,
                fragments.run(label, bold=True) if label else "",
                keep_next=keep_next,
                right=index in right,
            ),
            bottom=True,
        )
        for index, (width, label) in enumerate(zip(widths, labels, strict=True))
    )
    return fragments.row(cells, header=True)


def add_table(writer: Writer, table: Table) -> None:
    """A report table with its caption above and its comment below."""
    caption = table.caption + (f". {table.unit_note}" if table.unit_note else "")
    writer.caption(TABLE_LABEL, TABLE_SEQUENCE, caption)
    texts = cell_texts(table)
    widths = column_widths(writer.text_width, table, writer.table_font_size, texts)
    notes = {note.number: note.text for note in table.footnotes}
    unreferenced = [n for n in notes if n not in _referenced(table, notes)]
    comment = plain_blocks(table.comment) if table.comment is not None else []
    keeps = keep_with_next_rows(table, notes_follow=bool(unreferenced or comment))
    labels = [table.row_header] + [c.label for c in table.columns]
    if table.has_assessment:
        labels.append(ASSESSMENT_HEADER)
    style = writer.style_id("uppsikt-tabelltext")
    right = range(1, 1 + len(table.columns))
    rows = [_header_row(style, widths, labels, right, keep_next=bool(table.rows))]
    for row, row_texts, keep in zip(table.rows, texts, keeps, strict=True):
        rows.append(fragments.row(_cells(writer, table, row, row_texts, widths, keep=keep)))
    writer.root.append(fragments.table(writer.style_id("uppsikt-tabell"), widths, caption, rows))
    after = len(writer.root)  # the notes and comment below come after the table
    for number in unreferenced:  # a note no cell points at still belongs to the table
        writer.paragraph(f"{number}) {notes[number]}", "Footnote Text")
    if comment:
        add_plain(writer, comment)
    if len(writer.root) > after:  # space between the table and what follows it
        wml.set_space_before(writer.root[after], SPACE_AFTER_TABLE)


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


def _referenced(table: Table, notes: dict[int, str]) -> set[int]:
    """The notes of ``table`` that a row or a cell points at."""
    found = {n for row in table.rows for n in row.notes if n in notes}
    for row in table.rows:
        if row.kind != RowKind.HEADING:
            for cell in row.cells[: len(table.columns)]:
                found.update(n for n in cell.notes if n in notes)
    return found


def _cells(
    writer: Writer,
    table: Table,
    row: Row,
    texts: list[str],
    widths: list[int],
    *,
    keep: bool,
) -> str:
    """The cells of a row of ``table``: its label, its values and its assessment."""
    style = writer.style_id("uppsikt-tabelltext")
    level = max(row.level, 1) if row.kind in _CHILD_KINDS else row.level
    label = (
        fragments.run(row.label, bold=row.kind in _EMPHASISED, italic=row.kind == RowKind.PART)
        if row.label
        else ""
    )
    label += writer.notes(_marks(table, row.notes))
    indent = int(wml.twips(INDENT_STEP * level)) if level else 0
    first = fragments.paragraph(style, label, keep_next=keep, indent=indent)
    if row.kind == RowKind.HEADING:
        return fragments.cell(sum(widths), first, span=len(widths))
    rule = row.kind in _RULED
    parts = [fragments.cell(widths[0], first, border_top=rule)]
    for index, width in enumerate(widths[1 : 1 + len(table.columns)]):
        value = row.cells[index] if index < len(row.cells) else None
        text = texts[index] if value is not None else ""
        content = (fragments.run(text) if text else "") + writer.notes(
            _marks(table, value.notes if value is not None else ())
        )
        paragraph = fragments.paragraph(style, content, keep_next=keep, right=True)
        parts.append(fragments.cell(width, paragraph, border_top=rule, no_wrap=True))
    if table.has_assessment:
        assessment = row.assessment
        text = f"{assessment.symbol} {assessment.label}" if assessment else ""
        paragraph = fragments.paragraph(style, fragments.run(text) if text else "", keep_next=keep)
        parts.append(fragments.cell(widths[-1], paragraph, border_top=rule))
    return "".join(parts)


def _marks(table: Table, numbers: tuple[int, ...]) -> list[NoteMark]:
    notes = {note.number: note.text for note in table.footnotes}
    return [
        NoteMark((table.id, f"not-{number}"), notes[number])
        for number in numbers
        if number in notes
    ]


def add_summary(writer: Writer, summary: ObservationSummary) -> None:
    """Every målområde's observations side by side, as a table."""
    writer.caption(TABLE_LABEL, TABLE_SEQUENCE, SUMMARY_CAPTION)
    total = writer.text_width
    first = int(total * 0.26)
    second = (total - first) // 2
    widths = [first, second, total - first - second]
    text = writer.style_id("uppsikt-tabelltext")
    item = writer.style_id("uppsikt-tabellpunkt")
    rows = [_header_row(text, widths, SUMMARY_HEADERS)]
    # rows may break across pages: a målområde can have more observations than fit on one
    for area, observations in summary.areas:
        cells = [
            fragments.cell(widths[0], fragments.paragraph(text, fragments.run(area, bold=True)))
        ]
        items_of = (observations.positive, observations.improvements)
        for width, items in zip(widths[1:], items_of, strict=True):
            if items:
                content = "".join(fragments.paragraph(item, fragments.run(i)) for i in items)
            else:
                shown = NONE_GIVEN if summary.none_given else ""
                content = fragments.paragraph(text, fragments.run(shown) if shown else "")
            cells.append(fragments.cell(width, content))
        rows.append(fragments.row("".join(cells), split=True))
    table = fragments.table(writer.style_id("uppsikt-tabell"), widths, SUMMARY_CAPTION, rows)
    writer.root.append(table)
