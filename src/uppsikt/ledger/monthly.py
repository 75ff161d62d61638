"""The ledger's amounts per month and top of the organisation: one read-only DuckDB query
over the store's aggregate (``ledger_agg``, which keeps the periods).

Rows on ignored accounts are left out, as from the facts; a row counts under a top when its
ledger object (``enhet``'s source in mappning.yaml) maps to a unit under it, and is left out
otherwise (as a fact without a unit is from the organisation's totals). The result has a row
per (year, scenario, period, top), so it is bounded by the tops and the years stored; a store
with more than MAX_GROUPS of them gives nothing rather than a huge answer.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import pyarrow as pa

from uppsikt.model.dimensions import Dimension
from uppsikt.model.economy import Scenario
from uppsikt.model.monthly import MonthlyAmount, MonthlyLedger

if TYPE_CHECKING:
    from uppsikt.ledger.aggregate import MappingTables
    from uppsikt.ledger.store import LedgerStore

MAX_GROUPS = 100_000
"""The most (year, scenario, period, top) groups read: far beyond any real ledger."""
_SCENARIOS = {s.value: s for s in Scenario}


def unit_tops(organisation: Dimension, units: dict[str, str]) -> dict[str, str]:
    """Each ledger code → the code of the top its unit lies under (``units``: code → unit,
    from the mapping); codes of units not in the organisation are left out."""
    top_of = {m.code: root.code for root in organisation.roots for _, m in root.walk()}
    return {code: top_of[unit] for code, unit in units.items() if unit in top_of}


def monthly_ledger(
    store: LedgerStore, mapping: MappingTables, organisation: Dimension
) -> MonthlyLedger | None:
    """The store's amounts per (year, scenario, period, top), report sign; None when the
    mapping gives no unit (``enhet``) or the answer would exceed MAX_GROUPS."""
    if not mapping.enhet_from:
        return None
    tops = unit_tops(organisation, dict(mapping.enhet))
    codes = sorted(tops)
    top_table = pa.table(
        {"code": pa.array(codes, pa.string()), "top": pa.array([tops[c] for c in codes])}
    )
    ignored = pa.table({"account": pa.array(sorted(mapping.ignored), pa.string())})
    con = store.connection
    con.register("uppsikt_month_tops", top_table)
    con.register("uppsikt_month_ignored", ignored)
    try:
        # The object column is one of OBJECT_DIMENSIONS (checked by MappingTables).
        rows = con.execute(
            "SELECT l.year, l.scenario, l.period, t.top, -sum(l.amount)"
            f" FROM {store.aggregate_relation()} l"
            f" JOIN uppsikt_month_tops t ON l.{mapping.enhet_from} = t.code"
            " WHERE l.account NOT IN (SELECT account FROM uppsikt_month_ignored)"
            " GROUP BY ALL ORDER BY ALL LIMIT ?",
            [MAX_GROUPS + 1],
        ).fetchall()
    finally:
        con.unregister("uppsikt_month_tops")
        con.unregister("uppsikt_month_ignored")
    if len(rows) > MAX_GROUPS:
        return None
    return MonthlyLedger(
        tuple(
            MonthlyAmount(int(y), _SCENARIOS[str(s)], int(p), str(t), Decimal(a))
            for y, s, p, t, a in rows
            if str(s) in _SCENARIOS
        )
    )
