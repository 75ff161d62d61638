"""Drawing charts of the report model as SVG, and as PNG where a format needs a picture.

The SVG is written directly, without a charting library: a chart of the report is small and
its kinds are few, and drawing it here takes well under a millisecond where a library took
tens. Every chart is a standalone SVG 1.1 document with its title and text alternative, and
can be read without colour: series differ in dash pattern and marker shape, bars in fill
pattern or lightness, and every line or bar is labelled directly.

No figure of the report is computed here: values are placed and labelled as they stand, and
only the layout (positions and the axis ticks) is derived from them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from types import MappingProxyType

import vl_convert

from uppsikt.reports.charts.bars import diverging, grouped
from uppsikt.reports.charts.svg import (
    BACKGROUND,
    BAR_COLOUR,
    BAR_WIDTH,
    DASHES,
    DIVERGING_BAR,
    DIVERGING_ROW,
    END_LABEL_CHARS,
    FONT_FAMILY,
    FONT_SIZE,
    GRID_COLOUR,
    GROUP_BAR,
    GROUP_BAR_GAP,
    GROUP_FILLS,
    GROUP_GAP,
    LEGEND_ROW,
    MARKERS,
    MAX_LABEL_CHARS,
    MAX_TICKS,
    MIN_TICKS,
    NEGATIVE_BACKGROUND,
    NEGATIVE_COLOUR,
    PAD,
    SERIES_COLOURS,
    SMALL_SIZE,
    TARGET_COLOUR,
    TEXT_COLOUR,
    TREND_HEIGHT,
    TREND_WIDTH,
    UNIT_ROW,
    shorten,
    text_width,
)
from uppsikt.reports.charts.trend import trend
from uppsikt.reports.model import Chart, ChartKind

__all__ = [
    "BACKGROUND",
    "BAR_COLOUR",
    "BAR_WIDTH",
    "DASHES",
    "DIVERGING_BAR",
    "DIVERGING_ROW",
    "END_LABEL_CHARS",
    "FONT_FAMILY",
    "FONT_SIZE",
    "GRID_COLOUR",
    "GROUP_BAR",
    "GROUP_BAR_GAP",
    "GROUP_FILLS",
    "GROUP_GAP",
    "LEGEND_ROW",
    "MARKERS",
    "MAX_LABEL_CHARS",
    "MAX_TICKS",
    "MIN_TICKS",
    "NEGATIVE_BACKGROUND",
    "NEGATIVE_COLOUR",
    "PAD",
    "SERIES_COLOURS",
    "SMALL_SIZE",
    "TARGET_COLOUR",
    "TEXT_COLOUR",
    "TREND_HEIGHT",
    "TREND_WIDTH",
    "UNIT_ROW",
    "ChartImages",
    "render_svg",
    "shorten",
    "svg_to_png",
    "text_width",
]


def render_svg(chart: Chart) -> str:
    """A standalone, accessible SVG document of ``chart``."""
    draw = _DRAWERS.get(chart.kind)
    if draw is None:
        raise ValueError(f"unknown chart kind: {chart.kind}")
    return draw(chart)


_DRAWERS: Mapping[ChartKind, Callable[[Chart], str]] = MappingProxyType(
    {ChartKind.TREND: trend, ChartKind.DIVERGING: diverging, ChartKind.GROUPED: grouped}
)


class ChartImages:
    """Each chart drawn once per build, whichever renderers ask for it.

    Drawings are kept per chart (by value, so two different charts that happen to share an
    id are never confused). PNG drawing is the slow part of a build (resvg lays out text at
    about 1.4 ms a label), so ``prefetch_png`` starts it in a worker process while the other
    formats are written; use the object as a context manager so the worker is stopped."""

    def __init__(self, scale: float = 2.0) -> None:
        self.scale = scale
        self._svg: dict[Chart, str] = {}
        self._png: dict[Chart, bytes] = {}
        self._pending: dict[Chart, Future[bytes]] = {}
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ChartImages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def svg(self, chart: Chart) -> str:
        """The SVG document of ``chart``."""
        if chart not in self._svg:
            self._svg[chart] = render_svg(chart)
        return self._svg[chart]

    def prefetch_png(self, charts: Iterable[Chart]) -> None:
        """Start drawing the PNGs of ``charts``, in order, in one worker process (the other
        core of the machine stays with the renderers that run meanwhile)."""
        wanted = [c for c in dict.fromkeys(charts) if c not in self._png and c not in self._pending]
        if not wanted:
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
        for chart in wanted:
            self._pending[chart] = self._pool.submit(svg_to_png, self.svg(chart), self.scale)

    def png(self, chart: Chart) -> bytes:
        """``chart`` as PNG, ``scale`` times its SVG size."""
        if chart not in self._png:
            pending = self._pending.pop(chart, None)
            if pending is not None:
                self._png[chart] = pending.result()
            else:
                self._png[chart] = svg_to_png(self.svg(chart), self.scale)
        return self._png[chart]


def svg_to_png(svg: str, scale: float) -> bytes:
    """Rasterise an SVG document with resvg (through vl-convert); runs in worker processes."""
    return bytes(vl_convert.svg_to_png(svg, scale=scale))
