"""What a table of tabeller.yaml may name: its dimensions and filter exist, and each varav row
names a part of the rows above it, within the filter."""

from __future__ import annotations

from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.model.dimensions import Dimension
from uppsikt.model.tables import INTRAPRENADER, RowKind, TableDef, expanded_rows
from uppsikt.model.workspace import Workspace

_LISTED = 8
"""Codes named in a message before 'och n till'."""


def _error(code: str, message: str, table: TableDef, line: int | None, hint: str) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, Location(file=table.file, line=line), hint)


def table_scope(ws: Workspace, table: TableDef) -> list[Diagnostic]:
    """The problems of a table's further dimensions, filter and varav rows (the row
    dimension's own existence and its rows' codes are checked beside, UPP188 and UPP189)."""
    names = ", ".join(d.name for d in ws.dimensions)
    found: list[Diagnostic] = [
        _error(
            "UPP157",
            f"Tabellen «{table.id}» delar upp raderna per «{name}», som inte är någon dimension.",
            table,
            table.line,
            f"Använd en av: {names}.",
        )
        for name in table.breakdown
        if ws.dimension(name) is None
    ]
    for item in table.filters:
        dimension = ws.dimension(item.dimension)
        if dimension is None:
            found.append(
                _error(
                    "UPP157",
                    f"Filtret i tabellen «{table.id}» nämner dimensionen «{item.dimension}», "
                    "som inte finns.",
                    table,
                    item.line,
                    f"Använd en av: {names}.",
                )
            )
            continue
        members = dimension.members()
        found.extend(
            _error(
                "UPP158",
                f"Filtret i tabellen «{table.id}» nämner «{code}», som inte finns i "
                f"dimensionen {item.dimension}.",
                table,
                item.line,
                "Rätta koden, eller lägg till medlemmen i organisation.yaml/dimensioner.yaml.",
            )
            for code in item.members
            if code not in members
        )
    dimension = ws.dimension(table.dimension)
    if dimension is not None and not found:
        found += _varav_scope(table, dimension)
    return found


def _varav_scope(table: TableDef, dimension: Dimension) -> list[Diagnostic]:
    """A varav row names a member row above it or a part of one, within the filter: anything
    else would show a part of something the table does not show."""
    paths = dimension.paths()
    kept = set(table.filter_of(dimension.name))
    above: list[str] = []
    found: list[Diagnostic] = []
    for row in expanded_rows(table, dimension):
        if row.kind is RowKind.MEMBER:
            above += [c for c in row.members if c in paths and c not in above]
        if row.kind is not RowKind.VARAV or row.members == (INTRAPRENADER,):
            continue
        for code in row.members:
            path = set(paths.get(code, ()))
            if not path:
                continue  # an unknown code: UPP189 says so
            if path & set(above) and (not kept or path & kept):
                continue
            allowed = [c for c in above if not kept or set(paths[c]) & kept]
            found.append(_outside(table, row.id, code, allowed, row.line))
    return found


def _outside(
    table: TableDef, row: str, code: str, allowed: list[str], line: int | None
) -> Diagnostic:
    if allowed:
        listed = ", ".join(allowed[:_LISTED])
        more = f" och {len(allowed) - _LISTED} till" if len(allowed) > _LISTED else ""
        hint = (
            f"En varav-rad här kan nämna {listed}{more} eller en del av dem; flytta raden "
            "under den rad den är en del av, eller gör den till en egen rad («- rad: …»)."
        )
    else:
        hint = "Ingen rad ovanför den kan den vara en del av; skriv raden «- rad: …» först."
    where = " eller utanför tabellens filter" if table.filters else ""
    return _error(
        "UPP159",
        f"Varav-raden «{row}» i tabellen «{table.id}» nämner «{code}», som inte är en del av "
        f"någon rad ovanför den{where}.",
        table,
        line,
        hint,
    )
