"""A small, hand-built report model for the renderer tests.

It holds one of everything a renderer must handle: narrative, an economic table with every row
kind that table has, an indicator table with assessments, observations, the observation
summary and goals.
"""

from __future__ import annotations

from decimal import Decimal

from uppsikt.model.assessment import Assessment
from uppsikt.model.goals import Stance
from uppsikt.reports.build.markdown import parse
from uppsikt.reports.build.notes import numbered_notes
from uppsikt.reports.model import (
    Cell,
    Column,
    CommitmentView,
    DirectionView,
    Footnote,
    Goals,
    GoalView,
    Meta,
    Observations,
    ObservationSummary,
    ReportModel,
    Row,
    RowKind,
    Section,
    Table,
    Text,
)

SCRIPT_LABEL = "Övrigt <script>alert(1)</script>"
MISSING_REASON = "Uppgiften redovisas inte för 2020"


def _tkr(value: str) -> Cell:
    return Cell(Decimal(value))


def economic_table() -> Table:
    """Driftredovisning: rad, varav, summa and exkl rows, in tkr, with a percent column."""
    columns = (
        Column("budget", "Budget 2020", "tkr"),
        Column("utfall", "Utfall 2020", "tkr"),
        Column("avvikelse", "Avvikelse", "tkr"),
        Column("andel", "Andel av budget", "procent"),
    )
    rows = (
        Row(
            "intakter",
            "Intäkter",
            (
                _tkr("45210"),
                _tkr("48120.6"),
                Cell(Decimal("2910.6"), signed=True),
                Cell(Decimal("106.44"), decimals=1, percent=True),
            ),
            notes=(1,),
        ),
        Row(
            "kostnader",
            "Kostnader",
            (
                _tkr("-55000"),
                _tkr("-58446.9"),
                Cell(Decimal("3.4"), decimals=1, signed=True),
                Cell(Decimal("29.5"), decimals=1, percent=True),
            ),
        ),
        Row(
            "personal",
            "varav personalkostnader",
            (
                _tkr("-30000"),
                Cell(Decimal("80"), approximate=True),
                Cell(None, missing=MISSING_REASON),
                Cell(None),
            ),
            kind=RowKind.PART,
        ),
        Row(
            "ovrigt",
            SCRIPT_LABEL,
            (_tkr("-0"), _tkr("-0.2"), Cell(None), Cell(None, notes=(2,))),
        ),
        Row(
            "netto",
            "Nettokostnad",
            (_tkr("-9790"), _tkr("-10326.4"), Cell(Decimal("-536.4")), Cell(None)),
            kind=RowKind.TOTAL,
        ),
        Row(
            "netto-exkl",
            "Nettokostnad exkl. intraprenader",
            (_tkr("-8000"), _tkr("-8500"), _tkr("-500"), Cell(None)),
            kind=RowKind.EXCLUDING,
        ),
    )
    return Table(
        id="driftredovisning",
        caption="Driftredovisning",
        row_header="Verksamhet",
        columns=columns,
        rows=rows,
        footnotes=(
            Footnote(1, "Inklusive statsbidrag."),
            Footnote(2, "Andelen beräknas inte för små belopp."),
        ),
        unit_note="Belopp i tkr.",
        comment=parse("Nämnden redovisar ett **underskott**."),
    )


def indicator_table() -> Table:
    """Indicators with a heading row, breakdowns, per-row units and assessments."""
    columns = (
        Column("y2019", "2019", ""),
        Column("y2020", "2020", ""),
        Column("mal", "Målvärde", ""),
    )
    rows = (
        Row("utbildning", "Utbildning", (), kind=RowKind.HEADING),
        Row(
            "godkanda",
            "Andel godkända kurser",
            (
                Cell(Decimal("81.2"), decimals=1, percent=True),
                Cell(Decimal("83.75"), decimals=1, percent=True),
                Cell(None, text="Öka"),
            ),
            assessment=Assessment.MET,
        ),
        Row(
            "godkanda-kvinnor",
            "Kvinnor",
            (
                Cell(Decimal("84"), percent=True),
                Cell(Decimal("86"), percent=True),
                Cell(None),
            ),
            kind=RowKind.BREAKDOWN,
            level=1,
        ),
        Row(
            "godkanda-kvinnor-unga",
            "Under 25 år",
            (Cell(None, missing="För få svar"), Cell(Decimal("79")), Cell(None)),
            kind=RowKind.BREAKDOWN,
            level=2,
        ),
        Row(
            "deltagare",
            "Antal deltagare",
            (Cell(Decimal("1204")), Cell(Decimal("1102")), Cell(Decimal("1200"))),
            assessment=Assessment.NOT_MET,
            notes=(1,),
        ),
    )
    return Table(
        id="indikatorer",
        caption="Indikatorer för målområdet",
        row_header="Indikator",
        columns=columns,
        rows=rows,
        footnotes=(Footnote(1, "Källa: elevregistret."),),
        has_assessment=True,
        row_units=("", "procent", "procent", "procent", "antal"),
    )


def _observations() -> Observations:
    return Observations(
        positive=("Fler har fått arbete.", "Kortare väntetider."),
        improvements=(),
    )


def _goals() -> Goals:
    commitment = CommitmentView(
        text="Fler ska gå vidare till arbete eller studier",
        assessment=Assessment.PARTLY_MET,
        indicators=("Andel godkända kurser", "Antal deltagare"),
        description=Text(parse("Arbetet har *delvis* nått fram.")),
    )
    goal = GoalView(
        text="Fler människor i arbete",
        stance=Stance.COMMITMENTS,
        description=Text(parse("Nämnden bidrar genom vuxenutbildningen.")),
        commitments=(commitment,),
    )
    irrelevant = GoalView(
        text="En hållbar stadsmiljö",
        stance=Stance.NOT_RELEVANT,
        description=None,
    )
    direction = DirectionView(
        text="Samverkan med näringslivet ska öka",
        contribution=Text(parse("Nya branschråd har startats.")),
    )
    return Goals(
        goals=(goal, irrelevant),
        directions=(direction,),
        directions_heading="Kommunfullmäktiges inriktningar",
    )


def build_report() -> ReportModel:
    """The whole test report."""
    meta = Meta(
        kommun="Örebro kommun",
        kommunkod="1880",
        namnd="Vuxenutbildnings- och arbetsmarknadsnämnden",
        title="Årsberättelse 2020",
        year=2020,
        report_type="årsberättelse",
        diarienummer="VAN 2021/123",
        generated_by="uppsikt 0.1.0",
    )
    sections = (
        Section(
            "sammanfattning",
            "1",
            "Sammanfattning",
            blocks=(Text(parse("Året präglades av *pandemin*.")),),
        ),
        Section(
            "ekonomi",
            "2",
            "Ekonomi",
            blocks=(economic_table(),),
            subsections=(
                Section(
                    "ekonomi-drift",
                    "2.1",
                    "Drift",
                    subsections=(Section("ekonomi-drift-detalj", "2.1.1", "Detaljer"),),
                ),
            ),
        ),
        Section(
            "iakttagelser",
            "3",
            "Sammanfattande iakttagelser",
            blocks=(ObservationSummary((("Arbete", _observations()),)),),
        ),
        Section(
            "malomraden",
            "4",
            "Målområden",
            subsections=(
                Section(
                    "arbete",
                    "4.1",
                    "Arbete och utbildning",
                    blocks=(_goals(), indicator_table(), _observations()),
                ),
            ),
        ),
        Section("bilaga", "", "Bilaga: Begrepp"),
    )
    # The missing values' reasons become numbered footnotes, as the build layer makes them.
    return numbered_notes(ReportModel(meta=meta, sections=sections))
