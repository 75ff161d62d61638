"""Sums of economic facts per member subtree, year and scenario: for one dimension (Cube), or
for nested dimensions (NestedCube: per enhet, and within each enhet per kontogrupp …)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import product

from uppsikt.compute.views import view_facts
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


def view_cube(dimension: Dimension, facts: Iterable[Fact]) -> Cube:
    """The cube of ``dimension`` over the one view of the economy that carries it with the
    fewest other dimensions (compute/views.py), so no krona counts twice."""
    return build_cube(dimension, view_facts(facts, (dimension.name,)))


@dataclass(frozen=True, slots=True)
class NestedCube:
    """For nested dimensions: each tuple of member codes (one per dimension, outermost first,
    as many as a row's depth) mapped to the sums over the facts in all their subtrees."""

    dimensions: tuple[Dimension, ...]
    sums: dict[tuple[str, ...], dict[Key, Decimal]]

    @classmethod
    def of(cls, cube: Cube) -> NestedCube:
        return cls((cube.dimension,), {(code,): sums for code, sums in cube.sums.items()})

    def amount(self, codes: tuple[tuple[str, ...], ...], year: int, scenario: Scenario) -> Decimal:
        """The sum over every combination of the codes given per level."""
        return sum(
            (self.sums.get(key, {}).get((year, scenario), Decimal(0)) for key in product(*codes)),
            Decimal(0),
        )

    def has_data(self, codes: tuple[tuple[str, ...], ...]) -> bool:
        return any(self.sums.get(key) for key in product(*codes))


def build_nested(dimensions: tuple[Dimension, ...], facts: Iterable[Fact]) -> NestedCube:
    """A fact counts for every combination of its members' ancestors, at every depth."""
    paths = [d.paths() for d in dimensions]
    sums: dict[tuple[str, ...], dict[Key, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for fact in facts:
        ancestors: list[tuple[str, ...]] = []
        for dimension, known in zip(dimensions, paths, strict=True):
            code = fact.member(dimension.name)
            if code is None or code not in known:
                break  # the fact cannot be placed at this depth (nor deeper)
            ancestors.append(known[code])
        for depth in range(1, len(ancestors) + 1):
            for key in product(*ancestors[:depth]):
                sums[key][(fact.year, fact.scenario)] += fact.amount
    return NestedCube(dimensions, {key: dict(per_key) for key, per_key in sums.items()})


def top_intraprenader(dimension: Dimension) -> tuple[str, ...]:
    """Codes of members flagged intraprenad that have no flagged ancestor (no double counting)."""
    found: list[str] = []
    members = dimension.members()
    for code, path in dimension.paths().items():
        if members[code].intraprenad and not any(members[a].intraprenad for a in path[:-1]):
            found.append(code)
    return tuple(found)
