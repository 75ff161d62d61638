"""The rule 'siffror-i-text': figures written by hand in the narrative agree with the data.

Figures are found in text/*.md, in the analyses and descriptions of mal.yaml and in table
comments (``narrative_extract``), matched to the computed figure they most likely speak of
(``narrative_match``), and a figure that disagrees with a confident match is a warning with
the live reference to use instead. Matching is a guess from the words around a figure, so
these are warnings, never errors, and figures without a confident match stay silent.
"""

from __future__ import annotations

from uppsikt.checks.narrative_candidates import Candidate, Kind, Measure, candidates
from uppsikt.checks.narrative_extract import Passage, Unit, WrittenFigure, extract, passages
from uppsikt.checks.narrative_match import Match, match, same_value
from uppsikt.compute.references import REFERENCE, Reference, ReferenceError, parse
from uppsikt.compute.results import Computed
from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.located.format import number
from uppsikt.model.workspace import Workspace

CODE = "UPP410"
THRESHOLD = 0.6
"""The confidence a mismatch needs to be reported; tuned on tests/checks/narrative_cases.yaml."""


def find_matches(ws: Workspace, computed: Computed) -> list[Match]:
    """Every written figure of the narrative that has a match, consistent or not."""
    pool = candidates(ws, computed)
    by_reference = {c.references[0]: c for c in pool if len(c.references) == 1}
    found: list[Match] = []
    for passage in passages(ws):
        matches = [match(f, pool, ws.settings.year) for f in extract(passage)]
        present = [m for m in matches if m is not None]
        found += [m for m in present if not _taken(m, present, passage, by_reference)]
    return found


def _taken(
    found: Match, others: list[Match], passage: Passage, by_reference: dict[Reference, Candidate]
) -> bool:
    """Whether a mismatching figure's candidate is already given in its sentence, by a live
    reference or by another figure that agrees with it: then the figure speaks of something
    else ('100 av dem (91 procent) … bara 59 (53 procent)')."""
    if found.consistent:
        return False
    start, end = found.figure.sentence
    written = (_parsed(ref.group(0)) for ref in REFERENCE.finditer(passage.text, start, end))
    given = [by_reference[r] for r in written if r is not None and r in by_reference]
    given += [m.candidate for m in others if m.consistent and m.figure.sentence == (start, end)]
    return any(c.kind is found.candidate.kind and same_value(c, found.candidate) for c in given)


def _parsed(text: str) -> Reference | None:
    """The reference without its filters; None for one of no known form (the resolver
    reports it)."""
    try:
        return parse(text).with_filters()
    except ReferenceError:
        return None


def narrative_figures(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """A figure written in the text that disagrees with the figure it most likely speaks of."""
    return [
        diagnostic(m)
        for m in find_matches(ws, computed)
        if not m.consistent and m.confidence >= THRESHOLD
    ]


def diagnostic(found: Match) -> Diagnostic:
    figure, candidate = found.figure, found.candidate
    return Diagnostic(
        CODE,
        Severity.WARNING,
        f"«{figure.text}» stämmer inte med det som troligen avses, {candidate.description}: "
        f"enligt data {_shown(candidate, figure)} (säkerhet i matchningen "
        f"{round(found.confidence * 100)} %).",
        Location(file=figure.passage.file, line=figure.line, place=figure.passage.place),
        _hint(candidate, figure),
    )


def _shown(candidate: Candidate, figure: WrittenFigure) -> str:
    """The candidate's value in the unit the figure is written in."""
    if figure.unit.money:
        unit = Unit.TKR if figure.unit is Unit.KR else figure.unit
        decimals = max(figure.decimals, 0)
        return f"{number(candidate.value / unit.kronor, decimals)} {unit.value}"
    decimals = max(figure.decimals, candidate.decimals, 0)
    if candidate.kind is Kind.PERCENT:
        return f"{number(candidate.value, decimals)} %"
    if candidate.kind is Kind.POINTS:
        return f"{number(candidate.value, decimals, signed=True)} procentenheter"
    return number(candidate.value, decimals)


def reference_text(candidate: Candidate, figure: WrittenFigure) -> str:
    """The live reference to paste instead of the figure, with filters that show it the way
    it is written (unit, decimals, sign)."""
    filters: list[str] = []
    if candidate.kind is Kind.MONEY:
        if figure.unit is Unit.MNKR:
            filters.append("mnkr" if figure.decimals == 1 else f"mnkr:{max(figure.decimals, 0)}")
    elif figure.decimals != candidate.decimals:
        filters.append(f"decimaler:{max(figure.decimals, 0)}")
    if figure.explicit_sign:
        filters.append("tecken")
    elif candidate.value < 0:
        filters.append("abs")
    return str(candidate.references[0].with_filters(*filters))


def _hint(candidate: Candidate, figure: WrittenFigure) -> str:
    if len(candidate.references) == 2:
        new, old = candidate.references
        return (
            "Rätta siffran, eller skriv värdena med referenser så att texten följer data: "
            f"{new} och {old}."
        )
    hint = (
        f"Skriv en referens i stället, så följer texten data: {reference_text(candidate, figure)}"
    )
    if candidate.measure is Measure.DEVIATION and figure.sign != 0 and not figure.explicit_sign:
        hint += " (positiv avvikelse är överskott, negativ underskott)"
    if figure.qualifier:
        hint += f"; eller rätta «{figure.text}» om något annat avses"
    return hint + "."
