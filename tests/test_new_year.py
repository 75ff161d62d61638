"""`uppsikt new-year`: the next plan year from the current one, for the VAN example (one report)
and the kommun example (every report), checked as the new workspace is read and checked."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from uppsikt.cli.main import app
from uppsikt.cli.new_year import summary
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.model.economy import Fact, Scenario
from uppsikt.model.workspace import Workspace
from uppsikt.pipeline import check_kommun, load_report
from uppsikt.workspace.kommun import report_folders
from uppsikt.workspace.new_year import NewYear, NewYearError, new_year
from uppsikt.workspace.reader import read_workspace

REPO = Path(__file__).resolve().parents[1]
VAN = REPO / "examples" / "orebro-van-2020"
KOMMUN = REPO / "examples" / "exempelstad-2025"
runner = CliRunner()


@pytest.fixture(scope="module")
def van(tmp_path_factory: pytest.TempPathFactory) -> NewYear:
    return new_year(VAN, tmp_path_factory.mktemp("van") / "van-2021")


@pytest.fixture(scope="module")
def kommun(tmp_path_factory: pytest.TempPathFactory) -> NewYear:
    return new_year(KOMMUN, tmp_path_factory.mktemp("kommun") / "exempelstad-2026")


def _read(root: Path) -> Workspace:
    ws, diagnostics = read_workspace(root)
    assert ws is not None, [d.format() for d in diagnostics]
    return ws


def _errors(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.format() for d in diagnostics if d.severity is Severity.ERROR]


def _pairs(old: Path, new: Path) -> list[tuple[Path, Path]]:
    """Each report folder of the old workspace with its folder in the new one."""
    olds = report_folders(old) or (old,)
    news = report_folders(new) or (new,)
    assert len(olds) == len(news)
    return list(zip(olds, news, strict=True))


def test_van_checks_without_errors_and_moves_the_year_on(van: NewYear) -> None:
    _, diagnostics = load_report(van.target)
    assert not _errors(diagnostics)
    assert (van.old_year, van.new_year) == (2020, 2021)
    old, new = _read(VAN), _read(van.target)
    assert new.settings.year == old.settings.year + 1
    settings = (van.target / "uppsikt.yaml").read_text(encoding="utf-8")
    assert re.search(r"^år: 2021$", settings, re.MULTILINE)
    assert "beslutsdatum" not in settings
    assert "diarienummer" not in settings
    # the expected warnings: the new year has no budget yet
    assert any(
        d.code == "UPP427" and "budget 2021" in d.message
        for d in diagnostics
        if d.severity is Severity.WARNING
    )


def test_kommun_checks_without_errors_with_reports_renamed(kommun: NewYear) -> None:
    assert not _errors(check_kommun(kommun.target))
    names = sorted(p.name for p in report_folders(kommun.target))
    assert names == sorted(p.name.replace("2025", "2026") for p in report_folders(KOMMUN))
    assert ("rapporter/bun-2025", "rapporter/bun-2026") in kommun.reports
    for old, new in _pairs(KOMMUN, kommun.target):
        assert _read(new).settings.year == _read(old).settings.year + 1 == 2026


@pytest.mark.parametrize("which", ["van", "kommun"])
def test_targets_carried_with_the_review_mark(which: str, request: pytest.FixtureRequest) -> None:
    made: NewYear = request.getfixturevalue(which)
    source = VAN if which == "van" else KOMMUN
    carried = 0
    for old_root, new_root in _pairs(source, made.target):
        old, new = _read(old_root), _read(new_root)
        y0, y1 = old.settings.year, new.settings.year
        before = {i.id: i for i in old.indicators}
        for indicator in new.indicators:
            target = before[indicator.id].target(y0)
            if target is None or before[indicator.id].target(y1) is not None:
                continue
            carried += 1
            assert indicator.target(y1) == target, indicator.id
            shown = target.direction.value if target.direction else target.value
            if shown is None:  # a footnote only (why there is no target): for review
                assert any(f"{indicator.id}: målvärde saknas" in r.what for r in made.reviews)
                continue
            assert indicator.target(y0) == target, indicator.id  # the old year's stays
            wanted = f"{indicator.id}: målvärde {str(shown).replace('.', ',')}"
            assert any(r.what.startswith(wanted) for r in made.reviews), wanted
    assert carried
    for review in made.reviews:
        if "målvärde" in review.what and "saknas" not in review.what:
            text = (made.target / review.file).read_text(encoding="utf-8")
            assert re.search(r"^\s*(målvärde|\d{4}):.*# granska", text, re.MULTILINE)


def test_the_indicator_series_are_kept(van: NewYear, kommun: NewYear) -> None:
    for source, made in ((VAN, van), (KOMMUN, kommun)):
        for old_root, new_root in _pairs(source, made.target):
            assert _read(new_root).values == _read(old_root).values
            old_csv = old_root / "indikatorvarden.csv"
            if old_csv.is_file():
                assert (new_root / "indikatorvarden.csv").read_bytes() == old_csv.read_bytes()


def _from_economy_files(ws: Workspace) -> tuple[Fact, ...]:
    """The workspace's facts but those a delårsrapport takes from ekonomi/prognoser.csv."""
    written = {(r.unit, r.year, r.amount) for r in ws.forecasts}  # whole units or parts
    return tuple(
        f
        for f in ws.facts
        if not (
            f.scenario is Scenario.FORECAST and (f.member("enhet"), f.year, f.amount) in written
        )
    )


def test_no_outcome_copied_as_plan(van: NewYear, kommun: NewYear) -> None:
    for source, made in ((VAN, van), (KOMMUN, kommun)):
        for old_root, new_root in _pairs(source, made.target):
            old, new = _read(old_root), _read(new_root)
            # Last year's outcome stays as it was. (A delårsrapport also shows the forecasts of
            # ekonomi/prognoser.csv for its month as facts of its year; a new year has none.)
            assert new.facts == _from_economy_files(old)
            planned = (Scenario.BUDGET, Scenario.FORECAST)
            assert not [f for f in new.facts if f.year >= made.new_year and f.scenario in planned]
            assert made.new_year not in {f.year for f in new.facts}  # no outcome either
            assert not [f for f in new.forecasts if f.year == made.new_year]
    assert f"ingen budget eller prognos för {van.new_year}" in _summary(van)


def test_texts_reset_to_their_headings(van: NewYear, kommun: NewYear) -> None:
    for source, made in ((VAN, van), (KOMMUN, kommun)):
        for old_root, new_root in _pairs(source, made.target):
            for old_text in sorted((old_root / "text").glob("*.md")):
                old_lines = old_text.read_text(encoding="utf-8").splitlines()
                new_lines = (
                    (new_root / "text" / old_text.name).read_text(encoding="utf-8").splitlines()
                )
                assert [line for line in new_lines if line] == [
                    line for line in old_lines if line.startswith("#")
                ]
            ws = _read(new_root)
            for area in ws.goals.areas:
                assert not area.analysis, area.id
                assert not area.positive, area.id
                assert not area.improvements, area.id
                assert not any(d.contribution for d in area.directions), area.id
                for goal in area.goals:
                    assert not goal.description, goal.id
                    assert goal.own is None, goal.id
                    assert all(not c.description and c.own is None for c in goal.commitments)
    # the structure stays: every goal, stance and åtagande
    old, new = _read(VAN), _read(van.target)
    assert [
        (g.id, g.stance, [c.id for c in g.commitments]) for a in new.goals.areas for g in a.goals
    ] == [(g.id, g.stance, [c.id for c in g.commitments]) for a in old.goals.areas for g in a.goals]


def test_accepted_findings_only_about_indicator_values(van: NewYear, kommun: NewYear) -> None:
    codes = {a.code for a in _read(van.target).accepted}
    assert codes
    assert codes <= {"UPP420", "UPP421", "UPP422", "UPP423", "UPP425", "UPP429"}
    assert "kontroller.yaml" in kommun.left_out  # its only finding was about an uppdrag
    assert not (kommun.target / "kontroller.yaml").exists()


def _summary(made: NewYear) -> str:
    return "\n".join(summary(made))


def test_cli_prints_what_was_carried_and_what_to_review(tmp_path: Path) -> None:
    target = tmp_path / "ny"
    result = runner.invoke(app, ["new-year", str(VAN), str(target)])
    assert result.exit_code == 0, result.output
    assert "År 2021 är startat från 2020" in result.output
    assert "Att granska" in result.output
    assert "betyg-gymnasial" in result.output
    assert "Lägg in budgeten för 2021" in result.output
    assert target.is_dir()


def test_an_existing_target_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "finns"
    target.mkdir()
    (target / "egen.txt").write_text("orörd", encoding="utf-8")
    result = runner.invoke(app, ["new-year", str(VAN), str(target)])
    assert result.exit_code == 2
    assert "finns redan" in result.output
    assert [p.name for p in target.iterdir()] == ["egen.txt"]
    assert (target / "egen.txt").read_text(encoding="utf-8") == "orörd"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["finns"]


def test_nothing_is_written_on_failure(tmp_path: Path) -> None:
    source = tmp_path / "van"
    shutil.copytree(VAN, source)
    (source / "text" / "ekonomi.md").write_bytes(b"# Ekonomi\n\n\xff\xfe trasig\n")
    target = tmp_path / "ut" / "van-2021"
    result = runner.invoke(app, ["new-year", str(source), str(target)])
    assert result.exit_code == 1, result.output
    assert "text/ekonomi.md" in result.output
    assert "inget skrevs" in result.output
    assert not target.exists()
    assert list((tmp_path / "ut").iterdir()) == []  # no temporary folder left behind


def test_a_report_inside_a_kommun_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NewYearError, match="kommuns arbetsyta"):
        new_year(KOMMUN / "rapporter" / "bun-2025", tmp_path / "bun")
    assert not (tmp_path / "bun").exists()


def test_a_kommun_with_reports_of_different_years_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "kommun"
    shutil.copytree(KOMMUN, source)
    settings = source / "rapporter" / "tn-2025" / "uppsikt.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("år: 2025", "år: 2024"), encoding="utf-8"
    )
    with pytest.raises(NewYearError, match="olika år"):
        new_year(source, tmp_path / "ny")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kommun"]


def test_a_target_inside_the_workspace_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "van"
    shutil.copytree(VAN, source)
    result = runner.invoke(app, ["new-year", str(source), str(source / "nasta")])
    assert result.exit_code == 2
    assert "ligger i arbetsytan" in result.output
    assert not (source / "nasta").exists()
