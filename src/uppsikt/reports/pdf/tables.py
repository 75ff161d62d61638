"""Tables of figures as Typst markup, laid out to fit the width of an A4 page.

Typst tags the header row as header cells (TH, scope Column) and repeats it on every page;
heading rows ('rubrik') become second-level headers that label the rows under them. Column
widths follow what each column must hold without breaking a word, so the label column takes
what is left and wraps. A value that is missing shows '–' with the number of the footnote that
gives the reason (the build layer made the reasons footnotes: ``reports.build.notes``).

Nothing that belongs together is parted by a page break: the notes are the table's footer,
repeated on every page the table takes, so they never stand alone on a page of their own; a row
and its breakdowns (Kvinnor, Män) share a cell of an invisible last column that may not break.
"""

from __future__ import annotations

from uppsikt.model.assessment import Assessment
from uppsikt.reports.cells import cell_text
from uppsikt.reports.model import Cell, Row, RowKind, Table
from uppsikt.reports.pdf.markup import content, escape, string
from uppsikt.reports.plain import Mark, events
from uppsikt.reports.richtext import RichText

TEXT_WIDTH_PT = 465
"""Width of the text area of the page (A4 less the margins of templates/report.typ)."""
WIDE_TABLE = 5
"""Tables with more number columns than this are set in a smaller font."""
VERY_WIDE_TABLE = 7
"""Tables with more number columns than this are set smaller still, with narrower insets."""
EM_PER_LETTER = 0.55
"""Width of a letter of a bold header, in em (Libertinus Serif Bold averages about 0.53)."""
MIN_COLUMN = 6
"""The narrowest number column, in letters."""
MAX_LABEL = 36
"""The widest label column, in letters; longer labels wrap."""
SHORT_TABLE = 15
"""Tables of at most this many rows are kept on one page."""
MAX_KEPT_GROUP = 20
"""A row and its breakdowns are kept on one page when they are at most this many rows."""
ASSESSMENT_COLUMN = 17
"""Letters of the widest assessment, '– Kan inte bedömas'."""
_PARAGRAPH_ENDS = frozenset(
    {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr"}
)
_ROW_STYLES = {RowKind.TOTAL: "bold", RowKind.EXCLUDING: "bold", RowKind.PART: "italic"}
_CHILD_KINDS = frozenset({RowKind.BREAKDOWN, RowKind.PART})
"""Rows that belong to the row above them and stay on its page."""
_KEEP_CELL = "table.cell(inset: 0pt)[]"


def table(t: Table) -> str:
    """A table of figures: caption above, header repeated on every page, notes below."""
    width = len(t.columns) + (2 if t.has_assessment else 1)
    breakable = len(t.rows) > SHORT_TABLE
    groups = _kept(row_groups(t)) if breakable else [1] * len(t.rows)
    keep = any(size > 1 for size in groups)
    header = [content(t.row_header or "Rad")]
    header += [f"column-header({string(c.label)})" for c in t.columns]
    if t.has_assessment:
        header.append("[Bedömning]")
    if keep:
        header.append(_KEEP_CELL)
    cells = [f"table.header(repeat: true, {', '.join(header)})"]
    for index, row in enumerate(t.rows):
        cells.extend(_row(row, t, width + keep))
        if keep and groups[index] and row.kind != RowKind.HEADING:
            span = groups[index]
            cells.append(
                _KEEP_CELL.replace("(", f"(rowspan: {span}, breakable: false, ", 1)
                if span > 1
                else _KEEP_CELL
            )
    if t.footnotes:
        notes = "".join(f"enum.item({n.number}){content(n.text)}, " for n in t.footnotes)
        cells.append(
            f"table.footer(repeat: true, table.cell(colspan: {width + keep}, stroke: none, "
            f"inset: (x: 0pt, top: 5pt, bottom: 0pt))[#table-notes(({notes}))])"
        )
    left = f"0, {width - 1}" if t.has_assessment else "0"
    align = (
        f"(x, y) => (if x in ({left},) {{ left }} else {{ right }})"
        " + (if y == 0 { bottom } else { top })"
    )
    widths = column_widths(t) + (["0pt"] if keep else [])
    body = (
        f"table(columns: ({', '.join(widths)}), align: {align}, "
        "stroke: table-stroke, fill: header-fill,\n  " + ",\n  ".join(cells) + ",\n)"
    )
    size, inset = _layout(t)
    unit_note = f", unit-note: {content(t.unit_note)}" if t.unit_note else ""
    extra = comment(t.comment) if t.comment is not None else ""
    return (
        f"#report-table(caption: {content(t.caption)}{unit_note}, size: {size}pt, "
        f"inset: {inset}pt, breakable: {'true' if breakable else 'false'}, "
        f"comment: [{extra}],\n{body})"
    )


def row_groups(t: Table) -> list[int]:
    """Per row, the number of rows that must stay on its page with it: a row and the
    breakdowns and parts under it count as one group at its first row, 0 at the others."""
    sizes: list[int] = []
    start: int | None = None
    for index, row in enumerate(t.rows):
        if row.kind in _CHILD_KINDS and start is not None:
            sizes.append(0)
            sizes[start] += 1
        else:
            sizes.append(1)
            start = None if row.kind == RowKind.HEADING else index
    return sizes


def _layout(t: Table) -> tuple[float, float]:
    """Font size and horizontal cell inset in points: smaller for wider tables."""
    if len(t.columns) > VERY_WIDE_TABLE:
        return 7.0, 3.0
    if len(t.columns) > WIDE_TABLE:
        return 8.0, 4.0
    return 9.0, 4.0


def column_widths(t: Table) -> list[str]:
    """Relative widths: each number column as wide as its longest word or value; the label
    column what is left, at least its longest word and at most ``MAX_LABEL`` letters."""
    size, inset = _layout(t)
    padding = 2 * inset / size  # in em, like every width here

    def width(letters: int) -> float:
        return letters * EM_PER_LETTER + padding

    columns = [
        width(
            max(
                MIN_COLUMN,
                _longest_word(column.label),
                *(len(cell_text(row.cells[i])) for row in t.rows if i < len(row.cells)),
            )
        )
        for i, column in enumerate(t.columns)
    ]
    if t.has_assessment:
        columns.append(width(ASSESSMENT_COLUMN))
    labels = [row.label for row in t.rows if row.kind != RowKind.HEADING] or [""]
    shortest = width(max(_longest_word(t.row_header), *map(_longest_word, labels)))
    widest = width(min(MAX_LABEL, max(map(len, labels))))
    label = min(max(TEXT_WIDTH_PT / size - sum(columns), shortest), max(widest, shortest))
    return [f"{w:.2f}fr" for w in (label, *columns)]


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def _kept(sizes: list[int]) -> list[int]:
    """The groups to keep together: one longer than ``MAX_KEPT_GROUP`` (which could not fit
    on a page) becomes rows of their own."""
    kept = list(sizes)
    for start, size in enumerate(sizes):
        if size > MAX_KEPT_GROUP:
            kept[start : start + size] = [1] * size
    return kept


def _row(row: Row, t: Table, width: int) -> list[str]:
    label = escape(row.label) + note_marks(row.notes)
    if row.kind == RowKind.HEADING:
        cell = f"table.cell(colspan: {width}, fill: subheader-fill)[#bold[{label}]]"
        return [f"table.header(level: 2, {cell})"]
    level = row.level
    if row.kind in (RowKind.BREAKDOWN, RowKind.PART):
        level = max(level, 1)
    cells = [label] + [_cell(c) for c in row.cells]
    cells += [""] * (len(t.columns) - len(row.cells))
    if t.has_assessment:
        cells.append(assessment(row.assessment) if row.assessment else "")
    style = _ROW_STYLES.get(row.kind)
    if style:
        cells = [f"#{style}[{c}]" if c else c for c in cells]
    if level:
        cells[0] = f"#indent({level})[{cells[0]}]"
    out = [f"[{c}]" for c in cells]
    if row.kind == RowKind.TOTAL:
        out.insert(0, "table.hline(stroke: 0.6pt + ink)")
    return out


def _cell(cell: Cell) -> str:
    """What a cell shows ('–' for a missing value) and its footnote numbers."""
    return escape(cell_text(cell)) + note_marks(cell.notes)


def note_marks(notes: tuple[int, ...]) -> str:
    """Superscript footnote numbers: '¹,³'."""
    return f"#note-ref[{','.join(map(str, notes))}]" if notes else ""


def assessment(value: Assessment) -> str:
    """Symbol (an artifact for screen readers, which read the text) and text."""
    return f"#assessment({string(value.symbol)}, {string(value.label)})"


def comment(text: RichText) -> str:
    """A table's comment as plain paragraphs: a paragraph, list item, heading, quote, code
    block, table row or hard line break ends one; emphasis and lists are not shown."""
    paragraphs: list[str] = []
    current: list[str] = []
    for event in events(text):
        if event.mark is Mark.TEXT:
            current.append(event.value)
        elif (event.mark is Mark.END and event.value in _PARAGRAPH_ENDS) or (
            event.mark is Mark.START and event.value == "br"
        ):
            paragraphs.append("".join(current).strip())
            current = []
    paragraphs.append("".join(current).strip())
    return "\n\n".join(escape(p) for p in paragraphs if p)
