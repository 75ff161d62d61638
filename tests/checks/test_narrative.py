"""The rule «siffror-i-text» (UPP410): figures written by hand in the narrative."""

from __future__ import annotations

import shutil
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from uppsikt.checks.narrative import narrative_figures, reference_text
from uppsikt.checks.narrative_candidates import candidates
from uppsikt.checks.narrative_extract import Passage, Unit, extract, qualified_interval
from uppsikt.checks.narrative_match import match
from uppsikt.compute.results import Computed, compute
from uppsikt.located.diagnostics import Severity
from uppsikt.model.workspace import Workspace
from uppsikt.workspace.reader import read_workspace

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

from narrative_eval import isolate, load_cases, run_case, score  # noqa: E402

EXAMPLE = REPO / "examples" / "orebro-van-2020"
CASES = Path(__file__).with_name("narrative_cases.yaml")


@pytest.fixture(scope="module")
def example() -> tuple[Workspace, Computed]:
    ws, problems = read_workspace(EXAMPLE)
    assert ws is not None, problems
    computed, _ = compute(ws)
    return ws, computed


def _figures(text: str) -> list[tuple[str, Decimal, int, Unit, int, str]]:
    return [
        (f.text, f.magnitude, f.decimals, f.unit, f.sign, f.qualifier)
        for f in extract(Passage("text/a.md", text, 1))
    ]


def test_extracts_units_signs_qualifiers_and_separators() -> None:
    text = (
        "En hyra på 3,3 mnkr, drygt 84 procent, −2,2 mnkr, +5 procentenheter, "
        "cirka 1\u00a0200 hushåll och 13\u2009465 tkr."
    )
    assert _figures(text) == [
        ("3,3 mnkr", Decimal("3.3"), 1, Unit.MNKR, 0, ""),
        ("drygt 84 procent", Decimal(84), 0, Unit.PERCENT, 0, "drygt"),
        ("−2,2 mnkr", Decimal("2.2"), 1, Unit.MNKR, -1, ""),
        ("+5 procentenheter", Decimal(5), 0, Unit.POINTS, 1, ""),
        ("cirka 1\u00a0200 hushåll", Decimal(1200), -2, Unit.COUNT, 0, "cirka"),
        ("13\u2009465 tkr", Decimal(13465), 0, Unit.TKR, 0, ""),
    ]


def test_sign_implied_by_underskott() -> None:
    (figure,) = extract(Passage("text/a.md", "Ett underskott på 9,7 mnkr.", 1))
    assert (figure.sign, figure.explicit_sign) == (-1, False)


def test_a_long_sentence_keeps_its_qualifiers_signs_and_target_words() -> None:
    """The search before a figure is a bounded window (a 100 KB sentence with a thousand
    figures took 15 s, found by bench/fuzz.py); what qualifies a figure is still found."""
    filler = "och kostnaderna för verksamheten som helhet " * 300
    text = f"Ett underskott på 9,7 mnkr {filler} blev drygt 84 procent."
    figures = extract(Passage("text/a.md", text, 1))
    assert [(f.text, f.sign, f.qualifier) for f in figures] == [
        ("9,7 mnkr", -1, ""),
        ("drygt 84 procent", 0, "drygt"),
    ]
    assert (
        extract(Passage("text/a.md", f"Målet ska vara 9,7 mnkr {filler} och 84 procent.", 1)) == []
    )


def test_skips_references_years_list_numbers_and_targets() -> None:
    text = (
        "Avvikelsen är {{ tabell.enheter.netto.avvikelse | mnkr }} för 2020.\n\n"
        "1. fastställer årsberättelsen,\n"
        "Målområde 3 och nivå 4. Minst 80 procent ska få arbete. Åren 2020–2022 och 18–24 år."
    )
    assert _figures(text) == []


def test_figures_in_a_table_take_the_unit_of_their_column() -> None:
    text = "| Verksamhet | tkr |\n|---|---:|\n| Ledning | −500 |"
    assert _figures(text) == [("−500", Decimal(500), 0, Unit.TKR, -1, "")]


def test_line_numbers_count_from_the_body() -> None:
    (figure,) = extract(Passage("text/a.md", "Rad ett.\n\nEn hyra på 3,3 mnkr.", 5))
    assert figure.line == 7


@pytest.mark.parametrize(
    ("qualifier", "lo", "hi"),
    [
        ("", "83.5", "84.5"),
        ("drygt", "84", "92.9"),
        ("knappt", "75.1", "84"),
        ("cirka", "79.3", "88.7"),
        ("över", "84", "1E+15"),
    ],
)
def test_qualifiers_widen_the_interval(qualifier: str, lo: str, hi: str) -> None:
    interval = qualified_interval(Decimal(84), 0, qualifier)
    assert (interval.lo, interval.hi) == (Decimal(lo), Decimal(hi))


def test_matches_the_named_unit_and_measure(example: tuple[Workspace, Computed]) -> None:
    ws, computed = example
    pool = candidates(ws, computed)
    passage = Passage("text/a.md", "Verksamhet försörjning visar ett underskott på 9,7 mnkr.", 1)
    (figure,) = extract(passage)
    found = match(figure, pool, ws.settings.year)
    assert found is not None
    assert found.consistent
    assert found.candidate.reference == "tabell.enheter.FS.avvikelse"


def test_rule_fires_on_a_wrong_figure(example: tuple[Workspace, Computed]) -> None:
    ws, computed = example
    text = "Rubrik\n\nKostnaden för ekonomiskt bistånd blev 228 mnkr 2020."
    (problem,) = narrative_figures(isolate(ws, text), computed)
    assert (problem.code, problem.severity) == ("UPP410", Severity.WARNING)
    assert (problem.location.file, problem.location.line) == ("text/fall.md", 3)
    assert "«228 mnkr»" in problem.message
    assert "Ekonomiskt bistånd" in problem.message
    assert "−218 mnkr" in problem.message
    assert "säkerhet" in problem.message
    assert "{{ tabell.kontogrupper.EB.utfall | mnkr:0 | abs }}" in problem.hint


def test_rule_is_silent_on_a_right_figure(example: tuple[Workspace, Computed]) -> None:
    ws, computed = example
    text = "Kostnaden för ekonomiskt bistånd blev 218 mnkr 2020."
    assert narrative_figures(isolate(ws, text), computed) == []


def test_rule_is_silent_on_figures_not_in_the_data(example: tuple[Workspace, Computed]) -> None:
    ws, computed = example
    text = "Verksamhet försörjning visar ett underskott, trots att en hyra på 3,8 mnkr uteblev."
    assert narrative_figures(isolate(ws, text), computed) == []


def test_reference_text_keeps_the_written_form(example: tuple[Workspace, Computed]) -> None:
    ws, computed = example
    pool = {c.reference: c for c in candidates(ws, computed)}
    (figure,) = extract(Passage("text/a.md", "Avvikelsen blev +12,3 mnkr.", 1))
    text = reference_text(pool["tabell.enheter.netto.avvikelse"], figure)
    assert text == "{{ tabell.enheter.netto.avvikelse | mnkr | tecken }}"


def test_mal_yaml_figures_are_located_by_place(example: tuple[Workspace, Computed]) -> None:
    ws, computed = example
    found = narrative_figures(ws, computed)
    assert all(d.location.file in ("mal.yaml", "tabeller.yaml") or d.location.line for d in found)
    assert all(d.severity is Severity.WARNING for d in found)


def test_the_example_gives_no_warning(example: tuple[Workspace, Computed]) -> None:
    # «22 procent» (jobbspår) against ca 80 → 97 deltagare holds, since 80 is an estimate;
    # «ungefär 14 procent» (studieväg 1) speaks of nothing in the data. Any warning here
    # would be a false alarm to look into (docs/checks-narrative.md).
    ws, computed = example
    assert narrative_figures(ws, computed) == []


# Floors measured on tests/checks/narrative_cases.yaml when the rule was written (all cases:
# precision 0.97, recall 0.97; the held-out cases alone 0.83 and 0.83). Lower them only with
# a reason in docs/checks-narrative.md.
FLOOR_ALL = 0.95
FLOOR_HELD_OUT = 0.8


def test_precision_and_recall_on_the_labelled_cases(example: tuple[Workspace, Computed]) -> None:
    ws, computed = example
    cases = load_cases(CASES)
    assert len(cases) >= 60
    outcomes = [run_case(ws, computed, case) for case in cases]
    every = score(outcomes)
    held_out = score([o for o in outcomes if o.case.held_out])
    assert every.precision >= FLOOR_ALL, every
    assert every.recall >= FLOOR_ALL, every
    assert held_out.precision >= FLOOR_HELD_OUT, held_out
    assert held_out.recall >= FLOOR_HELD_OUT, held_out


def test_cases_cover_every_unit_and_outcome() -> None:
    cases = load_cases(CASES)
    text = " ".join(c.text for c in cases)
    for word in ("mnkr", "tkr", " kr", "procent", "procentenheter", "hushåll", "drygt", "cirka"):
        assert word in text
    assert {c.expect for c in cases} == {"flag", "ok", "none"}


def test_isolate_keeps_the_figures(example: tuple[Workspace, Computed]) -> None:
    ws, _ = example
    alone = isolate(ws, "Text.")
    assert alone.tables[0].id == ws.tables[0].id
    assert [t.file for t in alone.texts] == ["text/fall.md"]
    assert replace(alone, texts=ws.texts).goals.areas == ()


@pytest.mark.parametrize(("written", "flagged"), [("13,4 mnkr", True), ("13,5 mnkr", False)])
def test_the_published_figure_for_ekonomiskt_bistand_is_flagged(
    tmp_path: Path, written: str, flagged: bool
) -> None:
    # The published text says the cost rose 13,4 mnkr; the table gives 13 465 tkr.
    workspace = tmp_path / "exempel"
    shutil.copytree(EXAMPLE, workspace)
    text = workspace / "text" / "ekonomi.md"
    reference = "{{ tabell.kontogrupper.EB.forandring | abs | mnkr }}"
    source = text.read_text(encoding="utf-8")
    assert reference in source
    text.write_text(source.replace(reference, written, 1), encoding="utf-8")
    ws, problems = read_workspace(workspace)
    assert ws is not None, problems
    computed, _ = compute(ws)
    found = [d for d in narrative_figures(ws, computed) if written in d.message]
    assert bool(found) is flagged
    if flagged:
        assert "13,5" in found[0].message
        assert found[0].location.file == "text/ekonomi.md"
        assert "tabell.kontogrupper.EB.forandring" in found[0].hint
