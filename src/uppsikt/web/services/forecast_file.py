"""The lines of ekonomi/prognoser.csv that one delårsrapport's form edits, read and rewritten
in the file's text: one row per unit for the report's year and closing month.

Everything else in the file is kept byte for byte: comments, rows of other months, years and
units, columns this form does not know (e.g. ``kontogrupp`` or ``verksamhet``, read generically
from the header) and rows that fill them in, which divide a unit's forecast more finely than the
form does. Lines are split as the reader splits them (semicolons, the csv module's quoting);
a line the reader would refuse is left alone, and the reader's own error names it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from uppsikt.located.csvfile import month_number
from uppsikt.workspace.edit import EditError
from uppsikt.workspace.edit_csv import cells_of, split_fields

REQUIRED = ("år", "månad", "enhet", "belopp")
"""The columns of the file (workspace/forecasts.py); any other is optional."""
NEW_HEADER = ";".join(REQUIRED)
SEPARATOR = ": "
"""Between a unit's code and its amount in the text compared and shown (see :func:`shown`)."""


@dataclass(frozen=True, slots=True)
class FormRows:
    """What the file says about the form's units for one year and month."""

    amounts: Mapping[str, str]
    """Each unit's amount as written in the file (its own row, with no extra column filled)."""
    detailed: Mapping[str, tuple[str, ...]]
    """The amounts of units with rows that fill in an extra column (their forecast is the
    rows' sum): not edited by the form."""


def _header(lines: list[str]) -> tuple[int, list[str]]:
    """The index of the header line and its columns; (-1, []) when the file has none."""
    for index, line in enumerate(lines):
        if line.strip() and not line.lstrip().startswith("#"):
            cells = split_fields(line.lstrip("\ufeff").rstrip("\r\n")) or []
            return index, [c.strip() for c in cells]
    return -1, []


def _ours(cells: dict[str, str], year: int, month: int) -> bool:
    return cells.get("år") == str(year) and month_number(cells.get("månad", "")) == month


def _plain(cells: dict[str, str]) -> bool:
    """The row gives a unit's whole forecast: no extra column is filled in."""
    return not any(v for k, v in cells.items() if k not in REQUIRED)


def form_rows(text: str, year: int, month: int, units: tuple[str, ...]) -> FormRows:
    """The amounts of ``units`` for ``year`` and ``month`` as the file writes them."""
    lines = text.splitlines()
    index, header = _header(lines)
    amounts: dict[str, str] = {}
    detailed: dict[str, tuple[str, ...]] = {}
    if index < 0 or any(c not in header for c in REQUIRED):
        return FormRows({}, {})
    wanted = set(units)
    for line in lines[index + 1 :]:
        cells = cells_of(line, header)
        if cells is None or cells["enhet"] not in wanted or not _ours(cells, year, month):
            continue
        if _plain(cells):
            amounts.setdefault(cells["enhet"], cells["belopp"])
        else:
            unit = cells["enhet"]
            detailed[unit] = (*detailed.get(unit, ()), cells["belopp"])
    return FormRows(amounts, detailed)


def shown(text: str, year: int, month: int, units: tuple[str, ...]) -> str:
    """The form's units as one text, a line ``code: amount`` per unit with a forecast, in the
    order of ``units``: what compare-and-swap hashes, the conflict page shows and the history
    records."""
    rows = form_rows(text, year, month, units)
    return "\n".join(f"{u}{SEPARATOR}{rows.amounts[u]}" for u in units if u in rows.amounts)


def parse_shown(text: str) -> dict[str, str]:
    """The amounts of a text made by :func:`shown`, by unit."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        unit, separator, amount = line.partition(SEPARATOR)
        if separator:
            found[unit] = amount
    return found


class HeaderError(EditError):
    """The file's header lacks a column the form writes; the message says which (Swedish)."""


def with_amounts(text: str, year: int, month: int, changes: Mapping[str, str | None]) -> str:
    """The file's text with each unit of ``changes`` given its amount for ``year`` and
    ``month`` (as written in the file), or its row removed (None). A changed row keeps its
    place; a new row follows the last row of the same year and month (else the file's end),
    with the extra columns left empty."""
    lines = text.splitlines(keepends=True)
    ending = next((e for e in map(_ending, lines) if e), "\n")
    index, header = _header(lines)
    if index < 0:
        if lines and not _ending(lines[-1]):
            lines[-1] += ending
        lines.append(NEW_HEADER + ending)
        index, header = len(lines) - 1, list(REQUIRED)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise HeaderError(
            f"Rubrikraden i prognoser.csv saknar {', '.join(missing)}; rätta filen först."
        )
    pending = dict(changes)
    out = lines[: index + 1]
    last_ours = -1
    for line in lines[index + 1 :]:
        kept = line
        cells = cells_of(line, header)
        if cells is not None and _ours(cells, year, month):
            unit = cells["enhet"]
            if unit in pending and _plain(cells):
                amount = pending.pop(unit)
                if amount is None:
                    continue
                cells["belopp"] = amount
                kept = _line(header, cells) + (_ending(line) or ending)
            last_ours = len(out)
        out.append(kept)
    added = [
        _line(header, {"år": str(year), "månad": str(month), "enhet": u, "belopp": a}) + ending
        for u, a in pending.items()
        if a is not None
    ]
    if added and out and not _ending(out[-1]):
        out[-1] += ending
    at = last_ours + 1 if last_ours >= 0 else len(out)
    return "".join(out[:at] + added + out[at:])


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :]


def _line(header: list[str], cells: Mapping[str, str]) -> str:
    values = [cells.get(column, "") for column in header]
    return ";".join(_quoted(v) for v in values)


def _quoted(value: str) -> str:
    """A field as the csv module reads it back: quoted when it holds ; or "."""
    if ";" not in value and '"' not in value:
        return value
    return '"' + value.replace('"', '""') + '"'
