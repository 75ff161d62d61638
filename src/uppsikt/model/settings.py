"""Report settings: which municipality, which nämnd, which report and how it is shown."""

from __future__ import annotations

import dataclasses
import datetime
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from uppsikt.located.format import SWEDISH_MONTHS
from uppsikt.model.forecasts import ForecastSettings
from uppsikt.model.monthly import SpreadMethod


class ReportType(enum.Enum):
    """The kind of report; what each contains and how it is shown is its ``kind``."""

    ARSBERATTELSE = "årsberättelse"
    """The nämnd's annual report; economic columns show bokslut (closed accounts)."""
    DELARSRAPPORT = "delårsrapport"
    """An interim report; economic columns show prognos (forecast) for the full year."""
    VERKSAMHETSPLAN = "verksamhetsplan"
    """The nämnd's plan of the year: goals, åtaganden, indicator targets and the budget; no
    outcome of its year and no assessment of it. The year's other reports may name it
    (``plan``) and read its goals, indicators and tables."""
    KS_ARSBERATTELSE = "ks-årsberättelse"
    """KS's own annual report: its förvaltning and the nämnder reported under it."""
    KOMMUNSAMMANSTALLNING = "kommunsammanställning"
    """The municipality's summary of the year, every nämnd together."""

    @property
    def kind(self) -> ReportKind:
        return REPORT_KINDS[self]


class DisplayUnit(enum.Enum):
    """The unit amounts are shown in. Amounts are stored in kronor (see model.economy)."""

    TKR = "tkr"
    MNKR = "mnkr"

    @property
    def kronor(self) -> int:
        return 1000 if self is DisplayUnit.TKR else 1_000_000

    @property
    def decimals(self) -> int:
        return 0 if self is DisplayUnit.TKR else 1


class CommitmentRule(enum.Enum):
    """How a commitment's (åtagande's) status follows from its indicators' assessments."""

    ALL = "alla"
    """Met when every measurable indicator is met."""
    MAJORITY = "flertal"
    """Met when more than half of the measurable indicators are met."""


@dataclass(frozen=True, slots=True)
class AssessmentSettings:
    allow_partly_met: bool = False
    """Whether 'delvis uppfyllt' may be used (a commitment with some but not all indicators met)."""
    commitment_rule: CommitmentRule = CommitmentRule.ALL


class OutputFormat(enum.Enum):
    HTML = "html"
    DATA = "data"
    """The Frictionless data package (open data)."""
    DOCX = "docx"
    PDF = "pdf"
    XLSX = "xlsx"


BUNDLED_TYPEFACES: tuple[str, ...] = ("IBM Plex Sans",)
"""The typefaces uppsikt ships (``reports/templates/fonts``), one of which a profile names:
the PDF embeds it and the HTML carries it, so no other can be promised on every machine."""


@dataclass(frozen=True, slots=True)
class Profile:
    """The kommun's graphic profile (``publicering.profil``), set once and applied to HTML,
    PDF and Word alike. Colours are ``#rrggbb``; the defaults meet WCAG 2.1 AA contrast
    against white for text."""

    colour: str = "#1c4e6b"
    """Headings, rules and the cover (``färg``)."""
    accent: str = "#8a3b12"
    """Marks and highlights (``accentfärg``)."""
    font: str = "IBM Plex Sans"
    """The body and heading typeface (``typsnitt``); embedded in the PDF and named in Word."""


@dataclass(frozen=True, slots=True)
class PublishingSettings:
    formats: tuple[OutputFormat, ...] = tuple(OutputFormat)
    word_template: str = ""
    """Path of a Word template (.docx), relative to the workspace; empty for the default."""
    logo: str = ""
    """Path of a logo image (PNG or JPEG), relative to the workspace; empty for none."""
    profile: Profile = Profile()


SECTION_KINDS: tuple[str, ...] = (
    "forslag-till-beslut",
    "forvaltningschefens-bedomning",
    "sammanfattande-iakttagelser",
    "malomraden",
    "ekonomi",
    "fem-ar-i-sammandrag",
    "bilaga-intraprenader",
)
"""The built-in sections, in the reference report's order. Settings may reorder or omit them."""

PERSONNEL_SECTION = "personal"
"""The section of the personnel (HR) indicators, those that belong to `hr`."""
FORECAST_SECTION = "prognossakerhet"
"""Forecast accuracy: each delårsrapport's forecast against the outcome (not in an interim
report, whose year has no outcome yet)."""
MONTHLY_SECTION = "manadsuppfoljning"
"""The monthly follow-up: the ledger's outcome month by month against the budget spread over
the months (``månadsfördelning``), cumulative."""
_LATER_SECTIONS = (PERSONNEL_SECTION, "uppdrag", "projekt", FORECAST_SECTION, MONTHLY_SECTION)
"""Built-in sections beyond the reference report's, which a report lists in `avsnitt`."""
FOLLOW_UP_SECTION = "maluppfoljning"
"""The nämnder's åtaganden under each KF-mål, rolled up: KS's report and the kommun's only."""


class EmptyLists(enum.Enum):
    """How a report shows a list with nothing in it (no positiva iakttagelser, say)."""

    NONE_GIVEN = "inga angivna"
    """The heading stays, with «Inga angivna.» under it (the nämnd's årsberättelse)."""
    OMIT = "utelämna"
    """The list is left out with its heading; so is a heading with nothing under it."""


@dataclass(frozen=True, slots=True)
class ReportKind:
    """What one type of report contains and how it is shown: a row of ``REPORT_KINDS``."""

    title: str
    """The title before the year: 'Årsberättelse' gives 'Årsberättelse 2020'."""
    sections: tuple[str, ...]
    """The built-in sections the report may have, in their usual order."""
    default_sections: tuple[str, ...]
    """The sections of a report whose uppsikt.yaml leaves out `avsnitt`."""
    required_sections: tuple[str, ...]
    stances_required: bool
    """Whether every KF-mål in mal.yaml states the stance (ställningstagande) on it."""
    numbered: bool
    """Whether the sections are numbered (1, 2, 2.1 …)."""
    area_prefix: bool
    """Whether a målområde's heading is 'Målområde 1: name' (otherwise just the name)."""
    empty_lists: EmptyLists
    interim: bool
    """An interim report: the year's outcome columns show the forecast, not bokslut."""
    goals_title: str
    """The default title of the section `malomraden`."""
    plan: bool = False
    """A plan of the year (verksamhetsplan): no outcome of its year, no assessment, and the
    economic tables show budget and earlier years only (workspace/plan.py)."""
    follows_up_namnder: bool = False
    """Whether the report follows up the nämnder's goals: in a kommun, it reads the nämnder's
    reports of its year and scope and shows their åtaganden under each KF-mål
    (FOLLOW_UP_SECTION)."""


_ALL_SECTIONS = (*SECTION_KINDS, *_LATER_SECTIONS)
PLAN_SECTIONS: tuple[str, ...] = ("forslag-till-beslut", "malomraden", "ekonomi", "personal")
"""The sections of a verksamhetsplan: the proposal, the goals with their åtaganden and
indicator targets, the budget, and the personnel indicators' targets."""
_NAMND = ReportKind(
    title="Årsberättelse",
    sections=_ALL_SECTIONS,
    default_sections=SECTION_KINDS,
    required_sections=(),
    stances_required=True,
    numbered=True,
    area_prefix=True,
    empty_lists=EmptyLists.NONE_GIVEN,
    interim=False,
    goals_title="Nämndens bidrag till kommunfullmäktiges mål",
)
REPORT_KINDS: Mapping[ReportType, ReportKind] = MappingProxyType(
    {
        ReportType.ARSBERATTELSE: _NAMND,
        ReportType.DELARSRAPPORT: dataclasses.replace(
            _NAMND,
            title="Delårsrapport",
            interim=True,
            sections=tuple(s for s in _ALL_SECTIONS if s != FORECAST_SECTION),
        ),
        ReportType.VERKSAMHETSPLAN: dataclasses.replace(
            _NAMND,
            title="Verksamhetsplan",
            # The plan of a year that has not begun: nothing looks back on the year.
            sections=PLAN_SECTIONS,
            default_sections=PLAN_SECTIONS,
            goals_title="Nämndens åtaganden för kommunfullmäktiges mål",
            empty_lists=EmptyLists.OMIT,
            plan=True,
        ),
        ReportType.KS_ARSBERATTELSE: ReportKind(
            title="Årsberättelse",
            sections=(*_ALL_SECTIONS, FOLLOW_UP_SECTION),
            default_sections=(
                "forslag-till-beslut",
                "forvaltningschefens-bedomning",
                "malomraden",
                FOLLOW_UP_SECTION,
                "ekonomi",
                PERSONNEL_SECTION,
                "fem-ar-i-sammandrag",
            ),
            required_sections=("malomraden", "ekonomi"),
            stances_required=False,
            numbered=True,
            area_prefix=False,
            empty_lists=EmptyLists.OMIT,
            interim=False,
            goals_title="Kommunstyrelsens bidrag till kommunfullmäktiges mål",
            follows_up_namnder=True,
        ),
        ReportType.KOMMUNSAMMANSTALLNING: ReportKind(
            title="Kommunsammanställning",
            # No förvaltningschef and no intraprenader: those belong to a nämnd's report.
            sections=(
                *(
                    s
                    for s in _ALL_SECTIONS
                    if s not in ("forvaltningschefens-bedomning", "bilaga-intraprenader")
                ),
                FOLLOW_UP_SECTION,
            ),
            default_sections=(
                "forslag-till-beslut",
                "malomraden",
                FOLLOW_UP_SECTION,
                "ekonomi",
                PERSONNEL_SECTION,
                "fem-ar-i-sammandrag",
            ),
            required_sections=("ekonomi",),
            stances_required=False,
            numbered=False,
            area_prefix=False,
            empty_lists=EmptyLists.OMIT,
            interim=False,
            goals_title="Utveckling inom kommunfullmäktiges mål",
            follows_up_namnder=True,
        ),
    }
)
"""Every report type and what it contains: the one table the reader and the builders follow."""
BUILT_IN_SECTIONS: tuple[str, ...] = (*_ALL_SECTIONS, FOLLOW_UP_SECTION)
"""Every section uppsikt fills itself; any other name in `avsnitt` is text only."""


class ChartMode(enum.Enum):
    """Which indicators of a table or section get a chart (``diagram`` in uppsikt.yaml)."""

    ALL = "alla"
    """Every indicator whose chart the chart rules allow."""
    NONE = "inga"
    SELECTION = "urval"
    """A few chosen by uppsikt: the first chart worth drawing of each group (topic), at most
    ``ChartChoice.limit``."""
    LISTED = "lista"
    """The indicators named in ``ChartChoice.ids``, in the report's order (written as a list)."""


@dataclass(frozen=True, slots=True)
class ChartChoice:
    mode: ChartMode
    ids: tuple[str, ...] = ()
    """The indicators named, for ``ChartMode.LISTED``."""
    lines: tuple[int | None, ...] = ()
    """Where each of ``ids`` is written in uppsikt.yaml, for the diagnostics."""
    limit: int = 5
    """The most charts ``ChartMode.SELECTION`` chooses."""


@dataclass(frozen=True, slots=True)
class ChartSettings:
    """Which charts the report carries (``diagram``); the rules every chart follows are in
    uppsikt.reports.charts.rules."""

    indicators: ChartChoice = ChartChoice(ChartMode.ALL)
    """Beside the målområden's and the personnel's indicator tables (``indikatorer``)."""
    five_years: ChartChoice = ChartChoice(ChartMode.SELECTION)
    """In Fem år i sammandrag (``fem_år``): by default a few, not one per indicator."""
    axis_break: bool = True
    """Whether a line chart whose values lie in a narrow band far from zero may start its
    axis near them, drawn with a break mark (``axelbrott``); false: every axis from zero."""


def period_month(period: str) -> int | None:
    """The closing month of a period written as in ``period`` ('januari–augusti': 8)."""
    words = [w for w in period.replace("–", " ").replace("-", " ").casefold().split() if w]
    if not words or words[-1] not in SWEDISH_MONTHS:
        return None
    return SWEDISH_MONTHS.index(words[-1]) + 1


@dataclass(frozen=True, slots=True)
class Settings:
    kommun: str
    kommunkod: str
    """SCB's four-digit municipality code, e.g. '1880' for Örebro."""
    namnd: str
    """The nämnd's full name, e.g. 'Vuxenutbildnings- och arbetsmarknadsnämnden'."""
    report_type: ReportType
    year: int
    display_unit: DisplayUnit
    amounts_unit: DisplayUnit | None
    """The unit amounts are written in in the economy files; None means kronor."""
    sections: tuple[str, ...]
    assessment: AssessmentSettings
    publishing: PublishingSettings = PublishingSettings()
    namnd_short: str = ""
    """Short name used in running text, e.g. 'VAN'."""
    diarienummer: str = ""
    decision_date: datetime.date | None = None
    """The day the nämnd adopted the report (``beslutsdatum``), shown on the cover."""
    period: str = ""
    """For a delårsrapport: the period covered, e.g. 'januari–augusti'."""
    scope: tuple[str, ...] = ()
    """The codes of the organisation's tops (nämnder) whose figures the report covers
    (``omfattning``), in the organisation's order. As written until the workspace reader
    resolves it against the organisation: then never empty (the single top by default)."""
    whole_kommun: bool = False
    """The report covers the whole municipality: ``omfattning: kommun``, or every top of an
    organisation with several. ``namnd`` then names the report's owner (e.g. KS)."""
    charts: ChartSettings = ChartSettings()
    """Which charts the report carries (``diagram``)."""
    forecast: ForecastSettings = dataclasses.field(default_factory=ForecastSettings)
    """The forecast settings (``prognos``): the threshold of the forecast checks."""
    monthly_spread: SpreadMethod = SpreadMethod.EVEN
    """How the year's budget is spread over the months (``månadsfördelning``)."""
    plan: str = ""
    """The folder (in the kommun's ``rapporter/``) of the year's verksamhetsplan whose goals,
    indicators and tables the report reads where it has none of its own (``plan``)."""

    @property
    def closing_month(self) -> int | None:
        """The month the report's period ends: ``prognos.månad``, else the last month of
        ``period`` ('januari–augusti': 8); None when neither says."""
        return self.forecast.month or period_month(self.period)

    @property
    def report_month(self) -> int | None:
        """A delårsrapport's closing month; None for other report types."""
        if self.report_type is not ReportType.DELARSRAPPORT:
            return None
        return self.closing_month

    @property
    def several_namnder(self) -> bool:
        """The report covers more than one nämnd (KS with the nämnder under it, the kommun)."""
        return len(self.scope) > 1 or self.whole_kommun

    @property
    def title(self) -> str:
        return f"{self.report_type.kind.title} {self.year}"
