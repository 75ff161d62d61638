"""Parsing numbers as Swedish controllers write them: '-10 326', '6,20', '−1 832', '29,5 %'."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

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
