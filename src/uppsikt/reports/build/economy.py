"""Economic sections: the tables of tabeller.yaml, the accumulated results of intraprenader,
and the appendix with the 7 % rule. Amounts are converted to the display unit here, once."""

from __future__ import annotations

from decimal import Decimal

from uppsikt.compute.intraprenad import AccumulatedSummary, IntraprenadResult
from uppsikt.compute.tables import ComputedTable, effective_scenario, is_percent
from uppsikt.model.economy import Scenario
from uppsikt.model.settings import DisplayUnit, ReportType
from uppsikt.model.tables import ColumnDef, ColumnKind, TableDef
from uppsikt.reports.build.charts import comparison_chart, deviation_chart
from uppsikt.reports.build.context import Context, slug
from uppsikt.reports.build.text import text_section
from uppsikt.reports.model import Block, Cell, Chart, Column, Row, RowKind, Section, Table

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
        # The intraprenader's accumulated result belongs under the nämnd's table of units.
        if definition.dimension == "enhet" and ctx.computed.intraprenader and first_of_subsection:
            blocks.append(accumulated_table(ctx, ctx.computed.accumulated))
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
        # A breakdown row is not added to any sum (uppdelning); an indented member row is
        # (a plain row at level 1): renderers indent both by the level.
        kind = RowKind.BREAKDOWN if row.breakdown else RowKind(row.definition.kind.value)
        rows.append(Row(row.definition.id, row.label, cells, kind, row.level))
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
    )


def accumulated_table(ctx: Context, summary: AccumulatedSummary) -> Table:
    """Accumulated results of the intraprenader and the deviation adjusted for them."""
    lines = (
        ("ib", "Ingående ackumulerat resultat", summary.opening, RowKind.ROW),
        ("ianspraktagande", "Ianspråktagande av ackumulerat resultat", -summary.drawn, RowKind.ROW),
        ("nya-underskott", "Nya underskott", summary.new_deficits, RowKind.ROW),
        ("nya-overskott", "Nya överskott", summary.new_surpluses, RowKind.ROW),
        ("ub", "Utgående ackumulerat resultat", summary.closing, RowKind.TOTAL),
        ("avvikelse-exkl", "Årets avvikelse exkl. intraprenader", summary.deviation_excluding,
         RowKind.ROW),
        ("avvikelse-intra", "Årets avvikelse intraprenader (nya över- och underskott)",
         summary.deviation_intraprenader, RowKind.ROW),
        ("justerad-avvikelse", "Justerad avvikelse", summary.adjusted_deviation, RowKind.TOTAL),
    )  # fmt: skip
    rows = [Row(i, label, (_amount_cell(ctx, v),), kind) for i, label, v, kind in lines]
    rows.insert(5, Row("rubrik-avvikelse", "Avvikelse inklusive intraprenadernas resultat", (),
                       RowKind.HEADING))  # fmt: skip
    unit = _unit(ctx).value
    return Table(
        id="ackumulerat-resultat",
        caption="Intraprenadernas ackumulerade resultat",
        row_header="Post",
        columns=(Column("belopp", f"{ctx.year}", unit),),
        rows=tuple(rows),
        unit_note=f"Belopp i {unit}.",
    )


def intraprenad_appendix(ctx: Context, name: str, number: str) -> Section:
    base = text_section(ctx, name, number, "Intraprenader och 7 %-regeln")
    results = ctx.computed.intraprenader
    labels = sorted({a.label for r in results for a in r.intraprenad.adjustments})
    year = ctx.year
    unit = _unit(ctx).value
    columns = [
        Column("ib", f"Ackumulerat resultat IB {year}", unit),
        Column("bokfort", f"Bokfört resultat {year}", unit),
        *(Column(f"justering-{slug(label)}", f"{label} {year}", unit) for label in labels),
        Column("justerat", f"Justerat resultat {year}", unit),
        Column("fore-regeln", "Ackumulerat resultat före 7 %-regeln", unit),
        Column("omslutning", f"Budgetomslutning {year}", unit),
        Column("tak", "7 % av budgetomslutningen", unit),
        Column("ub", f"Ackumulerat resultat UB {year} efter 7 %-regeln", unit),
    ]
    rows = [
        Row(r.intraprenad.unit, r.intraprenad.name, _appendix_cells(ctx, r, labels), RowKind.ROW)
        for r in results
    ]
    if len(results) > 1:
        rows.append(_appendix_total(ctx, results, labels))
    table = Table(
        id="intraprenader-7-procent",
        caption="Intraprenadernas ackumulerade resultat och prövning mot 7 %-regeln",
        row_header="Intraprenad",
        columns=tuple(columns),
        rows=tuple(rows),
        unit_note=f"Belopp i {unit}.",
    )
    title = base.title
    return Section(base.id, "", f"Bilaga 1. {title}", (*base.blocks, table), base.subsections)


def _appendix_amounts(r: IntraprenadResult, labels: list[str]) -> list[Decimal | None]:
    """Kronor per column of the appendix: IB, booked, each adjustment, … , UB."""
    by_label = {a.label: a.amount for a in r.intraprenad.adjustments}
    return [
        r.intraprenad.opening_result,
        r.booked,
        *(by_label.get(label) for label in labels),
        r.adjusted,
        r.before_rule,
        r.intraprenad.budget_turnover,
        r.cap,
        r.closing,
    ]


def _appendix_cells(ctx: Context, r: IntraprenadResult, labels: list[str]) -> tuple[Cell, ...]:
    return tuple(_amount_cell(ctx, v) for v in _appendix_amounts(r, labels))


def _appendix_total(ctx: Context, results: tuple[IntraprenadResult, ...], labels: list[str]) -> Row:
    columns = zip(*(_appendix_amounts(r, labels) for r in results), strict=True)
    totals = (sum((v for v in column if v is not None), Decimal(0)) for column in columns)
    return Row("totalt", "Totalt", tuple(_amount_cell(ctx, t) for t in totals), RowKind.TOTAL)
