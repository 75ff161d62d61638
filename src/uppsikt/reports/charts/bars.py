"""The bar charts: diverging (one bar per category, negative to the left of zero) and
grouped (a group of bars per category, one bar per series)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from uppsikt.located.format import MISSING_MARK
from uppsikt.reports.charts.rules import bar_range
from uppsikt.reports.charts.svg import (
    BAR_COLOUR,
    BAR_WIDTH,
    DIVERGING_BAR,
    DIVERGING_ROW,
    FONT_SIZE,
    GROUP_BAR,
    GROUP_BAR_GAP,
    GROUP_FILLS,
    GROUP_GAP,
    LEGEND_ROW,
    NEGATIVE_BACKGROUND,
    NEGATIVE_COLOUR,
    PAD,
    SMALL_SIZE,
    TEXT_COLOUR,
    UNIT_ROW,
    Canvas,
    baseline,
    document,
    format_value,
    safe_id,
    shorten,
    text_width,
    unit_note,
)
from uppsikt.reports.model import Chart

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
    """A linear scale over lo–hi, which always include zero (the chart rules: bars start at
    zero), leaving room for the value labels left of the negative bars and right of the
    positive ones."""
    low, high = bar_range(values)
    lo, hi = float(low), float(high)
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
        MISSING_MARK if v is None else format_value(v, chart, chart.decimals, signed=signed)
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
    canvas: Canvas,
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
    canvas: Canvas, label: str, end: float, centre: float, size: int, negative: bool
) -> None:
    if negative:
        canvas.text(end - 4, baseline(centre, size), label, "end", size)
    else:
        canvas.text(end + 4, baseline(centre, size), label, size=size)


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


def _draw_unit_note(canvas: Canvas, chart: Chart, y: float) -> float:
    """The unit note at ``y`` if the chart has one; returns the y below it."""
    note = unit_note(chart.unit)
    if not note:
        return y
    canvas.text(PAD, y + 12, note, size=SMALL_SIZE)
    return y + UNIT_ROW


def diverging(chart: Chart) -> str:
    canvas = Canvas()
    ident = safe_id(chart.id)
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
        canvas.text(left - 12, baseline(centre), category, "end")
        is_negative = value is not None and value < 0
        style = negative if is_negative else positive
        end = _draw_bar(canvas, scale, value, (centre - bar_height / 2, bar_height), style)
        _draw_value_label(canvas, labels[i], end, centre, FONT_SIZE, is_negative)
    canvas.line(scale.zero, top, scale.zero, top + row_height * len(categories), TEXT_COLOUR)
    return document(chart, (BAR_WIDTH, height), canvas)


def _group_fill(index: int) -> tuple[str, str]:
    fill = GROUP_FILLS[index % len(GROUP_FILLS)]
    return fill, f' stroke="{BAR_COLOUR}" stroke-width="1"'


def _draw_group_legend(canvas: Canvas, chart: Chart, y: float) -> float:
    """The legend of a grouped chart from ``y``, wrapped; returns the y below it."""
    x, row_y = PAD, y
    for index, series in enumerate(chart.series):
        label = shorten(series.label)
        width = 20 + text_width(label) + 16
        if x > PAD and x + width - 16 > BAR_WIDTH - PAD:
            x, row_y = PAD, row_y + LEGEND_ROW
        fill, style = _group_fill(index)
        canvas.rect((x, row_y + 4, 12, 12), fill, style)
        canvas.text(x + 18, baseline(row_y + 10), label)
        x += width
    return row_y + LEGEND_ROW


def _draw_group(
    canvas: Canvas,
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


def grouped(chart: Chart) -> str:
    canvas = Canvas()
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
        canvas.text(left - 12, baseline(centre), category, "end")
        _draw_group(canvas, chart, scale, i, labels, group_top)
    bottom = top + group_height * len(categories)
    canvas.line(scale.zero, top, scale.zero, bottom, TEXT_COLOUR)
    return document(chart, (BAR_WIDTH, height), canvas)
