"""Counts of errors and warnings on the report page and KS's overview: shown at once, brought
up to date in the background, and marked with their revision while they are not current."""

from __future__ import annotations

from uppsikt.web.models import Report
from uppsikt.web.services import checking, loaded
from uppsikt.web.services.process import process
from uppsikt.web.services.store import materialise
from uppsikt.workspace.reader import read_workspace

from .web_support import World


def test_counts_are_worked_out_in_the_background_and_then_current(world: World) -> None:
    report = Report.objects.get(pk=world.report_a.pk)
    checking.summary(report)
    process().checks.wait()
    after = checking.summary(report)
    assert after.current
    assert after.revision == report.revision
    assert after.errors == 0
    page = world.client("red_a").get(f"/rapporter/{report.pk}/").content.decode()
    assert "Inga fel och 0 varningar." in page


def test_after_a_save_the_last_counts_show_with_their_revision(world: World) -> None:
    client = world.client("red_a")
    report = Report.objects.get(pk=world.report_a.pk)
    checking.summary(report)
    process().checks.wait()
    old_revision = report.revision
    editor = client.get(f"/rapporter/{report.pk}/text/ekonomi/").content.decode()
    base = editor.split('name="base" value="', 1)[1].split('"', 1)[0]
    # A reference to nothing: an error the checks will find.
    response = client.post(
        f"/rapporter/{report.pk}/text/ekonomi/",
        {"base": base, "markdown": "# Ekonomi\n\n{{ tabell.finns.inte.alls }}\n"},
    )
    assert response.status_code in (200, 302)
    report.refresh_from_db()
    stale = checking.summary(report)
    if not stale.current:  # the worker may already have finished
        assert stale.revision == old_revision
        assert stale.errors == 0
    process().checks.wait()
    fresh = checking.summary(report)
    assert fresh.current
    assert fresh.errors
    assert fresh.revision == report.revision
    overview = world.client("ks").get("/oversikt/").content.decode()
    assert f"{fresh.errors} fel" in overview


def test_the_overview_shows_the_last_state_while_a_saved_report_is_read_again(
    world: World,
) -> None:
    client = world.client("red_a")
    report = Report.objects.get(pk=world.report_a.pk)
    before, revision = loaded.load_or_latest(report)
    assert revision == report.revision
    editor = client.get(f"/rapporter/{report.pk}/text/ekonomi/").content.decode()
    base = editor.split('name="base" value="', 1)[1].split('"', 1)[0]
    client.post(f"/rapporter/{report.pk}/text/ekonomi/", {"base": base, "markdown": "# Ny\n"})
    report.refresh_from_db()
    shown, shown_revision = loaded.load_or_latest(report)
    assert (shown.key, shown_revision) == (before.key, revision)
    process().loads.settle()
    current, current_revision = loaded.load_or_latest(report)
    assert current_revision == report.revision
    assert current.key != before.key


def test_a_report_read_again_after_saves_equals_a_whole_read(world: World) -> None:
    client = world.client("red_a")
    report = Report.objects.get(pk=world.report_a.pk)
    loaded.load(report)
    editor = client.get(f"/rapporter/{report.pk}/text/ekonomi/").content.decode()
    base = editor.split('name="base" value="', 1)[1].split('"', 1)[0]
    client.post(f"/rapporter/{report.pk}/text/ekonomi/", {"base": base, "markdown": "# Ny\n"})
    report.refresh_from_db()
    state = loaded.load(report)
    whole, _ = read_workspace(materialise(report))
    assert state.ws is not None
    assert state.ws == whole
    assert state.ws.text("ekonomi") is not None
