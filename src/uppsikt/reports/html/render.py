"""Render the report model as one self-contained, accessible HTML document.

The document is plain HTML5 with its stylesheet embedded: no JavaScript and no external
resources, so that it can be published as it is and read offline. The profile's typeface
(``templates/fonts``, WOFF2) and the logo are carried in the document as ``data:`` URLs, and the
profile's colours become CSS custom properties. The layout lives in Jinja2 templates
(``templates/*.html.j2``); this module only supplies the formatting helpers. Every string from
the model is escaped; rich text is written by ``html.richtext``, which escapes every text it
writes.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from uppsikt.model.assessment import Assessment
from uppsikt.model.settings import BUNDLED_TYPEFACES, Profile
from uppsikt.reports import cells
from uppsikt.reports.charts.images import ChartImages
from uppsikt.reports.cover import cover
from uppsikt.reports.html.richtext import render_richtext
from uppsikt.reports.model import BlockKind, ReportModel, Row, RowKind, Section, block_kind

TOP_HEADING_LEVEL = 2
"""Heading level of top-level sections (h1 is the report title)."""
MAX_HEADING_LEVEL = 6
MAX_INDENT_LEVEL = 4
"""Deepest indentation class the stylesheet defines (level-1 … level-4)."""
WIDE_TABLE_COLUMNS = 7
"""Tables with at least this many columns of figures are set in smaller type, so that they fit
a 1024 px screen without scrolling."""


FONT_FACES: dict[str, tuple[tuple[str, int, str], ...]] = {
    "IBM Plex Sans": (
        ("IBMPlexSans-Regular.woff2", 400, "normal"),
        ("IBMPlexSans-Italic.woff2", 400, "italic"),
        ("IBMPlexSans-Bold.woff2", 700, "normal"),
        ("IBMPlexSans-BoldItalic.woff2", 700, "italic"),
    ),
}
"""The files of each bundled typeface (``model.settings.BUNDLED_TYPEFACES``) in
``templates/fonts``: (file, weight, style)."""
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}


def render_html(
    report: ReportModel, images: ChartImages | None = None, logo: Path | None = None
) -> str:
    """Render ``report`` as a complete HTML5 document, its charts as inline SVG drawn by
    ``images`` (shared with the other renderers of a build, so each chart is drawn once), and
    ``logo`` (an image file, checked by the settings reader) on the cover."""
    template = _environment().get_template("report.html.j2")
    images = images if images is not None else ChartImages()
    return template.render(
        report=report,
        meta=report.meta,
        cover=cover(report.meta),
        images=images,
        profile_css=profile_css(report.meta.profile),
        logo=logo_url(logo),
    )


def profile_css(profile: Profile) -> Markup:
    """The profile as CSS: ``@font-face`` rules carrying its typeface, and custom properties
    for its colours and font. A value that is not one the settings reader accepts is replaced
    by the default, so nothing from outside reaches the stylesheet unchecked."""
    default = Profile()
    font = profile.font if profile.font in BUNDLED_TYPEFACES else default.font
    colour = profile.colour if _COLOUR.match(profile.colour) else default.colour
    accent = profile.accent if _COLOUR.match(profile.accent) else default.accent
    return Markup(
        _font_faces(font)
        + f":root {{\n  --brand: {colour};\n  --accent: {accent};\n"
        + f'  --font-body: "{font}", system-ui, -apple-system, "Segoe UI", Roboto, Arial, '
        + "sans-serif;\n}\n"
    )


@cache
def _font_faces(font: str) -> str:
    """``@font-face`` rules with the typeface's WOFF2 files inline (read once per process)."""
    folder = resources.files("uppsikt.reports") / "templates" / "fonts"
    rules = []
    for name, weight, style in FONT_FACES.get(font, ()):
        data = base64.b64encode((folder / name).read_bytes()).decode("ascii")
        rules.append(
            f'@font-face {{\n  font-family: "{font}";\n  font-style: {style};\n'
            f"  font-weight: {weight};\n  font-display: swap;\n"
            f'  src: url("data:font/woff2;base64,{data}") format("woff2");\n}}\n'
        )
    return "".join(rules)


def logo_url(logo: Path | None) -> str:
    """The logo as a ``data:`` URL for the cover; empty without a logo, or one that cannot be
    read or has no image type the browser shows (the PDF and Word report those)."""
    if logo is None:
        return ""
    kind = _LOGO_TYPES.get(logo.suffix.lower())
    if kind is None:
        return ""
    try:
        data = logo.read_bytes()
    except OSError:
        return ""
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


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
    env.globals["WIDE_TABLE_COLUMNS"] = WIDE_TABLE_COLUMNS
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
