"""Editing a workspace's files one unit at a time (uppsikt.workspace.edit): the rest of each
file is kept byte for byte, and bad input is refused with a Swedish message."""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path

import pytest

from uppsikt.model.indicators import Better, Breakdown, Indicator, IndicatorKind
from uppsikt.workspace import edit

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "orebro-van-2020"
GOALS = (EXAMPLE / "mal.yaml").read_text(encoding="utf-8")
VALUES = (EXAMPLE / "indikatorvarden.csv").read_text(encoding="utf-8")
SHARE = Indicator(
    "andel", "Andel", "procent", 1, Better.HIGHER, breakdowns=(Breakdown("K", "Kvinnor"),)
)


def _changed_lines(old: str, new: str) -> list[tuple[str, str]]:
    diff = difflib.ndiff(old.splitlines(), new.splitlines())
    return [(d[0], d[2:]) for d in diff if d[0] in "+-"]


def test_text_normalises_line_endings() -> None:
    assert edit.set_text("# Rubrik\r\n\r\nText") == "# Rubrik\n\nText\n"
    assert edit.set_text("   \n") == ""
    with pytest.raises(edit.EditError):
        edit.text_path("../uppsikt")


def test_area_keeps_the_rest_of_the_file() -> None:
    new = edit.set_area(GOALS, "MO2", edit.AreaText("Kort analys.", ("Bra",), ("Bättre",)))
    assert edit.read_area(new, "MO2") == edit.AreaText("Kort analys.", ("Bra",), ("Bättre",))
    assert edit.read_area(new, "MO1") == edit.read_area(GOALS, "MO1")
    assert new.startswith(GOALS.split("målområden:")[0])
    assert edit.set_area(GOALS, "MO1", edit.read_area(GOALS, "MO1")) == GOALS


def test_multi_line_analysis_is_a_literal_block() -> None:
    new = edit.set_area(GOALS, "MO1", edit.AreaText("Rad ett.\n\nRad två.", (), ()))
    assert "    analys: |\n      Rad ett.\n\n      Rad två.\n" in new


def test_stance_rules() -> None:
    with pytest.raises(edit.EditError, match="åtaganden"):
        edit.set_stance(GOALS, "MO1-1", edit.StanceText("ej-relevant", ""))
    with pytest.raises(edit.EditError, match="Okänt"):
        edit.set_stance(GOALS, "MO1-2", edit.StanceText("kanske", ""))
    with pytest.raises(edit.EditError, match="finns inte"):
        edit.set_stance(GOALS, "MO9-9", edit.StanceText("grunduppdrag", ""))
    new = edit.set_stance(GOALS, "MO1-2", edit.StanceText("ej-relevant", "Inte vår sak."))
    assert edit.read_stance(new, "MO1-2") == edit.StanceText("ej-relevant", "Inte vår sak.")
    changed = _changed_lines(GOALS, new)
    assert ("+", "        ställningstagande: ej-relevant") in changed
    assert all("MO1-1" not in line for _, line in changed)


def test_value_replaced_in_place() -> None:
    indicator = Indicator("sfi-avslutade-fore-d", "SFI", "antal", 0, Better.LOWER)
    new = edit.set_value(VALUES, indicator, "tot", 2020, edit.ValueCell("1 250"))
    assert _changed_lines(VALUES, new) == [
        ("-", "sfi-avslutade-fore-d;tot;2020;383;;;"),
        ("+", "sfi-avslutade-fore-d;tot;2020;1250;;;"),
    ]
    assert new.splitlines()[:4] == VALUES.splitlines()[:4]


def test_value_added_after_the_indicator_and_missing_reason() -> None:
    text = (
        "# kommentar\nindikator;uppdelning;år;värde;saknas;ca;fotnot\n"
        "andel;tot;2019;5;;;\nx;tot;2019;1;;;\n"
    )
    new = edit.set_value(text, SHARE, "K", 2020, edit.ValueCell("", "ej-mätt"))
    assert new.splitlines()[3] == "andel;K;2020;;ej-mätt;;"
    assert new.splitlines()[4] == "x;tot;2019;1;;;"
    assert edit.read_value(new, "andel", "K", 2020) == edit.ValueCell("", "ej-mätt")


@pytest.mark.parametrize(
    ("cell", "breakdown", "message"),
    [
        (edit.ValueCell("tre"), "tot", "inget tal"),
        (edit.ValueCell("120"), "tot", "utanför 0–100"),
        (edit.ValueCell(""), "tot", "Ange ett värde"),
        (edit.ValueCell("", "glömt"), "tot", "Ange ett värde"),
        (edit.ValueCell("5", "ej-mätt"), "tot", "saknas"),
        (edit.ValueCell("5"), "M", "ingen uppdelning"),
    ],
)
def test_bad_values_are_refused(cell: edit.ValueCell, breakdown: str, message: str) -> None:
    with pytest.raises(edit.EditError, match=message):
        edit.check_value(SHARE, breakdown, 2020, cell)


def test_decimal_comma_and_true_minus() -> None:
    signed = Indicator("d", "D", "mnkr", 1, Better.HIGHER, signed=True)
    assert edit.check_value(signed, "tot", 2020, edit.ValueCell("−10,5")).value == "-10,5"
    assert edit.check_value(SHARE, "tot", 2020, edit.ValueCell("29.5")).value == "29,5"


def test_the_editor_bounds_what_the_indicator_calls_a_share() -> None:
    measure = replace(SHARE, kind=IndicatorKind.MEASURE)
    assert edit.check_value(measure, "tot", 2020, edit.ValueCell("120")).value == "120"
    signed_share = replace(SHARE, signed=True, kind=IndicatorKind.SHARE)
    with pytest.raises(edit.EditError, match="utanför 0–100"):
        edit.check_value(signed_share, "tot", 2020, edit.ValueCell("-5"))
    count = Indicator(
        "n", "N", "antal", 0, Better.HIGHER, breakdowns=(Breakdown("K", "Kvinnor", "procent"),)
    )
    assert edit.check_value(count, "tot", 2020, edit.ValueCell("120")).value == "120"
    with pytest.raises(edit.EditError, match="utanför 0–100"):
        edit.check_value(count, "K", 2020, edit.ValueCell("120"))
