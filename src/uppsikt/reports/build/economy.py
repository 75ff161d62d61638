"""Economic sections: the tables of tabeller.yaml, with the accumulated results of the
intraprenader under the table of units (build/intraprenad.py, which also builds the appendix
with the 7 % rule). Amounts are converted to the display unit here, once."""

from __future__ import annotations

from decimal import Decimal

from uppsikt.compute.tables import ComputedRow, ComputedTable, effective_scenario, is_percent
from uppsikt.model.economy import Scenario
from uppsikt.model.settings import DisplayUnit, ReportType
from uppsikt.model.tables import ColumnDef, ColumnKind, TableDef
from uppsikt.reports.build.budget_changes import budget_changes_table
from uppsikt.reports.build.charts import comparison_chart, deviation_chart
from uppsikt.reports.build.context import Context, slug
from uppsikt.reports.build.forecasts import forecast_parts_tables
from uppsikt.reports.build.intraprenad import accumulated_table
from uppsikt.reports.build.text import text_section
from uppsikt.reports.model import (
    Block,
    Cell,
    Chart,
    Column,
    Footnote,
    Row,
    RowKind,
    Section,
    Table,
)

_SCENARIO_LABELS = {
    Scenario.BUDGET: "Budget",
    Scenario.FORECAST: "Prognos",
    Scenario.CARRIED_OVER: "Överfört",
}


def economy_section(ctx: Context, name: str, number: str) -> Section:
    base = text_section(ctx, name, number, "Analysunderlag – ekonomi", numbered_parts=False)
    groups: dict[str, list[Block]] = {}
    for definition in ctx.ws.tables:
        if definition.section != name:
            continue
        title = definition.subsection or definition.caption
        blocks = groups.setdefault(title, [])
        first_of_subsection = not blocks
        table = economic_table(ctx, ctx.computed.tables[definition.id])
        blocks.append(table)
        chart = _chart(definition, table, _unit(ctx).value)
        if chart is not None:
            blocks.append(chart)
        # The intraprenader's accumulated result belongs under the nämnd's table of units;
        # a plan has no result of its year to show.
        plan = ctx.ws.settings.report_type.kind.plan
        if (
            definition.dimension == "enhet"
            and ctx.computed.intraprenader
            and first_of_subsection
            and not plan
        ):
            blocks.append(accumulated_table(ctx, ctx.computed.accumulated))
    for parts in forecast_parts_tables(ctx):  # a delårsrapport's units forecast in parts
        groups.setdefault(parts.caption, []).append(parts)
    changes = budget_changes_table(ctx)  # left out when the year has no budget changes
    if changes is not None:
        groups.setdefault(changes.caption, []).append(changes)
    subsections = [
        Section(
            f"{name}-{slug(title)}",
            f"{number}.{index}" if number else "",
            title,
            tuple(blocks),
        )
        for index, (title, blocks) in enumerate(groups.items(), start=1)
    ]
    return Section(base.id, base.number, base.title, base.blocks, (*base.subsections, *subsections))


def _chart(definition: TableDef, table: Table, unit: str) -> Chart | None:
    """The chart the table definition asks for, drawn from the table's own cells."""
    if definition.chart == "avvikelse":
        column = next(c for c in definition.columns if c.kind is ColumnKind.DIFFERENCE)
        return deviation_chart(table, column.id, unit)
    if definition.chart == "jämförelse":
        amounts = [c.id for c in definition.columns if c.kind is ColumnKind.AMOUNT]
        return comparison_chart(table, amounts, unit)
    return None


def _unit(ctx: Context) -> DisplayUnit:
    return ctx.ws.settings.display_unit


def _amount_cell(ctx: Context, kronor: Decimal | None) -> Cell:
    unit = _unit(ctx)
    if kronor is None:
        return Cell(None)
    return Cell(kronor / unit.kronor, unit.decimals)


def column_label(column: ColumnDef, table: TableDef, year: int, report_type: ReportType) -> str:
    """The column's own label, or one generated from its definition ('Bokslut 2020',
    'Avvikelse mot budget', 'Förändring % 2019–2020')."""
    if column.label:
        return column.label
    if column.kind is ColumnKind.AMOUNT:
        return _amount_label(column, year, report_type)
    by_id = {c.id: c for c in table.columns}
    first, second = (by_id[o] for o in column.operands)
    years = f"{year + second.year_offset}–{year + first.year_offset}"
    if column.kind is ColumnKind.DIFFERENCE and second.scenario is Scenario.BUDGET:
        return "Avvikelse mot budget"
    labels = {
        ColumnKind.CHANGE: f"Förändring tkr {years}",
        ColumnKind.CHANGE_PERCENT: f"Förändring % {years}",
    }
    if column.kind in labels:
        return labels[column.kind]
    first_label = column_label(first, table, year, report_type)
    second_label = column_label(second, table, year, report_type)
    if column.kind is ColumnKind.DIFFERENCE:
        return f"{first_label} − {second_label}"
    return f"{first_label} i % av {second_label.lower()}"


def _amount_label(column: ColumnDef, year: int, report_type: ReportType) -> str:
    scenario = effective_scenario(column, report_type)
    column_year = year + column.year_offset
    if scenario is Scenario.OUTCOME:
        closed = not report_type.kind.interim or column.year_offset < 0
        return f"{'Bokslut' if closed else 'Utfall'} {column_year}"
    return f"{_SCENARIO_LABELS.get(scenario or Scenario.BUDGET, 'Budget')} {column_year}"


def _kind_and_level(row: ComputedRow) -> tuple[RowKind, int]:
    """A breakdown row is not added to any sum (uppdelning) and a varav row shows a part of
    the rows above: both indented at least one level. An indented member row is a plain row at
    level 1. Renderers indent by the level alone."""
    if row.breakdown:
        return RowKind.BREAKDOWN, max(row.level, 1)
    if row.adjustment:
        return RowKind.ADJUSTMENT, row.level
    kind = RowKind(row.definition.kind.value)
    return kind, max(row.level, 1) if kind is RowKind.PART else row.level


STATED_NOTE = Footnote(
    1,
    "Summan är den publicerade (angiven i underlaget). Raderna är avrundade var för sig och "
    "summerar därför inte alltid exakt till den.",
)
"""The note on a row whose amounts are a stated total (``typ: summa``) rather than the sum of
its rounded rows."""


def economic_table(ctx: Context, computed: ComputedTable) -> Table:
    definition = computed.definition
    settings = ctx.ws.settings
    unit = _unit(ctx)
    columns = tuple(
        Column(
            c.id,
            column_label(c, definition, settings.year, settings.report_type).replace(
                "tkr", unit.value
            ),
            "procent" if is_percent(c) else unit.value,
        )
        for c in definition.columns
    )
    rows = []
    for row in computed.rows:
        cells = tuple(
            Cell(value, column.shown_decimals, percent=True)
            if is_percent(column)
            else _amount_cell(ctx, value)
            for column, value in zip(definition.columns, row.values, strict=False)
        )
        stated = (STATED_NOTE.number,) if row.stated is not None else ()
        rows.append(Row(row.definition.id, row.label, cells, *_kind_and_level(row), notes=stated))
    dimension = ctx.ws.dimension(definition.dimension)
    comment = ctx.text(definition.comment, definition.file, None)
    return Table(
        id=definition.id,
        caption=definition.caption,
        row_header=definition.row_header or (dimension.label if dimension else ""),
        columns=columns,
        rows=tuple(rows),
        unit_note=f"Belopp i {unit.value}.",
        comment=comment.body if comment else None,
        footnotes=(STATED_NOTE,) if any(r.stated is not None for r in computed.rows) else (),
    )
