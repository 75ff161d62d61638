"""What the ledger store reports back: an import's summary, its records, the totals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from uppsikt.model.economy import Scenario


@dataclass(frozen=True, slots=True)
class ImportGroup:
    """What an import wrote for one year and scenario."""

    year: int
    scenario: Scenario
    period_from: int
    period_to: int
    rows: int
    total: Decimal
    """Sum of the amounts (ledger sign)."""
    replaced: int
    """Rows of earlier imports deleted (same periods, or the same source imported again)."""
    periods: tuple[int, ...] = ()
    """The periods the import has rows in (0 for the whole year), ascending."""


@dataclass(frozen=True, slots=True)
class ImportSummary:
    source: str
    file: str
    kind: str
    groups: tuple[ImportGroup, ...]

    @property
    def rows(self) -> int:
        return sum(g.rows for g in self.groups)

    @property
    def total(self) -> Decimal:
        return sum((g.total for g in self.groups), Decimal(0))


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One row of the ``imports`` table."""

    source: str
    file: str
    kind: str
    imported_at: datetime.datetime
    year: int
    scenario: Scenario
    period_from: int
    period_to: int
    rows: int
    total: Decimal


@dataclass(frozen=True, slots=True)
class LedgerTotal:
    year: int
    scenario: Scenario
    rows: int
    total: Decimal
    """Sum of the amounts (ledger sign); 0 for a balanced year of vouchers."""
