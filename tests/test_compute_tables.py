"""Economic tables from facts: the cube's subtree sums, the row kinds and the derived columns.

Every expected figure is worked out by hand in a comment next to the assertion. Amounts are
written in tkr in the comments and stored in kronor (``tkr(n)``), as the model keeps them.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from uppsikt.compute.cube import build_cube, top_intraprenader
from uppsikt.compute.tables import (
    ComputedTable,
    change_percent,
    compute_table,
    effective_scenario,
    share_percent,
)
from uppsikt.model.dimensions import Dimension, Member
from uppsikt.model.economy import Fact, Scenario
from uppsikt.model.settings import ReportType
from uppsikt.model.tables import INTRAPRENADER, ColumnDef, ColumnKind, RowDef, RowKind, TableDef

YEAR = 2020
U, B, P = Scenario.OUTCOME, Scenario.BUDGET, Scenario.FORECAST
AB, DR = ReportType.ARSBERATTELSE, ReportType.DELARSRAPPORT


def tkr(value: int | str) -> Decimal:
    """An amount in tkr as kronor."""
    return Decimal(value) * 1000


def pct(value: Decimal | None) -> Decimal:
    """A percentage rounded to two decimals, for comparing with hand-worked figures."""
    assert value is not None
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def fact(code: str, year: int, scenario: Scenario, amount_tkr: int, **other: str) -> Fact:
    dimensions = tuple(sorted({"enhet": code, **other}.items()))
    return Fact(year, scenario, tkr(amount_tkr), dimensions)


# The organisation (enhet):
#
#   NAMND
#   ├─ FS                  facts booked on FS itself and on both leaves
#   │   ├─ FS-A
#   │   └─ FS-B
#   ├─ KOMVUX  (intraprenad)
#   │   ├─ SFI (intraprenad, nested in a flagged unit: never counted twice)
#   │   └─ GY
#   ├─ AM                  nothing booked on AM itself
#   │   └─ UA  (intraprenad)
#   ├─ PLANRES             only this year (no previous year)
#   └─ TOM                 no facts at all
ORGANISATION = Dimension(
    "enhet",
    "Enhet",
    (
        Member(
            "NAMND",
            "Nämnden",
            (
                Member("FS", "Förvaltningsstöd", (Member("FS-A", "A"), Member("FS-B", "B"))),
                Member(
                    "KOMVUX",
                    "Komvux",
                    (Member("SFI", "Sfi", intraprenad=True), Member("GY", "Gymnasial")),
                    intraprenad=True,
                ),
                Member("AM", "Arbetsmarknad", (Member("UA", "Ung Arena", intraprenad=True),)),
                Member("PLANRES", "Planeringsreserv"),
                Member("TOM", "Tom enhet"),
            ),
        ),
    ),
)

#               utfall 2020   budget 2020   utfall 2019
#   FS               −100          −110           −90
#   FS-A              −10           −12            −8
#   FS-B               −1            −1            −2
#   KOMVUX            −50           −60           −55
#   SFI               −20           −25           −18
#   GY                −30           −30           −30
#   UA                 −5            −4            −6
#   PLANRES            −7            −7             –
#
# Subtree sums:
#   FS      = −100 − 10 − 1 = −111    budget −110 − 12 − 1 = −123    2019 −90 − 8 − 2 = −100
#   KOMVUX  = −50 − 20 − 30 = −100    budget −60 − 25 − 30 = −115    2019 −55 − 18 − 30 = −103
#   AM      = UA = −5                 budget −4                      2019 −6
#   PLANRES = −7                      budget −7                      2019 0
#   NAMND   = −111 − 100 − 5 − 7 = −223   budget −123 − 115 − 4 − 7 = −249   2019 −209
BOOKED = {
    "FS": (-100, -110, -90),
    "FS-A": (-10, -12, -8),
    "FS-B": (-1, -1, -2),
    "KOMVUX": (-50, -60, -55),
    "SFI": (-20, -25, -18),
    "GY": (-30, -30, -30),
    "UA": (-5, -4, -6),
    "PLANRES": (-7, -7, None),
}


def facts() -> list[Fact]:
    found: list[Fact] = []
    for code, (utfall, budget, previous) in BOOKED.items():
        found.append(fact(code, YEAR, U, utfall))
        found.append(fact(code, YEAR, B, budget))
        if previous is not None:
            found.append(fact(code, YEAR - 1, U, previous))
    # A delårsrapport's forecast for FS: −115.
    found.append(fact("FS", YEAR, P, -115))
    # Another view of the economy: a fact without an enhet must not count in the enhet cube.
    found.append(Fact(YEAR, U, tkr(-999), (("kontogrupp", "PERSONAL"),)))
    return found


COLUMNS = (
    ColumnDef("utfall-fg", ColumnKind.AMOUNT, scenario=U, year_offset=-1),
    ColumnDef("utfall", ColumnKind.AMOUNT, scenario=U),
    ColumnDef("budget", ColumnKind.AMOUNT, scenario=B),
    ColumnDef("avvikelse", ColumnKind.DIFFERENCE, operands=("utfall", "budget")),
    ColumnDef("forandring", ColumnKind.CHANGE, operands=("utfall", "utfall-fg")),
    ColumnDef("forandring-procent", ColumnKind.CHANGE_PERCENT, operands=("utfall", "utfall-fg")),
    ColumnDef("andel", ColumnKind.SHARE, operands=("avvikelse", "budget")),
)

ROWS = (
    RowDef("rubrik", RowKind.HEADING, label="Verksamheter"),
    RowDef("FS", RowKind.MEMBER, members=("FS",)),
    RowDef("KOMVUX", RowKind.MEMBER, members=("KOMVUX",)),
    RowDef("SFI", RowKind.VARAV, members=("SFI",)),
    RowDef("AM", RowKind.MEMBER, members=("AM",)),
    RowDef("TOM", RowKind.MEMBER, members=("TOM",)),
    RowDef("tom-visad", RowKind.MEMBER, label="Tom men visad", members=("TOM",), keep_empty=True),
    RowDef("netto", RowKind.SUM, label="Nettokostnad"),
    RowDef("intra", RowKind.VARAV, members=(INTRAPRENADER,)),
    RowDef(
        "netto-exkl",
        RowKind.EXCLUDING,
        label="Nettokostnad exkl. intraprenader",
        operands=("netto", "intra"),
    ),
    RowDef("PLANRES", RowKind.MEMBER, members=("PLANRES",)),
    RowDef("ovrigt", RowKind.SUM, label="Övrigt"),
    RowDef("totalt", RowKind.SUM, label="Totalt", operands=("netto", "ovrigt")),
)

TABLE = TableDef("enheter", "Driftredovisning per enhet", "enhet", ROWS, COLUMNS)


def computed(report_type: ReportType = AB) -> ComputedTable:
    return compute_table(TABLE, build_cube(ORGANISATION, facts()), YEAR, report_type)


def row_values(table: ComputedTable, row_id: str) -> dict[str, Decimal | None]:
    columns = [c.id for c in table.definition.columns]
    row = next(r for r in table.rows if r.definition.id == row_id)
    return dict(zip(columns, row.values, strict=True))


# --- the cube ------------------------------------------------------------------------------


def test_amount_is_the_sum_over_the_subtree_at_any_depth() -> None:
    cube = build_cube(ORGANISATION, facts())
    # FS: booked on FS itself −100 and on its leaves −10 and −1.
    assert cube.amount(["FS"], YEAR, U) == tkr(-111)
    # A leaf is only itself.
    assert cube.amount(["FS-A"], YEAR, U) == tkr(-10)
    # Two levels down: NAMND ⊃ AM ⊃ UA; nothing booked on AM or NAMND directly.
    assert cube.amount(["AM"], YEAR, U) == tkr(-5)
    # The root: −111 − 100 − 5 − 7 = −223 (the kontogrupp-only fact −999 is not included).
    assert cube.amount(["NAMND"], YEAR, U) == tkr(-223)


def test_amount_sums_several_codes_and_separates_years_and_scenarios() -> None:
    cube = build_cube(ORGANISATION, facts())
    # FS + PLANRES = −111 − 7 = −118.
    assert cube.amount(["FS", "PLANRES"], YEAR, U) == tkr(-118)
    # FS budget: −110 − 12 − 1 = −123; FS 2019: −90 − 8 − 2 = −100; FS prognos −115.
    assert cube.amount(["FS"], YEAR, B) == tkr(-123)
    assert cube.amount(["FS"], YEAR - 1, U) == tkr(-100)
    assert cube.amount(["FS"], YEAR, P) == tkr(-115)
    # No facts: zero, whether the code has other facts, none at all, or does not exist.
    assert cube.amount(["PLANRES"], YEAR - 1, U) == 0
    assert cube.amount(["TOM"], YEAR, U) == 0
    assert cube.amount(["FINNS-INTE"], YEAR, U) == 0
    assert cube.amount([], YEAR, U) == 0


def test_has_data() -> None:
    cube = build_cube(ORGANISATION, facts())
    assert cube.has_data(["FS"])
    assert cube.has_data(["AM"])  # only through its child UA
    assert cube.has_data(["TOM", "PLANRES"])  # any of the codes
    assert not cube.has_data(["TOM"])
    assert not cube.has_data(["FINNS-INTE"])
    assert not cube.has_data([])


def test_total_sums_the_roots() -> None:
    # kontogrupp with two roots: intäkter 40 + 5 = 45 and kostnader −100 → total −55.
    kontogrupp = Dimension(
        "kontogrupp",
        "Kontogrupp",
        (
            Member("INT", "Intäkter", (Member("BIDRAG", "Bidrag"),)),
            Member("KOST", "Kostnader", (Member("PERSONAL", "Personal"),)),
        ),
    )
    cube = build_cube(
        kontogrupp,
        [
            Fact(YEAR, U, tkr(40), (("kontogrupp", "INT"),)),
            Fact(YEAR, U, tkr(5), (("enhet", "FS"), ("kontogrupp", "BIDRAG"))),
            Fact(YEAR, U, tkr(-100), (("kontogrupp", "PERSONAL"),)),
            Fact(YEAR, U, tkr(-7), (("enhet", "FS"),)),  # no kontogrupp: ignored
        ],
    )
    assert cube.amount(["INT"], YEAR, U) == tkr(45)
    assert cube.total(YEAR, U) == tkr(-55)
    assert cube.total(YEAR, B) == 0


def test_facts_without_the_dimension_are_ignored() -> None:
    # Only the −999 fact on kontogrupp PERSONAL lacks an enhet; NAMND stays −223.
    cube = build_cube(ORGANISATION, facts())
    assert cube.total(YEAR, U) == tkr(-223)
    assert build_cube(ORGANISATION, [Fact(YEAR, U, tkr(1), (("kontogrupp", "X"),))]).sums == {}


def test_top_intraprenader_skips_nested_flags() -> None:
    # KOMVUX and UA are flagged with no flagged ancestor; SFI lies inside KOMVUX.
    assert top_intraprenader(ORGANISATION) == ("KOMVUX", "UA")
    assert top_intraprenader(Dimension("enhet", "Enhet", (Member("X", "X"),))) == ()


# --- derived figures ----------------------------------------------------------------------


def test_change_percent_on_signed_figures() -> None:
    # A cost growing from −8 275 to −8 596: (−8 596 + 8 275) / −8 275 = −321 / −8 275 = +3,879 %.
    assert pct(change_percent(tkr(-8596), tkr(-8275))) == Decimal("3.88")
    # A cost that disappears: (0 + 6 834) / −6 834 = −100 %.
    assert change_percent(Decimal(0), tkr(-6834)) == -100
    # Income growing from 200 to 250: 50 / 200 = +25 %.
    assert change_percent(tkr(250), tkr(200)) == 25
    # Nothing to compare with: no value.
    assert change_percent(tkr(5), Decimal(0)) is None


def test_share_percent_of_the_absolute_whole() -> None:
    # avvikelse −50 of budget −200: −50 / |−200| = −25 %.
    assert share_percent(tkr(-50), tkr(-200)) == -25
    # avvikelse +50 of budget −200: +25 % (the sign follows the part).
    assert share_percent(tkr(50), tkr(-200)) == 25
    # 1 of 3: 33,33 %.
    assert pct(share_percent(Decimal(1), Decimal(3))) == Decimal("33.33")
    assert share_percent(tkr(1), Decimal(0)) is None


def test_effective_scenario() -> None:
    utfall = ColumnDef("utfall", ColumnKind.AMOUNT, scenario=U)
    utfall_fg = ColumnDef("utfall-fg", ColumnKind.AMOUNT, scenario=U, year_offset=-1)
    budget = ColumnDef("budget", ColumnKind.AMOUNT, scenario=B)
    derived = ColumnDef("avvikelse", ColumnKind.DIFFERENCE, operands=("utfall", "budget"))
    # In a delårsrapport only this year's utfall becomes prognos.
    assert effective_scenario(utfall, DR) is P
    assert effective_scenario(utfall_fg, DR) is U
    assert effective_scenario(budget, DR) is B
    assert effective_scenario(derived, DR) is None
    # In an årsberättelse nothing changes.
    assert effective_scenario(utfall, AB) is U
    assert effective_scenario(derived, AB) is None


# --- compute_table ------------------------------------------------------------------------


def test_member_row_amounts_and_derived_columns() -> None:
    fs = row_values(computed(), "FS")
    # FS: utfall −111, budget −123, 2019 −100.
    assert fs["utfall-fg"] == tkr(-100)
    assert fs["utfall"] == tkr(-111)
    assert fs["budget"] == tkr(-123)
    # avvikelse = utfall − budget = −111 + 123 = +12.
    assert fs["avvikelse"] == tkr(12)
    # förändring = new − old = −111 + 100 = −11.
    assert fs["forandring"] == tkr(-11)
    # förändring % = −11 / −100 = +11 %.
    assert fs["forandring-procent"] == 11
    # andel = avvikelse / |budget| = 12 / 123 = 9,756 %.
    assert pct(fs["andel"]) == Decimal("9.76")


def test_change_percent_column_for_a_cost_that_grows() -> None:
    # One unit: −8 275 in 2019, −8 596 in 2020 → (−8 596 + 8 275) / −8 275 = +3,88 %.
    dimension = Dimension("enhet", "Enhet", (Member("X", "X"),))
    cube = build_cube(dimension, [fact("X", YEAR - 1, U, -8275), fact("X", YEAR, U, -8596)])
    table = TableDef("t", "T", "enhet", (RowDef("X", RowKind.MEMBER, members=("X",)),), COLUMNS)
    result = compute_table(table, cube, YEAR, AB)
    assert result.cell("X", "forandring") == tkr(-321)
    assert pct(result.cell("X", "forandring-procent")) == Decimal("3.88")


def test_row_without_this_year_and_row_without_previous_year() -> None:
    table = computed()
    # AM has 2019 −6 and 2020 −5: förändring % = (−5 + 6) / −6 = −16,67 %.
    assert pct(table.cell("AM", "forandring-procent")) == Decimal("-16.67")
    # PLANRES has no 2019: old 0 → no förändring %; förändring −7 − 0 = −7.
    assert table.cell("PLANRES", "forandring-procent") is None
    assert table.cell("PLANRES", "forandring") == tkr(-7)
    # PLANRES: avvikelse −7 + 7 = 0; andel 0 / 7 = 0 %.
    assert table.cell("PLANRES", "avvikelse") == 0
    assert table.cell("PLANRES", "andel") == 0


def test_sum_row_sums_member_rows_since_previous_sum_and_not_varav() -> None:
    netto = row_values(computed(), "netto")
    # FS + KOMVUX + AM (+ the empty kept TOM row, 0); varav SFI is not added:
    #   utfall −111 − 100 − 5 = −216; budget −123 − 115 − 4 = −242; 2019 −100 − 103 − 6 = −209.
    assert netto["utfall"] == tkr(-216)
    assert netto["budget"] == tkr(-242)
    assert netto["utfall-fg"] == tkr(-209)
    # Derived columns recomputed on the sums, not summed:
    #   avvikelse −216 + 242 = +26; förändring −216 + 209 = −7;
    #   förändring % −7 / −209 = +3,35 %; andel 26 / 242 = 10,74 %.
    assert netto["avvikelse"] == tkr(26)
    assert netto["forandring"] == tkr(-7)
    assert pct(netto["forandring-procent"]) == Decimal("3.35")
    assert pct(netto["andel"]) == Decimal("10.74")


def test_second_sum_row_starts_after_the_previous_sum() -> None:
    table = computed()
    # Between 'netto' and 'ovrigt' stand varav intra, exkl netto-exkl and PLANRES; only the
    # member row PLANRES counts: −7.
    assert table.cell("ovrigt", "utfall") == tkr(-7)
    assert table.cell("ovrigt", "budget") == tkr(-7)


def test_sum_row_with_explicit_operands() -> None:
    table = computed()
    cube = build_cube(ORGANISATION, facts())
    # totalt = netto + ovrigt = −216 − 7 = −223 = the whole organisation.
    assert table.cell("totalt", "utfall") == tkr(-223) == cube.total(YEAR, U)
    # budget −242 − 7 = −249; avvikelse −223 + 249 = +26.
    assert table.cell("totalt", "budget") == tkr(-249)
    assert table.cell("totalt", "avvikelse") == tkr(26)


def test_intraprenader_keyword_sums_top_flagged_units_only() -> None:
    intra = row_values(computed(), "intra")
    # KOMVUX (which contains SFI) + UA: utfall −100 − 5 = −105, not −125 (SFI twice);
    # budget −115 − 4 = −119; 2019 −103 − 6 = −109; avvikelse −105 + 119 = +14.
    assert intra["utfall"] == tkr(-105)
    assert intra["budget"] == tkr(-119)
    assert intra["utfall-fg"] == tkr(-109)
    assert intra["avvikelse"] == tkr(14)


def test_excluding_row_is_first_minus_the_rest() -> None:
    exkl = row_values(computed(), "netto-exkl")
    # netto − intra: utfall −216 + 105 = −111; budget −242 + 119 = −123; 2019 −209 + 109 = −100.
    assert exkl["utfall"] == tkr(-111)
    assert exkl["budget"] == tkr(-123)
    assert exkl["utfall-fg"] == tkr(-100)
    # avvikelse −111 + 123 = +12 (= netto's 26 − intra's 14).
    assert exkl["avvikelse"] == tkr(12)
    # förändring % (−111 + 100) / −100 = +11 %.
    assert exkl["forandring-procent"] == 11


def test_rows_without_data_are_dropped_unless_kept() -> None:
    table = computed()
    ids = [r.definition.id for r in table.rows]
    # TOM has no facts: dropped; the same member with keep_empty is shown with zeros.
    assert "TOM" not in ids
    assert "tom-visad" in ids
    kept = row_values(table, "tom-visad")
    assert kept["utfall"] == kept["budget"] == kept["avvikelse"] == 0
    # Zero old and zero whole: no percentages.
    assert kept["forandring-procent"] is None
    assert kept["andel"] is None
    assert ids == [
        "rubrik",
        "FS",
        "KOMVUX",
        "SFI",
        "AM",
        "tom-visad",
        "netto",
        "intra",
        "netto-exkl",
        "PLANRES",
        "ovrigt",
        "totalt",
    ]


def test_labels() -> None:
    labels = {r.definition.id: r.label for r in computed().rows}
    assert labels["rubrik"] == "Verksamheter"
    assert labels["FS"] == "Förvaltningsstöd"  # the member's name
    assert labels["SFI"] == "varav Sfi"
    assert labels["intra"] == "varav intraprenader"
    assert labels["tom-visad"] == "Tom men visad"  # an explicit label wins
    assert labels["netto"] == "Nettokostnad"


def test_heading_row_has_no_values() -> None:
    heading = computed().rows[0]
    assert heading.definition.kind is RowKind.HEADING
    assert heading.values == ()


def test_delarsrapport_reads_prognos_in_this_years_utfall_column() -> None:
    annual = computed(AB)
    interim = computed(DR)
    # FS utfall 2020 −111, prognos 2020 −115; 2019 stays utfall −100 in both.
    assert annual.cell("FS", "utfall") == tkr(-111)
    assert interim.cell("FS", "utfall") == tkr(-115)
    assert interim.cell("FS", "utfall-fg") == tkr(-100)
    # avvikelse against budget: −115 + 123 = +8.
    assert interim.cell("FS", "avvikelse") == tkr(8)
    # KOMVUX has no prognos: 0 in the interim report, but the row stays (it has data).
    assert interim.cell("KOMVUX", "utfall") == 0


def test_cell_and_has_cell() -> None:
    table = computed()
    assert table.cell("netto", "avvikelse") == tkr(26)
    assert table.has_cell("netto", "avvikelse")
    # A dropped row, an unknown row and an unknown column do not exist.
    for row_id, column_id in [("TOM", "utfall"), ("saknas", "utfall"), ("netto", "saknas")]:
        assert not table.has_cell(row_id, column_id)
        with pytest.raises(KeyError):
            table.cell(row_id, column_id)


def test_cell_of_a_heading_row_has_no_value() -> None:
    table = computed()
    assert not table.has_cell("rubrik", "utfall")
    with pytest.raises(KeyError):
        table.cell("rubrik", "utfall")
