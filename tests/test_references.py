"""Live references in narrative text: lookup, filters, formatting and errors with their line.

Amounts are written in tkr in the comments and stored in kronor (``tkr(n)``).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from uppsikt.compute.cube import build_cube
from uppsikt.compute.indicators import ValueKey
from uppsikt.compute.intraprenad import apply_seven_percent_rule
from uppsikt.compute.references import Figures, ReferenceError, render_reference, resolve_references
from uppsikt.compute.tables import compute_table
from uppsikt.located.diagnostics import Severity
from uppsikt.model.dimensions import Dimension, Member
from uppsikt.model.economy import Fact, Scenario
from uppsikt.model.indicators import TOTAL, Better, Breakdown, Indicator, IndicatorValue
from uppsikt.model.intraprenad import Adjustment, Intraprenad
from uppsikt.model.settings import ReportType
from uppsikt.model.tables import ColumnDef, ColumnKind, RowDef, RowKind, TableDef

YEAR = 2020
U, B = Scenario.OUTCOME, Scenario.BUDGET
NB = "\u00a0"
MINUS = "\u2212"


def tkr(value: int | str) -> Decimal:
    return Decimal(value) * 1000


def fact(code: str, year: int, scenario: Scenario, amount_tkr: int) -> Fact:
    return Fact(year, scenario, tkr(amount_tkr), (("enhet", code),))


# NAMND ─┬─ FS ── NY      (NY is new this year: no 2019)
#        └─ KOMVUX (intraprenad)
#
#            utfall 2019   utfall 2020   budget 2020
#   FS          −380 000      −393 000      −403 000   (booked on FS itself)
#   NY                 –        −2 000        −2 000
#   KOMVUX      −140 000      −134 674      −135 000
#
# FS subtree: utfall −395 000, budget −405 000, avvikelse +10 000.
# netto = FS + KOMVUX: utfall −529 674, budget −540 000, 2019 −520 000;
#   avvikelse −529 674 + 540 000 = +10 326;
#   förändring % (−529 674 + 520 000) / −520 000 = −9 674 / −520 000 = +1,860 %;
#   andel 10 326 / |−540 000| = +1,912 %.
ORGANISATION = Dimension(
    "enhet",
    "Enhet",
    (
        Member(
            "NAMND",
            "Nämnden",
            (
                Member("FS", "Förvaltningsstöd", (Member("NY", "Ny enhet"),)),
                Member("KOMVUX", "Komvux", intraprenad=True),
            ),
        ),
    ),
)
FACTS = [
    fact("FS", YEAR - 1, U, -380000),
    fact("FS", YEAR, U, -393000),
    fact("FS", YEAR, B, -403000),
    fact("NY", YEAR, U, -2000),
    fact("NY", YEAR, B, -2000),
    fact("KOMVUX", YEAR - 1, U, -140000),
    fact("KOMVUX", YEAR, U, -134674),
    fact("KOMVUX", YEAR, B, -135000),
]
TABLE = TableDef(
    "enheter",
    "Driftredovisning",
    "enhet",
    (
        RowDef("rubrik", RowKind.HEADING, label="Verksamheter"),
        RowDef("FS", RowKind.MEMBER, members=("FS",)),
        RowDef("NY", RowKind.VARAV, members=("NY",)),
        RowDef("KOMVUX", RowKind.MEMBER, members=("KOMVUX",)),
        RowDef("netto", RowKind.SUM, label="Nettokostnad"),
    ),
    (
        ColumnDef("utfall-fg", ColumnKind.AMOUNT, scenario=U, year_offset=-1),
        ColumnDef("utfall", ColumnKind.AMOUNT, scenario=U),
        ColumnDef("budget", ColumnKind.AMOUNT, scenario=B),
        ColumnDef("avvikelse", ColumnKind.DIFFERENCE, operands=("utfall", "budget")),
        ColumnDef(
            "forandring-procent", ColumnKind.CHANGE_PERCENT, operands=("utfall", "utfall-fg")
        ),
        ColumnDef("andel", ColumnKind.SHARE, operands=("avvikelse", "budget")),
    ),
)

INDICATORS = (
    Indicator(
        "betyg",
        "Andel elever med minst betyg E",
        "procent",
        1,
        Better.HIGHER,
        breakdowns=(Breakdown("K", "Kvinnor"), Breakdown("M", "Män")),
    ),
    Indicator(
        "elever",
        "Antal elever",
        "antal",
        0,
        Better.NEITHER,
        breakdowns=(Breakdown("andel-k", "Andel kvinnor", unit="procent", decimals=1),),
    ),
    Indicator("ramavvikelse", "Nämndens ramavvikelse", "mnkr", 1, Better.HIGHER, signed=True),
    Indicator("tid", "Genomsnittlig tid i insats", "månader", 1, Better.LOWER),
    Indicator("index", "Nöjd medborgar-index", "index", 0, Better.HIGHER),
)

VALUES = (
    IndicatorValue("betyg", TOTAL, YEAR, Decimal("29.5")),
    IndicatorValue("betyg", TOTAL, YEAR - 1, Decimal("27")),
    IndicatorValue("betyg", "K", YEAR, Decimal("31.25")),
    IndicatorValue("betyg", "M", YEAR, None),
    IndicatorValue("elever", TOTAL, YEAR, Decimal("1234")),
    IndicatorValue("elever", "andel-k", YEAR, Decimal("52.35")),
    IndicatorValue("ramavvikelse", TOTAL, YEAR, Decimal("10.326")),
    IndicatorValue("ramavvikelse", TOTAL, YEAR - 1, Decimal("-1.25")),
    IndicatorValue("tid", TOTAL, YEAR, Decimal("6.2")),
    IndicatorValue("index", TOTAL, YEAR, Decimal("71")),
)

# Örebro VAN 2020: IB 5 359, bokfört 4 884, covid −1 832, budgetomslutning 144 696
# → justerat 6 716, före regeln 12 075, tak 10 128,72, UB 10 128,72.
KOMVUX = Intraprenad(
    unit="KOMVUX",
    name="Intraprenaden Komvux",
    opening_result=tkr(5359),
    budget_turnover=tkr(144696),
    adjustments=(Adjustment("Beräknade ekonomiska effekter covid-19", tkr(-1832)),),
)


def figures() -> Figures:
    table = compute_table(TABLE, build_cube(ORGANISATION, FACTS), YEAR, ReportType.ARSBERATTELSE)
    values: dict[ValueKey, IndicatorValue] = {(v.indicator, v.breakdown, v.year): v for v in VALUES}
    return Figures(
        tables={"enheter": table},
        values=values,
        indicators={i.id: i for i in INDICATORS},
        intraprenader={"KOMVUX": apply_seven_percent_rule(KOMVUX, tkr(4884))},
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Amounts in tkr by default: 10 326 000 kr → "10 326 tkr", no-break spaces throughout.
        (" tabell.enheter.netto.avvikelse ", f"10{NB}326{NB}tkr"),
        ("tabell.enheter.netto.avvikelse | tkr", f"10{NB}326{NB}tkr"),
        # mnkr with one decimal: 10,326 → 10,3; mnkr:0 → 10.
        ("tabell.enheter.netto.avvikelse | mnkr", f"10,3{NB}mnkr"),
        ("tabell.enheter.netto.avvikelse | mnkr:0", f"10{NB}mnkr"),
        ("tabell.enheter.netto.avvikelse | mnkr | tecken", f"+10,3{NB}mnkr"),
        ("tabell.enheter.netto.avvikelse | tecken | mnkr", f"+10,3{NB}mnkr"),
        ("tabell.enheter.netto.avvikelse | tkr | tecken", f"+10{NB}326{NB}tkr"),
        # decimaler:N, before or after the scale: 10,326 mnkr → 10,33; 10 326 tkr → 10 326,0.
        ("tabell.enheter.netto.avvikelse | mnkr | decimaler:2", f"10,33{NB}mnkr"),
        ("tabell.enheter.netto.avvikelse | decimaler:2 | mnkr", f"10,33{NB}mnkr"),
        ("tabell.enheter.netto.avvikelse | decimaler:1", f"10{NB}326,0{NB}tkr"),
        ("tabell.enheter.netto.avvikelse | utan-enhet", f"10{NB}326"),
        ("tabell.enheter.netto.avvikelse | mnkr | utan-enhet", "10,3"),
        # Negative amounts with U+2212; abs drops the sign: utfall −529 674.
        ("tabell.enheter.netto.utfall", f"{MINUS}529{NB}674{NB}tkr"),
        ("tabell.enheter.netto.utfall | mnkr", f"{MINUS}529,7{NB}mnkr"),
        ("tabell.enheter.netto.utfall | abs", f"529{NB}674{NB}tkr"),
        ("tabell.enheter.netto.utfall | abs | tecken | mnkr", f"+529,7{NB}mnkr"),
        ("tabell.enheter.netto.utfall | tecken", f"{MINUS}529{NB}674{NB}tkr"),
        # A member row and a varav row: FS avvikelse +10 000; NY utfall −2 000.
        ("tabell.enheter.FS.avvikelse", f"10{NB}000{NB}tkr"),
        ("tabell.enheter.NY.utfall", f"{MINUS}2{NB}000{NB}tkr"),
        # Percent columns: förändring % +1,860 %; no scale applies.
        ("tabell.enheter.netto.forandring-procent", f"2{NB}%"),
        ("tabell.enheter.netto.forandring-procent | tecken", f"+2{NB}%"),
        ("tabell.enheter.netto.forandring-procent | decimaler:1 | tecken", f"+1,9{NB}%"),
        ("tabell.enheter.netto.forandring-procent | mnkr | decimaler:1", f"1,9{NB}%"),
        ("tabell.enheter.netto.forandring-procent | decimaler:1 | utan-enhet", "1,9"),
        ("tabell.enheter.netto.andel | decimaler:2", f"1,91{NB}%"),
    ],
)
def test_table_references(body: str, expected: str) -> None:
    assert render_reference(body, figures()) == expected


def test_share_reference_uses_the_columns_decimals() -> None:
    # andel 10 326 / 540 000 = 1,912 %, shown in the table with one decimal.
    assert TABLE.columns[5].shown_decimals == 1
    body = "tabell.enheter.netto.andel | tecken"
    assert render_reference(body, figures()) == f"+1,9{NB}%"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # procent with the indicator's one decimal: "29,5 %".
        ("indikator.betyg.2020", f"29,5{NB}%"),
        ("indikator.betyg.2019", f"27,0{NB}%"),
        ("indikator.betyg.2020 | utan-enhet", "29,5"),
        ("indikator.betyg.2020 | decimaler:0", f"30{NB}%"),  # 29,5 rounds half up
        # A breakdown: 31,25 → 31,3 (half up).
        ("indikator.betyg.2020.K", f"31,3{NB}%"),
        # antal has no unit suffix; its breakdown has its own unit and decimals: 52,35 → 52,4 %.
        ("indikator.elever.2020", f"1{NB}234"),
        ("indikator.elever.2020.andel-k", f"52,4{NB}%"),
        # mnkr: 10,326 → 10,3 mnkr; −1,25 → −1,3 mnkr (half away from zero).
        ("indikator.ramavvikelse.2020", f"10,3{NB}mnkr"),
        ("indikator.ramavvikelse.2020 | tecken", f"+10,3{NB}mnkr"),
        ("indikator.ramavvikelse.2019", f"{MINUS}1,3{NB}mnkr"),
        ("indikator.ramavvikelse.2019 | abs", f"1,3{NB}mnkr"),
        ("indikator.tid.2020", f"6,2{NB}månader"),
        ("indikator.tid.2020 | utan-enhet", "6,2"),
        ("indikator.index.2020", "71"),
    ],
)
def test_indicator_references(body: str, expected: str) -> None:
    assert render_reference(body, figures()) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("intraprenad.KOMVUX.ib", f"5{NB}359{NB}tkr"),
        ("intraprenad.KOMVUX.bokfört", f"4{NB}884{NB}tkr"),
        ("intraprenad.KOMVUX.justerat", f"6{NB}716{NB}tkr"),
        ("intraprenad.KOMVUX.före-regeln", f"12{NB}075{NB}tkr"),
        # tak and UB 10 128,72 tkr, published rounded as 10 129.
        ("intraprenad.KOMVUX.tak", f"10{NB}129{NB}tkr"),
        ("intraprenad.KOMVUX.ub", f"10{NB}129{NB}tkr"),
        ("intraprenad.KOMVUX.ub | decimaler:2", f"10{NB}128,72{NB}tkr"),
        ("intraprenad.KOMVUX.ub | mnkr", f"10,1{NB}mnkr"),
    ],
)
def test_intraprenad_references(body: str, expected: str) -> None:
    assert render_reference(body, figures()) == expected


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("tabell.saknas.netto.avvikelse", "tabellen «saknas» finns inte"),
        ("tabell.enheter.saknas.avvikelse", "ingen rad «saknas» med kolumn «avvikelse»"),
        ("tabell.enheter.netto.saknas", "ingen rad «netto» med kolumn «saknas»"),
        # A row dropped for want of data does not exist either; NY's förändring % has no value
        # (no 2019 figure).
        ("tabell.enheter.NY.forandring-procent", "saknar värde"),
        ("indikator.saknas.2020", "indikatorn «saknas» finns inte"),
        ("indikator.betyg.i-fjol", "«i-fjol» är inget år"),
        ("indikator.betyg.2015", "har inget värde för 2015 (tot)"),
        ("indikator.betyg.2020.X", "har inget värde för 2020 (X)"),
        ("indikator.betyg.2020.M", "har inget värde för 2020 (M)"),  # a missing value
        ("intraprenad.SAKNAS.ub", "intraprenaden «SAKNAS» finns inte"),
        ("intraprenad.KOMVUX.saknas", "okänt fält «saknas»"),
        ("tabell.enheter.netto.avvikelse | kronor", "okänt filter «kronor»"),
        ("tabell.enheter.netto.avvikelse | decimaler:x", "okänt filter «decimaler:x»"),
        ("tabell.enheter.netto.avvikelse | decimaler", "okänt filter «decimaler»"),
        ("tabell.enheter.netto", "okänd form"),
        ("tabell.enheter.netto.avvikelse.mer", "okänd form"),
        ("indikator.betyg", "okänd form"),
        ("intraprenad.KOMVUX", "okänd form"),
        ("okänt.a.b", "okänd form"),
        ("", "okänd form"),
    ],
)
def test_unresolvable_reference_raises(body: str, message: str) -> None:
    with pytest.raises(ReferenceError, match=re.escape(message)):
        render_reference(body, figures())


def test_resolve_replaces_every_reference() -> None:
    text = (
        "Avvikelsen är {{ tabell.enheter.netto.avvikelse | mnkr | tecken }}, och "
        "{{indikator.betyg.2020}} når målet."
    )
    resolved, diagnostics = resolve_references(text, figures(), "text/ekonomi.md", 1)
    assert resolved == f"Avvikelsen är +10,3{NB}mnkr, och 29,5{NB}% når målet."
    assert diagnostics == []


@pytest.mark.parametrize(
    "text", ["", "Ingen referens här.\n\nTvå stycken.", "En { klammer } och {x}", "{{x}"]
)
def test_text_without_references_is_unchanged(text: str) -> None:
    resolved, diagnostics = resolve_references(text, figures(), "text/a.md", 1)
    assert resolved == text
    assert diagnostics == []


def test_empty_reference_is_an_error() -> None:
    resolved, diagnostics = resolve_references("Tom {{ }} här", figures(), "text/a.md", 1)
    assert resolved == "Tom {{ }} här"
    assert [d.code for d in diagnostics] == ["UPP310"]
    assert "okänd form" in diagnostics[0].message


def test_errors_are_diagnostics_with_their_line() -> None:
    # first_line 10; the references stand after 1 and 3 newlines: lines 11 and 13. The good
    # reference on line 12 is still replaced; the bad ones are left as written.
    text = (
        "Rad ett.\n"
        "Rad två {{ tabell.saknas.netto.avvikelse }}.\n"
        "Rad tre {{ tabell.enheter.netto.avvikelse }}.\n"
        "Rad fyra {{ indikator.betyg.2020 | kronor }}."
    )
    resolved, diagnostics = resolve_references(text, figures(), "text/ekonomi.md", 10)
    assert resolved == (
        "Rad ett.\n"
        "Rad två {{ tabell.saknas.netto.avvikelse }}.\n"
        f"Rad tre 10{NB}326{NB}tkr.\n"
        "Rad fyra {{ indikator.betyg.2020 | kronor }}."
    )
    assert [d.code for d in diagnostics] == ["UPP310", "UPP310"]
    assert [d.severity for d in diagnostics] == [Severity.ERROR, Severity.ERROR]
    assert [d.location.file for d in diagnostics] == ["text/ekonomi.md", "text/ekonomi.md"]
    assert [d.location.line for d in diagnostics] == [11, 13]
    assert "{{ tabell.saknas.netto.avvikelse }}" in diagnostics[0].message
    assert "tabellen «saknas» finns inte" in diagnostics[0].message
    assert "okänt filter «kronor»" in diagnostics[1].message


def test_two_errors_on_one_line_and_no_first_line() -> None:
    text = "A\n{{ tabell.x.y.z }} och {{ indikator.x.2020 }}"
    _, diagnostics = resolve_references(text, figures(), "mal.yaml", 5)
    assert [d.location.line for d in diagnostics] == [6, 6]
    # Without a first line (e.g. text from a YAML value) the location has only the file.
    _, diagnostics = resolve_references(text, figures(), "mal.yaml", None)
    assert [d.location.line for d in diagnostics] == [None, None]
    assert [d.location.file for d in diagnostics] == ["mal.yaml", "mal.yaml"]


def test_reference_to_a_heading_row_is_a_diagnostic() -> None:
    text = "Se {{ tabell.enheter.rubrik.utfall }}."
    resolved, diagnostics = resolve_references(text, figures(), "text/ekonomi.md", 1)
    assert resolved == text
    assert [d.code for d in diagnostics] == ["UPP310"]
