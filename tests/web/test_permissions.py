"""Nobody reads or changes another nämnd's report, by any URL: every pattern of the URLconf
is tried with nämnd B's report as nämnd A's redaktör, GET and POST, and must answer 403 or
404 and leave the database as it was. A new view cannot be forgotten: the patterns are read
from the URLconf itself."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from uppsikt.web.models import (
    Change,
    Comment,
    FileRevision,
    ImportRun,
    Report,
    Transition,
    WorkspaceFile,
)

from .web_support import World

SAMPLE = {
    "report_id": None,  # filled with the other nämnd's report
    "section": "forslag-till-beslut",
    "area_id": "MO1",
    "goal_id": "MO1-1",
    "indicator_id": "till-arbete",
    "fmt": "pdf",
}


def _patterns() -> list[str]:
    found: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            else:
                found.append(prefix + str(p.pattern))

    walk(get_resolver().url_patterns, "")
    return found


def _url(pattern: str, report_id: int) -> str:
    values = {**SAMPLE, "report_id": report_id}

    def fill(match: re.Match[str]) -> str:
        return str(values[match.group(2)])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, pattern)


def _snapshot() -> tuple[object, ...]:
    return (
        list(Report.objects.values_list("id", "status", "revision", "title")),
        list(WorkspaceFile.objects.values_list("id", "sha", "revision")),
        FileRevision.objects.count(),
        Change.objects.count(),
        Transition.objects.count(),
        Comment.objects.count(),
        ImportRun.objects.count(),
    )


REPORT_PATTERNS = [p for p in _patterns() if "<int:report_id>" in p]


def test_every_report_view_is_covered() -> None:
    assert len(REPORT_PATTERNS) >= 15
    names = {m.group(2) for p in REPORT_PATTERNS for m in re.finditer(r"<(\w+:)?(\w+)>", p)}
    assert names <= set(SAMPLE), names - set(SAMPLE)


@pytest.mark.parametrize("pattern", REPORT_PATTERNS)
def test_editor_of_a_cannot_reach_b(world: World, pattern: str) -> None:
    client = world.client("red_a")
    url = _url(pattern, world.report_b.pk)
    before = _snapshot()
    got = client.get(url)
    assert got.status_code in (403, 404, 405), (url, got.status_code)
    posted = client.post(
        url,
        {
            "markdown": "# Kapat\n",
            "base": "x",
            "steg": "skicka",
            "kommentar": "hej",
            "analys": "x",
            "stallningstagande": "grunduppdrag",
            "beskrivning": "x",
            "falt": "tot-2025",
            "v-tot-2025": "1",
        },
    )
    assert posted.status_code in (403, 404, 405), (url, posted.status_code)
    assert "Nämnd B".encode() not in got.content + posted.content
    assert _snapshot() == before


@pytest.mark.parametrize("pattern", REPORT_PATTERNS)
def test_reader_cannot_change_own_report(world: World, pattern: str) -> None:
    client = world.client("las_a")
    url = _url(pattern, world.report_a.pk)
    before = _snapshot()
    posted = client.post(
        url,
        {
            "markdown": "# Ändrad\n",
            "base": "x",
            "steg": "skicka",
            "kommentar": "hej",
            "analys": "x",
            "beskrivning": "x",
            "v-tot-2020": "1",
        },
    )
    assert posted.status_code in (400, 403, 404, 405), (url, posted.status_code)
    assert _snapshot() == before


def test_unknown_user_sees_no_report(world: World) -> None:
    client = world.client("nobody")
    assert client.get(f"/rapporter/{world.report_a.pk}/").status_code == 404
    assert b"N\xc3\xa4mnd A" not in client.get("/oversikt/").content


def test_ks_reads_all_but_cannot_edit(world: World) -> None:
    client = world.client("ks")
    assert client.get(f"/rapporter/{world.report_b.pk}/").status_code == 200
    response = client.post(
        f"/rapporter/{world.report_b.pk}/text/forslag-till-beslut/",
        {"markdown": "x", "base": "x"},
    )
    assert response.status_code == 403
    assert "behörighet".encode() in response.content


def test_downloads_are_access_checked(world: World) -> None:
    client = world.client("red_a")
    for fmt in ("pdf", "docx", "xlsx", "html", "data"):
        url = f"/rapporter/{world.report_b.pk}/ladda-ner/{fmt}/"
        assert client.get(url).status_code == 404
    assert client.get(f"/rapporter/{world.report_b.pk}/arbetsyta.zip").status_code == 404


def test_only_admin_imports_workspaces(world: World) -> None:
    assert world.client("red_a").get("/arbetsytor/importera/").status_code == 403
    assert world.client("ks").post("/arbetsytor/importera/").status_code == 403
    assert world.client("admin").get("/arbetsytor/importera/").status_code == 200
