"""Hostile uploads (issue #10): a file that crashes the Excel reader, a damaged workspace zip
and a workspace zip carrying a foreign DuckDB store are refused with a message; the server's
process lives on and no temporary folder is left behind."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from uppsikt.web.models import ImportRun, Report, WorkspaceFile
from uppsikt.web.services import workers
from uppsikt.web.services.store import import_folder

from .hostile_files import (
    abort_in_worker,
    damaged_zip,
    workspace_zip,
    xlsx_far_cell,
    zip_with_foreign_store,
)
from .web_support import REPO, World

IMPORT_EXAMPLE = REPO / "examples" / "orebro-van-2020-import"


@pytest.fixture
def report(world: World) -> Report:
    return import_folder(IMPORT_EXAMPLE, world.a, None)


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This process's temporary folders go to a folder of the test's, to be counted."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_xlsx_that_aborts_the_excel_reader_is_refused_and_the_server_lives(
    world: World, report: Report, private_tmp: Path
) -> None:
    revision = report.revision
    response = world.client("red_a").post(
        f"/rapporter/{report.pk}/ekonomi/",
        {"fil": SimpleUploadedFile("huvudbok-per-konto.xlsx", xlsx_far_cell()), "kalla": "konto"},
    )
    # Before the worker process, this request aborted the test process (calamine's
    # allocation of 550 GB failed in native code).
    assert response.status_code == 422
    run = ImportRun.objects.get(report=report)
    assert not run.ok
    messages = " ".join(d["message"] for d in run.diagnostics)
    # Refused by the Excel reader's bound on the declared range, or (without it) by the worker
    # that died of it: either way a message, never the end of the server.
    assert "dimension" in messages or "avbröts oväntat" in messages, messages
    assert Report.objects.get(pk=report.pk).revision == revision
    assert not WorkspaceFile.objects.filter(report=report, path="ekonomi.duckdb").exists()
    assert list(private_tmp.iterdir()) == []
    # And the next normal request is answered.
    assert world.client("red_a").get(f"/rapporter/{report.pk}/ekonomi/").status_code == 200


def test_a_parser_that_aborts_costs_one_refused_upload(
    world: World, report: Report, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever bound a reader lacks, native code that aborts ends only the worker."""
    monkeypatch.setattr(workers, "import_upload", abort_in_worker)
    revision = report.revision
    data = (REPO / "examples/orebro-van-2020-import/export/ansvar-utfall.csv").read_bytes()
    response = world.client("red_a").post(
        f"/rapporter/{report.pk}/ekonomi/",
        {"fil": SimpleUploadedFile("ansvar-utfall.csv", data)},
    )
    assert response.status_code == 422
    assert "avbröts oväntat" in response.content.decode()
    assert Report.objects.get(pk=report.pk).revision == revision
    assert list(private_tmp.iterdir()) == []
    assert world.client("red_a").get(f"/rapporter/{report.pk}/ekonomi/").status_code == 200


def test_a_zip_reader_that_aborts_is_a_form_error(
    world: World, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "read_workspace_zip", abort_in_worker)
    before = Report.objects.count()
    status, html = _import_zip(world, workspace_zip())
    assert status == 400
    assert "avbröts oväntat" in html
    assert Report.objects.count() == before
    assert list(private_tmp.iterdir()) == []


def _import_zip(world: World, data: bytes) -> tuple[int, str]:
    response = world.client("admin").post(
        "/arbetsytor/importera/",
        {"namnd": world.a.pk, "fil": SimpleUploadedFile("arbetsyta.zip", data)},
    )
    return response.status_code, response.content.decode()


def test_workspace_zip_with_a_bad_crc_is_a_form_error(world: World, private_tmp: Path) -> None:
    before = Report.objects.count()
    status, html = _import_zip(world, damaged_zip())
    assert status == 400
    assert "kan inte packas upp" in html
    assert Report.objects.count() == before
    assert list(private_tmp.iterdir()) == []


def test_workspace_zip_with_an_empty_member_name_is_a_form_error(world: World) -> None:
    """Found by bench/fuzz.py: zipfile's is_dir() fails on a member named ''."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("uppsikt.yaml", "titel: x\n")
        archive.writestr(zipfile.ZipInfo(""), b"")
    before = Report.objects.count()
    status, html = _import_zip(world, buffer.getvalue())
    assert status == 400
    assert "Ogiltig" in html
    assert Report.objects.count() == before


def test_workspace_zip_of_an_unknown_zip_version_is_a_form_error(world: World) -> None:
    """zipfile raises NotImplementedError («zip file version 19.1») for a version field it
    cannot read; found by bench/fuzz.py in a zip with one byte changed."""
    data = bytearray(workspace_zip())
    central = data.index(b"PK\x01\x02")
    data[central + 6 : central + 8] = (191).to_bytes(2, "little")  # version needed: 19.1
    before = Report.objects.count()
    status, html = _import_zip(world, bytes(data))
    assert status == 400
    assert "ingen zip-fil" in html
    assert Report.objects.count() == before


def test_workspace_zip_with_a_foreign_store_is_refused(
    world: World, tmp_path: Path, private_tmp: Path
) -> None:
    secret = tmp_path / "hemligt.txt"
    secret.write_text("root:x:0:0:hemlig-rad-ur-servern\n", encoding="utf-8")
    data = zip_with_foreign_store(tmp_path, secret)
    before = Report.objects.count()
    status, html = _import_zip(world, data)
    assert status == 400
    assert "huvudbok godtas inte" in html
    assert "vyer" in html
    assert "hemlig-rad-ur-servern" not in html
    assert Report.objects.count() == before
    assert list(private_tmp.iterdir()) == []


def test_workspace_zip_without_a_store_is_imported(world: World) -> None:
    status, _ = _import_zip(world, workspace_zip())
    assert status == 302
    assert Report.objects.filter(namnd=world.a).count() == 2


def test_workspace_zip_with_our_own_store_is_imported(world: World, tmp_path: Path) -> None:
    from uppsikt.importers.ledger_import import import_file  # noqa: PLC0415

    folder = tmp_path / "ws"
    import shutil  # noqa: PLC0415

    shutil.copytree(IMPORT_EXAMPLE, folder)
    result = import_file(folder, folder / "export" / "ansvar-utfall.csv")
    assert result.summary is not None
    store = (folder / "ekonomi.duckdb").read_bytes()
    status, html = _import_zip(world, workspace_zip({"ekonomi.duckdb": store}))
    assert status == 302, html[-2000:]


def test_a_real_excel_export_still_imports_in_the_worker(world: World, report: Report) -> None:
    data = (IMPORT_EXAMPLE / "export" / "huvudbok-per-konto.xlsx").read_bytes()
    response = world.client("red_a").post(
        f"/rapporter/{report.pk}/ekonomi/",
        {"fil": SimpleUploadedFile("huvudbok-per-konto.xlsx", data)},
    )
    assert response.status_code == 200, response.content.decode()[-2000:]
    assert ImportRun.objects.get(report=report).ok
    assert WorkspaceFile.objects.filter(report=report, path="ekonomi.duckdb").exists()
