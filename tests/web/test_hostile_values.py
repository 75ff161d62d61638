"""An indicator value of 29 digits (issue #10) was accepted by the editor; then the text
editors, the reference picker, the checks page, every download and adoption answered 500.
The editor refuses it with a Swedish message tied to the field, and every page of the report
still answers."""

from __future__ import annotations

import re

from uppsikt.web.models import Report, Status
from uppsikt.web.services.publishing import FORMATS
from uppsikt.web.services.store import read_text

from .web_support import World

HUGE = "1" + "0" * 28


def test_a_value_of_29_digits_is_refused_and_every_page_still_answers(world: World) -> None:
    report = world.report_a
    client = world.client("red_a")
    url = f"/rapporter/{report.pk}/indikatorer/sfi-avslutade-fore-d/"
    html = client.get(url).content.decode()
    base = re.search(r'name="b-tot-2020" value="([^"]*)"', html)
    assert base
    before = read_text(report, "indikatorvarden.csv")
    answer = client.post(
        url,
        {
            "b-tot-2020": base.group(1),
            "o-tot-2020": "383",
            "m-tot-2020": "",
            "v-tot-2020": HUGE,
            "s-tot-2020": "",
        },
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert 'aria-invalid="true"' in page
    assert "siffror" in page or "för stort" in page
    assert read_text(report, "indikatorvarden.csv") == before
    typed = client.post(f"{url}validera/", {"falt": "tot-2020", "v-tot-2020": HUGE})
    assert 'id="fel-tot-2020"' in typed.content.decode()
    assert "siffror" in typed.content.decode() or "för stort" in typed.content.decode()

    prefix = f"/rapporter/{report.pk}/"
    pages = [
        "",
        "historik/",
        "text/forslag-till-beslut/",
        "referenser/",
        "mal/",
        "indikatorer/",
        "indikatorer/sfi-avslutade-fore-d/",
        "ekonomi/",
        "kontroller/",
        "publicera/",
        "arbetsyta.zip",
        *(f"ladda-ner/{key}/" for key in FORMATS),
    ]
    statuses = {path: client.get(prefix + path).status_code for path in pages}
    assert statuses == dict.fromkeys(pages, 200)
    assert client.post(prefix + "arbetsflode/", {"steg": "skicka"}).status_code == 302
    admin = world.client("admin")
    assert admin.post(prefix + "arbetsflode/", {"steg": "faststall"}).status_code == 302
    assert Report.objects.get(pk=report.pk).status == Status.ADOPTED
