"""How a trend's series look: line styles and marker shapes, so that series differ without
colour, estimates are hollow and dashed, and a series lying under another shows round it."""

from __future__ import annotations

from uppsikt.reports.charts.rules import ESTIMATE_DASH
from uppsikt.reports.charts.svg import DASHES, MARKERS, SERIES_COLOURS, n

CASING = 4.0
"""How much wider a line is drawn for each series lying on top of it (coinciding series)."""


def colour(index: int) -> str:
    return SERIES_COLOURS[index % len(SERIES_COLOURS)]


def line_style(index: int, *, estimate: bool = False, under: int = 0) -> str:
    """The stroke of series ``index``: its colour and dash pattern (the estimate's dash for a
    segment to or from an estimate), wider by ``under`` series drawn on top of it."""
    dash = ESTIMATE_DASH if estimate else DASHES[index % len(DASHES)]
    width = (2.5 if index == 0 else 2.0) + CASING * under
    style = (
        f' fill="none" stroke="{colour(index)}" stroke-width="{n(width)}" stroke-linejoin="round"'
    )
    return style + (f' stroke-dasharray="{dash}"' if dash else "")


def _polygon(shape: str, x: float, y: float, size: float) -> str:
    points = {
        "triangle": ((0, -5.5), (5, 3.5), (-5, 3.5)),
        "triangle-down": ((0, 5.5), (5, -3.5), (-5, -3.5)),
        "diamond": ((0, -5.5), (5, 0), (0, 5.5), (-5, 0)),
    }[shape]
    return "M" + " L".join(f"{n(x + dx * size)} {n(y + dy * size)}" for dx, dy in points) + "Z"


def marker(index: int, x: float, y: float, *, hollow: bool = False, size: float = 1.0) -> str:
    """The marker of series ``index`` centred on (x, y): filled and outlined in white, or
    hollow (white, outlined in the colour) for an estimate; ``size`` times as large."""
    shape = MARKERS[index % len(MARKERS)]
    fill = colour(index)
    edge = ' stroke="#ffffff" stroke-width="1"'
    if hollow or shape == "ring":
        dash = ' stroke-dasharray="2 1.5"' if hollow and shape == "ring" else ""
        fill, edge = "#ffffff", f' stroke="{fill}" stroke-width="2"{dash}'
    cls = ' class="uppskattat"' if hollow else ""
    if shape in ("circle", "ring"):
        radius = (4.5 if shape == "circle" and not hollow else 4.0) * size
        return f'<circle{cls} cx="{n(x)}" cy="{n(y)}" r="{n(radius)}" fill="{fill}"{edge}/>'
    if shape == "square":
        half = 4 * size
        return (
            f'<rect{cls} x="{n(x - half)}" y="{n(y - half)}" width="{n(2 * half)}" '
            f'height="{n(2 * half)}" fill="{fill}"{edge}/>'
        )
    return f'<path{cls} d="{_polygon(shape, x, y, size)}" fill="{fill}"{edge}/>'
