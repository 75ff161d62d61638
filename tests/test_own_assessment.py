"""Assessments the reader can follow: the nämnd's own assessment beside the computed one (a
difference is a note, UPP483), the rule stated once in the report from the settings, and the
computed assessment following each indicator's direction of better."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from uppsikt.checks import run_checks
from uppsikt.compute.assessment import assess_commitment, assess_indicator
from uppsikt.compute.results import compute
from uppsikt.examples import write_starter_workspace
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.model.assessment import Assessment
from uppsikt.model.indicators import Better, Direction, Indicator, Target
from uppsikt.model.settings import AssessmentSettings
from uppsikt.pipeline import build, load_report
from uppsikt.reports.model import CommitmentView, Goals, ReportModel, Text
from uppsikt.reports.richtext import Paragraph, plain_text
from uppsikt.workspace.reader import read_workspace

COMMITMENT = "          - id: A-ARBETE\n"
"""The starter's åtagande (its indicator rose 31 → 35 % against the target Öka: uppfyllt)."""


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    workspace = tmp_path / "ws"
    write_starter_workspace(workspace)
    return workspace


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def _own(workspace: Path, lines: str) -> int:
    """Adds ``lines`` under the starter's åtagande; returns the line of the first."""
    path = workspace / "mal.yaml"
    before = path.read_text(encoding="utf-8").split(COMMITMENT)[0]
    _edit(path, COMMITMENT, COMMITMENT + lines)
    return before.count("\n") + 2


def _diagnostics(workspace: Path) -> list[Diagnostic]:
    ws, found = read_workspace(workspace)
    if ws is None:
        return found
    computed, more = compute(ws)
    return [*found, *more, *run_checks(ws, computed)]


def _commitments(report: ReportModel) -> list[CommitmentView]:
    return [c for b in report.blocks() if isinstance(b, Goals) for g in b.goals
            for c in g.commitments]  # fmt: skip


def _texts(report: ReportModel) -> list[str]:
    return [
        plain_text(block.children)
        for b in report.blocks()
        if isinstance(b, Text)
        for block in b.body.blocks
        if isinstance(block, Paragraph)
    ]


# --- reading ------------------------------------------------------------------------------


def test_own_assessment_and_reason_are_read(starter: Path) -> None:
    _own(starter, "            egen_bedömning: delvis uppfyllt\n"
                  "            motivering: Ökningen gäller bara kvinnor.\n")  # fmt: skip
    ws, found = read_workspace(starter)
    assert ws is not None, [d.format() for d in found]
    (_, _, commitment) = ws.goals.commitments()["A-ARBETE"]
    assert commitment.own is not None
    assert commitment.own.assessment is Assessment.PARTLY_MET
    assert commitment.own.reason == "Ökningen gäller bara kvinnor."


def test_an_unknown_own_assessment_is_an_error_on_its_line(starter: Path) -> None:
    line = _own(starter, "            egen_bedömning: nästan\n")
    (error,) = [d for d in _diagnostics(starter) if d.severity is Severity.ERROR]
    assert (error.code, error.location.file, error.location.line) == ("UPP112", "mal.yaml", line)
    assert "«nästan»" in error.message
    assert "delvis uppfyllt" in (error.hint or "")


def test_a_reason_without_an_assessment_is_an_error(starter: Path) -> None:
    line = _own(starter, "            motivering: Bättre än det ser ut.\n")
    (error,) = [d for d in _diagnostics(starter) if d.severity is Severity.ERROR]
    assert (error.code, error.location.line) == ("UPP156", line)
    assert "egen_bedömning" in error.message


# --- the note and the report -----------------------------------------------------------------


def test_a_differing_own_assessment_is_a_note_and_shown_beside(starter: Path) -> None:
    line = _own(starter, "            egen_bedömning: delvis uppfyllt\n"
                         "            motivering: Ökningen gäller bara kvinnor.\n")  # fmt: skip
    (note,) = [d for d in _diagnostics(starter) if d.code == "UPP483"]
    assert note.severity is Severity.NOTE
    assert (note.location.file, note.location.line) == ("mal.yaml", line)
    assert "A-ARBETE" in note.message
    assert "«delvis uppfyllt»" in note.message
    assert "«uppfyllt»" in note.message
    report, _ = load_report(starter)
    assert report is not None
    (view,) = _commitments(report)
    assert view.assessment is Assessment.MET
    assert view.own_assessment is Assessment.PARTLY_MET
    assert view.own_reason == "Ökningen gäller bara kvinnor."


def test_an_agreeing_own_assessment_is_no_note_and_not_repeated(starter: Path) -> None:
    _own(starter, "            egen_bedömning: uppfyllt\n")
    assert not [d for d in _diagnostics(starter) if d.code == "UPP483"]
    report, _ = load_report(starter)
    assert report is not None
    (view,) = _commitments(report)
    assert view.own_assessment is None


def test_the_rule_is_stated_once_from_the_settings(starter: Path) -> None:
    report, _ = load_report(starter)
    assert report is not None
    rules = [t for t in _texts(report) if t.startswith("Så bedöms måluppfyllelsen")]
    assert len(rules) == 1
    assert "när alla dess indikatorer som kan bedömas är uppfyllda, och annars" in rules[0]
    assert "delvis" not in rules[0]
    _edit(starter / "uppsikt.yaml", "delvis_uppfyllt: false", "delvis_uppfyllt: true")
    _edit(starter / "uppsikt.yaml", "åtagande: alla ", "åtagande: flertal ")
    report, _ = load_report(starter)
    assert report is not None
    (rule,) = [t for t in _texts(report) if t.startswith("Så bedöms måluppfyllelsen")]
    assert "när fler än hälften av dess indikatorer" in rule
    assert "delvis uppfyllt när minst en av dem är uppfylld" in rule


def test_the_example_shows_both_assessments_in_every_format(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "orebro-van-2020"
    result = build(example, tmp_path / "out")
    assert result.ok, [d.format() for d in result.diagnostics]
    assert result.report is not None
    differing = [c for c in _commitments(result.report) if c.own_assessment is not None]
    assert len(differing) == 2
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(next((tmp_path / "out").glob("*.docx"))) as docx:
        word = docx.read("word/document.xml").decode("utf-8")
    pdf = " ".join(
        p.extract_text() for p in PdfReader(next((tmp_path / "out").glob("*.pdf"))).pages
    )
    for text in (html, word, pdf):
        assert text.count("Nämndens bedömning:") == 2
        assert text.count("Bedömning enligt indikatorerna:") == 2
        assert "Så bedöms måluppfyllelsen" in text


# --- the direction of better ---------------------------------------------------------------

YEAR = 2020


def _indicator(better: Better, target: Target) -> Indicator:
    return Indicator("ind", "En indikator", "antal", 0, better, targets=((YEAR, target),))


@pytest.mark.parametrize(
    ("better", "direction", "value", "previous", "expected"),
    [
        # Rose where lower is better: never met, whatever the target says.
        (Better.LOWER, Direction.DECREASE, "11", "10", Assessment.NOT_MET),
        (Better.LOWER, Direction.INCREASE, "11", "10", Assessment.NOT_MET),
        (Better.LOWER, Direction.MAINTAIN, "11", "10", Assessment.NOT_MET),
        # Fell where higher is better: never met.
        (Better.HIGHER, Direction.DECREASE, "9", "10", Assessment.NOT_MET),
        (Better.HIGHER, Direction.MAINTAIN, "9", "10", Assessment.NOT_MET),
        # The better direction is met.
        (Better.LOWER, Direction.DECREASE, "9", "10", Assessment.MET),
        (Better.HIGHER, Direction.INCREASE, "11", "10", Assessment.MET),
        # Neutral: the direction alone decides.
        (Better.NEITHER, Direction.INCREASE, "11", "10", Assessment.MET),
    ],
)
def test_the_assessment_follows_the_direction_of_better(
    better: Better, direction: Direction, value: str, previous: str, expected: Assessment
) -> None:
    indicator = _indicator(better, Target(direction=direction))
    assert assess_indicator(indicator, Decimal(value), Decimal(previous), YEAR) is expected


def test_an_indicator_that_rose_when_lower_is_better_does_not_count_as_met(
    starter: Path,
) -> None:
    """The starter's indicator rose from 31 to 35 %; said to be better lower, with the target
    still «Öka» (UPP424 warns of that), it is not met, and neither is its åtagande."""
    _edit(starter / "indikatorer.yaml", "bättre: högre ", "bättre: lägre ")
    ws, found = read_workspace(starter)
    assert ws is not None, [d.format() for d in found]
    computed, _ = compute(ws)
    assert computed.assessments["till-arbete"] is Assessment.NOT_MET
    assert computed.commitments["A-ARBETE"].assessment is Assessment.NOT_MET
    partly = AssessmentSettings(allow_partly_met=True)
    assert assess_commitment([Assessment.NOT_MET], partly) is Assessment.NOT_MET
