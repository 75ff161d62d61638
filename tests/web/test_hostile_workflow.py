"""Adoption is atomic with its check (issue #10): a redaktör's save that makes an error, taken
while an administratör's «Fastställ» is checking the report, can never leave an adopted report
with that error.

Two threads on PostgreSQL (real row locks; SQLite's shared in-memory test database refuses a
second writer instead of waiting): the adoption's check is held open until the save has been
attempted. Before the fix the check ran outside the lock on the older revision, the save went
through meanwhile and the report was adopted with the error.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from uppsikt.web.models import Report, Status
from uppsikt.web.services import workflow
from uppsikt.web.services.loaded import load

from .web_support import World

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="behöver PostgreSQL (DATABASE_URL) för två samtidiga transaktioner",
)

TEXT = "text/forslag-till-beslut/"
BROKEN = "Se {{ tabell.finns_inte.netto.avvikelse }}."


def _in_thread(work: Callable[[], None]) -> threading.Thread:
    def run() -> None:
        try:
            work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_a_save_during_the_adoption_check_cannot_slip_in(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = world.report_a
    editor = world.client("red_a")
    url = f"/rapporter/{report.pk}/{TEXT}"
    base = re.search(r'name="base" value="([^"]*)"', editor.get(url).content.decode())
    assert base
    assert editor.post(f"/rapporter/{report.pk}/arbetsflode/", {"steg": "skicka"}).status_code
    assert Report.objects.get(pk=report.pk).status == Status.REVIEW
    assert not load(Report.objects.get(pk=report.pk)).errors

    checking = threading.Event()
    saved = threading.Event()
    answers: dict[str, int] = {}
    real_load = load

    def slow_check(checked: Report) -> object:
        found = real_load(checked)
        checking.set()
        # Give the redaktör's save every chance to land between the check and the adoption.
        saved.wait(timeout=5)
        return found

    monkeypatch.setattr(workflow, "load", slow_check)

    def save() -> None:
        checking.wait(timeout=60)
        response = editor.post(url, {"markdown": BROKEN, "base": base.group(1)})
        answers["save"] = response.status_code
        saved.set()

    def adopt() -> None:
        response = world.client("admin").post(
            f"/rapporter/{report.pk}/arbetsflode/", {"steg": "faststall"}
        )
        answers["adopt"] = response.status_code

    threads = [_in_thread(save), _in_thread(adopt)]
    for thread in threads:
        thread.join(timeout=120)
    assert set(answers) == {"save", "adopt"}, answers

    final = Report.objects.get(pk=report.pk)
    errors = load(final).errors
    if final.status == Status.ADOPTED:
        assert not errors, "fastställd med fel: sparandet hann in mellan kontroll och beslut"
        assert answers["save"] == 403
    else:
        assert answers["adopt"] != 302
