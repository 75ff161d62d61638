"""Checks the build relies on: the views of the economy agree, and shown values exist."""

from __future__ import annotations

from decimal import Decimal

from uppsikt.checks.figures import shown, shown_years
from uppsikt.compute.results import Computed
from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.model.dimensions import ORGANISATION
from uppsikt.model.economy import Fact
from uppsikt.model.indicators import TOTAL
from uppsikt.model.workspace import Workspace

HALF = Decimal("0.5")


def _totals(facts: list[Fact], dimension: str) -> dict[tuple[int, str], tuple[Decimal, int]]:
    """Per (year, scenario): the sum of the dimension's facts and how many there are."""
    totals: dict[tuple[int, str], tuple[Decimal, int]] = {}
    for fact in facts:
        if fact.member(dimension) is None:
            continue
        key = (fact.year, fact.scenario.value)
        amount, count = totals.get(key, (Decimal(0), 0))
        totals[key] = (amount + fact.amount, count + 1)
    return totals


def views_reconcile(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """Every operating view (per kontogrupp, per verksamhet …) has the organisation's totals.

    Typed-in facts are rounded to a unit of the amounts, each by at most half a unit, so two
    sums of n and m such facts may differ by up to (n + m) / 2 units without anything being
    wrong; only a larger difference is reported.
    """
    del computed  # the views are compared on the facts themselves
    unit = Decimal(ws.settings.amounts_unit.kronor if ws.settings.amounts_unit else 1)
    facts = list(ws.facts)
    reference = _totals(facts, ORGANISATION)
    found: list[Diagnostic] = []
    for dimension in ws.dimensions:
        if dimension.name == ORGANISATION or not dimension.operating:
            continue
        for key, (amount, count) in sorted(_totals(facts, dimension.name).items()):
            if key not in reference:
                continue
            org_amount, org_count = reference[key]
            tolerance = (count + org_count) * HALF * unit
            difference = amount - org_amount
            if abs(difference) > tolerance:
                found.append(_disagree(dimension.label, key, amount, org_amount, unit))
            elif difference != 0:
                found.append(_rounding(dimension.label, key, amount, org_amount, unit))
    return found


def _disagree(
    label: str, key: tuple[int, str], amount: Decimal, org: Decimal, unit: Decimal
) -> Diagnostic:
    year, scenario = key
    return Diagnostic(
        "UPP401",
        Severity.ERROR,
        f"Summan per {label.lower()} ({shown(amount / unit)}) för {scenario} {year} skiljer sig "
        f"från summan per enhet ({shown(org / unit)}) med {shown((amount - org) / unit)}, mer än "
        "avrundning kan förklara.",
        Location(file="ekonomi/", place=f"{scenario} {year}"),
        "Kontrollera att båda vyerna bygger på samma bokslut; leta efter en rad som saknas "
        "eller står två gånger.",
    )


def _rounding(
    label: str, key: tuple[int, str], amount: Decimal, org: Decimal, unit: Decimal
) -> Diagnostic:
    year, scenario = key
    return Diagnostic(
        "UPP403",
        Severity.NOTE,
        f"Avrundningsdifferens: summan per {label.lower()} ({shown(amount / unit)}) för "
        f"{scenario} {year} skiljer sig från summan per enhet ({shown(org / unit)}) med "
        f"{shown((amount - org) / unit)}, "
        "vilket avrundningen av de inskrivna beloppen förklarar.",
        Location(file="ekonomi/", place=f"{scenario} {year}"),
    )


def missing_values(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """An indicator shown in the report has a value, or a reason, for each year it shows."""
    found: list[Diagnostic] = []
    year = ws.settings.year
    for indicator in ws.indicators:
        keys = [TOTAL, *(b.key for b in indicator.breakdowns)]
        missing = [
            (key, y)
            for y in shown_years(indicator, year)
            for key in keys
            if (indicator.id, key, y) not in computed.values
        ]
        if missing:
            listed = ", ".join(f"{y} ({key})" for key, y in missing[:6])
            more = f" och {len(missing) - 6} till" if len(missing) > 6 else ""
            found.append(
                Diagnostic(
                    "UPP402",
                    Severity.WARNING,
                    f"Indikatorn «{indicator.name}» saknar rad för {listed}{more}.",
                    Location(file="indikatorvarden.csv", place=f"indikator {indicator.id}"),
                    "Lägg till värdet, eller en rad med tomt värde och skälet i kolumnen saknas.",
                )
            )
    return found
