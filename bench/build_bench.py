"""Benchmark: build the example and a large synthetic report in every format.

Prints the seconds of each step (load = read, compute, check and build the report model; then
one step per format) and the total, with each figure's ratio to the HTML step of the same
run, so that runs on noisy machines compare. Each build is run REPEAT times; the median is
shown. Targets on a 2-core machine: the example in every format under 3 s, HTML and data
alone under 0.5 s; the large report (300 indicators, 60 tables) in every format under 15 s;
and the Word step at most WORD_TARGET times the PDF step of the same build (issue #15).

The Word step includes waiting for the charts' PNG pictures, which a worker process draws
while the other formats are written (the PDF and HTML use the SVG); that wait is measured
apart ("pictures"), and the Word step's ratio to the PDF is shown with and without it.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from synthetic import write_synthetic_workspace

from uppsikt.examples import bundled_example
from uppsikt.model.settings import OutputFormat
from uppsikt.pipeline import build, load_report
from uppsikt.reports.charts.images import ChartImages
from uppsikt.reports.publish import Timings

REPEAT = 3
WORD_TARGET = 2.0
"""Word's time at most this many times the PDF's (issue #15)."""


class PictureWait:
    """Seconds spent in ``ChartImages.png``: only the Word step asks for PNG pictures, and
    there the time is the wait for the worker process that draws them."""

    seconds = 0.0
    _png = ChartImages.png

    @classmethod
    def install(cls) -> None:
        def timed(images: ChartImages, chart: object) -> bytes:
            start = time.perf_counter()
            try:
                return cls._png(images, chart)  # type: ignore[arg-type]
            finally:
                cls.seconds += time.perf_counter() - start

        ChartImages.png = timed  # type: ignore[method-assign,assignment]


def measure(workspace: Path, formats: tuple[OutputFormat, ...]) -> dict[str, float]:
    runs: list[dict[str, float]] = []
    for _ in range(REPEAT):
        timings = Timings()
        PictureWait.seconds = 0.0
        with tempfile.TemporaryDirectory() as out:
            result = build(workspace, Path(out) / "rapport", formats, timings)
        if not result.ok:
            sys.exit("\n".join(d.format() for d in result.diagnostics))
        runs.append({**timings.steps, "total": sum(timings.steps.values())})
        if "docx" in timings.steps and "pdf" in timings.steps:
            word, pdf = timings.steps["docx"], timings.steps["pdf"]
            runs[-1].update(
                pictures=PictureWait.seconds,
                word_ratio=word / pdf,
                writing_ratio=(word - PictureWait.seconds) / pdf,
            )
    return {step: statistics.median(run[step] for run in runs) for step in runs[0]}


def renderers_alone(workspace: Path) -> tuple[float, float]:
    """The PDF's and the Word renderer's best time of REPEAT, one after the other on one
    report model with its pictures drawn beforehand: the renderers' own work, without the
    wait for the pictures and without the other formats' competition for the processor."""
    from uppsikt.reports.pdf.document import render_pdf  # noqa: PLC0415 - as publish does
    from uppsikt.reports.word.document import render_docx  # noqa: PLC0415

    report, diagnostics = load_report(workspace)
    if report is None:
        sys.exit("\n".join(d.format() for d in diagnostics))
    pdf: list[float] = []
    word: list[float] = []
    with ChartImages() as images:
        for chart in report.charts():
            images.png(chart)
        for _ in range(REPEAT):
            start = time.perf_counter()
            render_pdf(report, images, None)
            pdf.append(time.perf_counter() - start)
            start = time.perf_counter()
            render_docx(report, images)
            word.append(time.perf_counter() - start)
    return min(pdf), min(word)


def show_alone(title: str, pdf: float, word: float) -> None:
    verdict = "OK" if word / pdf <= WORD_TARGET else "MISS"
    print(f"  {title}: pdf {pdf:.3f} s, word {word:.3f} s, word / pdf {word / pdf:.2f} ({verdict})")


def show(title: str, figures: dict[str, float], html: float, target: float) -> None:
    print(f"\n{title}")
    print(f"  {'step':<8} {'seconds':>9} {'× html':>8}")
    for step, seconds in figures.items():
        if step in _WORD_FIGURES:  # shown below
            continue
        print(f"  {step:<8} {seconds:>9.3f} {seconds / html:>8.1f}")
    verdict = "OK" if figures["total"] <= target else "OVER TARGET"
    print(f"  target total ≤ {target} s: {verdict}")
    if "word_ratio" in figures:
        ratio = figures["word_ratio"]
        verdict = "OK" if ratio <= WORD_TARGET else "MISS"
        print(f"  word / pdf: {ratio:.2f} (target ≤ {WORD_TARGET}: {verdict})")
        print(
            f"  word without waiting for the pictures / pdf: {figures['writing_ratio']:.2f} "
            f"(waiting {figures['pictures']:.3f} s of the docx step)"
        )


_WORD_FIGURES = frozenset({"pictures", "word_ratio", "writing_ratio"})


def main() -> None:
    PictureWait.install()
    every = tuple(OutputFormat)
    example = bundled_example()
    full = measure(example, every)
    html_data = measure(example, (OutputFormat.HTML, OutputFormat.DATA))
    with tempfile.TemporaryDirectory() as folder:
        large = Path(folder) / "syntetisk"
        write_synthetic_workspace(large, indicators=300, tables=60)
        large_figures = measure(large, every)
        large_alone = renderers_alone(large)
    example_alone = renderers_alone(example)
    html = full["html"]
    show("Example (Örebro VAN 2020), every format", full, html, 3.0)
    show("Example, HTML and data only", html_data, html, 0.5)
    show("Synthetic: 300 indicators, 60 tables, every format", large_figures, html, 15.0)
    print(
        f"\nRenderers alone, pictures drawn beforehand (best of {REPEAT}; target ≤ {WORD_TARGET})"
    )
    show_alone("example", *example_alone)
    show_alone("synthetic", *large_alone)
    print(f"\n(ratios are to the example's HTML step, {html:.3f} s; median of {REPEAT} runs)")


if __name__ == "__main__":
    main()
