"""KS's forecast accuracy across the nämnder (issue #14, item 4): every delårsrapport's forecast
per nämnd against the outcome, the errors, the mean absolute error in tkr and in % of budget
and the kommun total, as compute/forecast_accuracy.py computes them; a chart with its text
alternative beside the table; only the nämnder the user may read."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from uppsikt.compute.forecast_accuracy import ForecastAccuracy, UnitAccuracy, forecast_accuracy
from uppsikt.examples import bundled_kommun_example
from uppsikt.located.format import number, percent
from uppsikt.model.forecasts import month_name
from uppsikt.web.models import Kommun, NamndRole, Report
from uppsikt.web.services import demo, kommuner
from uppsikt.web.services.forecast_accuracy import NO_FORECASTS, OPEN_YEAR
from uppsikt.web.services.loaded import load

from .web_support import World, make_user

TKR = Decimal(1000)


@pytest.fixture
def exempelstad(world: World) -> Kommun:  # noqa: ARG001 - the database must be set up
    """The bundled kommun example: forecasts after April and August 2025 for every nämnd's
    units, the nämnder's årsberättelser and delårsrapporter, KS's and the kommun's."""
    return kommuner.import_kommun(demo.kommun_files(bundled_kommun_example()), None)


def _url(kommun: Kommun) -> str:
    return f"/oversikt/prognossakerhet/{kommun.pk}/"


def _accuracy(kommun: Kommun, folder: str) -> ForecastAccuracy:
    """The core's forecast accuracy of one report of the kommun, read directly."""
    loaded = load(Report.objects.get(kommun=kommun, folder=folder))
    assert loaded.ws is not None
    assert loaded.computed is not None
    return forecast_accuracy(loaded.ws, loaded.computed.organisation)


def _rows(html: str) -> dict[str, list[str]]:
    """Each body row of the table: its label → its cells' text."""
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    assert body is not None, html[-3000:]
    found = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S):
        label = re.search(r"<th scope=\"row\">(.*?)</th>", row, re.S)
        assert label is not None
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        found[_text(label.group(1))] = [_text(c) for c in cells]
    return found


def _text(markup: str) -> str:
    return re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", "", markup)).strip(" \t\n")


def _expected(unit: UnitAccuracy, months: tuple[int, ...]) -> list[str]:
    """The cells of a closed year's row, formatted from the core's figures."""
    points = [unit.point(m) for m in months]
    assert all(p is not None for p in points)
    mae, share = unit.mean_absolute_error, unit.mean_absolute_percent
    assert mae is not None
    assert share is not None
    return [
        number(unit.budget / TKR),
        *(number(p.forecast / TKR) for p in points if p is not None),
        number(unit.outcome / TKR),
        *(number(p.error / TKR, signed=True) for p in points if p is not None),
        number(mae / TKR),
        percent(share, 1),
    ]


def test_ks_sees_every_namnds_forecasts_against_bokslut_as_the_core_computes_them(
    world: World, exempelstad: Kommun
) -> None:
    client = world.client("ks")
    assert f'href="{_url(exempelstad)}"' in client.get("/oversikt/").content.decode()
    monthly = client.get(f"/oversikt/manad/{exempelstad.pk}/").content.decode()
    assert f'href="{_url(exempelstad)}"' in monthly
    response = client.get(_url(exempelstad))
    assert response.status_code == 200
    html = response.content.decode()
    for month in (4, 8):
        assert f'scope="col">Prognos efter {month_name(month)}</th>' in html
        assert f'scope="col">Prognosfel efter {month_name(month)}</th>' in html
    assert 'scope="col">Bokslut 2025</th>' in html
    # The kommunsammanställning covers every nämnd: rows and total are its computation.
    core = _accuracy(exempelstad, "kommun-2025")
    assert len(core.units) > 2
    assert core.total is not None
    rows = _rows(html)
    assert set(rows) == {u.name for u in core.units} | {"Kommunen totalt"}
    for unit in core.units:
        assert rows[unit.name] == _expected(unit, core.months), unit.name
    assert rows["Kommunen totalt"] == _expected(core.total, core.months)
    # Each nämnd links to its own report, not to the kommun's it was read from.
    own = Report.objects.get(kommun=exempelstad, folder="bun-2025")
    assert f'<a href="/rapporter/{own.pk}/">Barn- och utbildningsnämnden</a>' in html


def test_the_chart_is_inline_svg_with_a_text_alternative_beside_the_table(
    world: World, exempelstad: Kommun
) -> None:
    html = world.client("ks").get(_url(exempelstad)).content.decode()
    svg = re.search(r"<svg .*?</svg>", html, re.S)
    assert svg is not None
    assert 'role="img"' in svg.group(0)
    ids = re.search(r'aria-labelledby="([^" ]+) ([^"]+)"', svg.group(0))
    assert ids is not None
    title = re.search(rf'<title id="{ids.group(1)}">(.*?)</title>', svg.group(0), re.S)
    desc = re.search(rf'<desc id="{ids.group(2)}">(.*?)</desc>', svg.group(0), re.S)
    assert title is not None
    assert desc is not None
    # The text alternative gives each nämnd's forecasts and bokslut in figures.
    core = _accuracy(exempelstad, "kommun-2025")
    bun = next(u for u in core.units if u.code == "BUN")
    last = bun.last
    assert last is not None
    for shown in ("Prognos efter april", "Prognos efter augusti", "Bokslut 2025", bun.name):
        assert shown in desc.group(0)
    assert number(last.forecast / TKR) in desc.group(0)
    assert number(bun.outcome / TKR) in desc.group(0)
    assert "<table" in html[: html.index("<svg")]


def test_without_the_kommun_report_the_total_is_the_cores_rule_over_the_namnders_reports(
    world: World, exempelstad: Kommun
) -> None:
    """KS's årsberättelse gives KS, REV and VAL; each nämnd's own årsberättelse its total."""
    Report.objects.filter(kommun=exempelstad, folder="kommun-2025").update(archived=True)
    html = world.client("ks").get(_url(exempelstad)).content.decode()
    core = _accuracy(exempelstad, "kommun-2025")
    assert core.total is not None
    rows = _rows(html)
    assert rows["Kommunen totalt"] == _expected(core.total, core.months)
    bun = next(u for u in core.units if u.code == "BUN")
    assert rows[bun.name] == _expected(bun, core.months)
    own = Report.objects.get(kommun=exempelstad, folder="bun-2025")
    assert f'<a href="/rapporter/{own.pk}/">{bun.name}</a>' in html


def test_a_namnds_reader_sees_only_the_namnd(world: World, exempelstad: Kommun) -> None:
    bun = Report.objects.get(kommun=exempelstad, folder="bun-2025").namnd
    client = world.client("ks")
    client.force_login(make_user("las_bun", m=(bun, NamndRole.READER)))
    html = client.get(_url(exempelstad)).content.decode()
    rows = _rows(html)
    assert list(rows) == [bun.name]
    core = _accuracy(exempelstad, "kommun-2025")
    unit = next(u for u in core.units if u.code == "BUN")
    assert rows[bun.name] == _expected(unit, core.months)
    for other in core.units:
        if other.code != "BUN":
            assert other.name not in html


def test_before_the_year_is_closed_there_is_outcome_so_far_and_no_error(
    world: World, exempelstad: Kommun
) -> None:
    """With only the delårsrapporter readable, no row claims a bokslut or a forecast error."""
    Report.objects.filter(kommun=exempelstad, folder="bun-2025").update(archived=True)
    bun = Report.objects.get(kommun=exempelstad, folder="bun-delar-augusti-2025").namnd
    client = world.client("ks")
    client.force_login(make_user("las_bun", m=(bun, NamndRole.READER)))
    html = client.get(_url(exempelstad)).content.decode()
    assert OPEN_YEAR in html
    assert "Bokslut" not in html
    cells = _rows(html)[bun.name]
    assert cells[-4:] == ["året pågår"] * 4
    assert "(hittills)" in cells[3]


@pytest.mark.parametrize("username", ["red_a", "nobody"])
def test_a_user_who_reads_none_of_the_kommuns_reports_gets_404(
    world: World, exempelstad: Kommun, username: str
) -> None:
    response = world.client(username).get(_url(exempelstad))
    assert response.status_code == 404
    assert "Barn- och utbildningsnämnden" not in response.content.decode()


def test_a_kommun_without_forecasts_says_so_in_swedish(world: World, kommun: Kommun) -> None:
    response = world.client("ks").get(_url(kommun))
    assert response.status_code == 200
    html = response.content.decode()
    assert NO_FORECASTS in html
    assert "<table" not in html
    assert "<svg" not in html
