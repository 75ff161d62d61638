"""The blocks of the report as Typst markup: text, observations, goals and charts (tables are
in ``pdf_tables``).

Layout follows the HTML report; the functions called here (``report-table``, ``stance``, …)
are defined in ``templates/report.typ``. Every text goes through ``pdf_typst.escape`` or
``pdf_typst.string``; numbers are formatted as in the HTML report.
"""

from __future__ import annotations

from collections.abc import Callable

from uppsikt.model.assessment import Assessment
from uppsikt.reports.model import (
    Block,
    Chart,
    ChartGroup,
    CommitmentView,
    Goals,
    GoalView,
    Observations,
    ObservationSummary,
    Table,
    Text,
)
from uppsikt.reports.pdf import tables as pdf_tables
from uppsikt.reports.pdf.markup import content, escape, richtext, string

ImageSource = Callable[[Chart], str]
"""The Typst expression that loads a chart's SVG (a path or bytes), for ``image()``."""
SINGLE_CHART_WIDTH = "85%"
"""Width of a chart on its own; charts of a group fill their half of the page."""


def block(item: Block, level: int, image_source: ImageSource) -> str:
    """``item`` as Typst markup; ``level`` is the heading level of its section."""
    if isinstance(item, Chart | ChartGroup):
        return chart(item, image_source)
    if isinstance(item, Text):
        return text(item, level)
    if isinstance(item, Table):
        return pdf_tables.table(item)
    if isinstance(item, ObservationSummary):
        return summary(item)
    # The headings of observations and goals go one level below the section's.
    if isinstance(item, Observations):
        return observations(item, level + 1)
    return goals(item, level + 1)


def heading(title: str, level: int, *, outlined: bool = False) -> str:
    flag = "" if outlined else ", outlined: false"
    return f"#heading(level: {level}{flag}){content(title)}"


def text(item: Text, level: int) -> str:
    """Narrative; headings inside it go below ``level``."""
    return richtext(item.body, level)


# Observations and goals -------------------------------------------------------------------


def _items(items: tuple[str, ...], none_given: bool = True) -> str:
    if not items:
        return "#muted-text[Inga angivna.]" if none_given else ""
    return f"#list({', '.join(content(i) for i in items)})"


def observations(o: Observations, level: int) -> str:
    parts: list[str] = []
    for title, items in (
        ("Positiva iakttagelser", o.positive),
        ("Förbättringsområden", o.improvements),
    ):
        if items or o.none_given:
            parts.extend((heading(title, level), _items(items)))
    return "\n\n".join(parts)


def summary(s: ObservationSummary) -> str:
    """Every målområde's observations side by side, as a table."""
    rows = "".join(
        f"  {content(area)}, [{_items(obs.positive, s.none_given)}], "
        f"[{_items(obs.improvements, s.none_given)}],\n"
        for area, obs in s.areas
    )
    return (
        "#report-table(caption: [Sammanfattande iakttagelser per målområde], size: 9pt,\n"
        "table(columns: (1fr, 1.6fr, 1.6fr), stroke: table-stroke, fill: header-fill,\n"
        "  table.header(repeat: true, [Målområde], [Positiva iakttagelser], "
        "[Förbättringsområden]),\n" + rows + "))"
    )


def goals(g: Goals, level: int) -> str:
    parts = [_goal(item, level) for item in g.goals]
    if g.directions:
        parts.append(heading(g.directions_heading, level))
        for d in g.directions:
            parts.append(heading(d.text, level + 1))
            if d.contribution is not None:
                parts.append(text(d.contribution, level + 1))
    return "\n\n".join(parts)


def _goal(item: GoalView, level: int) -> str:
    parts = [
        f"#heading(level: {level}, outlined: false)[#goal-kicker[Kommunfullmäktiges mål:]"
        f"#linebreak(){escape(item.text)}]",
    ]
    if item.stance is not None:
        parts.append(f"#stance{content(item.stance.label)}")
    if item.own_assessment is not None:
        parts.append(_own_assessment(item.own_assessment, item.own_reason))
    if item.description is not None:
        parts.append(text(item.description, level))
    parts.extend(_commitment(c, level + 1) for c in item.commitments)
    return "\n\n".join(parts)


def _own_assessment(assessment: Assessment, reason: str) -> str:
    """The nämnd's own assessment, beside the computed one, and its reason."""
    own = f"#strong[Nämndens bedömning:] {pdf_tables.assessment(assessment)}"
    return own + (f"\n\n{escape(reason)}" if reason else "")


def _commitment(c: CommitmentView, level: int) -> str:
    label = "Bedömning:" if c.own_assessment is None else "Bedömning enligt indikatorerna:"
    parts = [heading(c.text, level)]
    if c.assessment is not None:  # None in a plan
        parts.append(f"#strong[{label}] {pdf_tables.assessment(c.assessment)}")
    if c.own_assessment is not None:
        parts.append(_own_assessment(c.own_assessment, c.own_reason))
    if c.indicators:
        lead = "Följs upp med:" if c.assessment is None else "Bedömningen bygger på:"
        parts.append(f"{lead}\n#list({', '.join(map(content, c.indicators))})")
    if c.description is not None:
        parts.append(text(c.description, level))
    return "\n\n".join(parts)


# Charts --------------------------------------------------------------------------------------


def chart(item: Chart | ChartGroup, image_source: ImageSource) -> str:
    """A chart with its caption, or a group of charts two by two under the group's title."""
    if isinstance(item, Chart):
        return "#" + _figure(item, image_source, SINGLE_CHART_WIDTH)
    charts = "".join(_figure(c, image_source, "100%") + ", " for c in item.charts)
    return f"#chart-group(title: {content(item.title)}, ({charts}))"


def _figure(c: Chart, image_source: ImageSource, width: str) -> str:
    image = f'image({image_source(c)}, format: "svg", alt: {string(c.description)}, width: {width})'
    return f"chart(caption: {content(c.title)}, {image})"
