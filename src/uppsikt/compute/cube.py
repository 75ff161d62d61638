"""Sums of economic facts per member subtree, year and scenario: for one dimension (Cube), or
for nested dimensions (NestedCube: per enhet, and within each enhet per kontogrupp …).

Stated totals (``typ: summa``, model.economy.Fact.stated) are published figures of an
aggregate whose posts were typed already rounded. A member with a stated total has that
amount instead of the sum over its subtree, and its ancestors add it in place of the sum, so
every figure that includes the member agrees with the published one (one figure, one value).
A stated total naming no member is the whole dimension's: its single top's amount, or with
several tops the cube's ``whole`` (read by :meth:`Cube.total`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
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
    whole: dict[Key, Decimal] = field(default_factory=dict)
    """Stated totals of the whole dimension, where it has several tops."""

    def amount(self, codes: Iterable[str], year: int, scenario: Scenario) -> Decimal:
        return sum(
            (self.sums.get(code, {}).get((year, scenario), Decimal(0)) for code in codes),
            Decimal(0),
        )

    def has_data(self, codes: Iterable[str]) -> bool:
        return any(self.sums.get(code) for code in codes)

    def total(self, year: int, scenario: Scenario) -> Decimal:
        stated = self.whole.get((year, scenario))
        if stated is not None:
            return stated
        return self.amount((root.code for root in self.dimension.roots), year, scenario)


def build_cube(dimension: Dimension, facts: Iterable[Fact]) -> Cube:
    paths = dimension.paths()
    sums: dict[str, dict[Key, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    stated: list[Fact] = []
    for fact in facts:
        code = fact.member(dimension.name)
        if fact.stated:
            stated.append(fact)
            continue
        if code is None:
            continue  # the fact belongs to another view of the economy
        for ancestor in paths[code]:
            sums[ancestor][(fact.year, fact.scenario)] += fact.amount
    placed, whole = place_stated(dimension, stated)
    for code, key, amount in placed:
        delta = amount - sums[code][key]
        for ancestor in paths[code]:
            sums[ancestor][key] += delta
    return Cube(dimension, {code: dict(per_key) for code, per_key in sums.items()}, whole)


StatedPlace = tuple[str, Key, Decimal]
"""A stated total placed on a member: (member code, (year, scenario), amount)."""


def place_stated(
    dimension: Dimension, stated: Iterable[Fact]
) -> tuple[list[StatedPlace], dict[Key, Decimal]]:
    """The stated totals that are ``dimension``'s (their view carries it and they name no
    other dimension), each on its member, deepest members first so that an ancestor's own
    stated total is applied after its descendants'; and those of the whole dimension when it
    has several tops. A member's later stated total for the same key replaces an earlier one."""
    paths = dimension.paths()
    single = dimension.roots[0].code if len(dimension.roots) == 1 else None
    on_members: dict[tuple[str, Key], Decimal] = {}
    whole: dict[Key, Decimal] = {}
    for fact in stated:
        if dimension.name not in fact.view_dimensions:
            continue
        named = dict(fact.dimensions)
        if set(named) - {dimension.name}:
            continue  # a total of a cut by another dimension: not this dimension's
        code = named.get(dimension.name, single)
        key = (fact.year, fact.scenario)
        if code is None:
            whole[key] = fact.amount
        elif code in paths:
            on_members[(code, key)] = fact.amount
    ordered = sorted(on_members.items(), key=lambda item: -len(paths[item[0][0]]))
    return [(code, key, amount) for (code, key), amount in ordered], whole


def stated_whole(dimension: Dimension, facts: Iterable[Fact]) -> dict[Key, Decimal]:
    """The stated totals of the whole dimension among ``facts``: those naming no member (or
    its single top), per year and scenario."""
    placed, whole = place_stated(dimension, (f for f in facts if f.stated))
    tops = {root.code for root in dimension.roots}
    if len(tops) == 1:
        whole.update({key: amount for code, key, amount in placed if code in tops})
    return whole


def stated_members(dimension: Dimension, facts: Iterable[Fact]) -> frozenset[str]:
    """The members with a stated total among ``facts`` (any year and scenario)."""
    placed, _ = place_stated(dimension, (f for f in facts if f.stated))
    return frozenset(code for code, _, _ in placed)


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
    whole: dict[Key, Decimal] = field(default_factory=dict)
    """Stated totals of the whole first dimension, where it has several tops."""
    stated: frozenset[str] = frozenset()
    """Members of the first dimension whose amount is a stated total (for some key)."""
    posted: frozenset[str] = frozenset()
    """Members of the first dimension that have posts of their own."""

    @classmethod
    def of(cls, cube: Cube) -> NestedCube:
        nested: dict[tuple[str, ...], dict[Key, Decimal]] = {
            (code,): sums for code, sums in cube.sums.items()
        }
        return cls((cube.dimension,), nested, cube.whole)

    def amount(self, codes: tuple[tuple[str, ...], ...], year: int, scenario: Scenario) -> Decimal:
        """The sum over every combination of the codes given per level."""
        return sum(
            (self.sums.get(key, {}).get((year, scenario), Decimal(0)) for key in product(*codes)),
            Decimal(0),
        )

    def has_data(self, codes: tuple[tuple[str, ...], ...]) -> bool:
        return any(self.sums.get(key) for key in product(*codes))


def build_nested(dimensions: tuple[Dimension, ...], facts: Iterable[Fact]) -> NestedCube:
    """A fact counts for every combination of its members' ancestors, at every depth. Stated
    totals of the first dimension replace the sums of their members at the first depth (the
    rows of a table; its breakdowns keep the sums of their posts)."""
    paths = [d.paths() for d in dimensions]
    sums: dict[tuple[str, ...], dict[Key, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    stated: list[Fact] = []
    posted: set[str] = set()
    for fact in facts:
        if fact.stated:
            stated.append(fact)
            continue
        first = fact.member(dimensions[0].name)
        if first is not None:
            posted.add(first)
        ancestors: list[tuple[str, ...]] = []
        for dimension, known in zip(dimensions, paths, strict=True):
            code = fact.member(dimension.name)
            if code is None or code not in known:
                break  # the fact cannot be placed at this depth (nor deeper)
            ancestors.append(known[code])
        for depth in range(1, len(ancestors) + 1):
            for key in product(*ancestors[:depth]):
                sums[key][(fact.year, fact.scenario)] += fact.amount
    placed, whole = place_stated(dimensions[0], stated)
    for code, when, amount in placed:
        delta = amount - sums[(code,)][when]
        for ancestor in paths[0][code]:
            sums[(ancestor,)][when] += delta
    return NestedCube(
        dimensions,
        {key: dict(per_key) for key, per_key in sums.items()},
        whole,
        frozenset(code for code, _, _ in placed),
        frozenset(posted),
    )


def top_intraprenader(dimension: Dimension) -> tuple[str, ...]:
    """Codes of members flagged intraprenad that have no flagged ancestor (no double counting)."""
    found: list[str] = []
    members = dimension.members()
    for code, path in dimension.paths().items():
        if members[code].intraprenad and not any(members[a].intraprenad for a in path[:-1]):
            found.append(code)
    return tuple(found)
