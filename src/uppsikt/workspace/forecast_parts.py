"""The parts of a unit's forecast in ekonomi/prognoser.csv: the optional columns
``kontogrupp`` and ``verksamhet`` name a member of their dimension, and a unit's forecast after
a month is either whole or split one way into parts that do not overlap."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from itertools import product

from uppsikt.located.csvfile import CsvRow
from uppsikt.located.sink import Sink
from uppsikt.model.dimensions import Dimension
from uppsikt.model.forecasts import MONTHS, Forecast

PART_COLUMNS = ("kontogrupp", "verksamhet")
"""Optional columns: a row with a member of either forecasts that part of the unit."""


class PartsReader:
    """A row's parts (its ``kontogrupp`` and ``verksamhet``), each a member of its dimension;
    a missing dimension is reported once per file."""

    def __init__(self, sink: Sink, dimensions: Mapping[str, Dimension]) -> None:
        self.sink = sink
        self.dimensions = dimensions
        self.members = {name: d.members() for name, d in dimensions.items()}
        self.missing: set[str] = set()

    def __call__(self, row: CsvRow) -> tuple[tuple[str, str], ...] | None:
        """The (dimension, member) pairs written on the row; None after reporting one."""
        parts: list[tuple[str, str]] = []
        ok = True
        for name in PART_COLUMNS:
            code = row.values.get(name, "")
            if not code:
                continue
            members = self.members.get(name)
            if members is None:
                ok = False
                if name not in self.missing:
                    self.missing.add(name)
                    self.sink.error(
                        "UPP230",
                        f"Prognosen delas upp per {name}, men dimensionen «{name}» finns inte "
                        "i dimensioner.yaml.",
                        line=row.line,
                        field_name=name,
                        hint=f"Lägg till dimensionen «{name}» med sina koder i dimensioner.yaml, "
                        f"eller lämna kolumnen «{name}» tom.",
                    )
            elif code not in members:
                ok = False
                self.sink.error(
                    "UPP230",
                    f"«{code}» finns inte bland koderna för {self.dimensions[name].label.lower()} "
                    "i dimensioner.yaml.",
                    line=row.line,
                    field_name=name,
                    hint=f"Skriv en av koderna under «{name}» i dimensioner.yaml: "
                    f"{_listed(members)}.",
                )
            else:
                parts.append((name, code))
        return tuple(sorted(parts)) if ok else None


def split_consistently(
    found: list[Forecast], sink: Sink, dimensions: Mapping[str, Dimension]
) -> None:
    """Reports a unit's forecast after a month written both whole and in parts (UPP231), or
    split in two ways, by different columns (UPP231), or with a part and a part of it, which
    would count twice (UPP232). Each is reported on the line of the later row."""
    groups: dict[tuple[int, int, str], list[Forecast]] = defaultdict(list)
    for forecast in found:
        groups[(forecast.year, forecast.month, forecast.unit)].append(forecast)
    for (year, month, unit), rows in groups.items():
        when = f"{unit} efter {MONTHS[month - 1]} {year}"
        first = rows[0]
        for row in rows[1:]:
            if row.part_dimensions == first.part_dimensions:
                continue
            if not row.parts or not first.parts:
                whole, split = (row, first) if not row.parts else (first, row)
                message = (
                    f"Prognosen för {when} står både för hela enheten (rad {whole.line}) och "
                    f"per del (rad {split.line})."
                )
                hint = (
                    "En enhets prognos är antingen hel eller uppdelad: ta bort raden för hela "
                    "enheten (summan av delarna blir enhetens prognos), eller raderna per del."
                )
            else:
                message = (
                    f"Prognosen för {when} delas upp per {_by(row)} på rad {row.line} men per "
                    f"{_by(first)} på rad {first.line}."
                )
                hint = (
                    "Dela upp en enhets prognos på ett sätt: fyll i samma kolumner "
                    "(kontogrupp, verksamhet) på varje rad för enheten och månaden."
                )
            sink.error("UPP231", message, line=row.line, hint=hint)
            break
        else:
            _overlapping(rows, when, sink, dimensions)


def _overlapping(
    rows: list[Forecast], when: str, sink: Sink, dimensions: Mapping[str, Dimension]
) -> None:
    """A part whose members lie under another part's members in every dimension is counted
    twice in the unit's sum (a kontogrupp and one of its subgroups). Each row's ancestors are
    looked up among the rows, so a file with many parts is read in linear time."""
    paths = {name: d.paths() for name, d in dimensions.items()}
    lines = {row.parts: row.line for row in rows}
    for row in rows:
        chains = [paths[name].get(code, (code,)) for name, code in row.parts]
        for codes in product(*chains):
            parts = tuple(zip(row.part_dimensions, codes, strict=True))
            line = lines.get(parts)
            if parts == row.parts or line is None:
                continue
            sink.error(
                "UPP232",
                f"Prognosen för {when} har en del som ingår i en annan: "
                f"{of_part(row.parts).strip(' ()')} (rad {row.line}) ingår i "
                f"{of_part(parts).strip(' ()')} (rad {line}).",
                line=row.line,
                hint="Skriv prognosen för delar som inte överlappar, så att ingen krona "
                "räknas två gånger.",
            )
            return


def of_part(parts: tuple[tuple[str, str], ...]) -> str:
    return f" ({', '.join(code for _, code in parts)})" if parts else ""


def _by(row: Forecast) -> str:
    return " och ".join(row.part_dimensions)


def _listed(members: Mapping[str, object]) -> str:
    codes = list(members)
    shown = ", ".join(codes[:_LISTED])
    return shown + (f" (och {len(codes) - _LISTED} till)" if len(codes) > _LISTED else "")


_LISTED = 12
