"""Changes to the budget during the year: transfers between units and supplementary budgets.

The budget in the economy files is the budget as it stands; these changes explain how it came
about (ursprunglig budget = budget − the sum of the changes), each with its decision."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass
from decimal import Decimal


class ChangeKind(enum.StrEnum):
    """The kind of a budget change; the values are the words of the file."""

    TRANSFER = "omdisponering"
    """A transfer between units: the rows of one decision sum to zero."""
    SUPPLEMENTARY = "tilläggsbudget"
    """A supplementary budget decided by the council (KF)."""


@dataclass(frozen=True, slots=True)
class BudgetChange:
    """One row of ekonomi/budgetandringar.csv: one unit's share of one decision."""

    year: int
    unit: str
    """The organisation member's code (enhet)."""
    amount: Decimal
    """Kronor, signed as the budget (a larger net cost is negative)."""
    decision: str
    """The decision's reference, e.g. «KF 2025-06-12 § 84» or a diarienummer."""
    date: datetime.date
    kind: ChangeKind
    description: str = ""
    line: int | None = None
    """The line of the file it was read from (for messages)."""
    file: str = ""
    """The file as shown in messages."""
