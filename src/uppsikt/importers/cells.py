"""Interpreting one cell of an export by the field it is mapped to, never by its look.

CSV cells are text; Excel cells come from calamine as text, float (every number, whole or
not), bool, date, datetime, time or timedelta. Each function takes any of these and returns
the value, or raises CellError with a Swedish message and hint.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_EVEN, Decimal

from uppsikt.importers.tabular_config import LEDGER_SCENARIOS
from uppsikt.located.limits import limits
from uppsikt.located.numbers import parse_number
from uppsikt.model.economy import Scenario

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None
"""A cell as a reader gives it."""

_ORE = Decimal("0.01")
_MAX_DIGITS = 18
"""Whole numbers (years, months) are read only up to this many digits: int() of a longer
text is refused by Python (the integer-string limit) and no year or month is that long."""
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][0-9:.]+)?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_YEAR_MONTH = re.compile(r"(\d{4})-?(\d{2})")
_MIN_YEAR, _MAX_YEAR = 1900, 2200
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class CellError(ValueError):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def shown(cell: Cell) -> str:
    """The cell as the user sees it, for messages."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell).strip()


def code(cell: Cell) -> str:
    """An account or object code: text as written, a whole number without decimals."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        text = cell.strip()
        if _CONTROL.search(text):
            raise CellError(
                f"«{_clipped(text.encode('unicode_escape').decode('ascii'))}» innehåller "
                "styrtecken och är ingen kod.",
                "Skriv koden med bokstäver och siffror; exportera filen på nytt om den är skadad.",
            )
        return text
    if isinstance(cell, bool) or not isinstance(cell, (int, float)):
        raise CellError(f"«{_clipped(cell)}» är ingen kod.", "Skriv koden som text eller heltal.")
    if isinstance(cell, float) and not cell.is_integer():
        raise CellError(
            f"«{cell}» är ingen kod (den har decimaler).",
            "Formatera kolumnen som text i Excel så att koden står som den skrivs.",
        )
    return str(int(cell))


def amount(cell: Cell) -> Decimal:
    """Kronor: a number cell, or text with decimal comma and spaces between digit groups;
    within ``limits().digits_ok`` (at most 15 significant digits, below 10^15 kr)."""
    value = _amount(cell)
    if not limits().digits_ok(value):
        raise CellError(
            f"«{_clipped(cell)}» är för stort för ett belopp (högst "
            f"{limits().max_significant_digits} siffror).",
            "Belopp anges i kronor; kontrollera att cellen inte innehåller något annat.",
        )
    return value


def _clipped(cell: Cell, size: int = 40) -> str:
    """The cell as shown, cut to ``size`` characters for a message."""
    text = shown(cell)
    return text if len(text) <= size else text[: size - 1] + "…"


def _amount(cell: Cell) -> Decimal:
    if isinstance(cell, bool) or cell is None or isinstance(cell, (dt.date, dt.time, dt.timedelta)):
        raise _not_amount(cell)
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        value = Decimal(repr(cell)) if math.isfinite(cell) else None
        if value is None:
            raise _not_amount(cell)
        return value.quantize(_ORE, rounding=ROUND_HALF_EVEN) if _decimals(value) > 2 else value
    text = cell.strip()
    if not text:
        raise CellError("Beloppet saknas.", "Skriv ett belopp, 0 om raden inte har något.")
    parsed = None if text.endswith("%") else parse_number(text)
    if parsed is None:
        raise _not_amount(cell)
    if _decimals(parsed) > 2:
        raise CellError(
            f"«{text}» har fler än två decimaler.",
            "Belopp anges i kronor och ören. Är kommatecknet en tusenavgränsare? Skriv "
            "tusental med mellanslag och decimaler med komma, t.ex. 1 005,50.",
        )
    return parsed


def year(cell: Cell) -> int:
    value = _whole(cell)
    if value is None or not _MIN_YEAR <= value <= _MAX_YEAR:
        raise CellError(
            f"«{_clipped(cell)}» är inget årtal.", "Skriv året med fyra siffror, t.ex. 2020."
        )
    return value


def period(cell: Cell) -> tuple[int | None, int]:
    """(year or None, month): a month 1–12, 0 for the whole year, or a year and month written
    as 202003 or 2020-03."""
    value = _whole(cell)
    if value is not None and 0 <= value <= 12:
        return None, value
    text = shown(cell)
    found = _YEAR_MONTH.fullmatch(text)
    if found and _MIN_YEAR <= int(found[1]) <= _MAX_YEAR and 1 <= int(found[2]) <= 12:
        return int(found[1]), int(found[2])
    raise CellError(
        f"«{_clipped(cell)}» är ingen period.",
        "Skriv månaden 1–12 (0 för helår) eller år och månad, t.ex. 202003.",
    )


def date(cell: Cell) -> dt.date:
    """A date cell, or text YYYY-MM-DD or YYYYMMDD (also as a whole number)."""
    if isinstance(cell, dt.date):  # datetime too
        return cell if not isinstance(cell, dt.datetime) else cell.date()
    text = shown(cell) if isinstance(cell, (str, int, float)) and not isinstance(cell, bool) else ""
    found = _ISO_DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if found:
        try:
            return dt.date(int(found[1]), int(found[2]), int(found[3]))
        except ValueError:
            pass
    raise CellError(
        f"«{_clipped(cell)}» är inget datum.",
        "Skriv datum som ÅÅÅÅ-MM-DD (t.ex. 2020-03-31) eller formatera cellen som datum.",
    )


def scenario(cell: Cell, default: Scenario) -> Scenario:
    text = shown(cell).lower()
    if not text:
        return default
    found = LEDGER_SCENARIOS.get(text)
    if found is None:
        raise CellError(
            f"Okänt scenario «{_clipped(cell)}».",
            f"Använd ett av: {', '.join(LEDGER_SCENARIOS)}.",
        )
    return found


def _whole(cell: Cell) -> int | None:
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() and abs(cell) < 10.0**_MAX_DIGITS else None
    if isinstance(cell, str):
        text = cell.strip()
        digits = text.isascii() and text.isdigit() and len(text) <= _MAX_DIGITS
        return int(text) if digits else None
    return None


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _not_amount(cell: Cell) -> CellError:
    return CellError(
        f"«{_clipped(cell)}» är inget belopp.",
        "Skriv ett belopp i kronor, t.ex. -10 326 eller 1 234,50.",
    )
