"""The intraprenad's accumulated result and the 7 % rule, the appendix's totals over every
intraprenad, and the rows a table of units gains for its intraprenader: the forecast use of
accumulated result and the net cost adjusted for it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from uppsikt.compute.tables import ComputedRow, ComputedTable, derive_columns, effective_scenario
from uppsikt.model.dimensions import ORGANISATION, Dimension
from uppsikt.model.economy import Scenario
from uppsikt.model.intraprenad import Intraprenad
from uppsikt.model.settings import ReportType
from uppsikt.model.tables import ColumnDef, ColumnKind, RowDef, RowKind

CAP_SHARE = Decimal("0.07")
"""An intraprenad may carry a surplus of at most 7 % of its budget turnover (budgetomslutning)."""


@dataclass(frozen=True, slots=True)
class IntraprenadResult:
    intraprenad: Intraprenad
    booked: Decimal
    """Bokfört resultat: the year's utfall − budget, kronor."""
    adjustments: Decimal
    """Sum of the adjustments (e.g. estimated covid-19 effects), kronor."""
    adjusted: Decimal
    """Justerat resultat: booked − adjustments."""
    closing_booked: Decimal
    """Utgående ackumulerat resultat from the booked result: IB − drawn + booked."""
    before_rule: Decimal
    """Ackumulerat resultat före 7 %-regeln: IB − drawn + adjusted."""
    cap: Decimal
    """7 % of budgetomslutning."""
    closing: Decimal
    """Utgående ackumulerat resultat after the rule: a surplus capped at ``cap``; a deficit
    is never capped (it must be covered)."""

    @property
    def capped(self) -> bool:
        return self.closing < self.before_rule


def apply_seven_percent_rule(intraprenad: Intraprenad, booked: Decimal) -> IntraprenadResult:
    adjustments = sum((a.amount for a in intraprenad.adjustments), Decimal(0))
    adjusted = booked - adjustments
    opening = intraprenad.opening_result - intraprenad.drawn
    before = opening + adjusted
    cap = intraprenad.budget_turnover * CAP_SHARE
    return IntraprenadResult(
        intraprenad=intraprenad,
        booked=booked,
        adjustments=adjustments,
        adjusted=adjusted,
        closing_booked=opening + booked,
        before_rule=before,
        cap=cap,
        closing=min(before, cap),
    )


@dataclass(frozen=True, slots=True)
class AccumulatedSummary:
    """The nämnd's accumulated results of all intraprenader, and its deviation adjusted for
    them (the block under the table of units in the economic analysis)."""

    opening: Decimal
    drawn: Decimal
    new_deficits: Decimal
    new_surpluses: Decimal
    closing: Decimal
    deviation_excluding: Decimal
    """The nämnd's avvikelse without its intraprenader."""
    deviation_intraprenader: Decimal
    adjusted_deviation: Decimal


def accumulated_summary(
    results: tuple[IntraprenadResult, ...], total_deviation: Decimal
) -> AccumulatedSummary:
    """Sum the intraprenader's results; ``total_deviation`` is the whole nämnd's utfall − budget."""
    zero = Decimal(0)
    booked = [r.booked for r in results]
    intraprenader = sum(booked, zero)
    drawn = sum((r.intraprenad.drawn for r in results), zero)
    opening = sum((r.intraprenad.opening_result for r in results), zero)
    excluding = total_deviation - intraprenader
    return AccumulatedSummary(
        opening=opening,
        drawn=drawn,
        new_deficits=sum((b for b in booked if b < 0), zero),
        new_surpluses=sum((b for b in booked if b > 0), zero),
        closing=opening - drawn + intraprenader,
        deviation_excluding=excluding,
        deviation_intraprenader=intraprenader,
        adjusted_deviation=excluding + intraprenader,
    )


@dataclass(frozen=True, slots=True)
class IntraprenadTotals:
    """Bilaga 1's Totalt: each amount of the appendix summed over every intraprenad. The budget
    turnover and the cap are left out: each intraprenad's cap is its own."""

    opening: Decimal
    booked: Decimal
    adjustments: tuple[tuple[str, Decimal], ...]
    """(label, sum) per kind of adjustment, by label in alphabetical order."""
    adjusted: Decimal
    before_rule: Decimal
    closing: Decimal
    """The sum of the closing results after the rule, each capped on its own."""


def intraprenad_totals(results: tuple[IntraprenadResult, ...]) -> IntraprenadTotals:
    zero = Decimal(0)
    labels = sorted({a.label for r in results for a in r.intraprenad.adjustments})
    adjustments = tuple(
        (
            label,
            sum(
                (a.amount for r in results for a in r.intraprenad.adjustments if a.label == label),
                zero,
            ),
        )
        for label in labels
    )
    return IntraprenadTotals(
        opening=sum((r.intraprenad.opening_result for r in results), zero),
        booked=sum((r.booked for r in results), zero),
        adjustments=adjustments,
        adjusted=sum((r.adjusted for r in results), zero),
        before_rule=sum((r.before_rule for r in results), zero),
        closing=sum((r.closing for r in results), zero),
    )


FORECAST_USE_ROW = "ianspraktagande"
"""Id of the row 'Prognostiserat ianspråktagande av ackumulerat resultat'."""
ADJUSTED_ROW = "justerad"
"""Id of the row 'Justerad nettokostnad'."""
FORECAST_USE_LABEL = "Prognostiserat ianspråktagande av ackumulerat resultat"
ADJUSTED_LABEL = "Justerad nettokostnad"


def with_forecast_use(
    tables: Mapping[str, ComputedTable],
    intraprenader: Iterable[Intraprenad],
    organisation: Dimension,
    report_type: ReportType,
) -> dict[str, ComputedTable]:
    """Every table, those of units that show an intraprenad with two more rows after their
    last sum row: the intraprenader's forecast use of accumulated result, and the sum row
    adjusted for it (Justerad nettokostnad = the sum + the use)."""
    items = tuple(intraprenader)
    paths = organisation.paths()
    return {
        ident: _with_forecast_use(table, items, paths, report_type)
        for ident, table in tables.items()
    }


def shown_intraprenader(
    table: ComputedTable,
    intraprenader: tuple[Intraprenad, ...],
    paths: Mapping[str, tuple[str, ...]],
) -> tuple[Intraprenad, ...]:
    """The intraprenader a table of units shows as rows: an intraprenad's unit is a member row
    of its own, or a member row lies within it. A row holding an intraprenad among other units
    (Vuxenutbildning with Komvux in it) does not count."""
    if table.definition.dimension != ORGANISATION:
        return ()
    codes = {
        code
        for row in table.rows
        if row.definition.kind is RowKind.MEMBER and not row.breakdown and not row.adjustment
        for code in row.definition.members
    }
    return tuple(
        item
        for item in intraprenader
        if any(item.unit in paths.get(code, (code,)) for code in codes)
    )


def _with_forecast_use(
    table: ComputedTable,
    intraprenader: tuple[Intraprenad, ...],
    paths: Mapping[str, tuple[str, ...]],
    report_type: ReportType,
) -> ComputedTable:
    shown = shown_intraprenader(table, intraprenader, paths)
    sums = [
        i for i, row in enumerate(table.rows) if row.definition.kind is RowKind.SUM and row.values
    ]
    taken = {row.definition.id for row in table.rows}
    if not shown or not sums or {FORECAST_USE_ROW, ADJUSTED_ROW} & taken:
        return table
    at = sums[-1]
    total = table.rows[at]
    columns = table.definition.columns
    use = sum((item.forecast_use for item in shown), Decimal(0))
    use_amounts = tuple(_use_amount(column, use, report_type) for column in columns)
    adjusted = tuple(
        value + (extra or 0) if column.kind is ColumnKind.AMOUNT and value is not None else value
        for column, value, extra in zip(columns, total.values, use_amounts, strict=True)
    )
    line = total.definition.line
    use_row = ComputedRow(
        RowDef(FORECAST_USE_ROW, RowKind.MEMBER, FORECAST_USE_LABEL, line=line),
        FORECAST_USE_LABEL,
        derive_columns(columns, use_amounts),
        adjustment=True,
    )
    adjusted_row = ComputedRow(
        RowDef(
            ADJUSTED_ROW, RowKind.SUM, ADJUSTED_LABEL,
            operands=(total.definition.id, FORECAST_USE_ROW), line=line,
        ),
        ADJUSTED_LABEL,
        derive_columns(columns, adjusted),
    )  # fmt: skip
    rows = (*table.rows[: at + 1], use_row, adjusted_row, *table.rows[at + 1 :])
    return replace(table, rows=rows)


def _use_amount(column: ColumnDef, use: Decimal, report_type: ReportType) -> Decimal | None:
    """The forecast use in an amount column: in the year's outcome (or forecast), 0 in its
    budget (which holds none of it), no value in other years and scenarios."""
    if column.kind is not ColumnKind.AMOUNT or column.year_offset != 0:
        return None
    scenario = effective_scenario(column, report_type)
    if scenario in (Scenario.OUTCOME, Scenario.FORECAST):
        return use
    return Decimal(0) if scenario is Scenario.BUDGET else None
