"""The chart renderer: accessible, standalone SVG that can be read without colour, with
Swedish labels that are never clipped, and PNG drawn from it."""

from __future__ import annotations

import importlib
import re
import struct
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from decimal import Decimal
from itertools import combinations, pairwise
from pathlib import Path
from typing import cast

import pytest

from uppsikt.located.format import MINUS, NBSP
from uppsikt.pipeline import load_report
from uppsikt.reports.charts import images as charts
from uppsikt.reports.charts.images import ChartImages, render_svg, text_width
from uppsikt.reports.model import Chart, ChartKind, ChartSeries

SVG = "{http://www.w3.org/2000/svg}"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "orebro-van-2020"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LONG_LABEL = "Verksamhet för arbetsmarknadsinsatser, vuxenutbildning och försörjningsstöd"
DESCRIPTION = "Linjediagram: andel som gått vidare till arbete, 2017–2021 <&> "


def _d(*values: str | None) -> tuple[Decimal | None, ...]:
    return tuple(None if v is None else Decimal(v) for v in values)


TREND = Chart(
    id="trend-andel-arbete",
    kind=ChartKind.TREND,
    title="Andel som gått vidare till arbete",
    categories=("2017", "2018", "2019", "2020", "2021"),
    series=(
        ChartSeries("Totalt", _d("29.5", "31.0", None, "33.2", "32.0")),
        ChartSeries("Kvinnor", _d("26.0", "28.4", "30.1", "31.0", "30.5")),
        ChartSeries("Män", _d("33.0", "33.6", "34.0", "35.3", "33.4")),
        ChartSeries("Utrikesfödda", _d("18.2", "19.0", "21.5", "24.0", "26.1")),
    ),
    unit="procent",
    decimals=1,
    description=DESCRIPTION + "Totalt: 2017 29,5 %.",
    target=Decimal(30),
    target_label="Målvärde 2021",
)
SINGLE = Chart(
    id="trend-invanare",
    kind=ChartKind.TREND,
    title="Totalt antal invånare",
    categories=("2016", "2017", "2018", "2019", "2020"),
    series=(ChartSeries("Totalt", _d("146631", "150192", "153686", "155643", "156361")),),
    unit="antal",
    decimals=0,
    description="Linjediagram: invånare.",
)
FLAT = Chart(
    id="trend-sysselsattning",
    kind=ChartKind.TREND,
    title="Genomsnittlig sysselsättningsgrad",
    categories=("2016", "2017", "2018", "2019", "2020"),
    series=(
        ChartSeries("Totalt", _d("98.2", "98.5", "97.4", "96.6", "97.8")),
        ChartSeries("Kvinnor", _d("97.7", "98.5", "97.3", "96.8", "98.0")),
    ),
    unit="procent",
    decimals=1,
    description="Linjediagram: sysselsättningsgrad.",
    axis_break=True,  # as the chart rules decide for values in a narrow band (test_chart_rules)
)
DIVERGING = Chart(
    id="avvikelse-enheter",
    kind=ChartKind.DIVERGING,
    title="Avvikelse mot budget per enhet",
    categories=("Verksamhet Försörjning", "Verksamhet Arbetsmarknad", LONG_LABEL, "Nämnd"),
    series=(ChartSeries("Avvikelse mot budget", _d("-9704", "6978", "4884", "-18")),),
    unit="tkr",
    decimals=0,
    description="Stapeldiagram över avvikelse mot budget.",
)
GROUPED = Chart(
    id="jamforelse-kontogrupper",
    kind=ChartKind.GROUPED,
    title="Intäkter och kostnader per kontogrupp",
    categories=("Intäkter", "Personalkostnader", LONG_LABEL),
    series=(
        ChartSeries("Bokslut 2019", _d("216616", "-286474", "-92012")),
        ChartSeries("Bokslut 2020", _d("183659", "-277977", None)),
        ChartSeries("Budget 2020", _d("168866", "-272320", "-59473")),
    ),
    unit="tkr",
    decimals=0,
    description="Stapeldiagram: intäkter och kostnader.",
)
ALL = (TREND, SINGLE, FLAT, DIVERGING, GROUPED)


def _parse(chart: Chart) -> ET.Element:
    return ET.fromstring(render_svg(chart))


def _texts(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}text"))


def _text_contents(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in _texts(root)]


def _measurer() -> Callable[[str, float], float] | None:
    """Text width in the widest of the chart's fonts, DejaVu Sans (Pillow reads the real
    glyph widths); None when the font is not installed."""
    try:
        font = importlib.import_module("PIL.ImageFont").truetype(str(DEJAVU), 100)
    except OSError:
        return None
    return lambda text, size: float(font.getlength(text)) * size / 100


_MEASURER = _measurer()
needs_dejavu = pytest.mark.skipif(
    _MEASURER is None, reason=f"DejaVu Sans ({DEJAVU}) is needed to measure real text widths"
)


def measure(text: str, size: float) -> float:
    assert _MEASURER is not None
    return _MEASURER(text, size)


def _boxes(root: ET.Element) -> Iterator[tuple[str, float, float, float, float]]:
    """(text, left, top, right, bottom) of every text element."""
    default_size = float(root.attrib["font-size"])
    for element in _texts(root):
        text = "".join(element.itertext())
        size = float(element.get("font-size", default_size))
        x, y = float(element.attrib["x"]), float(element.attrib["y"])
        width = measure(text, size)
        anchor = element.get("text-anchor", "start")
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        yield text, left, y - 0.76 * size, left + width, y + 0.24 * size


def _view_box(root: ET.Element) -> tuple[float, float]:
    _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
    return width, height


@pytest.fixture(scope="module")
def example_charts() -> tuple[Chart, ...]:
    report, _ = load_report(EXAMPLE)
    assert report is not None
    found = report.charts()
    assert {c.kind for c in found} == {"trend", "diverging", "grouped"}
    return found


@pytest.mark.parametrize("chart", ALL, ids=lambda c: c.id)
def test_standalone_accessible_svg(chart: Chart) -> None:
    root = _parse(chart)
    assert root.tag == f"{SVG}svg"
    assert root.attrib["role"] == "img"
    assert root.attrib["version"] == "1.1"
    title_id, desc_id = root.attrib["aria-labelledby"].split()
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None
    assert desc is not None
    assert (title.attrib["id"], title.text) == (title_id, chart.title)
    assert (desc.attrib["id"], desc.text) == (desc_id, chart.description)
    assert title_id.startswith(chart.id)
    assert desc_id.startswith(chart.id)
    width, height = _view_box(root)
    assert (root.attrib["width"], root.attrib["height"]) == (f"{width:g}", f"{height:g}")


def test_description_is_escaped() -> None:
    svg = render_svg(TREND)
    assert "&lt;&amp;&gt;" in svg
    assert "<&>" not in svg


def test_ids_are_unique_across_charts() -> None:
    ids = [e.attrib["id"] for chart in ALL for e in _parse(chart).iter() if "id" in e.attrib]
    assert len(ids) == len(set(ids))


def test_id_prefix_is_made_safe() -> None:
    chart = Chart(
        "a b<c", ChartKind.TREND, "T", ("2020",), (ChartSeries("Totalt", _d("1")),), "", 0, "D"
    )
    root = _parse(chart)
    assert root.attrib["aria-labelledby"] == "a-b-c-title a-b-c-desc"


@pytest.mark.parametrize("chart", ALL, ids=lambda c: c.id)
def test_fonts_and_text_colour(chart: Chart) -> None:
    root = _parse(chart)
    assert root.attrib["font-family"].startswith("DejaVu Sans, Liberation Sans, Arial")
    assert root.attrib["fill"] == "#1a1a1a"
    sizes = [float(e.get("font-size", root.attrib["font-size"])) for e in _texts(root)]
    assert min(sizes) >= 11


def _contrast(colour: str) -> float:
    """Contrast ratio of ``colour`` against white (WCAG 2)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_graphic_objects_contrast_with_white() -> None:
    outlines = (charts.BAR_COLOUR, charts.NEGATIVE_COLOUR, charts.TARGET_COLOUR)
    for colour in (*charts.SERIES_COLOURS, *outlines):
        assert _contrast(colour) >= 3, colour


# Labels: Swedish, present, never clipped, never on top of each other


def _clipped(root: ET.Element) -> list[str]:
    """Texts reaching outside the view box."""
    width, height = _view_box(root)
    return [
        text
        for text, left, top, right, bottom in _boxes(root)
        if left < 0 or right > width or top < 0 or bottom > height
    ]


def _overlapping(root: ET.Element) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes intersect."""
    return [
        (a[0], b[0])
        for a, b in combinations(list(_boxes(root)), 2)
        if not (a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2])
    ]


@needs_dejavu
@pytest.mark.parametrize("chart", ALL, ids=lambda c: c.id)
def test_no_text_outside_the_view_box(chart: Chart) -> None:
    assert _clipped(_parse(chart)) == []


@needs_dejavu
@pytest.mark.parametrize("chart", ALL, ids=lambda c: c.id)
def test_no_text_overlaps_another(chart: Chart) -> None:
    assert _overlapping(_parse(chart)) == []


@needs_dejavu
def test_example_charts_fit_and_do_not_overlap(example_charts: tuple[Chart, ...]) -> None:
    for chart in example_charts:
        root = _parse(chart)
        assert _clipped(root) == [], chart.id
        assert _overlapping(root) == [], chart.id


@needs_dejavu
def test_width_estimate_is_never_narrower_than_dejavu(example_charts: tuple[Chart, ...]) -> None:
    if not DEJAVU.exists():
        pytest.skip("DejaVu Sans is not installed")
    texts = {t for chart in (*ALL, *example_charts) for t in _text_contents(_parse(chart))}
    for text in texts:
        assert text_width(text, 13) >= measure(text, 13) - 0.5, text


def test_every_series_is_labelled() -> None:
    for chart in (TREND, FLAT, GROUPED):
        texts = _text_contents(_parse(chart))
        for series in chart.series:
            assert series.label in texts, series.label


def test_trend_lines_are_labelled_at_their_last_point() -> None:
    root = _parse(TREND)
    texts = {"".join(t.itertext()): t for t in _texts(root)}
    x_last = float(texts["2021"].attrib["x"])
    for series in TREND.series:
        assert float(texts[series.label].attrib["x"]) > x_last
    # End labels or a legend, never both: each series label once (the chart rules).
    for series in TREND.series:
        assert _text_contents(root).count(series.label) == 1


def _tick_labels(root: ET.Element) -> list[str]:
    """A trend's value-axis labels: the only right-aligned texts."""
    return ["".join(t.itertext()) for t in _texts(root) if t.get("text-anchor") == "end"]


def _tick_values(labels: list[str]) -> list[Decimal]:
    return [
        Decimal(label.removesuffix(f"{NBSP}%").replace(NBSP, "").replace(",", "."))
        for label in (lbl.replace(MINUS, "-") for lbl in labels)
    ]


def test_percent_ticks_are_swedish_and_start_at_zero() -> None:
    labels = _tick_labels(_parse(TREND))
    assert 4 <= len(labels) <= 6
    assert f"30{NBSP}%" in labels
    assert labels[0] == f"0{NBSP}%"
    assert all(re.fullmatch(rf"\d+{NBSP}%", label) for label in labels)


def test_amount_ticks_have_no_break_thousands() -> None:
    root = _parse(SINGLE)
    labels = _tick_labels(root)
    assert 4 <= len(labels) <= 6
    assert all(re.fullmatch(rf"\d{{1,3}}({NBSP}\d{{3}})*", label) for label in labels)
    values = _tick_values(labels)
    steps = {b - a for a, b in pairwise(values)}
    assert len(steps) == 1
    assert values[0] <= 146631
    assert values[-1] >= 156361
    assert "antal" in _text_contents(root)


def test_single_line_shows_its_values_without_legend() -> None:
    texts = _text_contents(_parse(SINGLE))
    assert f"146{NBSP}631" in texts
    assert f"156{NBSP}361" in texts
    assert "Totalt" not in texts


def test_zoomed_trend_does_not_start_at_zero_and_shows_the_break() -> None:
    root = _parse(FLAT)
    *values, foot = _tick_values(_tick_labels(root))
    assert 4 <= len(values) <= 6
    assert 90 < values[0] <= Decimal("96.3")
    assert values[-1] >= Decimal("98.5")
    assert foot == 0  # the zero at the foot, below the break mark
    assert len([p for p in root.iter(f"{SVG}path") if p.get("class") == "axelbrott"]) == 1


def test_negative_trend_values_have_a_zero_line() -> None:
    chart = Chart(
        "trend-ramavvikelse", ChartKind.TREND, "Ramavvikelse", ("2018", "2019", "2020"),
        (ChartSeries("Totalt", _d("-3.6", "3.4", "10.325")),), "mnkr", 1, "D",
        target=Decimal(0), target_label="Målvärde 2020",
    )  # fmt: skip
    root = _parse(chart)
    labels = _tick_labels(root)
    assert f"{MINUS}5" in labels
    assert "0" in labels
    assert "Målvärde 2020: 0,0" in _text_contents(root)
    assert "10,3" in _text_contents(root)


def test_target_is_a_labelled_dashed_grey_line() -> None:
    root = _parse(TREND)
    assert f"Målvärde 2021: 30,0{NBSP}%" in _text_contents(root)
    dashed = [
        line
        for line in root.iter(f"{SVG}line")
        if line.get("stroke") == charts.TARGET_COLOUR and line.get("stroke-dasharray")
    ]
    assert all(line.attrib["y1"] == line.attrib["y2"] for line in dashed)
    lengths = sorted(float(line.attrib["x2"]) - float(line.attrib["x1"]) for line in dashed)
    assert len(lengths) == 2  # the line across the plot, and its sample by the label
    assert lengths[0] < 20
    assert lengths[1] > 200


def _series_groups(root: ET.Element) -> dict[int, ET.Element]:
    return {
        int(g.attrib["class"].removeprefix("series-")): g
        for g in root.iter(f"{SVG}g")
        if g.get("class", "").startswith("series-")
    }


def _marker_shape(element: ET.Element) -> tuple[str, ...]:
    """A marker's geometry: circle or ring, square, or a polygon by its vertices."""
    tag = element.tag.removeprefix(SVG)
    if tag == "circle":
        return (tag, "ring" if element.attrib["fill"] == "#ffffff" else "disc")
    if tag == "rect":
        return (tag,)
    points = re.findall(r"[ML](-?[\d.]+) (-?[\d.]+)", element.attrib["d"])
    ys = [float(y) for _, y in points]
    return ("polygon", str(len(points)), "apex-up" if ys[0] == min(ys) else "apex-down")


def test_series_differ_in_dash_pattern_and_marker_shape() -> None:
    groups = _series_groups(_parse(TREND))
    assert sorted(groups) == [0, 1, 2, 3]
    dashes, shapes = set(), set()
    for group in groups.values():
        lines = [p for p in group if p.get("fill") == "none"]
        markers = [m for m in group if m.get("fill") != "none"]
        dashes.add(lines[0].get("stroke-dasharray", "solid"))
        shapes.add(_marker_shape(markers[0]))
        assert len({_marker_shape(m) for m in markers}) == 1
    assert len(dashes) == 4
    assert len(shapes) == 4


def test_missing_value_breaks_the_line() -> None:
    root = _parse(TREND)
    total = _series_groups(root)[0]
    lines = [p for p in total if p.get("fill") == "none"]
    markers = [m for m in total if m.get("fill") != "none"]
    assert len(lines) == 2  # 2017–2018 and 2020–2021
    assert len(markers) == 4
    x_2019 = next(t.attrib["x"] for t in _texts(root) if t.text == "2019")
    for line in lines:
        assert f"M{x_2019} " not in line.attrib["d"]
        assert f"L{x_2019} " not in line.attrib["d"]


# Bars


def _bars(root: ET.Element) -> list[ET.Element]:
    """The bars: rects other than the background, legend swatches and pattern tiles."""
    return [
        r
        for r in root.iter(f"{SVG}rect")
        if "x" in r.attrib and float(r.attrib["height"]) > 12 and r.get("fill") != "#ffffff"
    ]


def _zero_x(root: ET.Element) -> float:
    verticals = [line for line in root.iter(f"{SVG}line") if line.attrib["x1"] == line.attrib["x2"]]
    assert len(verticals) == 1
    return float(verticals[0].attrib["x1"])


def test_diverging_bars_go_both_ways_from_zero() -> None:
    root = _parse(DIVERGING)
    zero = _zero_x(root)
    bars = _bars(root)
    assert len(bars) == 4
    for bar, value in zip(bars, DIVERGING.series[0].values, strict=True):
        assert value is not None
        left = float(bar.attrib["x"])
        right = left + float(bar.attrib["width"])
        if value < 0:
            assert right == pytest.approx(zero, abs=0.1)
            assert bar.attrib["fill"].startswith("url(#avvikelse-enheter-")
            assert bar.get("stroke") == charts.NEGATIVE_COLOUR
        else:
            assert left == pytest.approx(zero, abs=0.1)
            assert bar.attrib["fill"] == charts.BAR_COLOUR
    pattern = root.find(f".//{SVG}pattern")
    assert pattern is not None
    assert pattern.attrib["id"] == "avvikelse-enheter-negativ"


def test_diverging_labels_are_signed_swedish() -> None:
    texts = _text_contents(_parse(DIVERGING))
    assert f"{MINUS}9{NBSP}704" in texts
    assert f"+6{NBSP}978" in texts
    assert f"{MINUS}18" in texts
    assert "Belopp i tkr" in texts


def test_long_category_labels_are_shortened() -> None:
    for chart in (DIVERGING, GROUPED):
        texts = _text_contents(_parse(chart))
        assert LONG_LABEL not in texts
        short = [t for t in texts if t.endswith("…")]
        assert len(short) == 1
        assert len(short[0]) <= 40
        assert LONG_LABEL.startswith(short[0][:-1])
    assert "Verksamhet Arbetsmarknad" in _text_contents(_parse(DIVERGING))


def test_grouped_bars_differ_in_lightness_with_a_dark_outline() -> None:
    root = _parse(GROUPED)
    bars = _bars(root)
    fills = [b.attrib["fill"] for b in bars]
    assert len(bars) == 8  # three categories of three series, one value missing
    assert len(set(fills)) == 3
    assert all(b.get("stroke") == charts.BAR_COLOUR for b in bars)
    swatches = [r for r in root.iter(f"{SVG}rect") if r.get("width") == "12"]
    assert [s.attrib["fill"] for s in swatches] == list(charts.GROUP_FILLS[:3])


def test_grouped_value_labels_at_bar_ends() -> None:
    root = _parse(GROUPED)
    texts = {"".join(t.itertext()): t for t in _texts(root)}
    zero = _zero_x(root)
    positive = texts[f"216{NBSP}616"]
    negative = texts[f"{MINUS}286{NBSP}474"]
    assert positive.get("text-anchor", "start") == "start"
    assert float(positive.attrib["x"]) > zero
    assert negative.attrib["text-anchor"] == "end"
    assert float(negative.attrib["x"]) < zero
    assert "–" in texts  # the missing value


def test_unknown_kind_is_an_error() -> None:
    chart = Chart("x", cast(ChartKind, "pie"), "T", (), (), "", 0, "D")
    with pytest.raises(ValueError, match="pie"):
        render_svg(chart)


# Determinism, PNG and memoisation


@pytest.mark.parametrize("chart", ALL, ids=lambda c: c.id)
def test_output_is_deterministic(chart: Chart) -> None:
    assert render_svg(chart) == render_svg(chart)
    assert ChartImages().png(chart) == ChartImages().png(chart)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_png_is_the_svg_scaled(scale: float) -> None:
    images = ChartImages(scale=scale)
    for chart in (TREND, GROUPED):
        width, height = _view_box(ET.fromstring(images.svg(chart)))
        assert _png_size(images.png(chart)) == (round(width * scale), round(height * scale))


def test_each_chart_is_drawn_once() -> None:
    images = ChartImages()
    assert images.svg(TREND) is images.svg(TREND)
    assert images.png(TREND) is images.png(TREND)
    assert images.svg(GROUPED) != images.svg(TREND)


def test_charts_sharing_an_id_are_not_confused() -> None:
    images = ChartImages()
    other = Chart(
        TREND.id, ChartKind.TREND, "Annat", TREND.categories, TREND.series[:1], "procent", 1, "D"
    )
    assert images.svg(other) != images.svg(TREND)


def test_fast_enough(example_charts: tuple[Chart, ...]) -> None:
    """Far below the 2 ms per chart the build's time budget allows (generous for CI)."""
    import time  # noqa: PLC0415 - only here

    start = time.perf_counter()
    for chart in example_charts:
        render_svg(chart)
    assert (time.perf_counter() - start) / len(example_charts) < 0.01
