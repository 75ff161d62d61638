"""Definitions of economic tables: which dimensions give the rows, which facts count (the
filter), which rows, which columns."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from uppsikt.model.dimensions import Dimension
from uppsikt.model.economy import Scenario


class RowKind(enum.Enum):
    MEMBER = "rad"
    """One or more members of the table's dimension, each with its whole subtree."""
    VARAV = "varav"
    """'Of which': shows a part of what is above; never added to a sum."""
    SUM = "summa"
    """Sum of the member rows since the previous sum row (or of the rows named)."""
    EXCLUDING = "exkl"
    """A row minus other rows, e.g. 'Nettokostnad exkl. intraprenader'."""
    HEADING = "rubrik"


INTRAPRENADER = "intraprenader"
"""Keyword for 'every unit flagged intraprenad' in a row's members."""

ALL_MEMBERS = "alla"
"""Keyword for 'every member at the table's level' in a member row (``rad: alla``): the
children of the filter's member, or the filter's members, or the children of the dimension's
top (:func:`generated_members`)."""

MAX_DIMENSIONS = 3
"""Row dimensions a table may nest (enhet → kontogrupp → verksamhet)."""

BREAKDOWN_SEPARATOR = "/"
"""Joins the ids of a nested row: 'FS/PERS' is FS's row broken down by kontogrupp PERS."""


@dataclass(frozen=True, slots=True)
class RowDef:
    id: str
    kind: RowKind
    label: str = ""
    """Empty means the member's name (member and varav rows)."""
    members: tuple[str, ...] = ()
    """Member codes (MEMBER, VARAV), or (INTRAPRENADER,)."""
    operands: tuple[str, ...] = ()
    """Row ids: SUM (empty = since previous sum), EXCLUDING (first minus the rest)."""
    keep_empty: bool = False
    """Show the row even when it has no amounts."""
    indent: bool = False
    """A member row shown indented under the row above (``indrag: true``) but counted in the
    sums like any member row, unlike a varav row."""
    line: int | None = None


class ColumnKind(enum.Enum):
    AMOUNT = "belopp"
    """Sum of facts of a year and scenario."""
    DIFFERENCE = "skillnad"
    """First column minus second, e.g. avvikelse = utfall − budget."""
    CHANGE = "förändring"
    """New minus old, e.g. förändring tkr."""
    CHANGE_PERCENT = "förändring-procent"
    """(new − old) / old on the signed figures; no value where old is 0."""
    SHARE = "andel"
    """First column as a percentage of the absolute value of the second."""


@dataclass(frozen=True, slots=True)
class ColumnDef:
    id: str
    kind: ColumnKind
    label: str = ""
    """Empty means a label generated from the definition."""
    scenario: Scenario | None = None
    year_offset: int = 0
    """Year relative to the report year (AMOUNT)."""
    operands: tuple[str, ...] = ()
    """Column ids (all kinds but AMOUNT)."""
    decimals: int | None = None
    """Decimals shown; None means the default of the kind (1 for shares, 0 otherwise)."""

    @property
    def shown_decimals(self) -> int:
        if self.decimals is not None:
            return self.decimals
        return 1 if self.kind is ColumnKind.SHARE else 0


@dataclass(frozen=True, slots=True)
class TableFilter:
    """Only facts whose member of ``dimension`` lies in the subtree of one of ``members``."""

    dimension: str
    members: tuple[str, ...]
    line: int | None = None


@dataclass(frozen=True, slots=True)
class TableDef:
    id: str
    caption: str
    dimension: str
    """The dimension of the rows (the first of ``dimensioner``)."""
    rows: tuple[RowDef, ...]
    columns: tuple[ColumnDef, ...]
    section: str = "ekonomi"
    """The section the table appears in."""
    subsection: str = ""
    """Heading of the subsection the table appears under (tables sharing it are grouped)."""
    row_header: str = ""
    """Heading of the label column; empty means the dimension's label."""
    comment: str = ""
    """Markdown shown under the table."""
    chart: str = ""
    """'avvikelse' (diverging bars of the deviation per row), 'jämförelse' (grouped bars of
    the amount columns per row) or '' (no chart)."""
    breakdown: tuple[str, ...] = ()
    """Further dimensions (``dimensioner: [enhet, kontogrupp]``): each member row is followed
    by its breakdown by the next dimension, as rows that are not added to any sum."""
    filters: tuple[TableFilter, ...] = ()
    file: str = ""
    line: int | None = None

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The row dimension and the dimensions of its breakdown, outermost first."""
        return (self.dimension, *self.breakdown)

    @property
    def needs(self) -> frozenset[str]:
        """Every dimension a fact must carry for the table to place it."""
        return frozenset((*self.dimensions, *(f.dimension for f in self.filters)))

    def filter_of(self, dimension: str) -> tuple[str, ...]:
        """The members the filter keeps in ``dimension``; empty when it keeps all."""
        return next((f.members for f in self.filters if f.dimension == dimension), ())


def generated_members(dimension: Dimension, kept: tuple[str, ...]) -> tuple[str, ...]:
    """The members ``rad: alla`` (and a breakdown) lists: with one member kept by the filter,
    its children (itself when it has none); with several, those; without a filter, the
    children of the dimension's single top, or its tops when it has several."""
    members = dimension.members()
    if len(kept) == 1 and kept[0] in members:
        return tuple(c.code for c in members[kept[0]].children) or kept
    if kept:
        return kept
    if len(dimension.roots) == 1 and dimension.roots[0].children:
        return tuple(c.code for c in dimension.roots[0].children)
    return tuple(r.code for r in dimension.roots)


def expanded_rows(table: TableDef, dimension: Dimension) -> tuple[RowDef, ...]:
    """The table's rows with each ``rad: alla`` replaced by a row per generated member."""
    rows: list[RowDef] = []
    for row in table.rows:
        if row.kind is RowKind.MEMBER and row.members == (ALL_MEMBERS,):
            codes = generated_members(dimension, table.filter_of(dimension.name))
            rows.extend(
                RowDef(code, RowKind.MEMBER, members=(code,), indent=row.indent, line=row.line)
                for code in codes
            )
        else:
            rows.append(row)
    return tuple(rows)
