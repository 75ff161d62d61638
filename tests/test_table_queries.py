"""Tables as queries over the facts: a filter, one view per table, nested and generated rows,
indented rows that count, varav within the table's scope, and views compared where they overlap.

The workspaces are the starter workspace (organisation EXN → V1 (V1-A, V1-B), V2 (V2-A);
kontogrupper INT, PERS, OVR) with files added. Amounts in tkr; the model keeps kronor.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from uppsikt.compute.tables import ComputedTable, compute_tables
from uppsikt.examples import write_starter_workspace
from uppsikt.loading import LoadedWorkspace
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.model.dimensions import Dimension, Member
from uppsikt.model.economy import Fact, Scenario
from uppsikt.model.settings import OutputFormat, ReportType
from uppsikt.model.tables import ColumnDef, ColumnKind, RowDef, RowKind, TableDef
from uppsikt.pipeline import build
from uppsikt.reports.model import ReportModel, Row, Section, Table
from uppsikt.reports.model import RowKind as ReportRowKind

# 2025 utfall of V1-A (−10 650 tkr, as in drift.csv) broken down by kontogrupp.
BREAKDOWN = """år;scenario;enhet;kontogrupp;belopp
2025;utfall;V1-A;INT;1 000
2025;utfall;V1-A;PERS;-9 000
2025;utfall;V1-A;OVR;-2 650
"""

TABLES = """
  - id: per-enhet-och-kontogrupp
    rubrik: Enhet A per kontogrupp
    dimensioner: [enhet, kontogrupp]
    filter: {enhet: V1}
    kolumner: [{id: utfall, typ: belopp, scenario: utfall}]
    rader: alla
  - id: personal-och-ovrigt
    rubrik: Personal och övrigt
    dimension: kontogrupp
    filter: {kontogrupp: [PERS, OVR]}
    kolumner: [{id: utfall, typ: belopp, scenario: utfall}]
    rader: alla
  - id: indrag
    rubrik: Med indragen rad
    dimension: enhet
    kolumner: [{id: utfall, typ: belopp, scenario: utfall}]
    rader:
      - rad: V1
      - {rad: V2, indrag: true}
      - summa: Nettokostnad
        id: netto
"""


def tkr(value: int) -> Decimal:
    return Decimal(value) * 1000


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    write_starter_workspace(root)
    (root / "ekonomi" / "enhet-kontogrupp.csv").write_text(BREAKDOWN, encoding="utf-8")
    with (root / "tabeller.yaml").open("a", encoding="utf-8") as tables:
        tables.write(TABLES)
    return root


def _loaded(root: Path) -> LoadedWorkspace:
    loaded = LoadedWorkspace.read(root)
    assert loaded.computed is not None, [d.message for d in loaded.diagnostics]
    return loaded


def _table(root: Path, ident: str) -> ComputedTable:
    computed = _loaded(root).computed
    assert computed is not None
    return computed.tables[ident]


def _rows(table: ComputedTable) -> list[tuple[str, int, bool, Decimal | None]]:
    """(id, level, breakdown, first value) of each row."""
    return [(r.definition.id, r.level, r.breakdown, r.values[0]) for r in table.rows]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- one view per table ---------------------------------------------------------------------


def test_a_breakdown_view_is_never_counted_twice(workspace: Path) -> None:
    # The table per enhet reads the {enhet} view only: V1 = V1-A + V1-B = −10 650 − 4 420.
    table = _table(workspace, "enheter")
    assert table.cell("V1", "utfall") == tkr(-15070)
    assert table.cell("netto", "utfall") == tkr(-23080)  # −15 070 − 8 010
    computed = _loaded(workspace).computed
    assert computed is not None
    # The organisation's totals (the nämnd's deviation) read the same one view.
    assert computed.organisation.total(2025, Scenario.OUTCOME) == tkr(-23080)


def test_nested_rows_break_each_unit_down_and_count_once(workspace: Path) -> None:
    # {enhet, kontogrupp} is the only view with both; the filter keeps V1, whose children are
    # the generated rows; V1-B has no facts in that view and is left out.
    table = _table(workspace, "per-enhet-och-kontogrupp")
    assert _rows(table) == [
        ("V1-A", 0, False, tkr(-10650)),
        ("V1-A/INT", 1, True, tkr(1000)),
        ("V1-A/PERS", 1, True, tkr(-9000)),
        ("V1-A/OVR", 1, True, tkr(-2650)),
        ("totalt", 0, False, tkr(-10650)),  # the breakdown is not added again
    ]
    assert [r.label for r in table.rows[:2]] == ["Enhet A", "Intäkter"]
    # A nested row is a cell a reference can name: {{ tabell.<id>.V1-A/PERS.utfall }}.
    assert table.cell("V1-A/PERS", "utfall") == tkr(-9000)


def test_a_filter_keeps_the_listed_members(workspace: Path) -> None:
    # The {kontogrupp} view (one dimension), PERS and OVR only: −18 700 − 7 480 = −26 180.
    table = _table(workspace, "personal-och-ovrigt")
    assert _rows(table) == [
        ("PERS", 0, False, tkr(-18700)),
        ("OVR", 0, False, tkr(-7480)),
        ("totalt", 0, False, tkr(-26180)),
    ]


def test_a_filter_on_another_dimension_chooses_the_view_that_carries_it(workspace: Path) -> None:
    with (workspace / "tabeller.yaml").open("a", encoding="utf-8") as tables:
        tables.write(
            "  - id: enhet-a\n    rubrik: Enhet A\n    dimension: kontogrupp\n"
            "    filter: {enhet: V1-A}\n    kolumner: [{id: utfall, typ: belopp, scenario: "
            "utfall}]\n    rader:\n      - rad: PERS\n      - rad: OVR\n"
        )
    table = _table(workspace, "enhet-a")
    assert _rows(table) == [("PERS", 0, False, tkr(-9000)), ("OVR", 0, False, tkr(-2650))]


def _facts_of_a_ledger() -> list[Fact]:
    view = ("enhet", "kontogrupp", "verksamhet")
    return [
        Fact(2025, Scenario.OUTCOME, tkr(-5), (("enhet", "A"), ("kontogrupp", "K")), view),
        Fact(2025, Scenario.OUTCOME, tkr(-7), (("enhet", "A"),), view),  # unmapped kontogrupp
        Fact(2025, Scenario.OUTCOME, tkr(-1), (("kontogrupp", "K"),), view),  # unmapped enhet
    ]


def test_a_ledger_is_one_view_even_where_a_member_is_unmapped() -> None:
    # Every ledger fact belongs to the ledger's view, so the per-enhet table counts −5 − 7.
    enhet = Dimension("enhet", "Enhet", (Member("N", "Nämnd", (Member("A", "A"),)),))
    konto = Dimension("kontogrupp", "Kontogrupp", (Member("K", "K"),))
    columns = (ColumnDef("utfall", ColumnKind.AMOUNT, scenario=Scenario.OUTCOME),)
    tables = [
        TableDef("e", "E", "enhet", (RowDef("A", RowKind.MEMBER, members=("A",)),), columns),
        TableDef("k", "K", "kontogrupp", (RowDef("K", RowKind.MEMBER, members=("K",)),), columns),
    ]
    found = compute_tables(
        tables, (enhet, konto), _facts_of_a_ledger(), 2025, ReportType.ARSBERATTELSE
    )
    assert found["e"].cell("A", "utfall") == tkr(-12)
    assert found["k"].cell("K", "utfall") == tkr(-6)


def test_three_levels_and_the_view_order() -> None:
    enhet = Dimension("enhet", "Enhet", (Member("N", "Nämnd", (Member("A", "A"),)),))
    konto = Dimension("kontogrupp", "Kontogrupp", (Member("K", "K"),))
    verks = Dimension("verksamhet", "Verksamhet", (Member("V", "V"), Member("W", "W")))
    three = ("enhet", "kontogrupp", "verksamhet")
    facts = [
        Fact(2025, Scenario.OUTCOME, tkr(-3), (("enhet", "A"), ("kontogrupp", "K"),
                                               ("verksamhet", "V")), three),
        Fact(2025, Scenario.OUTCOME, tkr(-4), (("enhet", "A"), ("kontogrupp", "K"),
                                               ("verksamhet", "W")), three),
        # A second view with enhet: {enhet, verksamhet} has as few dimensions as
        # {enhet, kontogrupp} would; neither is needed by a three-level table.
        Fact(2025, Scenario.OUTCOME, tkr(-100), (("enhet", "A"), ("verksamhet", "V"))),
    ]  # fmt: skip
    columns = (ColumnDef("utfall", ColumnKind.AMOUNT, scenario=Scenario.OUTCOME),)
    table = TableDef(
        "t", "T", "enhet", (RowDef("A", RowKind.MEMBER, members=("A",)),), columns,
        breakdown=("kontogrupp", "verksamhet"),
    )  # fmt: skip
    found = compute_tables([table], (enhet, konto, verks), facts, 2025, ReportType.ARSBERATTELSE)
    assert _rows(found["t"]) == [
        ("A", 0, False, tkr(-7)),
        ("A/K", 1, True, tkr(-7)),
        ("A/K/V", 2, True, tkr(-3)),
        ("A/K/W", 2, True, tkr(-4)),
    ]


# --- the report: indented rows ----------------------------------------------------------------


def _report_table(report: ReportModel, ident: str) -> Table:
    def walk(section: Section) -> list[Table]:
        tables = [b for b in section.blocks if isinstance(b, Table)]
        return tables + [t for s in section.subsections for t in walk(s)]

    return next(t for s in report.sections for t in walk(s) if t.id == ident)


def test_an_indented_row_is_counted_and_a_breakdown_is_not(workspace: Path) -> None:
    report = _loaded(workspace).report()
    assert report is not None
    rows = {r.id: r for r in _report_table(report, "indrag").rows}
    assert (rows["V2"].kind, rows["V2"].level) == (ReportRowKind.ROW, 1)
    # V1 −15 070 and V2 −8 010 both in the sum: −23 080 tkr.
    assert rows["netto"].cells[0].value == Decimal(-23080)
    nested: dict[str, Row] = {
        r.id: r for r in _report_table(report, "per-enhet-och-kontogrupp").rows
    }
    assert (nested["V1-A/PERS"].kind, nested["V1-A/PERS"].level) == (
        ReportRowKind.BREAKDOWN,
        1,
    )


def test_the_html_indents_the_indented_row(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    build(workspace, out, (OutputFormat.HTML,))
    html = next(out.rglob("*.html")).read_text(encoding="utf-8")
    assert '<tr class="row-rad level-1">' in html
    assert '<tr class="row-uppdelning level-1">' in html


# --- errors -----------------------------------------------------------------------------------


def _errors(root: Path, code: str) -> list[Diagnostic]:
    found = [d for d in LoadedWorkspace.read(root).diagnostics if d.code == code]
    assert found, code
    assert all(d.severity is Severity.ERROR for d in found)
    assert all(d.location.file == "tabeller.yaml" and d.location.line for d in found)
    return found


def test_unknown_filter_members_and_dimensions_are_located(workspace: Path) -> None:
    tables = workspace / "tabeller.yaml"
    _replace(tables, "filter: {enhet: V1}", "filter: {enhet: V9}")
    _replace(tables, "filter: {kontogrupp: [PERS, OVR]}", "filter: {konto: PERS}")
    (unknown,) = _errors(workspace, "UPP158")
    assert "«V9»" in unknown.message
    (dimension,) = _errors(workspace, "UPP157")
    assert "«konto»" in dimension.message
    assert "kontogrupp" in (dimension.hint or "")


def test_wrong_forms_are_reader_errors(workspace: Path) -> None:
    tables = workspace / "tabeller.yaml"
    _replace(tables, "dimensioner: [enhet, kontogrupp]", "dimensioner: [enhet, enhet]")
    _replace(tables, "filter: {kontogrupp: [PERS, OVR]}", "filter: PERS")
    _replace(tables, "{rad: V2, indrag: true}", "{varav: V2-A, indrag: true}")
    assert "olika dimensioner" in _errors(workspace, "UPP153")[0].message
    assert "«filter»" in _errors(workspace, "UPP154")[0].message
    assert "indrag" in _errors(workspace, "UPP155")[0].message


def test_a_varav_outside_the_rows_above_names_the_rows_it_may_name(workspace: Path) -> None:
    # V2-A is a part of V2, which is not above the varav row.
    _replace(
        workspace / "tabeller.yaml",
        "      - {rad: V2, indrag: true}\n",
        "      - varav: V2-A\n      - {rad: V2, indrag: true}\n",
    )
    (problem,) = _errors(workspace, "UPP159")
    assert "«V2-A»" in problem.message
    assert "kan nämna V1" in (problem.hint or "")


def test_a_varav_outside_the_filter_is_an_error(workspace: Path) -> None:
    with (workspace / "tabeller.yaml").open("a", encoding="utf-8") as tables:
        tables.write(
            "  - id: v1\n    rubrik: V1\n    dimension: enhet\n    filter: {enhet: V1-A}\n"
            "    rader:\n      - rad: V1\n      - varav: V1-B\n"
        )
    (problem,) = _errors(workspace, "UPP159")
    assert "utanför tabellens filter" in problem.message


# --- the views compared where they overlap ----------------------------------------------------


def _views(root: Path) -> list[Diagnostic]:
    return [d for d in LoadedWorkspace.read(root).diagnostics if d.code in ("UPP401", "UPP403")]


def test_a_breakdown_of_some_units_reconciles_over_those_units(workspace: Path) -> None:
    assert _views(workspace) == []


def test_a_disagreement_within_the_covered_units_is_an_error(workspace: Path) -> None:
    # 3 breakdown facts and 1 unit fact allow (3 + 1) / 2 = 2 tkr; 100 tkr is more.
    _replace(workspace / "ekonomi" / "enhet-kontogrupp.csv", "PERS;-9 000", "PERS;-9 100")
    (problem,) = _views(workspace)
    assert problem.severity is Severity.ERROR
    assert "för de enheter den omfattar (Enhet A)" in problem.message
    assert "utfall 2025" in problem.message


def test_a_rounding_difference_within_the_covered_units_is_a_note(workspace: Path) -> None:
    _replace(workspace / "ekonomi" / "enhet-kontogrupp.csv", "PERS;-9 000", "PERS;-9 001")
    (note,) = _views(workspace)
    assert note.severity is Severity.NOTE
    assert note.message.startswith("Avrundningsdifferens")


def test_a_unit_with_only_zero_amounts_in_a_view_is_not_covered(workspace: Path) -> None:
    # Entries that cancel out (a ledger's correction, say) give V1-B a fact of 0 in the
    # breakdown view: that says nothing of V1-B's −4 420, so V1-B is not compared.
    with (workspace / "ekonomi" / "enhet-kontogrupp.csv").open("a", encoding="utf-8") as f:
        f.write("2025;utfall;V1-B;PERS;0\n")
    assert _views(workspace) == []


def test_each_year_and_scenario_reads_the_view_that_has_it() -> None:
    """A budget typed per enhet beside a ledger with the outcome: the per-enhet table takes
    the budget from the typed view and the outcome from the ledger; where both have a year
    and scenario, the typed view alone counts (never both)."""
    enhet = Dimension("enhet", "Enhet", (Member("N", "Nämnd", (Member("A", "A"),)),))
    konto = Dimension("kontogrupp", "Kontogrupp", (Member("K", "K"),))
    typed = ("enhet",)
    ledger = ("enhet", "kontogrupp")
    facts = [
        Fact(2025, Scenario.BUDGET, tkr(-20), (("enhet", "A"),), typed),
        Fact(2024, Scenario.OUTCOME, tkr(-18), (("enhet", "A"),), typed),
        Fact(2025, Scenario.OUTCOME, tkr(-19), (("enhet", "A"), ("kontogrupp", "K")), ledger),
        Fact(2024, Scenario.OUTCOME, tkr(-99), (("enhet", "A"), ("kontogrupp", "K")), ledger),
    ]
    columns = tuple(
        ColumnDef(ident, ColumnKind.AMOUNT, scenario=scenario, year_offset=offset)
        for ident, scenario, offset in (
            ("budget", Scenario.BUDGET, 0),
            ("utfall", Scenario.OUTCOME, 0),
            ("utfall-fg", Scenario.OUTCOME, -1),
        )
    )
    table = TableDef("e", "E", "enhet", (RowDef("A", RowKind.MEMBER, members=("A",)),), columns)
    found = compute_tables([table], (enhet, konto), facts, 2025, ReportType.ARSBERATTELSE)
    assert found["e"].cell("A", "budget") == tkr(-20)
    assert found["e"].cell("A", "utfall") == tkr(-19)
    assert found["e"].cell("A", "utfall-fg") == tkr(-18)
