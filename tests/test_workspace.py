"""Reading workspaces: the model read from the files, and every kind of bad input reported
with its file, line and a Swedish message, all in one run."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from uppsikt.examples import write_starter_workspace
from uppsikt.located.diagnostics import Diagnostic, Severity, WorkspaceNotFoundError
from uppsikt.model.dimensions import ORGANISATION
from uppsikt.model.economy import Scenario
from uppsikt.model.goals import Stance
from uppsikt.model.indicators import Better, Direction
from uppsikt.model.settings import ReportType
from uppsikt.workspace.reader import read_workspace


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    write_starter_workspace(tmp_path)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def _codes(diagnostics: list[Diagnostic]) -> list[tuple[str, str | None, int | None]]:
    return [(d.code, d.location.file, d.location.line) for d in diagnostics]


def test_starter_reads_into_the_model(starter: Path) -> None:
    ws, diagnostics = read_workspace(starter)
    assert diagnostics == []
    assert ws is not None
    assert ws.settings.report_type is ReportType.ARSBERATTELSE
    assert ws.settings.year == 2025
    organisation = ws.dimension(ORGANISATION)
    assert organisation is not None
    assert organisation.paths()["V1-B"] == ("EXN", "V1", "V1-B")
    fact = ws.facts[0]
    assert (fact.year, fact.scenario, fact.amount) == (2024, Scenario.OUTCOME, Decimal(-10200000))
    assert fact.member("enhet") == "V1-A"
    indicator = ws.indicators[0]
    assert indicator.better is Better.HIGHER
    target = indicator.target(2025)
    assert target is not None
    assert target.direction is Direction.INCREASE
    assert [g.stance for g in ws.goals.areas[0].goals] == [Stance.COMMITMENTS, Stance.NOT_RELEVANT]
    assert ws.text("forslag-till-beslut") is not None


def test_amounts_in_kronor_and_mnkr_are_converted(starter: Path) -> None:
    _edit(starter / "uppsikt.yaml", "beloppsenhet: tkr", "beloppsenhet: kr")
    ws, _ = read_workspace(starter)
    assert ws is not None
    assert ws.facts[0].amount == Decimal(-10200)


def test_missing_folder_cannot_run(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceNotFoundError):
        read_workspace(tmp_path / "nowhere")


def test_missing_required_file(starter: Path) -> None:
    (starter / "organisation.yaml").unlink()
    ws, diagnostics = read_workspace(starter)
    assert ws is None
    assert ("UPP101", "organisation.yaml", None) in _codes(diagnostics)
    assert "saknas" in diagnostics[0].message


def test_unparsable_yaml_names_the_line(starter: Path) -> None:
    _edit(starter / "mal.yaml", "    nummer: 1", "    nummer: [1")
    ws, diagnostics = read_workspace(starter)
    assert ws is None
    (problem,) = [d for d in diagnostics if d.code == "UPP103"]
    assert problem.location.file == "mal.yaml"
    assert problem.location.line is not None
    assert 4 <= problem.location.line <= 6


def test_every_problem_is_reported_in_one_run(starter: Path) -> None:
    _edit(starter / "indikatorer.yaml", "enhet: procent", "enhet: procenten")
    _append(starter / "indikatorvarden.csv", "finns-inte;tot;2025;1;;;")
    _append(starter / "indikatorvarden.csv", "till-arbete;tot;2031;1;;;")
    _edit(starter / "tabeller.yaml", "      - rad: V2\n", "      - rad: V9\n")
    _edit(starter / "ekonomi" / "drift.csv", "-8 100", "8 100 kr")
    _append(starter / "ekonomi" / "drift.csv", "2026;utfall;V1-A;-1")
    _append(starter / "ekonomi" / "drift.csv", "2025;utfall;OKAND;-1")
    ws, diagnostics = read_workspace(starter)
    assert ws is None
    found = _codes(diagnostics)
    assert ("UPP112", "indikatorer.yaml", 7) in found  # unknown unit
    assert ("UPP200", "indikatorvarden.csv", 12) in found  # value for undefined indicator
    assert ("UPP202", "indikatorvarden.csv", 13) in found  # year after the report year
    assert ("UPP189", "tabeller.yaml", 11) in found  # row naming an unknown unit
    assert ("UPP123", "ekonomi/drift.csv", 12) in found  # text in an amount column
    assert ("UPP210", "ekonomi/drift.csv", 13) in found  # fact after the report year
    assert ("UPP173", "ekonomi/drift.csv", 14) in found  # unknown unit code
    assert all(d.severity is Severity.ERROR for d in diagnostics)
    assert len(diagnostics) == 7
    # Values of the indicator with the bad unit are not also reported as undefined.
    assert not any("till-arbete»" in d.message and d.code == "UPP200" for d in diagnostics)


def test_messages_are_swedish_and_say_what_to_do(starter: Path) -> None:
    _edit(starter / "ekonomi" / "drift.csv", "-8 100", "åtta")
    _, diagnostics = read_workspace(starter)
    (problem,) = diagnostics
    assert problem.message == "«åtta» är inte ett tal."
    assert problem.hint.startswith("Skriv ett tal")
    assert problem.location.field == "belopp"
    assert problem.format().startswith("ekonomi/drift.csv:12, fält «belopp»: fel [UPP123]")


def test_unknown_key_is_reported_not_ignored(starter: Path) -> None:
    _edit(starter / "uppsikt.yaml", "år: 2025", "år: 2025\nårr: 2024")
    _, diagnostics = read_workspace(starter)
    assert ("UPP113", "uppsikt.yaml", 8) in _codes(diagnostics)


def test_csv_row_with_wrong_number_of_fields(starter: Path) -> None:
    _append(starter / "ekonomi" / "drift.csv", "2025;utfall;V1-A")
    _, diagnostics = read_workspace(starter)
    assert ("UPP122", "ekonomi/drift.csv", 13) in _codes(diagnostics)


def test_missing_value_needs_a_reason(starter: Path) -> None:
    _append(starter / "indikatorvarden.csv", "till-arbete;tot;2022;;;;")
    _, diagnostics = read_workspace(starter)
    (problem,) = diagnostics
    assert (problem.code, problem.location.line) == ("UPP167", 12)
    assert "ny-indikator" in problem.hint


def test_value_for_undeclared_breakdown(starter: Path) -> None:
    _append(starter / "indikatorvarden.csv", "till-arbete;flickor;2025;3;;;")
    _, diagnostics = read_workspace(starter)
    assert [d.code for d in diagnostics] == ["UPP201"]


def test_duplicate_value(starter: Path) -> None:
    _append(starter / "indikatorvarden.csv", "till-arbete;tot;2025;36;;;")
    _, diagnostics = read_workspace(starter)
    (problem,) = diagnostics
    assert problem.code == "UPP203"
    assert "rad 9" in problem.message


def test_commitment_stance_without_commitments(starter: Path) -> None:
    _edit(starter / "mal.yaml", "ställningstagande: ej-relevant", "ställningstagande: åtagande")
    _, diagnostics = read_workspace(starter)
    assert [d.code for d in diagnostics] == ["UPP151"]


def test_indicator_of_unknown_commitment(starter: Path) -> None:
    _edit(starter / "indikatorer.yaml", "{åtagande: A-ARBETE}", "{åtagande: A-ARBET}")
    _, diagnostics = read_workspace(starter)
    assert [(d.code, d.location.line) for d in diagnostics] == [("UPP205", 5)]


def test_duplicate_unit_code(starter: Path) -> None:
    _edit(starter / "organisation.yaml", "{kod: V1-B, namn: Enhet B}", "{kod: V1-A, namn: Enhet B}")
    _, diagnostics = read_workspace(starter)
    assert "UPP142" in [d.code for d in diagnostics]


def test_not_utf8(starter: Path) -> None:
    (starter / "ekonomi" / "drift.csv").write_bytes("år;scenario;enhet;belopp\n".encode("cp1252"))
    _, diagnostics = read_workspace(starter)
    assert [(d.code, d.location.file) for d in diagnostics] == [("UPP102", "ekonomi/drift.csv")]


def test_missing_text_of_a_section(starter: Path) -> None:
    (starter / "text" / "forslag-till-beslut.md").unlink()
    _, diagnostics = read_workspace(starter)
    assert [d.code for d in diagnostics] == ["UPP195"]
