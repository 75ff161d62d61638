"""Demo and accounts (issue #10): the demo only when asked for and never in HTTPS mode, a
strong password of its own per demo user shown once, throttling per address across user
names, and the README's journey: a ledger upload to the demo's report imports."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from uppsikt.web.models import ImportRun, Namnd, Report
from uppsikt.web.server import prepare
from uppsikt.web.services import demo
from uppsikt.web.services.loaded import load

from .web_support import PASSWORD, REPO, World

IMPORT_EXAMPLE = REPO / "examples" / "orebro-van-2020-import"


def test_thirty_user_names_from_one_address_are_throttled(world: World) -> None:  # noqa: ARG001
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [
        client.post(
            "/konto/logga-in/", {"username": f"gissning{n}", "password": "Sommar2026!"}
        ).status_code
        for n in range(30)
    ]
    assert statuses[0] == 400
    assert 429 in statuses, statuses
    assert statuses[-1] == 429
    # Even the right password of a real user is refused from that address for now ...
    refused = client.post("/konto/logga-in/", {"username": "red_a", "password": PASSWORD})
    assert refused.status_code == 429
    # ... but not from another address.
    other = Client(REMOTE_ADDR="198.51.100.7")
    answer = other.post("/konto/logga-in/", {"username": "red_a", "password": PASSWORD})
    assert answer.status_code == 302


@pytest.mark.django_db
def test_no_demo_unless_asked_for() -> None:
    prepared = prepare()
    assert prepared.passwords == {}
    assert not Report.objects.exists()


@pytest.mark.django_db
@override_settings(HTTPS=True)
def test_demo_is_refused_in_https_mode() -> None:
    with pytest.raises(demo.DemoRefused, match="HTTPS"):
        prepare(demo=True)
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_each_demo_user_has_a_strong_password_of_its_own_shown_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("UPPSIKT_DEMO_PASSWORD", raising=False)
    first = prepare(demo=True)
    passwords = first.passwords
    assert set(passwords) == {login.username for login in demo.LOGINS}
    assert len(set(passwords.values())) == len(passwords)
    assert all(len(p) >= 24 for p in passwords.values())
    assert authenticate(username="admin", password=passwords["admin"]) is not None
    assert authenticate(username="admin", password=passwords["ks"]) is None
    # A second start shows no password (they are kept nowhere but hashed).
    again = prepare(demo=True)
    assert again.passwords == {}
    assert any("inte tom" in note for note in again.notes)


def test_demo_mapping_is_the_import_examples() -> None:
    for name in ("mappning.yaml", "import.yaml"):
        assert (demo.VAN_EXTRA / name).read_bytes() == (IMPORT_EXAMPLE / name).read_bytes()


SIE = (
    '#FLAGGA 0\r\n#PROGRAM "test" 1.0\r\n#FORMAT PC8\r\n#SIETYP 4\r\n'
    '#RAR 0 20200101 20201231\r\n#DIM 1 "Ansvar"\r\n#DIM 20 "Verksamhet"\r\n'
    '#KONTO 5410 "Förbrukningsinventarier"\r\n'
    '#VER A 1 20201215 "Omföring"\r\n{\r\n'
    '#TRANS 5410 {1 "5010" 20 "41"} 100.00\r\n'
    '#TRANS 5410 {1 "5010" 20 "41"} -100.00\r\n}\r\n'
)


@pytest.mark.django_db
def test_readme_journey_a_sie_upload_to_the_demo_report_imports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("UPPSIKT_DEMO_PASSWORD", "ett-långt-demolösenord-for-test")
    prepare(demo=True)
    report = Report.objects.get(namnd=Namnd.objects.get(code="van"))
    assert not load(report).errors
    client = Client()
    assert client.login(username="van-redaktor", password="ett-långt-demolösenord-for-test")
    response = client.post(
        f"/rapporter/{report.pk}/ekonomi/",
        {"fil": SimpleUploadedFile("huvudbok.se", SIE.encode("cp437"))},
    )
    run = ImportRun.objects.get(report=report)
    assert run.ok, run.diagnostics
    assert response.status_code == 200
    assert not load(Report.objects.get(pk=report.pk)).errors
