"""The intraprenader in the report: the block of accumulated results under the nämnd's table
of units, and Bilaga 1 with the 7 % rule and its Totalt. Every amount is computed in
compute/intraprenad.py; here it is only put in the display unit."""

from __future__ import annotations

from decimal import Decimal

from uppsikt.compute.intraprenad import (
    AccumulatedSummary,
    IntraprenadResult,
    IntraprenadTotals,
    intraprenad_totals,
)
from uppsikt.reports.build.context import Context, slug
from uppsikt.reports.build.text import text_section
from uppsikt.reports.model import Cell, Column, Row, RowKind, Section, Table


def _cell(ctx: Context, kronor: Decimal | None) -> Cell:
    unit = ctx.ws.settings.display_unit
    if kronor is None:
        return Cell(None)
    return Cell(kronor / unit.kronor, unit.decimals)


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
    rows = [Row(i, label, (_cell(ctx, v),), kind) for i, label, v, kind in lines]
    rows.insert(5, Row("rubrik-avvikelse", "Avvikelse inklusive intraprenadernas resultat", (),
                       RowKind.HEADING))  # fmt: skip
    unit = ctx.ws.settings.display_unit.value
    return Table(
        id="ackumulerat-resultat",
        caption="Intraprenadernas ackumulerade resultat",
        row_header="Post",
        columns=(Column("belopp", f"{ctx.year}", unit),),
        rows=tuple(rows),
        unit_note=f"Belopp i {unit}.",
    )


def intraprenad_appendix(ctx: Context, name: str, number: str) -> Section:
    """Bilaga 1: a row per intraprenad and a Totalt row over them all (also with one)."""
    base = text_section(ctx, name, number, "Intraprenader och 7 %-regeln")
    results = ctx.computed.intraprenader
    labels = sorted({a.label for r in results for a in r.intraprenad.adjustments})
    year = ctx.year
    unit = ctx.ws.settings.display_unit.value
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
    if results:
        rows.append(_total_row(ctx, intraprenad_totals(results), labels))
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


def _appendix_cells(ctx: Context, r: IntraprenadResult, labels: list[str]) -> tuple[Cell, ...]:
    """IB, booked, each adjustment, adjusted, before the rule, turnover, cap, UB."""
    by_label = {a.label: a.amount for a in r.intraprenad.adjustments}
    amounts = (
        r.intraprenad.opening_result,
        r.booked,
        *(by_label.get(label) for label in labels),
        r.adjusted,
        r.before_rule,
        r.intraprenad.budget_turnover,
        r.cap,
        r.closing,
    )
    return tuple(_cell(ctx, v) for v in amounts)


def _total_row(ctx: Context, totals: IntraprenadTotals, labels: list[str]) -> Row:
    """Totalt: the sums in the columns of the appendix; turnover and cap left empty."""
    by_label = dict(totals.adjustments)
    amounts = (
        totals.opening,
        totals.booked,
        *(by_label.get(label) for label in labels),
        totals.adjusted,
        totals.before_rule,
        None,
        None,
        totals.closing,
    )
    return Row("totalt", "Totalt", tuple(_cell(ctx, v) for v in amounts), RowKind.TOTAL)
