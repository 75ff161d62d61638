"""The intraprenad's accumulated result, the 7 % rule, the nämnd's summary of them, Bilaga 1's
Totalt, the rows a table of intraprenader gains (Prognostiserat ianspråktagande, Justerad
nettokostnad), and the example built with one and with two intraprenader.

Amounts are written in tkr in the comments and stored in kronor (``tkr(n)``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from uppsikt.compute.intraprenad import (
    ADJUSTED_ROW,
    FORECAST_USE_ROW,
    accumulated_summary,
    apply_seven_percent_rule,
    intraprenad_totals,
    with_forecast_use,
)
from uppsikt.compute.references.resolve import Figures, render_reference
from uppsikt.compute.results import Computed, compute
from uppsikt.compute.tables import ComputedTable, compute_tables
from uppsikt.examples import bundled_example
from uppsikt.located.format import number
from uppsikt.model.dimensions import Dimension, Member
from uppsikt.model.economy import Fact, Scenario
from uppsikt.model.intraprenad import Adjustment, Intraprenad
from uppsikt.model.settings import ReportType
from uppsikt.model.tables import ColumnDef, ColumnKind, RowDef, RowKind, TableDef
from uppsikt.model.workspace import Workspace
from uppsikt.pipeline import load_report
from uppsikt.reports.charts.images import ChartImages
from uppsikt.reports.excel.workbook import render_xlsx
from uppsikt.reports.html.render import render_html
from uppsikt.reports.model import ReportModel, Section, Table
from uppsikt.reports.model import RowKind as ReportRowKind
from uppsikt.reports.pdf.tables import table as pdf_table
from uppsikt.reports.word.document import render_docx
from uppsikt.workspace.reader import read_workspace


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


# --- Bilaga 1's Totalt ------------------------------------------------------------------------


def test_totals_sum_every_intraprenad_each_capped_on_its_own() -> None:
    # KOMVUX: IB 5 359, bokfört 4 884, covid −1 832 → justerat 6 716, före 12 075,
    #   tak 10 128,72 → UB 10 128,72 (capped).
    # UA: IB 800, ianspråktagande 500, bokfört 2 326, covid +100 → justerat 2 226,
    #   före 800 − 500 + 2 226 = 2 526, tak 7 % × 50 000 = 3 500 → UB 2 526 (not capped).
    komvux = apply_seven_percent_rule(intraprenad(5359, 144696, (-1832,)), tkr(4884))
    ua_data = Intraprenad(
        unit="UA",
        name="Ung Arena",
        opening_result=tkr(800),
        budget_turnover=tkr(50000),
        adjustments=(Adjustment("justering 0", tkr(100)),),
        drawn=tkr(500),
    )
    ua = apply_seven_percent_rule(ua_data, tkr(2326))
    totals = intraprenad_totals((komvux, ua))
    # IB 5 359 + 800 = 6 159; bokfört 4 884 + 2 326 = 7 210.
    assert totals.opening == tkr(6159)
    assert totals.booked == tkr(7210)
    # The same kind of adjustment summed: −1 832 + 100 = −1 732.
    assert totals.adjustments == (("justering 0", tkr(-1732)),)
    # Justerat 6 716 + 2 226 = 8 942; före regeln 12 075 + 2 526 = 14 601.
    assert totals.adjusted == tkr(8942)
    assert totals.before_rule == tkr(14601)
    # UB after the rule, each on its own: 10 128,72 + 2 526 = 12 654,72 — not the rule applied
    # to the sum (min(14 601; 7 % × 194 696 = 13 628,72) would give 13 628,72).
    assert totals.closing == tkr("12654.72")


def test_totals_keep_each_kind_of_adjustment_apart() -> None:
    first = apply_seven_percent_rule(
        Intraprenad("A", "A", tkr(0), tkr(1000), adjustments=(Adjustment("covid", tkr(-10)),)),
        tkr(50),
    )
    second = apply_seven_percent_rule(
        Intraprenad("B", "B", tkr(0), tkr(1000), adjustments=(Adjustment("brand", tkr(5)),)),
        tkr(20),
    )
    totals = intraprenad_totals((first, second))
    # In alphabetical order of the label: brand 5 (only B), covid −10 (only A).
    assert totals.adjustments == (("brand", tkr(5)), ("covid", tkr(-10)))
    # Justerat: 50 + 10 = 60 and 20 − 5 = 15 → 75.
    assert totals.adjusted == tkr(75)


def test_totals_of_none_are_zero() -> None:
    totals = intraprenad_totals(())
    assert totals.opening == totals.booked == totals.closing == 0
    assert totals.adjustments == ()


# --- Prognostiserat ianspråktagande and Justerad nettokostnad ---------------------------------

# NAMND ─┬─ VUX ─┬─ KOMVUX (intraprenad) ─ SFI
#        │       └─ GY
#        └─ AM ──── UA (intraprenad)
ORG = Dimension(
    "enhet",
    "Enhet",
    (
        Member(
            "NAMND",
            "Nämnden",
            (
                Member(
                    "VUX",
                    "Vuxenutbildning",
                    (
                        Member("KOMVUX", "Komvux", (Member("SFI", "Sfi"),), intraprenad=True),
                        Member("GY", "Gymnasial"),
                    ),
                ),
                Member("AM", "Arbetsmarknad", (Member("UA", "Ung Arena", intraprenad=True),)),
            ),
        ),
    ),
)
COLUMNS = (
    ColumnDef("utfall-fg", ColumnKind.AMOUNT, scenario=Scenario.OUTCOME, year_offset=-1),
    ColumnDef("utfall", ColumnKind.AMOUNT, scenario=Scenario.OUTCOME),
    ColumnDef("budget", ColumnKind.AMOUNT, scenario=Scenario.BUDGET),
    ColumnDef("avvikelse", ColumnKind.DIFFERENCE, operands=("utfall", "budget")),
    ColumnDef("forandring", ColumnKind.CHANGE, operands=("utfall", "utfall-fg")),
    ColumnDef("procent", ColumnKind.CHANGE_PERCENT, operands=("utfall", "utfall-fg")),
    ColumnDef("andel", ColumnKind.SHARE, operands=("avvikelse", "budget")),
)


def _fact(code: str, year: int, scenario: Scenario, amount: int) -> Fact:
    return Fact(year, scenario, tkr(amount), (("enhet", code),))


FACTS = (
    # SFI (in KOMVUX): 2019 −1 000; 2020 utfall −900, budget −1 000; 2020 prognos −880.
    _fact("SFI", 2019, Scenario.OUTCOME, -1000),
    _fact("SFI", 2020, Scenario.OUTCOME, -900),
    _fact("SFI", 2020, Scenario.BUDGET, -1000),
    _fact("SFI", 2020, Scenario.FORECAST, -880),
    # UA: 2019 −500; 2020 utfall −450, budget −400; 2020 prognos −420.
    _fact("UA", 2019, Scenario.OUTCOME, -500),
    _fact("UA", 2020, Scenario.OUTCOME, -450),
    _fact("UA", 2020, Scenario.BUDGET, -400),
    _fact("UA", 2020, Scenario.FORECAST, -420),
    # GY: 2020 utfall −70, budget −80.
    _fact("GY", 2020, Scenario.OUTCOME, -70),
    _fact("GY", 2020, Scenario.BUDGET, -80),
)

# KOMVUX plans to use 120 of its accumulated result; UA states none, so its use drawn (30).
KOMVUX = Intraprenad("KOMVUX", "Komvux", tkr(2000), tkr(10000), planned_use=tkr(120))
UA = Intraprenad("UA", "Ung Arena", tkr(100), tkr(5000), drawn=tkr(30))


def _table(ident: str, *members: str) -> TableDef:
    rows = (
        *(RowDef(m, RowKind.MEMBER, members=(m,)) for m in members),
        RowDef("netto", RowKind.SUM, label="Nettokostnad"),
        RowDef("intra", RowKind.VARAV, members=("intraprenader",)),
    )
    return TableDef(ident, ident, "enhet", rows, COLUMNS)


def _adjusted(
    *tables: TableDef, report_type: ReportType = ReportType.ARSBERATTELSE
) -> dict[str, ComputedTable]:
    computed = compute_tables(tables, (ORG,), FACTS, 2020, report_type)
    return with_forecast_use(computed, (KOMVUX, UA), ORG, report_type)


def _values(table: ComputedTable, row_id: str) -> dict[str, Decimal | None]:
    row = next(r for r in table.rows if r.definition.id == row_id)
    return dict(zip((c.id for c in COLUMNS), row.values, strict=True))


def test_planned_use_defaults_to_the_drawn_amount() -> None:
    assert KOMVUX.forecast_use == tkr(120)
    assert UA.forecast_use == tkr(30)
    # Stated as 0 it is 0, whatever was drawn.
    assert Intraprenad("X", "X", tkr(0), tkr(1), drawn=tkr(5), planned_use=tkr(0)).forecast_use == 0


def test_table_of_intraprenader_gains_forecast_use_and_adjusted_net_cost() -> None:
    table = _adjusted(_table("intra", "KOMVUX", "UA"))["intra"]
    ids = [r.definition.id for r in table.rows]
    # The two rows come right after the last sum row, before the varav row below it.
    assert ids == ["KOMVUX", "UA", "netto", FORECAST_USE_ROW, ADJUSTED_ROW, "intra"]
    use = _values(table, FORECAST_USE_ROW)
    # Use = 120 (KOMVUX, stated) + 30 (UA, drawn) = 150 in this year's utfall; 0 in the budget;
    # no value for 2019. Avvikelse 150 − 0 = 150; förändring and % have no 2019 to compare;
    # the share of a 0 budget has no value.
    assert use == {
        "utfall-fg": None,
        "utfall": tkr(150),
        "budget": 0,
        "avvikelse": tkr(150),
        "forandring": None,
        "procent": None,
        "andel": None,
    }
    netto = _values(table, "netto")
    # Nettokostnad: 2019 −1 000 − 500 = −1 500; utfall −900 − 450 = −1 350; budget −1 400.
    assert (netto["utfall-fg"], netto["utfall"], netto["budget"]) == (
        tkr(-1500),
        tkr(-1350),
        tkr(-1400),
    )
    adjusted = _values(table, ADJUSTED_ROW)
    # Justerad: utfall −1 350 + 150 = −1 200; 2019 and budget unchanged; avvikelse
    # −1 200 − (−1 400) = 200; förändring −1 200 − (−1 500) = 300; 300 / −1 500 = −20 %;
    # andel 200 / 1 400 = 14,285714 %.
    assert adjusted["utfall-fg"] == tkr(-1500)
    assert adjusted["utfall"] == tkr(-1200)
    assert adjusted["budget"] == tkr(-1400)
    assert adjusted["avvikelse"] == tkr(200)
    assert adjusted["forandring"] == tkr(300)
    assert adjusted["procent"] == Decimal(-20)
    assert adjusted["andel"] == Decimal("14.285714")
    row = next(r for r in table.rows if r.definition.id == ADJUSTED_ROW)
    assert row.label == "Justerad nettokostnad"
    assert row.definition.operands == ("netto", FORECAST_USE_ROW)


def test_only_the_intraprenader_shown_as_rows_count() -> None:
    tables = _adjusted(
        _table("vux", "KOMVUX", "GY"),  # KOMVUX is a row: its 120, not UA's 30
        _table("sfi", "SFI"),  # a row within KOMVUX: KOMVUX's 120
        _table("enheter", "VUX", "AM"),  # each holds an intraprenad among other units
        _table("gy", "GY"),  # no intraprenad
    )
    assert _values(tables["vux"], FORECAST_USE_ROW)["utfall"] == tkr(120)
    # Vux netto: −900 − 70 = −970 → justerad −970 + 120 = −850; budget −1 080; avvikelse 230.
    assert _values(tables["vux"], ADJUSTED_ROW)["utfall"] == tkr(-850)
    assert _values(tables["vux"], ADJUSTED_ROW)["avvikelse"] == tkr(230)
    assert _values(tables["sfi"], FORECAST_USE_ROW)["utfall"] == tkr(120)
    for ident in ("enheter", "gy"):
        ids = {r.definition.id for r in tables[ident].rows}
        assert not ids & {FORECAST_USE_ROW, ADJUSTED_ROW}, ident


def test_forecast_use_goes_in_the_forecast_of_an_interim_report() -> None:
    # In a delårsrapport the year's outcome column shows the prognos: SFI −880, UA −420 →
    # netto −1 300; justerad −1 300 + 150 = −1 150; avvikelse −1 150 + 1 400 = 250.
    tables = _adjusted(_table("intra", "KOMVUX", "UA"), report_type=ReportType.DELARSRAPPORT)
    table = tables["intra"]
    assert _values(table, FORECAST_USE_ROW)["utfall"] == tkr(150)
    assert _values(table, ADJUSTED_ROW)["utfall"] == tkr(-1150)
    assert _values(table, ADJUSTED_ROW)["avvikelse"] == tkr(250)


def test_a_table_with_the_ids_taken_or_no_sum_is_left_alone() -> None:
    taken = TableDef(
        "taken",
        "taken",
        "enhet",
        (
            RowDef("KOMVUX", RowKind.MEMBER, members=("KOMVUX",)),
            RowDef("justerad", RowKind.SUM, label="Egen summa"),
        ),
        COLUMNS,
    )
    no_sum = TableDef(
        "no-sum", "no-sum", "enhet", (RowDef("KOMVUX", RowKind.MEMBER, members=("KOMVUX",)),),
        COLUMNS,
    )  # fmt: skip
    tables = _adjusted(taken, no_sum)
    assert [r.definition.id for r in tables["taken"].rows] == ["KOMVUX", "justerad"]
    assert [r.definition.id for r in tables["no-sum"].rows] == ["KOMVUX"]


# --- the example: published rows, Bilaga 1's Totalt, varav rows indented ----------------------


def _tables(report: ReportModel) -> dict[str, Table]:
    found: dict[str, Table] = {}

    def walk(sections: tuple[Section, ...]) -> None:
        for section in sections:
            found.update((b.id, b) for b in section.blocks if isinstance(b, Table))
            walk(section.subsections)

    walk(report.sections)
    return found


def _shown(table: Table, row_id: str) -> list[Decimal | None]:
    row = next(r for r in table.rows if r.id == row_id)
    return [c.value if c.value is None else c.value.quantize(Decimal(1)) for c in row.cells]


@pytest.fixture(scope="module")
def example_report() -> ReportModel:
    report, diagnostics = load_report(bundled_example())
    assert report is not None, [d.format() for d in diagnostics]
    return report


def test_example_vuxenutbildning_has_the_published_rows(example_report: ReportModel) -> None:
    vux = _tables(example_report)["vux"]
    assert [r.id for r in vux.rows] == ["KOMVUX", "netto", FORECAST_USE_ROW, ADJUSTED_ROW]
    use = next(r for r in vux.rows if r.id == FORECAST_USE_ROW)
    assert use.label == "Prognostiserat ianspråktagande av ackumulerat resultat"
    assert use.kind is ReportRowKind.ADJUSTMENT
    # Published: 0 used; Justerad nettokostnad −142 323, −139 812, −144 696, 4 884, 2 511,
    # −2 %: the net cost unchanged by a use of 0.
    assert _shown(vux, FORECAST_USE_ROW)[1:4] == [0, 0, 0]
    assert _shown(vux, ADJUSTED_ROW) == [
        Decimal(-142323), Decimal(-139812), Decimal(-144696), Decimal(4884), Decimal(2511),
        Decimal(-2),
    ]  # fmt: skip
    assert _shown(vux, ADJUSTED_ROW) == _shown(vux, "netto")
    # The nämnd's table of units holds Komvux inside Vuxenutbildning: no such rows there.
    assert not {r.id for r in _tables(example_report)["enheter"].rows} & {
        FORECAST_USE_ROW,
        ADJUSTED_ROW,
    }


def test_example_appendix_has_the_published_total(example_report: ReportModel) -> None:
    appendix = _tables(example_report)["intraprenader-7-procent"]
    assert [r.id for r in appendix.rows] == ["KOMVUX", "totalt"]
    total = next(r for r in appendix.rows if r.id == "totalt")
    assert total.kind is ReportRowKind.TOTAL
    # Published: Totalt 5 359 4 884 −1 832 6 716 12 075 (no turnover, no cap) 10 129.
    assert _shown(appendix, "totalt") == [
        Decimal(5359), Decimal(4884), Decimal(-1832), Decimal(6716), Decimal(12075), None, None,
        Decimal(10129),
    ]  # fmt: skip


def test_example_varav_rows_are_indented_in_the_model(example_report: ReportModel) -> None:
    tables = _tables(example_report)
    parts = [
        (table.id, row) for table in tables.values() for row in table.rows
        if row.kind is ReportRowKind.PART
    ]  # fmt: skip
    # Varav planeringsreserv (enheter, fl), varav intraprenader (enheter), and the indicator
    # that is «del_av» another in Fem år i sammandrag.
    assert {(t, r.id) for t, r in parts} == {("enheter", "PLANRES"), ("enheter", "intra"),
                                             ("fl", "PLANRES"),
                                             ("fem-ar-i-sammandrag", "asp-provningar")}  # fmt: skip
    assert all(r.level == 1 for _, r in parts)


TWO_INTRAPRENADER = """\
intraprenader:
  - enhet: KOMVUX
    namn: Intraprenaden Komvux
    ingående_resultat: 5 359
    budgetomslutning: 144 696
    prognostiserat_ianspråktagande: 1 500
    justeringar:
      - namn: Beräknade ekonomiska effekter covid-19
        belopp: -1 832
  - enhet: AM-UA
    namn: Intraprenaden Ung Arena
    ingående_resultat: 800
    budgetomslutning: 23 271
    ianspråktagande: 500
"""


def _computed(folder: Path) -> tuple[Workspace, Computed]:
    ws, diagnostics = read_workspace(folder)
    assert ws is not None, [d.format() for d in diagnostics]
    return ws, compute(ws)[0]


def test_example_with_two_intraprenader(example_copy: Path) -> None:
    organisation = example_copy / "organisation.yaml"
    text = organisation.read_text(encoding="utf-8")
    flagged = text.replace(
        "{kod: AM-UA, namn: Ung Arena}", "{kod: AM-UA, namn: Ung Arena, intraprenad: true}"
    )
    assert flagged != text
    organisation.write_text(flagged, encoding="utf-8")
    (example_copy / "intraprenader.yaml").write_text(TWO_INTRAPRENADER, encoding="utf-8")
    report, diagnostics = load_report(example_copy)
    assert report is not None, [d.format() for d in diagnostics]
    tables = _tables(report)

    appendix = tables["intraprenader-7-procent"]
    assert [r.id for r in appendix.rows] == ["KOMVUX", "AM-UA", "totalt"]
    # Ung Arena: bokfört = utfall −20 945 − budget −23 271 = 2 326; no adjustment, so
    # justerat 2 326; före regeln 800 − 500 + 2 326 = 2 626; tak 7 % × 23 271 = 1 628,97
    # → UB 1 628,97 (capped).
    assert _shown(appendix, "AM-UA") == [
        Decimal(800), Decimal(2326), None, Decimal(2326), Decimal(2626), Decimal(23271),
        Decimal(1629), Decimal(1629),
    ]  # fmt: skip
    # Totalt: IB 5 359 + 800 = 6 159; bokfört 4 884 + 2 326 = 7 210; covid −1 832 (Komvux
    # only); justerat 6 716 + 2 326 = 9 042; före 12 075 + 2 626 = 14 701; UB 10 128,72 +
    # 1 628,97 = 11 757,69.
    assert _shown(appendix, "totalt") == [
        Decimal(6159), Decimal(7210), Decimal(-1832), Decimal(9042), Decimal(14701), None, None,
        Decimal(11758),
    ]  # fmt: skip

    # Verksamhet Vuxenutbildning shows Komvux: its stated use 1 500 added to the net cost:
    # −139 812 + 1 500 = −138 312; avvikelse 4 884 + 1 500 = 6 384.
    vux = tables["vux"]
    assert _shown(vux, FORECAST_USE_ROW)[1:4] == [1500, 0, 1500]
    assert _shown(vux, ADJUSTED_ROW)[1:4] == [-138312, -144696, 6384]
    # Verksamhet Arbetsmarknad shows Ung Arena: no use stated, so the 500 drawn; the net cost
    # (whatever total the table shows) + 500, and its avvikelse + 500.
    am = tables["am"]
    netto = _shown(am, "netto")
    adjusted = _shown(am, ADJUSTED_ROW)
    assert _shown(am, FORECAST_USE_ROW)[1:4] == [500, 0, 500]
    before, outcome, budget, deviation = netto[:4]
    assert outcome is not None
    assert deviation is not None
    assert adjusted[:4] == [before, outcome + 500, budget, deviation + 500]  # 2019: no use

    # Referenced from a text like any row: the adjusted deviation 6 384 tkr.
    figures = Figures.of(*_computed(example_copy))
    assert render_reference("tabell.vux.justerad.avvikelse", figures) == "6\u00a0384\u00a0tkr"

    # The block under the nämnd's table: ianspråktagande −500; nya överskott 4 884 + 2 326
    # = 7 210; UB 5 359 + 800 − 500 + 7 210 = 12 869.
    accumulated = tables["ackumulerat-resultat"]
    assert _shown(accumulated, "ianspraktagande") == [-500]
    assert _shown(accumulated, "nya-overskott") == [7210]
    assert _shown(accumulated, "ub") == [12869]


def _only(report: ReportModel, table: Table) -> ReportModel:
    """The report with one section holding only ``table`` (no charts to draw)."""
    return replace(report, sections=(Section("ekonomi", "5", "Ekonomi", (table,)),))


def test_varav_rows_are_indented_in_every_format(example_report: ReportModel) -> None:
    table = _tables(example_report)["enheter"]
    report = _only(example_report, table)
    label = "varav Planeringsreserv"
    plain = next(r.label for r in table.rows if r.kind is ReportRowKind.ROW)

    # HTML: the row carries the class of its level, which the stylesheet indents.
    html = render_html(report)
    assert re.search(rf'<tr class="row-varav level-1">\s*<th scope="row">{label}<', html)
    assert not re.search(rf'<tr class="row-rad level-\d">\s*<th scope="row">{plain}<', html)

    # PDF (typst): the label is set in #indent(1).
    markup = pdf_table(table)
    assert re.search(rf"#indent\(1\)\[[^\]]*{label}", markup)
    assert not re.search(rf"#indent\(\d\)\[[^\]]*{plain}\]", markup)

    # Word: the label's paragraph has a left indent; a plain row's has none.
    document = Document(BytesIO(render_docx(report, ChartImages())))
    indents = {
        p.text: p.paragraph_format.left_indent
        for t in document.tables
        for row in t.rows
        for p in row.cells[0].paragraphs
    }
    assert (indents[label] or 0) > 0
    assert not indents[plain]

    # Excel: the label's cell is indented one step; a plain row's is not.
    workbook = load_workbook(BytesIO(render_xlsx(report)))
    cells = {
        c.value: c.alignment.indent
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str)
    }
    assert cells[label] == 1
    assert cells[plain] == 0
