"""The section «prognossakerhet»: each delårsrapport's forecast against the year's outcome, per
unit and in total, with the mean absolute forecast error (compute/forecast_accuracy.py), a
chart of forecasts and outcome, and the optional text/prognossakerhet.md. And in a
delårsrapport's economy section, the units forecast in parts: budget, forecast and deviation
per kontogrupp or verksamhet (compute/forecast_parts.py)."""

from __future__ import annotations

from decimal import Decimal

from uppsikt.compute.forecast_accuracy import (
    TOTAL_ID,
    ForecastAccuracy,
    UnitAccuracy,
    forecast_accuracy,
)
from uppsikt.compute.forecast_parts import PartForecast, SplitForecasts, split_forecasts
from uppsikt.model.forecasts import month_name
from uppsikt.model.settings import EmptyLists
from uppsikt.reports.build.charts import comparison_chart
from uppsikt.reports.build.context import Context
from uppsikt.reports.build.text import text_section
from uppsikt.reports.model import Block, Cell, Column, Row, RowKind, Section, Table
from uppsikt.workspace.forecasts import FORECASTS_FILE

TABLE_ID = "prognossakerhet"
"""The table's id, and so its file in the data package: data/prognossakerhet.csv."""
OUTCOME_COLUMN = "utfall"
NO_FORECASTS = "Det finns inga prognoser för året i ekonomi/prognoser.csv."
"""Under the heading of a nämnd's report (which keeps every heading) without forecasts."""


def forecast_section(ctx: Context, name: str, number: str) -> Section:
    base = text_section(ctx, name, number, "Prognossäkerhet")
    accuracy = forecast_accuracy(ctx.ws, ctx.computed.organisation)
    if not accuracy.units:
        kind = ctx.ws.settings.report_type.kind
        note = (
            ctx.text(NO_FORECASTS, FORECASTS_FILE)
            if kind.empty_lists is EmptyLists.NONE_GIVEN
            else None
        )
        if base.blocks or base.subsections or note is None:
            return base
        return Section(base.id, base.number, base.title, (note,))
    table = accuracy_table(ctx, accuracy)
    blocks: list[Block] = [*base.blocks, table]
    forecast_columns = [f"prognos-{m}" for m in accuracy.months]
    chart = comparison_chart(
        table, [*forecast_columns, OUTCOME_COLUMN], ctx.ws.settings.display_unit.value
    )
    if chart is not None:
        blocks.append(chart)
    return Section(base.id, base.number, base.title, tuple(blocks), base.subsections)


def accuracy_table(ctx: Context, accuracy: ForecastAccuracy) -> Table:
    unit = ctx.ws.settings.display_unit.value
    columns = (
        *(Column(f"prognos-{m}", f"Prognos {month_name(m)}", unit) for m in accuracy.months),
        Column(OUTCOME_COLUMN, f"Bokslut {accuracy.year}", unit),
        Column("avvikelse-senaste", "Avvikelse mot senaste prognos", unit),
        Column("medelabsolutfel", f"Medelabsolutfel {unit}", unit),
        Column("medelabsolutfel-procent", "Medelabsolutfel i % av budget", "procent"),
    )
    rows = [_row(ctx, u, accuracy.months, RowKind.ROW) for u in accuracy.units]
    if accuracy.total is not None and len(accuracy.units) > 1:
        rows.append(_row(ctx, accuracy.total, accuracy.months, RowKind.TOTAL))
    return Table(
        id=TABLE_ID,
        caption=f"Prognoser och bokslut {accuracy.year}, nettokostnad",
        row_header="Enhet" if not ctx.ws.settings.several_namnder else "Nämnd",
        columns=columns,
        rows=tuple(rows),
        unit_note=f"Belopp i {unit}. Avvikelse = bokslut − prognos; medelabsolutfelet är "
        "medelvärdet av prognosernas avvikelser utan tecken.",
    )


def _row(ctx: Context, found: UnitAccuracy, months: tuple[int, ...], kind: RowKind) -> Row:
    points = [found.point(m) for m in months]
    last = found.last
    cells = (
        *(_amount(ctx, None if p is None else p.forecast) for p in points),
        _amount(ctx, found.outcome),
        _amount(ctx, None if last is None else last.error, signed=True),
        _amount(ctx, found.mean_absolute_error),
        _percent(found.mean_absolute_percent),
    )
    ident = TOTAL_ID if found.code == TOTAL_ID else found.code
    return Row(ident, found.name, cells, kind)


def _amount(ctx: Context, kronor: Decimal | None, *, signed: bool = False) -> Cell:
    unit = ctx.ws.settings.display_unit
    if kronor is None:
        return Cell(None, missing="Ingen prognos")
    return Cell(kronor / unit.kronor, unit.decimals, signed=signed)


def _percent(value: Decimal | None) -> Cell:
    if value is None:
        return Cell(None, missing="Ingen budget")
    return Cell(value, 1, percent=True)


PARTS_TABLE_PREFIX = "prognos-per-"
"""A parts table's id is this and its dimensions ('prognos-per-verksamhet'): its file in the
data package."""


def forecast_parts_tables(ctx: Context) -> tuple[Table, ...]:
    """In a delårsrapport, a table for each way the report's units are forecast in parts
    (per kontogrupp, per verksamhet): each such unit with its budget, forecast and deviation,
    then its parts. None where every unit is forecast whole."""
    month = ctx.ws.settings.report_month
    if month is None:
        return ()
    found = split_forecasts(ctx.ws, month, ctx.computed.organisation)
    return tuple(_parts_table(ctx, split, month) for split in found if split.units)


def _parts_table(ctx: Context, split: SplitForecasts, month: int) -> Table:
    unit = ctx.ws.settings.display_unit.value
    year = ctx.ws.settings.year
    labels = [d.label.lower() for d in split.dimensions]
    by = " och ".join(labels)
    columns = (
        Column("budget", f"Budget {year}", unit),
        Column("prognos", f"Prognos {year}", unit),
        Column("avvikelse", "Avvikelse mot budget", unit),
    )
    missing = f"Ingen budget per {by}"
    rows: list[Row] = []
    for found in split.units:
        rows.append(
            Row(
                found.code,
                found.name,
                (
                    _amount(ctx, found.budget),
                    _amount(ctx, found.forecast),
                    _amount(ctx, found.deviation, signed=True),
                ),
            )
        )
        rows += (_part_row(ctx, found.code, part, missing) for part in found.parts)
    return Table(
        id=PARTS_TABLE_PREFIX + "-".join(d.name for d in split.dimensions),
        caption=f"Prognos per enhet och {by}",
        row_header=f"Enhet och {by}",
        columns=columns,
        rows=tuple(rows),
        unit_note=f"Belopp i {unit}, nettokostnad. Helårsprognosen efter {month_name(month)}; "
        f"enhetens prognos är summan av prognoserna per {by}. Avvikelse = prognos − budget.",
    )


def _part_row(ctx: Context, unit: str, part: PartForecast, missing: str) -> Row:
    budget = Cell(None, missing=missing) if part.budget is None else _amount(ctx, part.budget)
    deviation = part.deviation
    cells = (
        budget,
        _amount(ctx, part.forecast),
        Cell(None, missing=missing) if deviation is None else _amount(ctx, deviation, signed=True),
    )
    return Row("-".join((unit, *part.codes)), part.name, cells, RowKind.BREAKDOWN, 1)
