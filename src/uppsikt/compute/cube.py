"""Sums of economic facts per member subtree, year and scenario, for one dimension."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from uppsikt.model.dimensions import Dimension
from uppsikt.model.economy import Fact, Scenario

Key = tuple[int, Scenario]


@dataclass(frozen=True, slots=True)
class Cube:
    """For one dimension: each member code mapped to the sums over its whole subtree.

    A fact booked on a member counts for that member and every ancestor, so a member's amount
    is always the sum over its subtree, at any depth.
    """

    dimension: Dimension
    sums: dict[str, dict[Key, Decimal]]

    def amount(self, codes: Iterable[str], year: int, scenario: Scenario) -> Decimal:
        return sum(
            (self.sums.get(code, {}).get((year, scenario), Decimal(0)) for code in codes),
            Decimal(0),
        )

    def has_data(self, codes: Iterable[str]) -> bool:
        return any(self.sums.get(code) for code in codes)

    def total(self, year: int, scenario: Scenario) -> Decimal:
        return self.amount((root.code for root in self.dimension.roots), year, scenario)


def build_cube(dimension: Dimension, facts: Iterable[Fact]) -> Cube:
    paths = dimension.paths()
    sums: dict[str, dict[Key, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for fact in facts:
        code = fact.member(dimension.name)
        if code is None:
            continue  # the fact belongs to another view of the economy
        for ancestor in paths[code]:
            sums[ancestor][(fact.year, fact.scenario)] += fact.amount
    return Cube(dimension, {code: dict(per_key) for code, per_key in sums.items()})


def top_intraprenader(dimension: Dimension) -> tuple[str, ...]:
    """Codes of members flagged intraprenad that have no flagged ancestor (no double counting)."""
    found: list[str] = []
    members = dimension.members()
    for code, path in dimension.paths().items():
        if members[code].intraprenad and not any(members[a].intraprenad for a in path[:-1]):
            found.append(code)
    return tuple(found)
