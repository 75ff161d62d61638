"""axe-core on every page of the web application, in the states a user meets (errors shown,
preview open, a conflict), at a desktop and a mobile width: no WCAG 2.1 A/AA violations.

The pages are those of the demo (`uppsikt serve` on an empty database): the example report of
Vuxenutbildnings- och arbetsmarknadsnämnden, the demo nämnd's report and the demo's kommun.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, FilePayload, Page, expect

from .conftest import log_in
from .support import DESKTOP, TIMEOUT_MS, VAN, Server, assert_accessible

INDICATOR = "sfi-avslutade-fore-d"
"""An indicator of the example (a count, no breakdowns)."""

PNG = b"\x89PNG\r\n\x1a\n\0\0"
"""The start of a picture: no export of any kind."""
Pages = Callable[[str], Page]


@pytest.fixture(autouse=True)
def _sqlite_only(server: Server) -> None:
    """The pages' HTML does not depend on the database; once is enough (and keeps the suite
    fast). The journey and the kill test run on both."""
    if server.db.kind != "sqlite":
        pytest.skip("axe körs mot SQLite; sidornas HTML beror inte på databasen")


@pytest.fixture(scope="module")
def as_user(server: Server, browser: Browser) -> Iterator[Pages]:
    """as_user('ks') → a page logged in as that demo user (one context per user and module)."""
    contexts: dict[str, BrowserContext] = {}
    pages: dict[str, Page] = {}

    def get(username: str) -> Page:
        if username not in pages:
            context = browser.new_context(viewport=DESKTOP, locale="sv-SE")
            context.set_default_timeout(TIMEOUT_MS)
            contexts[username] = context
            pages[username] = context.new_page()
            if username:
                log_in(pages[username], server, username)
        return pages[username]

    yield get
    for context in contexts.values():
        context.close()


def report_url(page: Page, server: Server, namnd: str) -> str:
    """The URL of the nämnd's report, found as a user finds it: on the list of reports."""
    page.goto(f"{server.url}/")
    link = page.get_by_role("row").filter(has_text=namnd).get_by_role("link").first
    href = link.get_attribute("href")
    assert href, f"ingen länk till {namnd}s rapport"
    return server.url + href


def _goto(page: Page, url: str, heading: str | re.Pattern[str]) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def login_page(page: Page, server: Server) -> None:
    _goto(page, f"{server.url}/konto/logga-in/", "Logga in")


def login_failed(page: Page, server: Server) -> None:
    login_page(page, server)
    page.get_by_label("Användarnamn").fill("van-redaktor")
    page.get_by_label("Lösenord").fill("fel-lösenord")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("alert")).to_contain_text("Fel användarnamn eller lösenord")


def home(page: Page, server: Server) -> None:
    _goto(page, f"{server.url}/", "Rapporter")


def report(page: Page, server: Server) -> None:
    _goto(page, report_url(page, server, VAN), re.compile("Årsberättelse 2020"))


def text_preview(page: Page, server: Server) -> None:
    report(page, server)
    page.get_by_role("link", name="Förvaltningschefens bedömning").click()
    editor = page.get_by_label("Text (Markdown)")
    editor.fill("Avvikelsen är {{ tabell.enheter.netto.avvikelse | mnkr }}.\n\n- en punkt")
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.locator("#forhandsvisning")).to_contain_text("Avvikelsen är")
    expect(page.locator("#forhandsvisning")).not_to_contain_text("{{")


def references(page: Page, server: Server) -> None:
    _goto(page, report_url(page, server, VAN) + "referenser/", re.compile("Referenser"))


def goals(page: Page, server: Server) -> None:
    _goto(page, report_url(page, server, VAN) + "mal/", re.compile("^Mål"))


def indicators(page: Page, server: Server) -> None:
    _goto(page, report_url(page, server, VAN) + "indikatorer/", "Indikatorer")


def indicator_invalid_typed(page: Page, server: Server) -> None:
    """The error shown while typing (HTMX validation)."""
    indicators(page, server)
    page.get_by_role("link", name="Antal elever på SFI som skrivs ut före nivå D").click()
    field = page.get_by_label("Värde, Totalt, 2020")
    field.fill("tre hundra")
    expect(page.locator("#fel-tot-2020")).not_to_be_empty()
    expect(field).to_have_attribute("aria-invalid", "true")


def indicator_invalid_saved(page: Page, server: Server) -> None:
    """The error the server answers when an invalid value is saved anyway."""
    page.goto(report_url(page, server, VAN) + f"indikatorer/{INDICATOR}/")
    page.get_by_label("Värde, Totalt, 2020").fill("-5x")
    page.get_by_role("button", name="Spara värden").click()
    expect(page.locator("#fel-tot-2020")).not_to_be_empty()
    expect(page.get_by_label("Värde, Totalt, 2020")).to_have_attribute("aria-invalid", "true")


def upload(page: Page, server: Server) -> None:
    _goto(page, report_url(page, server, VAN) + "ekonomi/", re.compile("^Ekonomi"))


def upload_refused(page: Page, server: Server) -> None:
    """The summary of a refused upload (a file that is no export at all)."""
    upload(page, server)
    picture: FilePayload = {"name": "bild.png", "mimeType": "image/png", "buffer": PNG}
    page.get_by_label("Fil (SIE, CSV eller Excel)").set_input_files(files=picture)
    page.get_by_role("button", name="Ladda upp och importera").click()
    expect(
        page.locator("#importresultat"),
        "the refusal (HTTP 422) is not shown: HTMX does not swap error responses by default",
    ).to_contain_text("Filen avvisades", timeout=5_000)


def forecast_annual(page: Page, server: Server) -> None:
    """An årsberättelse's page «Prognos»: the explanation, no form."""
    _goto(page, report_url(page, server, VAN) + "ekonomi/prognos/", re.compile("^Prognos"))


def forecast_invalid(page: Page, server: Server) -> None:
    """A delårsrapport's forecasts (the demo kommun's BUN after April), an error shown."""
    kommun(page, server)
    row = page.get_by_role("row").filter(has_text="rapporter/bun-delar-april-2025/")
    href = row.get_by_role("link").first.get_attribute("href")
    assert href, "ingen länk till BUN:s delårsrapport efter april"
    _goto(page, f"{server.url}{href}ekonomi/prognos/", re.compile("^Prognos för helåret"))
    page.get_by_label(re.compile(r"^Prognos efter april, Grundskola")).fill("tolv")
    page.get_by_role("button", name="Spara prognoserna").click()
    expect(page.locator("#formularfel")).to_contain_text("Grundskola (BUF-GR): «tolv»")


def checks(page: Page, server: Server) -> None:
    _goto(page, report_url(page, server, VAN) + "kontroller/", "Kontroller")


def publish(page: Page, server: Server) -> None:
    _goto(page, report_url(page, server, VAN) + "publicera/", "Publicera")


def history(page: Page, server: Server) -> None:
    _goto(page, report_url(page, server, VAN) + "historik/", re.compile("^Historik"))


def overview(page: Page, server: Server) -> None:
    _goto(page, f"{server.url}/oversikt/", re.compile("^Översikt"))


def forecast_accuracy(page: Page, server: Server) -> None:
    """KS's forecast accuracy across the demo kommun's nämnder (a table and a chart)."""
    page.goto(f"{server.url}/oversikt/")
    page.get_by_role("link", name=re.compile("^Prognossäkerhet per nämnd")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Prognossäkerhet"))


def password_change(page: Page, server: Server) -> None:
    _goto(page, f"{server.url}/konto/losenord/", "Byt lösenord")


def password_change_failed(page: Page, server: Server) -> None:
    password_change(page, server)
    page.get_by_label("Nuvarande lösenord").fill("inte-lösenordet")
    page.get_by_label(re.compile(r"^Nytt lösenord:?$")).fill("123")
    page.get_by_label("Nytt lösenord igen").fill("456")
    page.get_by_role("button", name="Byt lösenord").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Byt lösenord")
    expect(page.locator(".errorlist").first).to_be_visible()


def import_workspace(page: Page, server: Server) -> None:
    _goto(page, f"{server.url}/arbetsytor/importera/", re.compile("^Importera"))


def import_kommun(page: Page, server: Server) -> None:
    _goto(page, f"{server.url}/kommuner/importera/", re.compile("^Importera"))


def kommun(page: Page, server: Server) -> None:
    """The demo's kommun (the bundled kommun example), reached from KS's overview."""
    page.goto(f"{server.url}/oversikt/")
    page.get_by_role("link", name="Kommunens gemensamma filer och rapporter").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("kommun"))


def kommun_refused(page: Page, server: Server) -> None:
    kommun(page, server)
    page.get_by_label("Fil som ersätts").select_option("organisation.yaml")
    picture = FilePayload(name="organisation.yaml", mimeType="image/png", buffer=PNG)
    page.get_by_label("Ny version av filen").set_input_files(files=picture)
    page.get_by_role("button", name="Ersätt filen").click()
    expect(page.locator(".errorlist").first).to_contain_text("UTF-8")


def forbidden(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/arbetsytor/importera/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Åtkomst nekad")


def not_found(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/rapporter/987654/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")


PAGES: list[tuple[str, str, Callable[[Page, Server], None]]] = [
    ("inloggning", "", login_page),
    ("inloggning-fel", "", login_failed),
    ("startsida", "van-redaktor", home),
    ("rapport", "van-redaktor", report),
    ("text-forhandsvisning", "van-redaktor", text_preview),
    ("referenser", "van-redaktor", references),
    ("mal", "van-redaktor", goals),
    ("indikatorer", "van-redaktor", indicators),
    ("indikator-fel-medan-man-skriver", "van-redaktor", indicator_invalid_typed),
    ("indikator-fel-sparat", "van-redaktor", indicator_invalid_saved),
    ("ekonomi", "van-redaktor", upload),
    ("ekonomi-avvisad", "van-redaktor", upload_refused),
    ("prognos-arsberattelse", "van-redaktor", forecast_annual),
    ("prognos-fel", "admin", forecast_invalid),
    ("kontroller", "van-redaktor", checks),
    ("publicera", "van-redaktor", publish),
    ("historik", "van-redaktor", history),
    ("oversikt-ks", "ks", overview),
    ("prognossakerhet-ks", "ks", forecast_accuracy),
    ("losenord", "van-lasare", password_change),
    ("losenord-fel", "van-lasare", password_change_failed),
    ("importera-arbetsyta", "admin", import_workspace),
    ("importera-kommun", "admin", import_kommun),
    ("kommun", "admin", kommun),
    ("kommun-ks", "ks", kommun),
    ("kommun-fel", "admin", kommun_refused),
    ("rapport-lasare", "van-lasare", report),
    ("mal-lasare", "van-lasare", goals),
    ("403", "van-lasare", forbidden),
    ("404", "van-redaktor", not_found),
]


@pytest.mark.parametrize(("user", "visit"), [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_page_has_no_wcag_violations(
    as_user: Pages, server: Server, user: str, visit: Callable[[Page, Server], None]
) -> None:
    page = as_user(user)
    visit(page, server)
    assert_accessible(page, visit.__name__)


def test_conflict_page_has_no_wcag_violations(
    server: Server, new_context: Callable[..., BrowserContext]
) -> None:
    """Two redaktörer edit the same text; the second save is refused with both versions shown
    (409), nothing is lost, and the page stays accessible."""
    first, second = (log_in(new_context().new_page(), server, "van-redaktor") for _ in range(2))
    url = ""
    for page in (first, second):
        url = url or report_url(page, server, VAN) + "text/sammanfattande-iakttagelser/"
        page.goto(url)
    first.get_by_label("Text (Markdown)").fill("Först sparad version.")
    first.get_by_role("button", name="Spara").click()
    expect(first.get_by_role("status")).to_contain_text("Texten är sparad")
    second.get_by_label("Text (Markdown)").fill("Andra versionen, skriven samtidigt.")
    with second.expect_response(lambda r: r.request.method == "POST") as answer:
        second.get_by_role("button", name="Spara").click()
    assert answer.value.status == 409
    conflict = second.get_by_role("alert")
    expect(conflict).to_contain_text("Någon annan har ändrat detta")
    expect(second.get_by_label("Din version")).to_contain_text("Andra versionen")
    expect(second.get_by_label("Den sparade versionen")).to_contain_text("Först sparad version.")
    assert_accessible(second, "konflikt")
