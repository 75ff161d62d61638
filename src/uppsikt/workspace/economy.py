"""Reading ekonomi/*.csv: economic facts in any combination of dimensions."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from uppsikt.located.csvfile import cell_number, cell_year, read_csv
from uppsikt.located.sink import Sink
from uppsikt.model.economy import Fact, Scenario

ECONOMY_FOLDER = "ekonomi"
_SCENARIOS = {s.value: s for s in Scenario}
KIND_COLUMN = "typ"
"""Optional column: ``post`` (the default, an amount to add up) or ``summa`` (a published
total of the posts of its view within the members the row names: see model.economy.Fact)."""
_KINDS = {"": False, "post": False, "summa": True}
_NOT_DIMENSIONS = ("år", "scenario", "belopp", KIND_COLUMN)


def read_facts(
    path: Path, sink: Sink, dimensions: dict[str, dict[str, str]], kronor_per_unit: int
) -> list[tuple[int, Fact]]:
    """(line, fact) for each row. ``dimensions`` maps each dimension name to its members' names
    (for checking codes); amounts are converted to kronor with ``kronor_per_unit``."""
    read = read_csv(path, sink, ("år", "scenario", "belopp"), ("*",))
    if read is None:
        return []
    header, rows = read
    dimension_columns = [h for h in header if h not in _NOT_DIMENSIONS]
    for name in dimension_columns:
        if name not in dimensions:
            sink.error(
                "UPP170",
                f"Kolumnen «{name}» är ingen känd dimension.",
                line=1,
                field_name=name,
                hint=f"Kända dimensioner: {', '.join(dimensions)} (se dimensioner.yaml).",
            )
            return []
    if not dimension_columns:
        sink.warning(
            "UPP171",
            "Filen har ingen dimensionskolumn, så beloppen kan inte visas i någon tabell.",
            hint="Lägg till en kolumn som enhet eller kontogrupp.",
        )
    view = tuple(sorted(dimension_columns))  # the file's view of the economy
    facts: list[tuple[int, Fact]] = []
    for row in rows:
        year = cell_year(row, "år", sink)
        scenario = _SCENARIOS.get(row.values["scenario"])
        if scenario is None:
            sink.error(
                "UPP172",
                f"Okänt scenario «{row.values['scenario']}».",
                line=row.line,
                field_name="scenario",
                hint=f"Använd ett av: {', '.join(_SCENARIOS)}.",
            )
        amount = cell_number(row, "belopp", sink)
        members = _members(row.line, row.values, dimension_columns, dimensions, sink)
        stated = _stated(row.line, row.values.get(KIND_COLUMN, ""), sink)
        if year is None or scenario is None or amount is None or members is None:
            continue
        if stated is None:
            continue
        kronor = amount * Decimal(kronor_per_unit)
        facts.append((row.line, Fact(year, scenario, kronor, members, view, stated=stated)))
    return facts


def _stated(line: int, kind: str, sink: Sink) -> bool | None:
    """Whether a row's ``typ`` makes it a stated total; None after reporting a bad value."""
    found = _KINDS.get(kind.strip().casefold())
    if found is None:
        sink.error(
            "UPP169",
            f"Okänd typ «{kind}» i kolumnen typ.",
            line=line,
            field_name=KIND_COLUMN,
            hint="Använd «post» för ett belopp som ska summeras (eller lämna cellen tom), eller "
            "«summa» för en publicerad summa av raderna i sin dimension.",
        )
    return found


def _members(
    line: int,
    values: dict[str, str],
    columns: list[str],
    dimensions: dict[str, dict[str, str]],
    sink: Sink,
) -> tuple[tuple[str, str], ...] | None:
    members: list[tuple[str, str]] = []
    ok = True
    for name in sorted(columns):
        code = values[name]
        if not code:
            continue  # this fact is not broken down by that dimension
        if code not in dimensions[name]:
            sink.error(
                "UPP173",
                f"«{code}» finns inte i dimensionen {name}.",
                line=line,
                field_name=name,
                hint=f"Lägg till koden i {'organisation' if name == 'enhet' else 'dimensioner'}"
                ".yaml eller rätta koden.",
            )
            ok = False
        members.append((name, code))
    return tuple(members) if ok else None
