"""The demo holds a kommun (issue #12): the bundled kommun example by default, or any kommun
folder given, with a report per report folder attached to its nämnd."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from uppsikt.examples import bundled_kommun_example
from uppsikt.web.models import Kommun, KommunFile, Namnd, Report
from uppsikt.web.services import demo, kommuner
from uppsikt.web.services.loaded import load
from uppsikt.workspace.kommun import report_folders

from .kommun_support import kommun_folder
from .web_support import make_user

PASSWORDS = {login.username: "ett-långt-demolösenord-for-test" for login in demo.LOGINS}


@pytest.mark.django_db
def test_the_demo_loads_a_kommun_folder_given(tmp_path: Path) -> None:
    folder = kommun_folder(tmp_path / "k")
    (folder / "rapporter" / "halvfardig" / "text").mkdir(parents=True)
    (folder / "rapporter" / "halvfardig" / "text" / "a.md").write_text("# A\n", encoding="utf-8")
    demo.seed(PASSWORDS, kommun=folder)
    kommun = Kommun.objects.get()
    assert kommun.name == "Testkommun"
    reports = Report.objects.filter(kommun=kommun).order_by("folder")
    # A folder without uppsikt.yaml is no report (as for «uppsikt build»).
    assert [r.folder for r in reports] == ["b-2020", "van-2020"]
    van = reports.get(folder="van-2020")
    assert van.namnd.code == "van"
    assert van.namnd != Namnd.objects.get(code="demo")
    assert load(van).ws is not None
    assert not load(van).errors
    # The demo's own reports are there as before, without a kommun.
    assert Report.objects.filter(kommun=None).count() == 2


@pytest.mark.django_db
def test_the_demo_loads_the_bundled_kommun_example() -> None:
    folder = bundled_kommun_example()
    demo.seed(PASSWORDS)
    kommun = Kommun.objects.get()
    assert kommun.name == "Exempelstads kommun"
    folders = sorted(r.folder for r in Report.objects.filter(kommun=kommun))
    assert folders == [p.name for p in report_folders(folder)]
    assert KommunFile.objects.filter(kommun=kommun, path="organisation.yaml").exists()
    bun = Report.objects.get(kommun=kommun, folder="bun-2025")
    assert bun.namnd.name == "Barn- och utbildningsnämnden"
    assert load(bun).ws is not None


@pytest.mark.django_db
def test_every_page_of_the_bundled_kommuns_reports_answers() -> None:
    """KS's report takes a stance on some KF goals only: the others are shown, not edited."""
    kommun = kommuner.import_kommun(demo.kommun_files(bundled_kommun_example()), None)
    client = Client()
    client.force_login(make_user("admin-k", "administrator"))
    assert client.get(f"/kommuner/{kommun.pk}/").status_code == 200
    assert client.get("/oversikt/").status_code == 200
    for report in Report.objects.filter(kommun=kommun):
        for page in (
            "",
            "mal/",
            "indikatorer/",
            "ekonomi/",
            "historik/",
            "publicera/",
            "kontroller/",
            "referenser/",
        ):
            response = client.get(f"/rapporter/{report.pk}/{page}")
            assert response.status_code == 200, (report.folder, page)
    ks = Report.objects.get(kommun=kommun, folder="ks-2025")
    goals = client.get(f"/rapporter/{ks.pk}/mal/").content.decode()
    assert "Rapporten tar inte ställning till målet" in goals
    assert client.post(f"/rapporter/{ks.pk}/mal/kf/MO1-1/", {"base": ""}).status_code == 404
