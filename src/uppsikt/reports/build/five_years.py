"""Fem år i sammandrag: the indicators that belong to `fem-år` over five years, and a few of
their trends (``diagram.fem_år`` in uppsikt.yaml; by default one chart per group, at most a
handful, of series that change)."""

from __future__ import annotations

from uppsikt.reports.build.charts import indicator_trends, unknown_chart_ids
from uppsikt.reports.build.context import Context
from uppsikt.reports.build.indicators import indicator_table
from uppsikt.reports.build.text import text_section
from uppsikt.reports.model import Block, Section

FIVE_YEARS = "fem-år"
"""The placement (`tillhör: fem-år` in indikatorer.yaml) of a five-year indicator."""


def five_year_section(ctx: Context, name: str, number: str) -> Section:
    base = text_section(ctx, name, number, "Fem år i sammandrag")
    groups = {g.name: g.footnotes for g in ctx.ws.indicator_groups}
    order = list(groups)
    members = [
        (m.group, i) for i in ctx.ws.indicators for m in i.placements if m.kind == FIVE_YEARS
    ]
    members.sort(key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order))
    table = indicator_table(
        ctx,
        "fem-ar-i-sammandrag",
        "Fem år i sammandrag",
        members,
        years=5,
        with_targets=False,
        group_notes=groups,
    )
    blocks: list[Block] = [*base.blocks, table]
    choice = ctx.ws.settings.charts.five_years
    known = [i.id for _, i in members]
    unknown_chart_ids(ctx, choice, "fem_år", known, "bland indikatorerna i Fem år i sammandrag")
    charts = indicator_trends(
        ctx, "diagram-fem-ar", "Utvecklingen under fem år", members, 5, choice
    )
    if charts is not None:
        blocks.append(charts)
    return Section(base.id, base.number, base.title, tuple(blocks), base.subsections)
