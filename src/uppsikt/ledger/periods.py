"""A month missing from the ledger's outcome: the figures of the year would be short of it.

Vouchers and period balances are per month (1–12). When a year's outcome has months with rows
on both sides of a month without any, that month's export was most likely left out; the
report would silently understate the year. (A year that simply stops, as in a delårsrapport,
is not a gap.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from uppsikt.ledger.model import STORE_FILE
from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.model.economy import Scenario

if TYPE_CHECKING:  # the store (DuckDB, pyarrow) is not needed to describe periods
    from uppsikt.ledger.store import LedgerStore


def missing_periods(store: LedgerStore) -> list[Diagnostic]:
    rows = store.connection.execute(
        "SELECT year, list(DISTINCT period ORDER BY period)"
        f" FROM {store.aggregate_relation()}"
        " WHERE scenario = ? AND period BETWEEN 1 AND 12 GROUP BY year ORDER BY year",
        [Scenario.OUTCOME.value],
    ).fetchall()
    found: list[Diagnostic] = []
    for year, months in rows:
        present = set(months)
        gaps = [m for m in range(min(present), max(present) + 1) if m not in present]
        if gaps:
            listed = ", ".join(f"{year}-{m:02d}" for m in gaps)
            found.append(
                Diagnostic(
                    "UPP614",
                    Severity.WARNING,
                    f"Huvudboken saknar utfall för {listed}, men har perioder både före och "
                    "efter; årets siffror blir för låga om en månad inte har importerats.",
                    Location(file=STORE_FILE, place=f"utfall {year}"),
                    "Importera den saknade månadens export med uppsikt import (en källa som "
                    "importeras för samma perioder ersätter bara det den själv förde in).",
                )
            )
    return found


def describe_periods(periods: tuple[int, ...] | list[int]) -> str:
    """Periods for a summary, runs joined: (1, 2, 3, 5) → «1–3, 5»; (0,) → «helår»."""
    parts: list[str] = []
    months = sorted(set(periods))
    if 0 in months:
        parts.append("helår")
        months.remove(0)
    start = previous = None
    for month in [*months, None]:
        if month is not None and previous is not None and month == previous + 1:
            previous = month
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}–{previous}")
        start = previous = month
    return ", ".join(parts) or "inga"
