"""Swedish number formatting, shared by every renderer.

No-break space as thousands separator, decimal comma, true minus sign (U+2212), and a no-break
space before '%'. Formatting rounds half away from zero, as published figures are rounded.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from uppsikt.located.numbers import quantized

NBSP = "\u00a0"
MINUS = "\u2212"
MISSING_MARK = "–"

SWEDISH_MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
"""The months' names, lower case as Swedish writes them; January first."""


def number(value: Decimal, decimals: int = 0, *, signed: bool = False) -> str:
    """Format ``value`` the Swedish way: ``number(Decimal('-10326.4'))`` -> '−10 326'."""
    decimals = max(decimals, 0)  # the reader bounds decimaler; never a format error here
    rounded = quantized(value, Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    if rounded == 0:
        rounded = rounded.copy_abs()  # never '−0'
    sign = ""
    if rounded < 0:
        sign = MINUS
    elif signed and rounded > 0:
        sign = "+"
    digits = f"{rounded.copy_abs():.{decimals}f}"  # copy_abs: exact, whatever the context
    whole, _, fraction = digits.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = NBSP.join(groups)
    if fraction:
        text += "," + fraction
    return sign + text


def percent(value: Decimal, decimals: int = 0, *, signed: bool = False) -> str:
    """'29,5 %' for ``percent(Decimal('29.5'), 1)``."""
    return number(value, decimals, signed=signed) + NBSP + "%"


def swedish_date(d: date) -> str:
    """A date as running Swedish text: ``swedish_date(date(2021, 2, 18))`` -> '18 februari 2021'.

    The day without a leading zero, the month in words, plain spaces (a renderer that must keep
    the date on one line says so itself).
    """
    return f"{d.day} {SWEDISH_MONTHS[d.month - 1]} {d.year}"
