"""The personnel section (`personal`): the HR indicators in a table, like the målområden's."""

from __future__ import annotations

from uppsikt.model.indicators import Indicator
from uppsikt.reports.build.charts import indicator_trends
from uppsikt.reports.build.context import Context
from uppsikt.reports.build.indicators import indicator_table
from uppsikt.reports.build.text import text_section
from uppsikt.reports.model import Block, Section

HR = "hr"
"""The placement (`tillhör: hr` in indikatorer.yaml) of a personnel indicator."""
TABLE_ID = "personal"
"""The table's id, and so its file in the data package: data/personal.csv."""


def hr_indicators(ctx: Context) -> list[tuple[str, Indicator]]:
    """The personnel indicators, each with its group heading, in the order of the file."""
    return [(m.group, i) for i in ctx.ws.indicators for m in i.placements if m.kind == HR]


def personnel_section(ctx: Context, name: str, number: str) -> Section:
    """text/personal.md (optional), then the HR indicators with their breakdowns (kvinnor,
    män …) as rows, over three years; targets and assessments when any indicator has a target
    for the year."""
    base = text_section(ctx, name, number, "Personal")
    members = hr_indicators(ctx)
    if not members:
        return base
    with_targets = any(i.target(ctx.year) is not None for _, i in members)
    blocks: list[Block] = [
        *base.blocks,
        indicator_table(
            ctx, TABLE_ID, "Indikatorer för personalen", members, with_targets=with_targets
        ),
    ]
    charts = indicator_trends(ctx, "diagram-personal", "Utvecklingen för personalen", members, 3)
    if charts is not None:
        blocks.append(charts)
    return Section(base.id, base.number, base.title, tuple(blocks), base.subsections)
