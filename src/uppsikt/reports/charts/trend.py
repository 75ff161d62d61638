"""The trend chart: a line per series over the categories (years), with the target."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from uppsikt.reports.charts.svg import (
    DASHES,
    END_LABEL_CHARS,
    FLAT_SHARE,
    GRID_COLOUR,
    LEGEND_ROW,
    MARKERS,
    PAD,
    SERIES_COLOURS,
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

# Trend: a line per series over the categories


def _trend_range(values: Sequence[Decimal]) -> tuple[Decimal, Decimal]:
    """The range the axis must show: from zero, unless that would flatten the lines."""
    lo, hi = min(values), max(values)
    if lo == hi:
        return (min(lo, Decimal(0)), max(hi, Decimal(0))) if lo != 0 else (lo, Decimal(1))
    span = hi - lo
    if lo >= 0 and span >= FLAT_SHARE * hi:
        return Decimal(0), hi
    if hi <= 0 and span >= FLAT_SHARE * -lo:
        return lo, Decimal(0)
    if lo > 0:
        return max(lo - span / 10, Decimal(0)), hi
    if hi < 0:
        return lo, min(hi + span / 10, Decimal(0))
    return lo, hi


@dataclass(frozen=True, slots=True)
class _Plot:
    left: float
    right: float
    top: float
    bottom: float
    axis: Axis

    def y(self, value: Decimal) -> float:
        share = float((value - self.axis.lo) / (self.axis.hi - self.axis.lo))
        return self.bottom - share * (self.bottom - self.top)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    """A marker of ``shape`` centred on (x, y), outlined in white to stand out on lines."""
    edge = ' stroke="#ffffff" stroke-width="1"'
    if shape == "circle":
        return f'<circle cx="{n(x)}" cy="{n(y)}" r="4.5" fill="{colour}"{edge}/>'
    if shape == "ring":
        return (
            f'<circle cx="{n(x)}" cy="{n(y)}" r="4" fill="#ffffff" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
    if shape == "square":
        return f'<rect x="{n(x - 4)}" y="{n(y - 4)}" width="8" height="8" fill="{colour}"{edge}/>'
    points = {
        "triangle": ((0, -5.5), (5, 3.5), (-5, 3.5)),
        "triangle-down": ((0, 5.5), (5, -3.5), (-5, -3.5)),
        "diamond": ((0, -5.5), (5, 0), (0, 5.5), (-5, 0)),
    }[shape]
    d = "M" + " L".join(f"{n(x + dx)} {n(y + dy)}" for dx, dy in points) + "Z"
    return f'<path d="{d}" fill="{colour}"{edge}/>'


def _line_style(index: int) -> str:
    colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
    dash = DASHES[index % len(DASHES)]
    width = "2.5" if index == 0 else "2"
    style = f' fill="none" stroke="{colour}" stroke-width="{width}" stroke-linejoin="round"'
    return style + (f' stroke-dasharray="{dash}"' if dash else "")


def _series_marker(index: int, x: float, y: float) -> str:
    colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
    return _marker(MARKERS[index % len(MARKERS)], x, y, colour)


def _runs(
    xs: Sequence[float], values: Sequence[Decimal | None]
) -> Iterator[list[tuple[float, Decimal]]]:
    """Consecutive stretches of values without a gap."""
    run: list[tuple[float, Decimal]] = []
    for x, value in zip(xs, values, strict=True):
        if value is None:
            if run:
                yield run
            run = []
        else:
            run.append((x, value))
    if run:
        yield run


def _legend_sample(canvas: Canvas, index: int, x: float, y: float) -> None:
    """A short stretch of a series' line with its marker, as in the chart."""
    canvas.path(f"M{n(x)} {n(y)} H{n(x + 28)}", _line_style(index))
    canvas.raw(_series_marker(index, x + 14, y))


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


def _draw_trend_legend(canvas: Canvas, chart: Chart, rows: list[list[tuple[int, float]]]) -> None:
    for row_number, row in enumerate(rows):
        centre = PAD + LEGEND_ROW * row_number + LEGEND_ROW / 2
        for index, offset in row:
            _legend_sample(canvas, index, PAD + offset, centre)
            label = shorten(chart.series[index].label)
            canvas.text(PAD + offset + 34, baseline(centre), label)


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


def _draw_lines(canvas: Canvas, chart: Chart, plot: _Plot, xs: Sequence[float]) -> None:
    """Each series' line, broken where a value is missing, and its markers, grouped per
    series; the first series (Totalt) last, so that it lies on top."""
    for index in reversed(range(len(chart.series))):
        values = chart.series[index].values
        canvas.raw(f'<g class="series-{index}">')
        for run in _runs(xs, values):
            if len(run) > 1:
                d = "M" + " L".join(f"{n(x)} {n(plot.y(v))}" for x, v in run)
                canvas.path(d, _line_style(index))
        for x, value in zip(xs, values, strict=True):
            if value is not None:
                canvas.raw(_series_marker(index, x, plot.y(value)))
        canvas.raw("</g>")


def _label_below(values: Sequence[Decimal | None], i: int) -> bool:
    """Whether the value label of point ``i`` goes below it: at a low point of the line."""
    value = values[i]
    neighbours = [values[k] for k in (i - 1, i + 1) if 0 <= k < len(values)]
    present = [v for v in neighbours if v is not None]
    return value is not None and bool(present) and all(v > value for v in present)


def _draw_point_labels(canvas: Canvas, chart: Chart, plot: _Plot, xs: Sequence[float]) -> None:
    """Each value of a single line, above its point, or below it at a low point."""
    values = chart.series[0].values
    for i, (x, value) in enumerate(zip(xs, values, strict=True)):
        if value is None:
            continue
        y = plot.y(value)
        below = _label_below(values, i) and y + 20 <= plot.bottom
        baseline = y + 18 if below else y - 9
        canvas.text(x, baseline, format_value(value, chart, chart.decimals), "middle", SMALL_SIZE)


def _end_labels(chart: Chart, multi: bool) -> list[tuple[str, Decimal, int]]:
    """The right-margin labels (text, value, series index or -1): each series at its last
    value (when there are several), and the target."""
    found: list[tuple[str, Decimal, int]] = []
    if multi:
        for index, series in enumerate(chart.series):
            last = _last_value(series)
            if last is not None:
                found.append((shorten(series.label, END_LABEL_CHARS), last, index))
    if chart.target is not None:
        value = format_value(chart.target, chart, chart.decimals)
        label = value
        if chart.target_label:
            room = max(END_LABEL_CHARS - len(value) - 2, 8)
            label = f"{shorten(chart.target_label, room)}: {value}"
        found.append((label, chart.target, -1))
    return found


def _last_value(series: ChartSeries) -> Decimal | None:
    return next((v for v in reversed(series.values) if v is not None), None)


def _spread(wanted: Sequence[float], gap: float, lo: float, hi: float) -> list[float]:
    """Positions as near ``wanted`` as possible, at least ``gap`` apart, within lo–hi."""
    order = sorted(range(len(wanted)), key=lambda i: (wanted[i], i))
    placed = [min(max(wanted[i], lo), hi) for i in order]
    for k in range(1, len(placed)):
        placed[k] = max(placed[k], placed[k - 1] + gap)
    if placed and placed[-1] > hi:
        placed[-1] = hi
        for k in range(len(placed) - 2, -1, -1):
            placed[k] = min(placed[k], placed[k + 1] - gap)
    result = [0.0] * len(wanted)
    for k, i in enumerate(order):
        result[i] = placed[k]
    return result


def _draw_end_labels(canvas: Canvas, chart: Chart, plot: _Plot) -> None:
    """Series and target labels in the right margin, spread so that none overlap."""
    ends = _end_labels(chart, len(chart.series) > 1)
    positions = _spread([plot.y(v) for _, v, _ in ends], 16, plot.top, plot.bottom)
    x = plot.right + 6
    for (text, _, index), y in zip(ends, positions, strict=True):
        if index < 0:
            style = ' stroke-width="1.5" stroke-dasharray="4 2"'
            canvas.line(x, y, x + 12, y, TARGET_COLOUR, style)
        else:
            canvas.raw(_series_marker(index, x + 6, y))
        canvas.text(x + 16, baseline(y), text)


@dataclass(frozen=True, slots=True)
class _TrendLayout:
    height: float
    legend: list[list[tuple[int, float]]]
    unit: str
    plot: _Plot


def _trend_layout(chart: Chart) -> _TrendLayout:
    """Where everything of a trend chart goes: legend and unit on top, tick labels left,
    end labels right, categories below."""
    multi = len(chart.series) > 1
    labels = [shorten(s.label) for s in chart.series]
    legend = _legend_rows(labels, TREND_WIDTH - 2 * PAD) if multi else []
    height = TREND_HEIGHT + LEGEND_ROW * len(legend)
    values = [v for s in chart.series for v in s.values if v is not None]
    if chart.target is not None:
        values.append(chart.target)
    axis = nice_axis(*_trend_range(values or [Decimal(0)]), chart.decimals)
    tick_width = max(
        text_width(format_value(t, chart, axis.decimals), SMALL_SIZE) for t in axis.ticks
    )
    end_width = max((text_width(t) + 22 for t, _, _ in _end_labels(chart, multi)), default=12.0)
    unit = unit_note(chart.unit)
    headroom = 8.0 if multi else 16.0  # single lines carry value labels above the points
    top = PAD + LEGEND_ROW * len(legend) + (UNIT_ROW + 4 if unit else 0) + headroom
    left = PAD + tick_width + 8
    plot = _Plot(left, TREND_WIDTH - PAD - end_width, top, height - PAD - 20, axis)
    return _TrendLayout(height, legend, unit, plot)


def trend(chart: Chart) -> str:
    canvas = Canvas()
    layout = _trend_layout(chart)
    plot = layout.plot
    _draw_trend_legend(canvas, chart, layout.legend)
    if layout.unit:
        canvas.text(PAD, PAD + LEGEND_ROW * len(layout.legend) + 12, layout.unit, size=SMALL_SIZE)
    _draw_value_axis(canvas, chart, plot)
    xs = _x_positions(len(chart.categories), plot.left, plot.right)
    _draw_categories(canvas, chart.categories, xs, plot.bottom + 16)
    _draw_target(canvas, chart, plot)
    _draw_lines(canvas, chart, plot, xs)
    if len(chart.series) == 1:
        _draw_point_labels(canvas, chart, plot, xs)
    _draw_end_labels(canvas, chart, plot)
    return document(chart, (TREND_WIDTH, layout.height), canvas)
