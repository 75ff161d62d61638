"""A kommun in the web application (issue #12): import of a kommun workspace, its reports
read with the kommun's shared files, the cache key following the shared files, and the
replacement of a shared file by an administratör."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from uppsikt.web.models import (
    Change,
    Kommun,
    KommunFile,
    KommunFileRevision,
    Namnd,
    Report,
    Status,
)
from uppsikt.web.services import kommuner, store
from uppsikt.web.services.loaded import load
from uppsikt.web.services.parsing import WorkspaceError

from .kommun_support import kommun_folder, zipped
from .web_support import World

SHARED_CSV = "ekonomi/investeringar.csv"


def _post_zip(client: Client, data: bytes) -> tuple[int, str]:
    upload = SimpleUploadedFile("kommun.zip", data, content_type="application/zip")
    response = client.post("/kommuner/importera/", {"fil": upload})
    return response.status_code, response.content.decode()


def test_an_administrator_imports_a_kommun_zip(world: World, tmp_path: Path) -> None:
    status, html = _post_zip(world.client("admin"), zipped(kommun_folder(tmp_path / "k")))
    assert status == 302, html[-3000:]
    kommun = Kommun.objects.get()
    assert (kommun.name, kommun.code) == ("Testkommun", "1880")
    shared = set(KommunFile.objects.filter(kommun=kommun).values_list("path", flat=True))
    assert {"organisation.yaml", "indikatorvarden.csv", SHARED_CSV} <= shared
    assert not any(p.startswith("rapporter/") for p in shared)
    van, b = kommun.reports.get(folder="van-2020"), kommun.reports.get(folder="b-2020")
    # The first code of omfattning: «kommun» is the organisation's first nämnd (made here),
    # «B» the nämnd B that existed before.
    assert van.namnd.code == "van"
    assert van.namnd.name == "Vuxenutbildnings- och arbetsmarknadsnämnden"
    assert b.namnd == world.b
    assert (van.status, van.title, van.year) == (Status.DRAFT, "Årsberättelse 2020", 2020)
    own = set(store.current_files(van))
    assert "uppsikt.yaml" in own
    assert "text/ekonomi.md" in own
    assert "organisation.yaml" not in own
    page = world.client("admin").get(f"/kommuner/{kommun.pk}/").content.decode()
    assert "rapporter/van-2020/" in page
    assert "organisation.yaml" in page


def test_a_report_of_a_kommun_is_read_with_the_kommuns_files(kommun: Kommun) -> None:
    van = kommun.reports.get(folder="van-2020")
    loaded = load(van)
    assert loaded.ws is not None
    assert loaded.errors == 0, [
        d.format() for d in loaded.diagnostics if d.severity.name == "ERROR"
    ]
    assert loaded.root.name == "van-2020"
    assert loaded.root.parent.name == "rapporter"
    assert (loaded.root.parent.parent / "organisation.yaml").is_file()
    assert not (loaded.root / "organisation.yaml").exists()
    # The other report's own files are not written beside it.
    assert not (loaded.root.parent / "b-2020").exists()


def test_a_change_of_a_shared_file_reloads_every_report_of_the_kommun(
    world: World, kommun: Kommun
) -> None:
    van, b = kommun.reports.get(folder="van-2020"), kommun.reports.get(folder="b-2020")
    keys = {r.pk: store.fingerprint(r) for r in (van, b)}
    first = load(van)
    revisions = {r.pk: r.revision for r in (van, b)}
    old = store.shared_files(kommun.pk)[SHARED_CSV]
    new = old.replace(b"\n", b"\n", 1) + b"\n"
    kommuner.replace_shared(kommun, SHARED_CSV, new, world.users["admin"])
    for report in (van, b):
        report.refresh_from_db()
        assert store.fingerprint(report) != keys[report.pk]
        assert report.revision == revisions[report.pk] + 1
        change = Change.objects.filter(report=report).first()
        assert change is not None
        assert change.path == "../../" + SHARED_CSV
        assert "ersatt" in change.after
    second = load(van)
    assert second.key != first.key
    assert (second.root.parent.parent / SHARED_CSV).read_bytes() == new
    row = KommunFile.objects.get(kommun=kommun, path=SHARED_CSV)
    assert row.revision == 2
    assert list(KommunFileRevision.objects.filter(file=row).values_list("revision", flat=True)) == [
        1,
        2,
    ]
    assert bytes(KommunFileRevision.objects.get(file=row, revision=1).content) == old


def test_the_workspace_zip_of_a_kommun_report_holds_the_kommun(kommun: Kommun) -> None:
    import io  # noqa: PLC0415
    import zipfile  # noqa: PLC0415

    van = kommun.reports.get(folder="van-2020")
    names = zipfile.ZipFile(io.BytesIO(store.export_zip(van, "k"))).namelist()
    assert "k/organisation.yaml" in names
    assert "k/rapporter/van-2020/uppsikt.yaml" in names
    assert not any(n.startswith("k/rapporter/b-2020/") for n in names)


def test_a_kommun_import_is_all_or_nothing(world: World, tmp_path: Path) -> None:
    folder = kommun_folder(tmp_path / "k")
    settings = folder / "rapporter" / "b-2020" / "uppsikt.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("omfattning: B", "omfattning: FINNS"),
        encoding="utf-8",
    )
    before = (Report.objects.count(), Namnd.objects.count())
    status, html = _post_zip(world.client("admin"), zipped(folder))
    assert status == 400
    assert "«FINNS» i «omfattning» är ingen nämnd" in html
    assert Kommun.objects.count() == 0
    assert KommunFile.objects.count() == 0
    assert (Report.objects.count(), Namnd.objects.count()) == before


def test_a_report_folder_without_settings_refuses_the_import(
    world: World,  # noqa: ARG001 - the database must exist
    tmp_path: Path,
) -> None:
    folder = kommun_folder(tmp_path / "k")
    (folder / "rapporter" / "b-2020" / "uppsikt.yaml").unlink()
    with pytest.raises(WorkspaceError, match=r"rapporter/b-2020/ har ingen uppsikt\.yaml"):
        kommuner.import_kommun(store.folder_files(folder), None)
    assert Kommun.objects.count() == 0


def test_a_zip_that_is_no_kommun_is_a_form_error(world: World, tmp_path: Path) -> None:
    folder = kommun_folder(tmp_path / "k")
    (folder / "organisation.yaml").unlink()
    status, html = _post_zip(world.client("admin"), zipped(folder))
    assert status == 400
    assert "ingen organisation.yaml" in html
    status, html = _post_zip(world.client("admin"), b"PK\x03\x04 inte en zip")
    assert status == 400
    assert "ingen zip-fil" in html
    assert Kommun.objects.count() == 0


def test_a_kommun_zip_with_a_foreign_store_is_refused(world: World, tmp_path: Path) -> None:
    from .hostile_files import foreign_store  # noqa: PLC0415

    secret = tmp_path / "hemligt.txt"
    secret.write_text("hemlig-rad-ur-servern\n", encoding="utf-8")
    folder = kommun_folder(tmp_path / "k")
    foreign_store(folder / "rapporter" / "b-2020" / "ekonomi.duckdb", secret)
    status, html = _post_zip(world.client("admin"), zipped(folder))
    assert status == 400
    assert "huvudbok godtas inte" in html
    assert "hemlig-rad-ur-servern" not in html
    assert Kommun.objects.count() == 0
