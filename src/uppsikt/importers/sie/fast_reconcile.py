"""Reconciling the columnar SIE reader's rows (``sie_fast``) as ``sie_reconcile.reconcile``
reconciles the full reader's: #RES and #UB − #IB against each account's transactions, and
#PSALDO against each month's, each difference located on the same line."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from uppsikt.importers.sie.fast_checks import FirstLines, Unsupported
from uppsikt.importers.sie.model import SieFile
from uppsikt.importers.sie.reconcile import Checker, period_totals, psaldo_partitions
from uppsikt.located.diagnostics import Diagnostic


class _ColumnChecker(Checker):
    """``Checker`` with the voucher lines from the columns (the ``SieFile`` of the columnar
    reader has no vouchers), so that a difference is located as the full reader locates it."""

    def __init__(self, sie: SieFile, first_lines: FirstLines) -> None:
        super().__init__(sie)
        self.first_lines = first_lines

    def voucher_line(self, account: str, period: int | None = None) -> int | None:
        return self.first_lines.get((account, period))


def reconcile_columns(
    sie: SieFile, per_month: dict[tuple[str, int], Decimal], first_lines: FirstLines
) -> list[Diagnostic]:
    """What ``sie_reconcile.reconcile`` checks, from the transactions' sums per account and
    month (``YYYYMM`` of each row's date): #RES and #UB − #IB against each account's
    transactions, and #PSALDO against each month's (only for a fiscal year that is a
    calendar year; other files take the full reader)."""
    per_account: dict[str, Decimal] = defaultdict(Decimal)
    for (account, _), amount in per_month.items():
        per_account[account] += amount
    checker = _ColumnChecker(sie, first_lines)
    checker.compare_res(per_account, "transaktionerna")
    checker.compare_ub(per_account, "transaktionerna")
    psaldo = period_totals(sie, psaldo_partitions(sie))
    if psaldo:
        rar = sie.header.fiscal_year(0)
        if rar is None or rar.start.month != 1 or rar.start.year != rar.end.year:
            raise Unsupported("#PSALDO in a fiscal year that is not a calendar year")
        checker.compare_psaldo(psaldo, per_month)
    return checker.sink.diagnostics
