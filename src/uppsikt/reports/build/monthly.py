"""The section «manadsuppfoljning»: the ledger's outcome month by month against the budget
spread over the months, cumulative (compute/monthly.py): a table of the months so far, a line
chart of cumulative outcome and budget, a table per nämnd when the report covers several, and
the optional text/manadsuppfoljning.md. Without a ledger with monthly outcome the section
says so instead."""

from __future__ import annotations

from decimal import Decimal

from uppsikt.compute.monthly import TOTAL_ID, MonthFigures, MonthlyFollowUp, monthly_followup
from uppsikt.model.forecasts import month_name
from uppsikt.model.monthly import SpreadMethod
from uppsikt.reports.build.context import Context
from uppsikt.reports.build.text import text_section
from uppsikt.reports.cells import format_number
from uppsikt.reports.charts import rules
from uppsikt.reports.model import (
    Block,
    Cell,
    Chart,
    ChartKind,
    ChartSeries,
    Column,
    Row,
    RowKind,
    Section,
    Table,
    Text,
)
from uppsikt.reports.richtext import Paragraph, Plain, RichText

TABLE_ID = "manadsuppfoljning"
"""The table's id, and so its file in the data package: data/manadsuppfoljning.csv."""
UNITS_TABLE_ID = "manadsuppfoljning-namnder"
METHODS = {
    SpreadMethod.EVEN: "jämnt över årets månader (en tolftedel per månad)",
    SpreadMethod.LAST_YEAR: "över månaderna som fjolårets utfall fördelade sig",
    SpreadMethod.IMPORTED: "per månad som budgeten i huvudboken",
}


def monthly_section(ctx: Context, name: str, number: str) -> Section:
    base = text_section(ctx, name, number, "Månadsuppföljning")
    # A delårsrapport shows the months of its period, whatever the ledger holds since.
    through = ctx.ws.settings.report_month
    followup = monthly_followup(ctx.ws, ctx.computed.organisation, through=through)
    blocks: list[Block] = list(base.blocks)
    total = followup.total
    if total is not None:
        table = month_table(ctx, followup)
        blocks.append(table)
        chart = month_chart(ctx, followup)
        if chart is not None:
            blocks.append(chart)
        if len(followup.units) > 1:
            blocks.append(units_table(ctx, followup))
    # Plain text, never Markdown: a note may quote a nämnd's name from organisation.yaml.
    blocks.extend(Text(RichText((Paragraph((Plain(note),)),))) for note in followup.notes)
    return Section(base.id, base.number, base.title, tuple(blocks), base.subsections)


def _cumulative_columns(unit: str) -> tuple[Column, ...]:
    """Outcome, budget and deviation from januari through each month (or the last)."""
    return (
        Column("utfall-ack", "Utfall ack.", unit),
        Column("budget-ack", "Budget ack.", unit),
        Column("avvikelse-ack", "Avvikelse ack.", unit),
    )


def month_table(ctx: Context, followup: MonthlyFollowUp) -> Table:
    unit = ctx.ws.settings.display_unit.value
    assert followup.total is not None
    rows = tuple(
        Row(f"manad-{f.month}", month_name(f.month).capitalize(), _cells(ctx, f, month=True))
        for f in followup.total.months
    )
    return Table(
        id=TABLE_ID,
        caption=f"Utfall och budget per månad {followup.year}, nettokostnad",
        row_header="Månad",
        columns=(Column("utfall-manad", "Utfall månad", unit), *_cumulative_columns(unit)),
        rows=rows,
        unit_note=f"Belopp i {unit}. Budgeten är fördelad {METHODS[followup.method]}; "
        "avvikelse = utfall − budget, ackumulerat från januari.",
    )


def units_table(ctx: Context, followup: MonthlyFollowUp) -> Table:
    unit = ctx.ws.settings.display_unit.value
    through = month_name(followup.last_month)
    rows = [
        Row(u.code, u.name, _cells(ctx, u.last, month=False))
        for u in followup.units
        if u.last is not None
    ]
    if followup.total is not None and followup.total.last is not None:
        rows.append(
            Row(TOTAL_ID, "Totalt", _cells(ctx, followup.total.last, month=False), RowKind.TOTAL)
        )
    return Table(
        id=UNITS_TABLE_ID,
        caption=f"Utfall och budget till och med {through} {followup.year} per nämnd",
        row_header="Nämnd",
        columns=_cumulative_columns(unit),
        rows=tuple(rows),
        unit_note=f"Belopp i {unit}, ackumulerat från januari.",
    )


def month_chart(ctx: Context, followup: MonthlyFollowUp) -> Chart | None:
    """Cumulative outcome and budget over the months so far (a line chart, from zero)."""
    total = followup.total
    if total is None:
        return None
    display = ctx.ws.settings.display_unit
    categories = tuple(month_name(f.month)[:3] for f in total.months)
    outcome = ChartSeries(
        "Utfall ack.", tuple(_shown(ctx, f.outcome_cumulative) for f in total.months)
    )
    series = [outcome]
    if all(f.budget_cumulative is not None for f in total.months):
        budget = tuple(_shown(ctx, f.budget_cumulative) for f in total.months)
        series.append(ChartSeries("Budget ack.", budget))
    values = [v for s in series for v in s.values if v is not None]
    zoomed = rules.zooms(values, allowed=ctx.ws.settings.charts.axis_break)
    parts = []
    for s in series:
        points = ", ".join(
            f"{c} {format_number(v, display.decimals, percent=False)}"
            for c, v in zip(categories, s.values, strict=True)
            if v is not None
        )
        parts.append(f"{s.label}: {points}.")
    description = (
        f"Linjediagram: ackumulerat utfall och budget per månad {followup.year}, "
        f"{display.value}. " + " ".join(parts)
    )
    for group in rules.coinciding(series):
        description += " Linjerna för " + " och ".join(series[i].label for i in group)
        description += " sammanfaller."
    if zoomed:
        description += " Värdeaxeln börjar inte vid noll (axelbrott)."
    chart = Chart(
        id="manadsuppfoljning-ackumulerat",
        kind=ChartKind.TREND,
        title=f"Ackumulerat utfall och budget {followup.year}",
        categories=categories,
        series=tuple(series),
        unit=display.value,
        decimals=display.decimals,
        description=description,
        axis_break=zoomed,
    )
    return chart if rules.worth_drawing(chart) else None


def _shown(ctx: Context, kronor: Decimal | None) -> Decimal | None:
    if kronor is None:
        return None
    return kronor / ctx.ws.settings.display_unit.kronor


def _amount(ctx: Context, kronor: Decimal | None, *, signed: bool = False) -> Cell:
    if kronor is None:
        return Cell(None, missing="Ingen budget per månad")
    return Cell(_shown(ctx, kronor), ctx.ws.settings.display_unit.decimals, signed=signed)


def _cells(ctx: Context, figures: MonthFigures | None, *, month: bool) -> tuple[Cell, ...]:
    assert figures is not None
    found = (
        _amount(ctx, figures.outcome_cumulative),
        _amount(ctx, figures.budget_cumulative),
        _amount(ctx, figures.deviation_cumulative, signed=True),
    )
    return (_amount(ctx, figures.outcome), *found) if month else found
