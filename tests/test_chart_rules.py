"""The chart rules (reports/charts/rules.py), each asserted on the drawn SVG, on the rule
functions, or on the example's report: bars from zero, zoom only with a break and by one rule,
estimates drawn as estimates, no chart of what does not change, labels that never collide
and a chart labelled one way, coinciding series told apart, and the charts chosen in the
settings (``diagram`` in uppsikt.yaml)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from itertools import combinations, pairwise
from pathlib import Path

import pytest

from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.model.settings import ChartMode
from uppsikt.pipeline import LoadedWorkspace
from uppsikt.reports.charts import rules
from uppsikt.reports.charts.images import render_svg, text_width
from uppsikt.reports.charts.svg import END_LABEL_CHARS, shorten
from uppsikt.reports.model import Chart, ChartGroup, ChartKind, ChartSeries, ReportModel
from uppsikt.workspace.reader import read_workspace

SVG = "{http://www.w3.org/2000/svg}"
EXAMPLE_CHOICE = (
    "arbetsloshet-program",
    "am-atgarder",
    "elever-sfi",
    "kostnad-per-hushall",
    "tillsvidareanstallda",
)
"""``diagram.fem_år`` in the example's uppsikt.yaml."""


def _d(*values: str | None) -> tuple[Decimal | None, ...]:
    return tuple(None if v is None else Decimal(v) for v in values)


def _trend(*series: ChartSeries, **fields: object) -> Chart:
    chart = Chart(
        id="trend-test",
        kind=ChartKind.TREND,
        title="Test",
        categories=tuple(str(2016 + i) for i in range(len(series[0].values))),
        series=series,
        unit="antal",
        decimals=0,
        description="Linjediagram.",
    )
    return replace(chart, **fields)  # type: ignore[arg-type]


def _parse(chart: Chart) -> ET.Element:
    return ET.fromstring(render_svg(chart))


def _texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def _tick_labels(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end"]


def _breaks(root: ET.Element) -> list[ET.Element]:
    return [p for p in root.iter(f"{SVG}path") if p.get("class") == "axelbrott"]


def _report(root: Path) -> tuple[ReportModel | None, list[Diagnostic]]:
    loaded = LoadedWorkspace.read(root)
    return loaded.report(allow_errors=True), list(loaded.diagnostics)


def _set_charts(root: Path, block: str) -> None:
    """Replace the ``diagram`` block of the workspace's uppsikt.yaml with ``block``."""
    path = root / "uppsikt.yaml"
    text = path.read_text(encoding="utf-8")
    text = text[: text.index("diagram:")] if "diagram:" in text else text
    path.write_text(text + block, encoding="utf-8")


def _group(report: ReportModel, ident: str) -> ChartGroup | None:
    return next((b for b in report.blocks() if isinstance(b, ChartGroup) and b.id == ident), None)


# 1. Bars start at zero


def _bars(root: ET.Element) -> list[ET.Element]:
    return [
        r for r in root.iter(f"{SVG}rect") if float(r.get("height", 0)) > 12 and "x" in r.attrib
    ]


@pytest.mark.parametrize("kind", [ChartKind.DIVERGING, ChartKind.GROUPED])
def test_bars_start_at_zero_even_far_from_it(kind: ChartKind) -> None:
    """Values in a narrow band far from zero: a bar still runs from zero, its length its value."""
    values = _d("5000", "5200", "5100")
    chart = Chart(
        "staplar", kind, "Staplar", ("A", "B", "C"), (ChartSeries("Utfall", values),), "tkr", 0, "D"
    )
    root = _parse(chart)
    [axis] = [line for line in root.iter(f"{SVG}line") if line.get("x1") == line.get("x2")]
    zero = float(axis.attrib["x1"])
    bars = _bars(root)
    assert len(bars) == 3
    widths = [float(b.attrib["width"]) for b in bars]
    assert all(float(b.attrib["x"]) == pytest.approx(zero, abs=0.1) for b in bars)
    for width, value in zip(widths, values, strict=True):
        assert value is not None
        assert width / widths[0] == pytest.approx(float(value / Decimal(5000)), rel=0.01)
    assert rules.bar_range(v for v in values if v is not None) == (Decimal(0), Decimal(5200))


# 2. A line chart from zero, or zoomed with a break, by one rule


@pytest.mark.parametrize(
    ("values", "zooms"),
    [
        (["96.6", "98.5", "97.9"], True),  # a narrow band far from zero
        (["3450", "3600"], True),
        (["7.7", "9.2"], False),  # changes of a sixth: visible from zero
        (["0", "4"], False),
        (["-98", "-97"], False),  # only positive values zoom
        (["5", "5"], False),
    ],
)
def test_the_zoom_criterion(values: list[str], zooms: bool) -> None:
    found = [Decimal(v) for v in values]
    assert rules.zooms(found) is zooms
    assert rules.zooms(found, allowed=False) is False


def test_a_zoomed_line_chart_has_a_break_mark_and_zero_at_its_foot() -> None:
    series = ChartSeries("Totalt", _d("3484", "3562", "3538"))
    zoomed = _parse(_trend(series, axis_break=True))
    [mark] = _breaks(zoomed)
    ticks = _tick_labels(zoomed)
    assert ticks[-1] == "0"  # the zero under the break
    assert int(ticks[0].replace("\u00a0", "")) > 3000
    # The zig-zag lies on the value axis, below the lowest tick and above the zero.
    points = [(float(x), float(y)) for x, y in re.findall(r"([\d.]+) ([\d.]+)", mark.attrib["d"])]
    xs = {x for x, _ in points}
    assert max(xs) - min(xs) >= 6
    plain = _parse(_trend(series))
    assert _breaks(plain) == []
    assert _tick_labels(plain)[0] == "0"


def test_every_chart_of_a_report_zooms_by_the_same_rule(example_copy: Path) -> None:
    report, _ = _report(example_copy)
    assert report is not None
    trends = [c for c in report.charts() if c.kind is ChartKind.TREND]
    zoomed = [c for c in trends if c.axis_break]
    assert zoomed, "the example has charts in a narrow band"
    for chart in trends:
        values = [v for s in chart.series for v in s.values if v is not None]
        target = [chart.target] if chart.target is not None else []
        assert chart.axis_break is rules.zooms([*values, *target]), chart.id
        assert ("axelbrott" in chart.description) is chart.axis_break
        assert bool(_breaks(_parse(chart))) is chart.axis_break
    # axelbrott: false in the settings: no chart of the report zooms.
    _set_charts(example_copy, "diagram:\n  axelbrott: false\n")
    report, _ = _report(example_copy)
    assert report is not None
    assert not any(c.axis_break or _breaks(_parse(c)) for c in report.charts())


# 3. Estimates drawn as estimates


def test_an_estimate_is_hollow_dashed_and_said() -> None:
    series = ChartSeries("Totalt", _d("60", "80", "97"), (False, True, False))
    root = _parse(_trend(series))
    group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "series-0")
    hollow = [m for m in group if m.get("class") == "uppskattat"]
    assert len(hollow) == 1
    assert hollow[0].get("fill") == "#ffffff"
    filled = [m for m in group if m.get("fill") not in ("none", "#ffffff")]
    assert len(filled) == 2
    lines = [p for p in group if p.get("fill") == "none"]
    dashes = [p.get("stroke-dasharray") for p in lines]
    assert dashes == [rules.ESTIMATE_DASH]  # both segments touch the estimate: one dashed path
    texts = _texts(root)
    assert "ca 80" in texts
    assert "60" in texts
    assert any("uppskattat" in t for t in texts)


def test_an_exact_series_has_no_estimate_marks() -> None:
    root = _parse(_trend(ChartSeries("Totalt", _d("60", "80", "97"))))
    assert not [e for e in root.iter() if e.get("class") == "uppskattat"]
    assert not any("uppskattat" in t for t in _texts(root))


def test_the_example_estimate_is_an_estimate_in_chart_and_text(example: Path) -> None:
    report, _ = _report(example)
    assert report is not None
    chart = next(c for c in report.charts() if c.id == "trend-arbetsgivarinsats-antal")
    [total] = chart.series
    assert total.is_approximate(1)
    assert "ca 80 (uppskattat)" in chart.description
    assert "ca 80" in _texts(_parse(chart))


# 4. No chart of what does not change


def test_no_chart_for_a_series_that_does_not_change() -> None:
    flat = _trend(ChartSeries("Totalt", _d("100", "100", "100", None, "100")))
    single = _trend(ChartSeries("Totalt", _d(None, None, "7")))
    moving = _trend(
        ChartSeries("Totalt", _d("22", "22", "22")), ChartSeries("Män", _d("25", "26", "26"))
    )
    assert not rules.worth_drawing(flat)
    assert not rules.worth_drawing(single)
    assert rules.worth_drawing(moving)
    one_bar = Chart(
        "b", ChartKind.DIVERGING, "B", ("A",), (ChartSeries("X", _d("5")),), "tkr", 0, "D"
    )
    assert not rules.worth_drawing(one_bar)


def test_every_five_year_indicator_that_changes_gets_a_chart_and_no_other(
    example_copy: Path,
) -> None:
    _set_charts(example_copy, "diagram:\n  fem_år: alla\n")
    report, _ = _report(example_copy)
    assert report is not None
    group = _group(report, "diagram-fem-ar")
    assert group is not None
    ids = {c.id for c in group.charts}
    assert "trend-intraprenader" not in ids  # a constant 1 intraprenad
    assert "trend-bistand-7-dagar" not in ids  # a flat 100 %
    assert "trend-invanare" in ids
    assert all(any(rules.changes(s) for s in c.series) for c in group.charts)


# 5. Labels never collide; end labels or a legend, never both


def _boxes(root: ET.Element) -> Iterator[tuple[str, float, float, float, float]]:
    """(text, left, top, right, bottom) of every text, by the renderer's own width estimate
    (which errs on the wide side of the fonts asked for)."""
    default = float(root.attrib["font-size"])
    for element in root.iter(f"{SVG}text"):
        text = "".join(element.itertext())
        size = float(element.get("font-size", default))
        x, y = float(element.attrib["x"]), float(element.attrib["y"])
        width = text_width(text, size)
        left = {"start": x, "middle": x - width / 2, "end": x - width}[
            element.get("text-anchor", "start")
        ]
        yield text, left, y - 0.76 * size, left + width, y + 0.24 * size


def _collisions(root: ET.Element) -> list[tuple[str, str]]:
    return [
        (a[0], b[0])
        for a, b in combinations(list(_boxes(root)), 2)
        if not (a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2])
    ]


CROWDED = [
    _trend(
        ChartSeries("Totalt", _d("50", "52", "53")),
        ChartSeries("Kvinnor", _d("49", "51", "52")),
        ChartSeries("Män", _d("51", "53", "54")),
        unit="procent",
        target=Decimal("53"),
        target_label="Målvärde 2018",
    ),
    _trend(
        *(ChartSeries(f"Grupp {i}", _d("10", str(20 + i), str(30 + i))) for i in range(5)),
    ),
    _trend(
        ChartSeries("Totalt", _d("81", "84", "86")),
        ChartSeries("Kvinnor", _d("81", "81", "86")),
        ChartSeries("Män", _d("81", "81", "86")),
        unit="procent",
    ),
    _trend(
        ChartSeries("Hushåll med långvarigt ekonomiskt bistånd", _d("1043", "1060", "1131")),
        ChartSeries("Hushåll med barn", _d("300", "400", "1120")),
    ),
    _trend(
        ChartSeries("Totalt", _d("3613", "3568", "3484", "3642", "3556")),
        ChartSeries("Hushåll 18–24 år", _d("673", "632", "594", "654", "588")),
        ChartSeries("Hushåll med barn", _d("1010", "1037", "1004", "1020", "1009")),
    ),
]


@pytest.mark.parametrize("chart", CROWDED, ids=lambda c: "-".join(s.label[:6] for s in c.series))
def test_labels_never_collide_and_series_are_named_once(chart: Chart) -> None:
    root = _parse(chart)
    assert _collisions(root) == []
    texts = _texts(root)
    for series in chart.series:
        assert texts.count(_drawn(series.label)) == 1, series.label


def _drawn(label: str) -> str:
    """A series label as drawn: one too long for an end label is named in a legend, where
    labels are cut only beyond 40 characters."""
    return label if len(label) <= END_LABEL_CHARS else shorten(label)


def test_labels_never_collide_in_the_example(example: Path) -> None:
    report, _ = _report(example)
    assert report is not None
    for chart in report.charts():
        assert _collisions(_parse(chart)) == [], chart.id


def test_spread_keeps_labels_apart_and_near() -> None:
    wanted = [100.0, 101.0, 102.0, 180.0]
    placed = rules.spread(wanted, 16, 20, 200)
    ordered = sorted(placed)
    assert all(b - a >= 16 - 1e-9 for a, b in pairwise(ordered))
    assert placed[3] == 180.0  # far from the others: not moved
    assert abs(placed[1] - 101.0) < 1  # the middle of a block stays put
    assert rules.end_labels_fit(wanted, placed, [40.0] * 4)
    crowded = [100.0] * 5
    assert not rules.end_labels_fit(crowded, rules.spread(crowded, 16, 20, 200), [40.0] * 5)


def test_a_crowded_chart_gets_a_legend_instead_of_end_labels() -> None:
    chart = CROWDED[1]  # five lines ending close together
    root = _parse(chart)
    texts = [t for t in root.iter(f"{SVG}text") if "".join(t.itertext()).startswith("Grupp")]
    assert len(texts) == 5
    tops = {float(t.attrib["y"]) for t in texts}
    assert max(tops) < 60  # all in the legend rows above the plot


# 6. Overlapping series distinguishable


def test_coinciding_series_are_told_apart_and_said(example: Path) -> None:
    chart = CROWDED[2]  # Kvinnor and Män coincide
    assert rules.coinciding(chart.series) == ((1, 2),)
    root = _parse(chart)
    groups = {g.get("class"): g for g in root.iter(f"{SVG}g")}
    lines = {
        name: next(p for p in group if p.get("fill") == "none") for name, group in groups.items()
    }
    women, men = lines["series-1"], lines["series-2"]
    assert women.get("stroke-dasharray") != men.get("stroke-dasharray")
    assert women.get("stroke") != men.get("stroke")
    # The one beneath is drawn wider, so that it shows on both sides of the one on top.
    assert float(men.attrib["stroke-width"]) > float(women.attrib["stroke-width"]) + 2
    report, _ = _report(example)
    assert report is not None
    described = next(c for c in report.charts() if c.id == "trend-betyg-grundlaggande")
    assert "Linjerna för Kvinnor och Män sammanfaller." in described.description


def test_series_that_only_touch_do_not_coincide() -> None:
    series = (
        ChartSeries("Totalt", _d("81", "84", "86")),
        ChartSeries("Kvinnor", _d("81", "81", "86")),
    )
    assert rules.coinciding(series) == ()


# 7. Which charts: the settings


def test_the_example_five_years_carry_the_chosen_charts(example: Path) -> None:
    report, _ = _report(example)
    assert report is not None
    group = _group(report, "diagram-fem-ar")
    assert group is not None
    assert tuple(c.id.removeprefix("trend-") for c in group.charts) == EXAMPLE_CHOICE


def test_the_default_is_a_few_charts_one_per_group(example_copy: Path) -> None:
    _set_charts(example_copy, "")
    ws, _ = read_workspace(example_copy)
    assert ws is not None
    assert ws.settings.charts.five_years.mode is ChartMode.SELECTION
    report, _ = _report(example_copy)
    assert report is not None
    group = _group(report, "diagram-fem-ar")
    assert group is not None
    limit = ws.settings.charts.five_years.limit
    assert 1 < len(group.charts) <= limit <= 6
    placed = {
        f"trend-{i.id}": m.group for i in ws.indicators for m in i.placements if m.kind == "fem-år"
    }
    groups = [placed[c.id] for c in group.charts]
    assert len(set(groups)) == len(groups)


def test_indicator_charts_can_be_listed_or_turned_off(example_copy: Path) -> None:
    _set_charts(example_copy, "diagram:\n  indikatorer: [betyg-sfi-d, hme-78]\n  fem_år: inga\n")
    report, diagnostics = _report(example_copy)
    assert report is not None
    assert not [d for d in diagnostics if d.code in ("UPP148", "UPP149")]
    ids = {c.id for c in report.charts() if c.kind is ChartKind.TREND}
    assert ids == {"trend-betyg-sfi-d", "trend-hme-78"}


def test_a_selection_of_indicator_charts_is_one_per_group(example_copy: Path) -> None:
    _set_charts(example_copy, "diagram:\n  indikatorer: urval\n")
    report, _ = _report(example_copy)
    ws, _ = read_workspace(example_copy)
    assert report is not None
    assert ws is not None
    groups = {f"trend-{i.id}": m.group for i in ws.indicators for m in i.placements}
    area = _group(report, "diagram-malomrade-2")
    assert area is not None
    headings = [groups[c.id] for c in area.charts]
    assert 1 < len(headings) <= ws.settings.charts.indicators.limit
    assert len(set(headings)) == len(headings)


def test_the_older_switch_still_turns_indicator_charts_off(example_copy: Path) -> None:
    _set_charts(example_copy, "publicering:\n  indikatordiagram: false\n")
    report, _ = _report(example_copy)
    assert report is not None
    assert [c.kind for c in report.charts()] == [ChartKind.DIVERGING, ChartKind.GROUPED]


def _errors(root: Path, code: str) -> list[Diagnostic]:
    _, diagnostics = _report(root)
    return [d for d in diagnostics if d.code == code and d.severity is Severity.ERROR]


def _line_of(root: Path, text: str) -> int:
    lines = (root / "uppsikt.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.lstrip().startswith(text))


@pytest.mark.parametrize(
    ("block", "where"),
    [
        ("diagram:\n  fem_år: några\n", "fem_år: några"),
        ("diagram:\n  indikatorer: [hme-78, hme-78]\n", "indikatorer:"),
        ("publicering:\n  indikatordiagram: false\ndiagram:\n  fem_år: inga\n", "diagram:"),
    ],
)
def test_a_choice_that_is_not_understood_is_located(
    example_copy: Path, block: str, where: str
) -> None:
    _set_charts(example_copy, block)
    [error] = _errors(example_copy, "UPP148")
    assert error.location.file == "uppsikt.yaml"
    assert error.location.line == _line_of(example_copy, where)
    assert error.hint


def test_an_unknown_indicator_in_a_chart_list_is_located(example_copy: Path) -> None:
    _set_charts(example_copy, "diagram:\n  fem_år:\n    - elever-sfi\n    - elever-sfx\n")
    [error] = _errors(example_copy, "UPP149")
    assert "elever-sfx" in error.message
    assert (error.location.file, error.location.line) == (
        "uppsikt.yaml",
        _line_of(example_copy, "- elever-sfx"),
    )
    _set_charts(example_copy, "diagram:\n  fem_år: [hme-78]\n")  # an indicator, not in Fem år
    [error] = _errors(example_copy, "UPP149")
    assert "hme-78" in error.message
