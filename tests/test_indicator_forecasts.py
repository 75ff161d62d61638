"""Forecasts for indicators (indikatorprognoser.csv): read with located errors, shown as a
column of the indicator tables («Prognos helår» in a delårsrapport, the latest forecast beside
the assessment in an årsberättelse) in every format, and checked (UPP497, UPP498)."""

from __future__ import annotations

import dataclasses
import io
import shutil
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from kommun_files import copy_kommun, errors, workspace, write_rows
from kommun_files import report as kommun_report
from uppsikt.checks import RULES
from uppsikt.checks.indicator_forecasts import (
    indicator_forecast_missing,
    outcome_differs_from_forecast,
)
from uppsikt.compute.results import compute
from uppsikt.located.diagnostics import Severity
from uppsikt.model.assessment import Assessment
from uppsikt.model.indicator_forecasts import IndicatorForecast, Outlook
from uppsikt.model.settings import OutputFormat, ReportType
from uppsikt.pipeline import build, load_report
from uppsikt.reports.model import CellKind, ReportModel, Section, Table
from uppsikt.workspace.reader import read_workspace

FILE = "indikatorprognoser.csv"
HEADER = "indikator;år;månad;prognos;kommentar"
ANNUAL = "bun-2025"
INTERIM = "bun-test-augusti"
GOALS_TABLE = "indikatorer-malomrade-1"
"""BUN's first målområde: behorighet-yrkesprogram (target 85), examen-fyra-ar (Öka) and
elevhalsa-forebyggande (40)."""
TARGETED = (
    "behorighet-yrkesprogram",
    "examen-fyra-ar",
    "elevhalsa-forebyggande",
    "sjukfranvaro",
    "heltider",
)
"""BUN's indicators with a target for 2025 (the kommun's shared ones have none)."""


@pytest.fixture
def kommun(tmp_path: Path) -> Path:
    """A copy of the example kommun with a delårsrapport after augusti made from BUN's
    årsberättelse; neither report has indicator forecasts until a test writes them."""
    root = copy_kommun(tmp_path)
    for found in (root / "rapporter").glob(f"*/{FILE}"):
        found.unlink()
    (root / FILE).unlink(missing_ok=True)
    interim = root / "rapporter" / INTERIM
    shutil.copytree(root / "rapporter" / ANNUAL, interim)
    settings = interim / "uppsikt.yaml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace("rapport: årsberättelse", "rapport: delårsrapport")
    text = text.replace("  - prognossakerhet\n", "")
    settings.write_text(text + "period: januari–augusti\n", encoding="utf-8")
    (interim / "text" / "prognossakerhet.md").unlink()
    return root


def write(folder: Path, *rows: str) -> None:
    write_rows(folder / FILE, HEADER, *rows)


def report(kommun: Path, name: str = ANNUAL) -> Path:
    return kommun_report(kommun, name)


def table(model: ReportModel, table_id: str) -> Table:
    def walk(sections: tuple[Section, ...]) -> Table | None:
        for section in sections:
            for block in section.blocks:
                if isinstance(block, Table) and block.id == table_id:
                    return block
            found = walk(section.subsections)
            if found is not None:
                return found
        return None

    found = walk(model.sections)
    assert found is not None, table_id
    return found


def model_of(folder: Path) -> ReportModel:
    model, found = load_report(folder)
    assert model is not None, [d.format() for d in found if d.severity is Severity.ERROR]
    return model


def forecast_text(t: Table, row_id: str, column_id: str) -> str | None:
    index = [c.id for c in t.columns].index(column_id)
    row = next(r for r in t.rows if r.id == row_id)
    return row.cells[index].text


# Reading


def test_forecasts_are_read(kommun: Path) -> None:
    write(
        report(kommun),
        "behorighet-yrkesprogram;2025;4;delvis;  Vårens betyg   pekar uppåt. ",
        "behorighet-yrkesprogram;2025;augusti;Uppfylls inte;",
    )
    ws = workspace(report(kommun))
    assert ws.indicator_forecasts == (
        IndicatorForecast(
            "behorighet-yrkesprogram", 2025, 4, Outlook.PARTLY_MET, "Vårens betyg pekar uppåt."
        ),
        IndicatorForecast("behorighet-yrkesprogram", 2025, 8, Outlook.NOT_MET, ""),
    )
    assert [(f.file, f.line) for f in ws.indicator_forecasts] == [(FILE, 2), (FILE, 3)]


def test_a_kommun_file_serves_its_reports(kommun: Path) -> None:
    write(kommun, "behorighet-yrkesprogram;2025;8;uppfylls;")
    ws = workspace(report(kommun))
    assert [(f.indicator, f.file) for f in ws.indicator_forecasts] == [
        ("behorighet-yrkesprogram", f"../../{FILE}")
    ]


def test_the_kommun_file_serves_each_report_its_own_rows(kommun: Path) -> None:
    """Every report reads the kommun's file: a row of another nämnd's indicator is not an
    unknown indicator there, only another report's."""
    write(kommun, "behorighet-yrkesprogram;2025;8;uppfylls;")
    ws, found = read_workspace(report(kommun, "sn-2025"))
    assert ws is not None, errors(found)
    assert ws.indicator_forecasts == ()


PLAN = "bun-plan-2025"


def test_the_plans_file_serves_the_years_reports(kommun: Path) -> None:
    """Written once in the verksamhetsplan's folder, the forecasts are read by every report of
    the year that names the plan, and shown by none of the plan's own tables."""
    write(report(kommun, PLAN), "behorighet-yrkesprogram;2025;8;uppfylls;")
    shown = f"../{PLAN}/{FILE}"
    for name in (ANNUAL, INTERIM):
        ws = workspace(report(kommun, name))
        assert [(f.indicator, f.file) for f in ws.indicator_forecasts] == [
            ("behorighet-yrkesprogram", shown)
        ]
    model = model_of(report(kommun, PLAN))
    assert not any(c.id.startswith("prognos-") for c in table(model, GOALS_TABLE).columns)
    # The report's own file comes first.
    write(report(kommun), "behorighet-yrkesprogram;2025;8;delvis;")
    own = workspace(report(kommun))
    assert [(f.outlook, f.file) for f in own.indicator_forecasts] == [(Outlook.PARTLY_MET, FILE)]


def test_reader_errors_are_located(kommun: Path) -> None:
    write(
        report(kommun),
        "behorighet-yrkesprogram;2025;8;uppfylls;",
        "okand-indikator;2025;8;uppfylls;",  # line 3: no such indicator
        "examen-fyra-ar;2025;13;uppfylls;",  # line 4: no such month
        "examen-fyra-ar;2025;8;kanske;",  # line 5: no such forecast
        "behorighet-yrkesprogram;2025;8;delvis;",  # line 6: twice
        "elevhalsa-forebyggande;2026;8;uppfylls;",  # line 7: after the report's year
        "barn-per-arsarbetare;2025;8;uppfylls;",  # line 8: no target
        "examen-fyra-ar;2025;8;;",  # line 9: no forecast written
    )
    ws, found = read_workspace(report(kommun))
    assert ws is None
    assert errors(found) == [
        ("UPP225", FILE, 3),
        ("UPP226", FILE, 4),
        ("UPP227", FILE, 5),
        ("UPP228", FILE, 6),
        ("UPP229", FILE, 7),
        ("UPP229", FILE, 8),
        ("UPP227", FILE, 9),
    ]
    duplicate = next(d for d in found if d.code == "UPP228")
    assert "rad 2" in duplicate.message
    assert all(d.hint for d in found if d.code.startswith("UPP22"))


def test_a_workspace_without_the_file_has_no_forecasts(kommun: Path) -> None:
    assert workspace(report(kommun)).indicator_forecasts == ()
    model = model_of(report(kommun))
    assert not any(c.id.startswith("prognos-") for c in table(model, GOALS_TABLE).columns)


# The column


def test_the_delarsrapport_shows_its_months_forecast(kommun: Path) -> None:
    folder = report(kommun, INTERIM)
    write(
        folder,
        "behorighet-yrkesprogram;2025;4;uppfylls;",
        "behorighet-yrkesprogram;2025;8;delvis;Flickorna når målet, pojkarna inte.",
        "examen-fyra-ar;2025;8;uppfylls inte;",
        # elevhalsa-forebyggande: no forecast after augusti
        "elevhalsa-forebyggande;2025;4;uppfylls;",
    )
    t = table(model_of(folder), GOALS_TABLE)
    ids = [c.id for c in t.columns]
    assert ids[-2:] == ["malvarde-2025", "prognos-helar"]
    assert t.columns[-1].label == "Prognos helår"
    assert t.has_assessment
    # The forecast after augusti, the report's month, not the one after april.
    assert forecast_text(t, "behorighet-yrkesprogram", "prognos-helar") == "◐ Delvis"
    assert forecast_text(t, "examen-fyra-ar", "prognos-helar") == "✘ Uppfylls inte"
    row = next(r for r in t.rows if r.id == "behorighet-yrkesprogram")
    (note,) = row.cells[-1].notes
    texts = {f.number: f.text for f in t.footnotes}
    assert texts[note] == "Prognos helår: Flickorna når målet, pojkarna inte."
    # A target without a forecast for the month is missing, with the reason as a note.
    missing = next(r for r in t.rows if r.id == "elevhalsa-forebyggande").cells[-1]
    assert missing.kind is CellKind.MISSING
    assert "Ingen prognos efter augusti." in texts.values()
    # Breakdown rows keep every row as long as the columns, blank under target and forecast.
    for r in t.rows:
        assert len(r.cells) == len(t.columns)
    flickor = next(r for r in t.rows if r.id == "behorighet-yrkesprogram.flickor")
    assert [c.kind for c in flickor.cells[-2:]] == [CellKind.EMPTY, CellKind.EMPTY]


def test_the_arsberattelse_shows_the_latest_forecast(kommun: Path) -> None:
    write(
        report(kommun),
        "behorighet-yrkesprogram;2025;4;uppfylls;",
        "behorighet-yrkesprogram;2025;8;uppfylls inte;",
        "examen-fyra-ar;2025;4;delvis;",
    )
    t = table(model_of(report(kommun)), GOALS_TABLE)
    assert [c.label for c in t.columns][-2:] == ["Målvärde 2025", "Prognos augusti"]
    assert forecast_text(t, "behorighet-yrkesprogram", "prognos-augusti") == "✘ Uppfylls inte"
    # Beside the outcome's assessment, which stays the row's own.
    row = next(r for r in t.rows if r.id == "behorighet-yrkesprogram")
    assert row.assessment is Assessment.NOT_MET
    # Only april's forecast: none after augusti.
    examen = next(r for r in t.rows if r.id == "examen-fyra-ar")
    assert examen.cells[-1].kind is CellKind.MISSING


def test_a_table_without_targets_has_no_forecast_column(kommun: Path) -> None:
    write(report(kommun), "behorighet-yrkesprogram;2025;8;uppfylls;")
    model = model_of(report(kommun))
    five = table(model, "fem-ar-i-sammandrag")
    assert not any(c.id.startswith("prognos-") for c in five.columns)


@pytest.fixture
def built(kommun: Path, tmp_path: Path) -> Path:
    folder = report(kommun, INTERIM)
    write(folder, "behorighet-yrkesprogram;2025;8;delvis;Pojkarna ligger efter.")
    out = tmp_path / "ut"
    formats = (OutputFormat.HTML, OutputFormat.DOCX, OutputFormat.PDF, OutputFormat.XLSX)
    result = build(folder, out, formats)
    assert result.ok, [d.format() for d in result.diagnostics if d.severity is Severity.ERROR]
    return out


def _file(out: Path, suffix: str) -> Path:
    (found,) = [p for p in out.rglob(f"*{suffix}") if p.is_file()]
    return found


def test_every_format_shows_the_column(built: Path) -> None:
    html = BeautifulSoup(_file(built, ".html").read_text(encoding="utf-8"), "html.parser")
    headers = [th.get_text(" ", strip=True) for th in html.find_all("th")]
    assert "Prognos helår" in headers
    assert "Delvis" in html.get_text(" ")
    assert "Prognos helår: Pojkarna ligger efter." in html.get_text(" ")

    document = docx.Document(io.BytesIO(_file(built, ".docx").read_bytes()))
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert "Prognos helår" in cells
    assert any(text.startswith("◐ Delvis") for text in cells)

    pdf = " ".join(p.extract_text() for p in PdfReader(_file(built, ".pdf")).pages)
    assert "Prognos helår" in " ".join(pdf.split())
    assert "Delvis" in pdf

    book = openpyxl.load_workbook(_file(built, ".xlsx"))
    values = {str(c.value) for s in book.worksheets for r in s.iter_rows() for c in r if c.value}
    assert "Prognos helår" in values
    assert any(v.startswith("◐ Delvis") for v in values)


# The checks


def test_rules_are_registered() -> None:
    checks = {r.check for r in RULES}
    assert {indicator_forecast_missing, outcome_differs_from_forecast} <= checks


def _all(folder: Path, month: int) -> None:
    write(folder, *(f"{i};2025;{month};går inte att bedöma;" for i in TARGETED))


def test_upp497_an_indicator_without_forecast(kommun: Path) -> None:
    folder = report(kommun, INTERIM)
    _all(folder, 8)
    ws = workspace(folder)
    computed, _ = compute(ws)
    assert indicator_forecast_missing(ws, computed) == []
    kept = tuple(f for f in ws.indicator_forecasts if f.indicator != "heltider")
    found = indicator_forecast_missing(dataclasses.replace(ws, indicator_forecasts=kept), computed)
    assert [(d.code, d.severity) for d in found] == [("UPP497", Severity.WARNING)]
    assert "heltider" in (found[0].location.place or "")
    # Forecasts after april only: every target lacks augusti's.
    _all(folder, 4)
    april = workspace(folder)
    assert len(indicator_forecast_missing(april, computed)) == len(TARGETED)
    # Not without any forecast, nor in an årsberättelse.
    none = dataclasses.replace(ws, indicator_forecasts=())
    assert indicator_forecast_missing(none, computed) == []
    annual = dataclasses.replace(
        april, settings=dataclasses.replace(april.settings, report_type=ReportType.ARSBERATTELSE)
    )
    assert indicator_forecast_missing(annual, computed) == []


def test_upp497_in_a_whole_check(kommun: Path) -> None:
    folder = report(kommun, INTERIM)
    write(folder, "behorighet-yrkesprogram;2025;8;uppfylls;")
    _, found = load_report(folder)
    missing = sorted(d.location.place or "" for d in found if d.code == "UPP497")
    assert missing == sorted(f"indikator {i}" for i in TARGETED[1:])


def test_upp498_outcome_unlike_the_last_forecast(kommun: Path) -> None:
    # behorighet-yrkesprogram: 83,2 against 85, not met; elevhalsa-forebyggande: 42 against
    # 40, met.
    write(
        report(kommun),
        "behorighet-yrkesprogram;2025;4;uppfylls inte;",
        "behorighet-yrkesprogram;2025;8;uppfylls;",  # the last: unlike the outcome
        "elevhalsa-forebyggande;2025;8;uppfylls;",  # like the outcome
        "sjukfranvaro;2025;8;går inte att bedöma;",  # foresaw nothing
    )
    ws = workspace(report(kommun))
    computed, _ = compute(ws)
    assert computed.assessments["behorighet-yrkesprogram"] is Assessment.NOT_MET
    assert computed.assessments["elevhalsa-forebyggande"] is Assessment.MET
    found = outcome_differs_from_forecast(ws, computed)
    assert [(d.code, d.severity, d.location.line) for d in found] == [("UPP498", Severity.NOTE, 3)]
    assert "augusti" in found[0].message
    interim = dataclasses.replace(
        ws, settings=dataclasses.replace(ws.settings, report_type=ReportType.DELARSRAPPORT)
    )
    assert outcome_differs_from_forecast(interim, computed) == []


def test_upp498_not_when_the_last_forecast_was_right(kommun: Path) -> None:
    write(
        report(kommun),
        "behorighet-yrkesprogram;2025;4;uppfylls;",  # wrong, but not the last
        "behorighet-yrkesprogram;2025;8;uppfylls inte;",
    )
    ws = workspace(report(kommun))
    computed, _ = compute(ws)
    assert outcome_differs_from_forecast(ws, computed) == []


def test_the_data_package_carries_the_column(kommun: Path, tmp_path: Path) -> None:
    folder = report(kommun, INTERIM)
    write(folder, "behorighet-yrkesprogram;2025;8;uppfylls;")
    out = tmp_path / "data"
    result = build(folder, out, (OutputFormat.DATA,))
    assert result.ok
    texts = []
    for path in out.rglob("*"):
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                texts += [archive.read(n).decode("utf-8") for n in archive.namelist()]
        elif path.suffix == ".csv":
            texts.append(path.read_text(encoding="utf-8"))
    assert any("prognos-helar" in t and "Uppfylls" in t for t in texts)
