"""Reading ekonomi/budgetandringar.csv: the budget's changes during the year, each located."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from uppsikt.located.csvfile import CsvRow, cell_number, cell_year, read_csv
from uppsikt.located.sink import Sink
from uppsikt.model.budget_changes import BudgetChange, ChangeKind
from uppsikt.model.dimensions import Dimension
from uppsikt.workspace.kommun import Place

BUDGET_CHANGES_FILE = "ekonomi/budgetandringar.csv"
"""Where the changes are: in the report's folder, or in the kommun's (beside its economy)."""
BUDGET_CHANGES_NAME = "budgetandringar.csv"
"""The file's name in ekonomi/, which the reader of economic facts leaves to this reader."""
_COLUMNS = ("år", "enhet", "belopp", "beslut", "datum", "slag")
_OPTIONAL = ("beskrivning",)
_KINDS = {k.value: k for k in ChangeKind}


class Reading(Protocol):
    """What this reader needs of a reading (workspace/reader.py): where files are, a sink."""

    @property
    def place(self) -> Place: ...

    def sink(self, rel: str) -> Sink: ...


def budget_changes(
    reading: Reading, organisation: Dimension | None, year: int, kronor_per_unit: int
) -> tuple[BudgetChange, ...]:
    """The changes of the report's folder, or of its kommun's; none without the file (or
    without the organisation, whose own error says why)."""
    path, shown = reading.place.locate(BUDGET_CHANGES_FILE)
    if organisation is None or not path.is_file():
        return ()
    units = {code: member.name for code, member in organisation.members().items()}
    return read_budget_changes(path, reading.sink(shown), units, year, kronor_per_unit)


def read_budget_changes(
    path: Path, sink: Sink, units: dict[str, str], year: int, kronor_per_unit: int
) -> tuple[BudgetChange, ...]:
    """Every valid row of the file. ``units`` maps the organisation's codes to their names;
    ``year`` is the report's year (a change dated outside it is an error); amounts are
    converted to kronor with ``kronor_per_unit``."""
    read = read_csv(path, sink, _COLUMNS, _OPTIONAL)
    if read is None:
        return ()
    _, rows = read
    found: list[BudgetChange] = []
    for row in rows:
        row_year = cell_year(row, "år", sink)
        amount = cell_number(row, "belopp", sink)
        unit = _unit(row, sink, units)
        date = _date(row, sink, year)
        kind = _kind(row, sink)
        decision = row.values["beslut"]
        if not decision:
            sink.error(
                "UPP219",
                "Beslutet saknas.",
                line=row.line,
                field_name="beslut",
                hint="Ange beslutet som ändrade budgeten, t.ex. «KF 2025-06-12 § 84» eller "
                "ett diarienummer.",
            )
        if row_year is not None and row_year != year:
            sink.error(
                "UPP217",
                f"Året {row_year} är inte rapportens år ({year}).",
                line=row.line,
                field_name="år",
                hint="Filen gäller bara rapportårets budget; ta bort raden eller rätta året.",
            )
            continue
        if row_year is None or amount is None or unit is None or date is None or kind is None:
            continue
        if not decision:
            continue
        found.append(
            BudgetChange(
                year=row_year,
                unit=unit,
                amount=amount * Decimal(kronor_per_unit),
                decision=decision,
                date=date,
                kind=kind,
                description=row.values.get("beskrivning", ""),
                line=row.line,
                file=sink.file,
            )
        )
    return tuple(found)


def _unit(row: CsvRow, sink: Sink, units: dict[str, str]) -> str | None:
    code = row.values["enhet"]
    if code in units:
        return code
    sink.error(
        "UPP215",
        f"«{code}» finns inte i organisationen." if code else "Enheten saknas.",
        line=row.line,
        field_name="enhet",
        hint="Ange koden för en enhet i organisation.yaml.",
    )
    return None


def _date(row: CsvRow, sink: Sink, year: int) -> datetime.date | None:
    text = row.values["datum"]
    try:
        date = datetime.date.fromisoformat(text)
    except ValueError:
        date = None
    if date is None or len(text) != len("2025-06-12"):
        sink.error(
            "UPP216",
            f"«{text[:40]}» är inget datum.",
            line=row.line,
            field_name="datum",
            hint="Skriv beslutsdatumet som ÅÅÅÅ-MM-DD, t.ex. 2025-06-12.",
        )
        return None
    if date.year != year:
        sink.error(
            "UPP217",
            f"Datumet {date.isoformat()} ligger utanför rapportens år ({year}).",
            line=row.line,
            field_name="datum",
            hint="En budgetförändring under året beslutas under rapportåret; rätta datumet "
            "eller ta bort raden.",
        )
        return None
    return date


def _kind(row: CsvRow, sink: Sink) -> ChangeKind | None:
    text = row.values["slag"]
    kind = _KINDS.get(text.strip().casefold())
    if kind is None:
        sink.error(
            "UPP218",
            f"Okänt slag «{text[:40]}».",
            line=row.line,
            field_name="slag",
            hint="Använd «omdisponering» (mellan enheter; ett besluts rader summerar till noll) "
            "eller «tilläggsbudget» (beslutad av fullmäktige).",
        )
    return kind
