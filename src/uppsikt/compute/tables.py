"""Economic tables computed from facts: rows of members (nested by further dimensions), sums,
varav and exkl. rows, and the derived columns (avvikelse, förändring tkr and %, shares)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from uppsikt.compute.cube import Cube, NestedCube, build_nested, top_intraprenader
from uppsikt.compute.views import read_views, views, within
from uppsikt.located.numbers import quantized
from uppsikt.model.dimensions import Dimension, Member
from uppsikt.model.economy import Fact, Scenario
from uppsikt.model.settings import ReportType
from uppsikt.model.tables import (
    BREAKDOWN_SEPARATOR,
    INTRAPRENADER,
    ColumnDef,
    ColumnKind,
    RowDef,
    RowKind,
    TableDef,
    expanded_rows,
    generated_members,
)

HUNDRED = Decimal(100)
PERCENT_QUANTUM = Decimal("0.000001")
"""Percentages are kept to six decimals: far below anything shown, and finite in open data."""


@dataclass(frozen=True, slots=True)
class ComputedRow:
    definition: RowDef
    label: str
    values: tuple[Decimal | None, ...]
    """One per column: kronor for amounts and differences, percent for percentage columns."""
    level: int = 0
    """Indentation: 1 for an ``indrag`` row and a first breakdown, 2 for a breakdown of it."""
    breakdown: bool = False
    """A row of a member row's breakdown by a further dimension: never added to a sum."""
    stated: str | None = None
    """The member whose stated total (``typ: summa``) the row's amounts are, where they are
    one (``STATED_WHOLE`` for the whole dimension's): a published total, not the sum of the
    rounded rows above it."""
    adjustment: bool = False
    """A row that adjusts the total above it rather than showing facts (an intraprenad's
    forecast use of accumulated result, compute/intraprenad.py)."""


STATED_WHOLE = "*"
""":attr:`ComputedRow.stated` of a row showing the stated total of the whole dimension."""


@dataclass(frozen=True, slots=True)
class ComputedTable:
    definition: TableDef
    year: int
    rows: tuple[ComputedRow, ...]

    def cell(self, row_id: str, column_id: str) -> Decimal | None:
        """The value at a row and column; KeyError when there is no such cell (a heading row
        has none)."""
        columns = [c.id for c in self.definition.columns]
        for row in self.rows:
            if row.definition.id == row_id and row.values and column_id in columns:
                return row.values[columns.index(column_id)]
        raise KeyError((row_id, column_id))

    def has_cell(self, row_id: str, column_id: str) -> bool:
        return any(r.definition.id == row_id and r.values for r in self.rows) and any(
            c.id == column_id for c in self.definition.columns
        )


def is_percent(column: ColumnDef) -> bool:
    return column.kind in (ColumnKind.CHANGE_PERCENT, ColumnKind.SHARE)


def effective_scenario(column: ColumnDef, report_type: ReportType) -> Scenario | None:
    """In a delårsrapport the current year's outcome column shows the forecast."""
    if (
        report_type is ReportType.DELARSRAPPORT
        and column.scenario is Scenario.OUTCOME
        and column.year_offset == 0
    ):
        return Scenario.FORECAST
    return column.scenario


def change_percent(new: Decimal, old: Decimal) -> Decimal | None:
    """(new − old) / old in percent, on the signed figures; None where old is 0."""
    if old == 0:
        return None
    return quantized((new - old) / old * HUNDRED, PERCENT_QUANTUM)


def share_percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part as a percentage of |whole|; None where whole is 0."""
    if whole == 0:
        return None
    return quantized(part / abs(whole) * HUNDRED, PERCENT_QUANTUM)


def compute_tables(
    tables: Iterable[TableDef],
    dimensions: Iterable[Dimension],
    facts: Iterable[Fact],
    year: int,
    report_type: ReportType,
) -> dict[str, ComputedTable]:
    """Every table over the facts it reads: those of its one view (compute/views.py) within
    its filter."""
    by_name = {d.name: d for d in dimensions}
    grouped = views(facts)
    found: dict[str, ComputedTable] = {}
    for table in tables:
        read = within(
            read_views(grouped, table.needs),
            ((f.dimension, f.members) for f in table.filters),
            by_name,
        )
        cube = build_nested(tuple(by_name[d] for d in table.dimensions), read)
        found[table.id] = compute_table(table, cube, year, report_type)
    return found


def compute_table(
    table: TableDef, cube: Cube | NestedCube, year: int, report_type: ReportType
) -> ComputedTable:
    nested = cube if isinstance(cube, NestedCube) else NestedCube.of(cube)
    dimension = nested.dimensions[0]
    members = dimension.members()
    subtrees = _subtrees(dimension)
    amounts: dict[str, tuple[Decimal, ...]] = {}
    covers: dict[str, list[str]] = {}
    """Per member and sum row: the members it adds up, each with its subtree."""
    rows: list[ComputedRow] = []
    since_sum: list[str] = []
    for row in expanded_rows(table, dimension):
        if row.kind is RowKind.HEADING:
            rows.append(ComputedRow(row, row.label, ()))
            continue
        codes = _codes(row, dimension)
        stated: str | None = None
        if row.kind in (RowKind.MEMBER, RowKind.VARAV):
            base = _amounts(table.columns, nested, (codes,), year, report_type)
            if not nested.has_data((codes,)) and not row.keep_empty:
                continue
            covers[row.id] = [m for code in codes for m in subtrees.get(code, (code,))]
            if len(codes) == 1 and codes[0] in nested.stated:
                stated = codes[0]
        elif row.kind is RowKind.SUM:
            parts = [p for p in (row.operands or tuple(since_sum)) if p in amounts]
            base = _combine([amounts[p] for p in parts], len(table.columns))
            since_sum = []
            covered = [m for p in parts for m in covers.get(p, ())]
            covers[row.id] = covered
            stated = _stated_aggregate(nested, subtrees, covered)
            if stated is not None:
                base = _stated_amounts(table.columns, nested, stated, base, year, report_type)
        else:  # EXCLUDING
            first, *rest = (amounts.get(p) for p in row.operands)
            base = _subtract(first, [r for r in rest if r is not None], len(table.columns))
        amounts[row.id] = base
        if row.kind is RowKind.MEMBER:
            since_sum.append(row.id)
        label = row.label or _member_label(row, members)
        level = 1 if row.indent else 0
        derived = _derive(table.columns, base)
        rows.append(ComputedRow(row, label, derived, level, stated=stated))
        if row.kind is RowKind.MEMBER:
            rows += _breakdown(table, nested, row, (codes,), level + 1, year, report_type)
    return ComputedTable(table, year, tuple(rows))


def _breakdown(
    table: TableDef,
    cube: NestedCube,
    parent: RowDef,
    codes: tuple[tuple[str, ...], ...],
    level: int,
    year: int,
    report_type: ReportType,
) -> list[ComputedRow]:
    """The parent row broken down by the next dimension (and each of those by the one after):
    the members at the filter's level, each with data, as rows not added to any sum."""
    if len(codes) >= len(cube.dimensions):
        return []
    dimension = cube.dimensions[len(codes)]
    members = dimension.members()
    found: list[ComputedRow] = []
    for code in generated_members(dimension, table.filter_of(dimension.name)):
        path = (*codes, (code,))
        if not cube.has_data(path):
            continue
        row = RowDef(
            f"{parent.id}{BREAKDOWN_SEPARATOR}{code}", RowKind.MEMBER, members=(code,),
            line=parent.line,
        )  # fmt: skip
        base = _amounts(table.columns, cube, path, year, report_type)
        label = members[code].name if code in members else code
        found.append(ComputedRow(row, label, _derive(table.columns, base), level, breakdown=True))
        found += _breakdown(table, cube, row, path, level + 1, year, report_type)
    return found


def _subtrees(dimension: Dimension) -> dict[str, tuple[str, ...]]:
    """Each member mapped to itself and every member below it."""
    found: dict[str, list[str]] = {}
    for code, path in dimension.paths().items():
        for ancestor in path:
            found.setdefault(ancestor, []).append(code)
    return {code: tuple(below) for code, below in found.items()}


def _stated_aggregate(
    cube: NestedCube, subtrees: Mapping[str, tuple[str, ...]], covered: list[str]
) -> str | None:
    """The member (or ``STATED_WHOLE``) with a stated total whose posts are exactly those a
    sum row adds up: its parts cover each posted member once, and the same posted members as
    the member's subtree. None when there is none (the sum of the parts is shown)."""
    if len(covered) != len(set(covered)):
        return None  # parts that overlap: the sum counts some posts twice
    posted = frozenset(covered) & cube.posted
    if not posted:
        return None
    if cube.whole and posted == cube.posted:
        return STATED_WHOLE
    # The widest such member first: a member and its only child may both state a total.
    for code in sorted(cube.stated, key=lambda c: (-len(subtrees.get(c, ())), c)):
        if frozenset(subtrees.get(code, (code,))) & cube.posted == posted:
            return code
    return None


def _stated_amounts(
    columns: tuple[ColumnDef, ...],
    cube: NestedCube,
    stated: str,
    summed: tuple[Decimal, ...],
    year: int,
    report_type: ReportType,
) -> tuple[Decimal, ...]:
    """A sum row's amounts where its aggregate has a stated total: the stated total where it
    is stated, the sum of the parts for the other years and scenarios."""
    if stated != STATED_WHOLE:
        return _amounts(columns, cube, ((stated,),), year, report_type)
    values = list(summed)
    for i, column in enumerate(columns):
        scenario = effective_scenario(column, report_type)
        if column.kind is ColumnKind.AMOUNT and scenario is not None:
            values[i] = cube.whole.get((year + column.year_offset, scenario), values[i])
    return tuple(values)


def _codes(row: RowDef, dimension: Dimension) -> tuple[str, ...]:
    if row.members == (INTRAPRENADER,):
        return top_intraprenader(dimension)
    return row.members


def _member_label(row: RowDef, members: Mapping[str, Member]) -> str:
    names = [members[code].name if code in members else code for code in row.members]
    if row.members == (INTRAPRENADER,):
        names = ["intraprenader"]
    label = ", ".join(str(n) for n in names)
    return f"varav {label}" if row.kind is RowKind.VARAV else label


def _amounts(
    columns: tuple[ColumnDef, ...],
    cube: NestedCube,
    codes: tuple[tuple[str, ...], ...],
    year: int,
    report_type: ReportType,
) -> tuple[Decimal, ...]:
    values: list[Decimal] = []
    for column in columns:
        scenario = effective_scenario(column, report_type)
        if column.kind is ColumnKind.AMOUNT and scenario is not None:
            values.append(cube.amount(codes, year + column.year_offset, scenario))
        else:
            values.append(Decimal(0))  # derived columns are recomputed by _derive
    return tuple(values)


def _combine(parts: list[tuple[Decimal, ...]], width: int) -> tuple[Decimal, ...]:
    return tuple(sum((p[i] for p in parts), Decimal(0)) for i in range(width))


def _subtract(
    first: tuple[Decimal, ...] | None, rest: list[tuple[Decimal, ...]], width: int
) -> tuple[Decimal, ...]:
    start = first if first is not None else tuple(Decimal(0) for _ in range(width))
    taken = _combine(rest, width)
    return tuple(a - b for a, b in zip(start, taken, strict=True))


def derive_columns(
    columns: tuple[ColumnDef, ...], base: tuple[Decimal | None, ...]
) -> tuple[Decimal | None, ...]:
    """A row's values from its amount columns (None where it has no amount), the derived
    columns filled in: for rows made outside a table's definition (compute/intraprenad.py)."""
    return _derive(columns, base)


def _derive(
    columns: tuple[ColumnDef, ...], base: tuple[Decimal | None, ...]
) -> tuple[Decimal | None, ...]:
    """Fill the derived columns of a row from its amount columns, in column order."""
    index = {c.id: i for i, c in enumerate(columns)}
    values: list[Decimal | None] = list(base)
    for i, column in enumerate(columns):
        if column.kind is ColumnKind.AMOUNT:
            continue
        a, b = (values[index[o]] for o in column.operands)
        if a is None or b is None:
            values[i] = None
        elif column.kind in (ColumnKind.DIFFERENCE, ColumnKind.CHANGE):
            values[i] = a - b
        elif column.kind is ColumnKind.CHANGE_PERCENT:
            values[i] = change_percent(a, b)
        else:
            values[i] = share_percent(a, b)
    return tuple(values)
