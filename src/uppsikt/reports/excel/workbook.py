"""Write the report's tables as one Excel workbook: a sheet per table and a table of contents.

Every figure is written as a real number in the display unit of the report, exactly as the
model holds it, with a number format that shows it the way the report does (thousands
separator, decimals, an explicit sign, 'ca'). Excel shows the separators of the reader's
locale, so Swedish Excel shows '−10 326' and '29,5 %'.

Percentages are the one presentation conversion: the model holds percent (29.5 for 29,5 %),
the workbook holds the fraction (0.295) with a percentage format, so that the cell is a
percentage to Excel and computes as one. The conversion is an exact decimal shift, not a
calculation of a figure.

A missing value is an empty cell, so that columns stay numeric; the footnotes that apply to a
cell (a missing value's reason among them: ``reports.build.notes``) are its comment and are
listed under the table. Sheet names are the captions made short and unique (``excel.names``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from uppsikt.located import format as fmt
from uppsikt.reports.cells import APPROXIMATE_PREFIX, MISSING_MARK, cell_text, is_missing, numeric
from uppsikt.reports.excel.names import CONTENTS_SHEET, sheet_names
from uppsikt.reports.model import Cell, ReportModel, Row, RowKind, Table

CAPTION_ROW = 0
UNIT_NOTE_ROW = 1
BACK_LINK_ROW = 2
HEADER_ROW = 3
"""Zero-based: the header is row 4 of the sheet, the data starts on row 5."""
LABEL_HEADER_FALLBACK = "Rad"
UNIT_HEADER = "Enhet"
ASSESSMENT_HEADER = "Bedömning"
MINUS = fmt.MINUS
MAX_INDENT = 15
"""Excel's deepest indentation."""

LABEL_WIDTH = (14, 60)
"""Narrowest and widest label column, in characters; longer labels wrap."""
VALUE_WIDTH = (10, 18)
CAPTION_FONT_SIZE = 14

_BOLD_KINDS = frozenset({RowKind.TOTAL, RowKind.EXCLUDING, RowKind.HEADING})
_TOTAL_KINDS = frozenset({RowKind.TOTAL, RowKind.EXCLUDING})
_INDENTED_KINDS = frozenset({RowKind.BREAKDOWN, RowKind.PART})

MISSING_LEGEND = (
    f"Tom cell med kommentar: uppgiften saknas ({MISSING_MARK} i rapporten); "
    "orsaken står i kommentaren och bland fotnoterna."
)
PERCENT_NOTE = (
    "Procenttal är lagrade som andelar (29,5 % som 0,295) och visas med procentformat; "
    "övriga tal är lagrade i tabellens enhet, utan avrundning."
)


def write_xlsx(report: ReportModel, path: Path, *, created: datetime | None = None) -> None:
    """Write every table of ``report`` to the workbook ``path``."""
    path.write_bytes(render_xlsx(report, created=created))


def render_xlsx(report: ReportModel, *, created: datetime | None = None) -> bytes:
    """The workbook as bytes. ``created`` defaults to ``SOURCE_DATE_EPOCH`` or now, in UTC."""
    buffer = BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    _set_properties(workbook, report, created or _creation_time())
    formats = _Formats(workbook)
    tables = report.tables()
    names = sheet_names(table.caption for table in tables)
    _write_contents(workbook.add_worksheet(CONTENTS_SHEET), report, tables, names, formats)
    for table, name in zip(tables, names, strict=True):
        sheet = workbook.add_worksheet(name)
        sheet.set_comments_author(report.meta.kommun)
        _write_table(sheet, table, formats)
    workbook.close()
    return buffer.getvalue()


def number_format(cell: Cell) -> str:
    """The Excel number format of a numeric cell: sections for positive, negative and zero.

    '#,##0' is shown with the locale's separators ('1 234' in Swedish Excel); the minus is
    the true minus sign, as in the report. A percentage format makes Excel multiply by 100,
    so percentages are written as fractions (see the module docstring).
    """
    digits = "#,##0"
    if cell.decimals > 0:
        digits += "." + "0" * cell.decimals
    if cell.percent:
        digits += f'"{fmt.NBSP}"%'
    prefix = f'"{APPROXIMATE_PREFIX}"' if cell.approximate else ""
    positive = f'{prefix}"+"{digits}' if cell.signed else prefix + digits
    negative = f'{prefix}"{MINUS}"{digits}'
    zero = prefix + digits
    return f"{positive};{negative};{zero}"


def cell_number(cell: Cell) -> float | None:
    """The number written to the cell: the model's value, a percentage as a fraction."""
    value = numeric(cell)
    if value is None:
        return None
    if cell.percent:
        value = value.scaleb(-2)
    return float(abs(value) if value.is_zero() else value)  # never '−0'


class _Formats:
    """Workbook formats, created once per distinct set of properties."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[tuple[str, Any], ...], Format] = {}

    def get(self, **properties: Any) -> Format:
        key = tuple(sorted(properties.items()))
        found = self._cache.get(key)
        if found is None:
            found = self._workbook.add_format(dict(properties))
            self._cache[key] = found
        return found


def _set_properties(workbook: Workbook, report: ReportModel, created: datetime) -> None:
    meta = report.meta
    properties: dict[str, Any] = {
        "title": f"{meta.title} – {meta.namnd}",
        "subject": f"Tabeller ur {meta.title.lower()} för {meta.namnd}, {meta.kommun}",
        "author": meta.kommun,
        "company": meta.kommun,
        "category": meta.report_type,
        "keywords": ", ".join(k for k in (meta.report_type, meta.namnd, meta.kommun) if k),
        "created": created,
    }
    if meta.generated_by:
        properties["comments"] = f"Skapad med {meta.generated_by}."
    workbook.set_properties(properties)
    workbook.set_custom_property("Language", "sv-SE")
    if meta.diarienummer:
        workbook.set_custom_property("Diarienummer", meta.diarienummer)


def _creation_time() -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), otherwise now; naive UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.replace(tzinfo=None, microsecond=0)


def _write_contents(
    sheet: Worksheet,
    report: ReportModel,
    tables: Sequence[Table],
    names: Sequence[str],
    formats: _Formats,
) -> None:
    meta = report.meta
    sheet.write_string(
        CAPTION_ROW, 0, CONTENTS_SHEET, formats.get(bold=True, font_size=CAPTION_FONT_SIZE)
    )
    sheet.write_string(UNIT_NOTE_ROW, 0, f"{meta.title} – {meta.namnd}, {meta.kommun}")
    header = formats.get(bold=True, bottom=2, text_wrap=True, valign="bottom")
    for col, label in enumerate(("Blad", "Tabell", "Enhet")):
        sheet.write_string(HEADER_ROW, col, label, header)
    top = formats.get(valign="top")
    link = formats.get(valign="top", font_color="blue", underline=1)
    row = HEADER_ROW
    for table, name in zip(tables, names, strict=True):
        row += 1
        sheet.write_url(row, 0, f"internal:{_sheet_reference(name)}!A1", link, string=name)
        sheet.write_string(row, 1, table.caption, top)
        if table.unit_note:
            sheet.write_string(row, 2, table.unit_note, top)
    row += 2
    sheet.write_string(row, 0, PERCENT_NOTE)
    sheet.set_column(0, 0, max([len(n) for n in names] + [8]) + 2)
    sheet.set_column(1, 1, min(max([len(t.caption) for t in tables] + [20]) + 2, 80))
    sheet.set_column(2, 2, 16)
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.activate()


def _write_table(sheet: Worksheet, table: Table, formats: _Formats) -> None:
    if table.row_units and len(table.row_units) != len(table.rows):
        raise ValueError(f"table {table.id!r}: row_units and rows differ in length")
    has_units = bool(table.row_units)
    first_value = 2 if has_units else 1
    last = first_value + len(table.columns) - (0 if table.has_assessment else 1)

    sheet.write_string(
        CAPTION_ROW, 0, table.caption, formats.get(bold=True, font_size=CAPTION_FONT_SIZE)
    )
    if table.unit_note:
        sheet.write_string(UNIT_NOTE_ROW, 0, table.unit_note)
    sheet.write_url(
        BACK_LINK_ROW,
        0,
        f"internal:{_sheet_reference(CONTENTS_SHEET)}!A1",
        formats.get(font_color="blue", underline=1),
        string="Till innehållet",
    )
    _write_header(sheet, table, formats, first_value)

    missing = False
    for index, row in enumerate(table.rows):
        r = HEADER_ROW + 1 + index
        if row.kind == RowKind.HEADING:
            _write_heading_row(sheet, r, last, row, formats)
            continue
        style = _row_style(row)
        _write_label(sheet, r, row, table, style, formats)
        if has_units:
            sheet.write_string(r, 1, table.row_units[index], formats.get(**style))
        missing |= _write_cells(sheet, r, first_value, row, table, style, formats)
        if table.has_assessment:
            text = f"{row.assessment.symbol} {row.assessment.label}" if row.assessment else ""
            sheet.write_string(r, last, text, formats.get(**style))

    _write_notes(sheet, HEADER_ROW + len(table.rows) + 2, table, missing, formats)
    _set_widths(sheet, table, first_value)
    sheet.freeze_panes(HEADER_ROW + 1, 1)
    sheet.repeat_rows(HEADER_ROW)
    sheet.set_paper(9)  # A4
    if last >= 6:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


def _write_header(sheet: Worksheet, table: Table, formats: _Formats, first_value: int) -> None:
    base: dict[str, Any] = {"bold": True, "bottom": 2, "text_wrap": True, "valign": "bottom"}
    sheet.write_string(
        HEADER_ROW, 0, table.row_header or LABEL_HEADER_FALLBACK, formats.get(**base)
    )
    if table.row_units:
        sheet.write_string(HEADER_ROW, 1, UNIT_HEADER, formats.get(**base))
    numeric = formats.get(**base, align="right")
    for offset, column in enumerate(table.columns):
        sheet.write_string(HEADER_ROW, first_value + offset, column.label, numeric)
    if table.has_assessment:
        sheet.write_string(
            HEADER_ROW, first_value + len(table.columns), ASSESSMENT_HEADER, formats.get(**base)
        )


def _row_style(row: Row) -> dict[str, Any]:
    style: dict[str, Any] = {"valign": "top"}
    if row.kind in _BOLD_KINDS:
        style["bold"] = True
    if row.kind in _TOTAL_KINDS:
        style["top"] = 2
    if row.kind == RowKind.PART:
        style["italic"] = True
    return style


def _write_heading_row(sheet: Worksheet, r: int, last: int, row: Row, formats: _Formats) -> None:
    style = formats.get(bold=True, valign="top")
    if last > 0:
        sheet.merge_range(r, 0, r, last, row.label, style)
    else:
        sheet.write_string(r, 0, row.label, style)


def _write_label(
    sheet: Worksheet, r: int, row: Row, table: Table, style: dict[str, Any], formats: _Formats
) -> None:
    level = max(row.level, 1) if row.kind in _INDENTED_KINDS else row.level
    label_style = dict(style, text_wrap=True)
    if level > 0:
        label_style["indent"] = min(level, MAX_INDENT)
    sheet.write_string(r, 0, row.label, formats.get(**label_style))
    if row.notes:
        sheet.write_comment(r, 0, _notes_text(row.notes, table))


def _write_cells(
    sheet: Worksheet,
    r: int,
    first: int,
    row: Row,
    table: Table,
    style: dict[str, Any],
    formats: _Formats,
) -> bool:
    """Write the row's cells; True if any value is missing."""
    if len(row.cells) > len(table.columns):
        raise ValueError(f"table {table.id!r}: row {row.id!r} has more cells than columns")
    missing = False
    for offset in range(len(table.columns)):
        col = first + offset
        cell = row.cells[offset] if offset < len(row.cells) else Cell(None)
        number = cell_number(cell)
        if cell.text is not None:
            sheet.write_string(r, col, cell.text, formats.get(**style, align="right"))
        elif number is not None:
            sheet.write_number(r, col, number, formats.get(**style, num_format=number_format(cell)))
        else:
            sheet.write_blank(r, col, None, formats.get(**style))
        comment = _cell_comment(cell, table)
        if comment:
            sheet.write_comment(r, col, comment)
        missing |= is_missing(cell)
    return missing


def _cell_comment(cell: Cell, table: Table) -> str:
    parts: list[str] = []
    if is_missing(cell):
        parts.append(f"Uppgift saknas ({MISSING_MARK}).")
    if cell.notes:
        parts.append(_notes_text(cell.notes, table))
    return "\n".join(parts)


def _notes_text(numbers: Sequence[int], table: Table) -> str:
    texts = {note.number: note.text for note in table.footnotes}
    return "\n".join(f"Fotnot {n}: {texts[n]}" if texts.get(n) else f"Fotnot {n}" for n in numbers)


def _write_notes(sheet: Worksheet, r: int, table: Table, missing: bool, formats: _Formats) -> None:
    if table.footnotes:
        sheet.write_string(r, 0, "Fotnoter", formats.get(bold=True))
        for note in table.footnotes:
            r += 1
            sheet.write_string(r, 0, f"{note.number}. {note.text}")
        r += 2
    if missing:
        sheet.write_string(r, 0, MISSING_LEGEND)


def _set_widths(sheet: Worksheet, table: Table, first_value: int) -> None:
    labels = [
        len(row.label) + 2 * max(row.level, 1 if row.kind in _INDENTED_KINDS else 0)
        for row in table.rows
        if row.kind != RowKind.HEADING
    ]
    label_width = max([*labels, len(table.row_header), LABEL_WIDTH[0]])
    sheet.set_column(0, 0, min(label_width + 2, LABEL_WIDTH[1]))
    if table.row_units:
        sheet.set_column(1, 1, max([len(u) for u in table.row_units] + [len(UNIT_HEADER)]) + 2)
    for offset, column in enumerate(table.columns):
        texts = [_display(row.cells[offset]) for row in table.rows if offset < len(row.cells)]
        longest_word = max((len(word) for word in column.label.split()), default=0)
        widest = max([len(t) for t in texts] + [longest_word, VALUE_WIDTH[0] - 2])
        col = first_value + offset
        sheet.set_column(col, col, min(widest + 2, VALUE_WIDTH[1]))
    if table.has_assessment:
        col = first_value + len(table.columns)
        texts = [f"{r.assessment.symbol} {r.assessment.label}" for r in table.rows if r.assessment]
        sheet.set_column(col, col, max([len(t) for t in texts] + [len(ASSESSMENT_HEADER)]) + 2)


def _display(cell: Cell) -> str:
    """Roughly what Excel shows, for the column width."""
    return "" if is_missing(cell) else cell_text(cell)  # a missing value is an empty cell


def _sheet_reference(name: str) -> str:
    """A sheet name as a formula or link reference: quoted, apostrophes doubled."""
    return "'" + name.replace("'", "''") + "'"
