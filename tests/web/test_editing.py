"""Editing through the pages: texts, goals and indicator values are saved to the workspace's
files, with compare-and-swap (no lost updates) and an audit row per save."""

from __future__ import annotations

import re

from django.test import Client

from uppsikt.web.models import Change, FileRevision, Report, WorkspaceFile
from uppsikt.web.services.store import read_text

from .web_support import World

TEXT = "text/forslag-till-beslut.md"


def _base(client: Client, url: str, name: str = "base") -> str:
    html = client.get(url).content.decode()
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"{name} not in {url}"
    return found.group(1)


def test_text_is_saved_and_audited(world: World) -> None:
    client = world.client("red_a")
    url = f"/rapporter/{world.report_a.pk}/text/forslag-till-beslut/"
    base = _base(client, url)
    before = read_text(world.report_a, TEXT)
    response = client.post(url, {"markdown": "# Förslag\n\nNy text.", "base": base})
    assert response.status_code == 302
    assert read_text(world.report_a, TEXT) == "# Förslag\n\nNy text.\n"
    change = Change.objects.get(report=world.report_a, path=TEXT)
    assert change.user == world.users["red_a"]
    assert change.before == before
    assert change.after == "# Förslag\n\nNy text.\n"
    row = WorkspaceFile.objects.get(report=world.report_a, path=TEXT)
    assert FileRevision.objects.filter(file=row).count() == 2
    history = client.get(f"/rapporter/{world.report_a.pk}/historik/").content.decode()
    assert "Ny text." in history


def test_second_save_from_the_same_start_is_refused_with_both_versions(world: World) -> None:
    first, second = world.client("red_a"), world.client("admin")
    url = f"/rapporter/{world.report_a.pk}/text/forslag-till-beslut/"
    base = _base(first, url)
    assert _base(second, url) == base
    assert first.post(url, {"markdown": "Första versionen", "base": base}).status_code == 302
    response = second.post(url, {"markdown": "Andra versionen", "base": base})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Din version" in html
    assert "Den sparade versionen" in html
    assert "Andra versionen" in html
    assert "Första versionen" in html
    assert "Red_A" in html
    assert read_text(world.report_a, TEXT) == "Första versionen\n"
    assert Change.objects.filter(report=world.report_a, path=TEXT).count() == 1


def test_different_units_of_one_file_do_not_conflict(world: World) -> None:
    first, second = world.client("red_a"), world.client("admin")
    goals = f"/rapporter/{world.report_a.pk}/mal/"
    html = first.get(goals).content.decode()
    area_base = re.search(r'id="omrade-MO1".*?name="base" value="([^"]*)"', html, re.S)
    goal_base = re.search(r'id="kf-MO1-2".*?name="base" value="([^"]*)"', html, re.S)
    assert area_base
    assert goal_base
    response = first.post(
        f"{goals}omrade/MO1/",
        {
            "base": area_base.group(1),
            "analys": "Ny analys.",
            "positiva": "Bra sak\nEn till",
            "forbattring": "Bättre flöden",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    response = second.post(
        f"{goals}kf/MO1-2/",
        {
            "base": goal_base.group(1),
            "stallningstagande": "ej-relevant",
            "beskrivning": "Nämndens redovisning, ny.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    text = read_text(world.report_a, "mal.yaml")
    assert "      Ny analys.\n" in text
    assert "      - Bra sak\n      - En till\n" in text
    assert "Nämndens redovisning, ny." in text
    assert "ställningstagande: ej-relevant" in text
    assert text.startswith("# Målområden, kommunfullmäktiges mål")


def test_indicator_value_saved_and_validated(world: World) -> None:
    client = world.client("red_a")
    url = f"/rapporter/{world.report_a.pk}/indikatorer/sfi-avslutade-fore-d/"
    html = client.get(url).content.decode()
    assert 'for="v-tot-2020">Värde, Totalt, 2020' in html
    base = re.search(r'name="b-tot-2020" value="([^"]*)"', html)
    assert base
    fields = {"b-tot-2020": base.group(1), "o-tot-2020": "383", "m-tot-2020": ""}
    bad = client.post(url, {**fields, "v-tot-2020": "tre", "s-tot-2020": ""})
    assert bad.status_code == 400
    assert "inget tal" in bad.content.decode()
    assert 'aria-invalid="true"' in bad.content.decode()
    good = client.post(url, {**fields, "v-tot-2020": "390", "s-tot-2020": ""})
    assert good.status_code == 302
    assert "sfi-avslutade-fore-d;tot;2020;390;;;" in read_text(
        world.report_a, "indikatorvarden.csv"
    )
    change = Change.objects.get(report=world.report_a, kind="value")
    assert (change.before, change.after) == ("383", "390")
    stale = client.post(url, {**fields, "v-tot-2020": "400", "s-tot-2020": ""})
    assert stale.status_code == 409
    assert "Den sparade versionen" in stale.content.decode()


def test_validation_as_you_type(world: World) -> None:
    client = world.client("red_a")
    url = f"/rapporter/{world.report_a.pk}/indikatorer/sfi-avslutade-fore-d/validera/"
    bad = client.post(url, {"falt": "tot-2020", "v-tot-2020": "12x"})
    assert bad.status_code == 200
    assert 'id="fel-tot-2020"' in bad.content.decode()
    assert "inget tal" in bad.content.decode()
    good = client.post(url, {"falt": "tot-2020", "v-tot-2020": "1 250"})
    assert "inget tal" not in good.content.decode()


def test_preview_resolves_references(world: World) -> None:
    client = world.client("red_a")
    url = f"/rapporter/{world.report_a.pk}/text/forslag-till-beslut/forhandsvisning/"
    response = client.post(
        url, {"markdown": "Avvikelse {{ tabell.enheter.netto.avvikelse | mnkr | tecken }}."}
    )
    assert response.status_code == 200
    assert "mnkr" in response.content.decode()
    assert "{{" not in response.content.decode()
    broken = client.post(url, {"markdown": "{{ tabell.finns-inte.x.y }}"})
    assert "går inte att lösa" in broken.content.decode()


def test_picker_lists_references(world: World) -> None:
    html = (
        world.client("red_a")
        .get(f"/rapporter/{world.report_a.pk}/text/forslag-till-beslut/")
        .content.decode()
    )
    assert "{{ tabell.enheter.netto.avvikelse }}" in html
    assert 'label for="referens"' in html


def test_invalid_stance_is_refused_with_the_error_tied_to_the_field(world: World) -> None:
    client = world.client("red_a")
    goals = f"/rapporter/{world.report_a.pk}/mal/"
    html = client.get(goals).content.decode()
    base = re.search(r'id="kf-MO1-1".*?name="base" value="([^"]*)"', html, re.S)
    assert base
    response = client.post(
        f"{goals}kf/MO1-1/",
        {"base": base.group(1), "stallningstagande": "ej-relevant", "beskrivning": "x"},
    )
    assert response.status_code == 400
    assert 'aria-describedby="kf-MO1-1-fel"' in response.content.decode()
    assert Report.objects.get(pk=world.report_a.pk).revision == world.report_a.revision


def test_an_estimate_mark_is_set_and_cleared(world: World) -> None:
    client = world.client("red_a")
    url = f"/rapporter/{world.report_a.pk}/indikatorer/arbetsgivarinsats-antal/"
    html = client.get(url).content.decode()
    assert 'for="ca-tot-2019">Ungefärligt (ca), Totalt, 2019' in html
    assert re.search(r'id="ca-tot-2019" name="ca-tot-2019" value="ja" checked', html)
    base = re.search(r'name="b-tot-2020" value="([^"]*)"', html)
    assert base
    fields = {"b-tot-2020": base.group(1), "o-tot-2020": "97", "m-tot-2020": "", "a-tot-2020": ""}
    marked = client.post(url, {**fields, "v-tot-2020": "97", "ca-tot-2020": "ja"})
    assert marked.status_code == 302
    values = read_text(world.report_a, "indikatorvarden.csv")
    assert "arbetsgivarinsats-antal;tot;2020;97;;ja;" in values
    change = Change.objects.get(report=world.report_a, kind="value")
    assert (change.before, change.after) == ("97", "ca 97")
    html = client.get(url).content.decode()
    base = re.search(r'name="b-tot-2020" value="([^"]*)"', html)
    assert base
    fields = {"b-tot-2020": base.group(1), "o-tot-2020": "97", "m-tot-2020": "", "a-tot-2020": "ja"}
    cleared = client.post(url, {**fields, "v-tot-2020": "97"})  # the box left unticked
    assert cleared.status_code == 302
    assert "arbetsgivarinsats-antal;tot;2020;97;;;" in read_text(
        world.report_a, "indikatorvarden.csv"
    )
