"""Workspaces in and out of the database lose nothing: byte for byte, and as models."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from uppsikt.importers.ledger_import import import_file
from uppsikt.web.models import Namnd
from uppsikt.web.services.store import export_folder, folder_files, import_folder, zip_files
from uppsikt.workspace.reader import read_workspace

from .web_support import REPO, World

EXAMPLES = ("orebro-van-2020", "orebro-van-2020-import")


@pytest.fixture
def import_example(tmp_path: Path) -> Path:
    """The import example with its exports imported (so it has a binary ekonomi.duckdb)."""
    folder = tmp_path / "orebro-van-2020-import"
    shutil.copytree(REPO / "examples" / "orebro-van-2020-import", folder)
    for name in ("ansvar-utfall.csv", "ansvar-budget-2020.csv", "huvudbok-per-konto.xlsx"):
        result = import_file(folder, folder / "export" / name)
        assert result.summary is not None, result.diagnostics
    assert (folder / "ekonomi.duckdb").is_file()
    return folder


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.usefixtures("db")
def test_folder_round_trip(tmp_path: Path, name: str) -> None:
    source = REPO / "examples" / name
    namnd = Namnd.objects.create(code="x", name="X")
    report = import_folder(source, namnd, None)
    out = tmp_path / "ut"
    export_folder(report, out)
    assert folder_files(out) == folder_files(source)
    assert read_workspace(out)[0] == read_workspace(source)[0]


@pytest.mark.usefixtures("db")
def test_round_trip_with_a_ledger(tmp_path: Path, import_example: Path) -> None:
    namnd = Namnd.objects.create(code="x", name="X")
    report = import_folder(import_example, namnd, None)
    out = tmp_path / "ut"
    export_folder(report, out)
    assert folder_files(out) == folder_files(import_example)
    original, _ = read_workspace(import_example)
    assert original is not None
    assert read_workspace(out)[0] == original


def test_edits_survive_export(world: World, tmp_path: Path) -> None:
    client = world.client("red_a")
    url = f"/rapporter/{world.report_a.pk}/text/ekonomi/"
    base = re.search(r'name="base" value="([^"]*)"', client.get(url).content.decode())
    assert base
    new = "# Ekonomi\n\nKort och gott: {{ tabell.enheter.netto.avvikelse | mnkr }}.\n"
    assert client.post(url, {"markdown": new, "base": base.group(1)}).status_code == 302
    out = tmp_path / "ut"
    export_folder(world.report_a, out)
    ws, _ = read_workspace(out)
    assert ws is not None
    section = ws.text("ekonomi")
    assert section is not None
    assert "Kort och gott" in section.markdown


def test_zip_export_and_import(world: World) -> None:
    response = world.client("red_a").get(f"/rapporter/{world.report_a.pk}/arbetsyta.zip")
    assert response.status_code == 200
    data = response.content
    files = zip_files(data)
    assert "uppsikt.yaml" in files
    admin = world.client("admin")
    upload = SimpleUploadedFile("ws.zip", data, content_type="application/zip")
    created = admin.post("/arbetsytor/importera/", {"namnd": world.b.pk, "fil": upload})
    assert created.status_code == 302


def test_zip_with_escaping_paths_is_refused(world: World) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("uppsikt.yaml", "år: 2020\n")
        archive.writestr("../../etc/passwd", "x")
    upload = SimpleUploadedFile("ws.zip", buffer.getvalue())
    response = world.client("admin").post(
        "/arbetsytor/importera/", {"namnd": world.b.pk, "fil": upload}
    )
    assert response.status_code == 400
    assert "Ogiltig sökväg" in response.content.decode()
