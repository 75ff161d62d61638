"""Swedish number formatting: no-break space groups, decimal comma, U+2212, half-up rounding."""

from __future__ import annotations

from decimal import Decimal

import pytest

from uppsikt.located.format import MINUS, NBSP, number, percent


def test_constants() -> None:
    assert NBSP == "\u00a0"
    assert MINUS == "\u2212"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        # Grouping by three with no-break spaces.
        ("0", 0, "0"),
        ("7", 0, "7"),
        ("999", 0, "999"),
        ("1000", 0, "1\u00a0000"),
        ("10326", 0, "10\u00a0326"),
        ("1234567", 0, "1\u00a0234\u00a0567"),
        # The true minus sign, and grouping of negatives.
        ("-10326.4", 0, "\u221210\u00a0326"),
        ("-123", 0, "\u2212123"),
        # Half away from zero, as published figures are rounded.
        ("2.5", 0, "3"),
        ("-2.5", 0, "\u22123"),
        ("2.4999", 0, "2"),
        ("10128.72", 0, "10\u00a0129"),
        ("10.326", 1, "10,3"),
        ("10.35", 1, "10,4"),
        ("-10.35", 1, "\u221210,4"),
        # Decimals with a decimal comma; trailing zeros kept.
        ("1234.5", 1, "1\u00a0234,5"),
        ("1234.5", 2, "1\u00a0234,50"),
        ("6", 2, "6,00"),
        ("0.05", 1, "0,1"),
        # Never '−0' after rounding.
        ("-0.4", 0, "0"),
        ("-0.04", 1, "0,0"),
        ("-0", 0, "0"),
    ],
)
def test_number(value: str, decimals: int, expected: str) -> None:
    assert number(Decimal(value), decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        ("10.326", 1, "+10,3"),
        ("10326", 0, "+10\u00a0326"),
        ("-10.326", 1, "\u221210,3"),  # negatives keep their minus, no plus
        ("0", 0, "0"),  # zero has no sign
        ("0.4", 0, "0"),  # nor has what rounds to zero
        ("-0.4", 0, "0"),
    ],
)
def test_signed_number(value: str, decimals: int, expected: str) -> None:
    assert number(Decimal(value), decimals, signed=True) == expected


def test_number_defaults_to_no_decimals() -> None:
    assert number(Decimal("1234.56")) == "1\u00a0235"


@pytest.mark.parametrize(
    ("value", "decimals", "signed", "expected"),
    [
        ("29.5", 1, False, "29,5\u00a0%"),
        ("29.46", 1, False, "29,5\u00a0%"),
        ("1.86", 1, True, "+1,9\u00a0%"),
        ("-100", 0, False, "\u2212100\u00a0%"),
        ("3.879", 2, True, "+3,88\u00a0%"),
        ("-0.04", 1, True, "0,0\u00a0%"),
        ("1250", 0, False, "1\u00a0250\u00a0%"),
    ],
)
def test_percent(value: str, decimals: int, signed: bool, expected: str) -> None:
    assert percent(Decimal(value), decimals, signed=signed) == expected


def test_percent_defaults_to_no_decimals() -> None:
    assert percent(Decimal("29.5")) == "30\u00a0%"
