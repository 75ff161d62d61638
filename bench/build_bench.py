"""Benchmark: build the example and a large synthetic report in every format.

Prints the seconds of each step (load = read, compute, check and build the report model; then
one step per format) and the total, with each figure's ratio to the HTML step of the same
run, so that runs on noisy machines compare. Each build is run REPEAT times; the median is
shown. Targets on a 2-core machine: the example in every format under 3 s, HTML and data
alone under 0.5 s; the large report (300 indicators, 60 tables) in every format under 15 s.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from synthetic import write_synthetic_workspace

from uppsikt.examples import bundled_example
from uppsikt.model.settings import OutputFormat
from uppsikt.pipeline import build
from uppsikt.reports.publish import Timings

REPEAT = 3


def measure(workspace: Path, formats: tuple[OutputFormat, ...]) -> dict[str, float]:
    runs: list[dict[str, float]] = []
    for _ in range(REPEAT):
        timings = Timings()
        with tempfile.TemporaryDirectory() as out:
            result = build(workspace, Path(out) / "rapport", formats, timings)
        if not result.ok:
            sys.exit("\n".join(d.format() for d in result.diagnostics))
        runs.append({**timings.steps, "total": sum(timings.steps.values())})
    return {step: statistics.median(run[step] for run in runs) for step in runs[0]}


def show(title: str, figures: dict[str, float], html: float, target: float) -> None:
    print(f"\n{title}")
    print(f"  {'step':<8} {'seconds':>9} {'× html':>8}")
    for step, seconds in figures.items():
        print(f"  {step:<8} {seconds:>9.3f} {seconds / html:>8.1f}")
    verdict = "OK" if figures["total"] <= target else "OVER TARGET"
    print(f"  target total ≤ {target} s: {verdict}")


def main() -> None:
    every = tuple(OutputFormat)
    example = bundled_example()
    full = measure(example, every)
    html_data = measure(example, (OutputFormat.HTML, OutputFormat.DATA))
    with tempfile.TemporaryDirectory() as folder:
        large = Path(folder) / "syntetisk"
        write_synthetic_workspace(large, indicators=300, tables=60)
        large_figures = measure(large, every)
    html = full["html"]
    show("Example (Örebro VAN 2020), every format", full, html, 3.0)
    show("Example, HTML and data only", html_data, html, 0.5)
    show("Synthetic: 300 indicators, 60 tables, every format", large_figures, html, 15.0)
    print(f"\n(ratios are to the example's HTML step, {html:.3f} s; median of {REPEAT} runs)")


if __name__ == "__main__":
    main()
