"""The monthly follow-up: the ledger's outcome month by month against the year's budget
spread over the months, cumulative, per nämnd of the report's scope and in total.

The budget of a nämnd is the year's budget of the report (typed or from the ledger); it is
spread as ``månadsfördelning`` says: a twelfth a month (``jämn``), as last year's outcome was
spread (``fjolårets_profil``; a nämnd without last year's monthly outcome gets twelfths, and
the follow-up says so), or as the ledger's budget rows per period give it (``importerad``).
Cumulative budgets are rounded to öre, and the month's share is what the cumulative figures
leave, so December's cumulative budget is the year's budget exactly. Deviation = utfall −
budget, cumulative (costs are negative: a positive deviation is better than budget).

Without a ledger with monthly outcome there is no follow-up: the result says why, and no
month is invented.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from uppsikt.compute.cube import Cube
from uppsikt.located.numbers import quantized
from uppsikt.model.dimensions import ORGANISATION
from uppsikt.model.economy import Scenario
from uppsikt.model.monthly import MonthlyLedger, SpreadMethod
from uppsikt.model.workspace import Workspace

TOTAL_ID = "totalt"
ORE = Decimal("0.01")
MONTHS = range(1, 13)
NO_LEDGER = (
    "Månadsuppföljningen kräver en huvudbok (ekonomi.duckdb) med utfall per månad; "
    "arbetsytans ekonomi har bara årsbelopp."
)


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """One month of one nämnd (or the total); kronor, report sign."""

    month: int
    outcome: Decimal
    """The month's own outcome."""
    outcome_cumulative: Decimal
    budget_cumulative: Decimal | None
    """None when the budget cannot be spread (no monthly budget in the ledger)."""

    @property
    def deviation_cumulative(self) -> Decimal | None:
        if self.budget_cumulative is None:
            return None
        return self.outcome_cumulative - self.budget_cumulative


@dataclass(frozen=True, slots=True)
class UnitMonths:
    code: str
    """The nämnd's code, or TOTAL_ID."""
    name: str
    budget: Decimal
    """The year's budget."""
    months: tuple[MonthFigures, ...]
    """Months 1 to the last with outcome, in order."""

    @property
    def last(self) -> MonthFigures | None:
        return self.months[-1] if self.months else None


@dataclass(frozen=True, slots=True)
class MonthlyFollowUp:
    year: int
    method: SpreadMethod
    units: tuple[UnitMonths, ...]
    """The scope's nämnder, in the organisation's order; empty when not available."""
    total: UnitMonths | None
    notes: tuple[str, ...] = ()
    """What the reader should know, in Swedish: why the follow-up is missing, or where the
    budget could not be spread as asked."""

    @property
    def available(self) -> bool:
        return self.total is not None

    @property
    def last_month(self) -> int:
        return 0 if self.total is None or self.total.last is None else self.total.last.month


def monthly_followup(
    ws: Workspace, organisation: Cube, *, through: int | None = None
) -> MonthlyFollowUp:
    """The follow-up of the report's scope (``organisation``: the computed cube of units).
    ``through``: the last month to show (a delårsrapport's closing month), so that a report
    after april shows january to april even when the ledger already holds later months."""
    year = ws.settings.year
    method = ws.settings.monthly_spread
    ledger = ws.monthly
    dimension = ws.dimension(ORGANISATION)
    if ledger is None or dimension is None:
        return MonthlyFollowUp(year, method, (), None, (NO_LEDGER,))
    outcome = _per_month(ledger, year, Scenario.OUTCOME)
    months = sorted(
        {m for by_month in outcome.values() for m in by_month if through is None or m <= through}
    )
    if not months:
        note = f"Huvudboken har inget utfall per månad för {year}; månadsuppföljningen saknas."
        return MonthlyFollowUp(year, method, (), None, (note,))
    last = months[-1]
    notes: list[str] = []
    spread = _Spread(ledger, year, method, notes)
    units: list[UnitMonths] = []
    for root in dimension.roots:
        budget = organisation.amount((root.code,), year, Scenario.BUDGET)
        cumulative = spread(root.code, root.name, budget)
        units.append(
            _unit(root.code, root.name, budget, outcome.get(root.code, {}), cumulative, last)
        )
    return MonthlyFollowUp(year, method, tuple(units), _total(units, last), tuple(notes))


def even_spread(budget: Decimal) -> tuple[Decimal, ...]:
    """The cumulative budget after each month: a twelfth a month, rounded to öre."""
    return tuple(quantized(budget * m / 12, ORE) for m in MONTHS)


def profile_spread(budget: Decimal, profile: dict[int, Decimal]) -> tuple[Decimal, ...] | None:
    """The cumulative budget after each month as ``profile`` (amount per month) is spread;
    None when the profile sums to zero."""
    whole = sum(profile.values(), Decimal(0))
    if whole == 0:
        return None
    found: list[Decimal] = []
    running = Decimal(0)
    for m in MONTHS:
        running += profile.get(m, Decimal(0))
        found.append(quantized(budget * running / whole, ORE))
    return tuple(found)


def cumulative(by_month: dict[int, Decimal]) -> tuple[Decimal, ...]:
    """Running sums of amounts per month, months 1–12."""
    found: list[Decimal] = []
    running = Decimal(0)
    for m in MONTHS:
        running += by_month.get(m, Decimal(0))
        found.append(running)
    return tuple(found)


def _per_month(
    ledger: MonthlyLedger, year: int, scenario: Scenario
) -> dict[str, dict[int, Decimal]]:
    found: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for amount in ledger.of(year, scenario):
        if 1 <= amount.period <= 12:
            found[amount.top][amount.period] += amount.amount
    return found


class _Spread:
    """The cumulative budget of a nämnd by the settings' method, noting where it cannot."""

    def __init__(
        self, ledger: MonthlyLedger, year: int, method: SpreadMethod, notes: list[str]
    ) -> None:
        self.method = method
        self.year = year
        self.notes = notes
        self.last_year = _per_month(ledger, year - 1, Scenario.OUTCOME)
        self.imported = _per_month(ledger, year, Scenario.BUDGET)

    def __call__(self, code: str, name: str, budget: Decimal) -> tuple[Decimal, ...] | None:
        if self.method is SpreadMethod.EVEN:
            return even_spread(budget)
        if self.method is SpreadMethod.LAST_YEAR:
            found = profile_spread(budget, dict(self.last_year.get(code, {})))
            if found is None:
                self.notes.append(
                    f"{name} har inget utfall per månad för {self.year - 1}; dess budget är "
                    "fördelad jämnt över månaderna."
                )
                return even_spread(budget)
            return found
        own = self.imported.get(code)
        if not own:
            self.notes.append(
                f"Huvudboken har ingen budget per månad för {name} {self.year}; budgeten kan "
                "inte följas upp månad för månad."
            )
            return None
        return cumulative(own)


def _unit(
    code: str,
    name: str,
    budget: Decimal,
    outcome: dict[int, Decimal],
    budget_cumulative: tuple[Decimal, ...] | None,
    last: int,
) -> UnitMonths:
    running = cumulative(outcome)
    months = tuple(
        MonthFigures(
            m,
            outcome.get(m, Decimal(0)),
            running[m - 1],
            None if budget_cumulative is None else budget_cumulative[m - 1],
        )
        for m in range(1, last + 1)
    )
    return UnitMonths(code, name, budget, months)


def _total(units: list[UnitMonths], last: int) -> UnitMonths:
    months: list[MonthFigures] = []
    for index in range(last):
        figures = [u.months[index] for u in units]
        budgets = [f.budget_cumulative for f in figures]
        months.append(
            MonthFigures(
                index + 1,
                sum((f.outcome for f in figures), Decimal(0)),
                sum((f.outcome_cumulative for f in figures), Decimal(0)),
                None
                if any(b is None for b in budgets)
                else sum((b for b in budgets if b is not None), Decimal(0)),
            )
        )
    budget = sum((u.budget for u in units), Decimal(0))
    return UnitMonths(TOTAL_ID, "Totalt", budget, tuple(months))
