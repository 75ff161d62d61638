"""Goal fulfilment: an indicator against its target, a commitment from its indicators."""

from __future__ import annotations

from decimal import Decimal

import pytest

from uppsikt.compute.assessment import assess_commitment, assess_indicator
from uppsikt.model.assessment import Assessment
from uppsikt.model.indicators import Better, Direction, Indicator, Target
from uppsikt.model.settings import AssessmentSettings, CommitmentRule

YEAR = 2020
MET = Assessment.MET
PARTLY = Assessment.PARTLY_MET
NOT_MET = Assessment.NOT_MET
NM = Assessment.NOT_MEASURABLE


def indicator(better: Better, target: Target | None) -> Indicator:
    targets = ((YEAR, target),) if target is not None else ()
    return Indicator("ind", "En indikator", "procent", 0, better, targets=targets)


def d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


@pytest.mark.parametrize(
    ("better", "value", "target", "expected"),
    [
        # högre: reached at or above the target.
        (Better.HIGHER, "80", "75", MET),
        (Better.HIGHER, "75", "75", MET),
        (Better.HIGHER, "74.9", "75", NOT_MET),
        # lägre: reached at or below the target.
        (Better.LOWER, "4", "5", MET),
        (Better.LOWER, "5", "5", MET),
        (Better.LOWER, "5.1", "5", NOT_MET),
        # neutral: only exactly the target (6.20 equals 6.2).
        (Better.NEITHER, "6.20", "6.2", MET),
        (Better.NEITHER, "6.3", "6.2", NOT_MET),
        (Better.NEITHER, "6.1", "6.2", NOT_MET),
    ],
)
def test_numeric_target(better: Better, value: str, target: str, expected: Assessment) -> None:
    ind = indicator(better, Target(value=Decimal(target)))
    # The previous year's value plays no part against a number.
    assert assess_indicator(ind, Decimal(value), Decimal("1000"), YEAR) is expected
    assert assess_indicator(ind, Decimal(value), None, YEAR) is expected


@pytest.mark.parametrize(
    ("better", "direction", "value", "previous", "expected"),
    [
        # Öka: strictly higher than last year (a change for the worse never meets a direction:
        # tests/test_assessment_rule.py).
        (Better.HIGHER, Direction.INCREASE, "81", "80", MET),
        (Better.HIGHER, Direction.INCREASE, "80", "80", NOT_MET),
        (Better.HIGHER, Direction.INCREASE, "79", "80", NOT_MET),
        (Better.NEITHER, Direction.INCREASE, "81", "80", MET),
        # Minska: strictly lower.
        (Better.LOWER, Direction.DECREASE, "9", "10", MET),
        (Better.LOWER, Direction.DECREASE, "10", "10", NOT_MET),
        (Better.LOWER, Direction.DECREASE, "11", "10", NOT_MET),
        # Bibehålla: no worse than last year; equal is always met.
        (Better.HIGHER, Direction.MAINTAIN, "80", "80", MET),
        (Better.HIGHER, Direction.MAINTAIN, "81", "80", MET),
        (Better.HIGHER, Direction.MAINTAIN, "79", "80", NOT_MET),
        (Better.LOWER, Direction.MAINTAIN, "10", "10", MET),
        (Better.LOWER, Direction.MAINTAIN, "9", "10", MET),
        (Better.LOWER, Direction.MAINTAIN, "11", "10", NOT_MET),
        (Better.NEITHER, Direction.MAINTAIN, "10.0", "10", MET),
        (Better.NEITHER, Direction.MAINTAIN, "11", "10", NOT_MET),
        (Better.NEITHER, Direction.MAINTAIN, "9", "10", NOT_MET),
    ],
)
def test_direction_against_previous_year(
    better: Better, direction: Direction, value: str, previous: str, expected: Assessment
) -> None:
    ind = indicator(better, Target(direction=direction))
    assert assess_indicator(ind, Decimal(value), Decimal(previous), YEAR) is expected


@pytest.mark.parametrize(
    ("target", "value", "previous"),
    [
        (Target(value=Decimal(75)), None, "70"),  # no value this year
        (None, "80", "70"),  # no target for the year
        (Target(), "80", "70"),  # a target with neither number nor direction
        (Target(direction=Direction.INCREASE), "80", None),  # direction, no previous value
        (Target(direction=Direction.MAINTAIN), "80", None),
        (Target(direction=Direction.DECREASE), None, "70"),
    ],
)
def test_not_measurable(target: Target | None, value: str | None, previous: str | None) -> None:
    ind = indicator(Better.HIGHER, target)
    assert assess_indicator(ind, d(value), d(previous), YEAR) is NM


def test_target_of_another_year_does_not_count() -> None:
    # A target only for 2021: 2020 cannot be assessed.
    ind = Indicator(
        "ind", "En indikator", "procent", 0, Better.HIGHER, ((2021, Target(Decimal(75))),)
    )
    assert assess_indicator(ind, Decimal(80), None, YEAR) is NM
    assert assess_indicator(ind, Decimal(80), None, 2021) is MET


ALL = AssessmentSettings(allow_partly_met=False, commitment_rule=CommitmentRule.ALL)
ALL_PARTLY = AssessmentSettings(allow_partly_met=True, commitment_rule=CommitmentRule.ALL)
MAJORITY = AssessmentSettings(allow_partly_met=False, commitment_rule=CommitmentRule.MAJORITY)
MAJORITY_PARTLY = AssessmentSettings(allow_partly_met=True, commitment_rule=CommitmentRule.MAJORITY)


@pytest.mark.parametrize(
    ("assessments", "settings", "expected"),
    [
        # alla: every measurable indicator met; unmeasurable ones do not count.
        ((MET, MET), ALL, MET),
        ((MET, MET, NM), ALL, MET),
        ((MET, NOT_MET), ALL, NOT_MET),
        ((MET, NOT_MET), ALL_PARTLY, PARTLY),
        ((NOT_MET, NOT_MET), ALL_PARTLY, NOT_MET),  # partly needs at least one met
        # flertal: more than half met. 2 of 3 → met; 1 of 2 is not more than half.
        ((MET, MET, NOT_MET), MAJORITY, MET),
        ((MET, NOT_MET), MAJORITY, NOT_MET),
        ((MET, NOT_MET), MAJORITY_PARTLY, PARTLY),
        ((MET, NOT_MET, NOT_MET), MAJORITY_PARTLY, PARTLY),
        ((NOT_MET, NOT_MET, NM), MAJORITY_PARTLY, NOT_MET),
        # 1 met of 3 listed, but only 1 measurable besides: 1 of 2 → not a majority.
        ((MET, NOT_MET, NM), MAJORITY, NOT_MET),
        ((MET, NM, NM), MAJORITY, MET),
        # Nothing measurable: neither is the commitment.
        ((NM, NM), ALL_PARTLY, NM),
        ((NM,), MAJORITY, NM),
        ((), ALL, NM),
    ],
)
def test_assess_commitment(
    assessments: tuple[Assessment, ...], settings: AssessmentSettings, expected: Assessment
) -> None:
    assert assess_commitment(assessments, settings) is expected
