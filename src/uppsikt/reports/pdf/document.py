"""Render the report model as an accessible PDF (PDF/UA-1), compiled offline with Typst.

The Typst source is the layout of ``templates/report.typ`` followed by a body generated from
the model (``pdf_blocks``), with every text escaped (``pdf_typst``). Typst tags the document
(headings, lists, tables with header cells, figures with alternative text), embeds its own
fonts, writes the outline (bookmarks) and refuses to build a PDF/UA file that lacks a title
or an image without alternative text. Chart SVGs and the logo are handed to Typst as files in a
temporary folder that is the compilation root, so the document can read nothing else.

The typeface is the kommun's profile font from ``templates/fonts`` (bundled, SIL OFL), the only
fonts Typst sees besides its own; the profile's colours and font reach the template as
``sys.inputs``.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path

import typst

from uppsikt.model.settings import Profile
from uppsikt.reports.charts.images import ChartImages
from uppsikt.reports.cover import cover
from uppsikt.reports.model import Meta, ReportModel, Section
from uppsikt.reports.pdf import blocks as pdf_blocks
from uppsikt.reports.pdf.markup import content, string

LOGO_FORMATS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})
"""Image formats Typst reads, for the logo on the cover."""
_LOGO_NAME = "logotyp"


class PdfError(Exception):
    """The PDF could not be built; the message (in Swedish) says why."""


def render_pdf(report: ReportModel, images: ChartImages, logo: Path | None = None) -> bytes:
    """``report`` as a tagged PDF/UA-1 document with a cover, contents and page numbers."""
    with tempfile.TemporaryDirectory(prefix="uppsikt-pdf-") as folder:
        root = Path(folder)
        charts = _place_charts(report, images, root)
        logo_path = _place_logo(logo, root) if logo is not None else None
        source = typst_source(report, lambda chart: string(charts[chart.id]), logo_path)
        return _compile(source, root, report.meta.profile)


_UNDISPLAYABLE = re.compile(r"the text `\"(.*?)\"` could not be displayed")
_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]{1,6})\}")
_MAX_ATTEMPTS = 25
REPLACEMENT = "?"
"""Shown in the PDF for a character none of its fonts has (the HTML, Word and Excel show it)."""
_undisplayable: set[str] = set()
"""Characters found missing from the embedded fonts, kept for the process."""


def _compile(source: str, root: Path, profile: Profile) -> bytes:
    """The PDF of ``source``; a character none of the embedded fonts has (a script they do
    not cover, an emoji) fails PDF/UA-1, which requires every glyph: it is replaced by
    :data:`REPLACEMENT` and the document compiled again."""
    main = root / "rapport.typ"
    inputs = {"font": profile.font, "colour": profile.colour, "accent": profile.accent}
    for _ in range(_MAX_ATTEMPTS):
        for char in _undisplayable & set(source):
            source = source.replace(char, REPLACEMENT)
        main.write_text(source, encoding="utf-8")
        try:
            with font_folder() as fonts:
                data = typst.compile(
                    str(main),
                    root=str(root),
                    font_paths=[str(fonts)],
                    sys_inputs=inputs,
                    pdf_standards=["ua-1"],
                    ignore_system_fonts=True,
                    timestamp=_timestamp(),
                )
        except typst.TypstError as exc:
            missing = _missing_characters(exc.message)
            if not missing or missing <= _undisplayable:
                raise PdfError(f"PDF-filen kunde inte skapas: {exc.message}") from exc
            _undisplayable.update(missing)
            continue
        if not isinstance(data, bytes):  # pragma: no cover - typst returns bytes for one PDF
            raise PdfError("PDF-filen kunde inte skapas: Typst gav inget dokument.")
        return data
    raise PdfError(
        "PDF-filen kunde inte skapas: texten har för många tecken som typsnitten saknar."
    )


def _missing_characters(message: str) -> set[str]:
    """The characters of the text typst names as undisplayable (none for other errors)."""
    found = _UNDISPLAYABLE.search(message)
    if found is None:
        return set()
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), found.group(1))
    return {c for c in text if ord(c) > 127}


def typst_source(
    report: ReportModel, image_source: pdf_blocks.ImageSource, logo: str | None = None
) -> str:
    """The complete Typst source of the report; ``logo`` is its path inside the root."""
    meta = report.meta
    parts = [
        _template(),
        f"#show: report.with(title: {string(document_title(meta))}, "
        f"running: {content(document_title(meta))}, kommun: {string(meta.kommun)})",
        _cover(meta, logo),
        "#contents()",
    ]
    parts.extend(_section(section, 1, image_source) for section in report.sections)
    colophon = cover(meta).colophon
    if colophon:
        parts.append(f"#colophon({content(colophon)})")
    return "\n\n".join(parts) + "\n"


def document_title(meta: Meta) -> str:
    """The PDF's title, as the HTML report's: 'Årsberättelse 2020 – Vuxenutbildningsnämnden'."""
    return f"{meta.shown_title} – {meta.namnd}"


def _cover(meta: Meta, logo: str | None) -> str:
    texts = cover(meta)
    details = [content(t) for t in (texts.year, texts.decision, texts.diarienummer) if t]
    logo_image = (
        f"image({string(logo)}, alt: {string('Logotyp för ' + meta.kommun)}, height: 100%)"
        if logo
        else "none"
    )
    return (
        f"#cover(kommun: {content(texts.kommun)}, namnd: {content(texts.namnd)}, "
        f"report-title: {content(texts.title)}, "
        f"details: ({''.join(d + ', ' for d in details)}), logo: {logo_image})"
    )


def _section(section: Section, level: int, image_source: pdf_blocks.ImageSource) -> str:
    title = f"{section.number} {section.title}" if section.number else section.title
    parts = [pdf_blocks.heading(title, level, outlined=True)]
    parts.extend(pdf_blocks.block(b, level, image_source) for b in section.blocks)
    parts.extend(_section(sub, level + 1, image_source) for sub in section.subsections)
    return "\n\n".join(parts)


def _place_charts(report: ReportModel, images: ChartImages, root: Path) -> dict[str, str]:
    """Write each chart's SVG into the compilation root; their paths there, by chart id.

    Files are a little faster for Typst than the same SVGs passed in memory (``sys.inputs``).
    """
    (root / "diagram").mkdir()
    paths: dict[str, str] = {}
    for index, chart in enumerate(report.charts()):
        path = f"/diagram/{index}.svg"
        (root / path[1:]).write_text(images.svg(chart), encoding="utf-8")
        paths[chart.id] = path
    return paths


def _place_logo(logo: Path, root: Path) -> str:
    """Copy the logo into the compilation root; its path there, for ``image()``."""
    suffix = logo.suffix.lower()
    if suffix not in LOGO_FORMATS:
        formats = ", ".join(sorted(LOGO_FORMATS))
        raise PdfError(f"Logotypen {logo} har ett format som inte stöds (använd {formats}).")
    try:
        data = logo.read_bytes()
    except OSError as exc:
        raise PdfError(f"Logotypen {logo} kunde inte läsas: {exc.strerror}") from exc
    (root / f"{_LOGO_NAME}{suffix}").write_bytes(data)
    return f"/{_LOGO_NAME}{suffix}"


def _timestamp() -> int | None:
    """SOURCE_DATE_EPOCH when set, for reproducible builds; otherwise the current time."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else None


@contextlib.contextmanager
def font_folder() -> Iterator[Path]:
    """The folder of the bundled fonts, as a path on disk while the context lasts."""
    with resources.as_file(resources.files("uppsikt.reports") / "templates" / "fonts") as path:
        yield path


@cache
def _template() -> str:
    return (resources.files("uppsikt.reports") / "templates" / "report.typ").read_text("utf-8")
