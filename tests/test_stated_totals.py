"""Stated totals (``typ: summa`` in ekonomi/*.csv): read, shown wherever their aggregate stands,
and reconciled with the rows they sum (UPP169, UPP480–UPP482)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from uppsikt.checks import run_checks
from uppsikt.compute.results import Computed, compute
from uppsikt.compute.tables import STATED_WHOLE
from uppsikt.compute.views import view_facts
from uppsikt.examples import write_starter_workspace
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.model.economy import Fact, Scenario
from uppsikt.model.workspace import Workspace
from uppsikt.workspace.reader import read_workspace

HEADER = "år;scenario;enhet;belopp;typ"
POSTS = """\
2024;utfall;V1-A;-10 200;
2025;utfall;V1-A;-10 650;
2025;budget;V1-A;-10 900;post
2024;utfall;V1-B;-4 100;
2025;utfall;V1-B;-4 420;
2025;budget;V1-B;-4 300;
2024;utfall;V2-A;-7 900;
2025;utfall;V2-A;-8 010;
2025;budget;V2-A;-8 100;
"""
"""The starter's amounts per enhet, tkr: V1 sums to −15 070 in 2025, the nämnd to −23 080."""
FIRST_ADDED = 2 + POSTS.count("\n")
"""The line of the first row added after the posts (the header is line 1)."""


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    workspace = tmp_path / "ws"
    write_starter_workspace(workspace)
    return workspace


def _drift(workspace: Path, *added: str) -> None:
    text = "\n".join((HEADER, POSTS.rstrip("\n"), *added)) + "\n"
    (workspace / "ekonomi" / "drift.csv").write_text(text, encoding="utf-8")


def _load(workspace: Path) -> tuple[Workspace, Computed, list[Diagnostic]]:
    ws, read = read_workspace(workspace)
    assert ws is not None, [d.format() for d in read]
    computed, found = compute(ws)
    return ws, computed, [*read, *found, *run_checks(ws, computed)]


def _codes(diagnostics: list[Diagnostic], code: str) -> list[Diagnostic]:
    return [d for d in diagnostics if d.code == code]


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def tkr(amount: int) -> Decimal:
    return Decimal(amount) * 1000


def test_an_unknown_kind_is_an_error_on_its_line(starter: Path) -> None:
    _drift(starter, "2025;utfall;V1;-15 070;totalsumma")
    ws, found = read_workspace(starter)
    assert ws is None
    (error,) = _codes(found, "UPP169")
    assert error.severity is Severity.ERROR
    assert error.location.file == "ekonomi/drift.csv"
    assert error.location.line == FIRST_ADDED
    assert "«totalsumma»" in error.message
    assert "summa" in (error.hint or "")


def test_posts_alone_read_as_before(starter: Path) -> None:
    _drift(starter)
    ws, computed, found = _load(starter)
    assert not any(f.stated for f in ws.facts)
    assert computed.tables["enheter"].cell("netto", "utfall") == tkr(-23080)
    assert not [d for d in found if d.code in ("UPP480", "UPP481", "UPP482")]


def test_a_stated_total_within_rounding_is_shown_everywhere_with_a_note(starter: Path) -> None:
    _drift(starter, "2025;utfall;V1;-15 071;summa")
    _ws, computed, found = _load(starter)
    table = computed.tables["enheter"]
    # The member's row, the sum above it, the derived columns and the nämnd's deviation.
    assert table.cell("V1", "utfall") == tkr(-15071)
    assert table.cell("V1", "avvikelse") == tkr(-15071 + 15200)
    assert table.cell("netto", "utfall") == tkr(-23081)
    assert table.cell("netto", "avvikelse") == tkr(-23081 + 23300)
    assert computed.organisation.amount(("EXN",), 2025, Scenario.OUTCOME) == tkr(-23081)
    assert computed.deviation == tkr(-23081 + 23300)
    # Years and scenarios without a stated total keep the sum of the rows.
    assert table.cell("V1", "utfall-fg") == tkr(-14300)
    (note,) = _codes(found, "UPP480")
    assert note.severity is Severity.NOTE
    assert (note.location.file, note.location.line) == ("ekonomi/drift.csv", FIRST_ADDED)
    assert "Verksamhet Ett (V1)" in note.message
    assert "−15 071" in _plain(note.message)
    assert "−15 070" in _plain(note.message)
    assert "publicerade" in note.message
    assert not _codes(found, "UPP481")
    assert not _codes(found, "UPP482")


def test_a_stated_total_beyond_rounding_is_an_error(starter: Path) -> None:
    _drift(starter, "2024;utfall;V1;-13 100;post", "2025;utfall;V1;-15 100;summa")
    _, _, found = _load(starter)
    (error,) = _codes(found, "UPP481")
    assert error.severity is Severity.ERROR
    assert (error.location.file, error.location.line) == ("ekonomi/drift.csv", FIRST_ADDED + 1)
    assert "mer än avrundningen" in error.message
    assert "−30" in error.message
    assert error.hint


def test_the_namnds_total_with_an_empty_cell_or_its_code(starter: Path) -> None:
    for code in ("", "EXN"):
        _drift(starter, f"2025;budget;{code};-23 299;summa")
        _, computed, found = _load(starter)
        table = computed.tables["enheter"]
        assert table.cell("netto", "budget") == tkr(-23299)
        assert table.cell("netto", "avvikelse") == tkr(-23080 + 23299)
        netto = next(r for r in table.rows if r.definition.id == "netto")
        assert netto.stated == "EXN"
        # The member rows keep their sums: the total is the nämnd's alone.
        assert table.cell("V1", "budget") == tkr(-15200)
        assert [d.code for d in _codes(found, "UPP480")] == ["UPP480"]


def test_a_dimension_with_several_tops_takes_an_empty_cell(starter: Path) -> None:
    path = starter / "ekonomi" / "kontogrupper.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [line + ";" if line and not line.startswith("#") else line for line in lines]
    rows = [r.replace("belopp;", "belopp;typ") for r in rows]
    path.write_text("\n".join([*rows, "2025;utfall;;-23 081;summa"]) + "\n", encoding="utf-8")
    _, computed, found = _load(starter)
    table = computed.tables["kontogrupper"]
    assert table.cell("netto", "utfall") == tkr(-23081)
    assert table.cell("INT", "utfall") == tkr(3100)
    netto = next(r for r in table.rows if r.definition.id == "netto")
    assert netto.stated == STATED_WHOLE
    (note,) = _codes(found, "UPP480")
    assert note.location.file == "ekonomi/kontogrupper.csv"


def test_a_stated_total_no_table_shows_is_a_warning(starter: Path) -> None:
    _drift(starter, "2025;utfall;V1-A;-10 650;summa")
    _, _, found = _load(starter)
    (warning,) = _codes(found, "UPP482")
    assert warning.severity is Severity.WARNING
    assert (warning.location.file, warning.location.line) == ("ekonomi/drift.csv", FIRST_ADDED)
    assert "Enhet A (V1-A)" in warning.message
    assert "visas inte" in warning.message


def test_stated_totals_reconcile_the_views(starter: Path) -> None:
    """The views compare their published totals: an enhet view stating −23 081 and a
    kontogrupp view summing to −23 080 differ by rounding only, not by an error, and the stated
    total is not added to the rows it states."""
    _drift(starter, "2025;utfall;EXN;-23 081;summa")
    _, _, found = _load(starter)
    assert not _codes(found, "UPP401")
    (rounding,) = _codes(found, "UPP403")
    assert "−23 081" in _plain(rounding.message)
    assert "−23 080" in _plain(rounding.message)


def test_a_view_of_stated_totals_alone_is_never_read_for_its_rows() -> None:
    """A file of published totals only (no posts) beside a ledger does not take the ledger's
    place: a view is chosen by its posts, and the published total still holds beside them."""
    ledger = ("enhet", "kontogrupp")
    posts = [
        Fact(2025, Scenario.OUTCOME, tkr(-10), (("enhet", "A"), ("kontogrupp", "PERS")), ledger),
        Fact(2025, Scenario.OUTCOME, tkr(4), (("enhet", "A"), ("kontogrupp", "INT")), ledger),
    ]
    total = Fact(2025, Scenario.OUTCOME, tkr(-6), (), ("kontogrupp",), stated=True)
    read = view_facts([*posts, total], ("kontogrupp",))
    assert [f for f in read if f.post] == posts
    assert [f for f in read if f.stated] == [total]
    no_posts_that_year = Fact(2024, Scenario.OUTCOME, tkr(-6), (), ("kontogrupp",), stated=True)
    assert no_posts_that_year not in view_facts([*posts, no_posts_that_year], ("kontogrupp",))
