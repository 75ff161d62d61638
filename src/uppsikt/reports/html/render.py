"""Render the report model as one self-contained, accessible HTML document.

The document is plain HTML5 with its stylesheet embedded: no JavaScript and no external
resources, so that it can be published as it is and read offline. The layout lives in Jinja2
templates (``templates/*.html.j2``); this module only supplies the formatting helpers. Every
string from the model is escaped; rich text is written by ``html.richtext``, which escapes every
text it writes.
"""

from __future__ import annotations

from functools import cache

import jinja2

from uppsikt.model.assessment import Assessment
from uppsikt.reports import cells
from uppsikt.reports.charts.images import ChartImages
from uppsikt.reports.html.richtext import render_richtext
from uppsikt.reports.model import BlockKind, ReportModel, Row, RowKind, Section, block_kind

TOP_HEADING_LEVEL = 2
"""Heading level of top-level sections (h1 is the report title)."""
MAX_HEADING_LEVEL = 6
MAX_INDENT_LEVEL = 4
"""Deepest indentation class the stylesheet defines (level-1 … level-4)."""


def render_html(report: ReportModel, images: ChartImages | None = None) -> str:
    """Render ``report`` as a complete HTML5 document, its charts as inline SVG drawn by
    ``images`` (shared with the other renderers of a build, so each chart is drawn once)."""
    template = _environment().get_template("report.html.j2")
    images = images if images is not None else ChartImages()
    return template.render(report=report, meta=report.meta, images=images)


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("uppsikt.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cell_text"] = cells.cell_text
    env.filters["richtext"] = render_richtext
    env.tests["missing"] = cells.is_missing
    env.filters["section_heading"] = section_heading
    env.filters["row_classes"] = row_classes
    env.filters["assessment_class"] = assessment_class
    env.globals["block_kind"] = block_kind
    env.globals["BlockKind"] = BlockKind
    env.globals["RowKind"] = RowKind
    env.globals["heading_tag"] = heading_tag
    env.globals["MISSING_MARK"] = cells.MISSING_MARK
    return env


def heading_tag(level: int) -> str:
    """'h2' … 'h6': HTML has no deeper headings, so deeper levels stay at h6."""
    return f"h{min(max(level, 1), MAX_HEADING_LEVEL)}"


def section_heading(section: Section) -> str:
    """'4.1 Ekonomi', or just the title for unnumbered sections."""
    return f"{section.number} {section.title}" if section.number else section.title


def row_classes(row: Row) -> str:
    """CSS classes of a table row: its kind and, when indented, its level."""
    level = row.level
    if row.kind is RowKind.BREAKDOWN:
        level = max(level, 1)
    classes = [f"row-{row.kind}"]
    if level > 0:
        classes.append(f"level-{min(level, MAX_INDENT_LEVEL)}")
    return " ".join(classes)


def assessment_class(assessment: Assessment) -> str:
    """CSS class of an assessment, for the (supplementary) colour of its symbol."""
    return "assessment-" + assessment.name.lower().replace("_", "-")
