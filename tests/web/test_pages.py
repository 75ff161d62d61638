"""Every page of a report answers, in Swedish, for the roles that may see it."""

from __future__ import annotations

import pytest
from django.test import Client

from .web_support import World

PAGES = (
    "",
    "mal/",
    "indikatorer/",
    "indikatorer/sfi-avslutade-fore-d/",
    "ekonomi/",
    "kontroller/",
    "publicera/",
    "historik/",
    "referenser/",
    "text/forslag-till-beslut/",
)


@pytest.mark.parametrize("page", PAGES)
def test_report_pages_answer_for_the_editor(world: World, page: str) -> None:
    client = world.client("red_a")
    response = client.get(f"/rapporter/{world.report_a.pk}/{page}")
    assert response.status_code == 200, response.content[:500]
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert html.count("<h1") == 1
    assert 'href="#innehall"' in html


def test_home_lists_only_own_reports(world: World) -> None:
    html = world.client("red_a").get("/").content.decode()
    assert "Nämnd A" in html
    assert "Nämnd B" not in html
    html = world.client("ks").get("/").content.decode()
    assert "Nämnd A" in html
    assert "Nämnd B" in html


def test_overview_shows_every_namnd_to_ks(world: World) -> None:
    response = world.client("ks").get("/oversikt/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nämnd A" in html
    assert "Nämnd B" in html
    assert "mnkr" in html
    assert "Örebro i sin fulla kraft" in html


def test_anonymous_is_sent_to_login(world: World) -> None:
    response = Client().get(f"/rapporter/{world.report_a.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")
