"""Sections on goals: the summary of observations and one subsection per målområde."""

from __future__ import annotations

from uppsikt.model.goals import GoalArea
from uppsikt.model.indicators import Indicator
from uppsikt.model.settings import AssessmentSettings, CommitmentRule, EmptyLists
from uppsikt.reports.build.charts import indicator_trends
from uppsikt.reports.build.context import Context
from uppsikt.reports.build.indicators import indicator_table
from uppsikt.reports.build.markdown import parse
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
    Text,
)

GOALS_FILE = "mal.yaml"


def observation_summary_section(ctx: Context, name: str, number: str) -> Section:
    base = text_section(ctx, name, number, "Sammanfattande iakttagelser")
    none_given = _none_given(ctx)
    areas = tuple(
        (area.name, Observations(area.positive, area.improvements, none_given))
        for area in ctx.ws.goals.areas
        if none_given or area.positive or area.improvements
    )
    blocks: tuple[Block, ...] = base.blocks
    if areas:
        blocks = (*blocks, ObservationSummary(areas, none_given))
    return Section(base.id, base.number, base.title, blocks, base.subsections)


def goal_areas_section(ctx: Context, name: str, number: str) -> Section:
    base = text_section(ctx, name, number, ctx.ws.settings.report_type.kind.goals_title)
    areas = (
        _area(ctx, area, f"{number}.{index}" if number else "")
        for index, area in enumerate(ctx.ws.goals.areas, start=1)
    )
    kept = tuple(a for a in areas if _none_given(ctx) or a.subsections)
    if not _none_given(ctx):
        # Areas left out must leave no gap in the numbering.
        kept = tuple(
            _renumbered(area, f"{number}.{index}" if number else "")
            for index, area in enumerate(kept, start=1)
        )
    blocks = base.blocks
    plan = ctx.ws.settings.report_type.kind.plan  # a plan assesses nothing yet
    if not plan and (ctx.computed.commitments or any(i.targets for i in ctx.ws.indicators)):
        blocks = (*blocks, assessment_rule(ctx.ws.settings.assessment, _has_own(ctx)))
    return Section(base.id, base.number, base.title, blocks, (*base.subsections, *kept))


def _has_own(ctx: Context) -> bool:
    goals = [g for area in ctx.ws.goals.areas for g in area.goals]
    return any(g.own for g in goals) or any(c.own for g in goals for c in g.commitments)


def assessment_rule(settings: AssessmentSettings, own: bool) -> Text:
    """The rule the report's assessments follow, in plain Swedish, from the settings
    (``bedömning`` in uppsikt.yaml): stated once, at the start of the goal areas."""
    share = "alla" if settings.commitment_rule is CommitmentRule.ALL else "fler än hälften av"
    partly = (
        ", delvis uppfyllt när minst en av dem är uppfylld" if settings.allow_partly_met else ""
    )
    sentences = [
        "**Så bedöms måluppfyllelsen.** En indikator med ett målvärde i siffror är uppfylld "
        "när årets utfall når målvärdet åt det håll som är bättre för indikatorn. En indikator "
        "vars mål är en riktning (Öka, Minska eller Bibehålla) jämförs med året innan: Öka "
        "kräver ett högre värde, Minska ett lägre och Bibehålla ett värde som inte är sämre. "
        "En förändring åt det sämre hållet räknas aldrig som uppfylld. En indikator utan "
        "målvärde eller utan utfall för året kan inte bedömas och räknas inte med.",
        f"Ett åtagande är uppfyllt när {share} dess indikatorer som kan bedömas är "
        f"uppfyllda{partly}, och annars ej uppfyllt. Kan ingen av indikatorerna bedömas, kan "
        "inte heller åtagandet bedömas.",
    ]
    if own:
        sentences.append(
            "Där nämndens egen bedömning skiljer sig från den som följer av indikatorerna står "
            "båda, med nämndens motivering."
        )
    return Text(parse(" ".join(sentences)))


def _none_given(ctx: Context) -> bool:
    """Whether empty lists and headings are shown with «Inga angivna» (the nämnd's report)."""
    return ctx.ws.settings.report_type.kind.empty_lists is EmptyLists.NONE_GIVEN


def _renumbered(section: Section, number: str) -> Section:
    subsections = tuple(
        _renumbered(sub, f"{number}.{index}" if number else "")
        for index, sub in enumerate(section.subsections, start=1)
    )
    return Section(section.id, number, section.title, section.blocks, subsections)


def _area_phrase(ctx: Context, area: GoalArea) -> str:
    """How captions name the målområde: 'målområde 1', or 'målområdet Name' unnumbered."""
    if ctx.ws.settings.report_type.kind.area_prefix:
        return f"målområde {area.number}"
    return f"målområdet {area.name}"


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
    none_given = _none_given(ctx)
    phrase = _area_phrase(ctx, area)
    prefixed = ctx.ws.settings.report_type.kind.area_prefix
    analysis_blocks: list[Block] = []
    analysis = ctx.text(area.analysis, GOALS_FILE)
    if analysis is not None:
        analysis_blocks.append(analysis)
    if none_given or area.positive or area.improvements:
        analysis_blocks.append(Observations(area.positive, area.improvements, none_given))
    indicators = area_indicators(ctx, area)
    if indicators:
        analysis_blocks.append(
            indicator_table(ctx, f"indikatorer-{ident}", f"Indikatorer inom {phrase}", indicators)
        )
        charts = indicator_trends(
            ctx,
            f"diagram-{ident}",
            f"Utvecklingen för indikatorerna inom {phrase}",
            indicators,
            3,
        )
        if charts is not None:
            analysis_blocks.append(charts)
    parts = (
        (
            f"{ident}-analys",
            # Under a heading that is the målområde's name, the name need not be repeated.
            f"Analys av bidraget till {phrase}" if prefixed else "Analys",
            tuple(analysis_blocks),
        ),
        (f"{ident}-mal", "Bidrag till kommunfullmäktiges mål", _goals(ctx, area, phrase)),
    )
    kept = [(i, t, b) for i, t, b in parts if none_given or b]
    subsections = tuple(
        Section(ident_, f"{number}.{index}" if number else "", title, blocks)
        for index, (ident_, title, blocks) in enumerate(kept, start=1)
    )
    title = f"Målområde {area.number}: {area.name}" if prefixed else area.name
    return Section(ident, number, title, (), subsections)


def _goals(ctx: Context, area: GoalArea, phrase: str) -> tuple[Goals, ...]:
    """The block of KF-mål and inriktningar; none when there is neither and the type omits."""
    names = {i.id: i.name for i in ctx.ws.indicators}
    plan = ctx.ws.settings.report_type.kind.plan  # a plan assesses nothing yet
    goals = []
    for goal in area.goals:
        commitments = []
        for commitment in goal.commitments:
            status = ctx.computed.commitments[commitment.id]
            own = commitment.own
            differs = own is not None and own.assessment is not status.assessment
            commitments.append(
                CommitmentView(
                    text=commitment.text,
                    assessment=None if plan else status.assessment,
                    indicators=tuple(names[i] for i in status.indicators),
                    description=ctx.text(commitment.description, GOALS_FILE),
                    own_assessment=own.assessment if own is not None and differs else None,
                    own_reason=own.reason if own is not None and differs else "",
                )
            )
        goals.append(
            GoalView(
                text=goal.text,
                stance=goal.stance,
                description=ctx.text(goal.description, GOALS_FILE),
                commitments=tuple(commitments),
                own_assessment=goal.own.assessment if goal.own else None,
                own_reason=goal.own.reason if goal.own else "",
            )
        )
    directions = tuple(
        DirectionView(d.text, ctx.text(d.contribution, GOALS_FILE)) for d in area.directions
    )
    if not goals and not directions and not _none_given(ctx):
        return ()
    return (Goals(tuple(goals), directions, f"Inriktningar inom {phrase}"),)
