"""The checks of the columnar SIE reader (``sie_fast``): voucher structure, amounts, dates,
the chart, balance and the fiscal year, each reported as the full reader (``read_sie``)
reports it, with the same code and line; computed with array operations on the rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from uppsikt.importers.sie import text as t
from uppsikt.importers.sie.checks import TRANS_OUTSIDE_HINT, trans_outside_year
from uppsikt.located.sink import Sink

if TYPE_CHECKING:
    from uppsikt.importers.sie.fast_rows import Transactions, Vouchers

MAX_PER_KIND = 100
"""Diagnostics of one kind beyond this many are summarised in one."""

# Line kinds.
BLANK, OPEN, CLOSE, VER, TRANS, OTHER, SPECIAL, STRAY = range(8)

NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
"""A number as SIE writes it."""
AMOUNT_OK = r"[-+]?(?:\d{1,16}(?:\.\d{0,2}0*)?|\.\d{1,2}0*)"
"""An amount DECIMAL(18, 2) holds exactly."""

Ints = npt.NDArray[np.int64]

FirstLines = dict[tuple[str, int | None], int]
"""The line of the first voucher with a ``#TRANS`` on an account, in all (``None``) and by
month (``YYYYMM``)."""


class Unsupported(Exception):
    """The fast path does not read this file; read it with ``read_sie`` instead."""


def structure(kinds: npt.NDArray[np.uint8]) -> None:
    """Every voucher a ``#VER``, a ``{``, its ``#TRANS`` rows and a ``}``; otherwise
    ``Unsupported``: the full reader's state machine reports a broken structure (and what
    it does to the records around it) line by line, and both readers must say the same."""
    where = np.flatnonzero(kinds != BLANK)
    k = kinds[where]
    if not len(k):
        return
    p = np.empty_like(k)
    p[0], p[1:] = CLOSE, k[:-1]
    in_block = (p == OPEN) | (p == TRANS)
    bad = (
        ((k == OPEN) & (p != VER))
        | (((k == VER) | (k == OTHER)) & (in_block | (p == VER)))
        | (((k == TRANS) | (k == CLOSE)) & ~in_block)
    )
    if bad.any() or k[-1] in (OPEN, VER, TRANS):
        raise Unsupported("a voucher block that is not well formed")


@dataclass(frozen=True, slots=True)
class Dates:
    """The distinct date texts: ``value`` YYYYMMDD, 0 for an empty text, -1 for a bad one."""

    texts: list[str]
    value: Ints
    days: list[date | None]

    @classmethod
    def of(cls, texts: list[str]) -> Dates:
        days = [t.parse_date(x) if x else None for x in texts]
        value = [
            -1 if d is None and x else (0 if d is None else d.year * 10000 + d.month * 100 + d.day)
            for x, d in zip(texts, days, strict=True)
        ]
        return cls(texts, np.array(value, np.int64), days)


class Checks:
    """What the columnar reader checks, on its ``#TRANS`` rows and ``#VER`` lines."""

    def __init__(
        self,
        sink: Sink,
        rows: Transactions,
        vouchers: Vouchers,
        voucher: Ints,
        dates: Dates,
        accounts: Sequence[str],
    ) -> None:
        self.sink = sink
        self.rows = rows
        self.vouchers = vouchers
        self.voucher = voucher
        """The index of each row's voucher."""
        self.dates = dates
        self.accounts = accounts
        self.voucher_day = dates.value[vouchers.day]
        self.row_day = dates.value[rows.day]
        self.dated = self.voucher_day[voucher] > 0
        """Rows whose voucher has a date that can be read."""

    def _report(self, code: str, rows: list[tuple[Any, ...]], message: Any, hint: str) -> None:
        """An error per row (line first), at most ``MAX_PER_KIND``, then a summary."""
        for row in rows[:MAX_PER_KIND]:
            self.sink.error(code, message(*row), line=row[0], hint=hint)
        if len(rows) > MAX_PER_KIND:
            self.sink.error(
                code,
                f"… och {len(rows) - MAX_PER_KIND} fler av samma slag ({len(rows)} i alla).",
                hint=hint,
            )

    def amounts(self) -> None:
        bad = np.flatnonzero(self.rows.bad_amount).tolist()
        rows = [(int(self.rows.line[i]), self.rows.amount_text[i]) for i in bad]
        hint = "Belopp skrivs med punkt som decimaltecken, utan tusentalsavgränsare: -1250.00."
        self._report(t.NOT_A_NUMBER, rows, lambda _n, x: f"{t.shown(x)} är inte ett belopp.", hint)

    def dates_read(self) -> None:
        """Each date that is not one, with its line (a #VER without a date too)."""
        v, texts = self.vouchers, self.dates.texts
        found: list[tuple[int, int, str, str]] = []
        for order, (lines, codes, tag, empty_too) in enumerate(
            (
                (self.rows.line, self.rows.day, "#TRANS", False),
                (v.line, v.day, "#VER", True),
                (v.line, v.regdate, "#VER", False),
            )
        ):
            values = self.dates.value[codes]
            bad = (values < 0) | ((values == 0) if empty_too else False)
            for i in np.flatnonzero(bad).tolist():
                found.append((int(lines[i]), order, texts[codes[i]], tag))
        found.sort(key=lambda f: (f[0], f[1]))
        hint = "Datum skrivs ÅÅÅÅMMDD, t.ex. 20200131."
        self._report(
            t.BAD_DATE,
            [(n, x, tag) for n, _, x, tag in found],
            lambda _n, x, tag: f"{t.shown(x)} i posten {tag} är inget giltigt datum.",
            hint,
        )

    def chart(self, chart: frozenset[str], *, import_file: bool) -> None:
        if not chart:
            return
        known = np.array([a in chart for a in self.accounts] + [True])
        outside = np.flatnonzero(~known[self.rows.account] & ~self.rows.bad_amount & self.dated)
        first: dict[str, int] = {}
        for i in outside.tolist():
            first.setdefault(self.accounts[self.rows.account[i]], int(self.rows.line[i]))
        hint = "Lägg till kontot i kontoplanen i bokföringsprogrammet och exportera på nytt."
        report = self.sink.warning if import_file else self.sink.error
        for account in sorted(first):
            report(
                t.ACCOUNT_NOT_IN_CHART,
                f"Konto {t.shown(account)} används i en transaktion men finns inte i filens "
                "kontoplan (#KONTO).",
                line=first[account],
                hint=hint,
            )

    def balance(self) -> None:
        totals = voucher_totals(self.voucher, np.where(self.rows.bad_amount, 0, self.rows.ore))
        vouchers, sums = totals
        unbalanced = (sums != 0) & (self.voucher_day[vouchers] > 0)
        v = self.vouchers

        def message(_n: int, i: int, total: int) -> str:
            day = self.dates.days[v.day[i]]
            assert day is not None
            return (
                f"Verifikation {v.label(i)} ({day:%Y-%m-%d}) balanserar inte: "
                f"summan av raderna är {kronor(total)} kr, inte 0."
            )

        rows = [
            (int(v.line[i]), int(i), int(s))
            for i, s in zip(vouchers[unbalanced].tolist(), sums[unbalanced].tolist(), strict=True)
        ]
        hint = "Rätta verifikationen i bokföringsprogrammet och exportera på nytt."
        self._report(t.UNBALANCED, rows, message, hint)

    def in_year(self, start: date, end: date) -> None:
        first, last = _yyyymmdd(start), _yyyymmdd(end)
        day = self.voucher_day
        outside = np.flatnonzero((day > 0) & ((day < first) | (day > last)))
        v = self.vouchers

        def message(_n: int, i: int) -> str:
            return (
                f"Verifikation {v.label(i)} har datum {self.dates.days[v.day[i]]:%Y-%m-%d}, "
                f"utanför räkenskapsåret {start:%Y-%m-%d}–{end:%Y-%m-%d} (#RAR 0)."
            )

        rows = [(int(v.line[i]), i) for i in outside.tolist()]
        hint = "Exportera ett räkenskapsår i taget, eller rätta verifikationens datum."
        self._report(t.DATE_OUTSIDE_YEAR, rows, message, hint)

    def trans_in_year(self, start: date, end: date) -> None:
        """A ``#TRANS`` whose own date is outside the fiscal year: an error at its voucher's
        line (its month would otherwise be booked in the fiscal year's month)."""
        first, last = _yyyymmdd(start), _yyyymmdd(end)
        day = self.row_day
        outside = np.flatnonzero(
            self.dated & ~self.rows.bad_amount & (day > 0) & ((day < first) | (day > last))
        )
        v, r = self.vouchers, self.rows

        def message(_n: int, i: int) -> str:
            row_day = self.dates.days[r.day[i]]
            assert row_day is not None
            voucher = int(self.voucher[i])
            account = self.accounts[r.account[i]]
            return trans_outside_year(v.label(voucher), account, row_day, start, end)

        rows = [(int(v.line[self.voucher[i]]), i) for i in outside.tolist()]
        self._report(t.TRANS_OUTSIDE_YEAR, rows, message, TRANS_OUTSIDE_HINT)

    def effective_day(self) -> Ints:
        """Each row's date (YYYYMMDD): its own, else its voucher's."""
        voucher_day = self.voucher_day[self.voucher]
        result: Ints = np.where(self.row_day > 0, self.row_day, voucher_day)
        return result


def voucher_totals(voucher: Ints, ore: Ints) -> tuple[Ints, Ints]:
    """The vouchers with rows and the sum of their rows' öre (rows in voucher order)."""
    if not len(voucher):
        return voucher, ore
    starts = np.flatnonzero(np.concatenate(([True], voucher[1:] != voucher[:-1])))
    return voucher[starts], np.add.reduceat(ore, starts)


def grouped(keys: Ints, ore: Ints) -> tuple[Ints, Ints, Ints]:
    """The distinct keys (ascending), the index of the first row of each and the sum of its
    öre: by a table indexed by key when the keys are few and dense, else by sorting."""
    if not len(keys):
        return keys, keys, keys
    low, high = int(keys.min()), int(keys.max())
    if high - low < 4 * len(keys) + 1024:
        dense = keys - low
        sums = np.zeros(high - low + 1, np.int64)
        np.add.at(sums, dense, ore)
        first = np.full(high - low + 1, len(keys), np.int64)
        np.minimum.at(first, dense, np.arange(len(keys)))
        used = np.flatnonzero(first < len(keys))
        return used + low, first[used], sums[used]
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1])))
    return sorted_keys[starts], order[starts], np.add.reduceat(ore[order], starts)


def kronor(ore: int) -> Decimal:
    """Öre as kronor with two decimals."""
    return Decimal(ore).scaleb(-2)


def _yyyymmdd(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day
