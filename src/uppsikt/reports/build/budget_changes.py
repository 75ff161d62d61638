"""The table «Budgetförändringar under året»: each change with its decision, then each unit's
ursprunglig budget, its changes and its budget as it stands (compute/budget_changes.py)."""

from __future__ import annotations

from decimal import Decimal

from uppsikt.compute.budget_changes import budget_trace
from uppsikt.model.settings import DisplayUnit
from uppsikt.reports.build.context import Context
from uppsikt.reports.model import Cell, Column, Row, RowKind, Table

TABLE_ID = "budgetforandringar"
_EMPTY = Cell(None)


def budget_changes_table(ctx: Context) -> Table | None:
    """The table, or None when the report has no budget changes."""
    trace = budget_trace(ctx.ws)
    if not trace.changes:
        return None
    unit = ctx.ws.settings.display_unit
    names = {u.unit: u.name for u in trace.units}
    columns = (
        Column("datum", "Datum", ""),
        Column("beslut", "Beslut", ""),
        Column("slag", "Slag", ""),
        Column("ursprunglig", "Ursprunglig budget", unit.value),
        Column("forandring", "Förändring", unit.value),
        Column("budget", f"Budget {ctx.ws.settings.year}", unit.value),
    )
    rows = [
        Row(
            f"andring-{index}",
            names.get(change.unit, change.unit),
            (
                Cell(None, text=change.date.isoformat()),
                Cell(None, text=change.decision),
                Cell(None, text=change.kind.value),
                _EMPTY,
                _amount(unit, change.amount, signed=True),
                _EMPTY,
            ),
        )
        for index, change in enumerate(trace.changes, start=1)
    ]
    rows.append(Row("per-enhet", "Budget per enhet", (), RowKind.HEADING))
    rows += (
        Row(
            f"enhet-{trace_unit.unit}",
            trace_unit.name,
            (
                _EMPTY,
                _EMPTY,
                _EMPTY,
                _amount(unit, trace_unit.original),
                _amount(unit, trace_unit.changes, signed=True),
                _amount(unit, trace_unit.budget),
            ),
        )
        for trace_unit in trace.units
    )
    return Table(
        id=TABLE_ID,
        caption="Budgetförändringar under året",
        row_header="Enhet",
        columns=columns,
        rows=tuple(rows),
        unit_note=f"Belopp i {unit.value}. Ursprunglig budget = budget − förändringar.",
    )


def _amount(unit: DisplayUnit, kronor: Decimal | None, *, signed: bool = False) -> Cell:
    if kronor is None:
        return Cell(None, missing="Enheten har ingen budget.")
    return Cell(kronor / unit.kronor, unit.decimals, signed=signed)
