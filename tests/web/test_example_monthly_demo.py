"""The demo's kommun has its monthly ledger (issue #14 item 9): the example's exports
(export/*.se) are imported into the kommun's ledger on loading, so KS's monthly view and the
delårsrapporter's section «manadsuppfoljning» show the months."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from uppsikt.compute.forecast_accuracy import unit_forecast
from uppsikt.compute.forecast_parts import unit_forecasts
from uppsikt.compute.monthly import NO_LEDGER, monthly_followup
from uppsikt.examples import bundled_kommun_example, ledger_exports
from uppsikt.ledger.model import STORE_FILE
from uppsikt.located.format import number
from uppsikt.model.dimensions import ORGANISATION
from uppsikt.model.economy import Scenario
from uppsikt.web.models import Kommun, KommunFile, Report
from uppsikt.web.services import demo
from uppsikt.web.services.loaded import load

from .kommun_support import kommun_folder
from .web_support import make_user

PASSWORDS = {login.username: "ett-långt-demolösenord-for-test" for login in demo.LOGINS}


@pytest.mark.django_db
def test_the_demo_kommun_gets_its_ledger_from_the_exports() -> None:
    demo.seed(PASSWORDS)
    kommun = Kommun.objects.get()
    paths = set(KommunFile.objects.filter(kommun=kommun).values_list("path", flat=True))
    assert STORE_FILE in paths
    assert "mappning.yaml" in paths
    # The exports went into the ledger; they are not kept beside it as files.
    assert not {f"export/{p.name}" for p in ledger_exports(bundled_kommun_example())} & paths

    report = Report.objects.get(kommun=kommun, folder="bun-delar-augusti-2025")
    loaded = load(report)
    assert loaded.ws is not None
    assert loaded.computed is not None
    assert not loaded.errors
    followup = monthly_followup(loaded.ws, loaded.computed.organisation)
    assert followup.last_month == 12
    bun = followup.units[0]
    assert bun.last is not None
    # The ledger's year is the typed-in year of the nämnd.
    outcome = loaded.computed.organisation.amount(("BUN",), 2025, Scenario.OUTCOME)
    assert bun.last.outcome_cumulative == outcome

    client = Client()
    client.force_login(make_user("ks-manad", "ks"))
    html = client.get(f"/oversikt/manad/{kommun.pk}/").content.decode()
    assert "Barn- och utbildningsnämnden" in html
    assert "Socialnämnden" in html
    assert NO_LEDGER not in html
    # BUN's forecast after augusti is written per verksamhet: the view shows the sum of parts.
    organisation = loaded.ws.dimension(ORGANISATION)
    assert organisation is not None
    bun_member = next(r for r in organisation.roots if r.code == "BUN")
    forecast = unit_forecast(bun_member, 8, unit_forecasts(loaded.ws.forecasts, 2025))
    assert forecast is not None
    assert f"{number(forecast / 1000, 0)} (efter augusti)" in html


@pytest.mark.django_db
def test_a_kommun_folder_without_exports_is_loaded_as_it_is(tmp_path: Path) -> None:
    folder = kommun_folder(tmp_path / "k")
    files = demo.kommun_files(folder)
    assert STORE_FILE not in files


def test_an_export_that_cannot_be_imported_refuses_the_demo(tmp_path: Path) -> None:
    broken = tmp_path / "huvudbok-2025.se"
    broken.write_bytes(b'#FLAGGA 0\r\n#SIETYP 4\r\n#VER A 1 20250131 "x"\r\n{\r\n')
    with pytest.raises(demo.DemoRefused, match=r"huvudbok-2025\.se"):
        demo.imported_ledger([broken])
