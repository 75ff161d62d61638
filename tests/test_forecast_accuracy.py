"""Forecasts (ekonomi/prognoser.csv) and their accuracy: read with located errors, computed per
unit against the outcome, shown in the section «prognossakerhet» and checked (UPP490, UPP491)."""

from __future__ import annotations

import csv
import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kommun_files import copy_kommun, errors, workspace, write_rows
from kommun_files import report as kommun_report
from uppsikt.checks import RULES
from uppsikt.checks.forecasts import forecast_missing, outcome_far_from_forecast
from uppsikt.compute.forecast_accuracy import TOTAL_ID, forecast_accuracy
from uppsikt.compute.results import compute
from uppsikt.examples import bundled_kommun_example
from uppsikt.loading import LoadedWorkspace
from uppsikt.located.diagnostics import Severity
from uppsikt.model.economy import Scenario
from uppsikt.model.forecasts import ForecastSettings
from uppsikt.model.settings import OutputFormat, ReportType
from uppsikt.model.workspace import Workspace
from uppsikt.pipeline import build, load_report
from uppsikt.reports.build.forecasts import TABLE_ID
from uppsikt.reports.model import Chart, ChartKind, RowKind, Text
from uppsikt.workspace.reader import read_workspace

FILE = "ekonomi/prognoser.csv"
SHOWN = f"../../{FILE}"
"""The kommun's file as a report in rapporter/ names it."""
HEADER = "år;månad;enhet;belopp"
TKR = Decimal(1000)


@pytest.fixture
def kommun(tmp_path: Path) -> Path:
    """A copy of the example kommun, whose forecasts a test may rewrite."""
    return copy_kommun(tmp_path)


def write_forecasts(kommun: Path, *rows: str) -> None:
    write_rows(kommun / FILE, HEADER, *rows)


def report(kommun: Path, name: str = "bun-2025") -> Path:
    return kommun_report(kommun, name)


# Reading


def test_the_example_forecasts_are_read_in_kronor(kommun: Path) -> None:
    ws = workspace(report(kommun))
    months = {f.month for f in ws.forecasts}
    assert months == {4, 8}
    grundskola: dict[int, Decimal] = {}
    for f in ws.forecasts:  # after augusti in parts, per verksamhet: their sum
        if f.unit == "BUF-GR":
            grundskola[f.month] = grundskola.get(f.month, Decimal(0)) + f.amount
    # Written in tkr (beloppsenhet), held in kronor.
    assert grundskola == {4: Decimal(-585_200) * TKR, 8: Decimal(-587_800) * TKR}


def test_reader_errors_are_located(kommun: Path) -> None:
    write_forecasts(
        kommun,
        "2025;4;BUF-GR;-585 000",
        "2025;4;OKÄND;-100",  # line 3: no such unit
        "2025;13;BUF-FSK;-300 000",  # line 4: no such month
        "2025;4;BUF-GR;-586 000",  # line 5: twice
        "2025;augusti;BUF-GR;-587 000",  # a month's name is accepted
    )
    ws, found = read_workspace(report(kommun))
    assert ws is None
    assert errors(found) == [
        ("UPP211", SHOWN, 3),
        ("UPP212", SHOWN, 4),
        ("UPP213", SHOWN, 5),
    ]
    duplicate = next(d for d in found if d.code == "UPP213")
    assert "rad 2" in duplicate.message


def test_the_forecasts_are_not_read_as_facts(kommun: Path) -> None:
    """The file lies in ekonomi/ beside the facts, but has no scenario column: it is not a
    fact file (which would be an error) and adds nothing to the economy."""
    with_file = workspace(report(kommun))
    (kommun / FILE).unlink()
    without = workspace(report(kommun))
    assert with_file.facts == without.facts
    assert without.forecasts == ()


def test_bad_forecast_settings_are_errors(kommun: Path) -> None:
    settings = report(kommun) / "uppsikt.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text + "prognos:\n  tröskel_procent: -1\n  månad: 14\n", encoding="utf-8")
    _, found = read_workspace(report(kommun))
    assert [(c, f) for c, f, _ in errors(found)] == [
        ("UPP214", "uppsikt.yaml"),
        ("UPP214", "uppsikt.yaml"),
    ]


def test_settings_are_read(kommun: Path) -> None:
    settings = report(kommun) / "uppsikt.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text + "prognos:\n  tröskel_procent: 2,5\n  månad: 8\n", encoding="utf-8")
    ws = workspace(report(kommun))
    assert ws.settings.forecast == ForecastSettings(Decimal("2.5"), 8)


def test_the_section_is_not_allowed_in_a_delarsrapport(kommun: Path) -> None:
    settings = report(kommun) / "uppsikt.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "  - prognossakerhet\n" in text
    settings.write_text(
        text.replace("rapport: årsberättelse", "rapport: delårsrapport"), encoding="utf-8"
    )
    _, found = read_workspace(report(kommun))
    assert "UPP143" in [c for c, _, _ in errors(found)]


# Computing


def test_accuracy_by_hand(kommun: Path) -> None:
    write_forecasts(
        kommun,
        "2025;4;BUN-POL;-2 400",
        "2025;8;BUN-POL;-2 200",
        "2025;8;BUF-GR;-588 000",
    )
    ws = workspace(report(kommun))
    computed, _ = compute(ws)
    accuracy = forecast_accuracy(ws, computed.organisation)
    assert accuracy.months == (4, 8)
    # Only the units with a forecast, in the organisation's order.
    assert [u.code for u in accuracy.units] == ["BUN-POL", "BUF-GR"]
    pol, gr = accuracy.units
    # BUN-POL: budget −2 300, outcome −2 240 (drift-per-enhet.csv).
    assert pol.outcome == Decimal(-2_240) * TKR
    assert [p.error for p in pol.points] == [Decimal(160) * TKR, Decimal(-40) * TKR]
    # Mean absolute error (160 + 40) / 2 = 100 tkr, 100 / 2 300 of the budget.
    assert pol.mean_absolute_error == Decimal(100) * TKR
    assert pol.mean_absolute_percent is not None
    assert abs(pol.mean_absolute_percent - Decimal(100) / 2300 * 100) < Decimal("0.00001")
    last = pol.last
    assert last is not None
    assert last.month == 8
    # BUF-GR: outcome −588 420 against −588 000.
    assert [p.error for p in gr.points] == [Decimal(-420) * TKR]
    assert gr.point(4) is None
    # The total: only august, the month every unit forecast.
    total = accuracy.total
    assert total is not None
    assert total.code == TOTAL_ID
    assert [p.month for p in total.points] == [8]
    assert total.points[0].forecast == Decimal(-590_200) * TKR
    assert total.outcome == Decimal(-590_660) * TKR
    assert total.mean_absolute_error == Decimal(460) * TKR


def test_a_namnd_is_forecast_by_its_own_row_or_its_parts(kommun: Path) -> None:
    write_forecasts(
        kommun,
        "2025;8;KS-POL;-10 000",
        "2025;8;KLK;-128 000",  # the förvaltning's own row: its units' rows are not added
        "2025;8;KLK-EK;-22 000",
        "2025;8;REV;-1 900",
    )
    ws = workspace(report(kommun, "ks-2025"))
    computed, _ = compute(ws)
    accuracy = forecast_accuracy(ws, computed.organisation)
    # KS's report follows up its nämnder; VAL has no forecast and is left out.
    assert [u.code for u in accuracy.units] == ["KS", "REV"]
    ks = accuracy.units[0]
    assert ks.points[0].forecast == Decimal(-138_000) * TKR


# The report


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("prognos") / "ut"
    result = build(
        bundled_kommun_example() / "rapporter" / "ks-2025",
        out,
        (OutputFormat.HTML, OutputFormat.DATA),
    )
    assert result.ok, [d.format() for d in result.diagnostics]
    return out


def test_the_section_in_the_html(built: Path) -> None:
    soup = BeautifulSoup((built / "index.html").read_text(encoding="utf-8"), "html.parser")
    section = soup.find(id="prognossakerhet")
    assert section is not None
    text = section.get_text(" ", strip=True)
    assert "Prognossäkerhet" in text
    headers = [th.get_text(" ", strip=True) for th in section.find_all("th", scope="col")]
    for label in ("Prognos april", "Prognos augusti", "Bokslut 2025", "Medelabsolutfel tkr"):
        assert label in headers
    assert "Valnämnden" in text
    assert "Revisionsnämnden" in text
    assert section.find("svg") is not None  # the chart


def test_the_section_in_the_data_package(built: Path) -> None:
    with (built / "data" / f"{TABLE_ID}.csv").open(encoding="utf-8") as stream:
        rows = {row["id"]: row for row in csv.DictReader(stream)}
    assert list(rows) == ["KS", "REV", "VAL", TOTAL_ID]
    # The example: VAL forecast −410 tkr after augusti and closed at −380.
    val = rows["VAL"]
    assert Decimal(val["prognos-8"]) == -410
    assert Decimal(val["utfall"]) == -380
    assert Decimal(val["avvikelse-senaste"]) == 30
    # Mean absolute error: (|−380 − (−450)| + |−380 − (−410)|) / 2 = 50 tkr.
    assert Decimal(val["medelabsolutfel"]) == 50
    total = rows[TOTAL_ID]
    parts = sum(Decimal(rows[c]["prognos-8"]) for c in ("KS", "REV", "VAL"))
    assert Decimal(total["prognos-8"]) == parts


def test_the_report_model_table_and_chart(kommun: Path) -> None:
    model, found = load_report(report(kommun, "kommun-2025"))
    assert model is not None, [d.format() for d in found]
    table = next(t for t in model.tables() if t.id == TABLE_ID)
    codes = [r.id for r in table.rows]
    # Every nämnd with a forecast; the finansförvaltning has none.
    assert codes == ["KS", "REV", "VAL", "BUN", "SN", "TN", TOTAL_ID]
    assert table.rows[-1].kind is RowKind.TOTAL
    chart = next(c for c in model.charts() if c.id == f"jamforelse-{TABLE_ID}")
    assert isinstance(chart, Chart)
    assert chart.kind is ChartKind.GROUPED
    assert [s.label for s in chart.series] == ["Prognos april", "Prognos augusti", "Bokslut 2025"]
    assert "Socialnämnden" in chart.categories
    assert "Totalt" not in chart.categories


def test_a_report_without_forecasts_has_no_table(kommun: Path) -> None:
    (kommun / FILE).unlink()
    (report(kommun, "ks-2025") / "text" / "prognossakerhet.md").unlink()
    model, found = load_report(report(kommun, "ks-2025"))
    assert model is not None, [d.format() for d in found]
    assert all(t.id != TABLE_ID for t in model.tables())
    # KS's report leaves out what is empty; a nämnd's keeps the heading and says why.
    assert all(s.id != "prognossakerhet" for s in model.sections)
    (report(kommun) / "text" / "prognossakerhet.md").unlink()
    model, found = load_report(report(kommun))
    assert model is not None, [d.format() for d in found]
    section = next(s for s in model.sections if s.id == "prognossakerhet")
    assert len(section.blocks) == 1
    assert isinstance(section.blocks[0], Text)
    assert "inga prognoser" in str(section.blocks[0].body)


# Checks


def test_rules_are_registered() -> None:
    names = {r.name: r.check for r in RULES}
    assert names["prognos-kommenterad"] is outcome_far_from_forecast
    assert names["prognos-finns"] is forecast_missing


def test_upp490_fires_without_a_comment(kommun: Path) -> None:
    ws = workspace(report(kommun))
    computed, _ = compute(ws)
    # The example's text mentions Förvaltningsledning, whose outcome is +1,2 % of its budget
    # from the forecast after augusti.
    assert outcome_far_from_forecast(ws, computed) == []
    (report(kommun) / "text" / "prognossakerhet.md").write_text(
        "# Prognossäkerhet\n\nPrognoserna var goda.\n", encoding="utf-8"
    )
    ws = workspace(report(kommun))
    found = outcome_far_from_forecast(ws, computed)
    assert [d.code for d in found] == ["UPP490"]
    assert found[0].severity is Severity.WARNING
    assert "BUF-LED" in found[0].message
    assert found[0].location.file == "text/prognossakerhet.md"
    # A higher threshold lets it pass.
    relaxed = dataclasses.replace(
        ws, settings=dataclasses.replace(ws.settings, forecast=ForecastSettings(Decimal(2)))
    )
    assert outcome_far_from_forecast(relaxed, computed) == []


def test_upp490_not_in_a_delarsrapport(kommun: Path) -> None:
    (report(kommun) / "text" / "prognossakerhet.md").unlink()
    ws = workspace(report(kommun))
    computed, _ = compute(ws)
    assert [d.code for d in outcome_far_from_forecast(ws, computed)] == ["UPP490"]
    interim = dataclasses.replace(
        ws, settings=dataclasses.replace(ws.settings, report_type=ReportType.DELARSRAPPORT)
    )
    assert outcome_far_from_forecast(interim, computed) == []


def _interim(ws: Workspace, period: str, month: int | None = None) -> Workspace:
    settings = dataclasses.replace(
        ws.settings,
        report_type=ReportType.DELARSRAPPORT,
        period=period,
        forecast=ForecastSettings(month=month),
    )
    return dataclasses.replace(ws, settings=settings)


def test_upp491_a_unit_without_forecast(kommun: Path) -> None:
    ws = workspace(report(kommun))
    computed, _ = compute(ws)
    assert forecast_missing(_interim(ws, "januari–augusti"), computed) == []
    kept = tuple(f for f in ws.forecasts if (f.unit, f.month) != ("BUF-GR", 8))
    missing = dataclasses.replace(ws, forecasts=kept)
    found = forecast_missing(_interim(missing, "januari–augusti"), computed)
    assert [d.code for d in found] == ["UPP491"]
    assert "BUF-GR" in found[0].message
    assert "augusti" in found[0].message
    assert found[0].location.file == SHOWN
    # Its april forecast is there: a report after april finds nothing missing.
    assert forecast_missing(_interim(missing, "januari–april"), computed) == []
    # The setting prognos.månad wins over the period.
    assert forecast_missing(_interim(missing, "januari–april", 8), computed) == found
    # An årsberättelse is not checked, nor a period without a month.
    assert forecast_missing(missing, computed) == []
    assert forecast_missing(_interim(missing, ""), computed) == []


def test_upp491_a_forecast_above_the_unit_covers_it(kommun: Path) -> None:
    write_forecasts(kommun, "2025;8;BUN-POL;-2 300", "2025;8;BUF;-1 240 000")
    ws = workspace(report(kommun))
    computed, _ = compute(ws)
    assert forecast_missing(_interim(ws, "januari–augusti"), computed) == []
    write_forecasts(kommun, "2025;8;BUF;-1 240 000")
    ws = workspace(report(kommun))
    found = forecast_missing(_interim(ws, "januari–augusti"), computed)
    assert [d.message.split(" ")[0] for d in found] == ["Nämnd"]


def test_a_delarsrapport_shows_the_forecasts_of_its_month_as_its_prognos() -> None:
    """The delårsrapport after augusti reads ekonomi/prognoser.csv's august forecasts as its
    year's prognos column: the nämnd's units add up to the forecasts written for them."""

    root = bundled_kommun_example() / "rapporter" / "bun-delar-augusti-2025"
    loaded = LoadedWorkspace.read(root)
    ws = loaded.workspace
    assert ws is not None
    shown = [f for f in ws.facts if f.scenario is Scenario.FORECAST and f.year == 2025]
    written = [r for r in ws.forecasts if r.year == 2025 and r.month == 8]
    assert shown
    assert {f.amount for f in shown} <= {r.amount for r in written}
    april = {r.amount for r in ws.forecasts if r.month == 4} - {r.amount for r in written}
    assert not {f.amount for f in shown} & april  # never april's forecasts
    report = loaded.report()
    assert report is not None
    assert not [d for d in loaded.diagnostics if d.code == "UPP427"]
