"""An organisation with several tops (nämnder), kinds of units, and a report's scope.

A small kommun: KS (with its förvaltning KLK and two units), Revisionsnämnden and the
finansförvaltning. Reports scoped to KS, to KS with REV, and to the whole kommun each see only
their nämnders' money: tables, totals, references and the narrative check alike.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from uppsikt.checks.narrative_candidates import Measure, candidates
from uppsikt.compute.references.resolve import Figures, render_reference
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.model.dimensions import ORGANISATION, UnitKind
from uppsikt.model.economy import Scenario
from uppsikt.model.settings import OutputFormat
from uppsikt.pipeline import LoadedWorkspace, build
from uppsikt.workspace.reader import read_workspace

ORGANISATION_YAML = """\
kommun: Exempelstad
nämnder:
  - kod: KS
    namn: Kommunstyrelsen
    delar:
      - kod: KLK
        namn: Kommunledningskontoret
        typ: förvaltning
        delar:
          - {kod: KLK-A, namn: Ekonomiavdelningen}
          - {kod: KLK-B, namn: HR-avdelningen}
  - kod: REV
    namn: Revisionsnämnden
  - kod: FIN
    namn: Finansförvaltningen
    typ: finansförvaltning
"""

DRIFT_CSV = """\
år;scenario;enhet;belopp
2019;utfall;KLK-A;-900
2020;utfall;KLK-A;-1 000
2020;budget;KLK-A;-1 100
2019;utfall;KLK-B;-480
2020;utfall;KLK-B;-500
2020;budget;KLK-B;-450
2019;utfall;REV;-190
2020;utfall;REV;-200
2020;budget;REV;-210
2019;utfall;FIN;4 700
2020;utfall;FIN;5 000
2020;budget;FIN;4 800
"""

TEXT = """\
# Förslag till beslut

Avvikelsen mot budget är {{ tabell.enheter.netto.avvikelse }}.

1. Kommunstyrelsen fastställer årsberättelsen.
"""

ROWS = {
    "KS": ("KLK",),
    "[KS, REV]": ("KS", "REV"),
    "kommun": ("KS", "REV", "FIN"),
}


def settings(scope: str | None) -> str:
    written = "" if scope is None else f"omfattning: {scope}\n"
    return (
        "kommun: Exempelstad\n"
        'kommunkod: "9999"\n'
        "nämnd: Kommunstyrelsen\n"
        "rapport: årsberättelse\n"
        "år: 2020\n"
        "beloppsenhet: tkr\n"
        f"{written}"
        "avsnitt: [forslag-till-beslut, ekonomi]\n"
    )


def tables(rows: tuple[str, ...]) -> str:
    listed = "".join(f"      - rad: {code}\n" for code in rows)
    return (
        "tabeller:\n"
        "  - id: enheter\n"
        "    rubrik: Nettokostnad per enhet\n"
        "    dimension: enhet\n"
        "    kolumner: standard\n"
        "    rader:\n"
        f"{listed}"
        "      - summa: Nettokostnad\n"
        "        id: netto\n"
    )


def kommun(
    root: Path,
    scope: str | None,
    *,
    rows: tuple[str, ...] = ("KLK",),
    organisation: str = ORGANISATION_YAML,
) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "ekonomi").mkdir()
    (root / "uppsikt.yaml").write_text(settings(scope), encoding="utf-8")
    (root / "organisation.yaml").write_text(organisation, encoding="utf-8")
    (root / "tabeller.yaml").write_text(tables(rows), encoding="utf-8")
    (root / "ekonomi" / "drift.csv").write_text(DRIFT_CSV, encoding="utf-8")
    (root / "text" / "forslag-till-beslut.md").write_text(TEXT, encoding="utf-8")
    return root


def errors(root: Path) -> list[Diagnostic]:
    workspace, diagnostics = read_workspace(root)
    assert workspace is None
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def tkr(amount: int) -> Decimal:
    return Decimal(amount * 1000)


@pytest.mark.parametrize(
    ("scope", "tops", "outcome", "budget"),
    [
        ("KS", ("KS",), -1500, -1550),
        ("[KS, REV]", ("KS", "REV"), -1700, -1760),
        ("kommun", ("KS", "REV", "FIN"), 3300, 3040),
    ],
)
def test_a_report_sees_the_money_of_its_scope(
    tmp_path: Path, scope: str, tops: tuple[str, ...], outcome: int, budget: int
) -> None:
    root = kommun(tmp_path / "ks", scope, rows=ROWS[scope])
    loaded = LoadedWorkspace.read(root)
    ws, computed = loaded.workspace, loaded.computed
    assert ws is not None, [d.format() for d in loaded.diagnostics]
    assert computed is not None
    assert ws.settings.scope == tops
    assert ws.settings.whole_kommun is (scope == "kommun")
    assert ws.settings.several_namnder is (len(tops) > 1)
    organisation = ws.dimension(ORGANISATION)
    assert organisation is not None
    assert tuple(root.code for root in organisation.roots) == tops
    assert computed.organisation.total(2020, Scenario.OUTCOME) == tkr(outcome)
    assert computed.organisation.total(2020, Scenario.BUDGET) == tkr(budget)
    assert computed.deviation == tkr(outcome - budget)
    netto = next(r for r in computed.tables["enheter"].rows if r.definition.id == "netto")
    assert netto.values[1] == tkr(outcome)  # the column utfall
    # A reference to the total, and the narrative check's "nämndens" total, are the scope's.
    figures = Figures.of(ws, computed)
    shown = render_reference("tabell.enheter.netto.avvikelse", figures)
    assert shown == f"{outcome - budget}\u00a0tkr"
    deviation = next(
        c
        for c in candidates(ws, computed)
        if c.table == "enheter" and c.measure is Measure.DEVIATION and "nämndens" in c.names
    )
    assert deviation.value == tkr(outcome - budget)


def test_a_scoped_report_builds_with_its_own_total(tmp_path: Path) -> None:
    root = kommun(tmp_path / "ks", "[KS, REV]", rows=ROWS["[KS, REV]"])
    result = build(root, tmp_path / "ut", (OutputFormat.HTML, OutputFormat.DATA))
    assert result.ok, [d.format() for d in result.diagnostics]
    html = (tmp_path / "ut" / "index.html").read_text(encoding="utf-8")
    assert "Avvikelsen mot budget är 60\u00a0tkr." in html
    assert "Finansförvaltningen" not in html


def test_units_carry_their_kind(tmp_path: Path) -> None:
    ws, _ = read_workspace(kommun(tmp_path / "ks", "kommun", rows=ROWS["kommun"]))
    assert ws is not None
    organisation = ws.dimension(ORGANISATION)
    assert organisation is not None
    members = organisation.members()
    assert members["KS"].kind is UnitKind.NAMND
    assert members["REV"].kind is UnitKind.NAMND
    assert members["FIN"].kind is UnitKind.FINANSFORVALTNING
    assert members["KLK"].kind is UnitKind.FORVALTNING
    assert members["KLK-A"].kind is UnitKind.ENHET


def test_the_single_tree_is_one_namnd(example: Path) -> None:
    ws, _ = read_workspace(example)
    assert ws is not None
    organisation = ws.dimension(ORGANISATION)
    assert organisation is not None
    assert len(organisation.roots) == 1
    assert organisation.roots[0].kind is UnitKind.NAMND
    assert ws.settings.scope == ("VAN",)
    assert not ws.settings.whole_kommun
    assert not ws.settings.several_namnder


def test_several_tops_without_a_scope_ask_to_choose(tmp_path: Path) -> None:
    [error] = errors(kommun(tmp_path / "ks", None))
    assert (error.code, error.location.file, error.location.line) == ("UPP138", "uppsikt.yaml", 3)
    assert "omfattning" in error.hint
    assert "KS" in error.message


@pytest.mark.parametrize(
    ("scope", "words"),
    [("KLK", "del av Kommunstyrelsen"), ("[KS, XYZ]", "finns inte")],
)
def test_a_scope_names_tops(tmp_path: Path, scope: str, words: str) -> None:
    [error] = errors(kommun(tmp_path / "ks", scope))
    assert (error.code, error.location.file, error.location.line) == ("UPP137", "uppsikt.yaml", 7)
    assert words in error.message


def test_a_code_twice_in_the_scope(tmp_path: Path) -> None:
    root = kommun(tmp_path / "ks", "\n  - KS\n  - KS")
    [error] = errors(root)
    assert (error.code, error.location.line) == ("UPP139", 9)


def test_facts_without_a_unit_cannot_be_placed_in_a_narrower_scope(tmp_path: Path) -> None:
    root = kommun(tmp_path / "ks", "KS")
    (root / "dimensioner.yaml").write_text(
        "kontogrupp:\n  namn: Kontogrupp\n  medlemmar:\n    - {kod: INT, namn: Intäkter}\n",
        encoding="utf-8",
    )
    (root / "ekonomi" / "kontogrupper.csv").write_text(
        "# Hela kommunens intäkter\når;scenario;kontogrupp;belopp\n2020;utfall;INT;100\n"
        "2020;budget;INT;90\n",
        encoding="utf-8",
    )
    [error] = errors(root)
    assert (error.code, error.location.file, error.location.line) == (
        "UPP199",
        "ekonomi/kontogrupper.csv",
        3,
    )
    assert "enhet" in error.hint
    # For the whole kommun they belong to the report.
    (root / "uppsikt.yaml").write_text(settings("kommun"), encoding="utf-8")
    (root / "tabeller.yaml").write_text(tables(ROWS["kommun"]), encoding="utf-8")
    ws, diagnostics = read_workspace(root)
    assert ws is not None, [d.format() for d in diagnostics]
    assert sum(1 for f in ws.facts if f.member(ORGANISATION) is None) == 2


ORGANISATION_ERRORS = [
    (
        "- kod: KS\n  namn: Kommunstyrelsen\n- kod: REV\n  namn: Revisionsnämnden\n",
        "UPP197",
        1,
    ),
    (
        "nämnder:\n  - kod: KS\n    namn: Kommunstyrelsen\n    delar:\n"
        "      - {kod: REV, namn: Revisionsnämnden, typ: nämnd}\n",
        "UPP196",
        5,
    ),
    (
        "nämnder:\n  - kod: KLK\n    namn: Kommunledningskontoret\n    typ: förvaltning\n",
        "UPP196",
        4,
    ),
    ("kod: KS\nnamn: Kommunstyrelsen\nnämnder:\n  - {kod: REV, namn: Revision}\n", "UPP198", 1),
    ("nämnder: []\n", "UPP198", 1),
]


@pytest.mark.parametrize(("organisation", "code", "line"), ORGANISATION_ERRORS)
def test_organisation_forms_are_taught(
    tmp_path: Path, organisation: str, code: str, line: int
) -> None:
    found = errors(kommun(tmp_path / "ks", "kommun", organisation=organisation))
    ours = [d for d in found if d.code == code]
    assert ours, [d.format() for d in found]
    assert (ours[0].location.file, ours[0].location.line) == ("organisation.yaml", line)
    assert ours[0].hint


def test_a_row_outside_the_scope_points_at_the_scope(tmp_path: Path) -> None:
    [error] = errors(kommun(tmp_path / "ks", "KS", rows=("KLK", "REV")))
    assert (error.code, error.location.file) == ("UPP189", "tabeller.yaml")
    assert "omfattning" in error.hint


UPPDRAG_YAML = """\
uppdrag:
  - {id: U-KS, titel: Ett uppdrag till KS, givet_av: KF, beslut: KF 2019-11-26 § 1, ansvarig: KS}
  - {id: U-REV, titel: Ett uppdrag till REV, givet_av: KF, beslut: KF 2019-11-26 § 2, ansvarig: REV}
"""


@pytest.mark.parametrize(
    ("kind", "scope", "followed"),
    [
        ("årsberättelse", "KS", ["U-KS"]),
        ("årsberättelse", "REV", ["U-REV"]),
        ("ks-årsberättelse", "KS", ["U-KS", "U-REV"]),
    ],
)
def test_a_namnds_report_follows_its_own_uppdrag_and_ks_every_one(
    tmp_path: Path, kind: str, scope: str, followed: list[str]
) -> None:
    root = kommun(tmp_path / "k", scope, rows=(scope,))
    settings_file = root / "uppsikt.yaml"
    settings_file.write_text(
        settings_file.read_text(encoding="utf-8")
        .replace("rapport: årsberättelse", f"rapport: {kind}")
        .replace("avsnitt: [forslag-till-beslut, ekonomi]", "avsnitt: [ekonomi, malomraden]"),
        encoding="utf-8",
    )
    (root / "uppdrag.yaml").write_text(UPPDRAG_YAML, encoding="utf-8")
    workspace, diagnostics = read_workspace(root)
    assert workspace is not None, [d.format() for d in diagnostics]
    assert [a.id for a in workspace.assignments] == followed
