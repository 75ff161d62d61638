"""The forecasts: an årsberättelse comments on an outcome far from the last forecast
(UPP490); a delårsrapport forecasts every unit with a budget (UPP491)."""

from __future__ import annotations

from uppsikt.compute.forecast_accuracy import forecast_accuracy
from uppsikt.compute.results import Computed
from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.located.format import number
from uppsikt.model.dimensions import ORGANISATION
from uppsikt.model.economy import Scenario
from uppsikt.model.forecasts import month_name
from uppsikt.model.settings import FORECAST_SECTION
from uppsikt.model.workspace import Workspace
from uppsikt.workspace.forecasts import FORECASTS_FILE

TEXT_FILE = f"text/{FORECAST_SECTION}.md"


def outcome_far_from_forecast(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """UPP490: in an årsberättelse, a unit whose outcome lies further from its last forecast
    than ``prognos.tröskel_procent`` of its budget, and whose name or code the section's text
    does not mention."""
    if ws.settings.report_type.kind.interim or ws.settings.report_type.kind.plan:
        return []
    accuracy = forecast_accuracy(ws, computed.organisation)
    text = ws.text(FORECAST_SECTION)
    written = text.markdown.casefold() if text is not None else ""
    threshold = ws.settings.forecast.threshold_percent
    unit = ws.settings.display_unit
    found: list[Diagnostic] = []
    for result in accuracy.units:
        last = result.last
        if last is None or last.error_percent is None or abs(last.error_percent) <= threshold:
            continue
        if result.name.casefold() in written or result.code.casefold() in written:
            continue
        error = number(last.error / unit.kronor, unit.decimals, signed=True)
        share = number(last.error_percent, 1, signed=True)
        found.append(
            Diagnostic(
                "UPP490",
                Severity.WARNING,
                f"{_named(result.name, result.code)}: bokslutet skiljer sig från prognosen efter "
                f"{month_name(last.month)} med {error} {unit.value} ({share} % av budgeten, "
                f"mer än tröskeln {number(threshold, 1)} %), men texten om "
                "prognossäkerheten nämner inte enheten.",
                Location(file=TEXT_FILE if text is None else text.file),
                f"Förklara avvikelsen för {result.name} i {TEXT_FILE} (och lista avsnittet "
                f"«{FORECAST_SECTION}» i uppsikt.yaml), eller ändra «prognos: "
                "{tröskel_procent: …}» i uppsikt.yaml.",
            )
        )
    return found


def forecast_missing(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """UPP491: in a delårsrapport with forecasts, a unit with a budget for the year that has no
    forecast for the report's month (``prognos.månad``, else the last month of ``period``),
    neither its own nor one of a unit above it."""
    settings = ws.settings
    if not settings.report_type.kind.interim or not ws.forecasts:
        return []
    month = settings.closing_month
    organisation = ws.dimension(ORGANISATION)
    if month is None or organisation is None:
        return []
    forecast = {f.unit for f in ws.forecasts if f.year == settings.year and f.month == month}
    file = next((f.file for f in ws.forecasts if f.file), FORECASTS_FILE)
    found: list[Diagnostic] = []
    members = organisation.members()
    for code, path in organisation.paths().items():
        member = members[code]
        if member.children or any(p in forecast for p in path):
            continue
        budget = computed.organisation.amount((code,), settings.year, Scenario.BUDGET)
        if budget == 0:
            continue
        found.append(
            Diagnostic(
                "UPP491",
                Severity.WARNING,
                f"{member.name} ({code}) har en budget för {settings.year} men ingen prognos "
                f"efter {month_name(month)}.",
                Location(file=file, field="enhet"),
                f"Lägg till en rad «{settings.year};{month};{code};…» i {FORECASTS_FILE} "
                "(eller en prognos för en enhet ovanför den).",
            )
        )
    return found


def _named(name: str, code: str) -> str:
    return name if name == code else f"{name} ({code})"
