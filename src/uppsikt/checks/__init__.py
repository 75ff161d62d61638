"""Checks over the computed workspace: small named functions in a registry.

Each rule takes the workspace and its computed figures and returns diagnostics. The full
rule engine (rounding-aware arithmetic, consistency across the report, figures in the text)
grows here; this first set covers what the build itself relies on.

Rules by area: :mod:`structure` (the build relies on them), :mod:`indicators` (one figure,
one value; parts and wholes), :mod:`series` (targets, gaps), :mod:`economy` (headers, years,
budget and outcome), :mod:`narrative` (figures written in the text). Findings the editors
accept in kontroller.yaml are shown as notes (:mod:`accept`).

The registry ``RULES`` is a tuple of :class:`RuleInfo`: the rule's function with a stable
name (kebab-case, for people and configuration) and a short description in Swedish. A
``RuleInfo`` is itself callable like the function it wraps, so ``run_checks`` accepts both
registered rules and plain functions (in tests, say).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from uppsikt.checks.accept import apply_accepted
from uppsikt.checks.assignments import overdue_assignments
from uppsikt.checks.budget_changes import changes_fit_budget, transfers_balance
from uppsikt.checks.economy import budget_and_outcome, column_headers, table_years_have_data
from uppsikt.checks.forecast_texts import forecast_text_contradicts
from uppsikt.checks.forecasts import forecast_missing, outcome_far_from_forecast
from uppsikt.checks.indicator_forecasts import (
    indicator_forecast_missing,
    outcome_differs_from_forecast,
)
from uppsikt.checks.indicators import (
    counts_add_up,
    same_figure,
    share_between_parts,
    shares_in_range,
)
from uppsikt.checks.narrative import narrative_figures
from uppsikt.checks.own_assessments import own_assessment_differs
from uppsikt.checks.parts import parts_within_whole
from uppsikt.checks.personnel import hr_section_listed
from uppsikt.checks.series import targets_fit, years_without_gaps
from uppsikt.checks.stated_totals import stated_totals_reconcile, stated_totals_shown
from uppsikt.checks.structure import missing_values, views_reconcile
from uppsikt.compute.results import Computed
from uppsikt.located.diagnostics import Diagnostic
from uppsikt.model.workspace import Workspace

Rule = Callable[[Workspace, Computed], list[Diagnostic]]


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A registered rule: its function, a stable name and a short Swedish description."""

    name: str
    description: str
    check: Rule

    def __call__(self, ws: Workspace, computed: Computed) -> list[Diagnostic]:
        return self.check(ws, computed)


RULES: tuple[RuleInfo, ...] = (
    RuleInfo(
        "vyer-stammer",
        "Ekonomins vyer (per kontogrupp, per verksamhet …) har samma summor som per enhet, "
        "utöver vad avrundning kan förklara.",
        views_reconcile,
    ),
    RuleInfo(
        "varden-finns",
        "En indikator som visas i rapporten har ett värde, eller ett skäl, för varje år den visar.",
        missing_values,
    ),
    RuleInfo(
        "samma-varde",
        "En indikator som står på flera ställen (målområdet och Fem år i sammandrag) har samma "
        "värde överallt.",
        same_figure,
    ),
    RuleInfo(
        "andel-mellan-delar",
        "En andel för helheten ligger mellan delarnas andelar (kvinnor och män, flickor och "
        "pojkar).",
        share_between_parts,
    ),
    RuleInfo(
        "antal-summerar",
        "Antal för kvinnor och män summerar till totalen, utöver vad avrundning kan förklara.",
        counts_add_up,
    ),
    RuleInfo(
        "del-inom-helhet",
        "En varav-indikator (del_av) är en del av en indikator i samma enhet och aldrig större "
        "än den.",
        parts_within_whole,
    ),
    RuleInfo("andel-0-100", "En andel ligger mellan 0 och 100 %.", shares_in_range),
    RuleInfo(
        "malvarde-passar",
        "Ett målvärde passar indikatorn: i dess enhet, och en riktning åt det håll den blir "
        "bättre.",
        targets_fit,
    ),
    RuleInfo(
        "ar-utan-luckor",
        "En indikators serie har en rad för varje år mellan det första och det sista.",
        years_without_gaps,
    ),
    RuleInfo(
        "rubrik-stammer",
        "En kolumn vars rubrik anger en skillnad («budget − utfall») innehåller den skillnaden.",
        column_headers,
    ),
    RuleInfo(
        "ar-har-data",
        "Varje år och scenario som en tabell visar har ekonomiska uppgifter.",
        table_years_have_data,
    ),
    RuleInfo(
        "budget-och-utfall",
        "En enhet med budget har utfall, och en enhet med utfall har budget.",
        budget_and_outcome,
    ),
    RuleInfo(
        "egen-bedomning",
        "Nämndens egen bedömning av ett åtagande som skiljer sig från den som följer av "
        "indikatorerna (en notering som nämner båda).",
        own_assessment_differs,
    ),
    RuleInfo(
        "summa-stammer",
        "En angiven summa (typ summa i ekonomi/) stämmer med sina rader, utöver vad avrundning "
        "kan förklara.",
        stated_totals_reconcile,
    ),
    RuleInfo(
        "summa-visas",
        "En angiven summa visas i någon tabell.",
        stated_totals_shown,
    ),
    RuleInfo(
        "personal-visas",
        "En personalindikator (tillhör: hr) har sitt avsnitt «personal» i rapporten.",
        hr_section_listed,
    ),
    RuleInfo(
        "siffror-i-text",
        "En siffra som skrivits för hand i texten stämmer med det beräknade värde den talar om "
        "(varning med säkerhet i procent; förslag på en levande referens).",
        narrative_figures,
    ),
    RuleInfo(
        "uppdrag-klara",
        "Ett uppdrag vars klardatum ligger inom rapportperioden har en status som säger om "
        "det är genomfört (inte saknas, «pågår» eller «ej påbörjat»).",
        overdue_assignments,
    ),
    RuleInfo(
        "omdisponering-noll",
        "En omdisponerings rader (samma beslut i ekonomi/budgetandringar.csv) summerar till noll.",
        transfers_balance,
    ),
    RuleInfo(
        "budgetandring-passar",
        "En budgetförändring gäller en enhet med budget och ger inte enhetens ursprungliga "
        "budget motsatt tecken mot budgeten.",
        changes_fit_budget,
    ),
    RuleInfo(
        "prognos-kommenterad",
        "I en årsberättelse nämner texten om prognossäkerheten en enhet vars bokslut skiljer "
        "sig från den senaste prognosen med mer än tröskeln (prognos.tröskel_procent).",
        outcome_far_from_forecast,
    ),
    RuleInfo(
        "prognos-finns",
        "I en delårsrapport med prognoser har varje enhet med budget en prognos för "
        "rapportens månad.",
        forecast_missing,
    ),
    RuleInfo(
        "prognos-i-text",
        "I en delårsrapport säger ekonomitexten överskott, underskott eller balans om "
        "prognosen, men den beräknade avvikelsen mellan prognos och budget säger annat.",
        forecast_text_contradicts,
    ),
    RuleInfo(
        "indikatorprognos-finns",
        "I en delårsrapport med indikatorprognoser har varje indikator med målvärde för året "
        "en prognos för rapportens månad.",
        indicator_forecast_missing,
    ),
    RuleInfo(
        "indikatorprognos-utfall",
        "I en årsberättelse: en indikator vars bedömning skiljer sig från årets senaste "
        "prognos (en notering; läsaren kan vilja veta varför).",
        outcome_differs_from_forecast,
    ),
)


def run_checks(
    ws: Workspace, computed: Computed, rules: tuple[Rule, ...] = RULES
) -> list[Diagnostic]:
    """Every rule's findings, with the findings the editors accepted shown as notes."""
    return apply_accepted([d for rule in rules for d in rule(ws, computed)], ws.accepted)
