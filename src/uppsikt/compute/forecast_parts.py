"""Forecasts split into parts (ekonomi/prognoser.csv with ``kontogrupp`` or ``verksamhet``):
each unit's forecast as the sum of its parts, and in a delårsrapport each split unit's parts
against their budget.

A unit's forecast after a month is either one row for the whole unit or rows for its parts
(the reader refuses a mix), so the unit's forecast is the sum of its rows either way. The
budget of a part is read from the one view of the economy that carries the unit and the
part's dimensions (compute/views.py), e.g. a file per enhet and verksamhet; without such a
view the part has no budget to compare with."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from uppsikt.compute.cube import Cube, NestedCube, build_nested
from uppsikt.compute.views import view_facts
from uppsikt.model.dimensions import ORGANISATION, Dimension
from uppsikt.model.economy import Scenario
from uppsikt.model.forecasts import Forecast
from uppsikt.model.workspace import Workspace


def unit_forecasts(forecasts: tuple[Forecast, ...], year: int) -> dict[tuple[str, int], Decimal]:
    """Each unit's own forecast of ``year`` by (unit, month): its whole-unit row, or the sum
    of its parts' rows."""
    found: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for forecast in forecasts:
        if forecast.year == year:
            found[(forecast.unit, forecast.month)] += forecast.amount
    return dict(found)


@dataclass(frozen=True, slots=True)
class PartForecast:
    """One part of a unit (a member of each dimension it is split by), in kronor."""

    codes: tuple[str, ...]
    """The part's member codes, one per dimension of its table."""
    name: str
    forecast: Decimal
    budget: Decimal | None
    """None where no view of the economy carries the unit and the part's dimensions."""

    @property
    def deviation(self) -> Decimal | None:
        """Forecast − budget: positive is better than budget (costs are negative)."""
        return None if self.budget is None else self.forecast - self.budget


@dataclass(frozen=True, slots=True)
class SplitUnit:
    """A unit whose forecast is split into parts, with the parts in their dimension's order."""

    code: str
    name: str
    parts: tuple[PartForecast, ...]
    budget: Decimal
    """The unit's whole budget (the organisation's view)."""

    @property
    def forecast(self) -> Decimal:
        return sum((p.forecast for p in self.parts), Decimal(0))

    @property
    def deviation(self) -> Decimal:
        return self.forecast - self.budget


@dataclass(frozen=True, slots=True)
class SplitForecasts:
    """The units split by the same dimensions, for one table."""

    dimensions: tuple[Dimension, ...]
    units: tuple[SplitUnit, ...]
    """In the organisation's order."""


def split_forecasts(ws: Workspace, month: int, units: Cube) -> tuple[SplitForecasts, ...]:
    """The forecasts the report shows for ``month`` of its year that are split into parts,
    grouped by the dimensions they are split by (in the workspace's order of dimensions).
    Only the rows the report reads as its «prognos» facts count (its own scope; none where
    the economy files hold the year's forecast themselves). ``units``: the computed cube of
    the organisation, whose budget per unit the tables show beside the sum of its parts."""
    organisation = ws.dimension(ORGANISATION)
    if organisation is None:
        return ()
    shown = set(ws.lines.facts)
    rows = [
        f
        for f in ws.forecasts
        if f.parts and f.year == ws.settings.year and f.month == month and (f.file, f.line) in shown
    ]
    by_dimensions: dict[tuple[str, ...], list[Forecast]] = defaultdict(list)
    for row in rows:
        by_dimensions[row.part_dimensions].append(row)
    order = {d.name: i for i, d in enumerate(ws.dimensions)}
    found: list[SplitForecasts] = []
    for names in sorted(by_dimensions, key=lambda n: [order.get(d, len(order)) for d in n]):
        dimensions = tuple(d for name in names if (d := ws.dimension(name)) is not None)
        if len(dimensions) != len(names):
            continue  # the reader reported the missing dimension
        found.append(_split(ws, organisation, dimensions, by_dimensions[names], units))
    return tuple(found)


def _split(
    ws: Workspace,
    organisation: Dimension,
    dimensions: tuple[Dimension, ...],
    rows: list[Forecast],
    units_cube: Cube,
) -> SplitForecasts:
    year = ws.settings.year
    needs = (ORGANISATION, *(d.name for d in dimensions))
    budgets = build_nested(
        (organisation, *dimensions),
        (f for f in view_facts(ws.facts, needs) if f.scenario is Scenario.BUDGET),
    )
    names = [{code: m.name for code, m in d.members().items()} for d in dimensions]
    orders = [{code: i for i, code in enumerate(d.paths())} for d in dimensions]
    by_unit: dict[str, list[Forecast]] = defaultdict(list)
    for row in rows:
        by_unit[row.unit].append(row)
    units: list[SplitUnit] = []
    members = organisation.members()
    for code in organisation.paths():  # the organisation's order
        own = by_unit.get(code)
        if not own:
            continue
        parts = [_part(r, dimensions, names, budgets, year) for r in own]
        parts.sort(key=lambda p: [o.get(c, len(o)) for o, c in zip(orders, p.codes, strict=True)])
        budget = units_cube.amount((code,), year, Scenario.BUDGET)
        units.append(SplitUnit(code, members[code].name, tuple(parts), budget))
    return SplitForecasts(dimensions, tuple(units))


def _part(
    row: Forecast,
    dimensions: tuple[Dimension, ...],
    names: list[dict[str, str]],
    budgets: NestedCube,
    year: int,
) -> PartForecast:
    codes = tuple(row.member(d.name) or "" for d in dimensions)
    budget = budgets.sums.get((row.unit, *codes), {}).get((year, Scenario.BUDGET))
    label = ", ".join(n.get(c, c) for n, c in zip(names, codes, strict=True))
    return PartForecast(codes, label, row.amount, budget)
