"""Every reference a computed workspace offers, with its label and value.

The one list of what can be referred to: the web editor's reference picker shows it, and the
narrative check (checks/narrative_candidates.py) draws the figures it compares written ones
with from it, so the check can only suggest a reference the picker offers and that resolves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from uppsikt.compute.references.grammar import IntraprenadField, Reference, ReferenceError
from uppsikt.compute.references.resolve import Figures, render_reference, value_of
from uppsikt.compute.results import Computed
from uppsikt.model.indicators import TOTAL
from uppsikt.model.tables import ColumnDef, TableDef
from uppsikt.model.workspace import Workspace

ColumnLabel = Callable[[ColumnDef, TableDef], str]
"""A column's label for people ('Avvikelse mot budget'); the report's own is in reports/."""


@dataclass(frozen=True, slots=True)
class Offered:
    """A figure that can be referred to."""

    reference: Reference
    """Without filters."""
    group: str
    """Where the picker lists it: 'Tabell: Driftredovisning', 'Indikatorer', 'Intraprenader'."""
    label: str
    """Swedish, for people: 'Förvaltningsstöd – Avvikelse mot budget', 'Andel elever 2020'."""
    value: Decimal
    """Kronor for amounts, per cent, or the indicator's unit."""
    shown: str
    """The figure as a reference without filters shows it: '10 326 tkr'."""


def offered(
    ws: Workspace, computed: Computed, column_label: ColumnLabel | None = None
) -> tuple[Offered, ...]:
    """Every reference that resolves: each table cell with a value, each indicator value (its
    total and breakdowns, every year) and each intraprenad field; in the order of the tables,
    the indicators and the intraprenader of the workspace."""
    figures = Figures.of(ws, computed)
    label = column_label or (lambda column, _: column.label or column.id)
    found: list[Offered] = []
    for table in computed.tables.values():
        definition = table.definition
        group = f"Tabell: {definition.caption}"
        for row in table.rows:
            for column in definition.columns:
                reference = Reference.table(definition.id, row.definition.id, column.id)
                text = f"{row.label} – {label(column, definition)}"
                found += _offered(reference, group, text, figures)
    years = sorted({year for _, _, year in computed.values})
    for indicator in ws.indicators:
        splits = [(TOTAL, "")] + [(b.key, f", {b.label}") for b in indicator.breakdowns]
        for key, split in splits:
            for year in years:
                if computed.value(indicator.id, year, key) is None:
                    continue
                reference = Reference.indicator(indicator.id, year, key)
                found += _offered(
                    reference, "Indikatorer", f"{indicator.name}{split} {year}", figures
                )
    for result in computed.intraprenader:
        unit, name = result.intraprenad.unit, result.intraprenad.name
        for field in IntraprenadField:
            reference = Reference.intraprenad(unit, field)
            found += _offered(reference, "Intraprenader", f"{name} – {field.label}", figures)
    return tuple(found)


def _offered(reference: Reference, group: str, label: str, figures: Figures) -> list[Offered]:
    """The reference as offered, or nothing when it does not resolve (a cell without value)."""
    try:
        shown = render_reference(str(reference), figures)
    except ReferenceError:
        return []
    return [Offered(reference, group, label, value_of(reference, figures), shown)]
