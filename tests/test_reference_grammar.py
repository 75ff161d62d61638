"""The one grammar of live references (compute.references): parse, format, and the list of
every reference a workspace offers, shared by the web picker and the narrative check."""

from __future__ import annotations

from pathlib import Path

import pytest

from uppsikt.checks.narrative_candidates import candidates, checked
from uppsikt.compute.references import (
    Figures,
    IntraprenadField,
    Reference,
    ReferenceError,
    ReferenceKind,
    format_reference,
    offered,
    parse,
    render_reference,
)
from uppsikt.compute.results import Computed, compute
from uppsikt.model.economy import Scenario
from uppsikt.model.indicators import TOTAL
from uppsikt.model.workspace import Workspace
from uppsikt.workspace.reader import read_workspace

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "orebro-van-2020"


@pytest.fixture(scope="module")
def example() -> tuple[Workspace, Computed]:
    ws, problems = read_workspace(EXAMPLE)
    assert ws is not None, problems
    computed, _ = compute(ws)
    return ws, computed


def test_written_forms() -> None:
    table = Reference.table("enheter", "netto", "avvikelse")
    assert str(table) == "{{ tabell.enheter.netto.avvikelse }}"
    assert format_reference(table.with_filters("mnkr", "tecken")) == (
        "{{ tabell.enheter.netto.avvikelse | mnkr | tecken }}"
    )
    assert Reference.indicator("betyg", 2020).path == "indikator.betyg.2020"
    assert Reference.indicator("betyg", 2020, "K").path == "indikator.betyg.2020.K"
    assert Reference.intraprenad("KOMVUX", IntraprenadField.CAP).path == "intraprenad.KOMVUX.tak"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "{{tabell.enheter.netto.avvikelse|mnkr:2 | tecken}}",
            Reference(ReferenceKind.TABLE, ("enheter", "netto", "avvikelse"), ("mnkr:2", "tecken")),
        ),
        (" indikator.betyg.2020.K ", Reference(ReferenceKind.INDICATOR, ("betyg", "2020", "K"))),
        ("intraprenad.KOMVUX.ub", Reference(ReferenceKind.INTRAPRENAD, ("KOMVUX", "ub"))),
    ],
)
def test_parse(text: str, expected: Reference) -> None:
    assert parse(text) == expected
    assert parse(str(expected)) == expected


@pytest.mark.parametrize(
    "text", ["", "tabell.enheter.netto", "indikator.betyg", "okänt.a.b", "{{ intraprenad.X }}"]
)
def test_parse_refuses_unknown_forms(text: str) -> None:
    with pytest.raises(ReferenceError, match="okänd form"):
        parse(text)


def test_every_offered_reference_round_trips_and_resolves(
    example: tuple[Workspace, Computed],
) -> None:
    ws, computed = example
    figures = Figures.of(ws, computed)
    found = offered(ws, computed)
    assert {o.reference.kind for o in found} == set(ReferenceKind)
    assert len({o.reference for o in found}) == len(found)
    for item in found:
        assert parse(str(item.reference)) == item.reference
        assert render_reference(str(item.reference), figures) == item.shown
    by_reference = {o.reference: o for o in found}
    netto = by_reference[Reference.table("enheter", "netto", "avvikelse")]
    assert netto.group.startswith("Tabell: ")
    assert netto.label.startswith(
        next(r.label for r in computed.tables["enheter"].rows if r.definition.id == "netto")
    )
    first = ws.indicators[0]
    year = ws.settings.year
    if (key := Reference.indicator(first.id, year)) in by_reference:
        assert by_reference[key].label == f"{first.name} {year}"
        assert by_reference[key].group == "Indikatorer"


def test_the_picker_and_the_narrative_check_offer_the_same_references(
    example: tuple[Workspace, Computed],
) -> None:
    """The check draws its figures from the picker's list: every reference it can suggest is
    offered, and of the offered ones it leaves out only those `checked` documents."""
    ws, computed = example
    picker = {o.reference for o in offered(ws, computed)}
    pool = candidates(ws, computed)
    suggested = {r for c in pool for r in c.references}
    assert suggested <= picker
    assert {c.references[0] for c in pool if len(c.references) == 1} == checked(ws, computed)
    left_out = picker - checked(ws, computed)
    assert left_out, "the example has överfört columns and older years"
    assert all(_left_out_for_a_reason(r, ws, computed) for r in left_out)


def _left_out_for_a_reason(reference: Reference, ws: Workspace, computed: Computed) -> bool:
    """An överfört column, a value before the last three years, or a unit the check does not
    compare written figures with (index, månader …)."""
    if reference.kind is ReferenceKind.TABLE:
        table = computed.tables[reference.parts[0]].definition
        column = next(c for c in table.columns if c.id == reference.parts[2])
        return column.scenario is Scenario.CARRIED_OVER
    if reference.kind is ReferenceKind.INDICATOR:
        indicator = next(i for i in ws.indicators if i.id == reference.parts[0])
        unit = indicator.unit_of(reference.parts[2] if len(reference.parts) == 3 else TOTAL)
        return int(reference.parts[1]) < ws.settings.year - 2 or unit not in _COMPARED
    return False


_COMPARED = ("procent", "antal", "årsarbetare", "kr", "tkr", "mnkr")
