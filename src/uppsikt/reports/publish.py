"""Publishing one report model in every format asked for, into one folder.

Each renderer gets the same report model and the same chart images (drawn once per build).
A renderer that refuses its input (a Word template without the styles uppsikt needs, say)
raises PublishError with a diagnostic for the user; the pipeline then writes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import MappingProxyType

from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.model.settings import OutputFormat
from uppsikt.reports.build.context import slug
from uppsikt.reports.charts.images import ChartImages
from uppsikt.reports.datapackage.writer import write_datapackage
from uppsikt.reports.html.render import render_html
from uppsikt.reports.model import ReportModel

REPORT_FILE = "index.html"
DATA_FOLDER = "data"


class PublishError(Exception):
    """A renderer could not publish; ``diagnostic`` tells the user why and what to do."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass(frozen=True, slots=True)
class PublishOptions:
    formats: tuple[OutputFormat, ...] = tuple(OutputFormat)
    word_template: Path | None = None
    logo: Path | None = None


@dataclass
class Timings:
    """Seconds spent per step, in the order run (for the benchmark)."""

    steps: dict[str, float] = field(default_factory=dict)

    def run(self, name: str, step: Callable[[], None]) -> None:
        start = time.perf_counter()
        step()
        self.steps[name] = self.steps.get(name, 0.0) + time.perf_counter() - start


def file_stem(report: ReportModel) -> str:
    """E.g. 'arsberattelse-2020' for the documents' file names."""
    return slug(report.meta.title)


def publish(
    report: ReportModel, folder: Path, options: PublishOptions, timings: Timings | None = None
) -> None:
    """Write every format of ``options`` into ``folder`` (which must exist)."""
    clock = timings or Timings()
    stem = file_stem(report)
    # Word is written last, so that its chart pictures are drawn in a worker process while
    # the other formats are written.
    formats = sorted(options.formats, key=lambda f: f is OutputFormat.DOCX)
    with ChartImages() as images:
        if OutputFormat.DOCX in formats:
            images.prefetch_png(report.charts())
        target = _Target(report, folder, stem, images, options)
        for output in formats:
            clock.run(output.value, partial(_write, output, target))


@dataclass(frozen=True, slots=True)
class _Target:
    """What a renderer needs to write one format into the output folder."""

    report: ReportModel
    folder: Path
    stem: str
    images: ChartImages
    options: PublishOptions


def _write(output: OutputFormat, target: _Target) -> None:
    renderer = RENDERERS.get(output)
    if renderer is None:  # a new OutputFormat without a renderer is a bug, never Excel
        raise ValueError(f"no renderer for the output format {output.value!r}")
    renderer(target)


def _write_html(target: _Target) -> None:
    html = render_html(target.report, target.images, target.options.logo)
    (target.folder / REPORT_FILE).write_text(html, encoding="utf-8")


def _write_data(target: _Target) -> None:
    write_datapackage(target.report, target.folder / DATA_FOLDER)


def _write_xlsx(target: _Target) -> None:
    from uppsikt.reports.excel.workbook import write_xlsx  # noqa: PLC0415 - only when asked

    write_xlsx(target.report, target.folder / f"{target.stem}-tabeller.xlsx")


def _write_docx(target: _Target) -> None:
    from uppsikt.reports.word.document import TemplateError, render_docx  # noqa: PLC0415

    options = target.options
    try:
        data = render_docx(target.report, target.images, options.word_template, options.logo)
    except TemplateError as exc:
        # The message names the file at fault (template or logo) and says what to do.
        file = str(exc.path) if exc.path else None
        raise PublishError(
            Diagnostic("UPP501", Severity.ERROR, str(exc), Location(file=file))
        ) from exc
    (target.folder / f"{target.stem}.docx").write_bytes(data)


def _write_pdf(target: _Target) -> None:
    from uppsikt.reports.pdf.document import PdfError, render_pdf  # noqa: PLC0415 - only when asked

    options = target.options
    try:
        data = render_pdf(target.report, target.images, options.logo)
    except PdfError as exc:
        file = str(options.logo) if options.logo else None
        raise PublishError(
            Diagnostic(
                "UPP502",
                Severity.ERROR,
                str(exc),
                Location(file=file),
                "Spara logotypen som PNG eller JPEG, eller ta bort «logotyp» ur uppsikt.yaml."
                if options.logo
                else "Ett fel i uppsikt, inte i arbetsytan: rapportera det gärna med felet ovan.",
            )
        ) from exc
    (target.folder / f"{target.stem}.pdf").write_bytes(data)


RENDERERS: Mapping[OutputFormat, Callable[[_Target], None]] = MappingProxyType(
    {
        OutputFormat.HTML: _write_html,
        OutputFormat.DATA: _write_data,
        OutputFormat.DOCX: _write_docx,
        OutputFormat.PDF: _write_pdf,
        OutputFormat.XLSX: _write_xlsx,
    }
)
"""The renderer of each output format: the one place a format is tied to its writer."""
