"""Stated totals (``typ: summa`` in ekonomi/*.csv) against the posts they sum.

A published report gives its rows rounded to whole tkr and its totals from the unrounded
figures, so the rows typed from it may sum to a krona or a tkr beside the published total.
The stated total is then shown wherever its aggregate stands (compute/cube.py); these rules
say when it differs from its parts: within the rounding of the parts (half a unit each) a
note that the published total is shown, beyond it an error, since one of the figures is wrong.
A stated total that no table shows is a warning: it changes no figure a reader sees.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from uppsikt.checks.figures import shown
from uppsikt.compute.results import Computed
from uppsikt.compute.tables import STATED_WHOLE, effective_scenario
from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.model.dimensions import Dimension
from uppsikt.model.economy import Fact
from uppsikt.model.tables import ColumnKind
from uppsikt.model.workspace import Workspace

HALF = Decimal("0.5")


def _unit(ws: Workspace) -> Decimal:
    """One unit of the typed amounts, in kronor (1 when they are typed in kronor)."""
    return Decimal(ws.settings.amounts_unit.kronor if ws.settings.amounts_unit else 1)


def _subtree(dimension: Dimension | None, code: str) -> set[str]:
    if dimension is None:
        return {code}
    return {c for c, path in dimension.paths().items() if code in path}


def parts_of(stated: Fact, facts: Iterable[Fact], ws: Workspace) -> list[Fact]:
    """The posts a stated total sums: those of its view, year and scenario whose member of
    each dimension it names lies under that member."""
    inside = {name: _subtree(ws.dimension(name), code) for name, code in stated.dimensions}
    return [
        f
        for f in facts
        if f.post
        and f.view_dimensions == stated.view_dimensions
        and (f.year, f.scenario) == (stated.year, stated.scenario)
        and all(f.member(name) in codes for name, codes in inside.items())
    ]


def _place(stated: Fact, ws: Workspace) -> str:
    """The aggregate of a stated total in words: 'Verksamhet Arbetsmarknad (AM)', 'alla
    kontogrupp'."""
    if not stated.dimensions:
        return "alla rader per " + " och ".join(stated.view_dimensions)
    named: list[str] = []
    for name, code in stated.dimensions:
        dimension = ws.dimension(name)
        member = dimension.members().get(code) if dimension else None
        named.append(f"{member.name} ({code})" if member else code)
    return ", ".join(named)


def _location(ws: Workspace, index: int, stated: Fact) -> Location:
    file, line = ws.lines.facts[index] if index < len(ws.lines.facts) else ("ekonomi/", None)
    return Location(file=file, line=line, place=f"{stated.scenario.value} {stated.year}")


def stated_totals_reconcile(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """A stated total equals the sum of its posts within their rounding (a note says the
    published total is shown); beyond the rounding it is an error."""
    del computed
    unit = _unit(ws)
    found: list[Diagnostic] = []
    for index, stated in enumerate(ws.facts):
        if not stated.stated:
            continue
        parts = parts_of(stated, ws.facts, ws)
        if not parts:
            continue  # nothing typed to reconcile it with: the stated total stands alone
        summed = sum((p.amount for p in parts), Decimal(0))
        difference = stated.amount - summed
        if difference == 0:
            continue
        tolerance = len(parts) * HALF * unit
        what = (
            f"Den angivna summan för {_place(stated, ws)}, {stated.scenario.value} "
            f"{stated.year} ({shown(stated.amount / unit)}) skiljer sig från summan av "
            f"raderna ({shown(summed / unit)}, {len(parts)} rader) med "
            f"{shown(difference / unit)}"
        )
        location = _location(ws, index, stated)
        if abs(difference) <= tolerance:
            found.append(
                Diagnostic(
                    "UPP480",
                    Severity.NOTE,
                    f"{what}, vilket avrundningen av raderna förklarar. Rapporten visar den "
                    "angivna, publicerade summan.",
                    location,
                )
            )
        else:
            found.append(
                Diagnostic(
                    "UPP481",
                    Severity.ERROR,
                    f"{what}, mer än avrundningen av raderna kan förklara (högst "
                    f"{shown(tolerance / unit)}).",
                    location,
                    "Kontrollera summan mot den publicerade rapporten och raderna mot sina "
                    "källor; en rad saknas eller står fel, eller summan avser något annat.",
                )
            )
    return found


def stated_totals_shown(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """A stated total stands where a table shows its aggregate (a total row, or a row of its
    member) for its year and scenario; otherwise it changes nothing a reader sees."""
    shown_at: set[tuple[str, str, int, object]] = set()
    """(dimension, member or STATED_WHOLE, year, scenario) of every stated figure shown."""
    report_type = ws.settings.report_type
    for table in computed.tables.values():
        definition = table.definition
        keys = [
            (table.year + c.year_offset, effective_scenario(c, report_type))
            for c in definition.columns
            if c.kind is ColumnKind.AMOUNT
        ]
        for row in table.rows:
            if row.stated is not None:
                shown_at |= {(definition.dimension, row.stated, y, s) for y, s in keys}
    found: list[Diagnostic] = []
    for index, stated in enumerate(ws.facts):
        if not stated.stated:
            continue
        if any(
            (name, member, stated.year, stated.scenario) in shown_at
            for name, member in _aggregates(stated, ws)
        ):
            continue
        found.append(
            Diagnostic(
                "UPP482",
                Severity.WARNING,
                f"Den angivna summan för {_place(stated, ws)}, {stated.scenario.value} "
                f"{stated.year}, visas inte i någon tabell.",
                _location(ws, index, stated),
                "Lägg till en summarad för den delen i tabeller.yaml, eller ta bort raden om "
                "summan inte behövs.",
            )
        )
    return found


def _aggregates(stated: Fact, ws: Workspace) -> list[tuple[str, str]]:
    """The (dimension, row marker) a table row showing this stated total carries: its
    member, its dimension's single top, or STATED_WHOLE."""
    if len(stated.dimensions) == 1:
        return [stated.dimensions[0]]
    if stated.dimensions:
        return []  # a total of a cut by several dimensions: no table row shows it
    found: list[tuple[str, str]] = []
    for name in stated.view_dimensions:
        dimension = ws.dimension(name)
        if dimension is not None and len(dimension.roots) == 1:
            found.append((name, dimension.roots[0].code))
        else:
            found.append((name, STATED_WHOLE))
    return found
