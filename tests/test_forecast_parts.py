"""Forecasts in parts: ekonomi/prognoser.csv's optional columns kontogrupp and verksamhet. A
unit's forecast is whole or split into parts (never both), its total is the sum of its parts,
unknown members are located errors, and a delårsrapport shows each split unit's parts against
their budget (and, where every unit is split the same way, the table per verksamhet reads
them)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kommun_files import copy_kommun, errors, workspace, write_rows
from kommun_files import report as kommun_report
from uppsikt.compute.forecast_accuracy import forecast_accuracy
from uppsikt.compute.forecast_parts import unit_forecasts
from uppsikt.compute.results import compute
from uppsikt.located.csvfile import cell_month, read_csv
from uppsikt.located.sink import Sink
from uppsikt.model.dimensions import Dimension, Member
from uppsikt.model.economy import Scenario
from uppsikt.model.forecasts import Forecast
from uppsikt.pipeline import load_report
from uppsikt.reports.model import CellKind, ReportModel, RowKind, Section, Table
from uppsikt.workspace.forecasts import read_forecasts
from uppsikt.workspace.reader import read_workspace

FILE = "ekonomi/prognoser.csv"
SHOWN = f"../../{FILE}"
HEADER = "år;månad;enhet;kontogrupp;verksamhet;belopp"
TKR = Decimal(1000)
AUGUSTI = "bun-delar-augusti-2025"
WHOLE_AUGUST = (
    "2025;8;BUN-POL;;;-2 230",
    "2025;8;BUF-LED;;;-50 500",
    "2025;8;BUF-FSK;;;-323 200",
    "2025;8;BUF-GY;;;-220 000",
    "2025;8;BUF-ELH;;;-66 400",
)
"""BUN's august forecasts of every unit but Grundskola, whole (as the example's sums)."""


@pytest.fixture
def kommun(tmp_path: Path) -> Path:
    return copy_kommun(tmp_path)


def write_forecasts(kommun: Path, *rows: str) -> None:
    write_rows(kommun / FILE, HEADER, *rows)


def report(kommun: Path, name: str = AUGUSTI) -> Path:
    return kommun_report(kommun, name)


def tables(model: ReportModel) -> dict[str, Table]:
    found: dict[str, Table] = {}

    def walk(section: Section) -> None:
        found.update({b.id: b for b in section.blocks if isinstance(b, Table)})
        for child in section.subsections:
            walk(child)

    for section in model.sections:
        walk(section)
    return found


def column(table: Table, row: str, ident: str) -> Decimal | None:
    index = [c.id for c in table.columns].index(ident)
    return next(r for r in table.rows if r.id == row).cells[index].value


# Reading


def test_cell_month_reads_numbers_and_names_with_the_callers_code(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    write_rows(path, "månad", "8", "Augusti", "13", "åttonde")
    sink = Sink("m.csv")
    read = read_csv(path, sink, ("månad",))
    assert read is not None
    months = [cell_month(r, "månad", sink, code="UPP999", hint="Skriv 1–12.") for r in read[1]]
    assert months == [8, 8, None, None]
    assert [(d.code, d.location.line, d.hint) for d in sink.diagnostics] == [
        ("UPP999", 4, "Skriv 1–12."),
        ("UPP999", 5, "Skriv 1–12."),
    ]


def test_the_example_forecasts_bun_in_august_per_verksamhet(kommun: Path) -> None:
    ws = workspace(report(kommun, "bun-2025"))
    grundskola = {f.parts: f.amount for f in ws.forecasts if f.unit == "BUF-GR" and f.month == 8}
    assert grundskola == {
        (("verksamhet", "GR"),): Decimal(-494_000) * TKR,
        (("verksamhet", "FTH"),): Decimal(-93_800) * TKR,
    }
    april = [f for f in ws.forecasts if f.month == 4]
    assert april
    assert all(f.parts == () for f in april)
    # The unit's forecast is the sum of its parts.
    assert unit_forecasts(ws.forecasts, 2025)[("BUF-GR", 8)] == Decimal(-587_800) * TKR


def test_parts_read_with_both_columns_and_compared_as_values(kommun: Path) -> None:
    write_forecasts(
        kommun,
        *WHOLE_AUGUST,
        "2025;8;BUF-GR;PERS;GR;-400 000",
        "2025;8;BUF-GR;OVR;GR;-94 000",
        "2025;8;BUF-GR;PERS;FTH;-93 800",
    )
    ws = workspace(report(kommun))
    parts = sorted(f.parts for f in ws.forecasts if f.unit == "BUF-GR")
    assert parts == [
        (("kontogrupp", "OVR"), ("verksamhet", "GR")),
        (("kontogrupp", "PERS"), ("verksamhet", "FTH")),
        (("kontogrupp", "PERS"), ("verksamhet", "GR")),
    ]
    first = next(f for f in ws.forecasts if f.member("kontogrupp") == "OVR")
    assert first.part_dimensions == ("kontogrupp", "verksamhet")
    # The constructor without parts is the whole unit's, as before.
    assert Forecast(2025, 8, "BUF-GR", Decimal(1)).parts == ()
    assert Forecast(2025, 8, "U", Decimal(1)) != Forecast(
        2025, 8, "U", Decimal(1), parts=(("a", "b"),)
    )


def test_unknown_members_are_located_errors_naming_the_source(kommun: Path) -> None:
    write_forecasts(
        kommun,
        "2025;8;BUF-GR;;GR;-494 000",
        "2025;8;BUF-GR;;XX;-93 800",  # line 3: no such verksamhet
        "2025;8;BUF-FSK;LÖN;;-323 200",  # line 4: no such kontogrupp
    )
    ws, found = read_workspace(report(kommun))
    assert ws is None
    assert errors(found) == [("UPP230", SHOWN, 3), ("UPP230", SHOWN, 4)]
    verksamhet = next(d for d in found if d.location.line == 3)
    assert verksamhet.location.field == "verksamhet"
    assert "«XX»" in verksamhet.message
    assert "dimensioner.yaml" in verksamhet.message
    assert "GR" in verksamhet.hint
    assert "FSK" in verksamhet.hint


def test_a_dimension_the_workspace_lacks_is_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "prognoser.csv"
    write_rows(path, "år;månad;enhet;verksamhet;belopp", "2025;8;A;GR;-1", "2025;8;A;FTH;-2")
    sink = Sink("ekonomi/prognoser.csv")
    assert read_forecasts(path, sink, {"A"}, 1000) == []
    assert [(d.code, d.location.line) for d in sink.diagnostics] == [("UPP230", 2)]
    assert "dimensioner.yaml" in sink.diagnostics[0].message


def test_whole_and_parts_in_one_report_is_an_error(kommun: Path) -> None:
    write_forecasts(
        kommun,
        "2025;8;BUF-GR;;;-587 800",
        "2025;8;BUF-GR;;GR;-494 000",  # line 3: the unit is forecast whole on line 2
        "2025;4;BUF-GR;;GR;-490 000",  # another month: its own forecast
        "2025;4;BUF-GR;;FTH;-95 200",
    )
    _, found = read_workspace(report(kommun))
    assert errors(found) == [("UPP231", SHOWN, 3)]
    message = found[0].message if found[0].code == "UPP231" else ""
    assert "rad 2" in message
    assert "rad 3" in message
    assert "augusti" in message


def test_split_two_ways_overlapping_or_twice_are_errors(kommun: Path) -> None:
    write_forecasts(
        kommun,
        "2025;8;BUF-GR;;GR;-494 000",
        "2025;8;BUF-GR;PERS;;-93 800",  # line 3: by kontogrupp, line 2 by verksamhet
        "2025;8;BUF-FSK;;FSK;-313 500",
        "2025;8;BUF-FSK;;FSK;-9 700",  # line 5: the same part twice
    )
    _, found = read_workspace(report(kommun))
    assert errors(found) == [("UPP231", SHOWN, 3), ("UPP213", SHOWN, 5)]


def test_parts_that_overlap_in_a_hierarchy_are_an_error(tmp_path: Path) -> None:
    groups = Dimension(
        "kontogrupp",
        "Kontogrupp",
        (Member("KOST", "Kostnader", (Member("PERS", "Personal"), Member("LOK", "Lokaler"))),),
    )
    path = tmp_path / "prognoser.csv"
    write_rows(path, "år;månad;enhet;kontogrupp;belopp", "2025;8;A;KOST;-10", "2025;8;A;PERS;-4")
    sink = Sink("ekonomi/prognoser.csv")
    read_forecasts(path, sink, {"A"}, 1, {"kontogrupp": groups})
    assert [(d.code, d.location.line) for d in sink.diagnostics] == [("UPP232", 3)]


# Computed: the unit's total, the views, the accuracy


def test_every_unit_in_parts_makes_a_view_per_verksamhet(kommun: Path) -> None:
    """The example: every BUN unit forecast per verksamhet after augusti, so the table per
    verksamhet shows the forecast, and the table per enhet the sum of each unit's parts."""
    model, found = load_report(report(kommun))
    assert model is not None, [d.format() for d in found]
    shown = tables(model)
    units, activities = shown["enheter"], shown["verksamheter"]
    assert column(units, "BUF-GR", "utfall") == Decimal(-587_800)
    # Grundskola (GR) is forecast by BUF-GR and BUF-ELH.
    assert column(activities, "GR", "utfall") == Decimal(-494_000 - 66_400)
    assert column(activities, "totalt", "utfall") == column(units, "netto", "utfall")
    assert column(activities, "FTH", "avvikelse") == Decimal(-93_800 + 93_100)


def test_a_unit_in_parts_beside_whole_units_stays_a_view_per_enhet(kommun: Path) -> None:
    write_forecasts(
        kommun, *WHOLE_AUGUST, "2025;8;BUF-GR;;GR;-494 000", "2025;8;BUF-GR;;FTH;-93 800"
    )
    ws = workspace(report(kommun))
    forecasts = [f for f in ws.facts if f.scenario is Scenario.FORECAST]
    assert {f.view_dimensions for f in forecasts} == {("enhet",)}
    computed, _ = compute(ws)
    assert (
        computed.organisation.amount(("BUF-GR",), 2025, Scenario.FORECAST)
        == Decimal(-587_800) * TKR
    )
    model, _ = load_report(report(kommun))
    assert model is not None
    activities = tables(model)["verksamheter"]
    # No complete forecast per verksamhet: the table per verksamhet shows none of the parts.
    assert column(activities, "GR", "utfall") == 0


def test_accuracy_follows_a_unit_in_parts_as_a_whole(kommun: Path) -> None:
    ws = workspace(report(kommun, "bun-2025"))
    computed, _ = compute(ws)
    accuracy = forecast_accuracy(ws, computed.organisation)
    grundskola = next(u for u in accuracy.units if u.code == "BUF-GR")
    point = grundskola.point(8)
    assert point is not None
    assert point.forecast == Decimal(-587_800) * TKR
    assert point.error == grundskola.outcome - point.forecast


# The table in the delårsrapport


def test_the_delarsrapport_shows_parts_against_their_budget(kommun: Path) -> None:
    model, _ = load_report(report(kommun))
    assert model is not None
    table = tables(model)["prognos-per-verksamhet"]
    assert [c.id for c in table.columns] == ["budget", "prognos", "avvikelse"]
    ids = [r.id for r in table.rows]
    assert ids[ids.index("BUF-GR") + 1 : ids.index("BUF-GR") + 3] == ["BUF-GR-FTH", "BUF-GR-GR"]
    unit = next(r for r in table.rows if r.id == "BUF-GR")
    part = next(r for r in table.rows if r.id == "BUF-GR-GR")
    assert (unit.kind, part.kind, part.level) == (RowKind.ROW, RowKind.BREAKDOWN, 1)
    budget, forecast, deviation = (c.value for c in part.cells)
    assert (budget, forecast) == (Decimal(-488_800), Decimal(-494_000))
    assert deviation == forecast - budget  # type: ignore[operator]
    parts = [r for r in table.rows if r.id.startswith("BUF-GR-")]
    assert unit.cells[1].value == sum(r.cells[1].value or 0 for r in parts)


def test_parts_without_a_budget_at_their_grain_say_so(kommun: Path) -> None:
    write_forecasts(
        kommun, *WHOLE_AUGUST, "2025;8;BUF-GR;PERS;;-500 000", "2025;8;BUF-GR;OVR;;-87 800"
    )
    model, _ = load_report(report(kommun))
    assert model is not None
    table = tables(model)["prognos-per-kontogrupp"]
    assert [r.id for r in table.rows] == ["BUF-GR", "BUF-GR-PERS", "BUF-GR-OVR"]
    budget, forecast, deviation = next(r for r in table.rows if r.id == "BUF-GR-PERS").cells
    assert budget.kind is CellKind.MISSING
    assert budget.missing == "Ingen budget per kontogrupp"
    assert deviation.kind is CellKind.MISSING
    assert forecast.value == Decimal(-500_000)
    # The unit's own row has the organisation's budget.
    assert next(r for r in table.rows if r.id == "BUF-GR").cells[0].value == Decimal(-581_900)


def test_no_parts_table_in_other_months_or_other_reports(kommun: Path) -> None:
    for name in ("bun-delar-april-2025", "bun-2025"):
        model, _ = load_report(report(kommun, name))
        assert model is not None
        assert not [t for t in tables(model) if t.startswith("prognos-per-")], name
