"""Charts from the report's own figures: indicator trends and economic comparisons.

A chart's text alternative is written here from the same numbers the chart is drawn from, so
the picture and its description cannot disagree. No number is computed: values are taken
from the tables' cells as they stand. Which charts are made, and how their axes run, follows
the chart rules (reports/charts/rules.py) and the report's settings (``diagram``).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.located.format import number
from uppsikt.model.indicators import TOTAL, Indicator
from uppsikt.model.settings import ChartChoice, ChartMode
from uppsikt.reports.build.context import Context
from uppsikt.reports.cells import APPROXIMATE_PREFIX, format_number
from uppsikt.reports.charts import rules
from uppsikt.reports.model import Chart, ChartGroup, ChartKind, ChartSeries, Row, RowKind, Table

SETTINGS_FILE = "uppsikt.yaml"
Members = Sequence[tuple[str, Indicator]]
"""Indicators with the group (heading) each is listed under in its table."""


def _format(value: Decimal, unit: str, decimals: int, approximate: bool = False) -> str:
    text = format_number(value, decimals, percent=unit == "procent")
    return f"{APPROXIMATE_PREFIX}{text} (uppskattat)" if approximate else text


def _describe_series(
    categories: Sequence[str],
    series: Sequence[ChartSeries],
    unit: str,
    decimals: int,
    *,
    lines: bool = True,
) -> str:
    parts = []
    for s in series:
        points = [
            f"{c} {_format(v, unit, decimals, s.is_approximate(i))}"
            for i, (c, v) in enumerate(zip(categories, s.values, strict=True))
            if v is not None
        ]
        parts.append(f"{s.label}: {', '.join(points)}.")
    for group in rules.coinciding(series) if lines else ():
        labels = [series[i].label for i in group]
        named = ", ".join(labels[:-1]) + " och " + labels[-1]
        parts.append(f"Linjerna för {named} sammanfaller.")
    return " ".join(parts)


def _series(ctx: Context, indicator: Indicator, years: Sequence[int], key: str) -> ChartSeries:
    found = [ctx.computed.values.get((indicator.id, key, y)) for y in years]
    values = tuple(None if f is None else f.value for f in found)
    approximate = tuple(f is not None and f.value is not None and f.approximate for f in found)
    label = (
        "Totalt" if key == TOTAL else next(b.label for b in indicator.breakdowns if b.key == key)
    )
    return ChartSeries(label, values, approximate if any(approximate) else ())


def indicator_trend(ctx: Context, indicator: Indicator, years: Sequence[int]) -> Chart | None:
    """A line per series (total, and the top-level breakdowns in the same unit) over the
    years, with a numeric target as a reference line; None when the chart rules say the
    table says it all (no series that changes)."""
    series = [_series(ctx, indicator, years, TOTAL)]
    for b in indicator.breakdowns:
        if b.parent is None and (b.unit or indicator.unit) == indicator.unit:
            found = _series(ctx, indicator, years, b.key)
            if any(v is not None for v in found.values):
                series.append(found)
    categories = tuple(str(y) for y in years)
    target = indicator.target(ctx.year)
    target_value = target.value if target is not None else None
    values = [v for s in series for v in s.values if v is not None]
    zoomed = rules.zooms(
        [*values, *([target_value] if target_value is not None else [])],
        allowed=ctx.ws.settings.charts.axis_break,
    )
    description = f"Linjediagram: {indicator.name}, {years[0]}–{years[-1]}. " + _describe_series(
        categories, series, indicator.unit, indicator.decimals
    )
    if target_value is not None:
        description += (
            f" Målvärde {ctx.year}: {_format(target_value, indicator.unit, indicator.decimals)}."
        )
    if zoomed:
        description += " Värdeaxeln börjar inte vid noll (axelbrott)."
    chart = Chart(
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
        axis_break=zoomed,
    )
    return chart if rules.worth_drawing(chart) else None


def indicator_trends(
    ctx: Context,
    group_id: str,
    title: str,
    members: Members,
    years: int,
    choice: ChartChoice | None = None,
) -> ChartGroup | None:
    """The trends of ``members`` that ``choice`` (by default the settings' choice for the
    indicator tables, ``diagram.indikatorer``) asks for and the chart rules allow."""
    wanted = ctx.ws.settings.charts.indicators if choice is None else choice
    if wanted.mode is ChartMode.NONE:
        return None
    if choice is None:
        known = [i.id for i in ctx.ws.indicators]
        unknown_chart_ids(ctx, wanted, "indikatorer", known, "i indikatorer.yaml")
    if wanted.mode is ChartMode.LISTED:
        members = [(g, i) for g, i in members if i.id in wanted.ids]
    year_list = list(range(ctx.year - years + 1, ctx.year + 1))
    drawn = [(g, c) for g, c in ((g, indicator_trend(ctx, i, year_list)) for g, i in members)]
    charts = [(g, c) for g, c in drawn if c is not None]
    if wanted.mode is ChartMode.SELECTION:
        chosen = rules.one_per_group(charts, wanted.limit)
    else:
        chosen = [c for _, c in charts]
    return ChartGroup(group_id, title, tuple(chosen)) if chosen else None


def unknown_chart_ids(
    ctx: Context, choice: ChartChoice, key: str, known: Sequence[str], where: str
) -> None:
    """An error (UPP149) for each indicator ``choice`` names that is not among ``known``
    (reported once, however many tables ask)."""
    for ident, line in zip(choice.ids, choice.lines, strict=True):
        if ident in known:
            continue
        problem = Diagnostic(
            "UPP149",
            Severity.ERROR,
            f"Indikatorn «{ident}» i «diagram.{key}» finns inte {where}.",
            Location(file=SETTINGS_FILE, line=line, field=key),
            "Rätta id:t eller ta bort det; id:n står i indikatorer.yaml.",
        )
        if problem not in ctx.diagnostics:
            ctx.diagnostics.append(problem)


def _member_rows(table: Table) -> list[Row]:
    return [r for r in table.rows if r.kind is RowKind.ROW]


def deviation_chart(table: Table, column_id: str, unit: str) -> Chart | None:
    """Diverging bars: the deviation of each member row of an economic table."""
    index = [c.id for c in table.columns].index(column_id)
    rows = _member_rows(table)
    categories = tuple(r.label for r in rows)
    values = tuple(r.cells[index].value for r in rows)
    series = (ChartSeries(table.columns[index].label, values),)
    label = table.columns[index].label.lower()
    chart = Chart(
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
    return chart if rules.worth_drawing(chart) else None


def comparison_chart(table: Table, column_ids: Sequence[str], unit: str) -> Chart | None:
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
    chart = Chart(
        id=f"jamforelse-{table.id}",
        kind=ChartKind.GROUPED,
        title=f"{table.caption}: " + ", ".join(s.label.lower() for s in series),
        categories=categories,
        series=series,
        unit=unit,
        decimals=0,
        description=f"Stapeldiagram: {table.caption}, {unit}. "
        + _describe_series(categories, series, unit, 0, lines=False),
    )
    return chart if rules.worth_drawing(chart) else None
