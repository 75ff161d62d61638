"""One year, several reports: the verksamhetsplan a report names (``plan``) gives its goals,
indicators and tables to every report of the year; each report adds its own texts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from uppsikt.examples import bundled_kommun_example
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.model.settings import OutputFormat, ReportType
from uppsikt.pipeline import build, load_report
from uppsikt.reports.model import CommitmentView, Goals, ReportModel
from uppsikt.workspace.reader import read_workspace

PLAN = "bun-plan-2025"
YEAR_REPORTS = ("bun-2025", "bun-delar-april-2025", "bun-delar-augusti-2025")


@pytest.fixture
def kommun(tmp_path: Path) -> Path:
    """A copy of the example kommun, to change."""
    folder = tmp_path / "kommun"
    shutil.copytree(bundled_kommun_example(), folder)
    return folder


def _report(folder: Path) -> ReportModel:
    report, found = load_report(folder)
    assert report is not None, [d.format() for d in found]
    return report


def _commitments(report: ReportModel) -> dict[str, CommitmentView]:
    found: dict[str, CommitmentView] = {}
    for block in report.blocks():
        if isinstance(block, Goals):
            for goal in block.goals:
                found.update((c.text, c) for c in goal.commitments)
    return found


def _errors(folder: Path) -> list[Diagnostic]:
    _, found = read_workspace(folder)
    return [d for d in found if d.severity is Severity.ERROR]


def _settings_errors(folder: Path) -> list[Diagnostic]:
    """The errors of uppsikt.yaml (a report without its plan has others besides)."""
    return [d for d in _errors(folder) if d.location.file == "uppsikt.yaml"]


def _set_plan_setting(kommun: Path, report: str, old: str, new: str) -> None:
    path = kommun / "rapporter" / report / "uppsikt.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("name", YEAR_REPORTS)
def test_a_report_with_a_plan_reads_the_plans_goals_and_indicators(name: str) -> None:
    folder = bundled_kommun_example() / "rapporter" / name
    assert not (folder / "mal.yaml").exists()  # written once, in the plan
    assert not (folder / "indikatorer.yaml").exists()
    ws, found = read_workspace(folder)
    assert ws is not None, [d.format() for d in found]
    plan, _ = read_workspace(bundled_kommun_example() / "rapporter" / PLAN)
    assert plan is not None
    ids = [c.id for a in ws.goals.areas for g in a.goals for c in g.commitments]
    assert ids == [c.id for a in plan.goals.areas for g in a.goals for c in g.commitments]
    assert "A-BUN-BEHORIGHET" in ids
    assert {i.id for i in plan.indicators} <= {i.id for i in ws.indicators}
    report = _report(folder)
    commitments = _commitments(report)
    assert "Elevhälsan ska arbeta mer förebyggande och främjande." in commitments


def test_each_report_has_its_own_texts_on_the_plans_goals() -> None:
    rapporter = bundled_kommun_example() / "rapporter"
    descriptions = {}
    for name in (PLAN, *YEAR_REPORTS):
        ws, _ = read_workspace(rapporter / name)
        assert ws is not None
        commitment = ws.goals.areas[0].goals[0].commitments[0]
        assert commitment.id == "A-BUN-BEHORIGHET"
        descriptions[name] = commitment.description
    assert descriptions[PLAN] == ""
    assert "lovskolan har utökats" in descriptions["bun-2025"]
    assert "kartlagt" in descriptions["bun-delar-april-2025"]
    assert "två veckor i juni" in descriptions["bun-delar-augusti-2025"]
    annual, _ = read_workspace(rapporter / "bun-2025")
    assert annual is not None
    assert annual.goals.areas[0].analysis.startswith("Kunskapsresultaten")
    assert annual.goals.areas[0].directions[1].contribution.startswith("Studie- och yrkes")


def test_the_plans_errors_are_located_in_the_plans_file(kommun: Path) -> None:
    goals = kommun / "rapporter" / PLAN / "mal.yaml"
    text = goals.read_text(encoding="utf-8")
    goals.write_text(text.replace("ställningstagande: ej-relevant}", "ställningstagande: x}", 1))
    found = _errors(kommun / "rapporter" / "bun-2025")
    assert found
    assert {d.location.file for d in found} == {f"../{PLAN}/mal.yaml"}
    wrong = next(d for d in found if d.code == "UPP112")
    lines = goals.read_text(encoding="utf-8").splitlines()
    assert wrong.location.line is not None
    assert "ställningstagande: x" in lines[wrong.location.line - 1]


def test_an_unknown_id_in_bedomningar_is_located(kommun: Path) -> None:
    path = kommun / "rapporter" / "bun-2025" / "bedomningar.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("id: A-BUN-EXAMEN", "id: A-BUN-FINNS-INTE"), encoding="utf-8")
    found = _errors(kommun / "rapporter" / "bun-2025")
    assert [(d.code, d.location.file) for d in found] == [("UPP117", "bedomningar.yaml")]
    assert found[0].location.line is not None


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("plan: bun-plan-2025", "plan: bun-plan-2024", "UPP220"),
        ("plan: bun-plan-2025", "plan: ../bun-plan-2025", "UPP220"),
        ("plan: bun-plan-2025", "plan: sn-2025", "UPP222"),
    ],
)
def test_a_wrong_plan_is_refused_where_it_is_named(
    kommun: Path, old: str, new: str, code: str
) -> None:
    _set_plan_setting(kommun, "bun-2025", old, new)
    found = _settings_errors(kommun / "rapporter" / "bun-2025")
    assert [d.code for d in found] == [code]
    assert found[0].location.file == "uppsikt.yaml"
    assert found[0].location.line is not None
    assert found[0].hint


def test_a_plan_cannot_name_a_plan(kommun: Path) -> None:
    _set_plan_setting(kommun, PLAN, "omfattning: BUN", "omfattning: BUN\nplan: bun-2025")
    assert [d.code for d in _settings_errors(kommun / "rapporter" / PLAN)] == ["UPP221"]


def test_a_plan_of_another_year_is_refused(kommun: Path) -> None:
    _set_plan_setting(kommun, PLAN, "år: 2025", "år: 2024")
    found = _settings_errors(kommun / "rapporter" / "bun-2025")
    assert [d.code for d in found] == ["UPP223"]


def test_a_plan_of_another_namnd_is_refused(kommun: Path) -> None:
    _set_plan_setting(kommun, PLAN, "nämnd: Barn- och utbildningsnämnden", "nämnd: Socialnämnden")
    _set_plan_setting(kommun, PLAN, "omfattning: BUN", "omfattning: SN")
    found = _settings_errors(kommun / "rapporter" / "bun-2025")
    assert [d.code for d in found] == ["UPP224"]


def test_a_plan_outside_a_kommun_is_missing(tmp_path: Path) -> None:
    folder = tmp_path / "bun"
    shutil.copytree(bundled_kommun_example() / "rapporter" / "bun-2025", folder)
    assert [d.code for d in _settings_errors(folder)] == ["UPP220"]


def test_the_plan_is_a_verksamhetsplan_without_outcome(tmp_path: Path) -> None:
    folder = bundled_kommun_example() / "rapporter" / PLAN
    report = _report(folder)
    ws, _ = read_workspace(folder)
    assert ws is not None
    assert ws.settings.report_type is ReportType.VERKSAMHETSPLAN
    assert report.meta.title == "Verksamhetsplan 2025"
    for table in report.tables():
        labels = " ".join(c.label for c in table.columns)
        assert "2025" not in labels.replace("Budget 2025", "").replace("Målvärde 2025", "")
        assert not any(row.assessment for row in table.rows)
    assert all(c.assessment is None for c in _commitments(report).values())
    enheter = next(t for t in report.tables() if t.id == "enheter")
    assert [c.id for c in enheter.columns] == ["utfall-fg", "budget"]

    out = tmp_path / "ut"
    result = build(folder, out, tuple(OutputFormat))
    assert result.ok, [d.format() for d in result.diagnostics]
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "Verksamhetsplan 2025" in html
    assert "Bokslut 2025" not in html
    assert "Kan inte bedömas" not in html
    document = Document(str(next(out.glob("*.docx"))))
    words = "\n".join(p.text for p in document.paragraphs)
    assert "Verksamhetsplan" in words
    assert "Bedömning:" not in words
    pdf = "\n".join(page.extract_text() for page in PdfReader(next(out.glob("*.pdf"))).pages)
    assert "Verksamhetsplan" in pdf
    assert "Bokslut 2025" not in pdf
    units = (out / "data" / "enheter.csv").read_text(encoding="utf-8").splitlines()[0]
    assert units.split(",")[-2:] == ["utfall-fg", "budget"]
