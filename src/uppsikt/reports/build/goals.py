"""Sections on goals: the summary of observations and one subsection per målområde."""

from __future__ import annotations

from uppsikt.model.goals import GoalArea
from uppsikt.model.indicators import Indicator
from uppsikt.reports.build.charts import indicator_trends, indicators_of
from uppsikt.reports.build.context import Context
from uppsikt.reports.build.indicators import indicator_table
from uppsikt.reports.build.text import text_section
from uppsikt.reports.model import (
    Block,
    CommitmentView,
    DirectionView,
    Goals,
    GoalView,
    Observations,
    ObservationSummary,
    Section,
)

GOALS_FILE = "mal.yaml"


def observation_summary_section(ctx: Context, name: str, number: str) -> Section:
    base = text_section(ctx, name, number, "Sammanfattande iakttagelser")
    summary = ObservationSummary(
        tuple(
            (area.name, Observations(area.positive, area.improvements))
            for area in ctx.ws.goals.areas
        )
    )
    return Section(base.id, base.number, base.title, (*base.blocks, summary), base.subsections)


def goal_areas_section(ctx: Context, name: str, number: str) -> Section:
    base = text_section(
        ctx, name, number, "Nämndens bidrag till utveckling inom kommunfullmäktiges mål"
    )
    areas = tuple(
        _area(ctx, area, f"{number}.{index}" if number else "")
        for index, area in enumerate(ctx.ws.goals.areas, start=1)
    )
    return Section(base.id, base.number, base.title, base.blocks, (*base.subsections, *areas))


def area_indicators(ctx: Context, area: GoalArea) -> list[tuple[str, Indicator]]:
    """The indicators shown under a målområde, directly or through its commitments."""
    commitments = {c.id for goal in area.goals for c in goal.commitments}
    found: list[tuple[str, Indicator]] = []
    for indicator in ctx.ws.indicators:
        for m in indicator.placements:
            direct = m.kind == "målområde" and m.ref == area.id
            if direct or (m.kind == "åtagande" and m.ref in commitments):
                found.append((m.group, indicator))
                break
    return found


def _area(ctx: Context, area: GoalArea, number: str) -> Section:
    ident = f"malomrade-{area.number}"
    analysis_blocks: list[Block] = []
    analysis = ctx.text(area.analysis, GOALS_FILE)
    if analysis is not None:
        analysis_blocks.append(analysis)
    analysis_blocks.append(Observations(area.positive, area.improvements))
    indicators = area_indicators(ctx, area)
    if indicators:
        analysis_blocks.append(
            indicator_table(
                ctx,
                f"indikatorer-{ident}",
                f"Indikatorer inom målområde {area.number}",
                indicators,
            )
        )
        charts = indicator_trends(
            ctx,
            f"diagram-{ident}",
            f"Utvecklingen för indikatorerna inom målområde {area.number}",
            indicators_of(indicators),
            3,
        )
        if charts is not None and ctx.ws.settings.publishing.indicator_charts:
            analysis_blocks.append(charts)
    subsections = (
        Section(
            f"{ident}-analys",
            f"{number}.1" if number else "",
            f"Sammanfattande analys av bidraget till målområde {area.number}",
            tuple(analysis_blocks),
        ),
        Section(
            f"{ident}-mal",
            f"{number}.2" if number else "",
            "Bidrag till kommunfullmäktiges mål",
            (_goals(ctx, area),),
        ),
    )
    return Section(ident, number, f"Målområde {area.number}: {area.name}", (), subsections)


def _goals(ctx: Context, area: GoalArea) -> Goals:
    names = {i.id: i.name for i in ctx.ws.indicators}
    goals = []
    for goal in area.goals:
        commitments = []
        for commitment in goal.commitments:
            status = ctx.computed.commitments[commitment.id]
            commitments.append(
                CommitmentView(
                    text=commitment.text,
                    assessment=status.assessment,
                    indicators=tuple(names[i] for i in status.indicators),
                    description=ctx.text(commitment.description, GOALS_FILE),
                )
            )
        goals.append(
            GoalView(
                text=goal.text,
                stance=goal.stance,
                description=ctx.text(goal.description, GOALS_FILE),
                commitments=tuple(commitments),
            )
        )
    directions = tuple(
        DirectionView(d.text, ctx.text(d.contribution, GOALS_FILE)) for d in area.directions
    )
    return Goals(tuple(goals), directions, f"Inriktningar inom målområde {area.number}")
