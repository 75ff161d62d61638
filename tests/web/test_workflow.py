"""The workflow: utkast → för granskning → fastställd; a fastställd report is locked;
reopening needs a reason; every step is recorded with who and when."""

from __future__ import annotations

import re

from uppsikt.web.models import Report, Status, Transition
from uppsikt.web.services.store import read_text

from .web_support import World


def _step(world: World, user: str, step: str, reason: str = "") -> int:
    response = world.client(user).post(
        f"/rapporter/{world.report_a.pk}/arbetsflode/", {"steg": step, "motivering": reason}
    )
    return response.status_code


def _status(world: World) -> str:
    return str(Report.objects.get(pk=world.report_a.pk).status)


def test_submit_adopt_lock_and_reopen(world: World) -> None:
    assert _step(world, "red_a", "faststall") == 403
    assert _step(world, "red_a", "skicka") == 302
    assert _status(world) == Status.REVIEW
    assert _step(world, "red_a", "faststall") == 403
    assert _step(world, "admin", "faststall") == 302
    assert _status(world) == Status.ADOPTED

    client = world.client("red_a")
    url = f"/rapporter/{world.report_a.pk}/text/forslag-till-beslut/"
    base = re.search(r'name="base" value="([^"]*)"', client.get(url).content.decode())
    assert base
    before = read_text(world.report_a, "text/forslag-till-beslut.md")
    locked = client.post(url, {"markdown": "Ändrad", "base": base.group(1)})
    assert locked.status_code == 403
    assert "fastställd" in locked.content.decode()
    assert read_text(world.report_a, "text/forslag-till-beslut.md") == before

    assert _step(world, "admin", "ateroppna") == 400
    assert _status(world) == Status.ADOPTED
    assert _step(world, "admin", "ateroppna", "Fel i ekonmiavsnittet") == 302
    assert _status(world) == Status.DRAFT

    steps = list(Transition.objects.filter(report=world.report_a).order_by("id"))
    assert [(t.from_status, t.to_status) for t in steps] == [
        (Status.DRAFT, Status.REVIEW),
        (Status.REVIEW, Status.ADOPTED),
        (Status.ADOPTED, Status.DRAFT),
    ]
    assert [t.user.username if t.user else "" for t in steps] == ["red_a", "admin", "admin"]
    assert steps[2].reason == "Fel i ekonmiavsnittet"
    history = world.client("las_a").get(f"/rapporter/{world.report_a.pk}/historik/")
    assert "Fel i ekonmiavsnittet" in history.content.decode()


def test_withdraw_needs_reason(world: World) -> None:
    assert _step(world, "red_a", "skicka") == 302
    assert _step(world, "red_a", "aterta") == 400
    assert _step(world, "red_a", "aterta", "Glömde en tabell") == 302
    assert _status(world) == Status.DRAFT


def test_reader_and_ks_cannot_move_the_report(world: World) -> None:
    assert _step(world, "las_a", "skicka") == 403
    assert _step(world, "ks", "skicka") == 403
    assert _status(world) == Status.DRAFT


def test_report_with_errors_cannot_be_adopted(world: World) -> None:
    client = world.client("red_a")
    url = f"/rapporter/{world.report_a.pk}/text/forslag-till-beslut/"
    base = re.search(r'name="base" value="([^"]*)"', client.get(url).content.decode())
    assert base
    client.post(url, {"markdown": "{{ tabell.finns-inte.a.b }}", "base": base.group(1)})
    assert _step(world, "red_a", "skicka") == 302
    response = world.client("admin").post(
        f"/rapporter/{world.report_a.pk}/arbetsflode/", {"steg": "faststall"}
    )
    assert response.status_code == 400
    assert "har fel" in response.content.decode()
    assert _status(world) == Status.REVIEW


def test_ks_comments(world: World) -> None:
    client = world.client("ks")
    response = client.post(
        f"/rapporter/{world.report_a.pk}/kommentarer/", {"kommentar": "Bra analys!"}
    )
    assert response.status_code == 302
    page = world.client("red_a").get(f"/rapporter/{world.report_a.pk}/").content.decode()
    assert "Bra analys!" in page
    assert (
        world.client("las_a")
        .post(f"/rapporter/{world.report_a.pk}/kommentarer/", {"kommentar": "x"})
        .status_code
        == 403
    )
