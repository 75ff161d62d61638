"""Numbers as Swedish controllers write them: parsing '-10 326', '6,20', '−1 832',
'29,5 %', and rounding a Decimal to a quantum without running out of precision."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation, localcontext

from uppsikt.located.limits import limits

_SPACES = re.compile(r"[\s\u00a0\u202f]")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)?|[.,]\d+)$")


def parse_number(text: str) -> Decimal | None:
    """The Decimal written in ``text``, or None when it is not a number.

    Accepts decimal comma or point, spaces and no-break spaces between digit groups, a true
    minus sign (U+2212) and a trailing '%'. Never guesses between thousands and decimals: a
    comma or a point is always the decimal separator.
    """
    cleaned = _SPACES.sub("", text).replace("\u2212", "-").removesuffix("%")
    if not _NUMBER.match(cleaned):
        return None
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None


def number_problem(value: Decimal) -> str | None:
    """Why ``value`` is out of the bounds every number read must keep, in Swedish; or None.

    The one rule for every number a workspace holds (amounts, indicator values, targets,
    integers) and for the web editor: at most ``max_significant_digits`` significant digits
    and as many decimals, and below ``max_abs_value`` — what every renderer, and Excel, can
    show exactly, and what the computations can divide and round without overflow.
    """
    bounds = limits()
    written = _plain(value)
    if not value.is_finite() or abs(value) >= bounds.max_abs_value:
        largest = _plain(bounds.max_abs_value - 1)
        return f"Talet {written} är för stort (högst {largest} till beloppet)."
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if decimals > bounds.max_significant_digits or not bounds.digits_ok(value):
        return (
            f"Talet {written} har för många siffror "
            f"(högst {bounds.max_significant_digits} värdesiffror och lika många decimaler)."
        )
    return None


NUMBER_HINT = "Avrunda talet, eller skriv det i en större enhet (tkr eller mnkr)."


def _plain(value: Decimal) -> str:
    text = format(value, "f").replace(".", ",") if value.is_finite() else str(value)
    return text if len(text) <= 40 else f"{text[:20]}…({len(text)} tecken)"


def quantized(value: Decimal, quantum: Decimal, rounding: str = ROUND_HALF_EVEN) -> Decimal:
    """``value.quantize(quantum)`` with the precision it needs: the default context holds 28
    digits, and a large figure shown with decimals (or a share of a tiny whole) can need
    more, which would raise InvalidOperation instead of rounding."""
    exponent = quantum.as_tuple().exponent
    needed = value.adjusted() - (exponent if isinstance(exponent, int) else 0) + 3
    with localcontext() as context:
        context.prec = max(context.prec, needed)
        return value.quantize(quantum, rounding=rounding)
