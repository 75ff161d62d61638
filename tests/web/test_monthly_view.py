"""KS's monthly view of a kommun (issue #14, item 5): each nämnd's outcome so far from the
ledger against the budget spread over the months, the latest forecast and the deviation;
reached from the overview, refused to a user who may read none of the kommun's reports."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from uppsikt.compute.monthly import NO_LEDGER
from uppsikt.ledger.model import STORE_FILE, LedgerRow
from uppsikt.ledger.store import LedgerStore
from uppsikt.located.format import number
from uppsikt.model.economy import Scenario
from uppsikt.web.models import Kommun
from uppsikt.web.services import kommuner, store
from uppsikt.web.services.loaded import load

from .kommun_support import kommun_folder
from .web_support import World

MAPPING = (
    Path(__file__).resolve().parents[2] / "examples" / "orebro-van-2020-import" / "mappning.yaml"
)


@pytest.fixture
def ledger_kommun(world: World, tmp_path: Path) -> Kommun:  # noqa: ARG001 - nämnd B must exist
    """The example kommun with a ledger: 1 000, 2 000 and 3 000 kr of personnel costs on the
    nämnd's own unit in January to March 2020, and a forecast after August."""
    folder = kommun_folder(tmp_path / "k")
    (folder / "mappning.yaml").write_bytes(MAPPING.read_bytes())
    rows = [
        LedgerRow(2020, m, Scenario.OUTCOME, "5010", Decimal(1000 * m), "5000") for m in (1, 2, 3)
    ]
    with LedgerStore(folder / STORE_FILE) as ledger:
        ledger.import_rows(rows, source="huvudbok", file="jan-mar.se", kind="sie")
    (folder / "ekonomi" / "prognoser.csv").write_text(
        "år;månad;enhet;belopp\n2020;8;FS-LED;-1 000\n", encoding="utf-8"
    )
    return kommuner.import_kommun(store.folder_files(folder), None)


def _cells(html: str, label: str) -> list[str]:
    row = re.search(
        rf"<tr>\s*<th scope=\"row\"><a [^>]*>{re.escape(label)}</a></th>(.*?)</tr>", html, re.S
    )
    assert row is not None, html[-3000:]
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    ]


def test_ks_sees_each_namnds_outcome_so_far_forecast_and_deviation(
    world: World, ledger_kommun: Kommun
) -> None:
    client = world.client("ks")
    overview = client.get("/oversikt/").content.decode()
    url = f"/oversikt/manad/{ledger_kommun.pk}/"
    assert f'href="{url}"' in overview
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption" in html
    assert 'scope="col">Senaste prognos, helår' in html
    van = ledger_kommun.reports.get(folder="van-2020")
    loaded = load(van)
    assert loaded.computed is not None
    name = "Vuxenutbildnings- och arbetsmarknadsnämnden"
    budget = loaded.computed.organisation.amount(("VAN",), 2020, Scenario.BUDGET)
    through, outcome, budget_so_far, deviation, forecast, _ = _cells(html, name)
    assert through == "mars"
    assert outcome == "−6"  # −1 − 2 − 3 tkr
    so_far = (budget * 3 / 12).quantize(Decimal("0.01"))
    assert budget_so_far == number(so_far / 1000, 0)
    assert deviation.startswith(number((Decimal(-6000) - so_far) / 1000, 0, signed=True))
    assert forecast.startswith(number(Decimal(-1000), 0))
    assert "efter augusti" in forecast


@pytest.mark.parametrize("username", ["red_a", "nobody"])
def test_a_user_who_reads_none_of_the_kommuns_reports_gets_404(
    world: World, ledger_kommun: Kommun, username: str
) -> None:
    response = world.client(username).get(f"/oversikt/manad/{ledger_kommun.pk}/")
    assert response.status_code == 404
    assert "Vuxenutbildnings" not in response.content.decode()


def test_a_kommun_without_a_ledger_says_so(world: World, kommun: Kommun) -> None:
    html = world.client("ks").get(f"/oversikt/manad/{kommun.pk}/").content.decode()
    assert NO_LEDGER in html
    assert "<table" not in html
