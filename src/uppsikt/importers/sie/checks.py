"""The checks of a whole SIE file once its records are read (``Builder.finish``): required
records, period records (without object list, of another year, outside the fiscal year),
accounts in the chart and dates in the fiscal year. Shared by both readers."""

from __future__ import annotations

from datetime import date
from itertools import chain
from operator import attrgetter
from typing import Any

from uppsikt.importers.sie import text as t
from uppsikt.importers.sie.model import Balance, FiscalYear, PeriodBalance, Voucher
from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.located.sink import Sink

_TRANSACTIONS = attrgetter("transactions")
_ACCOUNT = attrgetter("account")
_DATE = attrgetter("date")

TRANS_OUTSIDE_HINT = (
    "Rätta transaktionens datum i bokföringsprogrammet (eller lämna det tomt så gäller "
    "verifikationens datum) och exportera på nytt."
)


def trans_outside_year(label: str, account: str, day: date, start: date, end: date) -> str:
    """The message of a ``#TRANS`` dated outside fiscal year 0 (both readers)."""
    return (
        f"Verifikation {label}: transaktionen på konto {t.shown(account)} har datum "
        f"{day:%Y-%m-%d}, utanför räkenskapsåret {start:%Y-%m-%d}–{end:%Y-%m-%d} (#RAR 0)."
    )


class FileChecks:
    """The whole-file checks of ``Builder`` (a mixin: the attributes are the builder's)."""

    sink: Sink
    header: dict[str, Any]
    rar: dict[int, FiscalYear]
    accounts: dict[str, list[Any]]
    balances: list[Balance]
    periods: list[PeriodBalance]
    vouchers: list[Voucher]
    voucher_lines: list[int]
    trans_lines: dict[tuple[int, str], int]
    without_objects: list[tuple[int, str]]

    def _check_required(self) -> None:
        for tag, key in (("#FLAGGA", "flagga"), ("#SIETYP", "sietyp")):
            if key not in self.header:
                self.sink.error(
                    t.NOT_SIE,
                    f"Filen saknar posten {tag}, som varje SIE-fil ska ha.",
                    line=1,
                    hint="Kontrollera att det är en SIE-fil och att den inte är avkortad; "
                    "exportera den på nytt.",
                )
        if (self.balances or self.periods) and 0 not in self.rar:
            self.sink.error(
                t.MISSING_FIELD,
                "Filen har saldon men inget räkenskapsår 0 (#RAR 0 med start- och slutdatum).",
                line=1,
                hint="Exportera filen på nytt; saldona kan inte placeras på ett år utan #RAR 0.",
            )
        if "sietyp" in self.header and self.header["sietyp"] not in ("1", "2", "3", "4"):
            self.sink.warning(
                t.BAD_FIELD,
                f"#SIETYP är «{self.header['sietyp']}», inte 1, 2, 3 eller 4.",
                hint="Kontrollera vilken SIE-typ filen är exporterad som.",
            )

    def _check_periods(self, has_vouchers: bool) -> None:
        """Period records: without an object list (a note), of another fiscal year than 0
        (not imported: a warning), of year 0 but a month outside it (an error)."""
        if self.without_objects:
            line, tag = self.without_objects[0]
            more = len(self.without_objects) - 1
            also = f" (och {more} {'post' if more == 1 else 'poster'} till)" if more else ""
            self.sink.diagnostics.append(
                Diagnostic(
                    t.NO_OBJECT_LIST,
                    Severity.NOTE,
                    f"Posten {tag} på rad {line}{also} saknar objektlista; den läses som en rad "
                    "utan objekt ({}).",
                    Location(self.sink.file, line),
                    "Ingen åtgärd behövs. SIE 4B skriver en tom objektlista som {}.",
                )
            )
        stored = {"PBUDGET"} if has_vouchers else {"PBUDGET", "PSALDO"}
        for kind in sorted(stored):
            other = [p for p in self.periods if p.kind == kind and p.year != 0]
            if other:
                years = ", ".join(sorted({self._year_name(p.year) for p in other}))
                self.sink.warning(
                    t.OTHER_YEAR,
                    f"{len(other)} poster #{kind} hör till räkenskapsår {years}, inte år 0 "
                    "(#RAR 0), och importeras inte.",
                    line=other[0].line,
                    hint="Bara filens räkenskapsår 0 importeras. Importera det andra årets "
                    "SIE-fil för dess belopp.",
                )
        year = self.rar.get(0)
        if year is None:
            return
        first = year.start.year * 100 + year.start.month
        last = year.end.year * 100 + year.end.month
        for p in self.periods:
            if p.year == 0 and not first <= p.period <= last:
                self.sink.error(
                    t.DATE_OUTSIDE_YEAR,
                    f"Perioden «{p.period}» i posten #{p.kind} (år 0) ligger utanför "
                    f"räkenskapsåret {year.start:%Y-%m-%d}–{year.end:%Y-%m-%d} (#RAR 0).",
                    line=p.line,
                    hint="Exportera filen på nytt; en period i år 0 ska ligga i räkenskapsår 0.",
                )

    def _year_name(self, index: int) -> str:
        year = self.rar.get(index)
        if year is None:
            return f"«{index}»"
        return f"«{index}» ({year.start:%Y-%m-%d}–{year.end:%Y-%m-%d})"

    def _first_use(self, account: str) -> int | None:
        for i, (voucher, lineno) in enumerate(zip(self.vouchers, self.voucher_lines, strict=True)):
            for j, row in enumerate(voucher.transactions):
                if row.kind == "TRANS" and row.account == account:
                    return self.trans_lines.get((i, account), lineno + 2 + j)
        return None

    def _check_vouchers(self, *, import_file: bool) -> None:
        """Accounts in the chart (a warning in import files, type 4I, whose chart need not be
        complete) and voucher dates in the fiscal year."""
        chart = {n for n, e in self.accounts.items() if e[0] is not None}
        rows = list(chain.from_iterable(map(_TRANSACTIONS, self.vouchers)))
        used = set(map(_ACCOUNT, rows))
        report = self.sink.warning if import_file else self.sink.error
        for account in sorted(used - chart - {""}) if chart else ():
            report(
                t.ACCOUNT_NOT_IN_CHART,
                f"Konto {t.shown(account)} används i en transaktion men finns inte i filens "
                "kontoplan (#KONTO).",
                line=self._first_use(account),
                hint="Lägg till kontot i kontoplanen i bokföringsprogrammet och exportera på nytt.",
            )
        year = self.rar.get(0)
        if year is None:
            return
        start, end = year.start, year.end
        days = set(map(_DATE, rows)) | set(map(_DATE, self.vouchers))
        days.discard(None)
        if not days or (start <= min(days) and max(days) <= end):
            return  # every date in the year: nothing to report
        for voucher, lineno in zip(self.vouchers, self.voucher_lines, strict=True):
            for row in voucher.transactions:
                if row.kind == "TRANS" and row.date is not None and not start <= row.date <= end:
                    self.sink.error(
                        t.TRANS_OUTSIDE_YEAR,
                        trans_outside_year(voucher.label(), row.account, row.date, start, end),
                        line=lineno,
                        hint=TRANS_OUTSIDE_HINT,
                    )
            if not start <= voucher.date <= end:
                self.sink.error(
                    t.DATE_OUTSIDE_YEAR,
                    f"Verifikation {voucher.label()} har datum {voucher.date:%Y-%m-%d}, utanför "
                    f"räkenskapsåret {start:%Y-%m-%d}–{end:%Y-%m-%d} (#RAR 0).",
                    line=lineno,
                    hint="Exportera ett räkenskapsår i taget, eller rätta verifikationens datum.",
                )
