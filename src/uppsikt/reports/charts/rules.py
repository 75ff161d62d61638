"""The rules every chart of a report follows, in one place (docs/publishing.md says them for
users).

1. **Bars start at zero.** A bar's length is its value: the value axis of a bar chart always
   includes zero (``bar_range``).
2. **A line chart starts at zero**, unless all its values (and its target) are positive and lie
   in a narrow band far from zero: no wider than a tenth of the largest value (``ZOOM_BAND``),
   so that from zero their line would look flat. Only then may its axis start near the values,
   and it is drawn with a visible break mark (a zig-zag on the value axis) above a zero at its
   foot. Whether a chart
   zooms is decided when the report is built, by ``zooms`` for every chart of the report alike;
   the report's settings may forbid it for all (``diagram: {axelbrott: false}``). The decision
   is carried on the chart (``Chart.axis_break``), so every format draws the same axis.
3. **Estimates are drawn as estimates.** A value written as approximate ('ca 80') gets a hollow
   marker, the line to and from it is dashed (``ESTIMATE_DASH``), its label says 'ca', a note
   under the chart explains the hollow marker, and the text alternative says 'ca' and
   'uppskattat'.
4. **No chart for what does not change.** A trend where no series has two different values
   (a flat 100 % line, a constant '1 intraprenad') is not drawn, nor a chart of a single value
   (``worth_drawing``): the table says it all.
5. **Labels never collide, and a chart is labelled one way.** A line chart with several series
   names them by labels at the lines' ends, moved apart so that none overlaps another
   (``spread``); when that would move a label too far from its line, or a label is too wide,
   it gets a legend above the plot instead (``end_labels_fit``). Never both.
6. **Overlapping series are distinguishable without colour** (WCAG 1.4.1): each series has its
   own dash pattern and marker shape. A series that coincides with another (``coinciding``) is
   drawn wider beneath it, so both show, and the text alternative says which lines coincide.
7. **Which charts a report carries is chosen in the settings** (``diagram`` in uppsikt.yaml):
   every indicator, none, a list, or a few chosen (``one_per_group``: the first chart worth
   drawing of each group, at most a handful). Fem år i sammandrag defaults to the few.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TypeVar

from uppsikt.reports.model import Chart, ChartKind, ChartSeries

ZOOM_BAND = Decimal("0.1")
"""A line chart may zoom only when its values lie within this share of the largest."""
ZOOM_MARGIN = Decimal("0.1")
"""A zoomed axis starts this share of the values' span below the smallest."""
ESTIMATE_DASH = "3 3"
"""The dash of a line's segments to and from an estimate."""
END_LABEL_GAP = 16.0
"""The least vertical distance between two end labels (their height at 13 px, with air)."""
MAX_LABEL_SHIFT = 20.0
"""An end label may sit at most this far (px) from its line's end; further, a legend is used."""
MAX_END_LABEL_WIDTH = 150.0
"""An end label wider than this (px) takes too much of the plot: a legend is used."""

_T = TypeVar("_T")


# 1. Bars


def bar_range(values: Iterable[Decimal]) -> tuple[Decimal, Decimal]:
    """The range a bar chart's axis covers: the values and zero, always."""
    found = list(values)
    return min([Decimal(0), *found]), max([Decimal(0), *found])


# 2. Line charts: from zero, or zoomed with a break


def zooms(values: Iterable[Decimal], *, allowed: bool = True) -> bool:
    """Whether a line chart of ``values`` (every series and its target) starts its axis near
    them, with a break mark: only when ``allowed`` and they all lie in a narrow positive band."""
    found = list(values)
    if not allowed or not found:
        return False
    lo, hi = min(found), max(found)
    return lo > 0 and lo < hi and hi - lo < ZOOM_BAND * hi


def line_range(values: Sequence[Decimal], axis_break: bool) -> tuple[Decimal, Decimal]:
    """The range a line chart's axis covers: from zero (or to zero, for negative values), or
    just below the values when the chart zooms (``axis_break``, decided by ``zooms``)."""
    lo, hi = min(values), max(values)
    if axis_break and lo > 0:
        return max(lo - (hi - lo) * ZOOM_MARGIN, Decimal(0)), hi
    lo, hi = min(lo, Decimal(0)), max(hi, Decimal(0))
    return (lo, hi) if lo < hi else (lo, lo + 1)


# 4. What is worth drawing


def changes(series: ChartSeries) -> bool:
    """Whether ``series`` has two different values."""
    return len({v for v in series.values if v is not None}) > 1


def worth_drawing(chart: Chart) -> bool:
    """A trend with a series that changes; a bar chart with two values or more."""
    if chart.kind is ChartKind.TREND:
        return any(changes(s) for s in chart.series)
    return sum(v is not None for s in chart.series for v in s.values) > 1


def one_per_group(pairs: Sequence[tuple[str, _T]], limit: int) -> list[_T]:
    """The first item of each group (in the order given), at most ``limit``: a few charts,
    one per topic, of those worth drawing (filter before)."""
    chosen: list[_T] = []
    seen: set[str] = set()
    for group, item in pairs:
        if group not in seen and len(chosen) < limit:
            seen.add(group)
            chosen.append(item)
    return chosen


# 5. Labels


def spread(wanted: Sequence[float], gap: float, lo: float, hi: float) -> list[float]:
    """Positions as near ``wanted`` as possible and at least ``gap`` apart, within lo–hi:
    labels that would overlap are gathered into a block centred on the mean of their wanted
    positions, so that none moves further than it must."""
    order = sorted(range(len(wanted)), key=lambda i: (wanted[i], i))
    blocks: list[tuple[list[int], float]] = []  # members (indices), position of the first
    for i in order:
        members, start = [i], wanted[i]
        while blocks and blocks[-1][1] + gap * len(blocks[-1][0]) > start:
            previous, _ = blocks.pop()
            members = previous + members
            mean = sum(wanted[m] for m in members) / len(members)
            start = mean - gap * (len(members) - 1) / 2
        blocks.append((members, start))
    placed = [start + gap * k for members, start in blocks for k in range(len(members))]
    for k in range(len(placed)):
        placed[k] = max(placed[k], lo, placed[k - 1] + gap if k else lo)
    for k in range(len(placed) - 1, -1, -1):
        placed[k] = min(placed[k], hi, placed[k + 1] - gap if k + 1 < len(placed) else hi)
    result = [0.0] * len(wanted)
    for k, i in enumerate(order):
        result[i] = placed[k]
    return result


def end_labels_fit(
    wanted: Sequence[float], placed: Sequence[float], widths: Sequence[float]
) -> bool:
    """Whether end labels placed by ``spread`` stay near their lines and narrow enough."""
    near = all(abs(p - w) <= MAX_LABEL_SHIFT for p, w in zip(placed, wanted, strict=True))
    return near and all(w <= MAX_END_LABEL_WIDTH for w in widths)


# 6. Coinciding series


def _coincide(a: ChartSeries, b: ChartSeries) -> bool:
    shared = [
        (x, y) for x, y in zip(a.values, b.values, strict=True) if x is not None and y is not None
    ]
    return len(shared) > 1 and all(x == y for x, y in shared)


def coinciding(series: Sequence[ChartSeries]) -> tuple[tuple[int, ...], ...]:
    """Groups (indices, two or more) of series whose lines lie on each other: equal wherever
    both have a value, at two points or more."""
    groups: list[list[int]] = []
    for j in range(len(series)):
        for group in groups:
            if _coincide(series[group[0]], series[j]):
                group.append(j)
                break
        else:
            groups.append([j])
    return tuple(tuple(g) for g in groups if len(g) > 1)
