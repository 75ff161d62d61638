"""The checks of the columnar SIE reader (``sie_fast``): voucher structure, amounts, dates,
the chart, balance and the fiscal year, each reported as the full reader (``read_sie``) reports
it, with the same code and line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa

from uppsikt.importers.sie import text as t
from uppsikt.importers.sie.checks import TRANS_OUTSIDE_HINT, trans_outside_year
from uppsikt.located.sink import Sink

MAX_PER_KIND = 100
"""Diagnostics of one kind beyond this many are summarised in one."""

# Line kinds.
BLANK, OPEN, CLOSE, VER, TRANS, OTHER, SPECIAL, STRAY = range(8)

NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
"""A number as SIE writes it."""
AMOUNT_OK = r"[-+]?(?:\d{1,16}(?:\.\d{0,2}0*)?|\.\d{1,2}0*)"
"""An amount DECIMAL(18, 2) holds exactly."""
_LARGE = 10**13
"""Amounts from here on may have more significant digits than ``limits()`` allows (13 whole
digits and 2 decimals are 15): the full reader judges them."""


FirstLines = dict[tuple[str, int | None], int]
"""The line of the first voucher with a ``#TRANS`` on an account, in all (``None``) and by
month (``YYYYMM``)."""


class Unsupported(Exception):
    """The fast path does not read this file; read it with ``read_sie`` instead."""


class Checks:
    """What the columnar reader checks, on the tables ``lines``, ``r`` (the ``#TRANS`` rows)
    and ``h`` (the ``#VER`` lines) of its connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection, sink: Sink, encoding: str) -> None:
        self.con = con
        self.sink = sink
        self.encoding = encoding
        self.latin = encoding not in ("ascii", "utf-8")
        """The lines were read as ISO 8859-1: characters 128–255 to be put right."""

    def label(self, series: str, number: str) -> str:
        """A voucher as ``Voucher.label`` names it."""
        return self.fix(f"{series} {number}".strip()) or "(utan serie och nummer)"

    def fix(self, text: str) -> str:
        """Text from the lines in the file's own encoding."""
        if self.latin and not text.isascii():
            return text.encode("latin-1").decode(self.encoding, errors="replace")
        return text

    def sql(self, query: str) -> list[tuple[Any, ...]]:
        return self.con.execute(query).fetchall()

    def _report(self, code: str, rows: list[tuple[Any, ...]], message: Any, hint: str) -> None:
        """An error per row (line first), at most ``MAX_PER_KIND``, then a summary."""
        for row in rows[:MAX_PER_KIND]:
            self.sink.error(code, message(*row), line=row[0], hint=hint)

    def _summary(self, code: str, total: int, hint: str) -> None:
        if total > MAX_PER_KIND:
            self.sink.error(
                code,
                f"… och {total - MAX_PER_KIND} fler av samma slag ({total} i alla).",
                hint=hint,
            )

    def _structure(self, kinds: npt.NDArray[np.uint8]) -> None:
        """Every voucher a ``#VER``, a ``{``, its ``#TRANS`` rows and a ``}``; otherwise
        ``Unsupported``: the full reader's state machine reports a broken structure (and what
        it does to the records around it) line by line, and both readers must say the same."""
        where = np.flatnonzero(kinds != BLANK)
        k = kinds[where]
        if not len(k):
            return
        p = np.empty_like(k)
        p[0], p[1:] = CLOSE, k[:-1]
        in_block = np.isin(p, (OPEN, TRANS))
        bad = (
            ((k == OPEN) & (p != VER))
            | (np.isin(k, (VER, OTHER)) & (in_block | (p == VER)))
            | (np.isin(k, (TRANS, CLOSE)) & ~in_block)
        )
        if bad.any() or k[-1] in (OPEN, VER, TRANS):
            raise Unsupported("a voucher block that is not well formed")

    def _amounts(self) -> None:
        rows = self.sql(
            f"SELECT n, amount_text, regexp_full_match(amount_text, '{NUM}') AS number "
            f"FROM r WHERE NOT regexp_full_match(amount_text, '{AMOUNT_OK}') ORDER BY n"
        )
        if any(number for _, _, number in rows):
            raise Unsupported("an amount with more than two decimals or too large")
        if self.sql(f"SELECT count(*) FROM r WHERE abs(amount) >= {_LARGE}")[0][0]:
            raise Unsupported("an amount that may pass max_significant_digits")
        hint = "Belopp skrivs med punkt som decimaltecken, utan tusentalsavgränsare: -1250.00."
        self._report(
            t.NOT_A_NUMBER,
            rows,
            lambda _n, text, _x: f"{t.shown(self.fix(text))} är inte ett belopp.",
            hint,
        )
        self._summary(t.NOT_A_NUMBER, len(rows), hint)

    def _dates(self) -> pa.Table:
        """The distinct date texts with their dates (null when empty); bad ones reported."""
        texts = [
            d
            for (d,) in self.sql(
                "SELECT day FROM r UNION SELECT day FROM h UNION SELECT regdate FROM h"
            )
        ]
        good: dict[str, date | None] = {"": None}
        for text in texts:
            if text:
                parsed = t.parse_date(text)
                if parsed is not None:
                    good[text] = parsed
        bad = [d for d in texts if d not in good]
        table = pa.table({"text": list(good), "day": pa.array(list(good.values()), pa.date32())})
        self.con.register("bad_dates", pa.table({"text": pa.array(bad, pa.string())}))
        rows = self.sql(
            "SELECT n, day, '#TRANS' FROM r WHERE day IN (SELECT text FROM bad_dates) "
            "UNION ALL SELECT n, day, '#VER' FROM h "
            "WHERE day IN (SELECT text FROM bad_dates) OR day = '' "
            "UNION ALL SELECT n, regdate, '#VER' FROM h "
            "WHERE regdate IN (SELECT text FROM bad_dates) ORDER BY n"
        )
        hint = "Datum skrivs ÅÅÅÅMMDD, t.ex. 20200131."
        self._report(
            t.BAD_DATE,
            rows,
            lambda _n, text, tag: (
                f"{t.shown(self.fix(text))} i posten {tag} är inget giltigt datum."
            ),
            hint,
        )
        self._summary(t.BAD_DATE, len(rows), hint)
        self.con.register("dates", table)
        return table

    def _chart(self, chart: frozenset[str], *, import_file: bool) -> None:
        if not chart:
            return
        self.con.register("chart", pa.table({"account": pa.array(sorted(chart), pa.string())}))
        rows = self.sql(
            f"SELECT min(n), account FROM r WHERE account NOT IN (SELECT account FROM chart) "
            f"AND account <> '' AND amount IS NOT NULL AND v IN ({_DATED}) "
            "GROUP BY account ORDER BY account"
        )
        hint = "Lägg till kontot i kontoplanen i bokföringsprogrammet och exportera på nytt."
        report = self.sink.warning if import_file else self.sink.error
        for n, account in rows:
            report(
                t.ACCOUNT_NOT_IN_CHART,
                f"Konto {t.shown(account)} används i en transaktion men finns inte i "
                "filens "
                "kontoplan (#KONTO).",
                line=n,
                hint=hint,
            )

    def _balance(self) -> None:
        rows = self.sql(
            "SELECT h.n, h.series, h.number, d.day, r.total FROM "
            "(SELECT v, sum(amount) AS total FROM r GROUP BY v HAVING sum(amount) <> 0) r "
            "JOIN h USING (v) JOIN dates d ON d.text = h.day WHERE d.day IS NOT NULL ORDER BY h.n"
        )
        hint = "Rätta verifikationen i bokföringsprogrammet och exportera på nytt."

        def message(_n: int, series: str, number: str, day: date, total: Decimal) -> str:
            return (
                f"Verifikation {self.label(series, number)} ({day:%Y-%m-%d}) balanserar inte: "
                f"summan av raderna är {total} kr, inte 0."
            )

        self._report(t.UNBALANCED, rows, message, hint)
        self._summary(t.UNBALANCED, len(rows), hint)

    def _in_year(self, start: date, end: date) -> None:
        rows = self.sql(
            "SELECT h.n, h.series, h.number, d.day FROM h JOIN dates d ON d.text = h.day "
            "WHERE d.day NOT BETWEEN $start AND $end ORDER BY h.n".replace(
                "$start", f"DATE '{start}'"
            ).replace("$end", f"DATE '{end}'")
        )
        hint = "Exportera ett räkenskapsår i taget, eller rätta verifikationens datum."

        def message(_n: int, series: str, number: str, day: date) -> str:
            return (
                f"Verifikation {self.label(series, number)} har datum {day:%Y-%m-%d}, utanför "
                f"räkenskapsåret {start:%Y-%m-%d}–{end:%Y-%m-%d} (#RAR 0)."
            )

        self._report(t.DATE_OUTSIDE_YEAR, rows, message, hint)
        self._summary(t.DATE_OUTSIDE_YEAR, len(rows), hint)

    def _first_lines(self) -> FirstLines:
        """The line of the first voucher with a ``#TRANS`` on each account, in all and per
        month (where the full reader locates a difference without its own line)."""
        rows = self.sql(
            "SELECT r.account, year(coalesce(td.day, vd.day)) * 100 + month(coalesce(td.day, "
            "vd.day)) AS month, min(h.n) FROM r JOIN h USING (v) JOIN dates vd ON vd.text = h.day "
            "LEFT JOIN dates td ON td.text = r.day GROUP BY ALL"
        )
        lines: FirstLines = {}
        for account, month, n in rows:
            key = (account, None)
            lines[key] = min(lines.get(key, n), n)
            lines[(account, int(month))] = n
        return lines

    def _trans_in_year(self, start: date, end: date) -> None:
        """A ``#TRANS`` whose own date is outside the fiscal year: an error at its voucher's
        line (its month would otherwise be booked in the fiscal year's month)."""
        rows = self.sql(
            "SELECT h.n, h.series, h.number, r.account, td.day FROM r JOIN h USING (v) "
            "JOIN dates vd ON vd.text = h.day JOIN dates td ON td.text = r.day "
            "WHERE vd.day IS NOT NULL AND r.amount IS NOT NULL AND td.day NOT BETWEEN "
            f"DATE '{start}' AND DATE '{end}' ORDER BY r.n"
        )

        def message(_n: int, series: str, number: str, account: str, day: date) -> str:
            label = self.label(series, number)
            return trans_outside_year(label, account, day, start, end)

        self._report(t.TRANS_OUTSIDE_YEAR, rows, message, TRANS_OUTSIDE_HINT)
        self._summary(t.TRANS_OUTSIDE_YEAR, len(rows), TRANS_OUTSIDE_HINT)


_DATED = "SELECT h.v FROM h JOIN dates d ON d.text = h.day WHERE d.day IS NOT NULL"
"""The vouchers whose date can be read (the full reader drops the others, and reports only
their date)."""
