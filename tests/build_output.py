"""What a build wrote, read back for the tests: the one file of a format, the text of the Word
document, the rows of a data file."""

from __future__ import annotations

import csv
from pathlib import Path

from docx import Document


def written(out: Path, suffix: str) -> Path:
    """The one file of ``out`` whose name ends with ``suffix`` ('.docx', '.pdf' …)."""
    found = sorted(out.glob(f"*{suffix}"))
    assert len(found) == 1, found
    return found[0]


def docx_text(path: Path) -> str:
    """The text of a Word document: its paragraphs, then its tables' cells, one a line."""
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def data_rows(out: Path, name: str) -> dict[str, dict[str, str]]:
    """The rows of the data package's ``data/<name>.csv``, by their id."""
    with (out / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as stream:
        return {row["id"]: row for row in csv.DictReader(stream)}
