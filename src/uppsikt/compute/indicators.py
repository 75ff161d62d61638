"""Indicator values as the report shows them: typed-in values, and derived ones computed from
the economic tables (e.g. 'Nämndens ramavvikelse, mnkr')."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from uppsikt.compute.tables import ComputedTable
from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.located.numbers import quantized
from uppsikt.model.indicators import TOTAL, Indicator, IndicatorValue

ValueKey = tuple[str, str, int]
"""(indicator id, breakdown key, year)."""

SCALES = {"tkr": Decimal(1000), "mnkr": Decimal(1_000_000)}


def rounded(value: Decimal, decimals: int) -> Decimal:
    return quantized(value, Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def indicator_values(
    indicators: tuple[Indicator, ...],
    values: tuple[IndicatorValue, ...],
    tables: dict[str, ComputedTable],
    year: int,
) -> tuple[dict[ValueKey, IndicatorValue], list[Diagnostic]]:
    """Every value by (indicator, breakdown, year), derived values included.

    A derived indicator takes the report year's value from its table cell. A typed-in value
    for the same year must agree with it when rounded to the indicator's decimals; the
    computed value is used either way, and a disagreement is reported.
    """
    found = {(v.indicator, v.breakdown, v.year): v for v in values}
    diagnostics: list[Diagnostic] = []
    for indicator in indicators:
        derived = indicator.derived
        if derived is None:
            continue
        table = tables.get(derived.table)
        if table is None or not table.has_cell(derived.row, derived.column):
            diagnostics.append(
                Diagnostic(
                    "UPP301",
                    Severity.ERROR,
                    f"Indikatorn «{indicator.id}» härleds från tabell {derived.table}, rad "
                    f"{derived.row}, kolumn {derived.column}, som inte finns.",
                    Location(file="indikatorer.yaml", place=f"indikator {indicator.id}"),
                    "Rätta «härledd» så att den pekar på en tabellcell som finns.",
                )
            )
            continue
        cell = table.cell(derived.row, derived.column)
        if cell is None:
            continue
        computed = cell / SCALES[derived.scale]
        key = (indicator.id, TOTAL, year)
        typed = found.get(key)
        if (
            typed is not None
            and typed.value is not None
            and rounded(typed.value, indicator.decimals) != rounded(computed, indicator.decimals)
        ):
            diagnostics.append(_disagreement(indicator, typed.value, computed, year))
        found[key] = IndicatorValue(indicator.id, TOTAL, year, computed)
    return found, diagnostics


def _disagreement(indicator: Indicator, typed: Decimal, computed: Decimal, year: int) -> Diagnostic:
    shown = rounded(computed, indicator.decimals)
    return Diagnostic(
        "UPP300",
        Severity.WARNING,
        f"Indikatorn «{indicator.name}» har värdet {typed} för {year} i "
        f"indikatorvarden.csv, men beräknas till {shown} från tabellerna.",
        Location(file="indikatorvarden.csv", place=f"indikator {indicator.id}, år {year}"),
        "Ta bort det inskrivna värdet (det beräknade används) eller rätta de ekonomiska "
        "uppgifterna.",
    )
