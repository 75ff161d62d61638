"""The computed report model: what every renderer (HTML, data package, later DOCX/PDF/Excel)
renders. Every number in it is already computed and in its display unit; renderers only format.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, field
from decimal import Decimal

from uppsikt.model.assessment import Assessment
from uppsikt.model.goals import Stance
from uppsikt.model.settings import Profile
from uppsikt.reports.richtext import RichText


class CellKind(enum.StrEnum):
    """What a cell holds, which decides how every renderer shows it."""

    NUMBER = "tal"
    TEXT = "text"
    """Text instead of a number, e.g. a target 'Öka'."""
    MISSING = "saknas"
    """No value, for a stated reason (shown as '–' with the reason)."""
    EMPTY = "tom"
    """No value and nothing to say: not applicable."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One value of a table, in the display unit of its column."""

    value: Decimal | None
    decimals: int = 0
    percent: bool = False
    """Show as a percentage ('29,5 %'); the value is in percent (29.5, not 0.295)."""
    signed: bool = False
    """Show an explicit plus sign on positive values."""
    approximate: bool = False
    """Prefix 'ca'."""
    missing: str | None = None
    """Why the value is missing (shown as a mark with this text); None with value None means
    the cell is simply empty (not applicable)."""
    notes: tuple[int, ...] = ()
    """Footnote numbers of the table that apply to this cell."""
    text: str | None = None
    """A cell that holds text instead of a number (e.g. a target 'Öka')."""

    @property
    def kind(self) -> CellKind:
        if self.text is not None:
            return CellKind.TEXT
        if self.value is not None:
            return CellKind.NUMBER
        return CellKind.EMPTY if self.missing is None else CellKind.MISSING


class RowKind(enum.StrEnum):
    """The kind of a table row; the values are the Swedish names the data package writes."""

    ROW = "rad"
    TOTAL = "summa"
    PART = "varav"
    """'Of which': a part of the row above, never added to a sum."""
    EXCLUDING = "exkl"
    """A row minus other rows, e.g. 'Nettokostnad exkl. intraprenader'."""
    HEADING = "rubrik"
    """A heading row with no cells."""
    BREAKDOWN = "uppdelning"
    """A breakdown of the row above, e.g. Kvinnor."""
    ADJUSTMENT = "justering"
    """An amount that adjusts the total above it, e.g. an intraprenad's forecast use of
    accumulated result before 'Justerad nettokostnad': shown as a plain row, never charted."""


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    label: str
    cells: tuple[Cell, ...]
    kind: RowKind = RowKind.ROW
    level: int = 0
    """Indentation depth, set by the builder: 1 for a varav row and a breakdown, 2 for a
    breakdown of a breakdown. Renderers indent by the level alone."""
    notes: tuple[int, ...] = ()
    """Footnote numbers attached to the label."""
    assessment: Assessment | None = None


@dataclass(frozen=True, slots=True)
class Column:
    id: str
    label: str
    unit: str
    """Unit of the column's numbers for the data package, e.g. 'tkr', 'procent', or '' for mixed
    units (indicator tables state the unit per row)."""


@dataclass(frozen=True, slots=True)
class Footnote:
    number: int
    text: str


@dataclass(frozen=True, slots=True)
class Table:
    id: str
    caption: str
    row_header: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    footnotes: tuple[Footnote, ...] = ()
    unit_note: str = ""
    """E.g. 'Belopp i tkr.'; empty when units are stated per row or column."""
    has_assessment: bool = False
    """Whether rows carry an assessment to show in an extra column."""
    row_units: tuple[str, ...] = ()
    """For indicator tables: the unit of each row (same length as rows), for the data package."""
    comment: RichText | None = None
    """Narrative under the table, references resolved."""


@dataclass(frozen=True, slots=True)
class Text:
    """Narrative: Markdown parsed into rich text, references resolved into their figures."""

    body: RichText


@dataclass(frozen=True, slots=True)
class Observations:
    """Positiva iakttagelser and förbättringsområden of one målområde."""

    positive: tuple[str, ...]
    improvements: tuple[str, ...]
    none_given: bool = True
    """An empty list keeps its heading with «Inga angivna.»; otherwise both are left out
    (the report type decides: model.settings.EmptyLists)."""


@dataclass(frozen=True, slots=True)
class ObservationSummary:
    """Section 3: every målområde's observations side by side."""

    areas: tuple[tuple[str, Observations], ...]
    none_given: bool = True
    """An empty cell says «Inga angivna»; otherwise it is left blank."""


@dataclass(frozen=True, slots=True)
class CommitmentView:
    text: str
    assessment: Assessment | None
    """None in a plan (verksamhetsplan): its year is not yet assessed."""
    indicators: tuple[str, ...]
    """Names of the indicators the assessment was derived from (in a plan: followed up with)."""
    description: Text | None = None
    own_assessment: Assessment | None = None
    """The nämnd's own assessment (``egen_bedömning``) where it differs from ``assessment``,
    the one computed from the indicators: shown beside it. None when none differs."""
    own_reason: str = ""
    """The nämnd's reason for its own assessment (``motivering``), shown with it."""


@dataclass(frozen=True, slots=True)
class GoalView:
    """A KF-mål with the nämnd's stance and account."""

    text: str
    stance: Stance | None
    """The nämnd's stance; ``stance.label`` is what the report shows (None: none stated)."""
    description: Text | None
    commitments: tuple[CommitmentView, ...] = ()
    own_assessment: Assessment | None = None
    """The nämnd's own assessment of the goal (``egen_bedömning``), where it states one."""
    own_reason: str = ""


@dataclass(frozen=True, slots=True)
class DirectionView:
    text: str
    contribution: Text | None


@dataclass(frozen=True, slots=True)
class Goals:
    """The KF-mål and inriktningar of one målområde."""

    goals: tuple[GoalView, ...]
    directions: tuple[DirectionView, ...]
    directions_heading: str


@dataclass(frozen=True, slots=True)
class ChartSeries:
    label: str
    """E.g. 'Totalt', 'Kvinnor', 'Bokslut 2020'."""
    values: tuple[Decimal | None, ...]
    """One per category of the chart, in the chart's unit; None where there is no value."""
    approximate: tuple[bool, ...] = ()
    """One per category: whether the value is an estimate ('ca 80'), drawn as one (a hollow
    marker, a dashed segment); empty when no value is."""

    def is_approximate(self, index: int) -> bool:
        return index < len(self.approximate) and self.approximate[index]


class ChartKind(enum.StrEnum):
    TREND = "trend"
    """A line per series over the years, with the target."""
    DIVERGING = "diverging"
    """One bar per category, positive to the right of zero and negative to the left."""
    GROUPED = "grouped"
    """A group of bars per category, one bar per series."""


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart drawn from figures of the report. Every renderer draws the same chart, and the
    text alternative is generated from the same data, so the two cannot disagree."""

    id: str
    kind: ChartKind
    title: str
    categories: tuple[str, ...]
    """The x axis of a trend (years) or the bars' categories (units, kontogrupper)."""
    series: tuple[ChartSeries, ...]
    unit: str
    """Unit of the values, e.g. 'procent', 'tkr', 'antal'."""
    decimals: int
    description: str
    """The text alternative: what the chart shows, with its figures, in Swedish."""
    target: Decimal | None = None
    """A target drawn as a reference line (trend charts)."""
    target_label: str = ""
    axis_break: bool = False
    """The value axis of a trend starts near its values, not at zero, and is drawn with a
    break mark; decided once for every chart of a report by reports.charts.rules.zooms."""


@dataclass(frozen=True, slots=True)
class ChartGroup:
    """Charts shown together as small multiples, e.g. the trends of a table's indicators."""

    id: str
    title: str
    charts: tuple[Chart, ...]


Block = Text | Table | Observations | ObservationSummary | Goals | Chart | ChartGroup


class BlockKind(enum.StrEnum):
    """The kind of a block, for renderers that dispatch on a name (the HTML templates)."""

    TEXT = "text"
    TABLE = "table"
    OBSERVATIONS = "observations"
    SUMMARY = "summary"
    GOALS = "goals"
    CHART = "chart"
    CHART_GROUP = "chart_group"


_BLOCK_KINDS: tuple[tuple[type, BlockKind], ...] = (
    (Text, BlockKind.TEXT),
    (Table, BlockKind.TABLE),
    (Observations, BlockKind.OBSERVATIONS),
    (ObservationSummary, BlockKind.SUMMARY),
    (Goals, BlockKind.GOALS),
    (Chart, BlockKind.CHART),
    (ChartGroup, BlockKind.CHART_GROUP),
)


def block_kind(block: Block) -> BlockKind:
    for cls, kind in _BLOCK_KINDS:
        if isinstance(block, cls):
            return kind
    raise TypeError(f"unknown block type: {type(block).__name__}")


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    """Unique within the report; used as the HTML anchor."""
    number: str
    """E.g. '4.1'; empty for unnumbered sections (bilagor)."""
    title: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()


@dataclass(frozen=True, slots=True)
class Meta:
    kommun: str
    kommunkod: str
    namnd: str
    title: str
    """E.g. 'Årsberättelse 2020'."""
    year: int
    report_type: str
    diarienummer: str = ""
    decision_date: datetime.date | None = None
    """The day the nämnd adopted the report; None while not adopted."""
    profile: Profile = field(default_factory=Profile)
    """The kommun's graphic profile: colours and typeface for every format."""
    generated_by: str = ""
    draft: bool = False
    """Built with ``--allow-errors`` from a workspace with errors: marked as a draft."""

    @property
    def shown_title(self) -> str:
        """The title as the documents show it: 'Årsberättelse 2020 (utkast)' for a draft."""
        return f"{self.title} (utkast)" if self.draft else self.title


@dataclass(frozen=True, slots=True)
class ReportModel:
    meta: Meta
    sections: tuple[Section, ...]

    def blocks(self) -> tuple[Block, ...]:
        """Every block of the report in reading order."""
        found: list[Block] = []

        def visit(section: Section) -> None:
            found.extend(section.blocks)
            for sub in section.subsections:
                visit(sub)

        for section in self.sections:
            visit(section)
        return tuple(found)

    def tables(self) -> tuple[Table, ...]:
        """Every table of the report in reading order (for the data package and Excel)."""
        return tuple(b for b in self.blocks() if isinstance(b, Table))

    def charts(self) -> tuple[Chart, ...]:
        """Every chart of the report in reading order, those in groups included."""
        found: list[Chart] = []
        for block in self.blocks():
            if isinstance(block, Chart):
                found.append(block)
            elif isinstance(block, ChartGroup):
                found.extend(block.charts)
        return tuple(found)
