"""Column widths of a report table in Word, from what its columns hold.

Each value column is as wide as its longest formatted figure (with its footnote marks) and the
longest word of its heading, measured as characters times an average glyph width at the table's
font size, so that a figure never breaks over two lines; the label column takes the rest. When
the page is too narrow for every column, the value columns shrink alike down to a least width,
and below that every column shrinks in proportion: no width is ever zero or negative.
"""

from __future__ import annotations

from uppsikt.reports.cells import cell_text
from uppsikt.reports.model import Row, RowKind, Table

TWIPS_PER_POINT = 20
DIGIT_EM = 0.6
"""Width of a figure, in em: tabular figures of a sans-serif are about 0.55–0.6 em."""
LETTER_EM = 0.55
"""Average width of a letter of running text, in em."""
BOLD = 1.1
"""How much wider bold text is."""
NOTE_MARK_EM = 0.45
"""Width of a superscript footnote number or comma."""
CELL_PADDING = 260
"""Left and right cell margins and a little air, in twips."""
INDENT_STEP = 200
"""Indentation per row level, in twips (Cm(0.35))."""
MIN_VALUE = 420
"""The narrowest value column, in twips, when columns must shrink."""
MIN_LABEL_SHARE = 0.22
"""The label column's least share of the width when the value columns are wide."""
ASSESSMENT_HEADER = "Bedömning"


def text_width(text: str, size_pt: float, *, bold: bool = False) -> int:
    """The width of ``text`` in twips at ``size_pt``: figures and spaces at ``DIGIT_EM``, other
    characters at ``LETTER_EM``."""
    ems = sum(DIGIT_EM if ch.isdigit() or ch in " \u00a0\u2212+−,%" else LETTER_EM for ch in text)
    return int(ems * size_pt * TWIPS_PER_POINT * (BOLD if bold else 1.0))


def _longest_word(text: str, size_pt: float, *, bold: bool = False) -> int:
    return max((text_width(word, size_pt, bold=bold) for word in text.split()), default=0)


def cell_texts(table: Table) -> list[list[str]]:
    """What each cell of ``table`` shows, row by row (formatted once for widths and cells)."""
    return [[cell_text(cell) for cell in row.cells] for row in table.rows]


def _value_need(table: Table, texts: list[list[str]], index: int, size_pt: float) -> int:
    """The width of a value column: its widest cell and its heading's longest word."""
    widest = 0
    for row, row_texts in zip(table.rows, texts, strict=True):
        if index >= len(row.cells) or row.kind == RowKind.HEADING:
            continue
        cell = row.cells[index]
        marks = len(",".join(map(str, cell.notes))) * NOTE_MARK_EM * size_pt * TWIPS_PER_POINT
        bold = row.kind in (RowKind.TOTAL, RowKind.EXCLUDING)
        widest = max(widest, text_width(row_texts[index], size_pt, bold=bold) + int(marks))
    heading = _longest_word(table.columns[index].label, size_pt, bold=True)
    return max(widest, heading) + CELL_PADDING


def _assessment_need(table: Table, size_pt: float) -> int:
    texts = [f"{r.assessment.symbol} {r.assessment.label}" for r in table.rows if r.assessment]
    widest = max((text_width(t, size_pt) for t in texts), default=0)
    return max(widest, text_width(ASSESSMENT_HEADER, size_pt, bold=True)) + CELL_PADDING


def _label_least(rows: tuple[Row, ...], row_header: str, size_pt: float) -> int:
    """The label column's least width: its longest word, indented."""
    words = [
        _longest_word(row.label, size_pt) + INDENT_STEP * max(row.level, 0)
        for row in rows
        if row.kind != RowKind.HEADING
    ]
    return max([*words, _longest_word(row_header, size_pt, bold=True)]) + CELL_PADDING


def column_widths(
    total: int, table: Table, size_pt: float = 9.0, texts: list[list[str]] | None = None
) -> list[int]:
    """Widths (twips) of the label column, the value columns and the assessment column; they
    add up to ``total`` and none is below one twip (when ``total`` has a twip for each).
    ``texts`` are the cells' texts (``cell_texts``), when the caller has them already."""
    total = max(total, 1)
    shown = cell_texts(table) if texts is None else texts
    needs = [_value_need(table, shown, index, size_pt) for index in range(len(table.columns))]
    if table.has_assessment:
        needs.append(_assessment_need(table, size_pt))
    label_least = min(
        max(_label_least(table.rows, table.row_header, size_pt), int(total * MIN_LABEL_SHARE)),
        total // 2,
    )
    room = total - label_least
    if sum(needs) > room:
        needs = _shrunk(needs, room)
    widths = [total - sum(needs), *needs]
    if min(widths) < 1:  # nothing fits: every column in proportion to its need
        scale = total / sum(max(w, 1) for w in widths)
        widths = [max(int(max(w, 1) * scale), 1) for w in widths]
        widths[0] += total - sum(widths)
    return widths


def _shrunk(needs: list[int], room: int) -> list[int]:
    """``needs`` shrunk alike to add up to ``room`` at most, none below ``MIN_VALUE`` unless
    even that does not fit (then all alike)."""
    if room <= MIN_VALUE * len(needs):
        return [max(room // len(needs), 1) for _ in needs]
    reducible = [max(need - MIN_VALUE, 0) for need in needs]
    spare = sum(reducible)
    over = sum(needs) - room
    if spare < over:
        return [min(need, MIN_VALUE) for need in needs]
    return [need - -(-part * over // spare) for need, part in zip(needs, reducible, strict=True)]
