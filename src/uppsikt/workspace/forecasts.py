"""Reading ekonomi/prognoser.csv: each delårsrapport's full-year forecast of net cost per unit,
and the settings ``prognos`` of uppsikt.yaml."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Protocol

from uppsikt.located.csvfile import cell_number, cell_year, read_csv
from uppsikt.located.sink import Sink
from uppsikt.located.yamlfile import Node
from uppsikt.model.dimensions import ORGANISATION, Dimension
from uppsikt.model.economy import Fact, Scenario
from uppsikt.model.forecasts import DEFAULT_THRESHOLD, MONTHS, Forecast, ForecastSettings
from uppsikt.model.settings import ReportType, Settings
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
    reading: Reading, organisation: Dimension | None, kronor: int
) -> tuple[Forecast, ...]:
    """The forecasts of the report's folder, or of its kommun's; none without the file (or
    without the organisation, whose own error says why)."""
    path, shown = reading.place.locate(FORECASTS_FILE)
    if organisation is None or not path.is_file():
        return ()
    units = set(organisation.members())
    return tuple(read_forecasts(path, reading.sink(shown), units, kronor))


def read_forecasts(path: Path, sink: Sink, units: set[str], kronor: int) -> list[Forecast]:
    """The forecasts of the file, amounts in kronor (``kronor`` per unit of the file)."""
    read = read_csv(path, sink, ("år", "månad", "enhet", "belopp"))
    if read is None:
        return []
    _, rows = read
    found: list[Forecast] = []
    seen: dict[tuple[int, int, str], int] = {}
    for row in rows:
        year = cell_year(row, "år", sink)
        month = _month(row.values["månad"], row.line, sink)
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
        amount = cell_number(row, "belopp", sink)
        if year is None or month is None or amount is None or not known:
            continue
        key = (year, month, unit)
        if key in seen:
            sink.error(
                "UPP213",
                f"Prognosen för {unit} efter {MONTHS[month - 1]} {year} står redan på rad "
                f"{seen[key]}.",
                line=row.line,
                hint="Ta bort en av raderna: en enhet har en prognos per delårsrapport.",
            )
            continue
        seen[key] = row.line
        found.append(Forecast(year, month, unit, amount * Decimal(kronor), sink.file, row.line))
    return found


def _month(text: str, line: int, sink: Sink) -> int | None:
    month = int(text) if text.isdigit() and len(text) <= 2 else None
    if month is None and text.casefold() in MONTHS:
        month = MONTHS.index(text.casefold()) + 1
    if month is None or not 1 <= month <= 12:
        sink.error(
            "UPP212",
            f"«{text}» är ingen månad.",
            line=line,
            field_name="månad",
            hint=_MONTH_HINT,
        )
        return None
    return month


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


def period_month(period: str) -> int | None:
    """The closing month of a period written as in ``period`` ('januari–augusti': 8)."""
    words = [w for w in period.replace("–", " ").replace("-", " ").casefold().split() if w]
    if not words or words[-1] not in MONTHS:
        return None
    return MONTHS.index(words[-1]) + 1


def report_month(settings: Settings) -> int | None:
    """The closing month of a delårsrapport: ``prognos.månad``, else the last month of
    ``period``; None for other report types or when neither says."""
    if settings.report_type is not ReportType.DELARSRAPPORT:
        return None
    return settings.forecast.month or period_month(settings.period)


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
    month = report_month(settings)
    if month is None or any(
        f.scenario is Scenario.FORECAST and f.year == settings.year for f in facts
    ):
        return ()
    own = [r for r in rows if r.year == settings.year and r.month == month]
    paths = organisation.paths()
    covered = {ancestor for r in own for ancestor in paths[r.unit][:-1]}
    return tuple(r for r in own if r.unit not in covered)


def as_fact(row: Forecast) -> Fact:
    """A forecast as an economic fact of the view per enhet (scenario prognos)."""
    return Fact(
        row.year, Scenario.FORECAST, row.amount, ((ORGANISATION, row.unit),), (ORGANISATION,)
    )
