"""Definitions of economic tables: which dimension gives the rows, which rows, which columns."""

from __future__ import annotations

import enum
from dataclasses import dataclass

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
class TableDef:
    id: str
    caption: str
    dimension: str
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
    file: str = ""
    line: int | None = None
