"""The drawing layer shared by the charts: sizes, palette and fonts, text width estimation,
the SVG canvas and document, the formatting of values, and the value axis."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from html import escape

from uppsikt.reports.cells import format_number
from uppsikt.reports.model import Chart

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


# Drawing primitives


def n(value: float) -> str:
    """A coordinate: one decimal at most, no '-0'."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _esc(text: str) -> str:
    return escape(text, quote=True)


class Canvas:
    """SVG elements collected in drawing order."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def line(
        self, x1: float, y1: float, x2: float, y2: float, stroke: str, style: str = ""
    ) -> None:
        self.parts.append(
            f'<line x1="{n(x1)}" y1="{n(y1)}" x2="{n(x2)}" y2="{n(y2)}" stroke="{stroke}"{style}/>'
        )

    def rect(self, box: tuple[float, float, float, float], fill: str, style: str = "") -> None:
        x, y, w, h = box
        self.parts.append(
            f'<rect x="{n(x)}" y="{n(y)}" width="{n(w)}" height="{n(h)}" fill="{fill}"{style}/>'
        )

    def path(self, d: str, style: str) -> None:
        self.parts.append(f'<path d="{d}"{style}/>')

    def text(
        self, x: float, y: float, text: str, anchor: str = "start", size: int = FONT_SIZE
    ) -> None:
        attrs = f'x="{n(x)}" y="{n(y)}"'
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if size != FONT_SIZE:
            attrs += f' font-size="{size}"'
        self.parts.append(f"<text {attrs}>{_esc(text)}</text>")

    def raw(self, markup: str) -> None:
        self.parts.append(markup)


def safe_id(chart_id: str) -> str:
    """``chart_id`` usable as a prefix of XML ids (no spaces or markup characters)."""
    return _UNSAFE_ID.sub("-", chart_id)


def document(chart: Chart, size: tuple[float, float], canvas: Canvas) -> str:
    width, height = size
    ident = safe_id(chart.id)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{n(width)}" '
        f'height="{n(height)}" viewBox="0 0 {n(width)} {n(height)}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="{FONT_FAMILY}" '
        f'font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">'
        f'<title id="{ident}-title">{_esc(chart.title)}</title>'
        f'<desc id="{ident}-desc">{_esc(chart.description)}</desc>'
        f'<rect width="{n(width)}" height="{n(height)}" fill="{BACKGROUND}"/>'
    )
    return head + "".join(canvas.parts) + "</svg>"


def baseline(centre: float, size: int = FONT_SIZE) -> float:
    """The baseline that centres text of ``size`` vertically on ``centre``."""
    return centre + size * 0.35


def format_value(value: Decimal, chart: Chart, decimals: int, *, signed: bool = False) -> str:
    return format_number(value, decimals, percent=chart.unit == "procent", signed=signed)


def unit_note(unit: str) -> str:
    """What the chart states about its unit: percentages say it in every label."""
    if unit == "procent" or not unit:
        return ""
    if unit in _AMOUNT_UNITS:
        return f"Belopp i {unit}"
    return unit


# The value axis


@dataclass(frozen=True, slots=True)
class Axis:
    ticks: tuple[Decimal, ...]
    decimals: int
    """Decimals of the tick labels."""

    @property
    def lo(self) -> Decimal:
        return self.ticks[0]

    @property
    def hi(self) -> Decimal:
        return self.ticks[-1]


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


def nice_axis(lo: Decimal, hi: Decimal, decimals: int) -> Axis:
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
    return Axis(tuple(ticks), label_decimals)
