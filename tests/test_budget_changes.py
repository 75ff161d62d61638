"""Budget changes during the year (ekonomi/budgetandringar.csv): read with located errors,
traced to the ursprunglig budget, shown in the ekonomi section and checked."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kommun_files import copy_kommun, workspace, write_rows
from uppsikt.checks import RULES
from uppsikt.checks.budget_changes import changes_fit_budget, transfers_balance
from uppsikt.compute.budget_changes import budget_trace
from uppsikt.compute.results import compute
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.model.budget_changes import ChangeKind
from uppsikt.model.economy import Scenario
from uppsikt.model.settings import OutputFormat
from uppsikt.model.workspace import Workspace
from uppsikt.pipeline import build, load_report
from uppsikt.reports.build.budget_changes import TABLE_ID
from uppsikt.reports.model import CellKind, ReportModel, RowKind, Table
from uppsikt.workspace.reader import read_workspace

FILE = "ekonomi/budgetandringar.csv"
SHOWN = f"../../{FILE}"
"""The kommun's file as a report in rapporter/ names it."""
HEADER = "år;enhet;belopp;beslut;datum;slag;beskrivning"


@pytest.fixture
def kommun(tmp_path: Path) -> Path:
    """A copy of the example kommun, whose budget changes a test may rewrite."""
    return copy_kommun(tmp_path)


def write_changes(kommun: Path, *rows: str) -> None:
    write_rows(kommun / FILE, HEADER, *rows)


def bun(kommun: Path) -> Path:
    return kommun / "rapporter" / "bun-2025"


def codes(found: list[Diagnostic], severity: Severity) -> list[tuple[str, int | None]]:
    return [(d.code, d.location.line) for d in found if d.severity is severity]


def kronor(ws: Workspace, unit: str) -> Decimal:
    """A unit's budget as the per-enhet file states it, in kronor."""
    return sum(
        (
            f.amount
            for f in ws.facts
            if f.view_dimensions == ("enhet",)
            and f.scenario is Scenario.BUDGET
            and f.year == ws.settings.year
            and f.member("enhet") == unit
        ),
        Decimal(0),
    )


def table(report: ReportModel | None) -> Table | None:
    assert report is not None
    return next((t for t in report.tables() if t.id == TABLE_ID), None)


def test_every_bad_row_is_named_with_its_line(kommun: Path) -> None:
    write_changes(
        kommun,
        "2025;BUF-XX;-100;KF 2025-06-12 § 84;2025-06-12;tilläggsbudget;",  # line 2
        "2025;BUF-GR;-100;KF 2025-06-12 § 84;12/6 2025;tilläggsbudget;",  # line 3
        "2025;BUF-GR;-100;KF 2024-06-12 § 84;2024-06-12;tilläggsbudget;",  # line 4
        "2025;BUF-GR;-100;KF 2025-06-12 § 84;2025-06-12;ombudgetering;",  # line 5
        "2025;BUF-GR;-100;;2025-06-12;tilläggsbudget;",  # line 6
        "2024;BUF-GR;-100;KF 2025-06-12 § 84;2025-06-12;tilläggsbudget;",  # line 7
        "2025;BUF-GR;-100;KF 2025-06-12 § 84;2025-06-12;tilläggsbudget;Rätt rad",  # line 8
    )
    ws, found = read_workspace(bun(kommun))
    assert ws is None
    errors = [d for d in found if d.location.file == SHOWN]
    assert [(d.code, d.location.line, d.location.field) for d in errors] == [
        ("UPP215", 2, "enhet"),
        ("UPP216", 3, "datum"),
        ("UPP217", 4, "datum"),
        ("UPP218", 5, "slag"),
        ("UPP219", 6, "beslut"),
        ("UPP217", 7, "år"),
    ]
    assert all(d.severity is Severity.ERROR and d.hint for d in errors)
    assert "BUF-XX" in errors[0].message
    # The file is not read as economic facts too (it has no scenario column).
    assert [d for d in found if d.location.file != SHOWN] == []


def test_the_original_budget_is_the_budget_less_the_changes(kommun: Path) -> None:
    ws = workspace(bun(kommun))
    changes = {(c.unit, c.kind): c for c in ws.budget_changes}
    assert {c.kind for c in changes.values()} == {ChangeKind.TRANSFER, ChangeKind.SUPPLEMENTARY}
    trace = budget_trace(ws)
    assert {u.unit for u in trace.units} == {c.unit for c in ws.budget_changes}
    for unit in trace.units:
        own = [c.amount for c in ws.budget_changes if c.unit == unit.unit]
        assert unit.budget == kronor(ws, unit.unit)
        assert unit.changes == sum(own, Decimal(0))
        assert unit.original == kronor(ws, unit.unit) - sum(own, Decimal(0))
    # By date: the supplementary budget of June before the transfer of September.
    assert [c.date for c in trace.changes] == sorted(c.date for c in trace.changes)


def test_amounts_are_read_in_the_workspace_unit(kommun: Path) -> None:
    write_changes(kommun, "2025;BUF-GR;-4 500,5;KF 2025-06-12 § 84;2025-06-12;tilläggsbudget;")
    [change] = workspace(bun(kommun)).budget_changes
    assert change.amount == Decimal("-4500500")  # beloppsenhet: tkr
    assert (change.file, change.line) == (SHOWN, 2)


def test_the_table_in_the_example(kommun: Path) -> None:
    report, _ = load_report(bun(kommun))
    found = table(report)
    assert found is not None
    ws = workspace(bun(kommun))
    changes = budget_trace(ws).changes
    change_rows = [r for r in found.rows if r.id.startswith("andring-")]
    assert len(change_rows) == len(changes) == 3
    for row, change in zip(change_rows, changes, strict=True):
        date, decision, kind, original, amount, budget = row.cells
        assert (date.text, decision.text, kind.text) == (
            change.date.isoformat(),
            change.decision,
            change.kind.value,
        )
        assert amount.value == change.amount / 1000
        assert original.kind is CellKind.EMPTY
        assert budget.kind is CellKind.EMPTY
    heading = found.rows[len(changes)]
    assert heading.kind is RowKind.HEADING
    units = found.rows[len(changes) + 1 :]
    assert len(units) == len(budget_trace(ws).units)
    for row, unit in zip(units, budget_trace(ws).units, strict=True):
        assert row.label == unit.name
        was, changed, now = (c.value for c in row.cells[3:])
        assert unit.budget is not None
        assert unit.original is not None
        assert (was, changed, now) == (
            unit.original / 1000,
            unit.changes / 1000,
            unit.budget / 1000,
        )
        assert was is not None
        assert changed is not None
        assert was + changed == now


def test_a_report_without_changes_in_its_scope_has_no_table(kommun: Path) -> None:
    # The example's changes are all the BUN's: the social nämnd's report has none.
    report, _ = load_report(kommun / "rapporter" / "sn-2025")
    assert table(report) is None
    (kommun / FILE).unlink()
    report, _ = load_report(bun(kommun))
    assert table(report) is None


@pytest.mark.parametrize(
    ("folder", "dates"),
    [
        # The plan sets the budget the year's changes start from: it lists none.
        ("bun-plan-2025", []),
        # After april: the first change was decided in june.
        ("bun-delar-april-2025", []),
        ("bun-delar-augusti-2025", ["2025-06-12"]),
        ("bun-2025", ["2025-06-12", "2025-09-24", "2025-09-24"]),
    ],
)
def test_a_report_lists_the_changes_decided_by_the_end_of_its_period(
    kommun: Path, folder: str, dates: list[str]
) -> None:
    report, _ = load_report(kommun / "rapporter" / folder)
    found = table(report)
    if not dates:
        assert found is None
        return
    assert found is not None
    listed = [r.cells[0].text for r in found.rows if r.id.startswith("andring-")]
    assert listed == dates


def test_the_data_package_and_excel_hold_the_table(kommun: Path, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    result = build(bun(kommun), out, (OutputFormat.DATA, OutputFormat.XLSX))
    assert result.ok, [d.format() for d in result.diagnostics]
    descriptor_file = next(out.rglob("datapackage.json"))
    descriptor = json.loads(descriptor_file.read_text(encoding="utf-8"))
    [resource] = [
        r for r in descriptor["resources"] if r["title"] == "Budgetförändringar under året"
    ]
    written = (descriptor_file.parent / resource["path"]).read_text(encoding="utf-8")
    assert "KF 2025-06-12 § 84" in written
    assert "omdisponering" in written
    workbook = load_workbook(next(out.rglob("*.xlsx")), read_only=True)
    assert any(name.startswith("Budgetförändringar") for name in workbook.sheetnames)


def test_the_rules_are_registered() -> None:
    names = {rule.name: rule.check for rule in RULES}
    assert names["omdisponering-noll"] is transfers_balance
    assert names["budgetandring-passar"] is changes_fit_budget


def test_a_transfer_that_does_not_sum_to_zero(kommun: Path) -> None:
    ws = workspace(bun(kommun))
    computed, _ = compute(ws)
    assert transfers_balance(ws, computed) == []
    write_changes(
        kommun,
        "2025;BUF-FSK;2 000;BUN 2025-09-24 § 61;2025-09-24;omdisponering;",
        "2025;BUF-ELH;-1 500;BUN 2025-09-24 § 61;2025-09-24;omdisponering;",
        "2025;BUF-GR;-4 500;KF 2025-06-12 § 84;2025-06-12;tilläggsbudget;",
    )
    _, found = load_report(bun(kommun))
    [error] = [d for d in found if d.code == "UPP495"]
    assert error.severity is Severity.ERROR
    assert (error.location.file, error.location.line) == (SHOWN, 2)
    assert "BUN 2025-09-24 § 61" in error.message
    assert "500 tkr" in error.message
    # A supplementary budget alone never has to sum to zero.
    assert codes(found, Severity.ERROR) == [("UPP495", 2)]


def test_a_change_that_turns_the_budget_around(kommun: Path) -> None:
    ws = workspace(bun(kommun))
    computed, _ = compute(ws)
    assert changes_fit_budget(ws, computed) == []
    budget = -kronor(ws, "BUF-GR") / 1000
    write_changes(
        kommun,
        f"2025;BUF-GR;-{budget + 100};KF 2025-06-12 § 84;2025-06-12;tilläggsbudget;",
    )
    _, found = load_report(bun(kommun))
    [warning] = [d for d in found if d.code == "UPP496"]
    assert warning.severity is Severity.WARNING
    assert (warning.location.file, warning.location.line) == (SHOWN, 2)
    assert "Grundskola" in warning.message


def test_a_change_for_a_unit_without_budget(kommun: Path) -> None:
    ws = workspace(bun(kommun))
    without = dataclasses.replace(
        ws,
        facts=tuple(
            f
            for f in ws.facts
            if f.member("enhet") != "BUF-ELH" or f.scenario is not Scenario.BUDGET
        ),
    )
    computed, _ = compute(without)
    found = changes_fit_budget(without, computed)
    [line] = [c.line for c in ws.budget_changes if c.unit == "BUF-ELH"]
    assert [(d.code, d.severity, d.location.line) for d in found] == [
        ("UPP496", Severity.WARNING, line)
    ]
    assert "BUF-ELH" in found[0].message
