"""Charts from the report's own figures: indicator trends and economic comparisons.

A chart's text alternative is written here from the same numbers the chart is drawn from, so
the picture and its description cannot disagree. No number is computed: values are taken
from the tables' cells as they stand.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from uppsikt.located.format import number
from uppsikt.model.indicators import Indicator
from uppsikt.reports.build.context import Context
from uppsikt.reports.cells import format_number
from uppsikt.reports.model import Chart, ChartGroup, ChartKind, ChartSeries, Row, RowKind, Table


def _format(value: Decimal, unit: str, decimals: int) -> str:
    return format_number(value, decimals, percent=unit == "procent")


def _describe_series(
    categories: Sequence[str], series: Sequence[ChartSeries], unit: str, decimals: int
) -> str:
    parts = []
    for s in series:
        points = [
            f"{c} {_format(v, unit, decimals)}"
            for c, v in zip(categories, s.values, strict=True)
            if v is not None
        ]
        parts.append(f"{s.label}: {', '.join(points)}.")
    return " ".join(parts)


def indicator_trend(ctx: Context, indicator: Indicator, years: Sequence[int]) -> Chart | None:
    """A line per series (total, and the top-level breakdowns in the same unit) over the
    years, with a numeric target as a reference line; None with fewer than two values."""
    totals = [ctx.computed.value(indicator.id, y) for y in years]
    if sum(v is not None for v in totals) < 2:
        return None
    series = [ChartSeries("Totalt", tuple(totals))]
    for b in indicator.breakdowns:
        if b.parent is None and (b.unit or indicator.unit) == indicator.unit:
            values = tuple(ctx.computed.value(indicator.id, y, b.key) for y in years)
            if any(v is not None for v in values):
                series.append(ChartSeries(b.label, values))
    categories = tuple(str(y) for y in years)
    target = indicator.target(ctx.year)
    target_value = target.value if target is not None else None
    description = f"Linjediagram: {indicator.name}, {years[0]}–{years[-1]}. " + _describe_series(
        categories, series, indicator.unit, indicator.decimals
    )
    if target_value is not None:
        description += (
            f" Målvärde {ctx.year}: {_format(target_value, indicator.unit, indicator.decimals)}."
        )
    return Chart(
        id=f"trend-{indicator.id}",
        kind=ChartKind.TREND,
        title=indicator.name,
        categories=categories,
        series=tuple(series),
        unit=indicator.unit,
        decimals=indicator.decimals,
        description=description,
        target=target_value,
        target_label=f"Målvärde {ctx.year}" if target_value is not None else "",
    )


def indicator_trends(
    ctx: Context, group_id: str, title: str, indicators: Sequence[Indicator], years: int
) -> ChartGroup | None:
    year_list = list(range(ctx.year - years + 1, ctx.year + 1))
    charts = tuple(
        chart
        for chart in (indicator_trend(ctx, i, year_list) for i in indicators)
        if chart is not None
    )
    return ChartGroup(group_id, title, charts) if charts else None


def _member_rows(table: Table) -> list[Row]:
    return [r for r in table.rows if r.kind is RowKind.ROW]


def deviation_chart(table: Table, column_id: str, unit: str) -> Chart:
    """Diverging bars: the deviation of each member row of an economic table."""
    index = [c.id for c in table.columns].index(column_id)
    rows = _member_rows(table)
    categories = tuple(r.label for r in rows)
    values = tuple(r.cells[index].value for r in rows)
    series = (ChartSeries(table.columns[index].label, values),)
    label = table.columns[index].label.lower()
    return Chart(
        id=f"avvikelse-{table.id}",
        kind=ChartKind.DIVERGING,
        title=f"{table.columns[index].label}, {table.caption.lower()}",
        categories=categories,
        series=series,
        unit=unit,
        decimals=0,
        description=f"Stapeldiagram över {label} per rad i tabellen {table.caption}, {unit}. "
        + "; ".join(
            f"{c} {number(v, 0, signed=True)}"
            for c, v in zip(categories, values, strict=True)
            if v is not None
        )
        + ".",
    )


def comparison_chart(table: Table, column_ids: Sequence[str], unit: str) -> Chart:
    """Grouped bars: for each member row, one bar per amount column (years, budget)."""
    ids = [c.id for c in table.columns]
    rows = _member_rows(table)
    categories = tuple(r.label for r in rows)
    series = tuple(
        ChartSeries(
            table.columns[ids.index(c)].label, tuple(r.cells[ids.index(c)].value for r in rows)
        )
        for c in column_ids
    )
    return Chart(
        id=f"jamforelse-{table.id}",
        kind=ChartKind.GROUPED,
        title=f"{table.caption}: " + ", ".join(s.label.lower() for s in series),
        categories=categories,
        series=series,
        unit=unit,
        decimals=0,
        description=f"Stapeldiagram: {table.caption}, {unit}. "
        + _describe_series(categories, series, unit, 0),
    )


def indicators_of(pairs: Sequence[tuple[str, Indicator]]) -> list[Indicator]:
    return [indicator for _, indicator in pairs]
