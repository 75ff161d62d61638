"""Economic facts: amounts per year and scenario for any combination of dimensions.

Amounts are kept in kronor as Decimal, whatever unit the files were written in, so that
computations never mix units. Costs are negative and income positive (the sign convention of
Swedish municipal reports), so nettokostnad = intäkter + kostnader and avvikelse = utfall − budget
is positive when the result is better than budget.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal


class Scenario(enum.Enum):
    OUTCOME = "utfall"
    BUDGET = "budget"
    FORECAST = "prognos"
    CARRIED_OVER = "överfört"
    """Budget carried over from the previous year (part of budget), e.g. for investments."""


@dataclass(frozen=True, slots=True)
class Fact:
    year: int
    scenario: Scenario
    amount: Decimal
    """In kronor."""
    dimensions: tuple[tuple[str, str], ...]
    """(dimension name, member code) pairs, sorted by dimension name."""
    view: tuple[str, ...] = field(default=(), compare=False)
    """The dimensions of the source the fact was read from, sorted: a file's dimension
    columns, every dimension of a ledger (a fact may lack a member of some, e.g. an empty
    cell). Empty means the fact's own dimensions. Not part of the fact's identity."""
    stated: bool = False
    """A published total (``typ: summa`` in ekonomi/*.csv), not a post: the sum of the posts
    of its view, year and scenario within the members it names (every post of the view when it
    names none), stated as published when the posts are typed already rounded. It is never
    added to a sum; a table's row for that aggregate shows it instead of the sum of its
    parts (compute/cube.py)."""

    def member(self, dimension: str) -> str | None:
        return dict(self.dimensions).get(dimension)

    @property
    def post(self) -> bool:
        """An amount to add up (not a stated total)."""
        return not self.stated

    @property
    def view_dimensions(self) -> tuple[str, ...]:
        """The view the fact belongs to (compute/views.py)."""
        return self.view or tuple(name for name, _ in self.dimensions)
