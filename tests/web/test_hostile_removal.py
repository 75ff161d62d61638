"""Removing an import in the web application (issue #10): a button per source on the
uploads page, POST with CSRF, for those who may upload; all or nothing; a new revision of the
ledger and a line in the audit trail."""

from __future__ import annotations

import re

import duckdb
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from uppsikt.web.models import Change, FileRevision, Report, WorkspaceFile
from uppsikt.web.services.store import import_folder, materialise

from .web_support import REPO, World

EXPORTS = REPO / "examples" / "orebro-van-2020-import" / "export"


@pytest.fixture
def report(world: World) -> Report:
    report = import_folder(REPO / "examples" / "orebro-van-2020-import", world.a, None)
    for name in ("ansvar-utfall.csv", "ansvar-budget-2020.csv"):
        response = world.client("red_a").post(
            f"/rapporter/{report.pk}/ekonomi/",
            {"fil": SimpleUploadedFile(name, (EXPORTS / name).read_bytes())},
        )
        assert response.status_code == 200, response.content.decode()[-2000:]
    return Report.objects.get(pk=report.pk)


def _sources(report: Report) -> set[str]:
    con = duckdb.connect(str(materialise(report) / "ekonomi.duckdb"), read_only=True)
    try:
        return {str(r[0]) for r in con.execute("SELECT DISTINCT source FROM ledger").fetchall()}
    finally:
        con.close()


def test_uploads_page_lists_sources_with_a_remove_button(world: World, report: Report) -> None:
    html = world.client("red_a").get(f"/rapporter/{report.pk}/ekonomi/").content.decode()
    assert "ansvar-utfall" in html
    assert html.count(f'action="/rapporter/{report.pk}/ekonomi/ta-bort/"') == 2
    reader = world.client("las_a").get(f"/rapporter/{report.pk}/ekonomi/").content.decode()
    assert "ta-bort" not in reader


def test_removing_a_source_saves_a_new_ledger_and_records_it(world: World, report: Report) -> None:
    assert _sources(report) == {"ansvar-utfall", "ansvar-budget"}
    store = WorkspaceFile.objects.get(report=report, path="ekonomi.duckdb")
    revisions = FileRevision.objects.filter(file=store).count()
    editor = world.client("red_a")
    response = editor.post(f"/rapporter/{report.pk}/ekonomi/ta-bort/", {"kalla": "ansvar-budget"})
    assert response.status_code == 302
    after = Report.objects.get(pk=report.pk)
    assert after.revision == report.revision + 1
    assert _sources(after) == {"ansvar-utfall"}
    assert FileRevision.objects.filter(file=store).count() == revisions + 1
    change = Change.objects.filter(report=report, kind="ledger").first()
    assert change is not None
    assert change.unit == "källa ansvar-budget"
    assert change.after.startswith("Borttagen:")
    assert change.user == world.users["red_a"]
    page = editor.get(f"/rapporter/{report.pk}/ekonomi/").content.decode()
    assert "är borttagen ur huvudboken" in page


def test_unknown_source_changes_nothing(world: World, report: Report) -> None:
    response = world.client("red_a").post(
        f"/rapporter/{report.pk}/ekonomi/ta-bort/", {"kalla": "finns-inte"}
    )
    assert response.status_code == 422
    assert "finns-inte" in response.content.decode()
    assert Report.objects.get(pk=report.pk).revision == report.revision


def test_only_editors_may_remove_and_only_with_post_and_csrf(world: World, report: Report) -> None:
    url = f"/rapporter/{report.pk}/ekonomi/ta-bort/"
    assert world.client("las_a").post(url, {"kalla": "ansvar-budget"}).status_code == 403
    assert world.client("red_b").post(url, {"kalla": "ansvar-budget"}).status_code in (403, 404)
    assert world.client("red_a").get(url).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.users["red_a"])
    assert strict.post(url, {"kalla": "ansvar-budget"}).status_code == 403
    assert Report.objects.get(pk=report.pk).revision == report.revision
    assert re.search("ansvar-budget", str(_sources(report)))
