"""The indicator tables' forecast column: «Prognos helår» in a delårsrapport (the forecast made
for the report's month), «Prognos augusti» in an årsberättelse (the year's latest forecast,
beside the outcome's assessment). Each cell shows the forecast's mark and word; its comment
becomes the cell's footnote."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from uppsikt.model.forecasts import month_name
from uppsikt.model.indicator_forecasts import forecast_at, has_target, last_month
from uppsikt.model.indicators import Indicator
from uppsikt.reports.build.context import Context
from uppsikt.reports.model import Cell, Column

Note = Callable[[str, str], tuple[int, ...]]
"""Adds a footnote (its id and text) to the table and gives the numbers that point at it."""


@dataclass(frozen=True, slots=True)
class ForecastColumn:
    """The forecast column of a report's indicator tables."""

    column: Column
    month: int
    """The forecasts shown are those made after this month."""
    title: str
    """How a comment's footnote names the forecast ('Prognos helår', 'Prognos efter april')."""


def forecast_column(ctx: Context) -> ForecastColumn | None:
    """The column, when the workspace holds forecasts of the report's year; None otherwise,
    and in a verksamhetsplan (its year has not begun)."""
    ws = ctx.ws
    settings = ws.settings
    latest = last_month(ws.indicator_forecasts, ctx.year)
    if latest is None or settings.report_type.kind.plan:
        return None
    if settings.report_type.kind.interim:
        month = settings.closing_month or latest
        return ForecastColumn(Column("prognos-helar", "Prognos helår", ""), month, "Prognos helår")
    name = month_name(latest)
    return ForecastColumn(
        Column(f"prognos-{name}", f"Prognos {name}", ""), latest, f"Prognos efter {name}"
    )


def forecast_cell(ctx: Context, column: ForecastColumn, indicator: Indicator, note: Note) -> Cell:
    """The indicator's forecast in the column: empty without a target for the year, missing
    (with the reason) where the target has no forecast for the column's month."""
    if not has_target(indicator, ctx.year):
        return Cell(None)
    found = forecast_at(ctx.ws.indicator_forecasts, indicator.id, ctx.year, column.month)
    if found is None:
        return Cell(None, missing=f"Ingen prognos efter {month_name(column.month)}")
    notes = (
        note(f"prognos-{indicator.id}", f"{column.title}: {found.comment}") if found.comment else ()
    )
    return Cell(None, text=f"{found.outlook.symbol} {found.outlook.label}", notes=notes)
