"""Editors enter a delårsrapport's forecasts in the web application (issue #14, item 8): one
row per unit with a budget, Swedish numbers, every problem named with its unit and nothing saved
while one is wrong, no lost updates between two editors, readers read only; the forecasts are
written to ekonomi/prognoser.csv (the report's own, or its kommun's), where the build and the
checks read them."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client

from uppsikt.examples import bundled_example, bundled_kommun_example
from uppsikt.model.economy import Scenario
from uppsikt.model.forecasts import Forecast
from uppsikt.web.models import Change, KommunFile, Membership, NamndRole, Report, Status
from uppsikt.web.services import kommuner, store
from uppsikt.web.services.forecast_file import (
    NEW_HEADER,
    form_rows,
    parse_shown,
    shown,
    with_amounts,
)
from uppsikt.web.services.loaded import load
from uppsikt.workspace.forecasts import FORECASTS_FILE

from .kommun_support import kommun_folder
from .web_support import World, make_user

INTERIM = "rapport: delårsrapport\nperiod: januari–augusti\n"
"""The example's report made a delårsrapport after August 2020."""
APRIL = (
    "# Prognoser för helåret, tkr; rader som formuläret inte rör ska stå kvar.\n"
    "år;månad;enhet;belopp\n"
    "2020;4;FS-LED;-9 200\n"
    "2020;4;FS-FS;-270 000\n"
    "2019;8;FS-LED;-8 300\n"
)
BUDGET_UNITS = ("FS-LED", "FS-FS", "AM-LED", "AM-UA", "AM-AMA", "AM-AME", "KOMVUX", "NAMND",
                "PLANRES")  # fmt: skip
"""The example's units without parts that have a budget for 2020 (AM-MOD's is 0)."""


def _interim(settings: bytes) -> bytes:
    text = settings.decode("utf-8").replace("rapport: årsberättelse\n", INTERIM)
    assert INTERIM in text
    return text.encode("utf-8")


@pytest.fixture
def own_report(world: World) -> Report:
    """The example as a delårsrapport of nämnd A, with its own prognoser.csv."""
    files = store.folder_files(bundled_example())
    files["uppsikt.yaml"] = _interim(files["uppsikt.yaml"])
    files[FORECASTS_FILE] = APRIL.encode("utf-8")
    return store.import_files(files, world.a, None)


@pytest.fixture
def kommun_report(world: World, tmp_path: Path) -> Report:
    """The example as a kommun's delårsrapport: the forecasts are the kommun's file. Nämnd
    A's users are given the same roles in the kommun's nämnd."""
    folder = kommun_folder(tmp_path / "k", second=False)
    settings = folder / "rapporter" / "van-2020" / "uppsikt.yaml"
    settings.write_bytes(_interim(settings.read_bytes()))
    (folder / FORECASTS_FILE).write_text(APRIL, encoding="utf-8")
    kommun = kommuner.import_kommun(store.folder_files(folder), None)
    report = Report.objects.get(kommun=kommun)
    for user, role in (("red_a", NamndRole.EDITOR), ("las_a", NamndRole.READER)):
        Membership.objects.create(user=world.users[user], namnd=report.namnd, role=role)
    return report


@pytest.fixture(params=["own", "kommun"])
def report(request: pytest.FixtureRequest) -> Report:
    found: Report = request.getfixturevalue(f"{request.param}_report")
    return found


def _url(report: Report) -> str:
    return f"/rapporter/{report.pk}/ekonomi/prognos/"


def _file(report: Report) -> str:
    if report.kommun_id is None:
        return store.read_text(report, FORECASTS_FILE)
    row = KommunFile.objects.get(kommun_id=report.kommun_id, path=FORECASTS_FILE)
    return bytes(row.content).decode("utf-8")


def _base(html: str) -> str:
    found = re.search(r'name="base" value="([0-9a-f]+)"', html)
    assert found is not None, html[-2000:]
    return found.group(1)


def _post(client: Client, report: Report, base: str, **values: str) -> str:
    data = {"base": base, **{f"p-{code}": value for code, value in values.items()}}
    response = client.post(_url(report), data)
    return f"{response.status_code}\n{response.content.decode()}"


def test_the_form_has_a_row_per_unit_with_budget_and_the_previous_forecast(
    world: World, report: Report
) -> None:
    html = world.client("red_a").get(_url(report)).content.decode()
    assert "Prognos för helåret efter augusti 2020" in html
    fields = re.findall(r'name="p-([^"]+)"', html)
    assert tuple(fields) == BUDGET_UNITS
    # The previous forecast of the year (April), never last year's.
    assert re.search(r"Ledning \(FS-LED\).*?−9\xa0200 \(efter april\)", html, re.S)
    assert "−8\xa0300" not in html
    # Every input is labelled and described; the table's headers have scopes.
    for code in fields:
        index = fields.index(code) + 1
        assert f'<label for="prognos-{index}"' in html
        assert f'aria-describedby="prognos-{index}-fel"' in html
    assert html.count('<th scope="row"') == len(fields)


def test_saved_forecasts_are_read_by_the_build_and_the_checks(world: World, report: Report) -> None:
    client = world.client("red_a")
    base = _base(client.get(_url(report)).content.decode())
    values = {code: f"-{1000 + i} 000" for i, code in enumerate(BUDGET_UNITS)}
    values["NAMND"] = ""  # left empty: a warning, not a refusal
    values["FS-LED"] = "−9\xa0100,5"  # a true minus and a no-break space, as copied from a report
    response = client.post(_url(report), {"base": base, **{f"p-{c}": v for c, v in values.items()}})
    assert response.status_code == 302
    shown = client.get(_url(report)).content.decode()
    assert "Prognoserna är sparade." in shown
    assert "Nämnd (NAMND) har en budget men ingen prognos efter augusti." in shown

    text = _file(report)
    assert "2020;8;FS-LED;-9 100,5" in text
    assert text.startswith(APRIL)  # the comment and the other months' rows are kept as they were
    loaded = load(Report.objects.get(pk=report.pk))
    assert loaded.ws is not None
    assert loaded.computed is not None
    forecasts = {(f.unit, f.month): f.amount for f in loaded.ws.forecasts if f.year == 2020}
    assert forecasts["FS-LED", 8] == Decimal("-9100500")
    assert forecasts["FS-FS", 4] == Decimal("-270000000")
    assert ("NAMND", 8) not in forecasts
    assert loaded.computed.organisation.amount(("AM-UA",), 2020, Scenario.FORECAST) == Decimal(
        -(1000 + BUDGET_UNITS.index("AM-UA")) * 1000 * 1000
    )
    missing = [d for d in loaded.diagnostics if d.code == "UPP491"]
    assert [m.message.split(" har ")[0] for m in missing] == ["Nämnd (NAMND)"]

    change = Change.objects.filter(report=report, unit="prognoser 2020 efter augusti").get()
    assert change.user == world.users["red_a"]
    assert "FS-LED: -9 100,5" in change.after
    assert change.before == ""
    if report.kommun_id is not None:
        # The kommun's file, never a copy in the report's folder (ekonomi/ is the kommun's).
        assert store.read_text(report, FORECASTS_FILE) == ""


def test_every_invalid_value_is_named_with_its_unit_and_nothing_is_saved(
    world: World, report: Report
) -> None:
    client = world.client("red_a")
    before = _file(report)
    base = _base(client.get(_url(report)).content.decode())
    answer = _post(
        client, report, base, **{"FS-LED": "12x", "AM-UA": "29 %", "KOMVUX": "-10 340", "XYZ": "1"}
    )
    status, html = answer.split("\n", 1)
    assert status == "400"
    assert "Ledning (FS-LED): «12x» är inget belopp" in html
    assert "Ung Arena (AM-UA): «29 %» är inget belopp" in html
    assert "Enheten «XYZ» finns inte bland rapportens enheter" in html
    index = BUDGET_UNITS.index("FS-LED") + 1
    assert re.search(
        rf'id="prognos-{index}"[^>]*aria-describedby="prognos-{index}-fel"[^>]*aria-invalid="true"',
        html,
    )
    assert f'<a href="#prognos-{index}">' in html  # the summary links to the field
    assert 'value="-10 340"' in html  # what was typed is kept
    assert _file(report) == before
    assert not Change.objects.filter(report=report, unit__startswith="prognoser").exists()


def test_two_editors_saving_at_once_the_second_gets_a_conflict(
    world: World, report: Report
) -> None:
    other = world.users["red_a2"] = make_user("red_a2")
    Membership.objects.create(user=other, namnd=report.namnd, role=NamndRole.EDITOR)
    first, second = world.client("red_a"), world.client("red_a2")
    bases = [_base(c.get(_url(report)).content.decode()) for c in (first, second)]
    assert bases[0] == bases[1]
    assert first.post(_url(report), {"base": bases[0], "p-AM-UA": "-23 000"}).status_code == 302
    status, html = _post(second, report, bases[1], **{"AM-UA": "-24 000", "KOMVUX": "-1"}).split(
        "\n", 1
    )
    assert status == "409"
    assert "Någon annan har sparat prognoserna" in html
    assert "Red_A" in html  # who saved
    index = BUDGET_UNITS.index("AM-UA") + 1
    assert re.search(rf'id="prognos-{index}"[^>]*value="−23\xa0000"', html)  # what is saved
    assert "−24\xa0000" not in html
    assert "-24 000" in html
    text = _file(report)
    assert "2020;8;AM-UA;-23 000" in text
    assert "KOMVUX;-1\n" not in text
    # Saving again from the conflict page (the saved version's hash) is no conflict.
    again = second.post(_url(report), {"base": _base(html), "p-KOMVUX": "-140 000"})
    assert again.status_code == 302
    assert "2020;8;KOMVUX;-140 000" in _file(report)
    assert "2020;8;AM-UA;-23 000" in _file(report)


def test_a_reader_sees_the_forecasts_and_cannot_post(world: World, report: Report) -> None:
    client = world.client("las_a")
    html = client.get(_url(report)).content.decode()
    assert "readonly" in html
    assert "Spara prognoserna" not in html
    before = _file(report)
    response = client.post(_url(report), {"base": _base(html), "p-FS-LED": "-1"})
    assert response.status_code == 403
    assert _file(report) == before


def test_other_reports_explain_instead_of_the_form(world: World) -> None:
    """The example is an årsberättelse: no form, the year's forecasts read-only."""
    client = world.client("red_a")
    html = client.get(_url(world.report_a)).content.decode()
    assert "Prognoser lämnas i årets delårsrapporter" in html
    assert 'name="p-' not in html
    assert client.post(_url(world.report_a), {"p-FS-LED": "-1"}).status_code == 400


def test_an_annual_report_lists_the_years_forecasts(world: World) -> None:
    files = store.folder_files(bundled_example())
    files[FORECASTS_FILE] = APRIL.encode("utf-8")
    annual = store.import_files(files, world.a, None)
    loaded = load(annual)
    assert loaded.ws is not None
    assert Forecast(2020, 4, "FS-FS", Decimal(-270_000_000)) in loaded.ws.forecasts
    html = world.client("las_a").get(_url(annual)).content.decode()
    assert "Prognos efter april" in html
    assert re.search(r"Försörjning \(FS-FS\)</th>.*?−270\xa0000", html, re.S)


def test_a_kommuns_forecasts_shown_in_an_adopted_report_are_not_changed(
    world: World, tmp_path: Path
) -> None:
    """B's report is the kommun's årsberättelse 2020: once fastställd, the year's forecasts
    it shows stay as adopted."""
    folder = kommun_folder(tmp_path / "k")
    settings = folder / "rapporter" / "van-2020" / "uppsikt.yaml"
    settings.write_bytes(_interim(settings.read_bytes()))
    kommun = kommuner.import_kommun(store.folder_files(folder), None)
    van = Report.objects.get(kommun=kommun, folder="van-2020")
    Membership.objects.create(user=world.users["red_a"], namnd=van.namnd, role=NamndRole.EDITOR)
    client = world.client("red_a")
    base = _base(client.get(_url(van)).content.decode())
    Report.objects.filter(kommun=kommun, folder="b-2020").update(status=Status.ADOPTED)
    response = client.post(_url(van), {"base": base, "p-FS-LED": "-9 000"})
    assert response.status_code == 403
    assert "visas i en fastställd rapport" in response.content.decode()
    assert not KommunFile.objects.filter(kommun=kommun, path=FORECASTS_FILE).exists()


def test_a_forecast_divided_by_verksamhet_is_shown_and_not_edited(world: World) -> None:
    """The example kommun's BUN forecasts after August per verksamhet: each unit's sum is
    shown, without an input; a value posted for one anyway is refused, nothing saved."""
    kommun = kommuner.import_kommun(store.folder_files(bundled_kommun_example()), None)
    report = Report.objects.get(kommun=kommun, folder="bun-delar-augusti-2025")
    before = _file(report)
    client = world.client("admin")
    html = client.get(_url(report)).content.decode()
    assert re.search(r"Grundskola \(BUF-GR\)</th>.*?−587\xa0800</span>", html, re.S)
    assert 'name="p-BUF-GR"' not in html
    response = client.post(_url(report), {"base": _base(html), "p-BUF-GR": "-590 000"})
    assert response.status_code == 400
    assert "Grundskola (BUF-GR): Prognosen är uppdelad" in response.content.decode()
    assert _file(report) == before
    # The årsberättelse lists the year's forecasts: after August, the sum per verksamhet.
    annual = Report.objects.get(kommun=kommun, folder="bun-2025")
    html = client.get(_url(annual)).content.decode()
    assert re.search(
        r"Grundskola \(BUF-GR\)</th>(?:\s*<td[^>]*>[^<]*</td>){2}"
        r"\s*<td[^>]*>−585\xa0200</td>\s*<td[^>]*>−587\xa0800</td>",
        html,
    ), html[html.index("arets-prognoser") :][:3000]


LINES = (
    "# kommentar\r\n"
    "år;månad;enhet;kontogrupp;belopp\r\n"
    "2020;8;FS-LED;;-9 000\r\n"
    "2020;8;FS-FS;Personal;-100\r\n"
    "2020;8;FS-FS;Övrigt;-200\r\n"
    "2020;4;AM-UA;;-23 000\r\n"
    "2021;8;AM-UA;;-1\r\n"
)


def test_the_file_keeps_what_the_form_does_not_edit() -> None:
    units = ("FS-LED", "FS-FS", "AM-UA")
    rows = form_rows(LINES, 2020, 8, units)
    assert dict(rows.amounts) == {"FS-LED": "-9 000"}
    assert rows.detailed == {"FS-FS": ("-100", "-200")}  # divided by kontogrupp: not the form's
    changed = with_amounts(LINES, 2020, 8, {"FS-LED": None, "AM-UA": "-24 000,5"})
    assert changed == LINES.replace("2020;8;FS-LED;;-9 000\r\n", "").replace(
        "2020;8;FS-FS;Övrigt;-200\r\n", "2020;8;FS-FS;Övrigt;-200\r\n2020;8;AM-UA;;-24 000,5\r\n"
    )
    assert shown(changed, 2020, 8, units) == "AM-UA: -24 000,5"
    assert parse_shown(shown(changed, 2020, 8, units)) == {"AM-UA": "-24 000,5"}
    assert with_amounts(changed, 2020, 8, {"AM-UA": "-7"}) == changed.replace("-24 000,5", "-7")


def test_a_new_file_gets_the_header() -> None:
    assert with_amounts("", 2025, 4, {"X": "-1"}) == "år;månad;enhet;belopp\n2025;4;X;-1\n"
    comment = "# prognoser"
    assert with_amounts(comment, 2025, 4, {"X": "-1"}) == f"{comment}\n{NEW_HEADER}\n2025;4;X;-1\n"
