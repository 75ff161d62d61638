"""The rule 'prognos-i-text' (UPP492): a delårsrapport's economy text that calls the forecast
a surplus, a deficit or balance where the computed forecast deviation says otherwise. The
example's augusti report forecasts a deficit of 2 330 tkr against a budget of 1 247 800 tkr."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommun_files import copy_kommun, workspace
from kommun_files import report as kommun_report
from uppsikt.checks import RULES
from uppsikt.checks.forecast_texts import Stance, forecast_text_contradicts, statements
from uppsikt.compute.results import compute
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.model.narrative import TextSection
from uppsikt.pipeline import load_report

AUGUSTI = "bun-delar-augusti-2025"
TEXT = "text/ekonomi.md"


@pytest.fixture
def kommun(tmp_path: Path) -> Path:
    return copy_kommun(tmp_path)


def write_text(kommun: Path, body: str, name: str = AUGUSTI) -> None:
    (kommun_report(kommun, name) / TEXT).write_text(f"# Ekonomi\n\n{body}\n", encoding="utf-8")


def found(kommun: Path, name: str = AUGUSTI) -> list[Diagnostic]:
    ws = workspace(kommun_report(kommun, name))
    computed, _ = compute(ws)
    return forecast_text_contradicts(ws, computed)


def said(body: str, parts: frozenset[str] = frozenset()) -> list[Stance]:
    text = TextSection("ekonomi", "Ekonomi", body, TEXT, 3)
    return [s.stance for s in statements(text, parts, 2025)]


def test_the_example_text_agrees_with_its_forecast(kommun: Path) -> None:
    """The augusti text says «underskott» of a forecast deviation of −2 330 tkr: no finding,
    through the whole pipeline too."""
    text = (kommun_report(kommun, AUGUSTI) / TEXT).read_text(encoding="utf-8")
    assert "underskott" in text
    assert found(kommun) == []
    _, diagnostics = load_report(kommun_report(kommun, AUGUSTI))
    assert not [d for d in diagnostics if d.code == "UPP492"]


def test_a_surplus_where_the_forecast_is_a_deficit_is_a_warning(kommun: Path) -> None:
    write_text(
        kommun,
        "Tabellerna visar helårsprognosen.\n\nNämnden prognostiserar för helåret ett\n"
        "överskott mot budget, tack vare lägre kostnader för lokaler.",
    )
    result = found(kommun)
    assert [(d.code, d.severity, d.location.file, d.location.line) for d in result] == [
        ("UPP492", Severity.WARNING, TEXT, 6)  # the line of the word «överskott»
    ]
    message = result[0].message
    assert "«överskott»" in message
    assert "−2\u00a0330 tkr" in message
    assert message.endswith("ett underskott.")


def test_the_check_runs_in_the_pipeline_with_the_file_and_line(kommun: Path) -> None:
    write_text(kommun, "Prognosen för helåret visar en positiv avvikelse mot budgeten.")
    _, diagnostics = load_report(kommun_report(kommun, AUGUSTI))
    upp492 = [d for d in diagnostics if d.code == "UPP492"]
    assert len(upp492) == 1
    assert upp492[0].location.file is not None
    assert upp492[0].location.file.endswith(TEXT)
    assert upp492[0].location.line == 3
    assert "«positiv avvikelse»" in upp492[0].message


def test_balance_is_judged_against_the_threshold(kommun: Path) -> None:
    """−2 330 tkr is 0,19 % of the budget: «i balans» within the default 1 %, not within
    0,1 %."""
    write_text(kommun, "Prognosen för helåret visar en ekonomi i balans.")
    assert found(kommun) == []
    settings = kommun_report(kommun, AUGUSTI) / "uppsikt.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text + "prognos:\n  tröskel_procent: 0,1\n", encoding="utf-8")
    result = found(kommun)
    assert [d.code for d in result] == ["UPP492"]
    assert "«i balans»" in result[0].message
    assert "0,2 % av budgeten, mer än tröskeln 0,1 %" in result[0].message


@pytest.mark.parametrize(
    "body",
    [
        # a part of the nämnd, by its unit's or its verksamhet's name (inflected)
        "För förskolan visar prognosen ett överskott mot budget.",
        "Prognosen för Lärkaskolan pekar mot ett överskott.",
        # negation and hedges
        "Prognosen visar inget överskott.",
        "Prognosen för helåret visar inte ett överskott, utan ett underskott.",
        "Det finns en risk att prognosen för helåret blir ett överskott.",
        # the period's outcome, another year, the accumulated result
        "Utfallet hittills visar ett överskott mot prognosen.",
        "Prognosen för 2024 visade ett överskott.",
        "Prognosen tar i anspråk överskott från ackumulerat resultat.",
        # no forecast cue: not a sentence about the forecast
        "Nämnden redovisar ett överskott för januari–augusti.",
        # words of two kinds
        "Prognosen: överskott i början av året, nu ett underskott.",
        # a live reference is rendered from the data
        "Prognosen för helåret är {{ tabell.enheter.netto.avvikelse | mnkr | tecken }}.",
    ],
)
def test_what_must_not_fire(kommun: Path, body: str) -> None:
    write_text(kommun, body)
    assert found(kommun) == []


def test_not_in_an_arsberattelse(kommun: Path) -> None:
    """An årsberättelse's text speaks of the outcome; the forecasts are followed up by UPP490."""
    write_text(kommun, "Prognosen för helåret visade ett överskott.", "bun-2025")
    assert found(kommun, "bun-2025") == []


def test_the_word_lists() -> None:
    assert said("Prognosen visar ett underskott.") == [Stance.DEFICIT]
    assert said("Helårsprognosen ger en negativ budgetavvikelse.") == [Stance.DEFICIT]
    assert said("Prognosen pekar mot ett budgetöverskridande.") == [Stance.DEFICIT]
    assert said("Enligt prognosen överskrids inte budgeten.") == []
    assert said("Prognosen visar att nämnden håller budgeten.") == [Stance.BALANCE]
    assert said("Prognosen ligger i nivå med budget.") == [Stance.BALANCE]
    assert said("Prognosen visar överskott.\n\nPrognosen visar underskott.") == [
        Stance.SURPLUS,
        Stance.DEFICIT,
    ]
    assert said("Prognosen för skolan visar överskott.", frozenset({"skolan"})) == []


def test_the_rule_is_registered() -> None:
    assert "prognos-i-text" in {rule.name for rule in RULES}
