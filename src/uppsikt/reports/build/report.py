"""Building the report model from a workspace and its computed figures."""

from __future__ import annotations

from collections.abc import Callable

from uppsikt import __version__
from uppsikt.compute.followup import FollowUp
from uppsikt.compute.results import Computed
from uppsikt.located.diagnostics import Diagnostic
from uppsikt.model.settings import (
    FOLLOW_UP_SECTION,
    FORECAST_SECTION,
    MONTHLY_SECTION,
    PERSONNEL_SECTION,
    EmptyLists,
    ReportKind,
)
from uppsikt.model.workspace import Workspace
from uppsikt.reports.build.assignments import assignments_section, portfolios_section
from uppsikt.reports.build.context import Context
from uppsikt.reports.build.economy import economy_section
from uppsikt.reports.build.five_years import five_year_section
from uppsikt.reports.build.followup import followup_section
from uppsikt.reports.build.forecasts import forecast_section
from uppsikt.reports.build.goals import goal_areas_section, observation_summary_section
from uppsikt.reports.build.intraprenad import intraprenad_appendix
from uppsikt.reports.build.monthly import monthly_section
from uppsikt.reports.build.notes import numbered_notes
from uppsikt.reports.build.personnel import personnel_section
from uppsikt.reports.build.text import text_section
from uppsikt.reports.model import Meta, ReportModel, Section

SectionBuilder = Callable[[Context, str, str], Section]


def _text(title: str) -> SectionBuilder:
    return lambda ctx, name, number: text_section(ctx, name, number, title)


SECTION_BUILDERS: dict[str, SectionBuilder] = {
    "forslag-till-beslut": _text("Förslag till beslut"),
    "forvaltningschefens-bedomning": _text("Förvaltningschefens bedömning och analys"),
    "sammanfattande-iakttagelser": observation_summary_section,
    "malomraden": goal_areas_section,
    "ekonomi": economy_section,
    "fem-ar-i-sammandrag": five_year_section,
    "bilaga-intraprenader": intraprenad_appendix,
    "uppdrag": assignments_section,
    "projekt": portfolios_section,
    PERSONNEL_SECTION: personnel_section,
    FOLLOW_UP_SECTION: followup_section,
    FORECAST_SECTION: forecast_section,
    MONTHLY_SECTION: monthly_section,
}
"""How each built-in section is filled; any other section is text only."""

APPENDICES = ("bilaga-intraprenader",)


def shown(section: Section, kind: ReportKind) -> bool:
    """Whether a section is in the report: one with nothing under its heading is left out
    where the report type omits what is empty (the nämnd's report keeps every heading)."""
    return kind.empty_lists is EmptyLists.NONE_GIVEN or bool(section.blocks or section.subsections)


def build_report(
    ws: Workspace, computed: Computed, followup: FollowUp | None = None
) -> tuple[ReportModel, list[Diagnostic]]:
    """The report model; ``followup`` is the nämnder's goals for the section «maluppfoljning»
    (uppsikt.loading reads them where the report type asks for it)."""
    ctx = Context(ws, computed, followup=followup)
    sections: list[Section] = []
    number = 0
    kind = ws.settings.report_type.kind
    for name in ws.settings.sections:
        builder = SECTION_BUILDERS.get(name, _text(name))
        if name in APPENDICES or not kind.numbered:
            sections.append(builder(ctx, name, ""))
            continue
        number += 1
        section = builder(ctx, name, str(number))
        if not shown(section, kind):
            number -= 1  # a section left out leaves no gap in the numbering
            continue
        sections.append(section)
    sections = [s for s in sections if shown(s, kind)]
    settings = ws.settings
    meta = Meta(
        kommun=settings.kommun,
        kommunkod=settings.kommunkod,
        namnd=settings.namnd,
        title=settings.title,
        year=settings.year,
        report_type=settings.report_type.value,
        diarienummer=settings.diarienummer,
        decision_date=settings.decision_date,
        profile=settings.publishing.profile,
        generated_by=f"uppsikt {__version__}",
    )
    # One footnote scheme for every table, whatever notes its builder gave it.
    return numbered_notes(ReportModel(meta, tuple(sections))), ctx.diagnostics
