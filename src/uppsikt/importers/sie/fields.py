"""Reading the fields of one SIE record, each problem reported with the record's line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from uppsikt.importers.sie import text as t
from uppsikt.importers.sie.model import Objects
from uppsikt.located.limits import limits
from uppsikt.located.sink import Sink

FIX = "Rätta raden eller exportera filen på nytt från bokföringsprogrammet."


class Bad(Exception):
    """A field that cannot be used; already reported."""


class FieldReader:
    """Typed access to a record's fields; a field that is missing or wrong is reported and
    ``Bad`` raised, so that a handler simply stops."""

    def __init__(self, sink: Sink) -> None:
        self.sink = sink

    def _error(self, code: str, message: str, lineno: int, hint: str = FIX) -> Bad:
        self.sink.error(code, message, line=lineno, hint=hint)
        return Bad()

    def _field(self, fields: list[t.Field], i: int, what: str, lineno: int) -> str:
        if i >= len(fields):
            raise self._error(t.MISSING_FIELD, f"Posten {fields[0]} saknar {what}.", lineno)
        value = fields[i]
        if isinstance(value, tuple):
            message = f"Posten {fields[0]} har en objektlista där {what} ska stå."
            raise self._error(t.BAD_FIELD, message, lineno)
        return value

    def _account_number(
        self, fields: list[t.Field], i: int, lineno: int, *, stop: bool = True
    ) -> str:
        """An account number, which may not be empty (a row on account «» would be stored
        on no account and never show as unmapped): reported, and ``Bad`` raised when
        ``stop`` (a voucher row is kept, so that its voucher's total stays right)."""
        number = self._field(fields, i, "kontonummer", lineno)
        if not number.strip():
            message = f"Posten {fields[0]} har kontonumret {t.shown(number.strip())}."
            bad = self._error(
                t.MISSING_FIELD, message, lineno, "Varje rad med belopp ska ha ett konto. " + FIX
            )
            if stop:
                raise bad
        return number

    def _optional(self, fields: list[t.Field], i: int, what: str, lineno: int) -> str:
        return self._field(fields, i, what, lineno) if i < len(fields) else ""

    def _int(self, fields: list[t.Field], i: int, what: str, lineno: int) -> int:
        text = self._field(fields, i, what, lineno)
        value = t.parse_int(text)
        if value is None:
            message = (
                f"{what.capitalize()} {t.shown(text)} i posten {fields[0]} är inte ett heltal."
            )
            raise self._error(t.NOT_A_NUMBER, message, lineno)
        return value

    def _amount(self, fields: list[t.Field], i: int, lineno: int) -> Decimal:
        text = self._field(fields, i, "belopp", lineno)
        value = t.parse_amount(text)
        if value is None:
            raise self._not_a_number(fields[0], text, lineno)
        if not limits().digits_ok(value):
            raise self._error(
                t.NOT_A_NUMBER,
                f"Beloppet {t.shown(text)} i posten {fields[0]} är för stort (högst "
                f"{limits().max_significant_digits} siffror, under 10^15 kr).",
                lineno,
            )
        return value

    def _not_a_number(self, tag: t.Field, text: str, lineno: int) -> Bad:
        return self._error(
            t.NOT_A_NUMBER,
            f"Beloppet {t.shown(text)} i posten {tag} är inte ett tal.",
            lineno,
            "Belopp skrivs med punkt som decimaltecken och utan tusentalsavgränsare, "
            "t.ex. -1250.00.",
        )

    def _date(self, fields: list[t.Field], i: int, what: str, lineno: int) -> date:
        text = self._field(fields, i, what, lineno)
        value = t.parse_date(text)
        if value is None:
            raise self._bad_date(text, fields[0], lineno)
        return value

    def _bad_date(self, text: str, tag: t.Field, lineno: int) -> Bad:
        return self._error(
            t.BAD_DATE,
            f"{t.shown(text)} i posten {tag} är inget giltigt datum.",
            lineno,
            "Datum skrivs ÅÅÅÅMMDD, t.ex. 20200131.",
        )

    def _objects(self, fields: list[t.Field], i: int, lineno: int) -> Objects:
        if i >= len(fields) or not isinstance(fields[i], tuple):
            message = f"Posten {fields[0]} saknar objektlista ({{}} om den är tom)."
            raise self._error(t.MISSING_FIELD, message, lineno)
        content = fields[i]
        assert isinstance(content, tuple)
        parsed = t.parse_objects(content)
        if isinstance(parsed, str):
            raise self._error(t.BAD_FIELD, f"Objektlistan kan inte läsas: {parsed}.", lineno)
        return parsed

    def optional_date(
        self, text: str | None, lineno: int, cache: dict[str, date], tag: str = "#TRANS"
    ) -> date | None:
        """A date field that may be absent or empty; reported when it is not a date."""
        if not text:
            return None
        value = t.parse_date(text)
        if value is None:
            self._bad_date(text, tag, lineno)
            return None
        cache[text] = value
        return value

    def optional_amount(self, text: str | None, lineno: int) -> Decimal | None:
        if not text:
            return None
        value = t.parse_amount(text)
        if value is None:
            self._error(t.NOT_A_NUMBER, f"Kvantiteten {t.shown(text)} är inte ett tal.", lineno)
        return value
