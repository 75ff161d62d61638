"""The trend chart: a line per series over the categories (years), with the target.

It follows the chart rules (rules.py): the axis from zero, or zoomed with a break mark when
the chart says so; estimates hollow and dashed; series named by end labels or a legend, never
both; coinciding series drawn one round the other."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from uppsikt.reports.cells import APPROXIMATE_PREFIX
from uppsikt.reports.charts import rules
from uppsikt.reports.charts.lines import line_style, marker
from uppsikt.reports.charts.svg import (
    END_LABEL_CHARS,
    GRID_COLOUR,
    LEGEND_ROW,
    PAD,
    SMALL_SIZE,
    TARGET_COLOUR,
    TEXT_COLOUR,
    TREND_HEIGHT,
    TREND_WIDTH,
    UNIT_ROW,
    Axis,
    Canvas,
    baseline,
    document,
    format_value,
    n,
    nice_axis,
    shorten,
    text_width,
    unit_note,
)
from uppsikt.reports.model import Chart, ChartSeries

BREAK_GAP = 20.0
"""Room at the foot of a zoomed axis for its break mark, above the zero."""
NOTE_ROW = 18.0
"""The row under the categories explaining the hollow marker of an estimate."""
ESTIMATE_NOTE = "Ofylld punkt: uppskattat värde"


@dataclass(frozen=True, slots=True)
class _Plot:
    left: float
    right: float
    top: float
    bottom: float
    """The foot of the plot: zero, or below the break of a zoomed axis."""
    axis: Axis

    @property
    def broken(self) -> bool:
        return self.axis.lo > 0

    @property
    def scale_bottom(self) -> float:
        return self.bottom - BREAK_GAP if self.broken else self.bottom

    def y(self, value: Decimal) -> float:
        share = float((value - self.axis.lo) / (self.axis.hi - self.axis.lo))
        return self.scale_bottom - share * (self.scale_bottom - self.top)


@dataclass(frozen=True, slots=True)
class _EndLabel:
    text: str
    value: Decimal
    index: int
    """The series, or -1 for the target."""


@dataclass(frozen=True, slots=True)
class _TrendLayout:
    height: float
    legend: list[list[tuple[int, float]]]
    unit: str
    plot: _Plot
    ends: list[tuple[_EndLabel, float]]
    """The right-margin labels with their y."""
    note: bool
    """Whether the chart has an estimate, explained under the categories."""


def _under(chart: Chart) -> dict[int, int]:
    """For each series lying under coinciding ones, how many are drawn on top of it (the
    first series is drawn last, on top)."""
    found: dict[int, int] = {}
    for group in rules.coinciding(chart.series):
        for rank, index in enumerate(sorted(group)):
            found[index] = rank
    return found


def _points(
    xs: Sequence[float], series: ChartSeries
) -> Iterator[list[tuple[float, Decimal, bool]]]:
    """Consecutive stretches of (x, value, estimate) without a gap."""
    run: list[tuple[float, Decimal, bool]] = []
    for i, (x, value) in enumerate(zip(xs, series.values, strict=True)):
        if value is None:
            if run:
                yield run
            run = []
        else:
            run.append((x, value, series.is_approximate(i)))
    if run:
        yield run


def _stretches(
    run: Sequence[tuple[float, Decimal, bool]],
) -> Iterator[tuple[bool, list[tuple[float, Decimal]]]]:
    """A run's line in stretches of one style: whether the segments lead to or from an
    estimate, and their points (consecutive stretches share their end point)."""
    stretch: list[tuple[float, Decimal]] = []
    current: bool | None = None
    for (x0, v0, e0), (x1, v1, e1) in itertools.pairwise(run):
        estimate = e0 or e1
        if estimate != current and stretch:
            yield bool(current), stretch
            stretch = []
        if not stretch:
            stretch.append((x0, v0))
        stretch.append((x1, v1))
        current = estimate
    if stretch:
        yield bool(current), stretch


def _draw_lines(canvas: Canvas, chart: Chart, plot: _Plot, xs: Sequence[float]) -> None:
    """Each series' line, broken where a value is missing and dashed to and from an
    estimate, and its markers (hollow for an estimate), grouped per series; the first series
    (Totalt) last, so that it lies on top; a series under coinciding ones wider, round them."""
    under = _under(chart)
    for index in reversed(range(len(chart.series))):
        wide = under.get(index, 0)
        canvas.raw(f'<g class="series-{index}">')
        for run in _points(xs, chart.series[index]):
            for estimate, stretch in _stretches(run):
                d = "M" + " L".join(f"{n(x)} {n(plot.y(v))}" for x, v in stretch)
                canvas.path(d, line_style(index, estimate=estimate, under=wide))
            for x, value, estimate in run:
                size = 1 + 0.5 * wide
                canvas.raw(marker(index, x, plot.y(value), hollow=estimate, size=size))
        canvas.raw("</g>")


def _legend_rows(labels: Sequence[str], width: float) -> list[list[tuple[int, float]]]:
    """Legend entries (index, x offset) wrapped into rows no wider than ``width``."""
    rows: list[list[tuple[int, float]]] = [[]]
    x = 0.0
    for index, label in enumerate(labels):
        item = 34 + text_width(label) + 16
        if rows[-1] and x + item - 16 > width:
            rows.append([])
            x = 0.0
        rows[-1].append((index, x))
        x += item
    return rows


def _draw_legend(canvas: Canvas, chart: Chart, rows: list[list[tuple[int, float]]]) -> None:
    for row_number, row in enumerate(rows):
        centre = PAD + LEGEND_ROW * row_number + LEGEND_ROW / 2
        for index, offset in row:
            x = PAD + offset
            canvas.path(f"M{n(x)} {n(centre)} H{n(x + 28)}", line_style(index))
            canvas.raw(marker(index, x + 14, centre))
            canvas.text(x + 34, baseline(centre), shorten(chart.series[index].label))


def _x_positions(count: int, left: float, right: float) -> list[float]:
    if count == 1:
        return [(left + right) / 2]
    inset = min(24.0, (right - left) / (2 * count))
    step = (right - left - 2 * inset) / (count - 1)
    return [left + inset + i * step for i in range(count)]


def _draw_value_axis(canvas: Canvas, chart: Chart, plot: _Plot) -> None:
    for tick in plot.axis.ticks:
        y = plot.y(tick)
        colour = TEXT_COLOUR if tick == 0 and plot.axis.lo < 0 else GRID_COLOUR
        canvas.line(plot.left, y, plot.right, y, colour)
        label = format_value(tick, chart, plot.axis.decimals)
        canvas.text(plot.left - 6, baseline(y, SMALL_SIZE), label, "end", SMALL_SIZE)
    if plot.broken:
        _draw_axis_break(canvas, chart, plot)


def _draw_axis_break(canvas: Canvas, chart: Chart, plot: _Plot) -> None:
    """The zoomed axis's zero at the foot, and a zig-zag on the axis between it and the
    lowest tick: the axis does not run continuously from zero."""
    x, top, foot = plot.left, plot.scale_bottom, plot.bottom
    canvas.line(plot.left, foot, plot.right, foot, TEXT_COLOUR)
    zero = format_value(Decimal(0), chart, 0)
    canvas.text(x - 6, baseline(foot, SMALL_SIZE), zero, "end", SMALL_SIZE)
    middle = (top + foot) / 2
    zigzag = " L".join(
        f"{n(x + dx)} {n(middle + dy)}" for dx, dy in ((0, -7), (-4, -4), (4, 0), (-4, 4), (0, 7))
    )
    canvas.path(
        f"M{n(x)} {n(plot.top)} L{n(x)} {n(top)} L{zigzag} L{n(x)} {n(foot)}",
        f' class="axelbrott" fill="none" stroke="{TEXT_COLOUR}" stroke-width="1.5"',
    )


def _draw_categories(
    canvas: Canvas, categories: Sequence[str], xs: Sequence[float], y: float
) -> None:
    """The category labels under the points: every one that fits, the latest always."""
    if not categories:
        return
    labels = [shorten(c, 16) for c in categories]
    widths = [text_width(label, SMALL_SIZE) for label in labels]
    spacing = xs[1] - xs[0] if len(xs) > 1 else TREND_WIDTH
    every = max(1, math.ceil((max(widths) + 8) / spacing))
    last = len(labels) - 1
    for i, (label, width, x) in enumerate(zip(labels, widths, xs, strict=True)):
        if (last - i) % every == 0:
            centre = min(max(x, width / 2 + 2), TREND_WIDTH - width / 2 - 2)
            canvas.text(centre, y, label, "middle", SMALL_SIZE)


def _draw_target(canvas: Canvas, chart: Chart, plot: _Plot) -> None:
    if chart.target is None:
        return
    y = plot.y(chart.target)
    canvas.line(
        plot.left, y, plot.right, y, TARGET_COLOUR, ' stroke-width="1.5" stroke-dasharray="6 4"'
    )


def _label_below(values: Sequence[Decimal | None], i: int) -> bool:
    """Whether the value label of point ``i`` goes below it: at a low point of the line."""
    value = values[i]
    neighbours = [values[k] for k in (i - 1, i + 1) if 0 <= k < len(values)]
    present = [v for v in neighbours if v is not None]
    return value is not None and bool(present) and all(v > value for v in present)


def _draw_point_labels(canvas: Canvas, chart: Chart, plot: _Plot, xs: Sequence[float]) -> None:
    """Each value of a single line, above its point, or below it at a low point; 'ca' before
    an estimate."""
    series = chart.series[0]
    for i, (x, value) in enumerate(zip(xs, series.values, strict=True)):
        if value is None:
            continue
        y = plot.y(value)
        below = _label_below(series.values, i) and y + 20 <= plot.scale_bottom
        text = format_value(value, chart, chart.decimals)
        if series.is_approximate(i):
            text = APPROXIMATE_PREFIX + text
        canvas.text(x, y + 18 if below else y - 9, text, "middle", SMALL_SIZE)


def _end_labels(chart: Chart, with_series: bool) -> list[_EndLabel]:
    """The right-margin labels: each series at its last value (``with_series``), and the
    target."""
    found: list[_EndLabel] = []
    if with_series:
        for index, series in enumerate(chart.series):
            last = next((v for v in reversed(series.values) if v is not None), None)
            if last is not None:
                found.append(_EndLabel(shorten(series.label, END_LABEL_CHARS), last, index))
    if chart.target is not None:
        value = format_value(chart.target, chart, chart.decimals)
        label = value
        if chart.target_label:
            room = max(END_LABEL_CHARS - len(value) - 2, 8)
            label = f"{shorten(chart.target_label, room)}: {value}"
        found.append(_EndLabel(label, chart.target, -1))
    return found


def _draw_end_labels(canvas: Canvas, plot: _Plot, ends: list[tuple[_EndLabel, float]]) -> None:
    x = plot.right + 6
    for label, y in ends:
        if label.index < 0:
            style = ' stroke-width="1.5" stroke-dasharray="4 2"'
            canvas.line(x, y, x + 12, y, TARGET_COLOUR, style)
        else:
            canvas.raw(marker(label.index, x + 6, y))
        canvas.text(x + 16, baseline(y), label.text)


def _draw_estimate_note(canvas: Canvas, chart: Chart, y: float) -> None:
    index = next(i for i, s in enumerate(chart.series) if any(s.approximate))
    canvas.raw(marker(index, PAD + 5, y, hollow=True))
    canvas.text(PAD + 16, baseline(y, SMALL_SIZE), ESTIMATE_NOTE, size=SMALL_SIZE)


def _layout(chart: Chart, legend: list[list[tuple[int, float]]], axis: Axis) -> _TrendLayout:
    """Where everything goes, with ``legend`` rows on top (none: the series are named at
    their ends): unit on top, tick labels left, end labels right, categories below."""
    multi = len(chart.series) > 1
    note = any(any(s.approximate) for s in chart.series)
    height = TREND_HEIGHT + LEGEND_ROW * len(legend) + (NOTE_ROW if note else 0)
    tick_width = max(
        text_width(format_value(t, chart, axis.decimals), SMALL_SIZE) for t in axis.ticks
    )
    ends = _end_labels(chart, multi and not legend)
    end_width = max((text_width(e.text) + 22 for e in ends), default=12.0)
    unit = unit_note(chart.unit)
    headroom = 8.0 if multi else 16.0  # single lines carry value labels above the points
    top = PAD + LEGEND_ROW * len(legend) + (UNIT_ROW + 4 if unit else 0) + headroom
    bottom = height - PAD - 20 - (NOTE_ROW if note else 0)
    plot = _Plot(PAD + tick_width + 8, TREND_WIDTH - PAD - end_width, top, bottom, axis)
    wanted = [plot.y(e.value) for e in ends]
    placed = rules.spread(wanted, rules.END_LABEL_GAP, plot.top, plot.bottom)
    return _TrendLayout(height, legend, unit, plot, list(zip(ends, placed, strict=True)), note)


def _fits(layout: _TrendLayout) -> bool:
    """Whether the series' end labels stay near their lines (the chart rules)."""
    wanted = [layout.plot.y(e.value) for e, _ in layout.ends]
    widths = [text_width(e.text) for e, _ in layout.ends if e.index >= 0]
    return rules.end_labels_fit(wanted, [y for _, y in layout.ends], widths)


def _trend_layout(chart: Chart) -> _TrendLayout:
    """Series named by labels at their ends when those fit, by a legend otherwise."""
    values = [v for s in chart.series for v in s.values if v is not None]
    if chart.target is not None:
        values.append(chart.target)
    axis = nice_axis(*rules.line_range(values or [Decimal(0)], chart.axis_break), chart.decimals)
    layout = _layout(chart, [], axis)
    if len(chart.series) < 2 or _fits(layout):
        return layout
    labels = [shorten(s.label) for s in chart.series]
    return _layout(chart, _legend_rows(labels, TREND_WIDTH - 2 * PAD), axis)


def trend(chart: Chart) -> str:
    canvas = Canvas()
    layout = _trend_layout(chart)
    plot = layout.plot
    _draw_legend(canvas, chart, layout.legend)
    if layout.unit:
        canvas.text(PAD, PAD + LEGEND_ROW * len(layout.legend) + 12, layout.unit, size=SMALL_SIZE)
    _draw_value_axis(canvas, chart, plot)
    xs = _x_positions(len(chart.categories), plot.left, plot.right)
    _draw_categories(canvas, chart.categories, xs, plot.bottom + 16)
    _draw_target(canvas, chart, plot)
    _draw_lines(canvas, chart, plot, xs)
    if len(chart.series) == 1:
        _draw_point_labels(canvas, chart, plot, xs)
    _draw_end_labels(canvas, plot, layout.ends)
    if layout.note:
        _draw_estimate_note(canvas, chart, plot.bottom + 20 + NOTE_ROW / 2)
    return document(chart, (TREND_WIDTH, layout.height), canvas)
