"""Problems found once the files are read: views that do not reconcile, missing rows,
derived and booked figures that disagree with the data, references that name nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from uppsikt.examples import write_starter_workspace
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.pipeline import load_report


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    write_starter_workspace(tmp_path)
    return tmp_path


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _found(workspace: Path) -> list[Diagnostic]:
    _, diagnostics = load_report(workspace)
    return diagnostics


def test_starter_has_no_findings(starter: Path) -> None:
    report, diagnostics = load_report(starter)
    assert diagnostics == []
    assert report is not None


def test_views_that_disagree_beyond_rounding(starter: Path) -> None:
    # 6 kontogrupp facts and 9 unit facts for utfall 2025 allow (6 + 9) / 2 = 7.5 tkr.
    _replace(
        starter / "ekonomi" / "kontogrupper.csv", "2025;utfall;OVR;-7 480", "2025;utfall;OVR;-7 490"
    )
    (problem,) = _found(starter)
    assert (problem.code, problem.severity) == ("UPP401", Severity.ERROR)
    assert "utfall 2025" in problem.message
    assert "−10" in problem.message or "-10" in problem.message


def test_views_within_rounding_are_a_note(starter: Path) -> None:
    _replace(
        starter / "ekonomi" / "kontogrupper.csv", "2025;utfall;OVR;-7 480", "2025;utfall;OVR;-7 483"
    )
    (note,) = _found(starter)
    assert (note.code, note.severity) == ("UPP403", Severity.NOTE)
    assert note.message.startswith("Avrundningsdifferens")
    assert "−3" in note.message


def test_reference_to_nothing_names_file_and_line(starter: Path) -> None:
    _replace(
        starter / "text" / "forvaltningschefens-bedomning.md",
        "{{ tabell.enheter.netto.utfall | abs }}",
        "{{ tabell.enheter.netto.utfal | abs }}",
    )
    report, diagnostics = load_report(starter)
    assert report is None
    (problem,) = diagnostics
    assert problem.code == "UPP310"
    assert (problem.location.file, problem.location.line) == (
        "text/forvaltningschefens-bedomning.md",
        8,
    )
    assert "kolumn «utfal»" in problem.message


def test_missing_row_of_a_shown_indicator_is_a_warning(starter: Path) -> None:
    values = starter / "indikatorvarden.csv"
    values.write_text(
        "\n".join(line for line in values.read_text().splitlines() if ";M;2024;" not in line)
        + "\n",
        encoding="utf-8",
    )
    report, diagnostics = load_report(starter)
    assert report is not None  # a warning does not stop the build
    (problem,) = diagnostics
    assert (problem.code, problem.severity) == ("UPP402", Severity.WARNING)
    assert "2024 (M)" in problem.message


def test_typed_value_of_a_derived_indicator_must_agree(starter: Path) -> None:
    indicators = starter / "indikatorer.yaml"
    indicators.write_text(
        indicators.read_text(encoding="utf-8")
        + """  - id: ramavvikelse
    namn: Nämndens ramavvikelse, mnkr
    enhet: mnkr
    decimaler: 1
    bättre: högre
    målvärde: 0
    tecken: true
    tillhör: [{målområde: MO1}]
    härledd: {tabell: enheter, rad: netto, kolumn: avvikelse, skala: mnkr}
""",
        encoding="utf-8",
    )
    values = starter / "indikatorvarden.csv"
    # Computed: utfall −23 080 − budget −23 300 = +220 tkr = +0,2 mnkr; typed 0,4.
    values.write_text(
        values.read_text(encoding="utf-8")
        + "ramavvikelse;tot;2023;0,1;;;\n"
        + "ramavvikelse;tot;2024;-0,3;;;\n"
        + "ramavvikelse;tot;2025;0,4;;;\n",
        encoding="utf-8",
    )
    (problem,) = _found(starter)
    assert (problem.code, problem.severity) == ("UPP300", Severity.WARNING)
    assert "beräknas till 0.2" in problem.message


def test_delarsrapport_shows_the_forecast(starter: Path) -> None:
    _replace(starter / "uppsikt.yaml", "rapport: årsberättelse", "rapport: delårsrapport")
    drift = starter / "ekonomi" / "drift.csv"
    drift.write_text(
        drift.read_text(encoding="utf-8").replace("2025;utfall;", "2025;prognos;"),
        encoding="utf-8",
    )
    kontogrupper = starter / "ekonomi" / "kontogrupper.csv"
    kontogrupper.write_text(
        kontogrupper.read_text(encoding="utf-8").replace("2025;utfall;", "2025;prognos;"),
        encoding="utf-8",
    )
    report, diagnostics = load_report(starter)
    assert diagnostics == []
    assert report is not None
    assert report.meta.title == "Delårsrapport 2025"
    table = next(t for t in report.tables() if t.id == "enheter")
    assert [c.label for c in table.columns][:3] == ["Bokslut 2024", "Prognos 2025", "Budget 2025"]
    netto = next(r for r in table.rows if r.id == "netto")
    assert netto.cells[1].value == -23080
    assert netto.cells[3].value == 220  # avvikelse = prognos − budget, tkr
