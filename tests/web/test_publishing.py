"""Publishing from the browser: every format is built from the report's current files and
downloaded; the checks page links each finding to where it is fixed."""

from __future__ import annotations

import io
import re
import zipfile

from .web_support import World


def _body(response: object) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content  # type: ignore[attr-defined,no-any-return]


def test_downloads(world: World) -> None:
    client = world.client("las_a")
    base = f"/rapporter/{world.report_a.pk}/ladda-ner/"
    pdf = client.get(base + "pdf/")
    assert pdf.status_code == 200
    assert _body(pdf).startswith(b"%PDF")
    assert pdf["Content-Disposition"].startswith("attachment")
    data = zipfile.ZipFile(io.BytesIO(_body(client.get(base + "data/"))))
    assert "datapackage.json" in data.namelist()
    html = zipfile.ZipFile(io.BytesIO(_body(client.get(base + "html/"))))
    assert "index.html" in html.namelist()
    assert _body(client.get(base + "xlsx/")).startswith(b"PK")
    assert client.get(base + "exe/").status_code == 404


def test_checks_link_to_the_place_to_fix(world: World) -> None:
    client = world.client("red_a")
    url = f"/rapporter/{world.report_a.pk}/text/forslag-till-beslut/"
    base = re.search(r'name="base" value="([^"]*)"', client.get(url).content.decode())
    assert base
    client.post(url, {"markdown": "# F\n\n{{ tabell.finns-inte.a.b }}", "base": base.group(1)})
    html = client.get(f"/rapporter/{world.report_a.pk}/kontroller/").content.decode()
    assert "UPP310" in html
    assert f'href="/rapporter/{world.report_a.pk}/text/forslag-till-beslut/#markdown"' in html
    draft = client.get(f"/rapporter/{world.report_a.pk}/ladda-ner/html/")
    index = zipfile.ZipFile(io.BytesIO(_body(draft))).read("index.html").decode()
    assert "UTKAST" in index
