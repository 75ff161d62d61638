"""Uploading exports into a report's ledger: sniffed by content, all or nothing, summarised."""

from __future__ import annotations

import importlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.web.models import Change, ImportRun, Report, WorkspaceFile
from uppsikt.web.services.store import import_folder
from uppsikt.web.services.uploads import ShownDiagnostic, safe_name, shown, sniff

from .web_support import REPO, World

EXPORTS = REPO / "examples" / "orebro-van-2020-import" / "export"
SIE = """#FLAGGA 0
#SIETYP 4
#RAR 0 20200101 20201231
#DIM 1 "Ansvar"
#KONTO 4010 "Inköp"
#KONTO 1930 "Bank"
#VER A 1 20200105 "Inköp"
{
#TRANS 4010 {} 100.00
#TRANS 1930 {} -100.00
}
"""


@pytest.fixture
def report(world: World) -> Report:
    return import_folder(REPO / "examples" / "orebro-van-2020-import", world.a, None)


def _upload(world: World, report: Report, name: str, data: bytes, source: str = "") -> object:
    return world.client("red_a").post(
        f"/rapporter/{report.pk}/ekonomi/",
        {"fil": SimpleUploadedFile(name, data), "kalla": source},
    )


def test_csv_export_is_imported(world: World, report: Report) -> None:
    data = (EXPORTS / "ansvar-utfall.csv").read_bytes()
    response = _upload(world, report, "ansvar-utfall.csv", data)
    assert response.status_code == 200, response.content.decode()[-3000:]  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "Importerad" in html
    run = ImportRun.objects.get(report=report)
    assert run.ok
    assert run.kind == "csv"
    assert run.summary
    assert WorkspaceFile.objects.filter(report=report, path="ekonomi.duckdb").exists()
    assert Change.objects.filter(report=report, kind="ledger").count() == 1


def test_sie_is_recognised_by_content_not_name(world: World, report: Report) -> None:
    response = _upload(world, report, "../../etc/passwd.txt", SIE.encode("cp437"))
    run = ImportRun.objects.get(report=report)
    assert run.kind == "sie"
    assert response.status_code in (200, 422)  # type: ignore[attr-defined]


def test_unknown_content_is_refused_and_nothing_changes(world: World, report: Report) -> None:
    revision = report.revision
    response = _upload(world, report, "huvudbok.se", b"\x89PNG\r\n\x1a\n\x00\x00")
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "avvisades" in response.content.decode()  # type: ignore[attr-defined]
    assert Report.objects.get(pk=report.pk).revision == revision
    assert not WorkspaceFile.objects.filter(report=report, path="ekonomi.duckdb").exists()


def test_refused_rows_leave_the_ledger_unchanged(world: World, report: Report) -> None:
    response = _upload(world, report, "x.csv", b"A;B\n1;2\n", source="ansvar-utfall")
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert not ImportRun.objects.get(report=report).ok
    assert not WorkspaceFile.objects.filter(report=report, path="ekonomi.duckdb").exists()


@override_settings(MAX_UPLOAD_BYTES=10)
def test_too_large_is_refused(world: World, report: Report) -> None:
    response = _upload(world, report, "a.csv", b"a;b\n" * 100)
    assert response.status_code in (413, 422)  # type: ignore[attr-defined]
    assert "för stor" in response.content.decode()  # type: ignore[attr-defined]


def test_workspace_without_mapping_refuses_sie(world: World) -> None:
    response = _upload(world, world.report_a, "h.se", SIE.encode("cp437"))
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "mappning.yaml" in response.content.decode()  # type: ignore[attr-defined]


def test_htmx_upload_answers_with_the_result_fragment(world: World, report: Report) -> None:
    data = (EXPORTS / "ansvar-budget-2020.csv").read_bytes()
    response = world.client("red_a").post(
        f"/rapporter/{report.pk}/ekonomi/",
        {"fil": SimpleUploadedFile("ansvar-budget-2020.csv", data)},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "Importerad" in response.content.decode()


def test_sniff_and_safe_name() -> None:
    assert sniff(b"#FLAGGA 0\r\n#SIETYP 4") == "sie"
    assert sniff(b"PK\x03\x04rest") == "xlsx"
    assert sniff(b"\xef\xbb\xbfAr;Belopp\n2020;1") == "csv"
    assert sniff(b"\x00\x01\x02") is None
    assert safe_name("..\\..\\C:\\evil name.csv") == "evil_name.csv"
    assert safe_name("../.hidden") == "hidden"


def test_stored_diagnostics_have_the_documented_form(world: World, report: Report) -> None:
    _upload(world, report, "huvudbok.se", b"\x89PNG\r\n\x1a\n\x00\x00")
    (stored,) = ImportRun.objects.get(report=report).diagnostics
    assert stored["severity"] == "error"
    assert set(stored) == {"code", "severity", "message", "hint", "location"}
    assert set(stored["location"]) == {"file", "line", "column", "field", "place"}
    assert shown([stored]) == [ShownDiagnostic("", stored["message"], "")]


def test_a_stored_location_is_shown_as_text() -> None:
    stored = Diagnostic(
        "UPP631", Severity.ERROR, "Filen är tom.", Location("export/a.csv", 3), "Exportera igen."
    ).to_json()
    assert shown([stored, "skräp"]) == [
        ShownDiagnostic("export/a.csv:3", "Filen är tom.", "Exportera igen.")
    ]


def test_rows_stored_before_the_documented_form_are_converted() -> None:
    migration = importlib.import_module("uppsikt.web.migrations.0002_import_diagnostics_json")
    old = {"code": "", "severity": "fel", "message": "För stor.", "hint": "", "location": "a.csv:3"}
    new = migration._converted(old)
    assert new["severity"] == "error"
    assert shown([new]) == [ShownDiagnostic("a.csv:3", "För stor.", "")]
    assert migration._converted(new) == new
