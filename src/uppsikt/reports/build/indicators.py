"""Indicator tables: the målområden's tables with targets and assessments, and the five-year
summary. Values are as computed; this module only arranges them into rows and cells."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from uppsikt.model.indicators import TOTAL, Breakdown, Indicator, Target
from uppsikt.reports.build.context import Context
from uppsikt.reports.build.indicator_forecasts import (
    ForecastColumn,
    forecast_cell,
    forecast_column,
)
from uppsikt.reports.model import Cell, Column, Footnote, Row, RowKind, Table

_NO_TARGET = "Målvärde saknas"
_YEAR = re.compile(r"\bår (\d{4})\b")


@dataclass(frozen=True, slots=True)
class _ReaderNote:
    """An accepted finding's note for the reader (kontroller.yaml, ``notering``), placed."""

    ident: str
    indicators: frozenset[str]
    year: int | None
    """The year whose cell carries the note; None: the indicator's row."""


def _reader_notes(ctx: Context) -> tuple[dict[str, str], list[_ReaderNote]]:
    """The texts of the accepted findings' notes and where each stands: on the indicators
    the finding's ``avser`` names as a whole word, and on those showing the same figure (the
    same name and unit) elsewhere; on the cell of the year it names, if any."""
    indicators = ctx.ws.indicators
    texts: dict[str, str] = {}
    placed: list[_ReaderNote] = []
    for index, accepted in enumerate(ctx.ws.accepted):
        if not accepted.note:
            continue
        named = [
            i
            for i in indicators
            if re.search(rf"(?<![\w-]){re.escape(i.id)}(?![\w-])", accepted.about)
        ]
        same = {(i.name, i.unit) for i in named}
        ids = frozenset(i.id for i in indicators if (i.name, i.unit) in same)
        year = _YEAR.search(accepted.about)
        ident = f"godtaget-{index}"
        texts[ident] = accepted.note
        placed.append(_ReaderNote(ident, ids, int(year.group(1)) if year else None))
    return texts, placed


@dataclass
class _Notes:
    """Footnotes of one table, numbered in order of first use."""

    texts: dict[str, str]
    order: list[str] = field(default_factory=list)

    def number(self, ident: str | None) -> tuple[int, ...]:
        if ident is None or ident not in self.texts:
            return ()
        if ident not in self.order:
            self.order.append(ident)
        return (self.order.index(ident) + 1,)

    def add(self, ident: str, text: str) -> tuple[int, ...]:
        """A note of the builder's own (a forecast's comment), numbered."""
        self.texts[ident] = text
        return self.number(ident)

    def many(self, idents: Sequence[str]) -> tuple[int, ...]:
        return tuple(n for i in idents for n in self.number(i))

    def footnotes(self) -> tuple[Footnote, ...]:
        return tuple(Footnote(n, self.texts[i]) for n, i in enumerate(self.order, start=1))


def indicator_table(
    ctx: Context,
    table_id: str,
    caption: str,
    indicators: Sequence[tuple[str, Indicator]],
    *,
    years: int = 3,
    with_targets: bool = True,
    group_notes: dict[str, tuple[str, ...]] | None = None,
) -> Table:
    """A table of ``indicators`` (each with its group heading) over the last ``years`` years."""
    reader_texts, reader_notes = _reader_notes(ctx)
    notes = _Notes({f.id: f.text for f in ctx.ws.footnotes} | reader_texts)
    # A plan is written before its year: its tables end with the year before, beside the target.
    last = ctx.year - 1 if ctx.ws.settings.report_type.kind.plan else ctx.year
    year_list = list(range(last - years + 1, last + 1))
    columns = [Column(f"utfall-{y}", f"Utfall {y}", "") for y in year_list]
    if with_targets:
        columns.append(Column(f"malvarde-{ctx.year}", f"Målvärde {ctx.year}", ""))
    forecast = forecast_column(ctx) if with_targets else None
    if forecast is not None:
        columns.append(forecast.column)
    rows: list[Row] = []
    units: list[str] = []
    group = None
    for heading, indicator in indicators:
        if heading and heading != group:
            group = heading
            heading_notes = notes.many((group_notes or {}).get(heading, ()))
            rows.append(
                Row(f"grupp-{len(rows)}", heading, (), RowKind.HEADING, notes=heading_notes)
            )
            units.append("")
        row = _indicator_row(ctx, indicator, year_list, notes, with_targets, forecast)
        rows.append(_with_reader_notes(row, indicator, year_list, notes, reader_notes))
        units.append(indicator.unit)
        for breakdown, level in _ordered_breakdowns(indicator.breakdowns):
            rows.append(_breakdown_row(ctx, indicator, breakdown, level, year_list, notes))
            units.append(breakdown.unit or indicator.unit)
            if with_targets:
                rows[-1] = _with_blanks(rows[-1], len(columns) - len(year_list))
    return Table(
        id=table_id,
        caption=caption,
        row_header="Indikator",
        columns=tuple(columns),
        rows=tuple(rows),
        footnotes=notes.footnotes(),
        has_assessment=with_targets and not ctx.ws.settings.report_type.kind.plan,
        row_units=tuple(units),
    )


def _ordered_breakdowns(breakdowns: Sequence[Breakdown]) -> list[tuple[Breakdown, int]]:
    """Breakdowns depth first (Ungdomar, then its Flickor and Pojkar), with their level."""
    ordered: list[tuple[Breakdown, int]] = []

    def visit(parent: str | None, level: int) -> None:
        for b in breakdowns:
            if b.parent == parent:
                ordered.append((b, level))
                visit(b.key, level + 1)

    visit(None, 1)
    return ordered


def _value_cell(
    ctx: Context,
    indicator: Indicator,
    breakdown: str,
    year: int,
    notes: _Notes,
    unit: str,
    decimals: int,
) -> Cell:
    found = ctx.computed.values.get((indicator.id, breakdown, year))
    percent = unit == "procent"
    if found is None:
        return Cell(None, decimals, percent, missing="Uppgift saknas")
    return Cell(
        value=found.value,
        decimals=decimals,
        percent=percent,
        signed=indicator.signed,
        approximate=found.approximate,
        missing=found.missing.text if found.missing is not None else None,
        notes=notes.number(found.footnote),
    )


def _indicator_row(
    ctx: Context,
    indicator: Indicator,
    years: list[int],
    notes: _Notes,
    with_targets: bool,
    forecast: ForecastColumn | None = None,
) -> Row:
    label_notes = notes.many(indicator.footnotes)
    cells = [
        _value_cell(ctx, indicator, TOTAL, y, notes, indicator.unit, indicator.decimals)
        for y in years
    ]
    if with_targets:
        cells.append(_target_cell(indicator, indicator.target(ctx.year), notes))
    if forecast is not None:
        cells.append(forecast_cell(ctx, forecast, indicator, notes.add))
    part = indicator.part_of is not None
    return Row(
        id=indicator.id,
        label=indicator.name,
        cells=tuple(cells),
        kind=RowKind.PART if part else RowKind.ROW,
        level=1 if part else 0,
        notes=label_notes,
        assessment=ctx.computed.assessments.get(indicator.id)
        if with_targets and not ctx.ws.settings.report_type.kind.plan
        else None,
    )


def _breakdown_row(
    ctx: Context,
    indicator: Indicator,
    breakdown: Breakdown,
    level: int,
    years: list[int],
    notes: _Notes,
) -> Row:
    unit = breakdown.unit or indicator.unit
    decimals = indicator.decimals if breakdown.decimals is None else breakdown.decimals
    cells = tuple(
        _value_cell(ctx, indicator, breakdown.key, y, notes, unit, decimals) for y in years
    )
    label = breakdown.label + (" (%)" if unit == "procent" != indicator.unit else "")
    return Row(f"{indicator.id}.{breakdown.key}", label, cells, RowKind.BREAKDOWN, level=level)


def _target_cell(indicator: Indicator, target: Target | None, notes: _Notes) -> Cell:
    if target is None:
        return Cell(None, missing=_NO_TARGET)
    footnote = notes.number(target.footnote)
    if target.direction is not None:
        return Cell(None, text=target.direction.value, notes=footnote)
    if target.value is None:
        return Cell(None, missing=_NO_TARGET, notes=footnote)
    return Cell(
        target.value,
        indicator.decimals,
        percent=indicator.unit == "procent",
        signed=indicator.signed,
        notes=footnote,
    )


def _with_reader_notes(
    row: Row, indicator: Indicator, years: list[int], notes: _Notes, placed: list[_ReaderNote]
) -> Row:
    """The row with the accepted findings' notes on it: on the cell of the year named, or on
    the label when the note names no year or a year the table does not show."""
    label = list(row.notes)
    cells = list(row.cells)
    for note in placed:
        if indicator.id not in note.indicators:
            continue
        number = notes.number(note.ident)
        if note.year in years:
            i = years.index(note.year)
            cells[i] = replace(cells[i], notes=(*cells[i].notes, *number))
        else:
            label.extend(number)
    return replace(row, notes=tuple(label), cells=tuple(cells))


def _with_blanks(row: Row, count: int) -> Row:
    """A breakdown's row with empty cells under the target (and the forecast)."""
    blanks = (Cell(None),) * count
    return Row(row.id, row.label, (*row.cells, *blanks), row.kind, row.level, row.notes)
