"""Dimensions of economic facts: the organisation (enhet) and others (kontogrupp, verksamhet …).

Every dimension is a tree of members of any depth. A member is identified by its code; its
position is a tuple path of codes, so hierarchy tests compare whole components, never string
prefixes.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass

ORGANISATION = "enhet"
"""The name of the organisation dimension in facts and tables."""


class UnitKind(enum.Enum):
    """What a member of the organisation is (``typ`` in organisation.yaml)."""

    NAMND = "nämnd"
    """A committee: only at the top of the organisation; the default there."""
    FORVALTNING = "förvaltning"
    """An administration working for a nämnd."""
    ENHET = "enhet"
    """A unit; the default below the top (and for members of other dimensions)."""
    FINANSFORVALTNING = "finansförvaltning"
    """What is common to the municipality: tax revenue, state grants, financial items."""

    @property
    def top_only(self) -> bool:
        return self is UnitKind.NAMND


@dataclass(frozen=True, slots=True)
class Member:
    code: str
    name: str
    children: tuple[Member, ...] = ()
    intraprenad: bool = False
    """An internal enterprise: carries its surplus or deficit between years (enhet only)."""
    kind: UnitKind = UnitKind.ENHET
    """What the member is (enhet only; members of other dimensions keep the default)."""

    def walk(self, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Member]]:
        """Yield (path, member) for this member and every descendant, depth first."""
        here = (*path, self.code)
        yield here, self
        for child in self.children:
            yield from child.walk(here)


@dataclass(frozen=True, slots=True)
class Dimension:
    name: str
    """Machine name as used in fact files and tables, e.g. 'enhet', 'kontogrupp'."""
    label: str
    """Heading shown in tables, e.g. 'Kontogrupp'."""
    roots: tuple[Member, ...]
    operating: bool = True
    """Whether the dimension is a view of the operating accounts (driftredovisning), whose
    totals must reconcile with the organisation's; False for e.g. investment objects."""

    def paths(self) -> dict[str, tuple[str, ...]]:
        """Each member code mapped to its path from the root."""
        return {member.code: path for root in self.roots for path, member in root.walk()}

    def members(self) -> dict[str, Member]:
        return {member.code: member for root in self.roots for _, member in root.walk()}

    def top_of(self, code: str) -> Member | None:
        """The root whose subtree holds ``code``; None for a code not in the dimension."""
        return next(
            (root for root in self.roots if any(m.code == code for _, m in root.walk())), None
        )

    def narrowed(self, codes: tuple[str, ...]) -> Dimension:
        """The dimension with only the roots named by ``codes``, in the dimension's order
        (itself when every root is named, so a report over the whole keeps its dimension)."""
        if all(root.code in codes for root in self.roots):
            return self
        kept = tuple(root for root in self.roots if root.code in codes)
        return Dimension(self.name, self.label, kept, self.operating)
