"""Report settings: which municipality, which nämnd, which report and how it is shown."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ReportType(enum.Enum):
    ARSBERATTELSE = "årsberättelse"
    """The nämnd's annual report; economic columns show bokslut (closed accounts)."""
    DELARSRAPPORT = "delårsrapport"
    """An interim report; economic columns show prognos (forecast) for the full year."""


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


@dataclass(frozen=True, slots=True)
class PublishingSettings:
    formats: tuple[OutputFormat, ...] = tuple(OutputFormat)
    word_template: str = ""
    """Path of a Word template (.docx), relative to the workspace; empty for the default."""
    logo: str = ""
    """Path of a logo image (PNG or JPEG), relative to the workspace; empty for none."""
    indicator_charts: bool = True
    """Draw each indicator's trend beside its table."""


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
    period: str = ""
    """For a delårsrapport: the period covered, e.g. 'januari–augusti'."""

    @property
    def title(self) -> str:
        kind = "Årsberättelse" if self.report_type is ReportType.ARSBERATTELSE else "Delårsrapport"
        return f"{kind} {self.year}"
