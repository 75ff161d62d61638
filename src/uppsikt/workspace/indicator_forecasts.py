"""Reading indikatorprognoser.csv: each delårsrapport's forecast of whether an indicator's
target for the year will be met, with a short comment."""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Protocol

from uppsikt.located.csvfile import CsvRow, cell_month, cell_year, read_csv
from uppsikt.located.sink import Sink
from uppsikt.model.forecasts import month_name
from uppsikt.model.indicator_forecasts import IndicatorForecast, Outlook, has_target
from uppsikt.model.indicators import Indicator
from uppsikt.workspace.kommun import Place

INDICATOR_FORECASTS_FILE = "indikatorprognoser.csv"
"""In the report's folder; in a kommun, else in its plan's folder (read by every report of the
plan's year), else at the kommun's top."""
_OUTLOOKS = {o.value: o for o in Outlook}
_OUTLOOK_HINT = "Skriv en av: " + ", ".join(_OUTLOOKS) + "."
_MONTH_HINT = "Skriv delårsrapportens sista månad som ett tal 1–12, t.ex. 8 (efter augusti)."


class Reading(Protocol):
    """What of the workspace reader's state is used here (workspace/reader.py's Reading)."""

    @property
    def place(self) -> Place: ...

    def sink(self, rel: str) -> Sink: ...


def indicator_forecasts(
    reading: Reading,
    indicators: Iterable[Indicator],
    year: int,
    *,
    defined: Collection[str] = (),
) -> tuple[IndicatorForecast, ...]:
    """The indicator forecasts of the report's folder, else of its plan's, else of its
    kommun's; none without the file. ``defined``: every indicator id written in
    indikatorer.yaml, valid or not. The kommun's file serves every report: each reads the
    rows of its own indicators, and a row of an indicator it does not know is not its own."""
    place = reading.place
    path, shown = place.own(INDICATOR_FORECASTS_FILE), INDICATOR_FORECASTS_FILE
    shared = False
    if not path.is_file() and place.plan is not None:
        path = place.plan / INDICATOR_FORECASTS_FILE
        shown = posixpath.join("..", place.plan.name, INDICATOR_FORECASTS_FILE)
    if not path.is_file() and place.kommun is not None:
        path, shown = (
            place.kommun / INDICATOR_FORECASTS_FILE,
            place.shown_shared(INDICATOR_FORECASTS_FILE),
        )
        shared = True
    if not path.is_file():
        return ()
    known = {i.id: i for i in indicators}
    sink = reading.sink(shown)
    return tuple(read_indicator_forecasts(path, sink, known, year, defined, shared=shared))


def read_indicator_forecasts(
    path: Path,
    sink: Sink,
    indicators: dict[str, Indicator],
    report_year: int,
    defined: Collection[str] = (),
    *,
    shared: bool = False,
) -> list[IndicatorForecast]:
    """The forecasts of the file; ``indicators`` by id, ``report_year`` the report's year. An
    indicator in ``defined`` but not in ``indicators`` is known but invalid: its own error is
    reported, and its forecasts are skipped, not called unknown. In a ``shared`` file (the
    kommun's) the rows of indicators the report does not know are another report's."""
    read = read_csv(path, sink, ("indikator", "år", "månad", "prognos"), ("kommentar",))
    if read is None:
        return []
    _, rows = read
    found: list[IndicatorForecast] = []
    seen: dict[tuple[str, int, int], int] = {}
    for row in rows:
        ident = row.values["indikator"]
        indicator = indicators.get(ident)
        if indicator is None and ident not in defined and not shared:
            sink.error(
                "UPP225",
                f"Indikatorn «{ident}» finns inte.",
                line=row.line,
                field_name="indikator",
                hint="Skriv id:t för en indikator i indikatorer.yaml.",
            )
        year = cell_year(row, "år", sink)
        month = cell_month(row, "månad", sink, code="UPP226", hint=_MONTH_HINT)
        outlook = _outlook(row, sink)
        if indicator is None or year is None or month is None or outlook is None:
            continue
        if not _fits_year(indicator, year, report_year, row, sink):
            continue
        key = (ident, year, month)
        if key in seen:
            sink.error(
                "UPP228",
                f"Prognosen för «{ident}» efter {month_name(month)} {year} står redan på rad "
                f"{seen[key]}.",
                line=row.line,
                hint="Ta bort en av raderna: en indikator har en prognos per delårsrapport.",
            )
            continue
        seen[key] = row.line
        comment = " ".join(row.values.get("kommentar", "").split())
        found.append(IndicatorForecast(ident, year, month, outlook, comment, sink.file, row.line))
    return found


def _outlook(row: CsvRow, sink: Sink) -> Outlook | None:
    text = row.values["prognos"]
    outlook = _OUTLOOKS.get(" ".join(text.casefold().split()))
    if outlook is None:
        sink.error(
            "UPP227",
            f"Okänd prognos «{text}»." if text else "Prognosen saknas.",
            line=row.line,
            field_name="prognos",
            hint=_OUTLOOK_HINT,
        )
    return outlook


def _fits_year(indicator: Indicator, year: int, report_year: int, row: CsvRow, sink: Sink) -> bool:
    """A forecast is of a target: for a year no later than the report's, which has one."""
    if year > report_year:
        sink.error(
            "UPP229",
            f"Prognosen gäller {year}, efter rapportens år {report_year}.",
            line=row.line,
            field_name="år",
            hint="Skriv rapportårets prognoser (och tidigare års).",
        )
        return False
    if not has_target(indicator, year):
        sink.error(
            "UPP229",
            f"Indikatorn «{indicator.id}» har inget målvärde för {year}: det finns inget mål "
            "att göra en prognos för.",
            line=row.line,
            field_name="år",
            hint="Ange målvärdet i indikatorer.yaml (målvärde eller målvärden), eller ta bort "
            "raden.",
        )
        return False
    return True
