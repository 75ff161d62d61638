"""The compute stage: every derived figure of a workspace, computed once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from uppsikt.compute.assessment import assess_commitment, assess_indicator
from uppsikt.compute.cube import Cube, view_cube
from uppsikt.compute.indicators import ValueKey, indicator_values
from uppsikt.compute.intraprenad import (
    AccumulatedSummary,
    IntraprenadResult,
    accumulated_summary,
    apply_seven_percent_rule,
    with_forecast_use,
)
from uppsikt.compute.tables import ComputedTable, compute_tables
from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.model.assessment import Assessment
from uppsikt.model.dimensions import ORGANISATION, Dimension
from uppsikt.model.economy import Scenario
from uppsikt.model.indicators import TOTAL, IndicatorValue
from uppsikt.model.settings import ReportType
from uppsikt.model.workspace import Workspace


@dataclass(frozen=True, slots=True)
class CommitmentStatus:
    assessment: Assessment
    indicators: tuple[str, ...]
    """Ids of the indicators it was derived from."""


@dataclass(frozen=True, slots=True)
class Computed:
    """Every derived figure. The mappings are read-only views of dicts built once in
    :func:`compute`: a computed model is shared (the web caches one per content), so no
    reader may change it."""

    tables: Mapping[str, ComputedTable]
    values: Mapping[ValueKey, IndicatorValue]
    """Every indicator value by (indicator, breakdown, year), derived values included."""
    assessments: Mapping[str, Assessment]
    """Each indicator's assessment for the report year."""
    commitments: Mapping[str, CommitmentStatus]
    intraprenader: tuple[IntraprenadResult, ...]
    accumulated: AccumulatedSummary
    organisation: Cube
    deviation: Decimal = Decimal(0)
    """The deviation of the report's scope for the year (the nämnd's, or the nämnder's the
    report covers): utfall − budget (prognos − budget in a delårsrapport), in kronor. The
    workspace is already narrowed to the scope (workspace/scope.py), so the organisation's
    roots are the scope's nämnder."""

    def value(self, indicator: str, year: int, breakdown: str = TOTAL) -> Decimal | None:
        found = self.values.get((indicator, breakdown, year))
        return None if found is None else found.value


def compute(ws: Workspace) -> tuple[Computed, list[Diagnostic]]:
    year = ws.settings.year
    tables = compute_tables(ws.tables, ws.dimensions, ws.facts, year, ws.settings.report_type)
    # Tables of units that show an intraprenad gain its forecast use and the adjusted net cost.
    tables = with_forecast_use(tables, ws.intraprenader, _organisation(ws), ws.settings.report_type)
    values, diagnostics = indicator_values(ws.indicators, ws.values, tables, year)
    assessments = {
        i.id: assess_indicator(
            i,
            _total(values, i.id, year),
            _total(values, i.id, year - 1),
            year,
        )
        for i in ws.indicators
    }
    commitments: dict[str, CommitmentStatus] = {}
    for ident in ws.goals.commitments():
        members = tuple(i.id for i in ws.indicators if any(m.ref == ident for m in i.placements))
        status = assess_commitment([assessments[m] for m in members], ws.settings.assessment)
        commitments[ident] = CommitmentStatus(status, members)
    organisation = view_cube(_organisation(ws), ws.facts)
    intraprenader: list[IntraprenadResult] = []
    for item in ws.intraprenader:
        booked = item.booked_result
        computed_booked = organisation.amount(
            (item.unit,), year, Scenario.OUTCOME
        ) - organisation.amount((item.unit,), year, Scenario.BUDGET)
        if booked is None:
            booked = computed_booked
        elif organisation.has_data((item.unit,)) and booked != computed_booked:
            tolerance = _rounding_tolerance(ws, item.unit)
            if abs(booked - computed_booked) <= tolerance:
                diagnostics.append(_booked_rounding(item.name, booked, computed_booked))
            else:
                diagnostics.append(_booked_mismatch(item.name, booked, computed_booked))
        intraprenader.append(apply_seven_percent_rule(item, booked))
    deviation = organisation.total(year, Scenario.OUTCOME) - organisation.total(
        year, Scenario.BUDGET
    )
    outcome = Scenario.FORECAST if ws.settings.report_type is ReportType.DELARSRAPPORT else None
    computed = Computed(
        tables=MappingProxyType(tables),
        values=MappingProxyType(values),
        assessments=MappingProxyType(assessments),
        commitments=MappingProxyType(commitments),
        intraprenader=tuple(intraprenader),
        accumulated=accumulated_summary(tuple(intraprenader), deviation),
        organisation=organisation,
        deviation=deviation
        if outcome is None
        else organisation.total(year, outcome) - organisation.total(year, Scenario.BUDGET),
    )
    return computed, diagnostics


def _organisation(ws: Workspace) -> Dimension:
    found = ws.dimension(ORGANISATION)
    assert found is not None  # the reader refuses a workspace without organisation.yaml
    return found


def _total(values: Mapping[ValueKey, IndicatorValue], ident: str, year: int) -> Decimal | None:
    found = values.get((ident, TOTAL, year))
    return None if found is None else found.value


def _rounding_tolerance(ws: Workspace, unit: str) -> Decimal:
    """How far utfall − budget of a unit may be from a typed, rounded booked result when the
    facts are typed rounded too: half a unit of the amounts per figure involved."""
    organisation = ws.dimension(ORGANISATION)
    if organisation is None or ws.settings.amounts_unit is None:
        return Decimal(0)  # amounts in kronor are exact
    below = {m.code for root in organisation.roots for path, m in root.walk() if unit in path}
    year = ws.settings.year
    count = sum(
        1
        for f in ws.facts
        if f.post
        and f.year == year
        and f.scenario in (Scenario.OUTCOME, Scenario.BUDGET)
        and f.member(ORGANISATION) in below
    )
    return (count + 1) * Decimal("0.5") * ws.settings.amounts_unit.kronor


def _booked_rounding(name: str, booked: Decimal, computed: Decimal) -> Diagnostic:
    return Diagnostic(
        "UPP321",
        Severity.NOTE,
        f"Avrundningsdifferens: bokfört resultat för {name} är {booked / 1000} tkr i "
        f"intraprenader.yaml och {computed / 1000} tkr enligt ekonomifilerna; avrundningen av "
        "de inskrivna beloppen förklarar skillnaden.",
        Location(file="intraprenader.yaml", place=name),
    )


def _booked_mismatch(name: str, booked: Decimal, computed: Decimal) -> Diagnostic:
    return Diagnostic(
        "UPP320",
        Severity.WARNING,
        f"Bokfört resultat för {name} är {booked / 1000} tkr i intraprenader.yaml men "
        f"{computed / 1000} tkr enligt ekonomifilerna (utfall − budget).",
        Location(file="intraprenader.yaml", place=name),
        "Ta bort «bokfört_resultat» så beräknas det, eller rätta beloppen.",
    )
