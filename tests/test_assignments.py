"""Uppdrag (uppdrag.yaml) and project portfolios (projekt.yaml): read, checked and shown in
every format, on a copy of the example with the two files and their sections added."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from build_output import data_rows, docx_text, written
from uppsikt.checks.assignments import period_end
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.model.assignments import AssignmentStatus, Giver
from uppsikt.model.settings import ReportType
from uppsikt.pipeline import build, load_report
from uppsikt.workspace.reader import read_workspace

ASSIGNMENTS = """\
uppdrag:
  - id: U-2020-03
    titel: Utred en gemensam kontaktväg för företagare
    givet_av: KF
    beslut: KF 2019-11-26 § 245
    ansvarig: VAN
    klart: 2020-12-31
    målområde: MO2
    status: pågår
    kommentar: |
      Utredningen är *påbörjad* och blir klar under våren 2021.
  - id: U-2020-05
    titel: Inför digitala ansökningar om ekonomiskt bistånd
    givet_av: KF
    ansvarig: FS
    klart: 2020-06-30
    status: genomfört
  - id: U-2020-07
    titel: Ta fram en plan för fler arbetsmarknadsanställningar
    givet_av: KS
    beslut: KS 2020-02-11 § 31
    ansvarig: AM
    klart: 2020-09-30
  - id: U-2020-09
    titel: Samordna lokalförsörjningen för vuxenutbildningen
    givet_av: KS
    ansvarig: VUX
    klart: 2021-06-30
    status: ej-påbörjat
"""
PORTFOLIOS = """\
portföljer:
  - id: SOC-INV
    namn: Sociala investeringar
    beskrivning: Portföljen finansieras av den sociala investeringsfonden.
    projekt:
      - {id: P1, namn: Unga till arbete, målområde: MO3, ansvarig: AM, status: i-fas,
         kommentar: Projektet följer sin plan.}
      - {id: P2, namn: Språkstöd i vardagen, tema: Integration, ansvarig: VUX, status: ej-i-fas}
  - id: DIGI
    namn: Digitalisering
    projekt:
      - {id: P3, namn: Självservice för arbetssökande, status: avslutat}
"""


def _workspace(root: Path, assignments: str = ASSIGNMENTS, portfolios: str = PORTFOLIOS) -> Path:
    (root / "uppdrag.yaml").write_text(assignments, encoding="utf-8")
    (root / "projekt.yaml").write_text(portfolios, encoding="utf-8")
    settings = root / "uppsikt.yaml"
    lines = settings.read_text(encoding="utf-8").splitlines()
    # the two sections are added at the end of the list of sections
    end = next(i for i, line in enumerate(lines) if line.startswith("avsnitt:")) + 1
    while end < len(lines) and lines[end].startswith("  - "):
        end += 1
    lines[end:end] = ["  - uppdrag", "  - projekt"]
    settings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def _errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def test_the_files_are_read_into_the_model(example_copy: Path) -> None:
    ws, diagnostics = read_workspace(_workspace(example_copy))
    assert _errors(diagnostics) == []
    assert ws is not None
    first = ws.assignments[0]
    assert (first.id, first.giver, first.responsible) == ("U-2020-03", Giver.KF, "VAN")
    assert first.due == datetime.date(2020, 12, 31)
    assert first.status is AssignmentStatus.ONGOING
    assert first.goal_area == "MO2"
    assert "påbörjad" in first.comment
    assert ws.assignments[2].status is None
    assert ws.assignments[3].status is AssignmentStatus.NOT_STARTED  # written ej-påbörjat
    assert [p.id for p in ws.portfolios] == ["SOC-INV", "DIGI"]
    projects = ws.portfolios[0].projects
    assert [(p.id, p.goal_area, p.theme) for p in projects] == [
        ("P1", "MO3", ""),
        ("P2", "", "Integration"),
    ]
    assert projects[0].status is AssignmentStatus.ON_TRACK


def test_the_example_has_none(example_copy: Path) -> None:
    ws, _ = read_workspace(example_copy)
    assert ws is not None
    assert ws.assignments == ()
    assert ws.portfolios == ()


def test_every_status_has_the_symbol_of_an_assessment_and_its_own_text() -> None:
    for status in AssignmentStatus:
        assert status.symbol == status.assessment.symbol
        assert status.label.lower() == status.value
        assert AssignmentStatus.parse(status.value.replace(" ", "-").upper()) is status
    assert AssignmentStatus.parse("klart") is None


@pytest.mark.parametrize(
    ("old", "new", "code", "line"),
    [
        ("    status: pågår\n", "    status: nästan klart\n", "UPP174", 9),
        ("  - id: U-2020-05\n", "  - id: U-2020-03\n", "UPP175", 12),
        ("    klart: 2020-06-30\n", '    klart: "2020-02-30"\n', "UPP176", 16),
        ("    klart: 2020-06-30\n", "    klart: snart\n", "UPP176", 16),
        ("    ansvarig: FS\n", "    ansvarig: KS\n", "UPP177", 15),
        ("    målområde: MO2\n", "    målområde: MO9\n", "UPP178", 8),
        ("    givet_av: KS\n    beslut", "    givet_av: KN\n    beslut", "UPP112", 20),
        ("    titel: Inför", "    rubrik: Inför", "UPP113", 13),
    ],
)
def test_errors_in_uppdrag_are_located(
    example_copy: Path, old: str, new: str, code: str, line: int
) -> None:
    assert ASSIGNMENTS.count(old) == 1
    _workspace(example_copy, ASSIGNMENTS.replace(old, new))
    ws, diagnostics = read_workspace(example_copy)
    assert ws is None
    found = [(d.code, d.location.file, d.location.line) for d in _errors(diagnostics)]
    assert (code, "uppdrag.yaml", line) in found, found
    assert all(d.message and d.hint for d in _errors(diagnostics))


def test_an_impossible_yaml_date_is_located(example_copy: Path) -> None:
    _workspace(example_copy, ASSIGNMENTS.replace("klart: 2020-06-30", "klart: 2020-02-30"))
    ws, diagnostics = read_workspace(example_copy)
    assert ws is None
    found = [(d.code, d.location.file, d.location.line) for d in _errors(diagnostics)]
    assert found == [("UPP103", "uppdrag.yaml", 16)]


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("målområde: MO3, ansvarig: AM", "målområde: MO3, tema: Arbete, ansvarig: AM", "UPP179"),
        ("{id: P3,", "{id: P1,", "UPP175"),
        ("ansvarig: VUX", "ansvarig: SN", "UPP177"),
        ("status: avslutat", "status: försenat", "UPP174"),
        ("målområde: MO3", "målområde: MO0", "UPP178"),
    ],
)
def test_errors_in_projekt_are_located(example_copy: Path, old: str, new: str, code: str) -> None:
    assert PORTFOLIOS.count(old) == 1
    _workspace(example_copy, portfolios=PORTFOLIOS.replace(old, new))
    ws, diagnostics = read_workspace(example_copy)
    assert ws is None
    found = [(d.code, d.location.file) for d in _errors(diagnostics) if d.location.line]
    assert (code, "projekt.yaml") in found, found


def test_overdue_assignments_are_warned_about_by_name(example_copy: Path) -> None:
    report, diagnostics = load_report(_workspace(example_copy))
    assert report is not None
    warned = [d for d in diagnostics if d.code == "UPP450"]
    # U-2020-03 is due on the last day, still pågår; U-2020-07 has no status. U-2020-05 is
    # done, and U-2020-09 is due after the period.
    assert [d.location.place for d in warned] == ["uppdrag U-2020-03", "uppdrag U-2020-07"]
    assert all(d.severity is Severity.WARNING for d in warned)
    assert "U-2020-03" in warned[0].message
    assert "«pågår»" in warned[0].message
    assert "ingen status" in warned[1].message
    assert (warned[0].location.file, warned[0].location.line) == ("uppdrag.yaml", 2)


def test_the_period_of_an_interim_report_ends_with_its_last_month(example_copy: Path) -> None:
    ws, _ = read_workspace(example_copy)
    assert ws is not None
    settings = ws.settings
    assert period_end(settings) == datetime.date(2020, 12, 31)
    interim = dataclasses.replace(
        settings, report_type=ReportType.DELARSRAPPORT, period="januari–augusti"
    )
    assert period_end(interim) == datetime.date(2020, 8, 31)


def test_the_sections_build_in_every_format(example_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    result = build(_workspace(example_copy), out)
    assert result.ok, [str(d) for d in _errors(list(result.diagnostics))]

    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    section = soup.find(id="uppdrag")
    assert section is not None
    text = section.get_text(" ", strip=True)
    for expected in (
        "Uppdrag från kommunfullmäktige",
        "Uppdrag från kommunstyrelsen",
        "Utred en gemensam kontaktväg för företagare",
        "KF 2019-11-26 § 245",
        "Vuxenutbildnings- och arbetsmarknadsnämnden",
        "2020-12-31",
        "◐ Pågår",
        "✔ Genomfört",
        "✘ Ej påbörjat",
        "Utredningen är påbörjad och blir klar under våren 2021.",
    ):
        assert expected in text, expected
    assert section.find("em", string="påbörjad") is not None  # the comment is rich text
    projects = soup.find(id="projekt")
    assert projects is not None
    ptext = projects.get_text(" ", strip=True)
    for expected in ("Sociala investeringar", "Integration", "✔ I fas", "✘ Ej i fas"):
        assert expected in ptext, expected

    words = docx_text(written(out, ".docx"))
    assert "Utred en gemensam kontaktväg för företagare" in words
    assert "◐ Pågår" in words
    assert "Unga till arbete" in words

    rows = data_rows(out, "uppdrag")
    assert rows["U-2020-03"]["rad"] == "Utred en gemensam kontaktväg för företagare"
    assert rows["U-2020-03"]["status"] == "◐ Pågår"
    assert rows["U-2020-03"]["klart"] == "2020-12-31"
    assert rows["U-2020-07"]["status"] == ""
    projects_csv = data_rows(out, "projekt")
    assert projects_csv["P3"]["status"] == "✔ Avslutat"
    assert projects_csv["SOC-INV"]["typ"] == "rubrik"

    workbook = load_workbook(written(out, ".xlsx"))
    cells = {str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row}
    assert "Utred en gemensam kontaktväg för företagare" in cells
    assert written(out, ".pdf").stat().st_size > 0
