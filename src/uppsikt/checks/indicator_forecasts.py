"""The indicator forecasts (indikatorprognoser.csv): a delårsrapport forecasts every target of
the year (UPP497); an årsberättelse notes an outcome the last forecast did not foresee
(UPP498)."""

from __future__ import annotations

from uppsikt.compute.results import Computed
from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.model.assessment import Assessment
from uppsikt.model.forecasts import month_name
from uppsikt.model.indicator_forecasts import (
    Outlook,
    forecast_at,
    has_target,
    last_forecast,
)
from uppsikt.model.workspace import Workspace
from uppsikt.workspace.indicator_forecasts import INDICATOR_FORECASTS_FILE


def indicator_forecast_missing(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """UPP497: in a delårsrapport, once the workspace has indicator forecasts, an indicator
    with a target for the year and no forecast for the report's month (``prognos.månad``, else
    the last month of ``period``)."""
    del computed
    settings = ws.settings
    if not settings.report_type.kind.interim or not ws.indicator_forecasts:
        return []
    month = settings.closing_month
    if month is None:
        return []
    year = settings.year
    file = next((f.file for f in ws.indicator_forecasts if f.file), INDICATOR_FORECASTS_FILE)
    found: list[Diagnostic] = []
    for indicator in ws.indicators:
        if not has_target(indicator, year):
            continue
        if forecast_at(ws.indicator_forecasts, indicator.id, year, month) is not None:
            continue
        found.append(
            Diagnostic(
                "UPP497",
                Severity.WARNING,
                f"Indikatorn «{indicator.name}» har ett målvärde för {year} men ingen prognos "
                f"efter {month_name(month)}.",
                Location(file=file, field="indikator", place=f"indikator {indicator.id}"),
                f"Lägg till en rad «{indicator.id};{year};{month};…» i "
                f"{INDICATOR_FORECASTS_FILE} med prognosen uppfylls, delvis, uppfylls inte "
                "eller går inte att bedöma.",
            )
        )
    return found


def outcome_differs_from_forecast(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """UPP498: in an årsberättelse (not a delårsrapport, nor a verksamhetsplan), an indicator
    whose assessment differs from what the year's last forecast foresaw (a forecast that could
    not tell foresaw nothing)."""
    settings = ws.settings
    kind = settings.report_type.kind
    if kind.interim or kind.plan or not ws.indicator_forecasts:
        return []
    year = settings.year
    found: list[Diagnostic] = []
    for indicator in ws.indicators:
        last = last_forecast(ws.indicator_forecasts, indicator.id, year)
        if last is None or last.outlook is Outlook.CANNOT_TELL:
            continue
        outcome = computed.assessments.get(indicator.id, Assessment.NOT_MEASURABLE)
        if outcome is last.outlook.assessment:
            continue
        found.append(
            Diagnostic(
                "UPP498",
                Severity.NOTE,
                f"Indikatorn «{indicator.name}» bedöms «{outcome.value}», men prognosen efter "
                f"{month_name(last.month)} var «{last.outlook.value}».",
                Location(file=last.file or INDICATOR_FORECASTS_FILE, line=last.line or None),
                "Läsaren kan vilja veta varför utfallet blev ett annat än prognosen: skriv "
                "några ord om det i texten där indikatorn redovisas.",
            )
        )
    return found
