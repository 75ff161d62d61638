"""Every consistency rule fires on a bad case and stays silent on a good one.

Each test starts from the starter workspace (which has no findings), writes one change into
its files and reads the findings back through the whole pipeline, as `uppsikt check` does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from uppsikt.checks import RULES
from uppsikt.cli.main import app
from uppsikt.examples import write_starter_workspace
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.pipeline import load_report

# A count indicator with a kön split and a second listing of the share indicator in the
# five-year summary, appended to the starter's indikatorer.yaml by the tests that need them.
COUNT_INDICATOR = """
  - id: deltagare
    namn: Antal deltagare
    enhet: antal
    decimaler: 0
    bättre: neutral
    uppdelning: [K, M]
    tillhör:
      - {åtagande: A-ARBETE}
"""
SUMMARY_COPY = """
  - id: fem-till-arbete
    namn: Andel deltagare som gått till arbete efter insats
    enhet: procent
    decimaler: 0
    bättre: högre
    tillhör: [{fem-år: null}]
"""


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    write_starter_workspace(tmp_path)
    return tmp_path


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def _found(workspace: Path, code: str) -> list[Diagnostic]:
    _, diagnostics = load_report(workspace)
    return [d for d in diagnostics if d.code == code]


def _values(workspace: Path, rows: str) -> None:
    _append(workspace / "indikatorvarden.csv", rows)


def test_the_starter_has_no_findings(starter: Path) -> None:
    _, diagnostics = load_report(starter)
    assert diagnostics == []


# -- samma-varde (UPP420) ------------------------------------------------------------------


def _with_summary_copy(starter: Path, values: tuple[str, str]) -> None:
    """The share indicator again, in the five-year summary, with 2024 and 2025 as given."""
    _append(starter / "indikatorer.yaml", SUMMARY_COPY)
    years = (2021, 2022, 2024, 2025)
    rows = [
        f"fem-till-arbete;tot;{y};{v};;;" for y, v in zip(years, ("20", "25", *values), strict=True)
    ]
    _values(starter, "\n".join([*rows, "fem-till-arbete;tot;2023;;ny-indikator;;"]) + "\n")


def test_same_indicator_with_two_values_names_both_places(starter: Path) -> None:
    _with_summary_copy(starter, ("31", "36"))
    (problem,) = _found(starter, "UPP420")
    assert problem.severity is Severity.ERROR
    assert "till-arbete" in problem.message
    assert "fem-till-arbete" in problem.message
    assert "Fem år i sammandrag" in problem.message
    assert "åtagande A-ARBETE" in problem.message
    assert "2025: 35 och 36" in problem.message
    assert problem.location.file == "indikatorvarden.csv"
    assert problem.location.line is not None


def test_same_indicator_with_the_same_values_passes(starter: Path) -> None:
    _with_summary_copy(starter, ("31", "35"))
    assert _found(starter, "UPP420") == []


def test_same_indicator_differing_only_in_rounding_is_a_note(starter: Path) -> None:
    _with_summary_copy(starter, ("31", "35,4"))
    (note,) = _found(starter, "UPP420")
    assert note.severity is Severity.NOTE
    assert "Avrundningsdifferens" in note.message


# -- andel-mellan-delar (UPP421) -----------------------------------------------------------


def test_total_share_outside_the_parts_is_an_error(starter: Path) -> None:
    # Kvinnor 33 %, män 37 %: a total of 39 % cannot be their weighted mean.
    _replace(starter / "indikatorvarden.csv", "till-arbete;tot;2025;35", "till-arbete;tot;2025;39")
    (problem,) = _found(starter, "UPP421")
    assert problem.severity is Severity.ERROR
    assert "39 %" in problem.message
    assert "33 % och 37 %" in problem.message
    assert "1,0 procentenheter" in problem.message  # 38,5 against at most 37,5


def test_total_share_outside_only_by_rounding_is_a_note(starter: Path) -> None:
    _replace(
        starter / "indikatorvarden.csv", "till-arbete;tot;2025;35", "till-arbete;tot;2025;37,4"
    )
    (note,) = _found(starter, "UPP421")
    assert note.severity is Severity.NOTE


def test_total_share_between_the_parts_passes(starter: Path) -> None:
    _replace(starter / "indikatorvarden.csv", "till-arbete;tot;2025;35", "till-arbete;tot;2025;33")
    assert _found(starter, "UPP421") == []


# -- antal-summerar (UPP422) ---------------------------------------------------------------


def _with_counts(starter: Path, total: str, women: str, men: str) -> None:
    _append(starter / "indikatorer.yaml", COUNT_INDICATOR)
    _values(
        starter,
        "".join(
            f"deltagare;{key};{year};{value};;;\n"
            for year in (2023, 2024, 2025)
            for key, value in (("tot", total), ("K", women), ("M", men))
        ),
    )


def test_counts_that_add_up_pass(starter: Path) -> None:
    _with_counts(starter, "120", "70", "50")
    assert _found(starter, "UPP422") == []


def test_parts_exceeding_the_whole_are_an_error(starter: Path) -> None:
    _with_counts(starter, "120", "75", "50")
    problems = _found(starter, "UPP422")
    assert {p.severity for p in problems} == {Severity.ERROR}
    assert len(problems) == 3  # one per year
    assert "75 + 50 = 125" in problems[0].message
    assert "120" in problems[0].message


def test_parts_short_of_the_whole_are_a_warning(starter: Path) -> None:
    # Some may lack a recorded kön: a warning asking for a footnote, not an error.
    _with_counts(starter, "120", "65", "50")
    problems = _found(starter, "UPP422")
    assert {p.severity for p in problems} == {Severity.WARNING}


# -- andel-0-100 (UPP423) ------------------------------------------------------------------


def test_share_above_100_is_an_error(starter: Path) -> None:
    _replace(starter / "indikatorvarden.csv", "till-arbete;K;2025;33", "till-arbete;K;2025;330")
    problems = _found(starter, "UPP423")
    assert [p.severity for p in problems] == [Severity.ERROR]
    assert "330 %" in problems[0].message
    assert problems[0].location.line == 10  # the file's 10th line, comments counted


def test_a_share_is_known_by_its_kind_not_its_name(starter: Path) -> None:
    """Renamed so that no word says 'andel': still a share (per cent, not signed)."""
    _replace(starter / "indikatorer.yaml", "namn: Andel deltagare", "namn: Deltagare")
    _replace(starter / "indikatorvarden.csv", "till-arbete;K;2025;33", "till-arbete;K;2025;330")
    assert len(_found(starter, "UPP423")) == 1


def test_a_measure_in_per_cent_may_pass_100(starter: Path) -> None:
    _replace(
        starter / "indikatorer.yaml", "    enhet: procent\n", "    enhet: procent\n    slag: mått\n"
    )
    _replace(starter / "indikatorvarden.csv", "till-arbete;K;2025;33", "till-arbete;K;2025;330")
    assert _found(starter, "UPP423") == []


def test_a_count_split_into_shares_is_bounded(starter: Path) -> None:
    _append(
        starter / "indikatorer.yaml",
        COUNT_INDICATOR.replace("[K, M]", "[{id: K, namn: Kvinnor, enhet: procent}]"),
    )
    _values(starter, "deltagare;tot;2025;40;;;\ndeltagare;K;2025;140;;;\n")
    (problem,) = _found(starter, "UPP423")
    assert "140 %" in problem.message


# -- malvarde-passar (UPP424) --------------------------------------------------------------


def test_target_as_a_fraction_is_flagged(starter: Path) -> None:
    _replace(starter / "indikatorer.yaml", "målvärde: Öka ", "målvärde: 0.4 ")
    (problem,) = _found(starter, "UPP424")
    assert problem.severity is Severity.WARNING
    assert "40" in problem.hint
    assert problem.location.file == "indikatorer.yaml"
    assert problem.location.line is not None


def test_share_target_above_100_is_an_error(starter: Path) -> None:
    _replace(starter / "indikatorer.yaml", "målvärde: Öka ", "målvärde: 140 ")
    (problem,) = _found(starter, "UPP424")
    assert problem.severity is Severity.ERROR


def test_a_measure_target_above_100_is_no_error(starter: Path) -> None:
    _replace(
        starter / "indikatorer.yaml", "    enhet: procent\n", "    enhet: procent\n    slag: mått\n"
    )
    _replace(starter / "indikatorer.yaml", "målvärde: Öka ", "målvärde: 140 ")
    assert _found(starter, "UPP424") == []


def test_direction_against_better_is_flagged(starter: Path) -> None:
    _replace(starter / "indikatorer.yaml", "målvärde: Öka ", "målvärde: Minska ")
    (problem,) = _found(starter, "UPP424")
    assert "Minska" in problem.message
    assert "högre" in problem.message


def test_fitting_targets_pass(starter: Path) -> None:
    _replace(starter / "indikatorer.yaml", "målvärde: Öka ", "målvärde: 40 ")
    assert _found(starter, "UPP424") == []


# -- ar-utan-luckor (UPP425) ---------------------------------------------------------------


def test_gap_in_a_series_is_flagged(starter: Path) -> None:
    _values(starter, "till-arbete;tot;2019;20;;;\ntill-arbete;tot;2021;24;;;\n")
    (problem,) = _found(starter, "UPP425")
    assert "2020, 2022" in problem.message


def test_series_without_gaps_passes(starter: Path) -> None:
    _values(starter, "till-arbete;tot;2022;24;;;\ntill-arbete;tot;2021;22;;;\n")
    assert _found(starter, "UPP425") == []


# -- rubrik-stammer (UPP426) ---------------------------------------------------------------

EXPLICIT_COLUMNS = """    kolumner:
      - {id: utfall, typ: belopp, scenario: utfall}
      - {id: budget, typ: belopp, scenario: budget}
      - {id: avvikelse, typ: skillnad, av: [utfall, budget], rubrik: %s}
"""


def test_header_saying_the_reverse_difference_is_an_error(starter: Path) -> None:
    _replace(
        starter / "tabeller.yaml",
        "    kolumner: standard\n",
        EXPLICIT_COLUMNS % "Avvikelse budget − bokslut",
    )
    (problem,) = _found(starter, "UPP426")
    assert problem.severity is Severity.ERROR
    assert "budget − bokslut" in problem.message
    assert "utfall − budget" in problem.message
    assert problem.location.file == "tabeller.yaml"


def test_header_saying_the_computed_difference_passes(starter: Path) -> None:
    _replace(
        starter / "tabeller.yaml",
        "    kolumner: standard\n",
        EXPLICIT_COLUMNS % "Avvikelse bokslut − budget",
    )
    assert _found(starter, "UPP426") == []


# -- ar-har-data (UPP427) ------------------------------------------------------------------


def test_table_showing_a_year_without_facts_is_flagged(starter: Path) -> None:
    economy = starter / "ekonomi"
    for name in ("drift.csv", "kontogrupper.csv"):
        path = economy / name
        kept = [
            line for line in path.read_text(encoding="utf-8").splitlines() if "2024;" not in line
        ]
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    problems = _found(starter, "UPP427")
    assert problems
    assert all("utfall 2024" in p.message for p in problems)


# -- budget-och-utfall (UPP428) ------------------------------------------------------------


def test_budget_without_outcome_is_flagged(starter: Path) -> None:
    _replace(starter / "ekonomi" / "drift.csv", "2025;utfall;V2-A;-8 010\n", "")
    _replace(
        starter / "ekonomi" / "kontogrupper.csv", "2025;utfall;OVR;-7 480", "2025;utfall;OVR;470"
    )
    (problem,) = _found(starter, "UPP428")
    assert problem.severity is Severity.WARNING
    assert "Enhet C (V2-A)" in problem.message
    assert "budget 2025" in problem.message


def test_outcome_without_budget_is_flagged(starter: Path) -> None:
    _replace(starter / "ekonomi" / "drift.csv", "2025;budget;V2-A;-8 100\n", "")
    _replace(
        starter / "ekonomi" / "kontogrupper.csv", "2025;budget;OVR;-7 400", "2025;budget;OVR;700"
    )
    (problem,) = _found(starter, "UPP428")
    assert "har utfall 2025" in problem.message
    assert "ingen budget" in problem.message


# -- kontroller.yaml: accepted findings ----------------------------------------------------


def test_an_accepted_finding_is_a_note_with_the_reason(starter: Path) -> None:
    _replace(starter / "indikatorvarden.csv", "till-arbete;tot;2025;35", "till-arbete;tot;2025;39")
    (starter / "kontroller.yaml").write_text(
        "godtagna:\n  - kod: UPP421\n    avser: till-arbete, år 2025\n"
        "    skäl: Så publicerat av SCB.\n",
        encoding="utf-8",
    )
    report, diagnostics = load_report(starter)
    assert report is not None  # no longer stops the build
    (note,) = [d for d in diagnostics if d.code == "UPP421"]
    assert note.severity is Severity.NOTE
    assert note.message.startswith("Godtaget (fel)")
    assert "Så publicerat av SCB." in note.message


def test_a_stale_acceptance_is_reported(starter: Path) -> None:
    (starter / "kontroller.yaml").write_text(
        "godtagna:\n  - kod: UPP421\n    avser: till-arbete\n    skäl: Gammalt.\n",
        encoding="utf-8",
    )
    (problem,) = _found(starter, "UPP409")
    assert problem.location.file == "kontroller.yaml"
    assert problem.location.line == 2


def test_an_acceptance_with_a_bad_code_is_refused(starter: Path) -> None:
    (starter / "kontroller.yaml").write_text(
        "godtagna:\n  - kod: 421\n    avser: x\n    skäl: y\n", encoding="utf-8"
    )
    (problem,) = _found(starter, "UPP408")
    assert problem.severity is Severity.ERROR
    assert problem.location.line == 2


# -- the example: the published report's contradictions ------------------------------------


def test_the_example_lists_the_published_contradictions(example: Path) -> None:
    _, diagnostics = load_report(example)
    by_code = {(d.code, d.severity) for d in diagnostics}
    # Accepted as published (kontroller.yaml): listed as notes with the reason.
    assert {("UPP420", Severity.NOTE), ("UPP421", Severity.NOTE), ("UPP422", Severity.NOTE)} <= (
        by_code
    )
    # Rows typed in whole tkr that sum to 1 tkr beside the published totals: the totals are
    # stated (typ: summa), so the views agree, and each stated total has a rounding note.
    assert not [d for d in diagnostics if d.code in ("UPP401", "UPP403")]
    rounding = [d for d in diagnostics if d.code == "UPP480"]
    assert rounding
    assert all(d.severity is Severity.NOTE for d in rounding)
    assert not any(d.severity is Severity.ERROR for d in diagnostics)


def test_the_example_without_its_acceptances_has_errors(example_copy: Path) -> None:
    (example_copy / "kontroller.yaml").unlink()
    _, diagnostics = load_report(example_copy)
    errors = sorted(d.code for d in diagnostics if d.severity is Severity.ERROR)
    assert errors == ["UPP420", "UPP421", "UPP422"]


def test_the_published_column_header_is_caught(example_copy: Path) -> None:
    # The published table calls utfall − budget "Avvikelse budget − bokslut".
    tables = example_copy / "tabeller.yaml"
    _replace(
        tables,
        "{id: avvikelse, typ: skillnad, av: [utfall, budget]}",
        "{id: avvikelse, typ: skillnad, av: [utfall, budget], rubrik: Avvikelse budget − bokslut}",
    )
    problems = _found(example_copy, "UPP426")
    assert problems
    assert problems[0].severity is Severity.ERROR


def test_check_lists_its_rules() -> None:
    result = CliRunner().invoke(app, ["check", "--rules"])
    assert result.exit_code == 0
    assert all(rule.name in result.output for rule in RULES)
    assert len({rule.name for rule in RULES}) == len(RULES)


# -- the 7 % rule's booked result, typed in (UPP320, UPP321) -------------------------------


@pytest.mark.parametrize(
    ("typed", "code", "severity"),
    [
        ("4 884", None, None),
        ("4 885", "UPP321", Severity.NOTE),
        ("4 984", "UPP320", Severity.WARNING),
    ],
)
def test_a_typed_booked_result_is_judged_with_rounding(
    example_copy: Path, typed: str, code: str | None, severity: Severity | None
) -> None:
    # Komvux's utfall − budget from the typed facts is 4 884 tkr.
    _replace(
        example_copy / "intraprenader.yaml",
        "    budgetomslutning: 144 696\n",
        f"    budgetomslutning: 144 696\n    bokfört_resultat: {typed}\n",
    )
    _, diagnostics = load_report(example_copy)
    found = [(d.code, d.severity) for d in diagnostics if d.code in ("UPP320", "UPP321")]
    assert found == ([] if code is None else [(code, severity)])
