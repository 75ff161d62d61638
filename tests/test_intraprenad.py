"""The intraprenad's accumulated result, the 7 % rule and the nämnd's summary of them.

Amounts are written in tkr in the comments and stored in kronor (``tkr(n)``).
"""

from __future__ import annotations

from decimal import Decimal

from uppsikt.compute.intraprenad import accumulated_summary, apply_seven_percent_rule
from uppsikt.located.format import number
from uppsikt.model.intraprenad import Adjustment, Intraprenad


def tkr(value: int | str) -> Decimal:
    return Decimal(value) * 1000


def intraprenad(
    opening: int,
    turnover: int,
    adjustments: tuple[int, ...] = (),
    drawn: int = 0,
    unit: str = "KOMVUX",
) -> Intraprenad:
    return Intraprenad(
        unit=unit,
        name=f"Intraprenaden {unit}",
        opening_result=tkr(opening),
        budget_turnover=tkr(turnover),
        adjustments=tuple(Adjustment(f"justering {i}", tkr(a)) for i, a in enumerate(adjustments)),
        drawn=tkr(drawn),
    )


def test_published_orebro_case_is_capped() -> None:
    # Örebro VAN 2020, Intraprenaden Komvux: IB 5 359, bokfört 4 884, covid-19 −1 832,
    # budgetomslutning 144 696.
    komvux = intraprenad(5359, 144696, adjustments=(-1832,))
    result = apply_seven_percent_rule(komvux, tkr(4884))
    assert result.booked == tkr(4884)
    assert result.adjustments == tkr(-1832)
    # justerat = bokfört − justeringar = 4 884 + 1 832 = 6 716.
    assert result.adjusted == tkr(6716)
    # UB from the booked result: 5 359 + 4 884 = 10 243.
    assert result.closing_booked == tkr(10243)
    # före regeln = IB + justerat = 5 359 + 6 716 = 12 075.
    assert result.before_rule == tkr(12075)
    # tak = 7 % × 144 696 = 10 128,72.
    assert result.cap == tkr("10128.72")
    # UB = min(12 075; 10 128,72) = 10 128,72, published rounded as 10 129.
    assert result.closing == tkr("10128.72")
    assert number(result.closing / 1000) == "10\u00a0129"
    assert result.capped


def test_surplus_under_the_cap_is_kept_whole() -> None:
    # IB 1 000 + bokfört 500 = 1 500; tak 7 % × 100 000 = 7 000 → UB 1 500.
    result = apply_seven_percent_rule(intraprenad(1000, 100000), tkr(500))
    assert result.adjustments == 0
    assert result.adjusted == tkr(500)
    assert result.before_rule == tkr(1500)
    assert result.cap == tkr(7000)
    assert result.closing == tkr(1500)
    assert not result.capped


def test_surplus_exactly_at_the_cap_is_not_capped() -> None:
    # IB 6 000 + bokfört 1 000 = 7 000 = tak 7 % × 100 000.
    result = apply_seven_percent_rule(intraprenad(6000, 100000), tkr(1000))
    assert result.closing == result.cap == tkr(7000)
    assert not result.capped


def test_deficit_is_never_capped() -> None:
    # IB −2 000 + bokfört −3 000 = −5 000; tak 7 % × 10 000 = 700; a deficit stays −5 000,
    # even though |−5 000| is far above the cap.
    result = apply_seven_percent_rule(intraprenad(-2000, 10000), tkr(-3000))
    assert result.before_rule == tkr(-5000)
    assert result.cap == tkr(700)
    assert result.closing == tkr(-5000)
    assert result.closing_booked == tkr(-5000)
    assert not result.capped


def test_drawn_surplus_reduces_the_opening() -> None:
    # IB 8 000, ianspråktagande 3 000 → 5 000; + bokfört 1 000 = 6 000 (both before and after
    # the rule); tak 7 % × 200 000 = 14 000 → UB 6 000.
    result = apply_seven_percent_rule(intraprenad(8000, 200000, drawn=3000), tkr(1000))
    assert result.closing_booked == tkr(6000)
    assert result.before_rule == tkr(6000)
    assert result.closing == tkr(6000)
    assert not result.capped
    # With a small turnover the drawn opening is capped too: IB 12 000 − 2 000 + 1 000 = 11 000;
    # tak 7 % × 100 000 = 7 000 → UB 7 000.
    capped = apply_seven_percent_rule(intraprenad(12000, 100000, drawn=2000), tkr(1000))
    assert capped.before_rule == tkr(11000)
    assert capped.closing == tkr(7000)
    assert capped.capped


def test_several_adjustments_are_summed_and_subtracted() -> None:
    # Adjustments +1 500 (an effect that improved the result) and −500: sum +1 000;
    # justerat = 4 000 − 1 000 = 3 000; IB 0 → före regeln 3 000; UB from bokfört 4 000.
    result = apply_seven_percent_rule(intraprenad(0, 100000, adjustments=(1500, -500)), tkr(4000))
    assert result.adjustments == tkr(1000)
    assert result.adjusted == tkr(3000)
    assert result.before_rule == tkr(3000)
    assert result.closing_booked == tkr(4000)
    assert result.closing == tkr(3000)


def test_accumulated_summary_with_a_surplus_and_a_deficit() -> None:
    # KOMVUX: IB 5 359, bokfört +4 884.  UA: IB 1 000, ianspråktagande 300, bokfört −700.
    komvux = apply_seven_percent_rule(intraprenad(5359, 144696, (-1832,)), tkr(4884))
    ua = apply_seven_percent_rule(intraprenad(1000, 20000, drawn=300, unit="UA"), tkr(-700))
    # The nämnd's total avvikelse (utfall − budget): +10 326.
    summary = accumulated_summary((komvux, ua), tkr(10326))
    # IB 5 359 + 1 000 = 6 359; ianspråktagande 0 + 300 = 300.
    assert summary.opening == tkr(6359)
    assert summary.drawn == tkr(300)
    # Nya underskott −700; nya överskott +4 884.
    assert summary.new_deficits == tkr(-700)
    assert summary.new_surpluses == tkr(4884)
    # UB = 6 359 − 300 − 700 + 4 884 = 10 243.
    assert summary.closing == tkr(10243)
    # Avvikelse intraprenader = Σ bokfört = 4 884 − 700 = 4 184;
    # avvikelse exkl. intraprenader = 10 326 − 4 184 = 6 142;
    # justerad avvikelse = 6 142 + 4 184 = 10 326.
    assert summary.deviation_intraprenader == tkr(4184)
    assert summary.deviation_excluding == tkr(6142)
    assert summary.adjusted_deviation == tkr(10326)


def test_accumulated_summary_without_intraprenader() -> None:
    summary = accumulated_summary((), tkr(-250))
    assert summary.opening == summary.drawn == summary.closing == 0
    assert summary.new_deficits == summary.new_surpluses == 0
    assert summary.deviation_intraprenader == 0
    assert summary.deviation_excluding == summary.adjusted_deviation == tkr(-250)
