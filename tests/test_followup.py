"""The goal follow-up across nämnder: KS's report and the kommun's show each KF-mål with the
nämnder's åtaganden, as the nämnder's own reports assessed them, rolled up per goal.

The computation is tested on hand-made inputs; the section on the bundled example rearranged
as a kommun (tests/test_kommun_workspace.py) with a second report of type ks-årsberättelse.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from test_kommun_workspace import as_kommun, split_goals
from uppsikt.compute.followup import (
    CommitmentResult,
    GoalStance,
    NamndGoals,
    RollUp,
    assess_goal,
    follow_up,
)
from uppsikt.loading import ReadCache
from uppsikt.located.diagnostics import Severity
from uppsikt.model.assessment import Assessment
from uppsikt.model.goals import CouncilGoal, GoalArea, GoalStructure, Stance
from uppsikt.model.settings import AssessmentSettings, CommitmentRule, OutputFormat
from uppsikt.pipeline import LoadedWorkspace, build, check_kommun
from uppsikt.reports.build.followup import roll_up_text
from uppsikt.reports.model import Goals, RowKind, Table

MET, PARTLY, NOT_MET, NONE = (
    Assessment.MET,
    Assessment.PARTLY_MET,
    Assessment.NOT_MET,
    Assessment.NOT_MEASURABLE,
)
PARTLY_ALLOWED = AssessmentSettings(allow_partly_met=True)

# --- the computation, on hand-made inputs -----------------------------------------------------

KF = GoalStructure(
    (
        GoalArea(
            "MO1",
            1,
            "Första",
            goals=(CouncilGoal("G1", "Mål ett", None), CouncilGoal("G2", "Mål två", None)),
        ),
        GoalArea("MO2", 2, "Andra", goals=(CouncilGoal("G3", "Mål tre", None),)),
    )
)


def _namnd(name: str, *stances: GoalStance) -> NamndGoals:
    return NamndGoals(name, name.lower(), stances)


def _commitments(*assessments: Assessment) -> tuple[CommitmentResult, ...]:
    return tuple(CommitmentResult(f"A{i}", f"Åtagande {i}", a) for i, a in enumerate(assessments))


def test_each_goal_gathers_every_namnds_stance_in_kfs_order() -> None:
    a = _namnd(
        "A",
        GoalStance("G2", Stance.COMMITMENTS, _commitments(MET, NOT_MET)),
        GoalStance("G1", Stance.BASIC_MISSION),
    )
    b = _namnd("B", GoalStance("G2", Stance.COMMITMENTS, _commitments(MET, MET, PARTLY)))
    followed = follow_up(KF, [a, b], PARTLY_ALLOWED)
    assert followed.namnder == ("A", "B")
    assert [g.goal for g in followed.goals] == ["G1", "G2", "G3"]
    g1, g2, g3 = followed.goals
    assert [(n.namnd, n.stance) for n in g1.namnder] == [("A", Stance.BASIC_MISSION)]
    assert g1.counts == RollUp()
    assert g1.assessment is NONE
    assert [n.namnd for n in g2.namnder] == ["A", "B"]
    assert g2.counts == RollUp(met=3, partly_met=1, not_met=1)
    assert g2.assessment is PARTLY
    assert roll_up_text(g2.counts) == "3 av 5 åtaganden uppfyllda, 1 delvis, 1 ej uppfyllt"
    assert g3.namnder == ()
    assert roll_up_text(g3.counts) == "inga åtaganden"


@pytest.mark.parametrize(
    ("assessments", "settings", "expected"),
    [
        ((MET, MET, NONE), AssessmentSettings(), MET),  # what cannot be assessed does not count
        ((NONE, NONE), PARTLY_ALLOWED, NONE),
        ((), PARTLY_ALLOWED, NONE),
        ((MET, NOT_MET), PARTLY_ALLOWED, PARTLY),
        ((MET, NOT_MET), AssessmentSettings(), NOT_MET),  # delvis only where allowed
        ((PARTLY, NOT_MET), PARTLY_ALLOWED, PARTLY),
        ((NOT_MET, NOT_MET), PARTLY_ALLOWED, NOT_MET),
        ((MET, MET, NOT_MET), AssessmentSettings(commitment_rule=CommitmentRule.MAJORITY), MET),
        ((MET, NOT_MET), AssessmentSettings(commitment_rule=CommitmentRule.MAJORITY), NOT_MET),
    ],
)
def test_a_goal_is_assessed_from_its_commitments_by_the_reports_rule(
    assessments: tuple[Assessment, ...], settings: AssessmentSettings, expected: Assessment
) -> None:
    assert assess_goal(assessments, settings) is expected


def test_the_counts_in_words() -> None:
    assert roll_up_text(RollUp(met=1)) == "1 av 1 åtagande uppfyllt"
    assert roll_up_text(RollUp(partly_met=1)) == "0 av 1 åtagande uppfyllt, 1 delvis"
    assert roll_up_text(RollUp(not_met=2, not_measurable=1)) == (
        "0 av 3 åtaganden uppfyllda, 2 ej uppfyllda, 1 kan inte bedömas"
    )


# --- the section, in a kommun -----------------------------------------------------------------

KS_SETTINGS = """\
kommun: Örebro kommun
kommunkod: "1880"
nämnd: Kommunstyrelsen
nämnd_kort: KS
rapport: {report}
år: {year}
omfattning: {scope}
visningsenhet: tkr
beloppsenhet: tkr
bedömning:
  delvis_uppfyllt: true
avsnitt:
  - malomraden
  - maluppfoljning
  - ekonomi
"""


def _kommun(
    example: Path,
    tmp_path: Path,
    year: int = 2020,
    report: str = "ks-årsberättelse",
    scope: str = "VAN",
) -> tuple[Path, Path, Path]:
    """The example as a kommun (KF's goals in the kommun's mal.yaml, VAN's stances and
    indicators in its report's folder), with KS's report beside VAN's: (kommun, VAN's folder,
    KS's folder)."""
    kommun = as_kommun(example, tmp_path / "kommun")
    van = kommun / "rapporter" / "van-2020"
    split_goals(kommun, van)
    # VAN's indicators follow up VAN's åtaganden: they are VAN's report's own.
    for name in ("indikatorer.yaml", "indikatorvarden.csv"):
        shutil.move(kommun / name, van / name)
    ks = kommun / "rapporter" / "ks-2020"
    ks.mkdir()
    settings = KS_SETTINGS.format(year=year, report=report, scope=scope)
    (ks / "uppsikt.yaml").write_text(settings, encoding="utf-8")
    shutil.copy(van / "tabeller.yaml", ks / "tabeller.yaml")
    return kommun, van, ks


def _assessments(loaded: LoadedWorkspace) -> dict[str, Assessment]:
    """Each åtagande's text and its assessment, as a report's goal section shows them."""
    report = loaded.report()
    assert report is not None, [d.format() for d in loaded.diagnostics]
    found: dict[str, Assessment] = {}
    for block in report.blocks():
        if isinstance(block, Goals):
            for goal in block.goals:
                for commitment in goal.commitments:
                    assert commitment.assessment is not None  # an årsberättelse assesses
                    found[commitment.text] = commitment.assessment
    return found


def _followup_table(loaded: LoadedWorkspace) -> Table:
    report = loaded.report()
    assert report is not None, [d.format() for d in loaded.diagnostics]
    return next(t for t in report.tables() if t.id == "maluppfoljning")


@pytest.mark.parametrize(
    ("report", "scope"), [("ks-årsberättelse", "VAN"), ("kommunsammanställning", "kommun")]
)
def test_ks_report_follows_up_vans_commitments_with_vans_assessments(
    example: Path, tmp_path: Path, report: str, scope: str
) -> None:
    _, van, ks = _kommun(example, tmp_path, report=report, scope=scope)
    own = _assessments(LoadedWorkspace.read(van))
    assert len(own) >= 5
    assert len(set(own.values())) > 1
    loaded = LoadedWorkspace.read(ks)
    assert not [d for d in loaded.diagnostics if d.severity is not Severity.NOTE], [
        d.format() for d in loaded.diagnostics
    ]
    table = _followup_table(loaded)
    rows = [r for r in table.rows if r.kind is RowKind.ROW and r.assessment is not None]
    assert {r.label: r.assessment for r in rows} == own
    assert {r.cells[0].text for r in rows} == {"Vuxenutbildnings- och arbetsmarknadsnämnden"}
    # a summary row per KF-mål, counting the goal's åtaganden
    summaries = [r for r in table.rows if r.kind is RowKind.TOTAL]
    goals = [r for r in table.rows if r.kind is RowKind.ROW and r.level == 0]
    assert len(summaries) == len(goals) > 0
    counted = sum(int(r.label.split(" av ")[1].split()[0]) for r in summaries if " av " in r.label)
    assert counted == len(own)


def test_the_follow_up_in_html_and_in_the_data_package(example: Path, tmp_path: Path) -> None:
    _, van, ks = _kommun(example, tmp_path)
    own = _assessments(LoadedWorkspace.read(van))
    out = tmp_path / "ut"
    result = build(ks, out, (OutputFormat.HTML, OutputFormat.DATA))
    assert result.ok, [d.format() for d in result.diagnostics]
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'id="maluppfoljning"' in html
    assert "Sammantaget:" in html
    text = (out / "data" / "maluppfoljning.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    commitments = {r["rad"]: r["bedomning"] for r in rows if r["typ"] == "rad" and r["bedomning"]}
    assert commitments == {label: a.value for label, a in own.items()}
    assert all(r["id"].endswith("/sammantaget") for r in rows if r["typ"] == "summa")


def test_every_format_takes_the_follow_up(example: Path, tmp_path: Path) -> None:
    """Word, PDF and Excel lay out the table too (the PDF's table layout once broke on it)."""
    _, _, ks = _kommun(example, tmp_path)
    out = tmp_path / "ut"
    result = build(ks, out, (OutputFormat.DOCX, OutputFormat.PDF, OutputFormat.XLSX))
    assert result.ok, [d.format() for d in result.diagnostics]
    assert sorted(p.suffix for p in out.iterdir() if p.is_file()) == [".docx", ".pdf", ".xlsx"]


def test_the_namnders_reports_are_read_on_use_and_once(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, van, ks = _kommun(example, tmp_path)
    read: list[str] = []
    original = LoadedWorkspace.read.__func__  # type: ignore[attr-defined]

    def counted(
        cls: type[LoadedWorkspace], root: Path, *, cache: ReadCache | None = None
    ) -> LoadedWorkspace:
        read.append(root.name)
        loaded: LoadedWorkspace = original(cls, root, cache=cache)
        return loaded

    monkeypatch.setattr(LoadedWorkspace, "read", classmethod(counted))
    loaded = LoadedWorkspace.read(ks)
    assert loaded.computed is not None
    assert read == ["ks-2020"]  # computing alone reads no other report
    assert loaded.report() is not None
    assert loaded.diagnostics is not None
    assert loaded.report() is not None
    assert read == ["ks-2020", "van-2020"]
    # a nämnd's own report never reads the others
    read.clear()
    assert LoadedWorkspace.read(van).report() is not None
    assert read == ["van-2020"]


def test_a_namnds_report_with_errors_gives_a_warning_naming_its_folder(
    example: Path, tmp_path: Path
) -> None:
    _, van, ks = _kommun(example, tmp_path)
    (van / "text" / "ekonomi.md").write_text("Ett fel: {{ finns.inte }}\n", encoding="utf-8")
    broken = van / "mal.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "okänd_nyckel: 1\n", "utf-8")
    loaded = LoadedWorkspace.read(ks)
    warned = [d for d in loaded.diagnostics if d.code == "UPP470"]
    assert len(warned) == 1, [d.format() for d in loaded.diagnostics]
    assert warned[0].severity is Severity.WARNING
    assert "rapporter/van-2020" in warned[0].message
    assert warned[0].location.file == "uppsikt.yaml"
    assert warned[0].location.line == 5
    # KS's report still builds; the follow-up has no nämnd to show, so it is left out
    report = loaded.report()
    assert report is not None
    assert "maluppfoljning" not in [s.id for s in report.sections]
    # VAN's own errors belong to VAN's report, not to KS's
    assert not [d for d in loaded.diagnostics if d.severity is Severity.ERROR]


def test_two_reports_of_one_namnd_give_a_warning_and_the_first_counts(
    example: Path, tmp_path: Path
) -> None:
    _, van, ks = _kommun(example, tmp_path)
    shutil.copytree(van, van.with_name("van-2020-kopia"))
    loaded = LoadedWorkspace.read(ks)
    twice = [d for d in loaded.diagnostics if d.code == "UPP471"]
    assert len(twice) == 1, [d.format() for d in loaded.diagnostics]
    assert "rapporter/van-2020 " in twice[0].message
    assert "rapporter/van-2020-kopia" in twice[0].message
    rows = [r for r in _followup_table(loaded).rows if r.assessment and r.kind is RowKind.ROW]
    assert {r.id.split("/")[1] for r in rows} == {"van-2020"}


def test_only_the_same_year_and_scope_are_followed_up(example: Path, tmp_path: Path) -> None:
    """A KS report of another year reads no nämnd's report, and gives no section."""
    _, _, ks = _kommun(example, tmp_path, year=2021)
    loaded = LoadedWorkspace.read(ks)
    report = loaded.report(allow_errors=True)
    assert report is not None
    assert "maluppfoljning" not in [s.id for s in report.sections]
    assert not [d for d in loaded.diagnostics if d.code in ("UPP470", "UPP471")]


def test_the_whole_kommun_checks_with_the_follow_up(example: Path, tmp_path: Path) -> None:
    kommun, _, _ = _kommun(example, tmp_path)
    found = check_kommun(kommun)
    assert not [d for d in found if d.severity is Severity.ERROR], [d.format() for d in found]
