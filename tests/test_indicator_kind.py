"""What an indicator's percentages are: 'slag' in indikatorer.yaml, or derived when unwritten.

The one rule (Indicator.is_share) is used by the reader, the editor and the checks; the
editor's and the checks' side are tested in test_workspace_edit.py and test_check_rules.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from uppsikt.examples import write_starter_workspace
from uppsikt.model.indicators import Better, Breakdown, Indicator, IndicatorKind
from uppsikt.workspace.reader import read_workspace

PERCENT = Indicator("a", "Deltagare i arbete", "procent", 0, Better.HIGHER)


@pytest.mark.parametrize(
    ("indicator", "share"),
    [
        (PERCENT, True),
        (Indicator("a", "A", "procent", 0, Better.HIGHER, signed=True), False),
        (Indicator("a", "A", "procent", 0, Better.HIGHER, kind=IndicatorKind.MEASURE), False),
        (
            Indicator("a", "A", "procent", 0, Better.HIGHER, signed=True, kind=IndicatorKind.SHARE),
            True,
        ),
        (Indicator("a", "Andel", "antal", 0, Better.HIGHER, kind=IndicatorKind.SHARE), False),
    ],
)
def test_is_share(indicator: Indicator, share: bool) -> None:
    assert indicator.is_share() is share


def test_a_breakdown_in_per_cent_of_a_count() -> None:
    count = Indicator(
        "n", "N", "antal", 0, Better.HIGHER, breakdowns=(Breakdown("K", "Kvinnor", "procent"),)
    )
    assert not count.is_share()
    assert count.is_share("K")


def _starter(tmp_path: Path, old: str, new: str) -> Path:
    write_starter_workspace(tmp_path)
    path = tmp_path / "indikatorer.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def test_the_reader_reads_slag(tmp_path: Path) -> None:
    root = _starter(tmp_path, "    enhet: procent\n", "    enhet: procent\n    slag: mått\n")
    ws, problems = read_workspace(root)
    assert ws is not None, problems
    (indicator,) = ws.indicators
    assert indicator.kind is IndicatorKind.MEASURE
    assert not indicator.is_share()


def test_slag_unwritten_is_derived(tmp_path: Path) -> None:
    ws, problems = read_workspace(_starter(tmp_path, "", ""))
    assert ws is not None, problems
    (indicator,) = ws.indicators
    assert indicator.kind is None
    assert indicator.is_share()


def test_slag_on_an_indicator_without_per_cent_is_an_error(tmp_path: Path) -> None:
    root = _starter(
        tmp_path,
        "    enhet: procent\n    decimaler: 0\n",
        "    enhet: antal\n    slag: andel\n    decimaler: 0\n",
    )
    root.joinpath("indikatorer.yaml").write_text(
        root.joinpath("indikatorer.yaml").read_text(encoding="utf-8").replace("[K, M]", "[]"),
        encoding="utf-8",
    )
    _, problems = read_workspace(root)
    (problem,) = [p for p in problems if p.code == "UPP168"]
    assert problem.location.field == "slag"
    assert problem.location.line is not None
    assert "procent" in problem.hint


def test_an_unknown_slag_is_refused(tmp_path: Path) -> None:
    root = _starter(tmp_path, "    enhet: procent\n", "    enhet: procent\n    slag: kvot\n")
    _, problems = read_workspace(root)
    assert any(p.code == "UPP112" and p.location.field == "slag" for p in problems)
