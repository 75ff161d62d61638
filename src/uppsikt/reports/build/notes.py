"""One footnote scheme for every table: the reasons values are missing become numbered notes.

The builders give a table two kinds of note: footnotes they number themselves
(``Table.footnotes``, pointed at by ``Row.notes`` and ``Cell.notes``) and the reason a value is
missing (``Cell.missing``). This pass, run once over the finished report, makes them one list
per table, so that every format marks a cell the same way, with numbers only ('–¹'):

- each distinct reason a value is missing becomes a footnote, and the missing cell points at it;
- notes with the same text are one note (a reason that repeats an existing footnote included),
  and a cell whose own footnote begins with the reason gets only that footnote;
- notes are numbered 1, 2, … in reading order: row by row, the label before the cells, the
  cells from left to right; notes no row or cell points at come last, in their given order.

The pass is idempotent: a table already numbered this way comes out unchanged.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from uppsikt.reports.model import Block, Cell, CellKind, Footnote, ReportModel, Row, Section, Table

_SENTENCE_ENDS = (".", "!", "?", "…")


def numbered_notes(report: ReportModel) -> ReportModel:
    """``report`` with the notes of every table numbered in one scheme."""
    return dataclasses.replace(report, sections=tuple(map(_section, report.sections)))


def _section(section: Section) -> Section:
    return dataclasses.replace(
        section,
        blocks=tuple(map(_block, section.blocks)),
        subsections=tuple(map(_section, section.subsections)),
    )


def _block(block: Block) -> Block:
    return number_table_notes(block) if isinstance(block, Table) else block


def note_text(text: str) -> str:
    """A note as a sentence: trimmed, with a full stop unless it ends a sentence already."""
    text = " ".join(text.split())
    return text if not text or text.endswith(_SENTENCE_ENDS) else text + "."


def _same(text: str) -> str:
    """What makes two notes the same note: their words, whatever the final full stop."""
    return note_text(text).removesuffix(".").casefold()


@dataclass
class _Numbering:
    """The new footnotes of one table, numbered in order of first use."""

    given: dict[int, str]
    """The table's own footnotes by their given number."""
    texts: list[str] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)

    def of_text(self, text: str) -> int:
        key = _same(text)
        if key not in self.numbers:
            self.texts.append(note_text(text))
            self.numbers[key] = len(self.texts)
        return self.numbers[key]

    def of_given(self, numbers: tuple[int, ...]) -> list[int]:
        """The new numbers of given footnote numbers (a number with no footnote is dropped)."""
        return [self.of_text(self.given[n]) for n in numbers if n in self.given]

    def footnotes(self) -> tuple[Footnote, ...]:
        return tuple(Footnote(n, text) for n, text in enumerate(self.texts, start=1))


def _unique(numbers: list[int]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(numbers))


def number_table_notes(table: Table) -> Table:
    """``table`` with its missing values' reasons and footnotes in one numbered list."""
    numbering = _Numbering({note.number: note.text for note in table.footnotes})
    rows = tuple(_row(row, numbering) for row in table.rows)
    for note in table.footnotes:  # notes nothing points at keep their place after the others
        numbering.of_text(note.text)
    return dataclasses.replace(table, rows=rows, footnotes=numbering.footnotes())


def _row(row: Row, numbering: _Numbering) -> Row:
    notes = _unique(numbering.of_given(row.notes))
    cells = tuple(_cell(cell, numbering) for cell in row.cells)
    return dataclasses.replace(row, notes=notes, cells=cells)


def _cell(cell: Cell, numbering: _Numbering) -> Cell:
    numbers: list[int] = []
    reason = cell.missing or ""
    if cell.kind is CellKind.MISSING and reason.strip():
        own = [numbering.given[n] for n in cell.notes if n in numbering.given]
        if not any(_same(text).startswith(_same(reason)) for text in own):
            numbers.append(numbering.of_text(reason))
    numbers.extend(numbering.of_given(cell.notes))
    return dataclasses.replace(cell, notes=_unique(numbers))
