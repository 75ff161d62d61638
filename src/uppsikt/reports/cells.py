"""What a table cell of the report model shows: the one place that turns a ``Cell`` into text.

Every renderer (HTML, Word, PDF, Excel) formats cells through these functions, so a figure reads
the same in every format: '−10 326', '29,5 %', 'ca 80', '+3,4', a text such as 'Öka', or the
missing mark '–'. A cell's footnotes are numbers of its table's footnotes (``Cell.notes``), and
the reason a value is missing is one of them (``reports.build.notes`` makes it so), so every
renderer marks a cell with footnote numbers only ('–¹'); ``is_missing`` tells whether it shows
the missing mark.
"""

from __future__ import annotations

from decimal import Decimal

from uppsikt.located import format as fmt
from uppsikt.reports.model import Cell, CellKind

APPROXIMATE_PREFIX = "ca "
"""Put before an approximate figure ('ca 80')."""
MISSING_MARK = fmt.MISSING_MARK


def format_number(value: Decimal, decimals: int, *, percent: bool, signed: bool = False) -> str:
    """A figure in Swedish format, as a percentage when ``percent``: '29,5 %', '−10 326'."""
    formatter = fmt.percent if percent else fmt.number
    return formatter(value, decimals, signed=signed)


def cell_number(cell: Cell) -> str:
    """The formatted number of a cell holding a value, '' otherwise: '−10 326', 'ca 80'."""
    if cell.value is None:
        return ""
    text = format_number(cell.value, cell.decimals, percent=cell.percent, signed=cell.signed)
    return APPROXIMATE_PREFIX + text if cell.approximate else text


def is_missing(cell: Cell) -> bool:
    """Whether the cell shows the missing mark: no value, no text, and a reason."""
    return cell.kind is CellKind.MISSING


def cell_text(cell: Cell) -> str:
    """What a cell shows, without its marks: a text, a figure, '–' when missing, or ''."""
    kind = cell.kind
    if kind is CellKind.TEXT:
        return cell.text or ""
    if kind is CellKind.NUMBER:
        return cell_number(cell)
    return MISSING_MARK if kind is CellKind.MISSING else ""


def numeric(cell: Cell) -> Decimal | None:
    """The number a cell holds, None for text and empty cells (for formats that keep numbers
    as numbers, such as Excel)."""
    if cell.text is not None:
        return None
    return cell.value
