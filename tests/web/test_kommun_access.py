"""Who may do what with a kommun (issue #12): nämnd editors see and change only their own
nämnd's reports of the kommun; the kommun's page is the administratörs' and KS's; its shared
files are changed by administratörer only, with the checks of every upload; KS's overview
shows the kommun's reports together."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from uppsikt.web.models import (
    Change,
    Kommun,
    KommunFile,
    KommunFileRevision,
    NamndRole,
    Report,
    Status,
)
from uppsikt.web.services import store

from .web_support import World, make_user

SHARED = "indikatorvarden.csv"


def _snapshot() -> tuple[object, ...]:
    return (
        list(KommunFile.objects.values_list("id", "sha", "revision")),
        KommunFileRevision.objects.count(),
        list(Report.objects.values_list("id", "revision", "status")),
        Change.objects.count(),
    )


def _replace(
    world: World, username: str, kommun: Kommun, content: bytes, path: str = SHARED
) -> tuple[int, str]:
    upload = SimpleUploadedFile("ny.csv", content, content_type="text/csv")
    response = world.client(username).post(
        f"/kommuner/{kommun.pk}/filer/", {"sokvag": path, "fil": upload}
    )
    return response.status_code, response.content.decode()


def _new_values(kommun: Kommun) -> bytes:
    return store.shared_files(kommun.pk)[SHARED] + b"\n"


def test_a_namnd_editor_sees_and_edits_only_the_own_namnds_report(
    world: World, kommun: Kommun
) -> None:
    van, b = kommun.reports.get(folder="van-2020"), kommun.reports.get(folder="b-2020")
    client = world.client("red_b")
    assert client.get(f"/rapporter/{b.pk}/").status_code == 200
    assert client.get(f"/rapporter/{b.pk}/text/ekonomi/").status_code == 200
    assert client.get(f"/rapporter/{van.pk}/").status_code == 404
    assert client.get(f"/rapporter/{van.pk}/text/ekonomi/").status_code == 404
    home = client.get("/").content.decode()
    assert f"/rapporter/{b.pk}/" in home
    assert f"/rapporter/{van.pk}/" not in home
    reader = world.client("las_a")
    assert reader.get(f"/rapporter/{b.pk}/").status_code == 404


def test_a_namnd_editor_saves_a_text_of_the_own_report_of_the_kommun(
    world: World, kommun: Kommun
) -> None:
    b = kommun.reports.get(folder="b-2020")
    client = world.client("red_b")
    page = client.get(f"/rapporter/{b.pk}/text/ekonomi/").content.decode()
    base = page.split('name="base" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        f"/rapporter/{b.pk}/text/ekonomi/",
        {"markdown": "# Ekonomi\n\nNy text från B.\n", "base": base, "action": "spara"},
    )
    assert response.status_code in (200, 302), response.content.decode()[-2000:]
    assert "Ny text från B." in store.read_text(b, "text/ekonomi.md")
    # The kommun's files and the other report are untouched.
    assert "Ny text från B." not in store.read_text(
        kommun.reports.get(folder="van-2020"), "text/ekonomi.md"
    )
    assert all(r == 1 for r in KommunFile.objects.values_list("revision", flat=True))


@pytest.mark.parametrize("username", ["red_a", "las_a", "red_b", "nobody"])
def test_the_kommun_page_is_not_for_namnd_roles(
    world: World, kommun: Kommun, username: str
) -> None:
    before = _snapshot()
    client = world.client(username)
    assert client.get(f"/kommuner/{kommun.pk}/").status_code == 404
    assert _replace(world, username, kommun, _new_values(kommun))[0] == 404
    assert _snapshot() == before


def test_anonymous_users_are_sent_to_the_login(kommun: Kommun) -> None:
    response = Client().get(f"/kommuner/{kommun.pk}/")
    assert response.status_code == 302
    assert "/konto/logga-in/" in response["Location"]


def test_ks_reads_the_kommun_page_but_may_not_change_a_shared_file(
    world: World, kommun: Kommun
) -> None:
    before = _snapshot()
    page = world.client("ks").get(f"/kommuner/{kommun.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Testkommun" in html
    assert "Ersätt filen" not in html
    status, html = _replace(world, "ks", kommun, _new_values(kommun))
    assert status == 403
    assert "Bara en administratör" in html
    assert _snapshot() == before


def test_only_an_administrator_imports_a_kommun(world: World) -> None:
    for username in ("ks", "red_a"):
        assert world.client(username).get("/kommuner/importera/").status_code == 403
    assert world.client("admin").get("/kommuner/importera/").status_code == 200


def test_an_administrator_replaces_a_shared_file(world: World, kommun: Kommun) -> None:
    new = _new_values(kommun)
    status, html = _replace(world, "admin", kommun, new)
    assert status == 302, html[-2000:]
    row = KommunFile.objects.get(kommun=kommun, path=SHARED)
    assert bytes(row.content) == new
    assert row.revision == 2
    assert row.updated_by == world.users["admin"]
    history = world.client("admin").get(
        f"/rapporter/{kommun.reports.get(folder='b-2020').pk}/historik/"
    )
    assert f"Kommunens fil {SHARED} ersatt" in history.content.decode()


@pytest.mark.parametrize(
    ("path", "content", "message"),
    [
        ("indikatorvarden.csv", b"\xff\xfe inte utf-8", "inte text i UTF-8"),
        ("organisation.yaml", b"kod: [ofullst\xc3\xa4ndig\n", "ingen giltig YAML"),
        ("indikatorvarden.csv", b"a;b\x00c\n", "nolltecken"),
    ],
)
def test_a_bad_replacement_is_refused_and_nothing_changes(
    world: World, kommun: Kommun, path: str, content: bytes, message: str
) -> None:
    before = _snapshot()
    status, html = _replace(world, "admin", kommun, content, path)
    assert status == 422
    assert message in html
    assert _snapshot() == before


def test_a_foreign_store_does_not_replace_the_ledger(
    world: World, kommun: Kommun, tmp_path: Path
) -> None:
    from .hostile_files import foreign_store  # noqa: PLC0415

    KommunFile.objects.create(kommun=kommun, path="ekonomi.duckdb", content=b"", sha="")
    secret = tmp_path / "hemligt.txt"
    secret.write_text("hemlig-rad-ur-servern\n", encoding="utf-8")
    store_file = foreign_store(tmp_path / "ekonomi.duckdb", secret)
    before = _snapshot()
    status, html = _replace(world, "admin", kommun, store_file.read_bytes(), "ekonomi.duckdb")
    assert status == 422
    assert "Huvudboken godtas inte" in html
    assert "hemlig-rad-ur-servern" not in html
    assert _snapshot() == before


def test_a_file_the_kommun_lacks_cannot_be_chosen(world: World, kommun: Kommun) -> None:
    before = _snapshot()
    status, html = _replace(world, "admin", kommun, b"x: 1\n", "rapporter/van-2020/uppsikt.yaml")
    assert status == 400
    assert "giltigt alternativ" in html
    assert _snapshot() == before


def test_shared_files_are_locked_while_a_report_is_adopted(world: World, kommun: Kommun) -> None:
    Report.objects.filter(pk=kommun.reports.get(folder="van-2020").pk).update(status=Status.ADOPTED)
    before = _snapshot()
    status, html = _replace(world, "admin", kommun, _new_values(kommun))
    assert status == 422
    assert "fastställd" in html
    assert _snapshot() == before


def test_the_ledger_of_a_kommun_report_is_not_uploaded_from_the_report(
    world: World, kommun: Kommun
) -> None:
    b = kommun.reports.get(folder="b-2020")
    client = world.client("red_b")
    page = client.get(f"/rapporter/{b.pk}/ekonomi/").content.decode()
    assert "Huvudboken hör till kommunen" in page
    assert "Ladda upp och importera" not in page
    upload = SimpleUploadedFile("huvudbok.se", b"#FLAGGA 0\n", content_type="text/plain")
    response = client.post(f"/rapporter/{b.pk}/ekonomi/", {"fil": upload})
    assert response.status_code == 403
    response = client.post(f"/rapporter/{b.pk}/ekonomi/ta-bort/", {"kalla": "sie"})
    assert response.status_code == 403


def test_ks_overview_groups_the_reports_by_kommun(world: World, kommun: Kommun) -> None:
    html = world.client("ks").get("/oversikt/").content.decode()
    assert "<h2" in html
    assert "Testkommun" in html
    assert "Rapporter utan kommun" in html
    assert html.index("Testkommun") < html.index("Rapporter utan kommun")
    for folder in ("van-2020", "b-2020"):
        assert f'href="/rapporter/{kommun.reports.get(folder=folder).pk}/"' in html
    assert f'href="/kommuner/{kommun.pk}/"' in html
    # The kommun's table has its own målområden and each report's deviation.
    group = html.split("Testkommun", 1)[1].split("Rapporter utan kommun", 1)[0]
    assert "mnkr" in group
    assert "Vuxenutbildnings- och arbetsmarknadsnämnden: Årsberättelse 2020" in group


def test_a_namnd_editor_sees_the_own_report_in_the_overview_only(
    world: World, kommun: Kommun
) -> None:
    html = world.client("red_b").get("/oversikt/").content.decode()
    assert f'href="/rapporter/{kommun.reports.get(folder="b-2020").pk}/"' in html
    assert f'href="/rapporter/{kommun.reports.get(folder="van-2020").pk}/"' not in html
    assert f'href="/kommuner/{kommun.pk}/"' not in html


def test_the_kommuns_indicator_values_are_not_changed_from_a_report(kommun: Kommun) -> None:
    van = kommun.reports.get(folder="van-2020")
    make_user("red_van", m=(van.namnd, NamndRole.EDITOR))
    client = Client()
    client.force_login(User.objects.get(username="red_van"))
    url = f"/rapporter/{van.pk}/indikatorer/sfi-avslutade-fore-d/"
    page = client.get(url).content.decode()
    assert "kommunens gemensamma indikatorvarden.csv" in page
    assert "Spara värden" not in page
    before = _snapshot()
    response = client.post(url, {"v-tot-2020": "12"})
    assert response.status_code == 403
    assert _snapshot() == before
