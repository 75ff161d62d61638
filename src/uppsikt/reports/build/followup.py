"""The section «maluppfoljning»: the nämnder's åtaganden under each KF-mål, rolled up.

One table, so that the data package has one file (maluppfoljning.csv): each målområde is a
heading row; each KF-mål a row, under it each nämnd's åtagande with the nämnd and the
assessment its own report gave, and a summary row that counts the åtaganden and gives the
municipality's assessment (compute/followup.py states the rule). The assessments are the
table's assessment column, shown as symbol and text as in the indicator tables. The KF-mål is
a row, not a heading row, since two heading rows in a row break the PDF's table layout.
"""

from __future__ import annotations

from uppsikt.compute.followup import FollowUp, GoalFollowUp, RollUp
from uppsikt.model.goals import Stance
from uppsikt.model.settings import AssessmentSettings, CommitmentRule
from uppsikt.reports.build.context import Context
from uppsikt.reports.build.text import text_section
from uppsikt.reports.model import Block, Cell, Column, Row, RowKind, Section, Table, Text
from uppsikt.reports.richtext import Paragraph, Plain, RichText

TABLE_ID = "maluppfoljning"
_COLUMNS = (Column("namnd", "Nämnd", ""),)


def followup_section(ctx: Context, name: str, number: str) -> Section:
    base = text_section(ctx, name, number, "Nämndernas åtaganden inom kommunfullmäktiges mål")
    followup = ctx.followup
    if followup is None or not followup.namnder:
        # Not in a kommun, or no nämnd's report to follow up: only the section's own text.
        return base
    intro = Text(RichText((Paragraph((Plain(_intro(followup, ctx.ws.settings.assessment)),)),)))
    blocks: tuple[Block, ...] = (*base.blocks, intro, _table(ctx, followup))
    return Section(base.id, base.number, base.title, blocks, base.subsections)


def _table(ctx: Context, followup: FollowUp) -> Table:
    rows: list[Row] = []
    for area in ctx.ws.goals.areas:
        goals = [g for g in followup.goals if g.area == area.id]
        if not goals:
            continue
        rows.append(Row(area.id, area.name, (), RowKind.HEADING))
        for goal in goals:
            rows.extend(_goal_rows(goal))
    return Table(
        TABLE_ID,
        "Nämndernas åtaganden inom kommunfullmäktiges mål",
        "KF-mål och åtagande",
        _COLUMNS,
        tuple(rows),
        has_assessment=True,
    )


def _goal_rows(goal: GoalFollowUp) -> list[Row]:
    rows = [Row(goal.goal, goal.text, ())]
    for namnd in goal.namnder:
        cells = (Cell(None, text=namnd.namnd),)
        for commitment in namnd.commitments:
            ident = f"{goal.goal}/{namnd.report}/{commitment.id}"
            rows.append(
                Row(ident, commitment.text, cells, level=1, assessment=commitment.assessment)
            )
        # A nämnd that contributes through its grunduppdrag is named without åtaganden; one
        # that finds the goal not relevant is left out, as is a stance not stated.
        if namnd.stance is Stance.BASIC_MISSION and not namnd.commitments:
            ident = f"{goal.goal}/{namnd.report}/grunduppdrag"
            rows.append(Row(ident, Stance.BASIC_MISSION.label, cells, level=1))
    rows.append(
        Row(
            f"{goal.goal}/sammantaget",
            f"Sammantaget: {roll_up_text(goal.counts)}",
            (Cell(None),),
            RowKind.TOTAL,
            level=1,
            assessment=goal.assessment,
        )
    )
    return rows


def roll_up_text(counts: RollUp) -> str:
    """The counts in words: '3 av 5 åtaganden uppfyllda, 1 delvis, 1 ej uppfyllt'."""
    if counts.total == 0:
        return "inga åtaganden"
    noun = "åtagande" if counts.total == 1 else "åtaganden"
    met = "uppfyllt" if 1 in (counts.met, counts.total) else "uppfyllda"
    parts = [f"{counts.met} av {counts.total} {noun} {met}"]
    if counts.partly_met:
        parts.append(f"{counts.partly_met} delvis")
    if counts.not_met:
        parts.append(f"{counts.not_met} ej {'uppfyllt' if counts.not_met == 1 else 'uppfyllda'}")
    if counts.not_measurable:
        parts.append(f"{counts.not_measurable} kan inte bedömas")
    return ", ".join(parts)


def _intro(followup: FollowUp, settings: AssessmentSettings) -> str:
    """Whose reports the table follows up, and the rule of the summary rows."""
    names = list(followup.namnder)
    if len(names) == 1:
        listed = f"rapporten för {names[0]}"
    else:
        listed = f"rapporterna för {', '.join(names[:-1])} och {names[-1]}"
    if settings.commitment_rule is CommitmentRule.ALL:
        rule = "alla dess åtaganden som går att bedöma är uppfyllda"
    else:
        rule = "mer än hälften av dess åtaganden som går att bedöma är uppfyllda"
    partly = (
        ", som delvis uppfyllt när något av dem är helt eller delvis uppfyllt"
        if settings.allow_partly_met
        else ""
    )
    return (
        f"Åtagandena och bedömningarna är nämndernas egna, från {listed}. "
        f"Ett mål bedöms sammantaget som uppfyllt när {rule}{partly} och annars som ej "
        "uppfyllt; ett mål utan åtaganden som går att bedöma kan inte bedömas."
    )
