"""Forecast accuracy: each delårsrapport's full-year forecast against the year's outcome.

The units are the tops of the report's scope: each nämnd of a report over several (KS with
the nämnder under it, the kommun), each unit under the nämnd of a nämnd's report (a
förvaltning's units in its place). A unit's forecast after a month is its own row of
ekonomi/prognoser.csv (the sum of its rows per kontogrupp or verksamhet, where it is
forecast in parts), or else the sum of its parts' forecasts. The total covers the units
with a forecast; error = outcome − forecast, so a positive error is an outcome better than
forecast (costs are negative). Shares are of the budget's absolute amount."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from uppsikt.compute.cube import Cube
from uppsikt.compute.forecast_parts import unit_forecasts
from uppsikt.compute.tables import share_percent
from uppsikt.located.numbers import quantized
from uppsikt.model.dimensions import ORGANISATION, Member, UnitKind
from uppsikt.model.economy import Scenario
from uppsikt.model.forecasts import Forecast
from uppsikt.model.workspace import Workspace

TOTAL_ID = "totalt"
KRONA = Decimal(1)
"""A mean absolute error is rounded to whole kronor."""


@dataclass(frozen=True, slots=True)
class ForecastPoint:
    """One forecast of a unit against the outcome; kronor, share in percent."""

    month: int
    forecast: Decimal
    error: Decimal
    """Outcome − forecast."""
    error_percent: Decimal | None
    """The error as a share of the budget; None without a budget."""


@dataclass(frozen=True, slots=True)
class UnitAccuracy:
    code: str
    """The unit's code, or TOTAL_ID for the total."""
    name: str
    outcome: Decimal
    budget: Decimal
    points: tuple[ForecastPoint, ...]
    """One per month with a forecast, in month order."""

    def point(self, month: int) -> ForecastPoint | None:
        return next((p for p in self.points if p.month == month), None)

    @property
    def last(self) -> ForecastPoint | None:
        return self.points[-1] if self.points else None

    @property
    def mean_absolute_error(self) -> Decimal | None:
        if not self.points:
            return None
        total = sum((abs(p.error) for p in self.points), Decimal(0))
        return quantized(total / len(self.points), KRONA)

    @property
    def mean_absolute_percent(self) -> Decimal | None:
        mae = self.mean_absolute_error
        return None if mae is None else share_of_budget(mae, self.budget)


@dataclass(frozen=True, slots=True)
class ForecastAccuracy:
    year: int
    months: tuple[int, ...]
    """Every month with a forecast of the year, in order."""
    units: tuple[UnitAccuracy, ...]
    """The units with a forecast, in the organisation's order."""
    total: UnitAccuracy | None
    """Over the units with a forecast; None when there are none."""


def share_of_budget(amount: Decimal, budget: Decimal) -> Decimal | None:
    """``amount`` in percent of the budget's absolute amount; None without a budget."""
    return share_percent(amount, budget)


def top_units(ws: Workspace) -> tuple[Member, ...]:
    """The units the report follows up: the scope's nämnder, or a nämnd's own units."""
    organisation = ws.dimension(ORGANISATION)
    if organisation is None:
        return ()
    roots = organisation.roots
    if ws.settings.several_namnder or len(roots) != 1:
        return roots
    found: list[Member] = []
    for child in roots[0].children:
        if child.kind is UnitKind.FORVALTNING and child.children:
            found.extend(child.children)
        else:
            found.append(child)
    return tuple(found) or roots


def unit_forecast(
    member: Member, month: int, own: dict[tuple[str, int], Decimal]
) -> Decimal | None:
    """The unit's own forecast after ``month``, else the sum of its parts' (None: none)."""
    found = own.get((member.code, month))
    if found is not None:
        return found
    parts = [unit_forecast(c, month, own) for c in member.children]
    given = [p for p in parts if p is not None]
    return sum(given, Decimal(0)) if given else None


def forecast_accuracy(ws: Workspace, organisation: Cube) -> ForecastAccuracy:
    """The accuracy of the year's forecasts (``organisation``: the computed cube of units)."""
    year = ws.settings.year
    own = _own(ws.forecasts, year)
    months = tuple(sorted({m for _, m in own}))
    units: list[UnitAccuracy] = []
    for member in top_units(ws):
        forecasts = {m: unit_forecast(member, m, own) for m in months}
        given = {m: f for m, f in forecasts.items() if f is not None}
        if not given:
            continue
        outcome = organisation.amount((member.code,), year, Scenario.OUTCOME)
        budget = organisation.amount((member.code,), year, Scenario.BUDGET)
        units.append(_accuracy(member.code, member.name, outcome, budget, given))
    total = total_accuracy(tuple(units)) if units else None
    return ForecastAccuracy(year, months, tuple(units), total)


def total_accuracy(units: tuple[UnitAccuracy, ...]) -> UnitAccuracy:
    """The total over ``units`` (of one report, or read from several): outcome and budget
    summed, and each month's forecasts summed where every unit has one."""
    sums: dict[int, Decimal] = defaultdict(Decimal)
    counts: dict[int, int] = defaultdict(int)
    for unit in units:
        for point in unit.points:
            sums[point.month] += point.forecast
            counts[point.month] += 1
    return _accuracy(
        TOTAL_ID,
        "Totalt",
        sum((u.outcome for u in units), Decimal(0)),
        sum((u.budget for u in units), Decimal(0)),
        {m: total for m, total in sums.items() if counts[m] == len(units)},
    )


def _own(forecasts: tuple[Forecast, ...], year: int) -> dict[tuple[str, int], Decimal]:
    # A unit forecast in parts (kontogrupp, verksamhet) is followed up as a whole.
    return unit_forecasts(forecasts, year)


def _accuracy(
    code: str, name: str, outcome: Decimal, budget: Decimal, forecasts: dict[int, Decimal]
) -> UnitAccuracy:
    points = tuple(
        ForecastPoint(m, f, outcome - f, share_of_budget(outcome - f, budget))
        for m, f in sorted(forecasts.items())
    )
    return UnitAccuracy(code, name, outcome, budget, points)
