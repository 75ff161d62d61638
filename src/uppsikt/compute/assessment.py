"""Goal fulfilment: indicators against their targets, commitments from their indicators."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from uppsikt.model.assessment import Assessment
from uppsikt.model.indicators import Better, Direction, Indicator, Target
from uppsikt.model.settings import AssessmentSettings, CommitmentRule


def assess_indicator(
    indicator: Indicator, value: Decimal | None, previous: Decimal | None, year: int
) -> Assessment:
    """The report year's total ``value`` against the year's target.

    A numeric target is met when the value reaches it in the indicator's better direction (or
    equals it when neither direction is better). A direction is judged against ``previous``,
    the value of the year before: Öka needs a higher value, Minska a lower one, and Bibehålla
    a value no worse than before; a value that changed for the worse (rose where lower is
    better, fell where higher is better) never meets a direction.
    """
    target = indicator.target(year)
    if value is None or target is None:
        return Assessment.NOT_MEASURABLE
    if target.value is not None:
        return _against_number(indicator.better, value, target.value)
    if target.direction is not None and previous is not None:
        return _against_direction(indicator.better, value, previous, target)
    return Assessment.NOT_MEASURABLE


def _against_number(better: Better, value: Decimal, target: Decimal) -> Assessment:
    met = {
        Better.HIGHER: value >= target,
        Better.LOWER: value <= target,
        Better.NEITHER: value == target,
    }[better]
    return Assessment.MET if met else Assessment.NOT_MET


def _against_direction(
    better: Better, value: Decimal, previous: Decimal, target: Target
) -> Assessment:
    if target.direction is Direction.INCREASE:
        met = value > previous
    elif target.direction is Direction.DECREASE:
        met = value < previous
    else:  # MAINTAIN: not worse than the year before
        met = {
            Better.HIGHER: value >= previous,
            Better.LOWER: value <= previous,
            Better.NEITHER: value == previous,
        }[better]
    # A change for the worse never meets a direction, even one written against the
    # indicator's better direction (UPP424 warns of such a target).
    worse = {
        Better.HIGHER: value < previous,
        Better.LOWER: value > previous,
        Better.NEITHER: False,
    }[better]
    return Assessment.MET if met and not worse else Assessment.NOT_MET


def assess_commitment(
    assessments: Sequence[Assessment], settings: AssessmentSettings
) -> Assessment:
    """A commitment's status from its indicators' assessments, by the rule in the settings.

    Indicators that cannot be assessed do not count; with none left, neither can the
    commitment. 'Delvis uppfyllt' is used only where the settings allow it.
    """
    measurable = [a for a in assessments if a is not Assessment.NOT_MEASURABLE]
    if not measurable:
        return Assessment.NOT_MEASURABLE
    met = sum(1 for a in measurable if a is Assessment.MET)
    if settings.commitment_rule is CommitmentRule.ALL:
        fulfilled = met == len(measurable)
    else:
        fulfilled = met * 2 > len(measurable)
    if fulfilled:
        return Assessment.MET
    if settings.allow_partly_met and met > 0:
        return Assessment.PARTLY_MET
    return Assessment.NOT_MET
