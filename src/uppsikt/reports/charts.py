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

import itertools
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from html import escape
from multiprocessing import get_context

import vl_convert

from uppsikt.reports.format import MISSING_MARK, number, percent
from uppsikt.reports.model import Chart, ChartSeries

FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
FONT_SIZE = 13
SMALL_SIZE = 12
TEXT_COLOUR = "#1a1a1a"
GRID_COLOUR = "#d9d9d9"
TARGET_COLOUR = "#595959"
BACKGROUND = "#ffffff"

SERIES_COLOURS = ("#0b4f8a", "#b34a12", "#2c7a3f", "#6b3fa0", "#5a5a5a", "#8a6100")
"""Line colours, each with at least 4.5:1 contrast against white."""
DASHES = ("", "7 4", "2 3", "10 3 2 3", "4 2", "1 3")
"""Dash patterns of the trend lines, so that series differ without colour."""
MARKERS = ("circle", "square", "triangle", "diamond", "triangle-down", "ring")
"""Marker shapes of the trend lines."""
BAR_COLOUR = "#0b4f8a"
NEGATIVE_COLOUR = "#a63d00"
NEGATIVE_BACKGROUND = "#fbe9df"
GROUP_FILLS = ("#0b4f8a", "#4f86bf", "#cfe0f2", "#ffffff")
"""Fills of the bars of a grouped chart: dark, mid, light, white; all outlined in dark."""

MAX_LABEL_CHARS = 40
"""Category and legend labels longer than this are shortened with an ellipsis."""
END_LABEL_CHARS = 24
"""Labels at the end of trend lines are shorter: they take room from the plot."""
PAD = 10.0
"""Margin around the drawing."""

TREND_WIDTH = 480.0
TREND_HEIGHT = 236.0
"""Height of a trend chart without a legend; each legend row adds LEGEND_ROW."""
BAR_WIDTH = 640.0
LEGEND_ROW = 20.0
DIVERGING_ROW = 30.0
DIVERGING_BAR = 20.0
GROUP_BAR = 14.0
GROUP_BAR_GAP = 4.0
GROUP_GAP = 14.0
UNIT_ROW = 18.0
MIN_TICKS = 3
MAX_TICKS = 6
FLAT_SHARE = Decimal("0.25")
"""A trend whose values all lie within this share of the largest does not start at zero:
from zero its lines would be flat."""

_MANTISSAS = (Decimal(1), Decimal(2), Decimal(5))
_AMOUNT_UNITS = frozenset({"kr", "tkr", "mnkr", "mdkr"})
_UNSAFE_ID = re.compile(r"[^\w.-]")

# Character widths in em, after DejaVu Sans (the widest of the fonts asked for), so that the
# estimates err on the wide side in Liberation Sans and Arial.
_WIDTHS: dict[str, float] = {
    **dict.fromkeys("0123456789", 0.64),
    **dict.fromkeys(" \u00a0,.:;", 0.34),
    **dict.fromkeys("iljI|!'", 0.3),
    **dict.fromkeys("ftJr()[]/-", 0.42),
    **dict.fromkeys("\u2212+=<>", 0.84),
    **dict.fromkeys("mwMW%…—", 1.0),
    "–": 0.5,
}


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Estimated width of ``text`` in pixels at font ``size``."""
    total = 0.0
    for char in text:
        width = _WIDTHS.get(char)
        if width is None:
            width = 0.76 if char.isupper() else 0.64
        total += width
    return total * size


def shorten(label: str, limit: int = MAX_LABEL_CHARS) -> str:
    """``label``, cut with an ellipsis when longer than ``limit`` characters."""
    if len(label) <= limit:
        return label
    return label[: limit - 1].rstrip() + "…"


def render_svg(chart: Chart) -> str:
    """A standalone, accessible SVG document of ``chart``."""
    if chart.kind == "trend":
        return _trend(chart)
    if chart.kind == "diverging":
        return _diverging(chart)
    if chart.kind == "grouped":
        return _grouped(chart)
    raise ValueError(f"unknown chart kind: {chart.kind}")


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


# Drawing primitives


def _n(value: float) -> str:
    """A coordinate: one decimal at most, no '-0'."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _esc(text: str) -> str:
    return escape(text, quote=True)


class _Canvas:
    """SVG elements collected in drawing order."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def line(
        self, x1: float, y1: float, x2: float, y2: float, stroke: str, style: str = ""
    ) -> None:
        self.parts.append(
            f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
            f'stroke="{stroke}"{style}/>'
        )

    def rect(self, box: tuple[float, float, float, float], fill: str, style: str = "") -> None:
        x, y, w, h = box
        self.parts.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{fill}"{style}/>'
        )

    def path(self, d: str, style: str) -> None:
        self.parts.append(f'<path d="{d}"{style}/>')

    def text(
        self, x: float, y: float, text: str, anchor: str = "start", size: int = FONT_SIZE
    ) -> None:
        attrs = f'x="{_n(x)}" y="{_n(y)}"'
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if size != FONT_SIZE:
            attrs += f' font-size="{size}"'
        self.parts.append(f"<text {attrs}>{_esc(text)}</text>")

    def raw(self, markup: str) -> None:
        self.parts.append(markup)


def _safe_id(chart_id: str) -> str:
    """``chart_id`` usable as a prefix of XML ids (no spaces or markup characters)."""
    return _UNSAFE_ID.sub("-", chart_id)


def _document(chart: Chart, size: tuple[float, float], canvas: _Canvas) -> str:
    width, height = size
    ident = _safe_id(chart.id)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{_n(width)}" '
        f'height="{_n(height)}" viewBox="0 0 {_n(width)} {_n(height)}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="{FONT_FAMILY}" '
        f'font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">'
        f'<title id="{ident}-title">{_esc(chart.title)}</title>'
        f'<desc id="{ident}-desc">{_esc(chart.description)}</desc>'
        f'<rect width="{_n(width)}" height="{_n(height)}" fill="{BACKGROUND}"/>'
    )
    return head + "".join(canvas.parts) + "</svg>"


def _baseline(centre: float, size: int = FONT_SIZE) -> float:
    """The baseline that centres text of ``size`` vertically on ``centre``."""
    return centre + size * 0.35


def _format(value: Decimal, chart: Chart, decimals: int, *, signed: bool = False) -> str:
    if chart.unit == "procent":
        return percent(value, decimals, signed=signed)
    return number(value, decimals, signed=signed)


def _unit_note(unit: str) -> str:
    """What the chart states about its unit: percentages say it in every label."""
    if unit == "procent" or not unit:
        return ""
    if unit in _AMOUNT_UNITS:
        return f"Belopp i {unit}"
    return unit


# The value axis


@dataclass(frozen=True, slots=True)
class _Axis:
    ticks: tuple[Decimal, ...]
    decimals: int
    """Decimals of the tick labels."""

    @property
    def lo(self) -> Decimal:
        return self.ticks[0]

    @property
    def hi(self) -> Decimal:
        return self.ticks[-1]


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


def _candidate_steps(span: Decimal, quantum: Decimal) -> Iterator[Decimal]:
    """Nice tick steps (1, 2 and 5 times a power of ten) from small to large, none
    finer than ``quantum``."""
    start = math.floor(math.log10(float(span) / MAX_TICKS)) - 1
    for exponent in itertools.count(start):
        for mantissa in _MANTISSAS:
            step = mantissa.scaleb(exponent)
            if step >= quantum and step % quantum == 0:
                yield step


def _span_ticks(lo: Decimal, hi: Decimal, step: Decimal) -> list[Decimal]:
    first = (lo / step).to_integral_value(ROUND_FLOOR)
    last = (hi / step).to_integral_value(ROUND_CEILING)
    return [k * step for k in range(int(first), int(last) + 1)]


def _nice_axis(lo: Decimal, hi: Decimal, decimals: int) -> _Axis:
    """4–6 ticks at nice values covering ``lo``–``hi``, no finer than the chart's decimals."""
    quantum = Decimal(1).scaleb(-decimals)
    ticks: list[Decimal] = []
    for step in _candidate_steps(hi - lo, quantum):
        ticks = _span_ticks(lo, hi, step)
        if len(ticks) <= MAX_TICKS:
            break
    step = ticks[1] - ticks[0] if len(ticks) > 1 else quantum
    while len(ticks) < MIN_TICKS:
        if ticks[-1] <= 0 < ticks[0] + 1:
            ticks.insert(0, ticks[0] - step)
        else:
            ticks.append(ticks[-1] + step)
    exponent = step.normalize().as_tuple().exponent
    label_decimals = max(0, -exponent) if isinstance(exponent, int) else decimals
    return _Axis(tuple(ticks), label_decimals)


# Trend: a line per series over the categories


@dataclass(frozen=True, slots=True)
class _Plot:
    left: float
    right: float
    top: float
    bottom: float
    axis: _Axis

    def y(self, value: Decimal) -> float:
        share = float((value - self.axis.lo) / (self.axis.hi - self.axis.lo))
        return self.bottom - share * (self.bottom - self.top)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    """A marker of ``shape`` centred on (x, y), outlined in white to stand out on lines."""
    edge = ' stroke="#ffffff" stroke-width="1"'
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4.5" fill="{colour}"{edge}/>'
    if shape == "ring":
        return (
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4" fill="#ffffff" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
    if shape == "square":
        return f'<rect x="{_n(x - 4)}" y="{_n(y - 4)}" width="8" height="8" fill="{colour}"{edge}/>'
    points = {
        "triangle": ((0, -5.5), (5, 3.5), (-5, 3.5)),
        "triangle-down": ((0, 5.5), (5, -3.5), (-5, -3.5)),
        "diamond": ((0, -5.5), (5, 0), (0, 5.5), (-5, 0)),
    }[shape]
    d = "M" + " L".join(f"{_n(x + dx)} {_n(y + dy)}" for dx, dy in points) + "Z"
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


def _legend_sample(canvas: _Canvas, index: int, x: float, y: float) -> None:
    """A short stretch of a series' line with its marker, as in the chart."""
    canvas.path(f"M{_n(x)} {_n(y)} H{_n(x + 28)}", _line_style(index))
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


def _draw_trend_legend(canvas: _Canvas, chart: Chart, rows: list[list[tuple[int, float]]]) -> None:
    for row_number, row in enumerate(rows):
        centre = PAD + LEGEND_ROW * row_number + LEGEND_ROW / 2
        for index, offset in row:
            _legend_sample(canvas, index, PAD + offset, centre)
            label = shorten(chart.series[index].label)
            canvas.text(PAD + offset + 34, _baseline(centre), label)


def _x_positions(count: int, left: float, right: float) -> list[float]:
    if count == 1:
        return [(left + right) / 2]
    inset = min(24.0, (right - left) / (2 * count))
    step = (right - left - 2 * inset) / (count - 1)
    return [left + inset + i * step for i in range(count)]


def _draw_value_axis(canvas: _Canvas, chart: Chart, plot: _Plot) -> None:
    for tick in plot.axis.ticks:
        y = plot.y(tick)
        colour = TEXT_COLOUR if tick == 0 and plot.axis.lo < 0 else GRID_COLOUR
        canvas.line(plot.left, y, plot.right, y, colour)
        label = _format(tick, chart, plot.axis.decimals)
        canvas.text(plot.left - 6, _baseline(y, SMALL_SIZE), label, "end", SMALL_SIZE)


def _draw_categories(
    canvas: _Canvas, categories: Sequence[str], xs: Sequence[float], y: float
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


def _draw_target(canvas: _Canvas, chart: Chart, plot: _Plot) -> None:
    if chart.target is None:
        return
    y = plot.y(chart.target)
    canvas.line(
        plot.left, y, plot.right, y, TARGET_COLOUR, ' stroke-width="1.5" stroke-dasharray="6 4"'
    )


def _draw_lines(canvas: _Canvas, chart: Chart, plot: _Plot, xs: Sequence[float]) -> None:
    """Each series' line, broken where a value is missing, and its markers, grouped per
    series; the first series (Totalt) last, so that it lies on top."""
    for index in reversed(range(len(chart.series))):
        values = chart.series[index].values
        canvas.raw(f'<g class="series-{index}">')
        for run in _runs(xs, values):
            if len(run) > 1:
                d = "M" + " L".join(f"{_n(x)} {_n(plot.y(v))}" for x, v in run)
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


def _draw_point_labels(canvas: _Canvas, chart: Chart, plot: _Plot, xs: Sequence[float]) -> None:
    """Each value of a single line, above its point, or below it at a low point."""
    values = chart.series[0].values
    for i, (x, value) in enumerate(zip(xs, values, strict=True)):
        if value is None:
            continue
        y = plot.y(value)
        below = _label_below(values, i) and y + 20 <= plot.bottom
        baseline = y + 18 if below else y - 9
        canvas.text(x, baseline, _format(value, chart, chart.decimals), "middle", SMALL_SIZE)


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
        value = _format(chart.target, chart, chart.decimals)
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


def _draw_end_labels(canvas: _Canvas, chart: Chart, plot: _Plot) -> None:
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
        canvas.text(x + 16, _baseline(y), text)


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
    axis = _nice_axis(*_trend_range(values or [Decimal(0)]), chart.decimals)
    tick_width = max(text_width(_format(t, chart, axis.decimals), SMALL_SIZE) for t in axis.ticks)
    end_width = max((text_width(t) + 22 for t, _, _ in _end_labels(chart, multi)), default=12.0)
    unit = _unit_note(chart.unit)
    headroom = 8.0 if multi else 16.0  # single lines carry value labels above the points
    top = PAD + LEGEND_ROW * len(legend) + (UNIT_ROW + 4 if unit else 0) + headroom
    left = PAD + tick_width + 8
    plot = _Plot(left, TREND_WIDTH - PAD - end_width, top, height - PAD - 20, axis)
    return _TrendLayout(height, legend, unit, plot)


def _trend(chart: Chart) -> str:
    canvas = _Canvas()
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
    return _document(chart, (TREND_WIDTH, layout.height), canvas)


# Bars: diverging and grouped


@dataclass(frozen=True, slots=True)
class _BarScale:
    zero: float
    """x of the zero line."""
    per_unit: float
    """Pixels per unit of value."""

    def x(self, value: Decimal) -> float:
        return self.zero + float(value) * self.per_unit


def _bar_scale(
    values: Sequence[Decimal], left: float, right: float, label_widths: tuple[float, float]
) -> _BarScale:
    """A linear scale over lo–hi (which include zero) leaving room for the value labels left
    of the negative bars and right of the positive ones."""
    lo = float(min([Decimal(0), *values]))
    hi = float(max([Decimal(0), *values]))
    negative_room, positive_room = label_widths
    inner_left = left + (negative_room + 6 if lo < 0 else 0)
    inner_right = right - (positive_room + 6)
    span = hi - lo if hi > lo else 1.0
    per_unit = max(inner_right - inner_left, 1.0) / span
    return _BarScale(inner_left - lo * per_unit, per_unit)


def _value_labels(
    chart: Chart, values: Sequence[Decimal | None], size: int, *, signed: bool
) -> tuple[list[str], tuple[float, float]]:
    """Each bar's value label, and the widest label left of zero and right of it."""
    labels = [
        MISSING_MARK if v is None else _format(v, chart, chart.decimals, signed=signed)
        for v in values
    ]
    negative = [
        text_width(t, size) for t, v in zip(labels, values, strict=True) if v is not None and v < 0
    ]
    positive = [
        text_width(t, size) for t, v in zip(labels, values, strict=True) if v is None or v >= 0
    ]
    return labels, (max(negative, default=0.0), max(positive, default=0.0))


def _draw_bar(
    canvas: _Canvas,
    scale: _BarScale,
    value: Decimal | None,
    band: tuple[float, float],
    fill_style: tuple[str, str],
) -> float:
    """A bar from zero to ``value`` in the vertical ``band`` (y, height); returns the x of
    its end (zero when there is no value)."""
    y, height = band
    if value is None:
        return scale.zero
    end = scale.x(value)
    left, width = min(end, scale.zero), abs(end - scale.zero)
    fill, style = fill_style
    canvas.rect((left, y, width, height), fill, style)
    return end


def _draw_value_label(
    canvas: _Canvas, label: str, end: float, centre: float, size: int, negative: bool
) -> None:
    if negative:
        canvas.text(end - 4, _baseline(centre, size), label, "end", size)
    else:
        canvas.text(end + 4, _baseline(centre, size), label, size=size)


def _category_column(categories: Sequence[str]) -> tuple[list[str], float]:
    labels = [shorten(c) for c in categories]
    return labels, max((text_width(label) for label in labels), default=0.0)


def _hatch(ident: str) -> str:
    return (
        f'<defs><pattern id="{ident}-negativ" patternUnits="userSpaceOnUse" width="6" '
        f'height="6" patternTransform="rotate(45)"><rect width="6" height="6" '
        f'fill="{NEGATIVE_BACKGROUND}"/><rect width="2.5" height="6" fill="{NEGATIVE_COLOUR}"/>'
        "</pattern></defs>"
    )


def _draw_unit_note(canvas: _Canvas, chart: Chart, y: float) -> float:
    """The unit note at ``y`` if the chart has one; returns the y below it."""
    note = _unit_note(chart.unit)
    if not note:
        return y
    canvas.text(PAD, y + 12, note, size=SMALL_SIZE)
    return y + UNIT_ROW


def _diverging(chart: Chart) -> str:
    canvas = _Canvas()
    ident = _safe_id(chart.id)
    canvas.raw(_hatch(ident))
    values = chart.series[0].values if chart.series else tuple(None for _ in chart.categories)
    row_height, bar_height = DIVERGING_ROW, DIVERGING_BAR
    top = _draw_unit_note(canvas, chart, PAD) + 4
    height = top + row_height * len(chart.categories) + PAD + 4
    categories, column = _category_column(chart.categories)
    labels, widths = _value_labels(chart, values, FONT_SIZE, signed=True)
    left = PAD + column + 12
    scale = _bar_scale([v for v in values if v is not None], left, BAR_WIDTH - PAD, widths)
    negative = (f"url(#{ident}-negativ)", f' stroke="{NEGATIVE_COLOUR}" stroke-width="1"')
    positive = (BAR_COLOUR, "")
    for i, (category, value) in enumerate(zip(categories, values, strict=True)):
        centre = top + row_height * i + row_height / 2
        canvas.text(left - 12, _baseline(centre), category, "end")
        is_negative = value is not None and value < 0
        style = negative if is_negative else positive
        end = _draw_bar(canvas, scale, value, (centre - bar_height / 2, bar_height), style)
        _draw_value_label(canvas, labels[i], end, centre, FONT_SIZE, is_negative)
    canvas.line(scale.zero, top, scale.zero, top + row_height * len(categories), TEXT_COLOUR)
    return _document(chart, (BAR_WIDTH, height), canvas)


def _group_fill(index: int) -> tuple[str, str]:
    fill = GROUP_FILLS[index % len(GROUP_FILLS)]
    return fill, f' stroke="{BAR_COLOUR}" stroke-width="1"'


def _draw_group_legend(canvas: _Canvas, chart: Chart, y: float) -> float:
    """The legend of a grouped chart from ``y``, wrapped; returns the y below it."""
    x, row_y = PAD, y
    for index, series in enumerate(chart.series):
        label = shorten(series.label)
        width = 20 + text_width(label) + 16
        if x > PAD and x + width - 16 > BAR_WIDTH - PAD:
            x, row_y = PAD, row_y + LEGEND_ROW
        fill, style = _group_fill(index)
        canvas.rect((x, row_y + 4, 12, 12), fill, style)
        canvas.text(x + 18, _baseline(row_y + 10), label)
        x += width
    return row_y + LEGEND_ROW


def _draw_group(
    canvas: _Canvas,
    chart: Chart,
    scale: _BarScale,
    i: int,
    labels: Sequence[Sequence[str]],
    top: float,
) -> None:
    """The bars of category ``i``, one per series, from ``top`` down."""
    for index, series in enumerate(chart.series):
        value = series.values[i]
        y = top + index * (GROUP_BAR + GROUP_BAR_GAP)
        end = _draw_bar(canvas, scale, value, (y, GROUP_BAR), _group_fill(index))
        negative = value is not None and value < 0
        _draw_value_label(canvas, labels[index][i], end, y + GROUP_BAR / 2, SMALL_SIZE, negative)


def _grouped(chart: Chart) -> str:
    canvas = _Canvas()
    count = max(len(chart.series), 1)
    group_height = count * (GROUP_BAR + GROUP_BAR_GAP) - GROUP_BAR_GAP + GROUP_GAP
    top = _draw_group_legend(canvas, chart, PAD)
    top = _draw_unit_note(canvas, chart, top) + 4
    height = top + group_height * len(chart.categories) + PAD
    categories, column = _category_column(chart.categories)
    every = [v for s in chart.series for v in s.values]
    _, widths = _value_labels(chart, every, SMALL_SIZE, signed=False)
    labels = [_value_labels(chart, s.values, SMALL_SIZE, signed=False)[0] for s in chart.series]
    left = PAD + column + 12
    scale = _bar_scale([v for v in every if v is not None], left, BAR_WIDTH - PAD, widths)
    for i, category in enumerate(categories):
        group_top = top + group_height * i + GROUP_GAP / 2
        centre = group_top + (group_height - GROUP_GAP) / 2
        canvas.text(left - 12, _baseline(centre), category, "end")
        _draw_group(canvas, chart, scale, i, labels, group_top)
    bottom = top + group_height * len(categories)
    canvas.line(scale.zero, top, scale.zero, bottom, TEXT_COLOUR)
    return _document(chart, (BAR_WIDTH, height), canvas)
