"""The workspace: everything a report is built from, read from files and validated."""

from __future__ import annotations

from dataclasses import dataclass, field

from uppsikt.model.assignments import Assignment, Portfolio
from uppsikt.model.budget_changes import BudgetChange
from uppsikt.model.checks import AcceptedFinding
from uppsikt.model.dimensions import Dimension
from uppsikt.model.economy import Fact
from uppsikt.model.forecasts import Forecast
from uppsikt.model.goals import GoalStructure
from uppsikt.model.indicator_forecasts import IndicatorForecast
from uppsikt.model.indicators import Footnote, Indicator, IndicatorGroup, IndicatorValue
from uppsikt.model.intraprenad import Intraprenad
from uppsikt.model.monthly import MonthlyLedger
from uppsikt.model.narrative import TextSection
from uppsikt.model.settings import Settings
from uppsikt.model.sources import SourceLines
from uppsikt.model.tables import TableDef


@dataclass(frozen=True, slots=True)
class Workspace:
    settings: Settings
    dimensions: tuple[Dimension, ...]
    """The organisation ('enhet') first, then the others."""
    goals: GoalStructure
    indicators: tuple[Indicator, ...]
    indicator_groups: tuple[IndicatorGroup, ...]
    footnotes: tuple[Footnote, ...]
    values: tuple[IndicatorValue, ...]
    facts: tuple[Fact, ...]
    tables: tuple[TableDef, ...]
    intraprenader: tuple[Intraprenad, ...]
    texts: tuple[TextSection, ...]
    accepted: tuple[AcceptedFinding, ...] = ()
    """Findings of the checks the editors have reviewed and accepted (kontroller.yaml)."""
    assignments: tuple[Assignment, ...] = ()
    """KF's and KS's uppdrag and their status in this report (uppdrag.yaml)."""
    portfolios: tuple[Portfolio, ...] = ()
    """Portfolios of development projects (projekt.yaml)."""
    budget_changes: tuple[BudgetChange, ...] = ()
    """The budget's changes during the year (ekonomi/budgetandringar.csv)."""
    forecasts: tuple[Forecast, ...] = ()
    """Each delårsrapport's full-year forecast per unit (ekonomi/prognoser.csv)."""
    indicator_forecasts: tuple[IndicatorForecast, ...] = ()
    """Each delårsrapport's forecast of the indicators' targets (indikatorprognoser.csv)."""
    monthly: MonthlyLedger | None = None
    """The ledger per month and top (ekonomi.duckdb); None without a ledger."""
    lines: SourceLines = field(default_factory=SourceLines, compare=False, repr=False)
    """Where things were read (not part of the model's value)."""

    def dimension(self, name: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.name == name), None)

    def text(self, section_id: str) -> TextSection | None:
        return next((t for t in self.texts if t.id == section_id), None)
