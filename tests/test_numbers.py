"""Numbers as Swedish controllers write them in CSV and YAML files."""

from __future__ import annotations

from decimal import Decimal

import pytest

from uppsikt.located.numbers import parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-10 326", "-10326"),  # hyphen-minus and a space between digit groups
        ("\u22121 832", "-1832"),  # true minus sign U+2212
        ("6,20", "6.20"),  # decimal comma
        ("6.20", "6.20"),  # decimal point
        ("1\u00a0234,5", "1234.5"),  # no-break space U+00A0
        ("1\u202f234,5", "1234.5"),  # narrow no-break space U+202F
        ("29,5 %", "29.5"),  # a trailing per cent sign
        ("29,5%", "29.5"),
        ("+3,4", "3.4"),  # an explicit plus
        (",5", "0.5"),  # no digit before the comma
        ("  42  ", "42"),  # surrounding spaces
        ("0", "0"),
    ],
)
def test_parses(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)


def test_keeps_the_decimals_written() -> None:
    # 6,20 is kept as 6.20, not 6.2 (the written precision survives).
    assert str(parse_number("6,20")) == "6.20"


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "abc",
        "1,2,3",  # two decimal separators
        "1.234,5",  # a point as thousands separator is never guessed
        "1,234.5",
        "12 tkr",  # a unit
        "ca 80",  # an estimate, written in its own column
        "%",
        "-",
        "\u2212",
        "1,",  # a separator with no digits after
        "--5",
    ],
)
def test_rejects(text: str) -> None:
    assert parse_number(text) is None
