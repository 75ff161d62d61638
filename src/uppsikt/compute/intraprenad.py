"""The intraprenad's accumulated result and the 7 % rule."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from uppsikt.model.intraprenad import Intraprenad

CAP_SHARE = Decimal("0.07")
"""An intraprenad may carry a surplus of at most 7 % of its budget turnover (budgetomslutning)."""


@dataclass(frozen=True, slots=True)
class IntraprenadResult:
    intraprenad: Intraprenad
    booked: Decimal
    """Bokfört resultat: the year's utfall − budget, kronor."""
    adjustments: Decimal
    """Sum of the adjustments (e.g. estimated covid-19 effects), kronor."""
    adjusted: Decimal
    """Justerat resultat: booked − adjustments."""
    closing_booked: Decimal
    """Utgående ackumulerat resultat from the booked result: IB − drawn + booked."""
    before_rule: Decimal
    """Ackumulerat resultat före 7 %-regeln: IB − drawn + adjusted."""
    cap: Decimal
    """7 % of budgetomslutning."""
    closing: Decimal
    """Utgående ackumulerat resultat after the rule: a surplus capped at ``cap``; a deficit
    is never capped (it must be covered)."""

    @property
    def capped(self) -> bool:
        return self.closing < self.before_rule


def apply_seven_percent_rule(intraprenad: Intraprenad, booked: Decimal) -> IntraprenadResult:
    adjustments = sum((a.amount for a in intraprenad.adjustments), Decimal(0))
    adjusted = booked - adjustments
    opening = intraprenad.opening_result - intraprenad.drawn
    before = opening + adjusted
    cap = intraprenad.budget_turnover * CAP_SHARE
    return IntraprenadResult(
        intraprenad=intraprenad,
        booked=booked,
        adjustments=adjustments,
        adjusted=adjusted,
        closing_booked=opening + booked,
        before_rule=before,
        cap=cap,
        closing=min(before, cap),
    )


@dataclass(frozen=True, slots=True)
class AccumulatedSummary:
    """The nämnd's accumulated results of all intraprenader, and its deviation adjusted for
    them (the block under the table of units in the economic analysis)."""

    opening: Decimal
    drawn: Decimal
    new_deficits: Decimal
    new_surpluses: Decimal
    closing: Decimal
    deviation_excluding: Decimal
    """The nämnd's avvikelse without its intraprenader."""
    deviation_intraprenader: Decimal
    adjusted_deviation: Decimal


def accumulated_summary(
    results: tuple[IntraprenadResult, ...], total_deviation: Decimal
) -> AccumulatedSummary:
    """Sum the intraprenader's results; ``total_deviation`` is the whole nämnd's utfall − budget."""
    zero = Decimal(0)
    booked = [r.booked for r in results]
    intraprenader = sum(booked, zero)
    drawn = sum((r.intraprenad.drawn for r in results), zero)
    opening = sum((r.intraprenad.opening_result for r in results), zero)
    excluding = total_deviation - intraprenader
    return AccumulatedSummary(
        opening=opening,
        drawn=drawn,
        new_deficits=sum((b for b in booked if b < 0), zero),
        new_surpluses=sum((b for b in booked if b > 0), zero),
        closing=opening - drawn + intraprenader,
        deviation_excluding=excluding,
        deviation_intraprenader=intraprenader,
        adjusted_deviation=excluding + intraprenader,
    )
