"""KS's monthly view of a kommun: for each nämnd, the outcome so far against the budget
spread over the months (uppsikt.compute.monthly), and the latest forecast of the year.

Each nämnd is taken from a report the user may read (as the overview) of the kommun's latest
year: its own report where there is one, else the report with the fewest nämnder covering it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from uppsikt.compute.forecast_accuracy import unit_forecast
from uppsikt.compute.forecast_parts import unit_forecasts
from uppsikt.compute.monthly import NO_LEDGER, monthly_followup
from uppsikt.located.format import number
from uppsikt.model.dimensions import ORGANISATION, Member
from uppsikt.model.forecasts import month_name
from uppsikt.model.workspace import Workspace
from uppsikt.web.models import Report
from uppsikt.web.services.loaded import load_or_latest

TKR = Decimal(1_000)
"""Amounts are shown in tkr."""


@dataclass(frozen=True, slots=True)
class NamndRow:
    code: str
    name: str
    report: Report
    through: str
    """The last month with outcome, e.g. «april»; '' without monthly outcome."""
    outcome: str
    budget: str
    deviation: str
    deviation_negative: bool
    forecast: str
    """The latest full-year forecast with its month, '' without one."""
    forecast_deviation: str
    """Forecast − the year's budget; '' without a forecast."""


@dataclass(frozen=True, slots=True)
class MonthlyView:
    year: int | None
    rows: tuple[NamndRow, ...]
    has_forecasts: bool
    notes: tuple[str, ...]


def _tkr(kronor: Decimal, *, signed: bool = False) -> str:
    return number(kronor / TKR, 0, signed=signed)


def monthly_view(reports: list[Report]) -> MonthlyView:
    """The rows of the kommun's ``reports`` the user may read (every report for KS)."""
    if not reports:
        return MonthlyView(None, (), False, ())
    year = max(r.year for r in reports)
    chosen: dict[str, tuple[int, NamndRow]] = {}
    notes: list[str] = []
    has_forecasts = False
    for report in reports:
        if report.year != year:
            continue
        loaded, _ = load_or_latest(report)
        ws, computed = loaded.ws, loaded.computed
        if ws is None or computed is None:
            continue
        has_forecasts = has_forecasts or any(f.year == year for f in ws.forecasts)
        followup = monthly_followup(ws, computed.organisation)
        notes.extend(n for n in followup.notes if n not in notes)
        width = len(followup.units)
        for unit in followup.units:
            known = chosen.get(unit.code)
            if known is not None and known[0] <= width:
                continue
            last = unit.last
            if last is None:
                continue
            forecast, forecast_deviation = _forecast(ws, unit.code, unit.budget)
            deviation = last.deviation_cumulative
            row = NamndRow(
                code=unit.code,
                name=unit.name,
                report=report,
                through=month_name(last.month),
                outcome=_tkr(last.outcome_cumulative),
                budget="" if last.budget_cumulative is None else _tkr(last.budget_cumulative),
                deviation="" if deviation is None else _tkr(deviation, signed=True),
                deviation_negative=deviation is not None and deviation < 0,
                forecast=forecast,
                forecast_deviation=forecast_deviation,
            )
            chosen[unit.code] = (width, row)
    rows = tuple(sorted((row for _, row in chosen.values()), key=lambda r: r.name))
    if rows:
        notes = [n for n in notes if n != NO_LEDGER]
    return MonthlyView(year, rows, has_forecasts, tuple(notes))


def _forecast(ws: Workspace, code: str, budget: Decimal) -> tuple[str, str]:
    """The latest forecast of the nämnd ``code`` for the year, and its deviation from the
    year's budget, as shown; ('', '') without one."""
    organisation = ws.dimension(ORGANISATION)
    member = _member(organisation.roots if organisation else (), code)
    year = ws.settings.year
    own = unit_forecasts(ws.forecasts, year)
    if member is None:
        return "", ""
    for month in sorted({m for _, m in own}, reverse=True):
        found = unit_forecast(member, month, own)
        if found is not None:
            return (
                f"{_tkr(found)} (efter {month_name(month)})",
                _tkr(found - budget, signed=True),
            )
    return "", ""


def _member(roots: tuple[Member, ...], code: str) -> Member | None:
    return next((r for r in roots if r.code == code), None)
