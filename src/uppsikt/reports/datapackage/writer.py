"""Write the report's tables as a Frictionless Tabular Data Package.

The package is ``datapackage.json`` plus one CSV file per table, so that the published figures
can be reused as open data. Numbers are written plainly (dot decimal, no thousands separator, no
unit, no rounding), in the display unit of the report, exactly as the model holds them.
Only the standard library is used.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from uppsikt.model.assessment import Assessment
from uppsikt.reports.model import Cell, ReportModel, Row, Table

ID_FIELD = "id"
LABEL_FIELD = "rad"
KIND_FIELD = "typ"
UNIT_FIELD = "enhet"
ASSESSMENT_FIELD = "bedomning"
MISSING_VALUE = ""

Descriptor = dict[str, Any]


def write_datapackage(report: ReportModel, folder: Path) -> None:
    """Write ``datapackage.json`` and one ``<name>.csv`` per table of ``report`` to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = report.tables()
    names = resource_names(tables)
    for table, name in zip(tables, names, strict=True):
        _write_csv(folder / f"{name}.csv", table)
    descriptor = package_descriptor(report, names)
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    (folder / "datapackage.json").write_text(text, encoding="utf-8")


def package_descriptor(report: ReportModel, names: Iterable[str]) -> Descriptor:
    """The content of ``datapackage.json``; ``names`` are the resource names of the tables."""
    meta = report.meta
    resources = [
        resource_descriptor(table, name) for table, name in zip(report.tables(), names, strict=True)
    ]
    return {
        "profile": "tabular-data-package",
        "name": slug(f"{meta.kommunkod}-{meta.namnd}-{meta.title}"),
        "title": f"{meta.title} – {meta.namnd}, {meta.kommun}",
        "resources": resources,
    }


def resource_descriptor(table: Table, name: str) -> Descriptor:
    """The descriptor of one table's CSV file."""
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "title": table.caption,
        "description": _description(table),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": table_schema(table),
    }


def table_schema(table: Table) -> Descriptor:
    """The Table Schema of a table's CSV file: fields in the order the CSV has them."""
    names = field_names(table)
    fields: list[Descriptor] = [
        _string_field(ID_FIELD, "Radens id"),
        _string_field(LABEL_FIELD, table.row_header or "Rad"),
        _string_field(KIND_FIELD, "Radtyp"),
    ]
    if table.row_units:
        fields.append(_string_field(UNIT_FIELD, "Enhet"))
    column_names = names[len(fields) : len(fields) + len(table.columns)]
    for index, (column, name) in enumerate(zip(table.columns, column_names, strict=True)):
        field: Descriptor = {
            "name": name,
            "title": column.label,
            "type": "string" if _has_text(table, index) else "number",
        }
        if column.unit:
            field["unit"] = column.unit
        fields.append(field)
    if table.has_assessment:
        assessment = _string_field(ASSESSMENT_FIELD, "Bedömning")
        assessment["constraints"] = {"enum": [a.value for a in Assessment]}
        fields.append(assessment)
    schema: Descriptor = {"fields": fields, "missingValues": [MISSING_VALUE]}
    if _unique(row.id for row in table.rows):
        schema["primaryKey"] = [ID_FIELD]
    return schema


def field_names(table: Table) -> list[str]:
    """The CSV header of a table. Column ids that clash with another field get a suffix."""
    names = [ID_FIELD, LABEL_FIELD, KIND_FIELD]
    if table.row_units:
        names.append(UNIT_FIELD)
    reserved = {*names, ASSESSMENT_FIELD} if table.has_assessment else set(names)
    for column in table.columns:
        name = _unique_name(column.id, reserved)
        reserved.add(name)
        names.append(name)
    if table.has_assessment:
        names.append(ASSESSMENT_FIELD)
    return names


def table_rows(table: Table) -> Iterator[list[str]]:
    """The data rows of a table's CSV file (without the header)."""
    if table.row_units and len(table.row_units) != len(table.rows):
        raise ValueError(f"table {table.id!r}: row_units and rows differ in length")
    for index, row in enumerate(table.rows):
        values = [row.id, row.label, row.kind]
        if table.row_units:
            values.append(table.row_units[index])
        values.extend(_cell_values(table, row))
        if table.has_assessment:
            values.append(row.assessment.value if row.assessment else MISSING_VALUE)
        yield values


def plain_number(value: Decimal) -> str:
    """A number as written in the CSV: ``Decimal('-10326.4')`` -> '-10326.4', never '-0'."""
    if value.is_zero():
        value = abs(value)
    return format(value, "f")


def slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: 'Årsberättelse 2020' -> 'arsberattelse-2020'."""
    return re.sub(r"[^a-z0-9]+", "-", _ascii(text)).strip("-")


def resource_name(text: str) -> str:
    """A valid resource name (``[a-z0-9._-]``) made from a table id."""
    return re.sub(r"[^a-z0-9._-]+", "-", _ascii(text)).strip("-")


def resource_names(tables: Iterable[Table]) -> list[str]:
    """Unique resource names for the tables, in order ('tabell' for an id with no letters)."""
    used: set[str] = set()
    names: list[str] = []
    for table in tables:
        name = _unique_name(resource_name(table.id) or "tabell", used)
        used.add(name)
        names.append(name)
    return names


def _write_csv(path: Path, table: Table) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(field_names(table))
        writer.writerows(table_rows(table))


def _cell_values(table: Table, row: Row) -> list[str]:
    if len(row.cells) > len(table.columns):
        raise ValueError(f"table {table.id!r}: row {row.id!r} has more cells than columns")
    values = [_cell_value(cell) for cell in row.cells]
    return values + [MISSING_VALUE] * (len(table.columns) - len(values))


def _cell_value(cell: Cell) -> str:
    if cell.text is not None:
        return cell.text
    if cell.value is None:
        return MISSING_VALUE
    return plain_number(cell.value)


def _has_text(table: Table, column_index: int) -> bool:
    """Whether a column holds text cells (e.g. a target 'Öka'), so it cannot be typed number."""
    return any(
        column_index < len(row.cells) and row.cells[column_index].text is not None
        for row in table.rows
    )


def _description(table: Table) -> str:
    parts: list[str] = []
    if table.unit_note:
        parts.append(table.unit_note)
    if table.row_units:
        parts.append(f"Enheten anges per rad i fältet {UNIT_FIELD}.")
    parts.append(
        "Talen är skrivna utan avrundning, med decimalpunkt och utan tusentalsavgränsare; "
        "ett tomt fält betyder att värdet saknas eller inte är tillämpligt."
    )
    parts.extend(f"Fotnot {note.number}: {note.text}" for note in table.footnotes)
    return " ".join(parts)


def _string_field(name: str, title: str) -> Descriptor:
    return {"name": name, "title": title, "type": "string"}


def _unique_name(name: str, used: set[str]) -> str:
    candidate = name
    suffix = 2
    while candidate in used:
        candidate = f"{name}-{suffix}"
        suffix += 1
    return candidate


def _unique(values: Iterable[str]) -> bool:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            return False
        seen.add(value)
    return True


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()
