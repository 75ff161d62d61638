"""KS's forecast accuracy across a kommun's nämnder (issue #14, item 4): each nämnd's forecast
at every delårsrapport of the year against the outcome, the forecast errors and the mean
absolute error in tkr and as a share of the budget, as computed by
uppsikt.compute.forecast_accuracy; shown as a table of formatted strings and as the report's
grouped bar chart (reports/build/charts.py draws it and writes its text alternative).

Each nämnd is read from a report the user may read of the kommun's latest year (as the
monthly view): a report that closes the year (an årsberättelse, KS's årsberättelse, the
kommunsammanställning) before a delårsrapport, and among those the one covering the most
nämnder, so that the rows and the kommun total come from one computation when one report
covers them all (the kommunsammanställning). A nämnd's own report gives the nämnd's figures
(the report's total) only when every unit under the nämnd has a forecast. A verksamhetsplan
looks at no outcome and is not read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from uppsikt.compute.forecast_accuracy import (
    TOTAL_ID,
    ForecastAccuracy,
    UnitAccuracy,
    forecast_accuracy,
    top_units,
    total_accuracy,
)
from uppsikt.located.format import number, percent
from uppsikt.model.dimensions import ORGANISATION
from uppsikt.model.forecasts import month_name
from uppsikt.model.workspace import Workspace
from uppsikt.reports.build.charts import comparison_chart
from uppsikt.reports.charts.images import render_svg
from uppsikt.reports.model import Cell, Column, Row, Table
from uppsikt.web.models import Report
from uppsikt.web.services.loaded import load_or_latest

TKR = Decimal(1_000)
"""Amounts are shown in tkr, as on the monthly view."""
UNIT = "tkr"
OUTCOME_COLUMN = "utfall"
NO_FORECASTS = (
    "Det finns inga prognoser för året att jämföra med utfallet. Prognoserna läggs in per "
    "delårsrapport i kommunens ekonomi/prognoser.csv (eller i webbappen) och visas här "
    "när en årsberättelse eller delårsrapport för året kan läsas."
)
OPEN_YEAR = (
    "Året är inte avslutat för alla nämnder i tabellen: utfallet är utfallet hittills, och "
    "prognosfelen visas först när en årsberättelse för året finns."
)
NO_TOTAL = (
    "Kommunens summa visas inte: nämnderna läses ur rapporter för olika delar av året "
    "(årsberättelse och delårsrapport)."
)


@dataclass(frozen=True, slots=True)
class Source:
    """One nämnd's forecast accuracy and the report it was read from."""

    accuracy: UnitAccuracy
    report: Report
    closed: bool
    """Whether the report closes the year: its outcome is the year's bokslut."""
    width: int
    """How many nämnder the report covers."""

    @property
    def rank(self) -> tuple[bool, int, int]:
        """Lower is preferred: a closed year, then the widest report, then the oldest."""
        return (not self.closed, -self.width, self.report.pk)

    @property
    def own_rank(self) -> tuple[bool, int, int]:
        """The same for the report a row links to: the narrowest, the nämnd's own."""
        return (not self.closed, self.width, self.report.pk)


@dataclass(frozen=True, slots=True)
class AccuracyRow:
    """One nämnd (or the kommun total) as shown; '' where a figure is missing."""

    name: str
    report: Report | None
    """The nämnd's own report where the user may read it, else the report the row was read
    from (None for the total)."""
    forecasts: tuple[str, ...]
    """One per month of the view: the full-year forecast made after that month."""
    outcome: str
    budget: str
    errors: tuple[str, ...]
    """One per month of the view: outcome − forecast; '' before the year is closed."""
    mean_error: str
    mean_percent: str
    closed: bool


@dataclass(frozen=True, slots=True)
class AccuracyChart:
    title: str
    description: str
    """The text alternative, written from the chart's own figures (also inside the SVG)."""
    svg: str
    """An accessible SVG document (role img, title and desc), drawn by our own renderer."""


@dataclass(frozen=True, slots=True)
class AccuracyView:
    year: int | None
    months: tuple[str, ...]
    """The column heading of each delårsrapport, e.g. «efter april»."""
    rows: tuple[AccuracyRow, ...]
    total: AccuracyRow | None
    closed: bool
    """Whether every row's year is closed (the outcome column is bokslut)."""
    chart: AccuracyChart | None
    notes: tuple[str, ...]

    @property
    def outcome_label(self) -> str:
        return f"Bokslut {self.year}" if self.closed else f"Utfall {self.year}"


def accuracy_view(reports: list[Report]) -> AccuracyView:
    """The forecast accuracy of the nämnder of ``reports`` (those the user may read)."""
    if not reports:
        return AccuracyView(None, (), (), None, False, None, (NO_FORECASTS,))
    year = max(r.year for r in reports)
    chosen: dict[str, Source] = {}
    own: dict[str, Source] = {}
    computed: dict[int, ForecastAccuracy] = {}
    partial: dict[str, str] = {}
    for report in reports:
        if report.year != year:
            continue
        loaded, _ = load_or_latest(report)
        ws, results = loaded.ws, loaded.computed
        if ws is None or results is None or ws.settings.report_type.kind.plan:
            continue
        accuracy = forecast_accuracy(ws, results.organisation)
        computed[report.pk] = accuracy
        found, incomplete = _namnder(ws, accuracy)
        partial.update(incomplete)
        closed = not ws.settings.report_type.kind.interim
        for unit, width in found:
            candidate = Source(unit, report, closed, width)
            known = chosen.get(unit.code)
            if known is None or candidate.rank < known.rank:
                chosen[unit.code] = candidate
            linked = own.get(unit.code)
            if linked is None or candidate.own_rank < linked.own_rank:
                own[unit.code] = candidate
    sources = sorted(chosen.values(), key=lambda s: s.accuracy.name)
    notes = [
        f"{name}: någon enhet under nämnden saknar prognos, så nämndens prognos kan inte "
        "läsas ur nämndens rapport."
        for code, name in sorted(partial.items(), key=lambda item: item[1])
        if code not in chosen
    ]
    if not sources:
        return AccuracyView(year, (), (), None, False, None, (NO_FORECASTS, *notes))
    months = tuple(sorted({p.month for s in sources for p in s.accuracy.points}))
    closed = all(s.closed for s in sources)
    total = _total(sources, computed)
    if not closed:
        notes.insert(0, OPEN_YEAR)
    if total is None and len(sources) > 1:
        notes.append(NO_TOTAL)
    rows = tuple(
        _row(s.accuracy, months, own[s.accuracy.code].report, closed=s.closed) for s in sources
    )
    return AccuracyView(
        year=year,
        months=tuple(f"efter {month_name(m)}" for m in months),
        rows=rows,
        total=None if total is None else _row(total, months, None, closed=closed),
        closed=closed,
        chart=_chart(year, sources, months, closed=closed),
        notes=tuple(notes),
    )


def _namnder(
    ws: Workspace, accuracy: ForecastAccuracy
) -> tuple[list[tuple[UnitAccuracy, int]], dict[str, str]]:
    """The nämnder of a report's accuracy, each with the report's width; and the nämnder
    whose own report cannot give their figures (code → name)."""
    organisation = ws.dimension(ORGANISATION)
    roots = organisation.roots if organisation is not None else ()
    units = top_units(ws)
    if {u.code for u in units} <= {r.code for r in roots}:
        return [(u, len(units)) for u in accuracy.units], {}
    # A nämnd's own report follows its units; their total is the nämnd when each has a
    # forecast (forecast_accuracy's total covers only the units with one).
    if len(roots) != 1 or accuracy.total is None:
        return [], {}
    namnd = roots[0]
    if len(accuracy.units) != len(units):
        return [], {namnd.code: namnd.name}
    return [(dataclasses.replace(accuracy.total, code=namnd.code, name=namnd.name), 1)], {}


def _total(sources: Sequence[Source], computed: dict[int, ForecastAccuracy]) -> UnitAccuracy | None:
    """The kommun total: forecast_accuracy's own when one report gave every row, else the
    same rule applied over the rows (their sum for each month every row has a forecast),
    when every row closes the year alike; None with a single row."""
    if len(sources) < 2 or len({s.closed for s in sources}) > 1:
        return None
    reports = {s.report.pk for s in sources}
    if len(reports) == 1:
        accuracy = computed[reports.pop()]
        if {u.code for u in accuracy.units} == {s.accuracy.code for s in sources}:
            return accuracy.total
    return total_accuracy(tuple(s.accuracy for s in sources))


def _tkr(kronor: Decimal | None, *, signed: bool = False) -> str:
    return "" if kronor is None else number(kronor / TKR, 0, signed=signed)


def _row(
    found: UnitAccuracy, months: tuple[int, ...], report: Report | None, *, closed: bool
) -> AccuracyRow:
    points = [found.point(m) for m in months]
    share = found.mean_absolute_percent
    return AccuracyRow(
        name="Kommunen totalt" if found.code == TOTAL_ID else found.name,
        report=report,
        forecasts=tuple("" if p is None else _tkr(p.forecast) for p in points),
        outcome=_tkr(found.outcome),
        budget=_tkr(found.budget),
        errors=tuple("" if p is None or not closed else _tkr(p.error, signed=True) for p in points),
        mean_error=_tkr(found.mean_absolute_error) if closed else "",
        mean_percent=percent(share, 1) if closed and share is not None else "",
        closed=closed,
    )


def _chart(
    year: int, sources: Sequence[Source], months: tuple[int, ...], *, closed: bool
) -> AccuracyChart | None:
    """Grouped bars: for each nämnd a bar per delårsrapport's forecast and one for the
    outcome, drawn by the report's chart machinery from a table of the same figures."""
    outcome = f"Bokslut {year}" if closed else f"Utfall {year}"
    columns = (
        *(Column(f"prognos-{m}", f"Prognos efter {month_name(m)}", UNIT) for m in months),
        Column(OUTCOME_COLUMN, outcome, UNIT),
    )
    rows = tuple(
        Row(
            s.accuracy.code,
            s.accuracy.name,
            (
                *(_cell(None if p is None else p.forecast) for p in map(s.accuracy.point, months)),
                _cell(s.accuracy.outcome),
            ),
        )
        for s in sources
    )
    table = Table(
        id="prognossakerhet-namnder",
        caption=f"Prognoser och {outcome.lower()} per nämnd",
        row_header="Nämnd",
        columns=columns,
        rows=rows,
    )
    chart = comparison_chart(table, [c.id for c in columns], UNIT)
    if chart is None:
        return None
    return AccuracyChart(chart.title, chart.description, render_svg(chart))


def _cell(kronor: Decimal | None) -> Cell:
    return Cell(None, missing="Ingen prognos") if kronor is None else Cell(kronor / TKR, 0)
