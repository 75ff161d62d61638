"""Reading ekonomi/prognoser.csv: each delårsrapport's full-year forecast of net cost per unit,
and the settings ``prognos`` of uppsikt.yaml."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Protocol

from uppsikt.located.csvfile import cell_month, cell_number, cell_year, read_csv
from uppsikt.located.sink import Sink
from uppsikt.located.yamlfile import Node
from uppsikt.model.dimensions import ORGANISATION, Dimension
from uppsikt.model.economy import Fact, Scenario
from uppsikt.model.forecasts import DEFAULT_THRESHOLD, MONTHS, Forecast, ForecastSettings
from uppsikt.model.settings import Settings
from uppsikt.workspace.forecast_parts import PART_COLUMNS, PartsReader, of_part, split_consistently
from uppsikt.workspace.kommun import Place

FORECASTS_NAME = "prognoser.csv"
"""The file's name in the economy folder (ekonomi/); not read as economic facts."""
FORECASTS_FILE = f"ekonomi/{FORECASTS_NAME}"
FORECAST_KEY = "prognos"
"""The key of uppsikt.yaml that holds the forecast settings."""
_MONTH_HINT = "Skriv delårsrapportens sista månad som ett tal 1–12, t.ex. 4 (efter april)."


class Reading(Protocol):
    """What of the workspace reader's state is used here (workspace/reader.py's Reading)."""

    @property
    def place(self) -> Place: ...

    def sink(self, rel: str) -> Sink: ...


def forecasts(
    reading: Reading,
    organisation: Dimension | None,
    kronor: int,
    dimensions: Iterable[Dimension] = (),
) -> tuple[Forecast, ...]:
    """The forecasts of the report's folder, or of its kommun's; none without the file (or
    without the organisation, whose own error says why). ``dimensions``: the workspace's
    others, whose members a row's ``kontogrupp`` and ``verksamhet`` name."""
    path, shown = reading.place.locate(FORECASTS_FILE)
    if organisation is None or not path.is_file():
        return ()
    units = set(organisation.members())
    named = {d.name: d for d in dimensions if d.name in PART_COLUMNS}
    return tuple(read_forecasts(path, reading.sink(shown), units, kronor, named))


def read_forecasts(
    path: Path,
    sink: Sink,
    units: set[str],
    kronor: int,
    dimensions: Mapping[str, Dimension] = MappingProxyType({}),
) -> list[Forecast]:
    """The forecasts of the file, amounts in kronor (``kronor`` per unit of the file);
    ``dimensions`` by name, for the optional columns ``kontogrupp`` and ``verksamhet``."""
    read = read_csv(path, sink, ("år", "månad", "enhet", "belopp"), PART_COLUMNS)
    if read is None:
        return []
    _, rows = read
    found: list[Forecast] = []
    seen: dict[tuple[int, int, str, tuple[tuple[str, str], ...]], int] = {}
    parts_of = PartsReader(sink, dimensions)
    for row in rows:
        year = cell_year(row, "år", sink)
        month = cell_month(row, "månad", sink, code="UPP212", hint=_MONTH_HINT)
        unit = row.values["enhet"]
        known = unit in units
        if not known:
            sink.error(
                "UPP211",
                f"Enheten «{unit}» finns inte i organisationen.",
                line=row.line,
                field_name="enhet",
                hint="Skriv en enhets kod från organisation.yaml, eller lägg till enheten där.",
            )
        parts = parts_of(row)
        amount = cell_number(row, "belopp", sink)
        if year is None or month is None or amount is None or not known or parts is None:
            continue
        key = (year, month, unit, parts)
        if key in seen:
            sink.error(
                "UPP213",
                f"Prognosen för {unit}{of_part(parts)} efter {MONTHS[month - 1]} {year} står "
                f"redan på rad {seen[key]}.",
                line=row.line,
                hint="Ta bort en av raderna: en enhet (eller en del av den) har en prognos per "
                "delårsrapport.",
            )
            continue
        seen[key] = row.line
        found.append(
            Forecast(year, month, unit, amount * Decimal(kronor), sink.file, row.line, parts=parts)
        )
    split_consistently(found, sink, dimensions)
    return found


def read_forecast_settings(node: Node) -> ForecastSettings:
    """``prognos: {tröskel_procent: 1, månad: 8}`` in uppsikt.yaml; the defaults without it."""
    child = node.child(FORECAST_KEY)
    if child is None:
        return ForecastSettings()
    child.check_unknown(("tröskel_procent", "månad"))
    threshold = child.number("tröskel_procent", required=False)
    if threshold is not None and threshold < 0:
        child.sink.error(
            "UPP214",
            f"Tröskeln {threshold} % är negativ.",
            line=child.key_line("tröskel_procent"),
            field_name="tröskel_procent",
            hint="Skriv en andel av budgeten i procent, 0 eller mer, t.ex. tröskel_procent: 1.",
        )
        threshold = None
    month: int | None = None
    if child.has("månad"):
        month = child.integer("månad", required=False) or None
        if month is not None and not 1 <= month <= 12:
            child.sink.error(
                "UPP214",
                f"Månaden {month} finns inte.",
                line=child.key_line("månad"),
                field_name="månad",
                hint=_MONTH_HINT,
            )
            month = None
    return ForecastSettings(
        threshold_percent=DEFAULT_THRESHOLD if threshold is None else threshold, month=month
    )


def forecast_facts(
    settings: Settings,
    organisation: Dimension,
    rows: tuple[Forecast, ...],
    facts: tuple[Fact, ...],
) -> tuple[Forecast, ...]:
    """The forecasts a delårsrapport shows as its year's «prognos» facts: those of its own
    month, where the economy files give no forecast for the year themselves (typed prognos
    facts win; the two are never added). A unit with a forecast of its own below is left out,
    so that no krona is counted twice."""
    month = settings.report_month
    if month is None or any(
        f.scenario is Scenario.FORECAST and f.year == settings.year for f in facts
    ):
        return ()
    own = [r for r in rows if r.year == settings.year and r.month == month]
    paths = organisation.paths()
    covered = {ancestor for r in own for ancestor in paths[r.unit][:-1]}
    return tuple(r for r in own if r.unit not in covered)


def as_facts(
    rows: tuple[Forecast, ...], settings: Settings, organisation: Dimension
) -> tuple[Fact, ...]:
    """The shown forecasts as economic facts of scenario prognos (see :func:`as_fact`)."""
    carried = carried_dimensions(rows, settings, organisation)
    return tuple(as_fact(r, carried) for r in rows)


def carried_dimensions(
    rows: tuple[Forecast, ...], settings: Settings, organisation: Dimension
) -> tuple[str, ...]:
    """The part dimensions every shown forecast of the report's scope is split by: the view
    of the economy the forecasts make (compute/views.py). Forecasts split by verksamhet for
    every unit are a view per enhet and verksamhet, which a table per verksamhet reads; where
    some units are forecast whole, the parts make no complete view by verksamhet and the
    forecasts are a view per enhet only (each part a fact of its unit, the cube adds them)."""
    scope = set(settings.scope)
    paths = organisation.paths()
    inside = [r for r in rows if settings.whole_kommun or not scope or paths[r.unit][0] in scope]
    if not inside:
        return ()
    common = set(inside[0].part_dimensions)
    for row in inside[1:]:
        common &= set(row.part_dimensions)
    return tuple(sorted(common))


def as_fact(row: Forecast, carried: tuple[str, ...] = ()) -> Fact:
    """A forecast as an economic fact of the view per enhet and the ``carried`` part
    dimensions (scenario prognos); its members of other dimensions are left out."""
    kept = tuple(part for part in row.parts if part[0] in carried)
    return Fact(
        row.year,
        Scenario.FORECAST,
        row.amount,
        tuple(sorted(((ORGANISATION, row.unit), *kept))),
        tuple(sorted((ORGANISATION, *carried))),
    )
