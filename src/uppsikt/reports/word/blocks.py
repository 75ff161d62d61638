"""The blocks of a section in Word: tables, observations, goals, charts and text."""

from __future__ import annotations

from docx.shared import Cm, Twips

from uppsikt.model.assessment import Assessment
from uppsikt.reports.model import (
    Block,
    Chart,
    ChartGroup,
    CommitmentView,
    Goals,
    Observations,
    ObservationSummary,
    Table,
    Text,
)
from uppsikt.reports.word import wml
from uppsikt.reports.word.tables import NONE_GIVEN, add_summary, add_table
from uppsikt.reports.word.text import add_richtext
from uppsikt.reports.word.wml import Element
from uppsikt.reports.word.writer import (
    FIGURE_LABEL,
    FIGURE_SEQUENCE,
    Container,
    Writer,
)

CHART_WIDTH = Cm(15)


def add_block(writer: Writer, block: Block, level: int) -> None:
    """Write one block of a section whose heading is at ``level``."""
    if isinstance(block, Text):
        add_text(writer, block, level)
    elif isinstance(block, Table):
        add_table(writer, block)
    elif isinstance(block, Observations):
        add_observations(writer, block, level + 1)
    elif isinstance(block, ObservationSummary):
        add_summary(writer, block)
    elif isinstance(block, Goals):
        add_goals(writer, block, level + 1)
    elif isinstance(block, Chart):
        add_chart(writer, block)
    else:
        add_chart_group(writer, block, level + 1)


def add_text(writer: Writer, text: Text, level: int, container: Container | None = None) -> None:
    """Narrative, its headings below ``level``."""
    add_richtext(writer, text.body, level, container)


# --- observations and goals ----------------------------------------------------------------


def add_observations(writer: Writer, observations: Observations, level: int) -> None:
    """Positiva iakttagelser and förbättringsområden as two headed lists."""
    for heading, items in (
        ("Positiva iakttagelser", observations.positive),
        ("Förbättringsområden", observations.improvements),
    ):
        if not items and not observations.none_given:
            continue
        writer.heading(heading, level)
        if not items:
            writer.paragraph(NONE_GIVEN)
        for item in items:
            writer.paragraph(item, "List Bullet")


def _labelled(writer: Writer, label: str, text: str) -> Element:
    paragraph = writer.paragraph()
    wml.run(paragraph, label, bold=True)
    wml.run(paragraph, text)
    return paragraph


def add_goals(writer: Writer, goals: Goals, level: int) -> None:
    """Each KF-mål with the nämnd's stance and commitments, then the directions."""
    for goal in goals.goals:
        writer.heading(f"Kommunfullmäktiges mål: {goal.text}", level)
        if goal.stance is not None:
            wml.run(writer.paragraph(), goal.stance.label, bold=True)
        if goal.own_assessment is not None:
            _own_assessment(writer, goal.own_assessment, goal.own_reason)
        if goal.description is not None:
            add_text(writer, goal.description, level)
        for commitment in goal.commitments:
            _add_commitment(writer, commitment, level + 1)
    if goals.directions:
        writer.heading(goals.directions_heading, level)
        for direction in goals.directions:
            writer.heading(direction.text, level + 1)
            if direction.contribution is not None:
                add_text(writer, direction.contribution, level + 1)


def _add_commitment(writer: Writer, commitment: CommitmentView, level: int) -> None:
    """An åtagande: its assessment (the nämnd's own beside it where they differ), the
    indicators it rests on, and the account of the year."""
    writer.heading(commitment.text, level)
    assessment = commitment.assessment
    own = commitment.own_assessment
    label = "Bedömning: " if own is None else "Bedömning enligt indikatorerna: "
    if assessment is not None:  # None in a plan
        _labelled(writer, label, f"{assessment.symbol} {assessment.label}")
    if own is not None:
        _own_assessment(writer, own, commitment.own_reason)
    if commitment.indicators:
        lead = "Följs upp med:" if assessment is None else "Bedömningen bygger på:"
        writer.paragraph(lead, keep_next=True)
        for name in commitment.indicators:
            writer.paragraph(name, "List Bullet")
    if commitment.description is not None:
        add_text(writer, commitment.description, level)


def _own_assessment(writer: Writer, assessment: Assessment, reason: str) -> None:
    """The nämnd's own assessment, beside the computed one, and its reason."""
    _labelled(writer, "Nämndens bedömning: ", f"{assessment.symbol} {assessment.label}")
    if reason:
        writer.paragraph(reason)


# --- charts --------------------------------------------------------------------------------


def add_chart(writer: Writer, chart: Chart, container: Container | None = None) -> None:
    """The chart as a picture with its caption above it."""
    writer.caption(FIGURE_LABEL, FIGURE_SEQUENCE, chart.title, container)
    width = CHART_WIDTH if container is None else Twips(writer.text_width // 2 - 240)
    writer.picture(writer.paragraph("", "Normal", container), chart, width)


def add_chart_group(writer: Writer, group: ChartGroup, level: int) -> None:
    """Small multiples: a heading, then the charts two by two in a borderless table."""
    writer.heading(group.title, level)
    half = writer.text_width // 2
    widths = [half, writer.text_width - half]
    grid = writer.table(widths, style=None, borderless=True)
    charts = list(group.charts)
    for start in range(0, len(charts), 2):
        tr = wml.row(grid)
        for offset, width in enumerate(widths):
            tc = wml.cell(tr, width)
            if start + offset < len(charts):
                add_chart(writer, charts[start + offset], tc)
            else:
                wml.paragraph(tc)  # a cell holds at least one paragraph
