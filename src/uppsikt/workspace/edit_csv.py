"""Lines of indikatorvarden.csv for the editor (workspace/edit.py): the header, and the fields
of one line, split as the reader splits them (lines past ``max_line_chars`` and lines the csv
module cannot split are skipped, as the reader reports them)."""

from __future__ import annotations

import csv

from uppsikt.located.limits import limits


class HeaderError(ValueError):
    """The file's header lacks a column the editor needs; the message says which (Swedish)."""


def parse_rows(text: str) -> tuple[list[str], int, list[str]]:
    """(lines with their endings, index of the header line, header columns)."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.strip() and not line.lstrip().startswith("#"):
            header = [h.strip() for h in split_fields(line.lstrip("\ufeff").rstrip("\r\n")) or []]
            missing = [c for c in ("indikator", "uppdelning", "år", "värde") if c not in header]
            if missing:
                raise HeaderError(
                    f"indikatorvarden.csv saknar kolumnen {', '.join(missing)}; rätta filen först."
                )
            return lines, index, header
    return lines, -1, []


def cells_of(line: str, header: list[str]) -> dict[str, str] | None:
    if not line.strip() or line.lstrip().startswith("#"):
        return None
    cells = split_fields(line.rstrip("\r\n"))
    if cells is None or len(cells) != len(header):
        return None
    return {h: c.strip() for h, c in zip(header, cells, strict=True)}


def split_fields(line: str) -> list[str] | None:
    """The fields of a line; None for a line the reader refuses (too long, not CSV)."""
    if len(line) > limits().max_line_chars:
        return None
    try:
        return next(csv.reader([line], delimiter=";"))
    except csv.Error:
        return None
