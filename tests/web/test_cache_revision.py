"""What the serving processes keep and share is keyed by the content of a report's files: a
save gives new keys, so no process ever shows a page as it was before the save.

A second process is played by a second :class:`Loads` (its own loaded reports) and a second
:class:`Checks` (its own counts), sharing Django's cache with this process as serving processes
do (the file cache in the test's data folder)."""

from __future__ import annotations

import re
import shutil

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from uppsikt.examples import STARTER
from uppsikt.web.models import Report
from uppsikt.web.services import checking
from uppsikt.web.services import references as refs
from uppsikt.web.services.checking import Checks
from uppsikt.web.services.fragments import figures_key
from uppsikt.web.services.loaded import Loads, load
from uppsikt.web.services.process import process
from uppsikt.web.services.store import cache_root, folder_files, import_files

from .web_support import World

SECTION = "forslag-till-beslut"
TEXT = f"text/{SECTION}.md"
INDICATOR = "sfi-avslutade-fore-d"


def _field(client: Client, url: str, name: str) -> str:
    html = client.get(url).content.decode()
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"{name} not in {url}"
    return found.group(1)


def _save_text(client: Client, report: Report, markdown: str) -> None:
    url = f"/rapporter/{report.pk}/text/{SECTION}/"
    response = client.post(url, {"base": _field(client, url, "base"), "markdown": markdown})
    assert response.status_code == 302


def _save_value(client: Client, report: Report, value: str) -> None:
    url = f"/rapporter/{report.pk}/indikatorer/{INDICATOR}/"
    fields = {
        name: _field(client, url, name) for name in ("b-tot-2020", "o-tot-2020", "m-tot-2020")
    }
    response = client.post(url, {**fields, "v-tot-2020": value, "s-tot-2020": ""})
    assert response.status_code == 302


def _shown(options: str, reference: str) -> str:
    """What the picker's option for ``reference`` shows."""
    found = re.search(re.escape(reference) + r'">([^<]*)</option>', options)
    assert found, f"{reference} not offered"
    return found.group(1)


def test_another_process_reads_the_saved_text_after_a_save(world: World) -> None:
    client = world.client("red_a")
    report = Report.objects.get(pk=world.report_a.pk)
    other = Loads()
    before = other.load(report)
    _save_text(client, report, "# Förslag\n\nNytt förslag efter sparningen.\n")
    report.refresh_from_db()
    after = other.load(report)
    assert after.key != before.key
    assert after.text(TEXT) == "# Förslag\n\nNytt förslag efter sparningen.\n"
    page = client.get(f"/rapporter/{report.pk}/text/{SECTION}/").content.decode()
    assert "Nytt förslag efter sparningen." in page


def test_a_state_whose_folder_was_removed_is_written_again(world: World) -> None:
    report = Report.objects.get(pk=world.report_a.pk)
    state = load(report)
    saved = state.text(TEXT)
    assert saved
    shutil.rmtree(cache_root() / "arbetsytor" / state.key)
    again = load(report)
    assert again.root.is_dir()
    assert again.text(TEXT) == saved


def test_the_picker_shows_a_saved_value_in_every_process(world: World) -> None:
    client = world.client("red_a")
    report = Report.objects.get(pk=world.report_a.pk)
    reference = "{{ indikator." + INDICATOR + ".2020 }}"
    before = refs.picker(load(report))
    assert _shown(before, reference).endswith(": 383")
    _save_value(client, report, "391")
    report.refresh_from_db()
    page = client.get(f"/rapporter/{report.pk}/text/{SECTION}/").content.decode()
    assert _shown(page, reference).endswith(": 391")
    other = Loads().load(report)  # another process, the picker from the shared cache
    assert _shown(refs.picker(other), reference).endswith(": 391")


def test_the_indicator_table_shows_a_saved_value(world: World) -> None:
    client = world.client("red_a")
    report = Report.objects.get(pk=world.report_a.pk)
    url = f"/rapporter/{report.pk}/indikatorer/"

    def shown() -> str:
        html = client.get(url).content.decode()
        row = html.split(f"/indikatorer/{INDICATOR}/", 1)[1].split("</tr>", 1)[0]
        found = re.search(r'<td class="tal">([^<]*)</td>', row)
        assert found
        return found.group(1)

    assert shown() == "383"
    _save_value(client, report, "392")
    assert shown() == "392"
    _save_text(client, report, "# Förslag\n\nEn text som inte ändrar något tal.\n")
    assert shown() == "392"


def test_saving_a_text_keeps_the_picker_and_saving_a_value_does_not(world: World) -> None:
    client = world.client("red_a")
    report = Report.objects.get(pk=world.report_a.pk)
    first = figures_key(load(report))
    _save_text(client, report, "# Förslag\n\nEn ny text.\n")
    report.refresh_from_db()
    assert figures_key(load(report)) == first
    _save_value(client, report, "390")
    report.refresh_from_db()
    assert figures_key(load(report)) != first


def test_counts_worked_out_by_one_process_are_current_in_another(world: World) -> None:
    client = world.client("red_a")
    report = Report.objects.get(pk=world.report_a.pk)
    other_state = Loads().load(report)
    other_state.diagnostics  # noqa: B018 - the other process runs the checks
    Checks().summary(report, other_state, report.revision)
    mine = load(report)
    summary = checking.summary(report, mine, report.revision)
    assert summary.current
    assert (summary.errors, summary.warnings) == (other_state.errors, other_state.warnings)
    assert not mine.checked  # read from the shared cache, not run again here
    old_revision = report.revision
    _save_text(client, report, "# Förslag\n\n{{ tabell.finns.inte.alls }}\n")
    report.refresh_from_db()
    stale = checking.summary(report)
    if not stale.current:  # the worker may already have finished
        assert stale.revision == old_revision
    process().checks.wait()
    fresh = checking.summary(report)
    assert fresh.current
    assert fresh.revision == report.revision
    assert fresh.errors


# Query counts of the typical pages, with the report already loaded (as it is after its first
# view). A bound a little above today's count: an N+1 (a query per row) breaks it.
PAGES = (
    ("", 6),
    (f"text/{SECTION}/", 4),
    ("indikatorer/", 4),
    (f"indikatorer/{INDICATOR}/", 4),
)


@pytest.mark.parametrize(("page", "bound"), PAGES)
def test_typical_pages_cost_few_queries(
    world: World, page: str, bound: int, django_assert_max_num_queries: object
) -> None:
    client = world.client("red_a")
    url = f"/rapporter/{world.report_a.pk}/{page}"
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(bound):  # type: ignore[operator]
        assert client.get(url).status_code == 200


def test_the_overview_costs_the_same_queries_for_more_reports(world: World) -> None:
    client = world.client("ks")

    def queries() -> int:
        assert client.get("/oversikt/").status_code == 200  # the reports loaded once
        with CaptureQueriesContext(connection) as done:
            assert client.get("/oversikt/").status_code == 200
        return len(done)

    two = queries()
    for _ in range(3):
        import_files(folder_files(STARTER), world.b, None)
    assert queries() == two
