"""Rounding-aware arithmetic, checked on cases worked by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from uppsikt.checks.intervals import (
    Agreement,
    Interval,
    change_percent_holds,
    change_percent_interval,
    difference_holds,
    judge,
    sum_holds,
)

# Four published rows (tkr) and their sum as printed: 2 220 + 12 520 + 35 806 + 47 500.
ROWS = [D(-2220), D(-12520), D(-35806), D(-47500)]


def test_a_rounded_figure_is_half_a_unit_either_side() -> None:
    assert Interval.from_rounded(D(-2220)) == Interval(D("-2220.5"), D("-2219.5"))
    assert Interval.from_rounded(D("7.9"), 1) == Interval(D("7.85"), D("7.95"))
    assert Interval.from_rounded(8120, -1) == Interval(D(8115), D(8125))
    assert Interval.exact(3) == Interval(D(3), D(3))
    assert Interval.from_rounded(D("7.9"), 1).mid == D("7.9")


def test_an_empty_interval_is_refused() -> None:
    with pytest.raises(ValueError, match="tomt"):
        Interval(D(2), D(1))


def test_arithmetic() -> None:
    a, b = Interval(D(1), D(2)), Interval(D(3), D(5))
    assert a + b == Interval(D(4), D(7))
    assert a - b == Interval(D(-4), D(-1))
    assert -a == Interval(D(-2), D(-1))
    assert a + 10 == 10 + a == Interval(D(11), D(12))
    assert 10 - a == Interval(D(8), D(9))
    assert a - 1 == Interval(D(0), D(1))
    assert a * 3 == 3 * a == Interval(D(3), D(6))
    assert a * -3 == Interval(D(-6), D(-3))  # a negative factor swaps the ends
    assert a * D("0.001") == Interval(D("0.001"), D("0.002"))


def test_contains_overlaps_and_gap() -> None:
    a = Interval(D(1), D(2))
    assert all(a.contains(x) for x in (D(1), 2, D("1.5")))
    assert not a.contains(D("2.01"))
    assert a.contains(Interval(D("1.2"), D("1.8")))
    assert not a.contains(Interval(D("1.2"), D(3)))
    assert a.overlaps(Interval(D(2), D(3)))
    assert not a.overlaps(Interval(D("2.5"), D(3)))
    assert a.gap(Interval(D("2.5"), D(3))) == D("0.5")
    assert Interval(D("2.5"), D(3)).gap(a) == D("0.5")
    assert a.gap(Interval(D(0), D("1.5"))) == 0


def test_sum_as_printed_is_exact() -> None:
    verdict = sum_holds(ROWS, D(-98046))
    assert verdict.agreement is Agreement.EXACT
    assert verdict.ok
    assert verdict.computed == D(-98046)
    assert verdict.describe() == "stämmer"


def test_sum_off_by_one_unit_is_within_rounding() -> None:
    # The rows may stand for −98 048 … −98 044; the total −98 045 for −98 045,5 … −98 044,5.
    verdict = sum_holds(ROWS, D(-98045))
    assert verdict.agreement is Agreement.ROUNDING
    assert verdict.ok
    assert verdict.possible == Interval(D(-98048), D(-98044))
    assert "avrundningsdifferens" in verdict.describe()


def test_sum_off_by_ten_units_is_outside_by_at_least_seven_and_a_half() -> None:
    # 4 rows × 0,5 + the total's 0,5 = 2,5 tkr of rounding; 10 − 2,5 = 7,5.
    verdict = sum_holds(ROWS, D(-98056))
    assert verdict.agreement is Agreement.OUTSIDE
    assert not verdict.ok
    assert verdict.off_by == D("7.5")
    assert "minst 7.5" in verdict.describe()
    # The other direction is the same distance.
    assert sum_holds(ROWS, D(-98036)).off_by == D("7.5")


def test_sum_just_at_the_edge_of_rounding() -> None:
    # Possible −98 048 … −98 044; a total of −98 043 stands for −98 043,5 … −98 042,5.
    assert sum_holds(ROWS, D(-98043)).off_by == D("0.5")
    assert sum_holds(ROWS, D(-98044)).agreement is Agreement.ROUNDING


def test_sum_with_decimals_and_intervals() -> None:
    # Shares in per cent with one decimal: 33,3 + 33,3 + 33,3 = 99,9, printed total 100,0.
    parts = [D("33.3")] * 3
    assert sum_holds(parts, D("100.0"), decimals=1).agreement is Agreement.ROUNDING
    assert sum_holds(parts, D("100.5"), decimals=1).agreement is Agreement.OUTSIDE
    # An exact total (computed, not rounded) leaves only the parts' rounding.
    assert sum_holds(ROWS, Interval.exact(-98048)).agreement is Agreement.ROUNDING
    assert sum_holds(ROWS, Interval.exact(D("-98048.5"))).off_by == D("0.5")


def test_difference_budget_minus_utfall() -> None:
    # utfall −23 080, budget −23 300: avvikelse = utfall − budget = +220 (possible 219 … 221).
    assert difference_holds(D(-23080), D(-23300), D(220)).agreement is Agreement.EXACT
    assert difference_holds(D(-23080), D(-23300), D(221)).agreement is Agreement.ROUNDING
    verdict = difference_holds(D(-23080), D(-23300), D(223))
    assert verdict.agreement is Agreement.OUTSIDE
    assert verdict.off_by == D("1.5")  # 222,5 − 221
    assert verdict.possible == Interval(D(219), D(221))


def test_change_percent_interval() -> None:
    # 100 → 105: (104,5 − 100,5) / 100,5 = 3,98 % … (105,5 − 99,5) / 99,5 = 6,03 %.
    change = change_percent_interval(D(105), D(100))
    assert change.lo == (D(4) / D("100.5") * 100)
    assert change.hi == (D(6) / D("99.5") * 100)
    assert change.contains(5)
    # A negative base: costs from −200 to −220 grow, a change of −10 % of the (negative) sum.
    costs = change_percent_interval(D(-220), D(-200))
    assert costs.contains(D(-10))
    assert costs.lo == (D("-21") / D("199.5") * 100)
    assert costs.hi == (D("-19") / D("200.5") * 100)


def test_change_percent_of_a_base_that_may_be_zero_is_undefined() -> None:
    with pytest.raises(ValueError, match="odefinierad"):
        change_percent_interval(D(5), D(0))


def test_change_percent_holds() -> None:
    assert change_percent_holds(D(105), D(100), D("5.0")).agreement is Agreement.EXACT
    assert change_percent_holds(D(105), D(100), D("6.0")).agreement is Agreement.ROUNDING
    verdict = change_percent_holds(D(105), D(100), D("7.0"))
    assert verdict.agreement is Agreement.OUTSIDE
    assert verdict.off_by == D("6.95") - D(6) / D("99.5") * 100
    # Whole per cent: 5 % stands for 4,5 … 5,5 %.
    assert change_percent_holds(D(105), D(100), D(5), percent_decimals=0).ok


def test_text_in_mnkr_against_a_table_in_tkr() -> None:
    # "7,9 mnkr" in the text under a table showing 8 120 tkr: off by at least 0,1695 mnkr.
    table = Interval.from_rounded(D(8120)) * D("0.001")
    text = Interval.from_rounded(D("7.9"), 1)
    verdict = judge(D("8.120"), table, text)
    assert verdict.agreement is Agreement.OUTSIDE
    assert verdict.off_by == D("0.1695")
    # "8,1 mnkr" is the table's figure rounded as written.
    assert judge(D("8.120"), table, Interval.from_rounded(D("8.1"), 1)).ok
