"""The budget traced to its origin: ursprunglig budget = budget − the year's changes.

The budget in the economy files is the budget as it stands, what every table shows; the
changes of ekonomi/budgetandringar.csv explain how it came about. A unit's figures are sums
over its subtree, like every amount of the organisation (compute/cube.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from uppsikt.compute.cube import Cube, build_cube
from uppsikt.compute.views import view_facts
from uppsikt.model.budget_changes import BudgetChange
from uppsikt.model.dimensions import ORGANISATION, Dimension
from uppsikt.model.economy import Scenario
from uppsikt.model.settings import ReportType, Settings
from uppsikt.model.workspace import Workspace


@dataclass(frozen=True, slots=True)
class UnitTrace:
    """One unit's budget and how it came about, in kronor."""

    unit: str
    name: str
    budget: Decimal | None
    """The budget as it stands; None when the unit has no budget."""
    changes: Decimal
    """The sum of the year's changes within the unit's subtree."""

    @property
    def original(self) -> Decimal | None:
        """The budget before the year's changes (ursprunglig budget)."""
        return None if self.budget is None else self.budget - self.changes


@dataclass(frozen=True, slots=True)
class BudgetTrace:
    changes: tuple[BudgetChange, ...]
    """The changes within the report's organisation, by date, decision and file order."""
    units: tuple[UnitTrace, ...]
    """Each unit a change names, in the organisation's order."""


def budget_trace(ws: Workspace) -> BudgetTrace:
    """The report's changes and, for each unit they name, its ursprunglig budget."""
    organisation = ws.dimension(ORGANISATION)
    if organisation is None or not ws.budget_changes:
        return BudgetTrace((), ())
    changes = in_organisation(ws.budget_changes, organisation)
    changes = tuple(c for c in changes if in_force(c, ws.settings))
    if not changes:
        return BudgetTrace((), ())
    cube = budget_cube(ws, organisation)
    paths = organisation.paths()
    named = {c.unit for c in changes}
    units = tuple(
        UnitTrace(
            code,
            member.name,
            unit_budget(cube, code, ws.settings.year),
            sum((c.amount for c in changes if code in paths[c.unit]), Decimal(0)),
        )
        for code, member in organisation.members().items()
        if code in named
    )
    ordered = sorted(changes, key=lambda c: (c.date, c.decision, c.line or 0))
    return BudgetTrace(tuple(ordered), units)


def in_force(change: BudgetChange, settings: Settings) -> bool:
    """Whether the report counts ``change``: a verksamhetsplan none (it sets the budget the
    year's changes start from), a delårsrapport those decided by the end of its period, other
    reports every change of the year."""
    if settings.report_type is ReportType.VERKSAMHETSPLAN:
        return False
    month = settings.report_month
    if month is None:
        return True
    return (change.date.year, change.date.month) <= (settings.year, month)


def in_organisation(
    changes: Iterable[BudgetChange], organisation: Dimension
) -> tuple[BudgetChange, ...]:
    """The changes of units in ``organisation`` (a report's scope keeps its nämnder only)."""
    known = set(organisation.members())
    return tuple(c for c in changes if c.unit in known)


def budget_cube(ws: Workspace, organisation: Dimension) -> Cube:
    """The organisation's amounts as every table per enhet reads them."""
    return build_cube(organisation, view_facts(ws.facts, (organisation.name,)))


def unit_budget(cube: Cube, code: str, year: int) -> Decimal | None:
    """A unit's budget for ``year`` (its subtree's); None when no budget is booked in it."""
    return cube.sums.get(code, {}).get((year, Scenario.BUDGET))
