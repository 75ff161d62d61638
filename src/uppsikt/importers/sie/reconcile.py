"""Do an SIE file's totals agree? ``#RES``, ``#IB``/``#UB`` and ``#PSALDO`` of fiscal year 0
against the transactions, and the period balances against the year's balances, wherever a
file has both. A difference of more than half an öre is an error."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from itertools import chain
from operator import attrgetter
from typing import TypeVar

from uppsikt.importers.sie.model import SieFile
from uppsikt.importers.sie.text import shown
from uppsikt.located.diagnostics import Diagnostic
from uppsikt.located.sink import Sink

RES_DIFFERS = "UPP666"
UB_DIFFERS = "UPP667"
PSALDO_DIFFERS = "UPP668"

TOLERANCE = Decimal("0.005")
_HINT = (
    "Filens saldon stämmer inte med dess verifikationer. Exportera filen på nytt med alla "
    "verifikationer för räkenskapsåret, eller kontakta leverantören av bokföringsprogrammet."
)
_PERIOD_HINT = (
    "Filens saldon går inte ihop med varandra. Exportera filen på nytt, eller kontakta "
    "leverantören av bokföringsprogrammet."
)

Totals = dict[str, Decimal]
_ACCOUNT = attrgetter("account")
_TRANSACTIONS = attrgetter("transactions")
_K = TypeVar("_K")


def reconcile(sie: SieFile) -> list[Diagnostic]:
    """Every disagreement between the file's totals for fiscal year 0, as errors."""
    checker = Checker(sie)
    psaldo = period_totals(sie, psaldo_partitions(sie))
    if sie.vouchers:
        per_account, per_month = _transaction_totals(sie)
        checker.compare_res(per_account, "transaktionerna")
        checker.compare_ub(per_account, "transaktionerna")
        checker.compare_psaldo(psaldo, per_month)
    elif psaldo:
        year_totals: Totals = defaultdict(Decimal)
        for (account, _), amount in psaldo.items():
            year_totals[account] += amount
        checker.compare_res(year_totals, "periodsaldona (#PSALDO)")
        checker.compare_ub(year_totals, "periodsaldona (#PSALDO)")
        checker.check_periods_balance(psaldo)
    return checker.sink.diagnostics


class Checker:
    def __init__(self, sie: SieFile) -> None:
        self.sie = sie
        self.sink = Sink(sie.file)
        self.res = _balances(sie, "RES")
        self.ib, self.ub = _balances(sie, "IB"), _balances(sie, "UB")
        self.lines = {(b.kind, b.account): b.line for b in sie.balances if b.year == 0}
        self.period_lines: dict[tuple[str, int], int] = {}
        for p in sie.periods:
            if p.kind == "PSALDO" and p.year == 0:
                self.period_lines.setdefault((p.account, p.period), p.line)
        self.result_accounts = _result_accounts(sie)

    def voucher_line(self, account: str, period: int | None = None) -> int | None:
        """The line of the first voucher with a ``#TRANS`` on the account (in the period)."""
        for voucher, line in zip(self.sie.vouchers, self.sie.voucher_lines, strict=False):
            for row in voucher.transactions:
                day = row.date or voucher.date
                if row.account == account and (
                    period is None or day.year * 100 + day.month == period
                ):
                    return line
        return None

    def compare_res(self, actual: Totals, source: str) -> None:
        """``#RES`` of each result account against the sum of ``source``."""
        if not self.res:
            return
        accounts = {a: v for a, v in actual.items() if a in self.result_accounts}
        for account, diff in sorted(_differences(self.res, accounts).items()):
            self.sink.error(
                RES_DIFFERS,
                f"#RES för konto {shown(account)} är {_kr(self.res.get(account))} men {source} "
                f"summerar till {_kr(accounts.get(account))} (skillnad {_kr(diff)}).",
                line=self.lines.get(("RES", account)) or self.voucher_line(account),
                hint=_HINT,
            )

    def compare_ub(self, actual: Totals, source: str) -> None:
        """``#UB`` − ``#IB`` of each balance account against the sum of ``source``."""
        if not self.ib and not self.ub:
            return
        zero = Decimal(0)
        change = {a: self.ub.get(a, zero) - self.ib.get(a, zero) for a in {*self.ib, *self.ub}}
        accounts = {a: v for a, v in actual.items() if a not in self.result_accounts}
        for account, diff in sorted(_differences(change, accounts).items()):
            self.sink.error(
                UB_DIFFERS,
                f"#UB för konto {shown(account)} är {_kr(self.ub.get(account))} och #IB "
                f"{_kr(self.ib.get(account))}, men {source} summerar till "
                f"{_kr(accounts.get(account))}, inte till skillnaden {_kr(change.get(account))} "
                f"(avvikelse {_kr(diff)}).",
                line=self.lines.get(("UB", account))
                or self.lines.get(("IB", account))
                or self.voucher_line(account),
                hint=_HINT,
            )

    def check_periods_balance(self, psaldo: dict[tuple[str, int], Decimal]) -> None:
        """Without vouchers, the period balances of all accounts must add up to 0 in each
        period (debit = credit), when they cover the balance accounts too."""
        if all(account in self.result_accounts for account, _ in psaldo):
            return
        per_period: dict[int, Decimal] = defaultdict(Decimal)
        for (_, period), amount in psaldo.items():
            per_period[period] += amount
        for period, total in sorted(per_period.items()):
            if abs(total) > TOLERANCE:
                self.sink.error(
                    PSALDO_DIFFERS,
                    f"Periodsaldona (#PSALDO) för period {period} summerar till {_kr(total)} "
                    "över alla konton, inte till 0: debet och kredit stämmer inte.",
                    line=min(line for (_, p), line in self.period_lines.items() if p == period),
                    hint=_PERIOD_HINT,
                )

    def compare_psaldo(
        self, psaldo: dict[tuple[str, int], Decimal], per_month: dict[tuple[str, int], Decimal]
    ) -> None:
        """``#PSALDO`` per account and month against the transactions of that month."""
        if not psaldo:
            return
        accounts = {account for account, _ in psaldo}  # accounts without any #PSALDO: no data
        months = {key: amount for key, amount in per_month.items() if key[0] in accounts}
        for (account, period), diff in sorted(_differences(psaldo, months).items()):
            key = (account, period)
            self.sink.error(
                PSALDO_DIFFERS,
                f"#PSALDO för konto {shown(account)} period {period} är {_kr(psaldo.get(key))} men "
                f"transaktionerna i perioden summerar till {_kr(per_month.get(key))} "
                f"(skillnad {_kr(diff)}).",
                line=self.period_lines.get(key) or self.voucher_line(account, period),
                hint=_HINT,
            )


def psaldo_partitions(sie: SieFile) -> bool:
    """Whether the file's ``#PSALDO`` rows partition each account by exact object list.

    By the specification the row without objects is the account's total and a row with
    objects the part of it on those objects (some exporters write one breakdown per
    dimension). Other exporters write one row per object list as it occurs in the
    transactions, the row without objects being the rest. Which one a file follows shows
    when the rows are added up and compared with the year's ``#RES`` and ``#UB`` − ``#IB``.
    """
    if not any(p.objects for p in sie.periods if p.year == 0 and p.kind == "PSALDO"):
        return False
    expected: Totals = dict(_balances(sie, "RES"))
    ib, ub = _balances(sie, "IB"), _balances(sie, "UB")
    for account in set(ib) | set(ub):
        expected[account] = ub.get(account, Decimal(0)) - ib.get(account, Decimal(0))
    scores = []
    for partitions in (False, True):
        totals: Totals = defaultdict(Decimal)
        for (account, _), amount in period_totals(sie, partitions).items():
            totals[account] += amount
        scores.append(sum(1 for a, e in expected.items() if abs(totals[a] - e) <= TOLERANCE))
    return scores[1] > scores[0]


def _balances(sie: SieFile, kind: str) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for b in sie.balances:
        if b.kind == kind and b.year == 0:
            totals[b.account] = totals.get(b.account, Decimal(0)) + b.amount
    return totals


def _lines(sie: SieFile, kind: str) -> dict[str, int]:
    return {b.account: b.line for b in sie.balances if b.kind == kind and b.year == 0}


def _result_accounts(sie: SieFile) -> frozenset[str]:
    """Accounts of the result (kostnad, intäkt): by ``#KTYP`` where given, else by a first
    digit of 3 to 8 as in BAS and Kommun-Bas; and every account with a ``#RES``."""
    types = {a.number: a.type for a in sie.accounts if a.type}
    accounts = {b.account for b in sie.balances if b.kind == "RES"}
    numbers = {a.number for a in sie.accounts} | {p.account for p in sie.periods}
    numbers |= set(map(_ACCOUNT, chain.from_iterable(map(_TRANSACTIONS, sie.vouchers))))
    for number in numbers:
        kind = types.get(number)
        if kind in ("K", "I") or (kind is None and number[:1] in "345678" and number[:1]):
            accounts.add(number)
    return frozenset(accounts)


def _transaction_totals(sie: SieFile) -> tuple[Totals, dict[tuple[str, int], Decimal]]:
    per_account: Totals = defaultdict(Decimal)
    per_month: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    months: dict[date, int] = {}  # a date's period ÅÅÅÅMM (few distinct dates)
    for voucher in sie.vouchers:
        for row in voucher.transactions:
            if row.kind == "TRANS":
                day = row.date or voucher.date
                month = months.get(day)
                if month is None:
                    month = months[day] = day.year * 100 + day.month
                account, amount = row.account, row.amount
                per_account[account] += amount
                per_month[(account, month)] += amount
    return per_account, per_month


def period_totals(sie: SieFile, partitions: bool) -> dict[tuple[str, int], Decimal]:
    """``#PSALDO`` of year 0 per account and period: the row without objects (by the
    specification), or every row (when the rows partition the account)."""
    totals: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for p in sie.periods:
        if p.kind == "PSALDO" and p.year == 0 and (partitions or not p.objects):
            totals[(p.account, p.period)] += p.amount
    return totals


def _differences(left: Mapping[_K, Decimal], right: Mapping[_K, Decimal]) -> dict[_K, Decimal]:
    """Keys whose amounts differ by more than the tolerance (a missing amount is 0)."""
    zero = Decimal(0)
    out: dict[_K, Decimal] = {}
    for key in set(left) | set(right):
        diff = left.get(key, zero) - right.get(key, zero)
        if abs(diff) > TOLERANCE:
            out[key] = diff
    return out


def _kr(amount: Decimal | None) -> str:
    return f"{amount if amount is not None else Decimal(0):.2f} kr"
