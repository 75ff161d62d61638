"""The ledger's amounts per month, and how a year's budget is spread over the months."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from uppsikt.model.economy import Scenario


class SpreadMethod(enum.Enum):
    """How the year's budget is spread over the months (``månadsfördelning``)."""

    EVEN = "jämn"
    """A twelfth a month."""
    LAST_YEAR = "fjolårets_profil"
    """As last year's outcome was spread over its months."""
    IMPORTED = "importerad"
    """As the ledger's budget rows per period (1–12) give it."""


@dataclass(frozen=True, slots=True)
class MonthlyAmount:
    """What the ledger holds for one top of the organisation (a nämnd) in one period."""

    year: int
    scenario: Scenario
    period: int
    """1–12, or 0 for rows of the whole year."""
    top: str
    """The code of the organisation's top the row's unit lies under."""
    amount: Decimal
    """Kronor, report sign (costs negative)."""


@dataclass(frozen=True, slots=True)
class MonthlyLedger:
    """The ledger summed per (year, scenario, period, top); the organisation's every top,
    whatever the report's scope (the follow-up takes the scope's)."""

    amounts: tuple[MonthlyAmount, ...]

    def of(self, year: int, scenario: Scenario) -> tuple[MonthlyAmount, ...]:
        return tuple(a for a in self.amounts if a.year == year and a.scenario is scenario)
