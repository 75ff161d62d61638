"""A «varav» indicator (del_av): an indented part row, and never larger than its whole."""

from __future__ import annotations

import shutil
from pathlib import Path

from uppsikt.checks import run_checks
from uppsikt.compute.results import compute
from uppsikt.located.diagnostics import Severity
from uppsikt.reports.build.report import build_report
from uppsikt.reports.model import RowKind
from uppsikt.workspace.reader import read_workspace

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "orebro-van-2020"
PART = "asp-provningar"


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(EXAMPLE, target)
    return target


def _codes(root: Path) -> list[tuple[str, Severity, str]]:
    ws, diagnostics = read_workspace(root)
    assert ws is not None, diagnostics
    computed, _ = compute(ws)
    found = run_checks(ws, computed)
    return [(d.code, d.severity, d.message) for d in found if d.code == "UPP429"]


def test_the_example_shows_the_part_as_an_indented_varav_row() -> None:
    ws, _ = read_workspace(EXAMPLE)
    assert ws is not None
    computed, _ = compute(ws)
    report, _ = build_report(ws, computed)
    rows = [r for t in report.tables() for r in t.rows if r.id == PART]
    assert rows, "the part is shown"
    for row in rows:
        assert row.kind is RowKind.PART
        assert row.level == 1
    assert _codes(EXAMPLE) == []


def test_a_part_larger_than_its_whole_is_an_error(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    values = root / "indikatorvarden.csv"
    lines = values.read_text(encoding="utf-8").splitlines()
    header = next(x for x in lines if x.startswith("indikator;")).split(";")
    at = {name: i for i, name in enumerate(header)}
    changed = []
    for line in lines:
        cells = line.split(";")
        if cells[0] == PART and len(cells) == len(header) and cells[at["år"]] == "2020":
            cells[at["värde"]] = "999999"
        changed.append(";".join(cells))
    values.write_text("\n".join(changed) + "\n", encoding="utf-8")
    found = _codes(root)
    assert [(c, s) for c, s, _ in found] == [("UPP429", Severity.ERROR)]
    assert "2020" in found[0][2]
    assert "999\u00a0999" in found[0][2]


def test_an_unknown_whole_is_an_error(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    path = root / "indikatorer.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("del_av: asp-gymnasial-allmanna", "del_av: finns-inte"), "utf-8")
    found = _codes(root)
    assert len(found) == 1
    assert "finns inte" in found[0][2]
