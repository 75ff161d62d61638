"""Data of an intraprenad (internal enterprise) for the 7 % rule."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Adjustment:
    """An amount excluded from the year's result before it is carried over, e.g. the estimated
    effects of covid-19. Negative when the effect made the result worse."""

    label: str
    amount: Decimal
    """In kronor."""


@dataclass(frozen=True, slots=True)
class Intraprenad:
    unit: str
    """Code of the organisational unit (flagged intraprenad) whose result this is."""
    name: str
    opening_result: Decimal
    """Ingående ackumulerat resultat (IB), kronor."""
    budget_turnover: Decimal
    """Budgetomslutning, kronor: the base of the 7 % cap."""
    booked_result: Decimal | None = None
    """Bokfört resultat, kronor; None means computed from the unit's utfall − budget."""
    adjustments: tuple[Adjustment, ...] = ()
    drawn: Decimal = Decimal(0)
    """Ianspråktagande: accumulated surplus used during the year, kronor (positive)."""
    planned_use: Decimal | None = None
    """Prognostiserat ianspråktagande: the use of accumulated result planned or forecast for
    the year, kronor (positive for a surplus used); None means the same as ``drawn``."""

    @property
    def forecast_use(self) -> Decimal:
        """The use of accumulated result the tables of units add back to their net cost."""
        return self.drawn if self.planned_use is None else self.planned_use
